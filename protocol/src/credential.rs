//! Open Badges 3.0 / VC Data Model 2.0 credential types, the microcredential extension, and validation.
