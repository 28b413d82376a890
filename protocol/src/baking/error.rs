//! The one error type of baking, extraction and image inspection.

/// Why a PNG or SVG could not be baked, read or accepted. Messages name the chunk, element,
/// attribute or byte offset at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BakeError {
    /// Neither a PNG nor an SVG image (the detail says what the data looks like).
    #[error("not a PNG or SVG image ({detail})")]
    NotAnImage {
        /// What was found instead.
        detail: String,
    },
    /// The 8-byte PNG signature is missing.
    #[error("not a PNG image: the 8-byte PNG signature is missing")]
    NotPng,
    /// The PNG ends in the middle of something.
    #[error("truncated PNG: {what} at byte {offset} runs past the end of the data")]
    Truncated {
        /// What was being read (e.g. "chunk header", "data of chunk IDAT").
        what: String,
        /// Byte offset where it starts.
        offset: usize,
    },
    /// A chunk length above 2^31 - 1.
    #[error("PNG chunk at byte {offset} declares length {length}, above the PNG limit of 2^31 - 1")]
    ChunkTooLong {
        /// Byte offset of the chunk.
        offset: usize,
        /// The declared length.
        length: u32,
    },
    /// A chunk type that is not four ASCII letters.
    #[error(
        "PNG chunk at byte {offset} has an invalid type {found:02x?} (four ASCII letters expected)"
    )]
    BadChunkType {
        /// Byte offset of the chunk.
        offset: usize,
        /// The four bytes found.
        found: [u8; 4],
    },
    /// A chunk whose CRC-32 does not match its type and data.
    #[error(
        "PNG chunk {chunk} at byte {offset}: CRC-32 mismatch (stored {stored:08x}, computed {computed:08x})"
    )]
    CrcMismatch {
        /// The chunk type.
        chunk: String,
        /// Byte offset of the chunk.
        offset: usize,
        /// The CRC stored in the file.
        stored: u32,
        /// The CRC computed over type and data.
        computed: u32,
    },
    /// The chunk sequence breaks a PNG rule (IHDR first, one IHDR, an IDAT, IEND last...).
    #[error("invalid PNG structure: {0}")]
    Structure(String),
    /// An IHDR field out of range.
    #[error("invalid PNG IHDR: {field} = {value}")]
    Ihdr {
        /// The field name (`width`, `bit depth`, ...).
        field: &'static str,
        /// Its value.
        value: u32,
    },
    /// Image dimensions outside what the node accepts.
    #[error("image is {width}x{height} pixels; each side must be between 1 and {max}")]
    Dimensions {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
        /// The largest side accepted.
        max: u32,
    },
    /// The `openbadgecredential` iTXt chunk is malformed.
    #[error("malformed iTXt chunk `openbadgecredential`: {0}")]
    Itxt(String),
    /// A compressed iTXt text that inflates past the cap.
    #[error("compressed iTXt text inflates to more than {limit} bytes")]
    InflatedTooLarge {
        /// The cap in bytes.
        limit: usize,
    },
    /// The credential is too large for the container.
    #[error("credential of {length} bytes is too large to bake")]
    CredentialTooLarge {
        /// Its length in bytes.
        length: usize,
    },
    /// Text that must be UTF-8 is not.
    #[error("{what} is not valid UTF-8")]
    NotUtf8 {
        /// Which text.
        what: &'static str,
    },
    /// The credential contains a character XML cannot carry.
    #[error("credential contains U+{code:04X} at byte {offset}, which XML 1.0 cannot carry")]
    XmlChar {
        /// The code point.
        code: u32,
        /// Byte offset in the credential.
        offset: usize,
    },
    /// The SVG is not well-formed XML.
    #[error("malformed SVG at byte {offset}: {detail}")]
    Xml {
        /// Byte offset of the problem.
        offset: usize,
        /// What is wrong.
        detail: String,
    },
    /// Well-formed XML whose root is not `svg` in the SVG namespace.
    #[error("not an SVG image: {0}")]
    NotSvg(String),
    /// SVG content that could run script or load from elsewhere.
    #[error("SVG refused at byte {offset}: {detail}")]
    ActiveContent {
        /// Byte offset of the element or attribute.
        offset: usize,
        /// What was found.
        detail: String,
    },
    /// An `<openbadges:credential>` element with neither `verify` nor content.
    #[error("the <openbadges:credential> element at byte {offset} is empty")]
    EmptyCredential {
        /// Byte offset of the element.
        offset: usize,
    },
}
