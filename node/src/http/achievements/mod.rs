//! The catalogue over HTTP: the staff routes (`/api/v1/achievements`) and the public ones
//! (`/achievements`, each achievement's `id` URL, images).

pub mod page;
pub mod public;
pub mod staff;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

/// Catalogue routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(staff::create_achievement, staff::list_achievements))
        .routes(routes!(staff::get_achievement, staff::update_achievement))
        .routes(routes!(staff::archive_achievement))
        .routes(routes!(staff::restore_achievement))
        .routes(routes!(staff::put_image))
        .routes(routes!(public::list_public))
        .routes(routes!(public::public_achievement))
        .routes(routes!(public::public_version))
        .routes(routes!(public::get_image))
}
