//! Open Badges 3.0 "baking": a credential carried inside its badge image, as a PNG `iTXt`
//! chunk or an SVG `<openbadges:credential>` element (OB 3.0 §5.3, "Baked Badge"), and the
//! safety checks for achievement images that an institution uploads and serves publicly.
//!
//! Everything here works on bytes and strings in memory: no I/O.

mod error;
mod inspect;
mod png;
mod svg;
mod svg_safety;
mod xml;
mod xml_reader;

pub use error::BakeError;
pub use inspect::{ImageInfo, ImageKind, MAX_PNG_DIMENSION, extract_baked, inspect_image};
pub use png::{MAX_INFLATED_TEXT, PNG_KEYWORD, PNG_SIGNATURE, bake_png, extract_png};
pub use svg::{OB3_SVG_NAMESPACE, SVG_NAMESPACE, bake_svg, extract_svg};
