//! Server-rendered HTML for Mochila's public and staff pages: templates, translations
//! (Spanish, English, Portuguese) and static assets, with no database or HTTP code.
