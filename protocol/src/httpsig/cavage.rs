//! draft-cavage-http-signatures-12, as the fediverse uses it: `Signature: keyId="…",
//! algorithm="rsa-sha256"|"hs2019",headers="(request-target) host date digest",
//! signature="…"` (or `Authorization: Signature …`).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use time::OffsetDateTime;

use super::digest::digest_header;
use super::{HttpSigError, PublicKey, Request, Scheme, SignatureParams, SigningKey, http_date};

/// Parses the parameters of a cavage `Signature` header (or of `Authorization: Signature`
/// without its scheme word). `header` names the header for errors.
pub(crate) fn parse(value: &str, header: &str) -> Result<SignatureParams, HttpSigError> {
    let fields = split_params(value).map_err(|e| HttpSigError::malformed(header, e))?;
    let get = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let key_id = get("keyId").ok_or_else(|| HttpSigError::param("keyId", "missing"))?;
    let signature_b64 =
        get("signature").ok_or_else(|| HttpSigError::param("signature", "missing"))?;
    let signature = STANDARD
        .decode(signature_b64.trim())
        .map_err(|e| HttpSigError::param("signature", format!("not base64: {e}")))?;
    let timestamp = |name: &str| -> Result<Option<i64>, HttpSigError> {
        get(name)
            .map(|v| {
                let int = v.split_once('.').map_or(v.as_str(), |(i, _)| i);
                int.parse::<i64>()
                    .map_err(|_| HttpSigError::param(name, format!("{v:?} is not a unix time")))
            })
            .transpose()
    };
    let headers = get("headers").unwrap_or_else(|| "(created)".to_owned());
    let covered: Vec<String> = headers
        .split_ascii_whitespace()
        .map(str::to_ascii_lowercase)
        .collect();
    if covered.is_empty() {
        return Err(HttpSigError::param("headers", "empty"));
    }
    Ok(SignatureParams {
        scheme: Scheme::Cavage,
        label: None,
        key_id,
        algorithm: get("algorithm"),
        created: timestamp("created")?,
        expires: timestamp("expires")?,
        nonce: None,
        covered,
        signature,
        inner: None,
    })
}

/// Splits `k1="v1",k2=v2` into pairs; quoted values may contain `,` and `\"`.
fn split_params(value: &str) -> Result<Vec<(String, String)>, String> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut chars = value.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| *c == ',' || c.is_whitespace()) {
            chars.next();
        }
        if chars.peek().is_none() {
            return Ok(out);
        }
        let mut key = String::new();
        while let Some(&c) = chars.peek() {
            if c == '=' {
                break;
            }
            if c == ',' || c.is_whitespace() {
                return Err(format!("parameter {key:?} has no value"));
            }
            key.push(c);
            chars.next();
        }
        if chars.next() != Some('=') {
            return Err(format!("parameter {key:?} has no value"));
        }
        let mut val = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next() {
                    None => return Err(format!("unterminated quoted value of {key:?}")),
                    Some('"') => break,
                    Some('\\') => match chars.next() {
                        Some(c) => val.push(c),
                        None => return Err(format!("unterminated quoted value of {key:?}")),
                    },
                    Some(c) => val.push(c),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == ',' {
                    break;
                }
                val.push(c);
                chars.next();
            }
            val = val.trim().to_owned();
        }
        if out.iter().any(|(k, _)| k.eq_ignore_ascii_case(&key)) {
            return Err(format!("parameter {key:?} appears twice"));
        }
        match chars.peek() {
            None | Some(',') => {}
            Some(c) if c.is_whitespace() => {}
            Some(c) => return Err(format!("unexpected {c:?} after the value of {key:?}")),
        }
        out.push((key, val));
    }
}

