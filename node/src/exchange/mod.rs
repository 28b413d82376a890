//! Wallet claims: one-time, expiring VC-API exchanges through which a learner's wallet
//! proves control of its `did:key` (DID Authentication) and receives the credential
//! re-issued to that DID — a *holder copy* that shares the original's status list entries
//! (docs/decisions/0016-wallet-claim-exchange.md, docs/protocol/wallet-exchange.md).
//!
//! Staff open an exchange for a credential ([`open`]); the learner's page shows it as a
//! Learner Credential Wallet link and QR code; the wallet talks to `/exchanges/{id}`
//! ([`request`], [`claim::claim`]).

pub mod claim;
pub mod links;

use sea_orm::{ActiveModelTrait, ActiveValue::Set, DbErr, EntityTrait};
use serde_json::json;

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::issuance::Issuer;
use crate::issuance::revocation::{CredentialState, state_of};
use crate::signer::SignError;
use crate::store::entity::{credential, wallet_exchange};
use crate::store::{self, rfc3339};
use mochila_protocol::presentation::DidAuthError;

pub use claim::{Claimed, Form};
pub use links::ExchangeOffer;

/// Why an exchange could not be opened or completed. Nothing is changed by any of them.
#[derive(Debug, thiserror::Error)]
pub enum ExchangeError {
    /// No such credential.
    #[error("no credential {0} on this node")]
    UnknownCredential(String),
    /// The credential is revoked or suspended: it is not offered to wallets.
    #[error("credential {id} is {state}: it cannot be claimed into a wallet")]
    NotClaimable {
        /// The credential.
        id: String,
        /// `revoked` or `suspended`.
        state: &'static str,
    },
    /// No such exchange.
    #[error("no such exchange on this node")]
    UnknownExchange,
    /// The exchange is past its expiry.
    #[error("this exchange expired at {0}; ask the institution for a new wallet link")]
    Expired(String),
    /// The exchange was completed already (each is single-use).
    #[error("this exchange was completed already; each wallet link can be used once")]
    Used,
    /// The request body is not an exchange message.
    #[error("{message}")]
    Body {
        /// The member at fault.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// The presentation does not authenticate its holder; `prefix` locates it in the body.
    #[error("{source}")]
    Presentation {
        /// `/verifiablePresentation` (VC-API) or empty (a bare presentation).
        prefix: &'static str,
        /// Why.
        source: DidAuthError,
    },
    /// The copy could not be signed.
    #[error(transparent)]
    Sign(#[from] SignError),
    /// Storage failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Refuses revoked and suspended credentials.
pub fn check_claimable(c: &credential::Model) -> Result<(), ExchangeError> {
    let state = state_of(c);
    if matches!(state, CredentialState::Active | CredentialState::Expired) {
        return Ok(());
    }
    Err(ExchangeError::NotClaimable {
        id: c.id.clone(),
        state: state.as_str(),
    })
}

/// 128 random bits as hex.
fn random_hex() -> Result<String, ExchangeError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| DbErr::Custom(format!("no randomness: {e}")))?;
    Ok(hex::encode(bytes))
}

/// Opens an exchange for credential `credential_id` (not revoked or suspended), valid for
/// `[credentials] exchange_ttl_secs`, recorded in the audit log as `credential.exchange`.
pub async fn open(
    issuer: &Issuer,
    caller: &Caller,
    credential_id: &str,
) -> Result<ExchangeOffer, ExchangeError> {
    let txn = store::begin_write(&issuer.db).await?;
    let c = credential::Entity::find_by_id(credential_id.to_owned())
        .one(&txn)
        .await?
        .ok_or_else(|| ExchangeError::UnknownCredential(credential_id.to_owned()))?;
    check_claimable(&c)?;
    let now = store::now();
    let row = wallet_exchange::ActiveModel {
        id: Set(random_hex()?),
        credential_id: Set(c.id.clone()),
        challenge: Set(random_hex()?),
        created_at: Set(now),
        created_by: Set(caller.name.clone()),
        expires_at: Set(now + issuer.config.credentials.exchange_ttl()),
        completed_at: Set(None),
        holder: Set(None),
    }
    .insert(&txn)
    .await?;
    let subject = issuer.identity.credential_url(&c.id);
    audit::record(
        &txn,
        caller,
        Change {
            action: "credential.exchange",
            subject: &subject,
            reason: None,
            details: json!({"exchange": row.id, "expiresAt": rfc3339(row.expires_at)}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(ExchangeOffer::of(&issuer.identity, &row))
}

/// The exchange `id` if it can still be completed (exists, not completed, not expired).
pub async fn usable(issuer: &Issuer, id: &str) -> Result<wallet_exchange::Model, ExchangeError> {
    let row = wallet_exchange::Entity::find_by_id(id.to_owned())
        .one(&issuer.db)
        .await?
        .ok_or(ExchangeError::UnknownExchange)?;
    if row.completed_at.is_some() {
        return Err(ExchangeError::Used);
    }
    if row.expires_at <= store::now() {
        return Err(ExchangeError::Expired(rfc3339(row.expires_at)));
    }
    Ok(row)
}

/// The offer to show on credential `c`'s page for `?exchange=<id>`, if that exchange is for
/// `c`, still usable, and `c` may be claimed.
pub async fn offer_for_page(
    issuer: &Issuer,
    c: &credential::Model,
    exchange_id: &str,
) -> Result<Option<ExchangeOffer>, ExchangeError> {
    if check_claimable(c).is_err() {
        return Ok(None);
    }
    match usable(issuer, exchange_id).await {
        Ok(row) if row.credential_id == c.id => Ok(Some(ExchangeOffer::of(&issuer.identity, &row))),
        Ok(_)
        | Err(ExchangeError::UnknownExchange | ExchangeError::Used | ExchangeError::Expired(_)) => {
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// The first step of the exchange: the Verifiable Presentation Request for exchange `id`
/// (asks for DID Authentication with a did:key, with the exchange's challenge and the
/// node's domain). Changes nothing.
pub async fn request(issuer: &Issuer, id: &str) -> Result<serde_json::Value, ExchangeError> {
    let row = usable(issuer, id).await?;
    let c = credential::Entity::find_by_id(row.credential_id.clone())
        .one(&issuer.db)
        .await?
        .ok_or_else(|| ExchangeError::UnknownCredential(row.credential_id.clone()))?;
    check_claimable(&c)?;
    Ok(links::presentation_request(&issuer.identity, &row))
}
