//! The line-delimited JSON events that `js/fedify-peer.mjs` prints, as Rust types.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

/// draft-cavage-http-signatures-12, as the peer names it.
pub const SPEC_CAVAGE: &str = "draft-cavage-http-signatures-12";
/// RFC 9421 HTTP Message Signatures, as the peer names it.
pub const SPEC_RFC9421: &str = "rfc9421";

/// One line of the peer's output.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
pub enum PeerEvent {
    /// The server listens and the actor exists.
    Ready(Ready),
    /// Fedify accepted an activity at an inbox (its listener ran).
    Received(Received),
    /// Fedify refused a request to an inbox.
    Rejected(Rejected),
    /// An activity was delivered (a command's answer, or an automatic `Accept`).
    Sent(Sent),
    /// The answer to a `lookup` command.
    LookedUp(LookedUp),
    /// A command failed, or something failed in the background.
    Error(ErrorEvent),
}

/// The peer's `ready` event.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Ready {
    /// The actor's id, `http://localhost:<port>/users/<handle>`.
    pub actor: String,
    /// The actor's inbox.
    pub inbox: String,
    /// The shared inbox.
    pub shared_inbox: String,
    /// The id of the actor's RSA key (`publicKey`).
    pub key_id: String,
    /// The Fedify version that runs, from its `package.json`.
    pub fedify: Option<String>,
    /// The Node version that runs it.
    pub node: String,
    /// Whether the actor has an Ed25519 key, so that activities carry proofs.
    pub proofs: bool,
}

/// Fedify's own independent check of a request's HTTP signature (`verifyRequest`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpSignatureCheck {
    /// Whether the request had a `Signature` header.
    pub present: bool,
    /// [`SPEC_RFC9421`] when it had `Signature-Input`, else [`SPEC_CAVAGE`].
    pub spec: Option<String>,
    /// The RFC 9421 signature label.
    #[serde(default)]
    pub label: Option<String>,
    /// The key id the headers declare.
    pub key_id: Option<String>,
    /// The algorithm the headers declare (`alg` or `algorithm`).
    pub algorithm: Option<String>,
    /// The covered components (RFC 9421) or headers (cavage).
    #[serde(default)]
    pub covered: Vec<String>,
    /// Whether Fedify verified the signature.
    pub verified: bool,
    /// The id of the key that verified it (or that Fedify tried).
    pub verified_key_id: Option<String>,
    /// Why it did not verify (Fedify's reason).
    pub reason: Option<String>,
}

/// A request to the peer's inbox, as recorded before Fedify handled it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Received {
    /// The activity's `id`.
    pub id: Option<String>,
    /// The activity's `type`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// The activity's `actor` id.
    pub actor: Option<String>,
    /// The `object` id (or the object itself when it is a string).
    pub object: Option<String>,
    /// The embedded object's `type`.
    pub object_type: Option<String>,
    /// The independent HTTP signature check.
    pub http_signature: HttpSignatureCheck,
    /// Whether the activity has an object integrity `proof` (FEP-8b32).
    pub proof: bool,
    /// Whether the activity has a Linked Data `signature`.
    pub ld_signature: bool,
    /// The request's `Content-Type`.
    pub content_type: Option<String>,
    /// The request's headers (lower-case names).
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// The activity as received.
    pub activity: Value,
    /// The ActivityStreams type Fedify parsed it as (`received` events only).
    #[serde(default)]
    pub parsed_type: Option<String>,
}

/// A request Fedify refused at the inbox.
#[derive(Debug, Clone, Deserialize)]
pub struct Rejected {
    /// Fedify's status code.
    pub status: u16,
    /// The start of Fedify's response body.
    pub response: String,
    /// What the request carried.
    #[serde(flatten)]
    pub request: Received,
}

/// A delivered activity.
#[derive(Debug, Clone, Deserialize)]
pub struct Sent {
    /// `follow`, `create`, `undo-follow`, or `accept` (automatic).
    pub cmd: String,
    /// The activity's id.
    pub id: String,
    /// The recipient actor.
    pub target: Option<String>,
    /// The command's tag.
    pub tag: Option<u64>,
}

