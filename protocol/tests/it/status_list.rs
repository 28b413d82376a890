//! status_list tests.
