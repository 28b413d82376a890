//! JSON Canonicalization Scheme (RFC 8785).
//!
//! Object members are sorted by the UTF-16 code units of their names, strings are escaped
//! minimally, and numbers are written as ECMAScript's `Number.prototype.toString` would.
//! Integers held exactly by `serde_json` (`u64`/`i64`) are written as they are.

use std::cmp::Ordering;
use std::fmt::Write as _;

use serde_json::{Map, Number, Value};

/// Returns the RFC 8785 canonical form of `value`.
pub fn canonicalize(value: &Value) -> String {
    let mut out = String::new();
    write_value(value, &mut out);
    out
}

/// Appends the RFC 8785 canonical form of `value` to `out`.
pub fn write_value(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) => write_number(n, out),
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => write_object(map, out),
    }
}

fn write_object(map: &Map<String, Value>, out: &mut String) {
    let entries: Vec<(&str, &Value)> = map.iter().map(|(k, v)| (k.as_str(), v)).collect();
    write_members(entries, out);
}

/// The canonical form of an object given as its members (which must have distinct names):
/// lets callers canonicalise a view of an object without building it.
pub fn canonicalize_members(members: &[(&str, &Value)]) -> String {
    let mut out = String::new();
    write_members(members.to_vec(), &mut out);
    out
}

fn write_members(mut entries: Vec<(&str, &Value)>, out: &mut String) {
    entries.sort_by(|a, b| utf16_cmp(a.0, b.0));
    out.push('{');
    for (i, (key, value)) in entries.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_string(key, out);
        out.push(':');
        write_value(value, out);
    }
    out.push('}');
}

