//! The OpenAPI 3.1 document's frame (info, security scheme, tags); the operations come from
//! the routers themselves. Served at `/api/openapi.json`, browsable offline at `/api/docs`.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Mochila node API",
        description = "Public documents (DID, issuer profile), operations, and the admin API of a Mochila node. Errors are RFC 9457 problem documents (application/problem+json) naming the field at fault. Admin routes need `Authorization: Bearer <token>` (tokens: `mochila token create`).",
        license(name = "Apache-2.0 OR MIT")
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "identity", description = "The institution's DID document and Open Badges profile"),
        (name = "operations", description = "Health and metrics"),
        (name = "pages", description = "Public HTML pages (es, en, pt)"),
        (name = "institution", description = "Admin: the institution's profile"),
        (name = "network", description = "The node in networks of institutions: OpenID Federation statements, membership, the network's catalogue and frameworks"),
        (name = "frameworks", description = "Admin: the reference frameworks this node publishes (drafts, versions, deprecation)")
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("mch_ token")
                    .build(),
            ),
        );
    }
}

/// The document the routers add their operations to.
pub fn base_document() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    doc.info.version = env!("CARGO_PKG_VERSION").to_owned();
    doc
}

/// Adds what every operation of a kind answers, so that no route documents it by hand:
/// 401 and 403 on routes with a bearer token, 413 and 415 on routes with a body, 400 on
/// routes with query parameters (unknown or bad ones), 422 on routes that take an
/// `Idempotency-Key`; and the schemas only path parameters name. This is the one reusable
/// set of problem responses: a route documents only the problems particular to it.
pub fn complete(mut doc: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    use utoipa::openapi::path::ParameterIn;
    use utoipa::openapi::{PathItem, RefOr, path::Operation};

    let components = doc.components.get_or_insert_with(Default::default);
    components.schemas.insert(
        "PeerAction".to_owned(),
        <crate::federation::peers::Action as utoipa::PartialSchema>::schema(),
    );
    components.schemas.insert(
        "MemberAction".to_owned(),
        <crate::network::members::Decision as utoipa::PartialSchema>::schema(),
    );
    let standard = |op: &mut Operation| {
        let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
        let has_body = op.request_body.is_some();
        let idempotent = op.parameters.as_ref().is_some_and(|ps| {
            ps.iter()
                .any(|p| matches!(p, RefOr::T(p) if p.name.eq_ignore_ascii_case("Idempotency-Key")))
        });
        let has_query = op.parameters.as_ref().is_some_and(|ps| {
            ps.iter()
                .any(|p| matches!(p, RefOr::T(p) if matches!(p.parameter_in, ParameterIn::Query)))
        });
        let mut add = |status: &str, description: &str| {
            op.responses
                .responses
                .entry(status.to_owned())
                .or_insert_with(|| problem_response(description).into());
        };
        if has_query || has_body {
            add(
                "400",
                "An invalid request: the query parameter or body field at fault is named in `field`",
            );
        }
        if secured {
            add(
                "401",
                "No token, or an unknown or revoked one (`WWW-Authenticate: Bearer`)",
            );
            add(
                "403",
                "The token's role may not do this (the problem names the roles that may)",
            );
        }
        if idempotent {
            add(
                "422",
                "The `Idempotency-Key` was used before with another request",
            );
        }
        if has_body {
            add("413", "The body is larger than the route allows");
            add("415", "The body's media type is not one the route takes");
        }
    };
    for item in doc.paths.paths.values_mut() {
        let PathItem {
            get,
            put,
            post,
            delete,
            patch,
            ..
        } = item;
        for op in [get, put, post, delete, patch].into_iter().flatten() {
            standard(op);
        }
    }
    doc
}

fn problem_response(description: &str) -> utoipa::openapi::Response {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/problem+json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build(),
        )
        .build()
}
