//! IRI helpers for JSON-LD: keyword tests, absolute-IRI tests and RFC 3986 reference
//! resolution.

/// Whether `s` is a JSON-LD keyword.
pub(crate) fn is_keyword(s: &str) -> bool {
    matches!(
        s,
        "@base"
            | "@container"
            | "@context"
            | "@direction"
            | "@graph"
            | "@id"
            | "@import"
            | "@included"
            | "@index"
            | "@json"
            | "@language"
            | "@list"
            | "@nest"
            | "@none"
            | "@prefix"
            | "@propagate"
            | "@protected"
            | "@reverse"
            | "@set"
            | "@type"
            | "@value"
            | "@version"
            | "@vocab"
    )
}

/// Whether `s` has the form of a keyword (`@` followed by ASCII letters only), which a
/// processor ignores when it is not a keyword.
pub(crate) fn has_keyword_form(s: &str) -> bool {
    s.len() > 1 && s.starts_with('@') && s.bytes().skip(1).all(|b| b.is_ascii_alphabetic())
}

/// Whether `s` is an absolute IRI: a scheme, a colon and no whitespace.
pub(crate) fn is_absolute_iri(s: &str) -> bool {
    let Some(colon) = s.find(':') else {
        return false;
    };
    is_scheme(&s[..colon])
        && !s.as_bytes().iter().any(|&b| b <= b' ')
        && (s.is_ascii() || !s.contains(char::is_whitespace))
}

/// Whether `s` starts with a scheme and a colon (no check of the rest). Scans from the
/// start and stops at the colon or the first byte a scheme cannot hold: schemes are short,
/// so this is a few byte tests where a search for the colon would scan the whole IRI.
pub(crate) fn has_scheme(s: &str) -> bool {
    let mut bytes = s.bytes();
    if !bytes.next().is_some_and(|b| b.is_ascii_alphabetic()) {
        return false;
    }
    for b in bytes {
        if b == b':' {
            return true;
        }
        if !is_scheme_byte(b) {
            return false;
        }
    }
    false
}

/// Whether `b` may follow the first letter of a URI scheme.
fn is_scheme_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')
}

/// Whether `s` is a URI scheme: a letter, then letters, digits, `+`, `-` or `.`.
fn is_scheme(s: &str) -> bool {
    let mut bytes = s.bytes();
    matches!(bytes.next(), Some(b) if b.is_ascii_alphabetic()) && bytes.all(is_scheme_byte)
}

/// Whether `s` is a blank node identifier (`_:` prefix).
pub(crate) fn is_blank(s: &str) -> bool {
    s.starts_with("_:")
}

/// Whether the IRI ends with a generic delimiter (makes its term usable as a prefix).
pub(crate) fn ends_with_gen_delim(s: &str) -> bool {
    matches!(
        s.as_bytes().last(),
        Some(b':' | b'/' | b'?' | b'#' | b'[' | b']' | b'@')
    )
}

/// The components of an IRI reference (RFC 3986 section 3).
struct Parts<'a> {
    scheme: Option<&'a str>,
    authority: Option<&'a str>,
    path: &'a str,
    query: Option<&'a str>,
    fragment: Option<&'a str>,
}