/// Compares two strings by their UTF-16 code units, as RFC 8785 sorts member names.
pub fn utf16_cmp(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// Writes a JSON string with RFC 8785 escaping: `"` and `\`, the short escapes `\b \t \n
/// \f \r`, other control characters as `\u00xx` (lower-case hex), everything else verbatim.
pub fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn write_number(n: &Number, out: &mut String) {
    if let Some(u) = n.as_u64() {
        let _ = write!(out, "{u}");
    } else if let Some(i) = n.as_i64() {
        let _ = write!(out, "{i}");
    } else if let Some(f) = n.as_f64() {
        write_es_number(f, out);
    }
}

/// Writes an `f64` as ECMAScript `Number.prototype.toString` does (ECMA-262 §6.1.6.1.20):
/// the shortest round-tripping digits, in plain notation for exponents in `-7 < n <= 21`,
/// otherwise as `d.ddde±x`. Non-finite values (which JSON cannot hold) are written as `null`.
pub fn write_es_number(f: f64, out: &mut String) {
    if !f.is_finite() {
        out.push_str("null");
        return;
    }
    if f == 0.0 {
        out.push('0');
        return;
    }
    if f < 0.0 {
        out.push('-');
    }
    let (digits, exp) = shortest_digits(f.abs());
    let k = i32::try_from(digits.len()).unwrap_or(i32::MAX);
    // ECMAScript's n: the value is 0.digits × 10^n.
    let n = exp + 1;
    if k <= n && n <= 21 {
        out.push_str(&digits);
        for _ in 0..(n - k) {
            out.push('0');
        }
    } else if 0 < n && n <= 21 {
        let split = usize::try_from(n).unwrap_or(0);
        let (int, frac) = digits.split_at(split.min(digits.len()));
        out.push_str(int);
        out.push('.');
        out.push_str(frac);
    } else if -6 < n && n <= 0 {
        out.push_str("0.");
        for _ in 0..(-n) {
            out.push('0');
        }
        out.push_str(&digits);
    } else {
        let e = n - 1;
        let (first, rest) = digits.split_at(1.min(digits.len()));
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        out.push('e');
        out.push(if e < 0 { '-' } else { '+' });
        let _ = write!(out, "{}", e.unsigned_abs());
    }
}

/// Splits Rust's scientific form `d[.ddd]e<exp>` into its digits and exponent.
fn split_sci(sci: &str) -> (String, i32) {
    let (mantissa, exp) = sci.split_once('e').unwrap_or((sci, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    (digits, exp.parse().unwrap_or(0))
}

/// The shortest digits that round-trip to `f` (positive, finite) and the decimal exponent of
/// the first digit. When two such digit strings are equally close to `f`, ECMAScript picks
/// the even one, whereas Rust's formatter rounds half up: that tie is corrected here.
fn shortest_digits(f: f64) -> (String, i32) {
    let (digits, exp) = split_sci(&format!("{f:e}"));
    // The exact decimal expansion of an f64 has at most 767 significant digits.
    let (exact, exact_exp) = split_sci(&format!("{f:.767e}"));
    if exact_exp != exp {
        return (digits, exp);
    }
    let (head, tail) = exact.split_at(digits.len().min(exact.len()));
    let tail = tail.trim_end_matches('0');
    let head_even = head.bytes().last().is_some_and(|d| d.is_multiple_of(2));
    if tail == "5" && head != digits && head_even {
        let (first, rest) = head.split_at(1.min(head.len()));
        let candidate = format!("{first}.{rest}0e{exp}");
        if candidate.parse::<f64>().is_ok_and(|c| c == f) {
            return (head.to_owned(), exp);
        }
    }
    (digits, exp)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn es(f: f64) -> String {
        let mut s = String::new();
        write_es_number(f, &mut s);
        s
    }

    #[test]
    fn rfc8785_number_table() {
        // RFC 8785 Appendix B (IEEE-754 hex -> expected ES serialisation).
        let cases: &[(u64, &str)] = &[
            (0x0000000000000000, "0"),
            (0x8000000000000000, "0"),
            (0x0000000000000001, "5e-324"),
            (0x8000000000000001, "-5e-324"),
            (0x7fefffffffffffff, "1.7976931348623157e+308"),
            (0xffefffffffffffff, "-1.7976931348623157e+308"),
            (0x4340000000000000, "9007199254740992"),
            (0xc340000000000000, "-9007199254740992"),
            (0x4430000000000000, "295147905179352830000"),
            (0x44b52d02c7e14af5, "9.999999999999997e+22"),
            (0x44b52d02c7e14af6, "1e+23"),
            (0x44b52d02c7e14af7, "1.0000000000000001e+23"),
            (0x444b1ae4d6e2ef4e, "999999999999999700000"),
            (0x444b1ae4d6e2ef4f, "999999999999999900000"),
            (0x444b1ae4d6e2ef50, "1e+21"),
            (0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"),
            (0x3eb0c6f7a0b5ed8d, "0.000001"),
            (0x41b3de4355555553, "333333333.3333332"),
            (0x41b3de4355555554, "333333333.33333325"),
            (0x41b3de4355555555, "333333333.3333333"),
            (0x41b3de4355555556, "333333333.3333334"),
            (0x41b3de4355555557, "333333333.33333343"),
            (0xbecbf647612f3696, "-0.0000033333333333333333"),
            (0x43143ff3c1cb0959, "1424953923781206.2"),
        ];
        for (bits, expected) in cases {
            assert_eq!(es(f64::from_bits(*bits)), *expected, "bits {bits:016x}");
        }
    }

    #[test]
    fn rfc8785_example_object() {
        // RFC 8785 §3.2.2 input, parsed as JSON.
        let input = r#"{
          "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
          "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
          "literals": [null, true, false]
        }"#;
        let value: Value = serde_json::from_str(input).unwrap();
        assert_eq!(
            canonicalize(&value),
            r#"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#
        );
    }

    #[test]
    fn sorts_by_utf16_code_units() {
        // RFC 8785 §3.2.3: sorting example.
        let input = r#"{
          "\u20ac": "Euro Sign",
          "\r": "Carriage Return",
          "\ufb33": "Hebrew Letter Dalet With Dagesh",
          "1": "One",
          "\ud83d\ude00": "Emoji: Grinning Face",
          "\u0080": "Control",
          "\u00f6": "Latin Small Letter O With Diaeresis"
        }"#;
        let value: Value = serde_json::from_str(input).unwrap();
        let names: Vec<String> = match serde_json::from_str::<Value>(&canonicalize(&value)) {
            Ok(Value::Object(m)) => m.values().map(|v| v.as_str().unwrap().to_owned()).collect(),
            other => panic!("not an object: {other:?}"),
        };
        assert_eq!(
            names,
            [
                "Carriage Return",
                "One",
                "Control",
                "Latin Small Letter O With Diaeresis",
                "Euro Sign",
                "Emoji: Grinning Face",
                "Hebrew Letter Dalet With Dagesh"
            ]
        );
    }

    #[test]
    fn integers_and_nesting() {
        let v = json!({"b": [1, -2, {"z": 1.5, "a": u64::MAX}], "a": "x\u{7f}\u{1}"});
        assert_eq!(
            canonicalize(&v),
            "{\"a\":\"x\u{7f}\\u0001\",\"b\":[1,-2,{\"a\":18446744073709551615,\"z\":1.5}]}"
        );
    }
}
