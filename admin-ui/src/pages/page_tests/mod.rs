//! Rendering every public page in every language, with hostile input.

mod catalogue;
mod credential;
mod network;
mod verify;

use super::*;

const LANGS: [Lang; 3] = [Lang::Es, Lang::En, Lang::Pt];
const HOSTILE: &str = "<script>alert(1)</script>\"'&";
