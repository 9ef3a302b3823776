//! The OpenAPI document, generated from the handlers' `#[utoipa::path]`
//! attributes and the DTOs' `ToSchema` derives.

use super::{ApiError, ErrorBody, handlers};
use axum::{
    Json,
    http::header,
    response::{IntoResponse, Response},
};
use utoipa::{
    Modify, OpenApi,
    openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
};

/// The API's OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Docket API",
        version = "1",
        description = "Read-only access to Docket's matters, timelines and reference data. Without a token you \
            see what the public dashboard shows; with `Authorization: Bearer <token>` (a personal API token \
            created at /account/tokens) you see what you see when signed in. Lists are ordered by id and \
            paged with `limit` and the opaque `cursor` from the previous page's `next_cursor`."
    ),
    paths(
        handlers::list_matters,
        handlers::get_matter,
        handlers::list_events,
        handlers::list_deadlines,
        handlers::list_agencies,
        handlers::list_theories,
        handlers::list_provisions,
    ),
    components(schemas(ApiError, ErrorBody)),
    modifiers(&BearerToken),
    tags(
        (name = "matters", description = "FOIA requests, appeals, lawsuits and other proceedings"),
        (name = "timeline", description = "Events and deadlines of matters"),
        (name = "reference", description = "Agencies, legal theories and provisions"),
    )
)]
pub struct ApiDoc;

/// Declares the `bearer` security scheme the paths refer to.
struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("A personal API token from /account/tokens"))
                    .build(),
            ),
        );
    }
}

/// `GET /api/v1/openapi.json`.
pub async fn openapi_json() -> Response {
    ([(header::CACHE_CONTROL, "public, max-age=300")], Json(ApiDoc::openapi())).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_is_documented() {
        let doc = ApiDoc::openapi();
        let paths: Vec<&String> = doc.paths.paths.keys().collect();
        for path in [
            "/api/v1/matters",
            "/api/v1/matters/{slug}",
            "/api/v1/events",
            "/api/v1/deadlines",
            "/api/v1/agencies",
            "/api/v1/theories",
            "/api/v1/provisions",
        ] {
            assert!(paths.iter().any(|p| *p == path), "{path} is not in the document: {paths:?}");
        }
    }
}
