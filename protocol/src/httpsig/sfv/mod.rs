//! A small RFC 8941 Structured Field Values parser and serialiser: dictionaries, inner
//! lists, items with parameters, and the bare item types (integer, decimal, string, token,
//! byte sequence, boolean) — what `Signature-Input`, `Signature` and `Content-Digest` use.

mod parse;
mod serialize;

pub use parse::{parse_dictionary, parse_item};
pub use serialize::{
    serialize_bare, serialize_inner_list, serialize_item, serialize_params, serialize_string,
};

/// A bare item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BareItem {
    /// An integer (at most 15 digits).
    Integer(i64),
    /// A decimal, in thousandths (at most 3 fractional digits).
    Decimal(i64),
    /// A string (printable ASCII).
    String(String),
    /// A token.
    Token(String),
    /// A byte sequence.
    ByteSeq(Vec<u8>),
    /// A boolean.
    Boolean(bool),
}

/// Parameters: an ordered map of keys to bare items.
pub type Parameters = Vec<(String, BareItem)>;

/// An item with its parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The bare item.
    pub bare: BareItem,
    /// Its parameters.
    pub params: Parameters,
}

/// An inner list with its parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InnerList {
    /// The items.
    pub items: Vec<Item>,
    /// The list's parameters.
    pub params: Parameters,
}

/// A dictionary or list member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Member {
    /// A single item.
    Item(Item),
    /// An inner list.
    InnerList(InnerList),
}

/// A dictionary: an ordered map of keys to members.
pub type Dictionary = Vec<(String, Member)>;

/// Looks up `key` in parameters.
pub fn param<'a>(params: &'a Parameters, key: &str) -> Option<&'a BareItem> {
    params.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// Looks up `key` in a dictionary.
pub fn member<'a>(dict: &'a Dictionary, key: &str) -> Option<&'a Member> {
    dict.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_signature_input_dictionary() {
        let d = parse_dictionary(
            r#"sig1=("@method" "@authority" "@query-param";name="Pet");created=1618884473;keyid="k\"1";x=1.50;f=?0, sig2=:aGk=:"#,
        )
        .unwrap();
        assert_eq!(d.len(), 2);
        let Member::InnerList(list) = &d[0].1 else {
            panic!("inner list expected")
        };
        assert_eq!(list.items.len(), 3);
        assert_eq!(
            param(&list.items[2].params, "name"),
            Some(&BareItem::String("Pet".into()))
        );
        assert_eq!(param(&list.params, "x"), Some(&BareItem::Decimal(1500)));
        assert_eq!(
            serialize_inner_list(list),
            r#"("@method" "@authority" "@query-param";name="Pet");created=1618884473;keyid="k\"1";x=1.5;f=?0"#
        );
        assert_eq!(
            d[1].1,
            Member::Item(Item {
                bare: BareItem::ByteSeq(b"hi".to_vec()),
                params: vec![]
            })
        );
    }

    #[test]
    fn rejects_malformed_values() {
        for bad in [
            "sig1=(\"a\"",
            "sig1=\"unterminated",
            "Sig=1",
            "a=1,",
            "a=:not base64!:",
            "a=1234567890123456",
            "a=?2",
            "a=\"\\x\"",
            "a=1 b=2",
            "a=(\"x\"\"y\")",
        ] {
            assert!(parse_dictionary(bad).is_err(), "{bad} should be rejected");
        }
        assert_eq!(parse_dictionary("").unwrap(), vec![]);
        assert!(parse_item("\"a\" x").is_err());
    }

    #[test]
    fn bare_keys_are_true_and_duplicates_overwrite() {
        let d = parse_dictionary("a, b=2, a=3").unwrap();
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].0, "a");
        assert!(matches!(&d[0].1, Member::Item(i) if i.bare == BareItem::Integer(3)));
    }
}
