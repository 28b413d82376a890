//! Wallet claims over HTTP: staff open an exchange for a credential
//! (`POST /api/v1/credentials/{id}/exchanges`); the learner's wallet talks VC-API to
//! `POST /exchanges/{id}` (docs/protocol/wallet-exchange.md).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{RawBody, is_json, media_type, parse_json};
use crate::auth::{Caller, Role};
use crate::error::{ApiError, Problem};
use crate::exchange::{self, ExchangeError, ExchangeOffer, Form};
use crate::state::AppState;

/// The largest exchange message accepted: a DID Authentication is about 1 KiB.
const MAX_MESSAGE_BYTES: usize = 64 * 1024;

/// Exchange routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(open_exchange))
        .routes(routes!(exchange))
}

/// Opens a one-time wallet claim exchange for a credential (not revoked or suspended),
/// valid for `[credentials] exchange_ttl_secs` (15 minutes by default). Send the learner
/// the `pageUrl` (their credential page with a Learner Credential Wallet link and QR code)
/// or the `walletUrl` itself. Recorded in the audit log. Roles: admin, issuer.
#[utoipa::path(post, path = "/api/v1/credentials/{id}/exchanges", tag = "credentials", security(("bearer" = [])),
    params(("id" = String, Path, description = "Credential id")),
    responses(
        (status = 201, description = "Opened", body = ExchangeOffer),
        (status = 404, description = "No such credential", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The credential is revoked or suspended", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn open_exchange(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    caller.require(&[Role::Admin, Role::Issuer])?;
    let offer = exchange::open(&state.issuer, &caller, &id).await?;
    Ok((StatusCode::CREATED, Json(offer)).into_response())
}

/// What the wallet sent.
enum Message {
    /// Empty, or `{}`: start the exchange.
    Start,
    /// A presentation, and how it came.
    Presentation(Value, Form),
}

fn message(headers: &HeaderMap, body: &[u8]) -> Result<Message, ApiError> {
    if body.len() > MAX_MESSAGE_BYTES {
        return Err(ApiError::PayloadTooLarge(format!(
            "an exchange message is at most {MAX_MESSAGE_BYTES} bytes"
        )));
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Message::Start);
    }
    if media_type(headers).is_some() && !is_json(headers) {
        return Err(ApiError::UnsupportedMediaType(
            "the body must be JSON: send Content-Type: application/json".to_owned(),
        ));
    }
    let value: Value = parse_json(body)?;
    let Value::Object(mut map) = value else {
        return Err(ApiError::invalid("body", "the body must be a JSON object"));
    };
    if map.is_empty() {
        return Ok(Message::Start);
    }
    if let Some(vp) = map.remove("verifiablePresentation") {
        return Ok(Message::Presentation(vp, Form::VcApi));
    }
    if map.contains_key("proof") || map.contains_key("holder") {
        return Ok(Message::Presentation(Value::Object(map), Form::Direct));
    }
    Err(ExchangeError::Body {
        field: "/verifiablePresentation".to_owned(),
        message: "/verifiablePresentation: missing: send {} to start the exchange, then \
                  {\"verifiablePresentation\": <your signed DID Authentication>}"
            .to_owned(),
    }
    .into())
}

/// A VC-API exchange by which a wallet claims a credential (no token: the exchange id is
/// the capability). An empty body or `{}` gets a `VerifiablePresentationRequest` for DID
/// Authentication with a `did:key` (its `challenge` and `domain`); `{"verifiablePresentation":
/// <signed by the did:key, proofPurpose authentication, that challenge and domain>}` gets
/// `{"verifiablePresentation": {"verifiableCredential": [<the credential re-issued with
/// credentialSubject.id = the holder>]}}`. The Learner Credential Wallet's deep link posts
/// the signed presentation itself (no domain) and gets the credential itself. Each exchange
/// completes once; a refused presentation changes nothing.
#[utoipa::path(post, path = "/exchanges/{id}", tag = "credentials",
    params(("id" = String, Path, description = "Exchange id")),
    request_body(description = "Empty, `{}`, `{\"verifiablePresentation\": ...}`, or a bare presentation", content = Object, content_type = "application/json"),
    responses(
        (status = 200, description = "The presentation request, or the holder's credential", body = Object),
        (status = 400, description = "The presentation does not authenticate its holder (the field says why: challenge, domain, signature, ...)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such exchange", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The credential is revoked or suspended", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The exchange was completed already, or expired", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Over 64 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn exchange(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    RawBody(body): RawBody,
) -> Result<Json<Value>, ApiError> {
    match message(&headers, &body)? {
        Message::Start => Ok(Json(exchange::request(&state.issuer, &id).await?)),
        Message::Presentation(vp, form) => {
            let claimed = exchange::claim::claim(&state.issuer, &id, vp, form).await?;
            Ok(Json(claimed.response(form)))
        }
    }
}
