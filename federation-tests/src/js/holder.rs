//! An independent wallet (`js/holder.mjs`): a fresh did:key that claims a credential from a
//! node's wallet exchange with Digital Bazaar's libraries (VC-API) or with the Learner
//! Credential Wallet's own (its lcw.app deep-link flow).

use std::ffi::OsString;

use serde_json::{Value, json};

use super::{JsError, process};

/// Which wallet stack claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wallet {
    /// `@digitalbazaar/vc` `signPresentation`, eddsa-rdfc-2022, over VC-API.
    VcApi,
    /// `@digitalcredentials/vc` with Ed25519Signature2020, posting to the deep link's
    /// `vc_request_url`.
    Lcw,
}

/// What to claim and how.
#[derive(Debug, Clone, Default)]
pub struct Claim {
    /// The exchange URL (VC-API).
    pub exchange_url: String,
    /// The Learner Credential Wallet deep link.
    pub wallet_url: String,
    /// Sign over this challenge instead of the offered one.
    pub challenge: Option<String>,
    /// Sign over this domain instead of the offered one (VC-API).
    pub domain: Option<String>,
}

/// What the wallet got back.
#[derive(Debug, Clone)]
pub struct ClaimOutcome {
    /// The wallet's DID.
    pub holder: String,
    /// The node's last HTTP status.
    pub status: u16,
    /// The node's last JSON body.
    pub response: Value,
}

/// Runs the wallet `wallet` on `claim`.
pub fn claim_with_wallet(wallet: Wallet, claim: &Claim) -> Result<ClaimOutcome, JsError> {
    let script = "holder.mjs";
    let mut args: Vec<OsString> = vec![
        "--wallet".into(),
        match wallet {
            Wallet::VcApi => "vc-api",
            Wallet::Lcw => "lcw",
        }
        .into(),
    ];
    if let Some(c) = &claim.challenge {
        args.extend(["--challenge".into(), c.into()]);
    }
    if let Some(d) = &claim.domain {
        args.extend(["--domain".into(), d.into()]);
    }
    let input = json!({"exchangeUrl": claim.exchange_url, "walletUrl": claim.wallet_url});
    let out = process::run_script(script, &args, &input)?;
    let bad = |reason: &str| JsError::BadOutput {
        script: script.to_owned(),
        reason: reason.to_owned(),
        stdout: out.stdout.clone(),
    };
    let printed: Value = serde_json::from_str(out.stdout.trim()).map_err(|_| bad("not JSON"))?;
    if out.status == Some(2) {
        return Err(JsError::UnusableInput {
            script: script.to_owned(),
            messages: vec![printed["errors"].to_string()],
        });
    }
    let (Some(holder), Some(status)) = (printed["holder"].as_str(), printed["status"].as_u64())
    else {
        return Err(JsError::Failed {
            script: script.to_owned(),
            status: out.status,
            stderr: format!("{} {}", printed["errors"], out.stderr),
        });
    };
    Ok(ClaimOutcome {
        holder: holder.to_owned(),
        status: u16::try_from(status).map_err(|_| bad("status"))?,
        response: printed["response"].clone(),
    })
}
