//! OpenID Federation: the node's entity configuration at `/.well-known/openid-federation`
//! and, on a coordinator, the fetch and list endpoints about its members.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::http::extract::ApiQuery;

use crate::error::{ApiError, Problem};
use crate::http::public_document::Public;
use crate::network::ENTITY_STATEMENT_TYPE;
use crate::state::AppState;

/// Network routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(entity_configuration))
        .routes(routes!(fetch_statement))
        .routes(routes!(list_members))
        .routes(routes!(history))
        .routes(routes!(membership_credential))
        .routes(routes!(network_catalogue))
        .routes(routes!(network_achievements))
}

/// The network catalogue: this node's achievements and those of every active member of
/// its networks, as this node holds them (each member's signed catalogue collection, pushed
/// and caught up), by institution and name; `q` searches names, archived ones only with
/// `archived=true`. No learner data.
#[utoipa::path(get, path = "/network/catalogue", tag = "network",
    params(crate::network::catalogue::CatalogueQuery),
    responses(
        (status = 200, description = "The achievements", body = Vec<crate::network::catalogue::NetworkAchievement>),
        (status = 400, description = "An unknown or malformed parameter", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn network_catalogue(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<crate::network::catalogue::CatalogueQuery>,
) -> Result<Response, ApiError> {
    let items = state.network.catalogue(&q).await?;
    Ok(Public::new().max_age(60).apply(Json(items).into_response()))
}

/// Searches the network catalogue: the achievements of this node, its coordinators and
/// every active member of its networks, as this node holds them (each institution's signed
/// catalogue collection, pushed and caught up), filtered by every parameter given and by
/// full text in es/en/pt, most recently changed first, paged. Each result's `achievement.id`
/// is its page at its institution. No learner data. Browsers (`Accept: text/html`) get the
/// page with the search form, in es/en/pt.
#[utoipa::path(get, path = "/network/achievements", tag = "network",
    params(crate::network::search::AchievementSearch),
    responses(
        (status = 200, description = "A page of achievements", body = crate::network::search::AchievementResults),
        (status = 400, description = "An unknown or malformed parameter (named)", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn network_achievements(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<crate::network::search::AchievementSearch>,
    crate::http::pages::PageLocale(locale): crate::http::pages::PageLocale,
    headers: axum::http::HeaderMap,
) -> Result<Response, ApiError> {
    let results = state
        .network
        .search(&q)
        .map_err(|e| ApiError::invalid(e.field, e.message))?;
    let response = if crate::http::extract::json_media_type(&headers).is_none() {
        super::network_page::page(&state, &q, results, &locale).await?
    } else {
        Json(results).into_response()
    };
    Ok(Public::new().max_age(60).vary_accept().apply(response))
}

/// A member's `NetworkMembershipCredential` as the coordinator issued it (W3C VC 2.0,
/// `eddsa-rdfc-2022`, with revocation and suspension entries in the coordinator's status
/// lists): what any VC verifier checks membership with. Its URL is in the member's list
/// entry (`membershipCredential`).
#[utoipa::path(get, path = "/network/credentials/{key}", tag = "network",
    params(("key" = String, Path, description = "The credential's key (from its URL)")),
    responses(
        (status = 200, description = "The credential", content_type = "application/vc", body = Object),
        (status = 404, description = "No such credential", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn membership_credential(
    State(state): State<AppState>,
    axum::extract::Path(key): axum::extract::Path<String>,
) -> Result<Response, ApiError> {
    let credential = state
        .network
        .membership_credential(&key)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no membership credential {key}")))?;
    let mut resp = Public::new()
        .max_age(0)
        .apply(Json(credential).into_response());
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/vc"),
    );
    Ok(resp)
}

/// Where a page of the history starts.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct HistoryQuery {
    /// The last sequence number already held (0, or absent, for the start).
    #[param(minimum = 0)]
    pub after: Option<i64>,
}

/// The coordinator's membership history: every decision (apply, approve, reject, suspend,
/// reinstate, remove) in order, each with the hash of the one before and its own, so that
/// anyone can check the chain and tell whether an institution was a member at a given
/// time. 100 per page, from `after`.
#[utoipa::path(get, path = "/federation/history", tag = "network", params(HistoryQuery),
    responses(
        (status = 200, description = "A page of decisions, oldest first", body = crate::network::history::DecisionPage),
        (status = 404, description = "This node coordinates no network", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn history(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<HistoryQuery>,
) -> Result<Response, ApiError> {
    let after = q.after.unwrap_or(0).max(0);
    let page = state.network.history(after).await?;
    Ok(Public::new().max_age(0).apply(Json(page).into_response()))
}

/// The node's entity configuration (OpenID Federation 1.0): a JWT
/// (`application/entity-statement+jwt`) signed with the institution's active Ed25519 key
/// (`EdDSA`; `kid` is the key's RFC 7638 thumbprint), `iss` = `sub` = the node's base URL,
/// its Ed25519 keys in `jwks`, the institution in `metadata.federation_entity`, valid for a
/// day.
#[utoipa::path(get, path = "/.well-known/openid-federation", tag = "network",
    responses(
        (status = 200, description = "The entity configuration", content_type = "application/entity-statement+jwt", body = String),
        (status = 500, description = "No active key, or the database failed", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn entity_configuration(State(state): State<AppState>) -> Result<Response, ApiError> {
    let jwt = state.network.entity_configuration().await?;
    Ok(statement(jwt, 300))
}

/// `jwt` as an entity statement, cacheable for `max_age` seconds.
fn statement(jwt: String, max_age: u64) -> Response {
    let mut resp = Public::new().max_age(max_age).apply(jwt.into_response());
    let media = format!("application/{ENTITY_STATEMENT_TYPE}");
    if let Ok(v) = HeaderValue::from_str(&media) {
        resp.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    resp
}

/// Whom a fetch asks about.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FetchQuery {
    /// A member's entity id (base URL) or its did:web.
    pub sub: String,
}

fn not_a_member(sub: &str) -> ApiError {
    ApiError::NotFound(format!(
        "{sub} is not a member of a network this node coordinates"
    ))
}

/// The coordinator's subordinate statement about an active member (OpenID Federation
/// 1.0 fetch endpoint): `iss` the coordinator, `sub` the member's entity id, its `jwks` and
/// `metadata.federation_entity`, valid for the network's statement lifetime. Asked by
/// entity id or by did:web. Anyone else — applicants, suspended or removed members — gets
/// 404, as does every request to a node that coordinates no network.
#[utoipa::path(get, path = "/federation/fetch", tag = "network", params(FetchQuery),
    responses(
        (status = 200, description = "The subordinate statement", content_type = "application/entity-statement+jwt", body = String),
        (status = 404, description = "Not an active member (or no network here)", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn fetch_statement(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<FetchQuery>,
) -> Result<Response, ApiError> {
    let jwt = state.network.subordinate_statement(&q.sub).await?;
    // Not cached: a suspension must reach the next fetch.
    Ok(statement(jwt.ok_or_else(|| not_a_member(&q.sub))?, 0))
}

/// The entity ids of the network's active members (OpenID Federation 1.0 list endpoint).
#[utoipa::path(get, path = "/federation/list", tag = "network",
    responses(
        (status = 200, description = "Entity ids of the active members", body = Vec<String>),
        (status = 404, description = "This node coordinates no network", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn list_members(State(state): State<AppState>) -> Result<Json<Vec<String>>, ApiError> {
    let members = state.network.member_list().await?;
    members
        .map(Json)
        .ok_or_else(|| ApiError::NotFound("this node coordinates no network".into()))
}
