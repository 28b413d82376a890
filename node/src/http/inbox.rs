//! The actor's inbox (`POST /actor/inbox`, also its shared inbox) and the admin listing of
//! what it received (`GET /api/v1/inbox`). Thin handlers over `crate::federation::inbox`.

use axum::Json;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::ApiQuery;
use crate::auth::{Caller, Role};
use crate::error::{ApiError, Problem};
use crate::federation::inbox::{self, InboxError, InboxListQuery, InboxPage, Incoming};
use crate::state::AppState;

/// Inbox routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(post_inbox))
        .routes(routes!(list_inbox))
}

/// Receives an activity from a peer. The request must carry an HTTP signature (RFC 9421 or
/// draft-cavage-12) by a key of a remote actor, over the body's digest, dated within
/// `federation.signature_window_secs`; a signature is accepted once. The activity counts
/// as its actor's through its FEP-8b32 proof, the actor's own signature, or the copy
/// dereferenced from its origin. Each activity id is acted on once (`Follow`, `Accept`,
/// `Reject`, `Undo`, `Create`, `Update`, `Delete`); a repeat is answered 202 and ignored.
#[utoipa::path(
    post,
    path = "/actor/inbox",
    tag = "federation",
    request_body(content = Object, content_type = "application/activity+json", description = "An ActivityStreams activity"),
    responses(
        (status = 202, description = "Accepted (or already received)"),
        (status = 400, description = "Not an activity; `field` is the JSON pointer at fault", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed, signature or proof rejected, replayed, or key unobtainable", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The signer or the actor is blocked, or not a member of this node's networks while it accepts members only", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than `federation.inbox_max_bytes`", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn post_inbox(
    State(state): State<AppState>,
    request: Request,
) -> Result<Response, ApiError> {
    let incoming = read_signed(request, state.federation.config.inbox_max_bytes).await?;
    let network = state.network.clone();
    let admits = move |actor: String| {
        let network = network.clone();
        Box::pin(async move { network.admits(&actor).await })
            as std::pin::Pin<Box<dyn std::future::Future<Output = _> + Send>>
    };
    match inbox::receive(&state.federation, incoming, &admits).await {
        Ok(receipt) => {
            tracing::debug!(?receipt, "inbox");
            Ok(StatusCode::ACCEPTED.into_response())
        }
        Err(e) => {
            tracing::info!(error = %e, "inbox refused a request");
            Err(e.into())
        }
    }
}

/// Activities received at the inbox, newest first, paged, optionally only one actor's or
/// one type. Roles: any.
#[utoipa::path(get, path = "/api/v1/inbox", tag = "federation", security(("bearer" = [])), params(InboxListQuery),
    responses((status = 200, description = "A page of received activities", body = InboxPage),))]
pub async fn list_inbox(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<InboxListQuery>,
) -> Result<Json<InboxPage>, ApiError> {
    caller.require(&Role::ALL)?;
    let (page, per_page) = super::extract::paging(q.page, q.per_page, 50, 500)?;
    Ok(Json(inbox::list(&state.db, &q, page, per_page).await?))
}

/// A signed request as the federation code checks it: method, path and query, headers and
/// the body (at most `max_bytes`, else 413).
pub(super) async fn read_signed(request: Request, max_bytes: usize) -> Result<Incoming, ApiError> {
    let too_large = || ApiError::from(InboxError::TooLarge { max_bytes });
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max_bytes as u64) {
        return Err(too_large());
    }
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, max_bytes)
        .await
        .map_err(|_| too_large())?;
    let headers = parts
        .headers
        .iter()
        .filter_map(|(name, value)| {
            Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned()))
        })
        .collect();
    let path_and_query = parts
        .uri
        .path_and_query()
        .map_or_else(|| parts.uri.path().to_owned(), |pq| pq.as_str().to_owned());
    let incoming = Incoming {
        method: parts.method.as_str().to_owned(),
        path_and_query,
        headers,
        body: body.to_vec(),
    };
    Ok(incoming)
}
