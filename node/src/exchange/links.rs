//! What an exchange looks like from outside: its URL, the Learner Credential Wallet deep
//! link, the page that offers it, and the Verifiable Presentation Request it answers first.

use mochila_pages::percent_encode;
use mochila_protocol::presentation::ACCEPTED_CRYPTOSUITES;
use serde::Serialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

use crate::identity::Identity;
use crate::store::entity::wallet_exchange;
use crate::store::rfc3339;

/// The Learner Credential Wallet's deep-link entry (its universal link; the app registers
/// it, and without the app the page explains how to install it).
pub const LCW_REQUEST_URL: &str = "https://lcw.app/request.html";

/// An open exchange, as staff and the learner's page see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExchangeOffer {
    /// The exchange id (a capability: whoever has it can claim the credential once).
    pub id: String,
    /// The credential offered.
    pub credential_id: String,
    /// The VC-API exchange endpoint (`POST` `{}` to start, then the presentation).
    pub exchange_url: String,
    /// The Learner Credential Wallet deep link (`https://lcw.app/request.html?...`), also
    /// shown as a QR code on the page.
    pub wallet_url: String,
    /// The learner's credential page with this offer (`?exchange=<id>`): send this to the
    /// learner.
    pub page_url: String,
    /// When the exchange expires (RFC 3339).
    pub expires_at: String,
}

/// The exchange endpoint `/exchanges/{id}`.
pub fn exchange_url(identity: &Identity, id: &str) -> String {
    format!("{}/exchanges/{id}", identity.base)
}

/// The domain presentations must be bound to: the origin of the node's base URL (e.g.
/// `https://credenciales.example.edu`).
pub fn domain(identity: &Identity) -> String {
    url::Url::parse(&identity.base)
        .map(|u| u.origin().ascii_serialization())
        .unwrap_or_else(|_| identity.base.clone())
}

/// The host of the node, for the deep link's `issuer` parameter (the wallet shows it).
fn host(identity: &Identity) -> String {
    url::Url::parse(&identity.base)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_else(|| identity.base.clone())
}

/// The Learner Credential Wallet deep link for exchange `row`:
/// `https://lcw.app/request.html?issuer=<host>&auth_type=bearer&challenge=<challenge>&vc_request_url=<exchange URL>`.
/// The wallet POSTs its DID Authentication (signed over `challenge`) straight to
/// `vc_request_url` and stores the credential it gets back.
pub fn wallet_url(identity: &Identity, row: &wallet_exchange::Model) -> String {
    format!(
        "{LCW_REQUEST_URL}?issuer={}&auth_type=bearer&challenge={}&vc_request_url={}",
        percent_encode(&host(identity)),
        percent_encode(&row.challenge),
        percent_encode(&exchange_url(identity, &row.id)),
    )
}

impl ExchangeOffer {
    /// The offer of exchange `row`.
    pub fn of(identity: &Identity, row: &wallet_exchange::Model) -> Self {
        Self {
            id: row.id.clone(),
            credential_id: row.credential_id.clone(),
            exchange_url: exchange_url(identity, &row.id),
            wallet_url: wallet_url(identity, row),
            page_url: format!(
                "{}?exchange={}",
                identity.credential_url(&row.credential_id),
                row.id
            ),
            expires_at: rfc3339(row.expires_at),
        }
    }
}

/// The VC-API answer to the first `POST` of exchange `row`: a Verifiable Presentation
/// Request for DID Authentication with a did:key.
pub fn presentation_request(identity: &Identity, row: &wallet_exchange::Model) -> Value {
    let cryptosuites: Vec<Value> = ACCEPTED_CRYPTOSUITES
        .iter()
        .map(|c| json!({"cryptosuite": c}))
        .collect();
    json!({
        "verifiablePresentationRequest": {
            "query": [{
                "type": "DIDAuthentication",
                "acceptedMethods": [{"method": "key"}],
                "acceptedCryptosuites": cryptosuites,
            }],
            "challenge": row.challenge,
            "domain": domain(identity),
            "interact": {"service": [{
                "type": "UnmediatedHttpPresentationService2021",
                "serviceEndpoint": exchange_url(identity, &row.id),
            }]},
        }
    })
}
