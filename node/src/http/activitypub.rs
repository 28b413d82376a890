//! ActivityPub and discovery routes: the institution's actor and its collections
//! (`application/activity+json`), WebFinger (`application/jrd+json`) and NodeInfo 2.1.
//! Thin handlers over `crate::federation`.

use crate::http::public_document::Public;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use mochila_protocol::activity::{ACTIVITY_JSON, NODEINFO_2_1_SCHEMA};
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{ApiError, Problem};
use crate::federation::{self, WebFingerError};
use crate::http::extract::ApiQuery;
use crate::state::AppState;

/// ActivityPub and discovery routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(actor))
        .routes(routes!(shared_object))
        .routes(routes!(shared_version))
        .routes(routes!(outbox))
        .routes(routes!(activity))
        .routes(routes!(followers))
        .routes(routes!(following))
        .routes(routes!(webfinger))
        .routes(routes!(nodeinfo_discovery))
        .routes(routes!(nodeinfo))
        .routes(routes!(shared_collection))
}

/// Where a page of a shared collection starts.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SharedQuery {
    /// The last sequence number already held (0 for the start); absent for the collection
    /// itself.
    #[param(minimum = 0)]
    pub after: Option<i64>,
}

/// One of the node's shared collections (the network's member list at a coordinator,
/// `members`): without `after`, an `OrderedCollection` with `totalItems` (the last
/// sequence number) and `first`; with `after=N`, an `OrderedCollectionPage` of the signed
/// changes after N, oldest first, 100 per page, each with its FEP-8b32 proof, `version`
/// and `sequence`.
#[utoipa::path(
    get,
    path = "/shared/{name}",
    tag = "federation",
    params(("name" = String, Path, description = "The collection's name (`members`)"), SharedQuery),
    responses(
        (status = 200, description = "The collection or one page", content_type = "application/activity+json", body = Object),
        (status = 404, description = "The node publishes no such collection", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn shared_collection(
    State(state): State<AppState>,
    Path(name): Path<String>,
    ApiQuery(query): ApiQuery<SharedQuery>,
) -> Result<Response, ApiError> {
    let after = query.after.map(|a| a.max(0));
    let doc = federation::shared::collection_document(&state.federation, &name, after)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("this node publishes no collection {name:?}")))?;
    Ok(Public::new()
        .content_type(ACTIVITY_JSON)
        .max_age(0)
        .apply(Json(doc).into_response()))
}

