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
        (name = "institution", description = "Admin: the institution's profile")
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
