//! The languages the node writes documents and credentials in.

use serde::{Deserialize, Deserializer, de};

use super::definition::LANGUAGES;

/// A language a request may ask for: `es`, `en` or `pt`. Parsed where the request is
/// (body or query), so that a wrong one is refused naming its field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Lang(&'static str);

impl Lang {
    /// `tag` if it is one of the node's languages.
    pub fn parse(tag: &str) -> Option<Self> {
        LANGUAGES.iter().find(|l| **l == tag).map(|l| Self(l))
    }

    /// The tag.
    pub fn as_str(self) -> &'static str {
        self.0
    }
}

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let tag = String::deserialize(deserializer)?;
        Self::parse(&tag).ok_or_else(|| de::Error::custom("must be es, en or pt"))
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn only_the_node_languages_parse() {
        assert_eq!(Lang::parse("pt").map(Lang::as_str), Some("pt"));
        assert!(Lang::parse("fr").is_none());
        let e = serde_json::from_str::<Lang>("\"ES\"").unwrap_err();
        assert!(e.to_string().contains("must be es, en or pt"), "{e}");
    }
}