/// One of the node's shared objects at its IRI (a member list entry, a catalogue entry):
/// the signed document as last published, with its FEP-8b32 proof; a deleted one as its
/// signed `Tombstone`.
#[utoipa::path(
    get,
    path = "/shared/{name}/{key}",
    tag = "federation",
    params(
        ("name" = String, Path, description = "The collection's name (`catalogue`)"),
        ("key" = String, Path, description = "The object's key in it")
    ),
    responses(
        (status = 200, description = "The signed object", content_type = "application/activity+json", body = Object),
        (status = 404, description = "The node publishes no such object", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn shared_object(
    State(state): State<AppState>,
    Path((name, key)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    object(&state, &name, &key).await
}

/// A versioned shared object at its IRI (`/shared/frameworks/{slug}/{version}`, one
/// version of a framework): the signed document as last published.
#[utoipa::path(
    get,
    path = "/shared/{name}/{key}/{version}",
    tag = "federation",
    params(
        ("name" = String, Path, description = "The collection's name (`frameworks`)"),
        ("key" = String, Path, description = "The object's key in it (a framework's slug)"),
        ("version" = String, Path, description = "The version")
    ),
    responses(
        (status = 200, description = "The signed object", content_type = "application/activity+json", body = Object),
        (status = 404, description = "The node publishes no such object", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn shared_version(
    State(state): State<AppState>,
    Path((name, key, version)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    object(&state, &name, &format!("{key}/{version}")).await
}

async fn object(state: &AppState, name: &str, rest: &str) -> Result<Response, ApiError> {
    let id = format!(
        "{}/{rest}",
        federation::shared::collection_url(&state.federation.base_url, name)
    );
    let doc = federation::shared::object_document(&state.federation, &id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("this node publishes no object {id}")))?;
    Ok(Public::new()
        .content_type(ACTIVITY_JSON)
        .max_age(60)
        .apply(Json(doc).into_response()))
}

/// `value` as JSON with `content_type`, readable from any origin, cacheable for 5 minutes.
fn document(value: impl Serialize, content_type: &'static str) -> Response {
    Public::new()
        .content_type(content_type)
        .max_age(300)
        .vary_accept()
        .apply(Json(value).into_response())
}

/// The institution as an ActivityPub `Organization`: handle, name, inbox and collections,
/// the RSA `publicKey` (`#main-key`, for draft-cavage HTTP signatures), every Ed25519 key
/// as a FEP-521a `Multikey` under `assertionMethod`, its DID under `alsoKnownAs`, and an
/// FEP-8b32 `eddsa-jcs-2022` proof by the active key. Browsers (`Accept: text/html`) are
/// sent to the home page.
#[utoipa::path(
    get,
    path = "/actor",
    tag = "federation",
    responses(
        (status = 200, description = "The actor (also served for `application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"`)", content_type = "application/activity+json", body = Object),
        (status = 303, description = "To the home page, for browsers"),
        (status = 500, description = "Failure", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn actor(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if super::extract::json_media_type(&headers).is_none() {
        return Ok(Redirect::to("/").into_response());
    }
    let links = state.network.membership_links().await?;
    let attachment: Vec<serde_json::Value> = links
        .iter()
        .map(|(network, url)| {
            serde_json::json!({"type": "Link", "name": format!("NetworkMembershipCredential: {network}"),
                "href": url, "mediaType": "application/vc"})
        })
        .collect();
    let doc = state.federation.actor_document(&attachment).await?;
    Ok(document(doc, ACTIVITY_JSON))
}

/// An outbox page number.
#[derive(Debug, Deserialize, IntoParams)]
pub struct PageQuery {
    /// The page, from 1; without it, the collection itself.
    page: Option<u64>,
}

/// The activities the institution publishes, newest first: an `OrderedCollection` with
/// `totalItems`, `first` and `last`, and its `OrderedCollectionPage`s with `?page=n`.
#[utoipa::path(
    get,
    path = "/actor/outbox",
    tag = "federation",
    params(PageQuery),
    responses(
        (status = 200, description = "The collection or one page", content_type = "application/activity+json", body = Object),
        (status = 400, description = "`page` is not a positive integer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Past the last page", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn outbox(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Response, ApiError> {
    let doc = state.federation.outbox_document(query.page).await?;
    Ok(document(doc, ACTIVITY_JSON))
}

/// One activity the institution published, signed (FEP-8b32), as delivered. Activities
/// addressed to one peer (follow handshakes) are served too: they carry no personal data.
#[utoipa::path(
    get,
    path = "/activities/{id}",
    tag = "federation",
    params(("id" = String, Path, description = "Activity id (UUID)")),
    responses(
        (status = 200, description = "The activity", content_type = "application/activity+json", body = Object),
        (status = 404, description = "No such activity", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn activity(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let doc = state.federation.activity_document(&id).await?;
    Ok(document(doc, ACTIVITY_JSON))
}

/// How many actors follow the institution (`totalItems` only: followers are not listed).
#[utoipa::path(
    get,
    path = "/actor/followers",
    tag = "federation",
    responses((status = 200, description = "An `OrderedCollection` with `totalItems`", content_type = "application/activity+json", body = Object))
)]
pub async fn followers(State(state): State<AppState>) -> Result<Response, ApiError> {
    let doc = state.federation.followers_document().await?;
    Ok(document(doc, ACTIVITY_JSON))
}

/// How many actors the institution follows (`totalItems` only).
#[utoipa::path(
    get,
    path = "/actor/following",
    tag = "federation",
    responses((status = 200, description = "An `OrderedCollection` with `totalItems`", content_type = "application/activity+json", body = Object))
)]
pub async fn following(State(state): State<AppState>) -> Result<Response, ApiError> {
    let doc = state.federation.following_document().await?;
    Ok(document(doc, ACTIVITY_JSON))
}

/// A WebFinger query.
#[derive(Debug, Deserialize, IntoParams)]
pub struct WebFingerQuery {
    /// `acct:<handle>@<host>` or the actor's URL.
    resource: Option<String>,
}

/// WebFinger (RFC 7033): `acct:<handle>@<host>` or the actor URL gives a JRD whose
/// `self` link (`application/activity+json`) is the actor.
#[utoipa::path(
    get,
    path = "/.well-known/webfinger",
    tag = "federation",
    params(WebFingerQuery),
    responses(
        (status = 200, description = "JSON Resource Descriptor", content_type = "application/jrd+json", body = Object),
        (status = 400, description = "`resource` missing or malformed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such actor here", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn webfinger(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<WebFingerQuery>,
) -> Result<Response, ApiError> {
    let jrd =
        federation::webfinger(&state.identity, query.resource.as_deref()).map_err(|e| match e {
            WebFingerError::Unknown(_) => ApiError::NotFound(e.to_string()),
            WebFingerError::Missing { .. } | WebFingerError::Malformed(_) => {
                ApiError::invalid("?resource", e.to_string())
            }
        })?;
    Ok(document(jrd, "application/jrd+json"))
}

/// NodeInfo discovery: links to the NodeInfo 2.1 document.
#[utoipa::path(
    get,
    path = "/.well-known/nodeinfo",
    tag = "federation",
    responses((status = 200, description = "Links to `/nodeinfo/2.1`", content_type = "application/json", body = Object))
)]
pub async fn nodeinfo_discovery(State(state): State<AppState>) -> Response {
    document(
        federation::nodeinfo_discovery(&state.identity),
        "application/json",
    )
}

/// NodeInfo 2.1: software `mochila` and its version, protocol `activitypub`, closed
/// registrations, and aggregate usage (one user, the institution; `localPosts` = published
/// microcredentials). Nothing about learners.
#[utoipa::path(
    get,
    path = "/nodeinfo/2.1",
    tag = "federation",
    responses(
        (status = 200, description = "NodeInfo 2.1", content_type = "application/json", body = Object),
        (status = 500, description = "Database failure", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn nodeinfo(State(state): State<AppState>) -> Result<Response, ApiError> {
    let mut response = document(
        state.federation.nodeinfo_document().await?,
        "application/json",
    );
    let ct = format!("application/json; profile=\"{NODEINFO_2_1_SCHEMA}\"");
    if let Ok(v) = HeaderValue::from_str(&ct) {
        response.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    Ok(response)
}
