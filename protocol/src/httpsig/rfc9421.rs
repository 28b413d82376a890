//! RFC 9421 HTTP Message Signatures: parsing `Signature-Input`/`Signature`, signing with
//! label `sig1`, and the algorithm and coverage checks of verification.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::base::{display_name, signature_base};
use super::digest::{DigestAlgorithm, content_digest};
use super::sfv::{self, BareItem, InnerList, Item, Member};
use super::{HttpSigError, PublicKey, Request, Scheme, SignatureParams, SigningKey};

/// The label Mochila signs under.
pub const LABEL: &str = "sig1";

/// Parses the first signature of the request's `Signature-Input` that has a value in
/// `Signature`.
pub(crate) fn parse(input: &str, request: &Request) -> Result<SignatureParams, HttpSigError> {
    let inputs =
        sfv::parse_dictionary(input).map_err(|e| HttpSigError::malformed("signature-input", e))?;
    let signature_header = request
        .header("signature")
        .ok_or_else(|| HttpSigError::malformed("signature", "missing (Signature-Input present)"))?;
    let signatures = sfv::parse_dictionary(&signature_header)
        .map_err(|e| HttpSigError::malformed("signature", e))?;
    let (label, list, signature) = inputs
        .iter()
        .find_map(|(label, member)| {
            let sig = sfv::member(&signatures, label)?;
            Some((label, member, sig))
        })
        .ok_or_else(|| {
            HttpSigError::malformed("signature", "no label matches one in Signature-Input")
        })?;
    let Member::InnerList(list) = list else {
        return Err(HttpSigError::malformed(
            "signature-input",
            format!("{label} is not an inner list"),
        ));
    };
    let Member::Item(Item {
        bare: BareItem::ByteSeq(signature),
        ..
    }) = signature
    else {
        return Err(HttpSigError::malformed(
            "signature",
            format!("{label} is not a byte sequence"),
        ));
    };
    let string_param = |name: &str| -> Result<Option<String>, HttpSigError> {
        match sfv::param(&list.params, name) {
            None => Ok(None),
            Some(BareItem::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(HttpSigError::param(name, "must be a string")),
        }
    };
    let int_param = |name: &str| -> Result<Option<i64>, HttpSigError> {
        match sfv::param(&list.params, name) {
            None => Ok(None),
            Some(BareItem::Integer(n)) => Ok(Some(*n)),
            Some(_) => Err(HttpSigError::param(name, "must be an integer")),
        }
    };
    let key_id = string_param("keyid")?.ok_or_else(|| HttpSigError::param("keyid", "missing"))?;
    for item in &list.items {
        if !matches!(item.bare, BareItem::String(_)) {
            return Err(HttpSigError::malformed(
                "signature-input",
                format!("{label}: a covered component is not a string"),
            ));
        }
    }
    Ok(SignatureParams {
        scheme: Scheme::Rfc9421,
        label: Some(label.clone()),
        key_id,
        algorithm: string_param("alg")?,
        created: int_param("created")?,
        expires: int_param("expires")?,
        nonce: string_param("nonce")?,
        covered: list.items.iter().map(display_name).collect(),
        signature: signature.clone(),
        inner: Some(list.clone()),
    })
}

/// Checks that `alg` (if given) fits `key`.
pub(crate) fn check_algorithm(alg: Option<&str>, key: &PublicKey) -> Result<(), HttpSigError> {
    match (alg, key) {
        (None, _) | (Some("ed25519"), PublicKey::Ed25519(_)) => Ok(()),
        (Some("rsa-v1_5-sha256"), PublicKey::Rsa(_)) => Ok(()),
        (Some(other), key) => Err(HttpSigError::UnsupportedAlgorithm {
            algorithm: other.to_owned(),
            key: key.kind(),
        }),
    }
}

/// The signature base for parsed parameters.
pub(crate) fn base(params: &SignatureParams, request: &Request) -> Result<String, HttpSigError> {
    let list = params
        .inner
        .as_ref()
        .ok_or_else(|| HttpSigError::param("signature-input", "not an RFC 9421 signature"))?;
    signature_base(list, request)
}

/// What [`sign`] puts in the signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignOptions {
    /// `keyid`: the key's URL (e.g. `https://example.edu/actor#main-key`).
    pub key_id: String,
    /// `created`, unix seconds.
    pub created: i64,
    /// `expires`, unix seconds, if any.
    pub expires: Option<i64>,
    /// Whether to add the `alg` parameter (peers may reject it; it is optional).
    pub include_alg: bool,
}

impl SignOptions {
    /// `keyid` and `created`, with `alg` and no `expires`.
    pub fn new(key_id: &str, created: i64) -> Self {
        Self {
            key_id: key_id.to_owned(),
            created,
            expires: None,
            include_alg: true,
        }
    }
}

/// Signs `request` with RFC 9421 under label `sig1`, covering `"@method" "@target-uri"
/// "@authority"` and, when there is a body, `"content-digest"` (set to the body's
/// `sha-256`, replacing any). Sets the `Signature-Input` and `Signature` headers.
pub fn sign(
    request: &mut Request,
    key: &SigningKey,
    options: &SignOptions,
) -> Result<(), HttpSigError> {
    request.target()?;
    let mut components = vec!["@method", "@target-uri", "@authority"];
    if request.has_body() {
        let value = content_digest(&request.body, DigestAlgorithm::Sha256);
        request.set_header("Content-Digest", &value);
        components.push("content-digest");
    }
    let mut params = vec![
        ("created".to_owned(), BareItem::Integer(options.created)),
        ("keyid".to_owned(), BareItem::String(options.key_id.clone())),
    ];
    if options.include_alg {
        let alg = match key {
            SigningKey::Ed25519(_) => "ed25519",
            SigningKey::Rsa(_) => "rsa-v1_5-sha256",
        };
        params.push(("alg".to_owned(), BareItem::String(alg.to_owned())));
    }
    if let Some(expires) = options.expires {
        params.push(("expires".to_owned(), BareItem::Integer(expires)));
    }
    let list = InnerList {
        items: components
            .iter()
            .map(|c| Item {
                bare: BareItem::String((*c).to_owned()),
                params: Vec::new(),
            })
            .collect(),
        params,
    };
    let base = signature_base(&list, request)?;
    let signature = key.sign_raw(base.as_bytes())?;
    request.set_header(
        "Signature-Input",
        &format!("{LABEL}={}", sfv::serialize_inner_list(&list)),
    );
    request.set_header(
        "Signature",
        &format!("{LABEL}=:{}:", STANDARD.encode(signature)),
    );
    Ok(())
}
