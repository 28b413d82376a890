//! The request a caller signs or verifies: method, absolute target URI, header lines and
//! body, with the URI split into the parts derived components need.

use super::HttpSigError;

/// An HTTP request as the signer or verifier sees it. Header names are matched
/// case-insensitively; a header given on several lines is combined with `", "`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The method, e.g. `POST`.
    pub method: String,
    /// The absolute target URI, e.g. `https://example.edu/inbox?x=1`.
    pub target_uri: String,
    /// The header lines, in order, as `(name, value)`.
    pub headers: Vec<(String, String)>,
    /// The body (empty for none).
    pub body: Vec<u8>,
}

impl Request {
    /// A request with no headers and no body.
    pub fn new(method: &str, target_uri: &str) -> Self {
        Self {
            method: method.to_owned(),
            target_uri: target_uri.to_owned(),
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// Adds a header line (builder style).
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Sets the body (builder style).
    pub fn with_body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// The value of header `name` (case-insensitive): each line's value trimmed, several
    /// lines joined with `", "`; `None` if absent.
    pub fn header(&self, name: &str) -> Option<String> {
        let mut values = self
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim());
        let first = values.next()?;
        let mut out = first.to_owned();
        for v in values {
            out.push_str(", ");
            out.push_str(v);
        }
        Some(out)
    }

    /// Replaces every line of header `name` with one line `value`.
    pub fn set_header(&mut self, name: &str, value: &str) {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.to_owned(), value.to_owned()));
    }

    /// Whether the request has a body.
    pub fn has_body(&self) -> bool {
        !self.body.is_empty()
    }

    pub(crate) fn target(&self) -> Result<Target, HttpSigError> {
        Target::parse(&self.target_uri)
    }
}

/// The parts of an absolute `http(s)` URI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Target {
    /// Lowercased scheme.
    pub scheme: String,
    /// Lowercased host with the port unless it is the scheme's default.
    pub authority: String,
    /// The path, `/` if empty.
    pub path: String,
    /// The query without `?`, if any.
    pub query: Option<String>,
}

impl Target {
    pub fn parse(uri: &str) -> Result<Self, HttpSigError> {
        let bad = |reason: &str| HttpSigError::InvalidTargetUri {
            uri: uri.to_owned(),
            reason: reason.to_owned(),
        };
        let (scheme, rest) = uri.split_once("://").ok_or_else(|| bad("no scheme"))?;
        let scheme = scheme.to_ascii_lowercase();
        let default_port = match scheme.as_str() {
            "https" => "443",
            "http" => "80",
            _ => return Err(bad("the scheme is not http or https")),
        };
        let rest = rest.split_once('#').map_or(rest, |(r, _)| r);
        let end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, path_query) = rest.split_at(end);
        let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        if host_port.is_empty() {
            return Err(bad("no host"));
        }
        if host_port
            .chars()
            .any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(bad("whitespace in the authority"));
        }
        // A port follows the last ':' unless that ':' is inside an IPv6 literal.
        let (host, port) = match host_port.rsplit_once(':') {
            Some((h, p)) if !p.contains(']') => (h, Some(p)),
            _ => (host_port, None),
        };
        if port.is_some_and(|p| !p.chars().all(|c| c.is_ascii_digit())) {
            return Err(bad("the port is not a number"));
        }
        let host = host.to_ascii_lowercase();
        let authority = match port {
            Some(p) if !p.is_empty() && p != default_port => format!("{host}:{p}"),
            _ => host,
        };
        let (path, query) = match path_query.split_once('?') {
            Some((p, q)) => (p, Some(q.to_owned())),
            None => (path_query, None),
        };
        let path = if path.is_empty() { "/" } else { path }.to_owned();
        Ok(Self {
            scheme,
            authority,
            path,
            query,
        })
    }

    /// The origin-form request target: path and `?query`.
    pub fn request_target(&self) -> String {
        match &self.query {
            Some(q) => format!("{}?{q}", self.path),
            None => self.path.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_uris() {
        let t = Target::parse("HTTPS://Example.COM:443/foo?param=Value&Pet=dog#frag").unwrap();
        assert_eq!(t.scheme, "https");
        assert_eq!(t.authority, "example.com");
        assert_eq!(t.path, "/foo");
        assert_eq!(t.query.as_deref(), Some("param=Value&Pet=dog"));
        let t = Target::parse("http://user@[::1]:8080").unwrap();
        assert_eq!(t.authority, "[::1]:8080");
        assert_eq!(t.request_target(), "/");
        let t = Target::parse("https://[::1]/x").unwrap();
        assert_eq!(t.authority, "[::1]");
        for bad in [
            "/inbox",
            "ftp://x/",
            "https:///x",
            "https://a:b/",
            "https://a b/",
        ] {
            assert!(Target::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn combines_header_lines() {
        let r = Request::new("GET", "https://a/")
            .with_header("X-A", " one ")
            .with_header("x-a", "two");
        assert_eq!(r.header("x-A").as_deref(), Some("one, two"));
        assert_eq!(r.header("x-b"), None);
    }
}
