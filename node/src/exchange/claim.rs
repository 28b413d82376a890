//! Completing an exchange: the wallet's presentation is verified (signature, challenge,
//! domain, holder = the did:key that signed), the credential is re-issued to the holder's
//! DID with the original's status entries, and the exchange, the holder copy and the audit
//! event are written in one transaction — or nothing is.

use mochila_protocol::credential::VC_V2_CONTEXT;
use mochila_protocol::presentation::{self, Authenticated, Expected};
use mochila_protocol::proof::Cryptosuite;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, DbErr, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use super::{ExchangeError, check_claimable, links, usable};
use crate::audit;
use crate::issuance::Issuer;
use crate::signer::SignError;
use crate::store::entity::{credential, holder_copy, wallet_exchange};
use crate::store::{self, rfc3339};

/// How the wallet sent its presentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// VC-API: `{"verifiablePresentation": ...}` after the presentation request; the proof
    /// must name the node's domain. Answered with `{"verifiablePresentation": ...}`.
    VcApi,
    /// The Learner Credential Wallet's deep link: the presentation itself as the body,
    /// signed over the link's challenge, with no domain (one, if present, must be the
    /// node's). Answered with the credential itself.
    Direct,
}

/// A completed exchange.
#[derive(Debug, Clone)]
pub struct Claimed {
    /// The holder's DID.
    pub holder: String,
    /// The holder copy, signed.
    pub credential: Value,
}

impl Claimed {
    /// The response body for `form`.
    pub fn response(&self, form: Form) -> Value {
        match form {
            Form::VcApi => json!({
                "verifiablePresentation": {
                    "@context": [VC_V2_CONTEXT],
                    "type": ["VerifiablePresentation"],
                    "verifiableCredential": [self.credential],
                }
            }),
            Form::Direct => self.credential.clone(),
        }
    }
}

/// The original credential document re-issued to `holder`: without its proof, with
/// `credentialSubject.id` = `holder`, everything else (id, dates, status entries) as it is.
fn copy_for(document: &str, holder: &str) -> Result<Value, ExchangeError> {
    let mut doc: Value = serde_json::from_str(document)
        .map_err(|e| DbErr::Custom(format!("stored credential: {e}")))?;
    let map = doc
        .as_object_mut()
        .ok_or_else(|| DbErr::Custom("stored credential is not an object".into()))?;
    map.remove("proof");
    let subject = map
        .get_mut("credentialSubject")
        .and_then(Value::as_object_mut)
        .ok_or_else(|| DbErr::Custom("stored credential has no credentialSubject".into()))?;
    subject.insert("id".into(), holder.into());
    Ok(doc)
}

async fn verify(
    issuer: &Issuer,
    presentation: Value,
    challenge: String,
    form: Form,
) -> Result<Authenticated, ExchangeError> {
    let suite = issuer.signer.suite().clone();
    let domain = links::domain(&issuer.identity);
    let prefix = match form {
        Form::VcApi => "/verifiablePresentation",
        Form::Direct => "",
    };
    tokio::task::spawn_blocking(move || {
        let expected = Expected {
            challenge: &challenge,
            domain: &domain,
            domain_required: form == Form::VcApi,
        };
        presentation::verify_did_auth(&suite, &presentation, &expected)
    })
    .await
    .map_err(|e| ExchangeError::Sign(SignError::Task(e.to_string())))?
    .map_err(|source| ExchangeError::Presentation { prefix, source })
}

/// Why a conditional completion matched no row: completed or expired since it was read.
async fn why_not_usable(issuer: &Issuer, id: &str) -> ExchangeError {
    match usable(issuer, id).await {
        Ok(_) => ExchangeError::Used,
        Err(e) => e,
    }
}

/// Completes exchange `id` with `presentation`.
pub async fn claim(
    issuer: &Issuer,
    id: &str,
    presentation: Value,
    form: Form,
) -> Result<Claimed, ExchangeError> {
    let exchange = usable(issuer, id).await?;
    let original = credential::Entity::find_by_id(exchange.credential_id.clone())
        .one(&issuer.db)
        .await?
        .ok_or_else(|| ExchangeError::UnknownCredential(exchange.credential_id.clone()))?;
    check_claimable(&original)?;
    let auth = verify(issuer, presentation, exchange.challenge.clone(), form).await?;

    let unsigned = copy_for(&original.document, &auth.holder)?;
    let signer = issuer.signer.clone();
    let created = rfc3339(store::now());
    let signed = tokio::task::spawn_blocking(move || {
        signer.sign(unsigned, Cryptosuite::EddsaRdfc2022, &created)
    })
    .await
    .map_err(|e| SignError::Task(e.to_string()))??;
    issuer.signed.inc();
    let document = serde_json::to_string(&signed).map_err(|e| DbErr::Custom(e.to_string()))?;

    let txn = store::begin_write(&issuer.db).await?;
    let now = store::now();
    let completed = wallet_exchange::Entity::update_many()
        .col_expr(wallet_exchange::Column::CompletedAt, Expr::value(now))
        .col_expr(
            wallet_exchange::Column::Holder,
            Expr::value(auth.holder.clone()),
        )
        .filter(wallet_exchange::Column::Id.eq(id))
        .filter(wallet_exchange::Column::CompletedAt.is_null())
        .filter(wallet_exchange::Column::ExpiresAt.gt(now))
        .exec(&txn)
        .await?;
    if completed.rows_affected != 1 {
        drop(txn);
        return Err(why_not_usable(issuer, id).await);
    }
    // Revoked or suspended while the wallet was signing: refuse, change nothing.
    let current = credential::Entity::find_by_id(original.id.clone())
        .one(&txn)
        .await?
        .ok_or_else(|| ExchangeError::UnknownCredential(original.id.clone()))?;
    check_claimable(&current)?;
    let copy = holder_copy::ActiveModel {
        id: Set(uuid::Uuid::new_v4().to_string()),
        credential_id: Set(original.id.clone()),
        exchange_id: Set(id.to_owned()),
        holder: Set(auth.holder.clone()),
        document: Set(document),
        issued_at: Set(now),
    }
    .insert(&txn)
    .await?;
    audit::record_many(
        &txn,
        &auth.holder,
        "holder",
        vec![(
            "credential.claim".to_owned(),
            issuer.identity.credential_url(&original.id),
            json!({
                "exchange": id,
                "holderCopy": copy.id,
                "holder": auth.holder,
                "verificationMethod": auth.verification_method,
                "proof": auth.suite,
            }),
        )],
    )
    .await?;
    txn.commit().await?;
    tracing::info!(credential = %original.id, exchange = %id, "credential claimed into a wallet");
    Ok(Claimed {
        holder: auth.holder,
        credential: signed,
    })
}