fn split(s: &str) -> Parts<'_> {
    let (rest, fragment) = match s.find('#') {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (rest, query) = match rest.find('?') {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let (scheme, rest) = match rest.find(':') {
        Some(i) if is_scheme(&rest[..i]) => (Some(&rest[..i]), &rest[i + 1..]),
        _ => (None, rest),
    };
    let (authority, path) = match rest.strip_prefix("//") {
        Some(after) => match after.find('/') {
            Some(i) => (Some(&after[..i]), &after[i..]),
            None => (Some(after), ""),
        },
        None => (None, rest),
    };
    Parts {
        scheme,
        authority,
        path,
        query,
        fragment,
    }
}

/// RFC 3986 section 5.2.4: removes `.` and `..` segments.
fn remove_dot_segments(path: &str) -> String {
    let mut output: Vec<&str> = Vec::new();
    let absolute = path.starts_with('/');
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len().saturating_sub(1);
    let mut trailing_slash = false;
    for (i, seg) in segments.iter().enumerate() {
        if i == 0 && absolute {
            continue;
        }
        match *seg {
            "." => trailing_slash = i == last,
            ".." => {
                output.pop();
                trailing_slash = i == last;
            }
            s => {
                output.push(s);
                trailing_slash = false;
            }
        }
    }
    let mut out = String::with_capacity(path.len());
    if absolute {
        out.push('/');
    }
    out.push_str(&output.join("/"));
    if trailing_slash && !out.ends_with('/') {
        out.push('/');
    }
    out
}

fn merge(base: &Parts<'_>, reference_path: &str) -> String {
    if base.authority.is_some() && base.path.is_empty() {
        return format!("/{reference_path}");
    }
    match base.path.rfind('/') {
        Some(i) => format!("{}{}", &base.path[..=i], reference_path),
        None => reference_path.to_owned(),
    }
}

/// Resolves `reference` against `base` (RFC 3986 section 5.2.2). Without a base, the
/// reference is returned unchanged.
pub(crate) fn resolve(reference: &str, base: Option<&str>) -> String {
    let Some(base) = base else {
        return reference.to_owned();
    };
    let r = split(reference);
    let b = split(base);
    let (scheme, authority, path, query);
    if r.scheme.is_some() {
        scheme = r.scheme;
        authority = r.authority;
        path = remove_dot_segments(r.path);
        query = r.query;
    } else {
        scheme = b.scheme;
        if r.authority.is_some() {
            authority = r.authority;
            path = remove_dot_segments(r.path);
            query = r.query;
        } else {
            authority = b.authority;
            if r.path.is_empty() {
                path = b.path.to_owned();
                query = r.query.or(b.query);
            } else {
                path = if r.path.starts_with('/') {
                    remove_dot_segments(r.path)
                } else {
                    remove_dot_segments(&merge(&b, r.path))
                };
                query = r.query;
            }
        }
    }
    let mut out = String::with_capacity(base.len() + reference.len());
    if let Some(s) = scheme {
        out.push_str(s);
        out.push(':');
    }
    if let Some(a) = authority {
        out.push_str("//");
        out.push_str(a);
    }
    out.push_str(&path);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    if let Some(f) = r.fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{has_scheme, is_scheme, resolve};

    #[test]
    fn has_scheme_agrees_with_the_scheme_before_the_first_colon() {
        for s in [
            "",
            ":",
            "a:",
            "https://x",
            "did:web:x",
            "urn:uuid:1",
            "1a:b",
            "a b:c",
            "a+b-c.d:e",
            "_:b0",
            "ab",
            "a/b:c",
            "é:x",
            "a:b:c",
            "https",
            "h#:x",
        ] {
            let old = s.find(':').is_some_and(|colon| is_scheme(&s[..colon]));
            assert_eq!(has_scheme(s), old, "{s:?}");
        }
    }

    #[test]
    fn rfc3986_examples() {
        let base = Some("http://a/b/c/d;p?q");
        for (r, want) in [
            ("g", "http://a/b/c/g"),
            ("./g", "http://a/b/c/g"),
            ("g/", "http://a/b/c/g/"),
            ("/g", "http://a/g"),
            ("//g", "http://g"),
            ("?y", "http://a/b/c/d;p?y"),
            ("g?y", "http://a/b/c/g?y"),
            ("#s", "http://a/b/c/d;p?q#s"),
            ("", "http://a/b/c/d;p?q"),
            (".", "http://a/b/c/"),
            ("./", "http://a/b/c/"),
            ("..", "http://a/b/"),
            ("../g", "http://a/b/g"),
            ("../..", "http://a/"),
            ("../../../g", "http://a/g"),
            ("/./g", "http://a/g"),
            ("g.", "http://a/b/c/g."),
            ("g/../h", "http://a/b/c/h"),
            ("g;x=1/../y", "http://a/b/c/y"),
            ("http:g", "http:g"),
        ] {
            assert_eq!(resolve(r, base), want, "resolving {r}");
        }
    }
}