/// What Fedify read of a remote actor.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RemoteActor {
    /// The actor's id.
    pub id: Option<String>,
    /// Its ActivityStreams type IRI.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Its `preferredUsername`.
    pub preferred_username: Option<String>,
    /// Its inbox.
    pub inbox: Option<String>,
    /// Its shared inbox.
    pub shared_inbox: Option<String>,
    /// Its `publicKey`.
    pub public_key: Option<RemoteKey>,
    /// Its `assertionMethod` Multikeys.
    #[serde(default)]
    pub assertion_methods: Vec<RemoteMethod>,
}

/// A `publicKey` as Fedify read it.
#[derive(Debug, Clone, Deserialize)]
pub struct RemoteKey {
    /// The key id.
    pub id: Option<String>,
    /// Its `owner`.
    pub owner: Option<String>,
    /// The key as SPKI PEM, exported by Fedify.
    pub pem: Option<String>,
}

/// An `assertionMethod` as Fedify read it.
#[derive(Debug, Clone, Deserialize)]
pub struct RemoteMethod {
    /// The method id.
    pub id: Option<String>,
    /// Its `controller`.
    pub controller: Option<String>,
}

/// The answer to a `lookup` command.
#[derive(Debug, Clone, Deserialize)]
pub struct LookedUp {
    /// The command's tag.
    pub tag: Option<u64>,
    /// What Fedify read.
    pub object: RemoteActor,
}

/// A failure the peer reported.
#[derive(Debug, Clone, Deserialize)]
pub struct ErrorEvent {
    /// The failed command, if a command failed.
    #[serde(default)]
    pub cmd: Option<String>,
    /// What failed otherwise (`inbox`, `accept`, `http`, `startup`).
    #[serde(default)]
    pub during: Option<String>,
    /// The command's tag.
    #[serde(default)]
    pub tag: Option<u64>,
    /// The messages.
    #[serde(default)]
    pub errors: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_peer_events() {
        let received = r#"{"event":"rejected","status":401,"response":"","id":"http://localhost:1/a",
            "type":"Follow","actor":"http://localhost:1/actor","object":"http://localhost:2/users/peer",
            "objectType":null,"httpSignature":{"present":true,"spec":"rfc9421","label":"sig1",
            "keyId":"http://localhost:1/actor#k","algorithm":"ed25519","covered":["@method"],
            "verified":false,"verifiedKeyId":null,"reason":"keyFetchError"},"proof":false,
            "ldSignature":false,"contentType":"application/activity+json",
            "headers":{"signature-input":"sig1=()"},"activity":{"type":"Follow"}}"#;
        let PeerEvent::Rejected(r) = serde_json::from_str(received).unwrap() else {
            panic!("not a rejected event");
        };
        assert_eq!(r.status, 401);
        assert_eq!(r.request.kind.as_deref(), Some("Follow"));
        assert_eq!(r.request.http_signature.spec.as_deref(), Some(SPEC_RFC9421));
        assert_eq!(
            r.request.http_signature.algorithm.as_deref(),
            Some("ed25519")
        );
        assert!(!r.request.http_signature.verified);
        assert_eq!(r.request.headers["signature-input"], "sig1=()");
        assert!(r.request.parsed_type.is_none());

        let sent = r#"{"cmd":"follow","target":"http://localhost:2/actor","tag":3,"event":"sent","id":"http://localhost:1/f"}"#;
        assert!(matches!(
            serde_json::from_str(sent).unwrap(),
            PeerEvent::Sent(Sent { tag: Some(3), .. })
        ));
        let error = r#"{"event":"error","during":"startup","errors":["boom"]}"#;
        let PeerEvent::Error(e) = serde_json::from_str(error).unwrap() else {
            panic!("not an error event");
        };
        assert_eq!(
            (e.during.as_deref(), e.errors),
            (Some("startup"), vec!["boom".to_owned()])
        );
        assert!(serde_json::from_str::<PeerEvent>(r#"{"event":"unknown"}"#).is_err());
    }
}
