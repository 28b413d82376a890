//! did:web <-> URL mapping: `did:web:example.edu` is served at
//! `https://example.edu/.well-known/did.json`, `did:web:example.edu:units:ing` at
//! `https://example.edu/units/ing/did.json`, and a port is percent-encoded
//! (`did:web:localhost%3A8443`).

use super::DidError;

/// Whether `c` may appear in a did:web host (a DNS name or IP literal; `%3A` is handled
/// separately).
fn host_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '.'
}

/// Whether `c` may appear in a did:web path segment unencoded.
fn segment_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~' | '%')
}

/// The HTTPS URL of the DID document of a did:web DID (DID URL parts such as `#key-1` are
/// ignored).
pub fn did_web_to_url(did: &str) -> Result<String, DidError> {
    let invalid = |reason: &str| DidError::InvalidDidWeb {
        did: did.to_owned(),
        reason: reason.to_owned(),
    };
    let bare = did.split(['#', '?']).next().unwrap_or(did);
    let rest = bare
        .strip_prefix("did:web:")
        .ok_or_else(|| invalid("does not start with did:web:"))?;
    let mut parts = rest.split(':');
    let host_part = parts.next().unwrap_or("");
    let (host, port) = match host_part.split_once("%3A").or(host_part.split_once("%3a")) {
        Some((h, p)) => (h, Some(p)),
        None => (host_part, None),
    };
    if host.is_empty() || !host.chars().all(host_char) || host.starts_with(['.', '-']) {
        return Err(invalid(
            "the host is empty or has characters a DNS name cannot",
        ));
    }
    if let Some(port) = port
        && (port.is_empty() || port.len() > 5 || !port.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(invalid("the port after %3A is not a number"));
    }
    let mut url = format!("https://{host}");
    if let Some(port) = port {
        url.push(':');
        url.push_str(port);
    }
    let segments: Vec<&str> = parts.collect();
    if segments.is_empty() {
        url.push_str("/.well-known/did.json");
        return Ok(url);
    }
    for seg in segments {
        if seg.is_empty() || seg == "." || seg == ".." || !seg.chars().all(segment_char) {
            return Err(invalid(&format!("path segment {seg:?} is not allowed")));
        }
        url.push('/');
        url.push_str(seg);
    }
    url.push_str("/did.json");
    Ok(url)
}

/// The did:web DID for an institution's base URL: `https://example.edu` ->
/// `did:web:example.edu`, `https://example.edu/units/ing` -> `did:web:example.edu:units:ing`,
/// `http://localhost:8080` -> `did:web:localhost%3A8080`. A trailing `/did.json` or
/// `/.well-known/did.json` is accepted and dropped. The scheme must be `https` (or `http`,
/// for local tests); queries, fragments and user info are refused.
pub fn did_web_from_base_url(url: &str) -> Result<String, DidError> {
    let invalid = |reason: &str| DidError::InvalidUrl {
        url: url.to_owned(),
        reason: reason.to_owned(),
    };
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| invalid("the scheme is not https"))?;
    if rest.contains(['?', '#', '@']) {
        return Err(invalid("it has a query, fragment or user info"));
    }
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let (host, port) = match authority.split_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (authority, None),
    };
    if host.is_empty() || !host.chars().all(host_char) || host.starts_with(['.', '-']) {
        return Err(invalid("the host is empty or not a DNS name"));
    }
    let mut did = format!("did:web:{}", host.to_ascii_lowercase());
    if let Some(port) = port {
        if port.is_empty() || port.len() > 5 || !port.chars().all(|c| c.is_ascii_digit()) {
            return Err(invalid("the port is not a number"));
        }
        did.push_str("%3A");
        did.push_str(port);
    }
    let path = path.trim_end_matches('/');
    let path = path.strip_suffix("did.json").unwrap_or(path);
    let path = path.trim_end_matches('/');
    let path = if path == ".well-known" { "" } else { path };
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        if seg == "." || seg == ".." || !seg.chars().all(segment_char) {
            return Err(invalid(&format!("path segment {seg:?} is not allowed")));
        }
        did.push(':');
        did.push_str(seg);
    }
    Ok(did)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_web_to_url_cases() {
        let ok = |d: &str| did_web_to_url(d).unwrap();
        assert_eq!(
            ok("did:web:example.edu"),
            "https://example.edu/.well-known/did.json"
        );
        assert_eq!(
            ok("did:web:example.edu:units:ing"),
            "https://example.edu/units/ing/did.json"
        );
        assert_eq!(
            ok("did:web:localhost%3A8080"),
            "https://localhost:8080/.well-known/did.json"
        );
        assert_eq!(
            ok("did:web:example.edu#key-1"),
            "https://example.edu/.well-known/did.json"
        );
        for bad in [
            "did:key:z6Mk",
            "did:web:",
            "did:web:exa/mple.edu",
            "did:web:example.edu::x",
            "did:web:example.edu:..",
            "did:web:localhost%3Aabc",
            "did:web:user@example.edu",
        ] {
            assert!(did_web_to_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn did_web_from_url_cases() {
        let ok = |u: &str| did_web_from_base_url(u).unwrap();
        assert_eq!(ok("https://example.edu"), "did:web:example.edu");
        assert_eq!(ok("https://Example.edu/"), "did:web:example.edu");
        assert_eq!(
            ok("https://example.edu/units/ing"),
            "did:web:example.edu:units:ing"
        );
        assert_eq!(ok("http://localhost:8080"), "did:web:localhost%3A8080");
        assert_eq!(
            ok("https://example.edu/.well-known/did.json"),
            "did:web:example.edu"
        );
        assert_eq!(
            ok("https://example.edu/units/ing/did.json"),
            "did:web:example.edu:units:ing"
        );
        for bad in [
            "ftp://example.edu",
            "https://",
            "https://example.edu?x=1",
            "https://a@example.edu",
            "https://example.edu:port",
            "https://example.edu/a/../b",
        ] {
            assert!(did_web_from_base_url(bad).is_err(), "{bad}");
        }
        // Round trip.
        for did in ["did:web:example.edu:units:ing", "did:web:localhost%3A8443"] {
            let url = did_web_to_url(did).unwrap();
            assert_eq!(did_web_from_base_url(&url).unwrap(), did);
        }
    }
}