/// Checks that `algorithm` (if given) fits `key`: `rsa-sha256` needs RSA, `hs2019` takes
/// either key (RSA with PKCS#1 v1.5 SHA-256), `ed25519` needs Ed25519.
pub(crate) fn check_algorithm(
    algorithm: Option<&str>,
    key: &PublicKey,
) -> Result<(), HttpSigError> {
    let lower = algorithm.map(str::to_ascii_lowercase);
    match (lower.as_deref(), key) {
        (None | Some("hs2019"), _)
        | (Some("rsa-sha256"), PublicKey::Rsa(_))
        | (Some("ed25519"), PublicKey::Ed25519(_)) => Ok(()),
        (Some(_), key) => Err(HttpSigError::UnsupportedAlgorithm {
            algorithm: algorithm.unwrap_or_default().to_owned(),
            key: key.kind(),
        }),
    }
}

/// The signing string: one `name: value` line per covered header or pseudo-header.
pub(crate) fn signing_string(
    covered: &[String],
    created: Option<i64>,
    expires: Option<i64>,
    request: &Request,
) -> Result<String, HttpSigError> {
    let target = request.target()?;
    let mut lines = Vec::with_capacity(covered.len());
    for name in covered {
        let missing = || HttpSigError::ComponentMissing {
            component: name.clone(),
        };
        let value = match name.as_str() {
            "(request-target)" => format!(
                "{} {}",
                request.method.to_ascii_lowercase(),
                target.request_target()
            ),
            "(created)" => created.ok_or_else(missing)?.to_string(),
            "(expires)" => expires.ok_or_else(missing)?.to_string(),
            "host" => request
                .header("host")
                .unwrap_or_else(|| target.authority.clone()),
            pseudo if pseudo.starts_with('(') => {
                return Err(HttpSigError::UnsupportedComponent {
                    component: pseudo.to_owned(),
                    reason: "unknown pseudo-header".to_owned(),
                });
            }
            field => request.header(field).ok_or_else(missing)?,
        };
        if value.contains(['\n', '\r']) {
            return Err(HttpSigError::UnsupportedComponent {
                component: name.clone(),
                reason: "its value contains a line break".to_owned(),
            });
        }
        lines.push(format!("{name}: {value}"));
    }
    Ok(lines.join("\n"))
}

/// Signs `request` with draft-cavage-12: adds `Host` and `Date` (from `now`) if absent,
/// `Digest` (SHA-256) when there is a body, and a `Signature` header covering
/// `(request-target) host date` and `digest` when there is a body. The algorithm is
/// `rsa-sha256` for RSA keys and `hs2019` for Ed25519 keys.
pub fn sign(
    request: &mut Request,
    key: &SigningKey,
    key_id: &str,
    now: OffsetDateTime,
) -> Result<(), HttpSigError> {
    let target = request.target()?;
    if request.header("host").is_none() {
        request.set_header("Host", &target.authority);
    }
    if request.header("date").is_none() {
        request.set_header("Date", &http_date::format(now)?);
    }
    let mut covered: Vec<String> = ["(request-target)", "host", "date"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    if request.has_body() {
        request.set_header("Digest", &digest_header(&request.body));
        covered.push("digest".to_owned());
    }
    let string = signing_string(&covered, None, None, request)?;
    let signature = key.sign_raw(string.as_bytes())?;
    let algorithm = match key {
        SigningKey::Rsa(_) => "rsa-sha256",
        SigningKey::Ed25519(_) => "hs2019",
    };
    let key_id = key_id.replace('\\', "\\\\").replace('"', "\\\"");
    request.set_header(
        "Signature",
        &format!(
            "keyId=\"{key_id}\",algorithm=\"{algorithm}\",headers=\"{}\",signature=\"{}\"",
            covered.join(" "),
            STANDARD.encode(signature)
        ),
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_parameters() {
        let p =
            split_params(r#"keyId="a,\"b",algorithm=hs2019, created=1402170695 ,headers="x y""#)
                .unwrap();
        assert_eq!(p[0], ("keyId".into(), "a,\"b".into()));
        assert_eq!(p[1], ("algorithm".into(), "hs2019".into()));
        assert_eq!(p[2], ("created".into(), "1402170695".into()));
        assert_eq!(p[3], ("headers".into(), "x y".into()));
        assert!(split_params(r#"keyId="a"#).is_err());
        assert!(split_params(r#"keyId"#).is_err());
        assert!(split_params(r#"a=1,a=2"#).is_err());
        assert!(split_params(r#"a="1"x"#).is_err());
    }
}
