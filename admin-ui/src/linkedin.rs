//! LinkedIn's "Add to profile" link for certifications: a plain link (no LinkedIn script on
//! our pages) that opens the member's profile editor prefilled with the credential.

/// What LinkedIn's certification form is prefilled with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedInCertification {
    /// The certification's name (the achievement).
    pub name: String,
    /// The issuing institution's name (used when there is no `organization_id`).
    pub organization_name: String,
    /// The institution's LinkedIn company id, when known (LinkedIn then links its page).
    pub organization_id: Option<String>,
    /// Year and month of issue.
    pub issued: Option<(u16, u8)>,
    /// Year and month of expiry.
    pub expires: Option<(u16, u8)>,
    /// The credential's public page.
    pub cert_url: String,
    /// The credential's identifier, shown as "Credential ID".
    pub cert_id: String,
}

/// The `(year, month)` at the start of an RFC 3339 date or timestamp (`2026-11-29T...`).
pub fn year_month(rfc3339: &str) -> Option<(u16, u8)> {
    let year: u16 = rfc3339.get(..4)?.parse().ok()?;
    let month: u8 = rfc3339
        .get(4..7)?
        .strip_prefix('-')?
        .parse()
        .ok()
        .filter(|m| (1..=12).contains(m))?;
    Some((year, month))
}

/// Percent-encodes everything but RFC 3986 unreserved characters (so `&`, `=`, `+`, `#`,
/// spaces and non-ASCII text are all safe inside a query value).
pub fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len() * 3);
    for &b in value.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name=...` with
/// `organizationId` or `organizationName`, `issueYear`/`issueMonth`,
/// `expirationYear`/`expirationMonth`, `certUrl` and `certId`, every value percent-encoded.
pub fn linkedin_add_to_profile_url(p: &LinkedInCertification) -> String {
    let mut params: Vec<(&str, String)> = vec![
        ("startTask", "CERTIFICATION_NAME".into()),
        ("name", p.name.clone()),
    ];
    match p.organization_id.as_deref().filter(|id| !id.is_empty()) {
        Some(id) => params.push(("organizationId", id.to_owned())),
        None => params.push(("organizationName", p.organization_name.clone())),
    }
    if let Some((year, month)) = p.issued {
        params.push(("issueYear", year.to_string()));
        params.push(("issueMonth", month.to_string()));
    }
    if let Some((year, month)) = p.expires {
        params.push(("expirationYear", year.to_string()));
        params.push(("expirationMonth", month.to_string()));
    }
    params.push(("certUrl", p.cert_url.clone()));
    params.push(("certId", p.cert_id.clone()));
    let query: Vec<String> = params
        .iter()
        .map(|(k, v)| format!("{k}={}", percent_encode(v)))
        .collect();
    format!("https://www.linkedin.com/profile/add?{}", query.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_survives_a_round_trip() {
        let cert = LinkedInCertification {
            name: "Programación & Datos = 100% \"útil\" #1 + más?".into(),
            organization_name: "Universidad de São Paulo / USP".into(),
            organization_id: None,
            issued: year_month("2026-03-15T10:00:00Z"),
            expires: year_month("2028-12-01"),
            cert_url: "https://usp.example/credentials/abc?x=1&y=2".into(),
            cert_id: "urn:uuid:0b3c6f0e-1d2a-4b5c-8d9e-0f1a2b3c4d5e".into(),
        };
        let link = linkedin_add_to_profile_url(&cert);
        assert!(link.starts_with(
            "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name="
        ));
        assert!(!link.contains(' ') && !link.contains('"') && !link.contains('#'));
        let parsed = url::Url::parse(&link).unwrap();
        assert_eq!(parsed.host_str(), Some("www.linkedin.com"));
        assert_eq!(parsed.path(), "/profile/add");
        let pairs: Vec<(String, String)> = parsed.query_pairs().into_owned().collect();
        let expected = [
            ("startTask", "CERTIFICATION_NAME"),
            ("name", cert.name.as_str()),
            ("organizationName", cert.organization_name.as_str()),
            ("issueYear", "2026"),
            ("issueMonth", "3"),
            ("expirationYear", "2028"),
            ("expirationMonth", "12"),
            ("certUrl", cert.cert_url.as_str()),
            ("certId", cert.cert_id.as_str()),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        assert_eq!(pairs, expected);
    }

    #[test]
    fn organization_id_wins_and_dates_are_optional() {
        let cert = LinkedInCertification {
            name: "X".into(),
            organization_name: "Org".into(),
            organization_id: Some("1337".into()),
            issued: None,
            expires: None,
            cert_url: "https://a.example/c/1".into(),
            cert_id: "1".into(),
        };
        let link = linkedin_add_to_profile_url(&cert);
        assert!(link.contains("&organizationId=1337&"));
        assert!(!link.contains("organizationName") && !link.contains("issueYear"));
        assert_eq!(year_month("2026-13-01"), None);
        assert_eq!(year_month("26-1"), None);
    }
}
