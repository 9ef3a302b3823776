//! `GET /api/v1/*`: the read-only JSON API and its OpenAPI document at
//! `/api/v1/openapi.json`.
//!
//! Without an `Authorization` header the caller is the public; with
//! `Authorization: Bearer <token>` (a personal API token from
//! `/account/tokens`) it is that token's user, who sees what they see in the
//! app. A bad, unknown or revoked token answers 401, never the public view.
//! What each principal may read is decided in `app::server::public_api`;
//! this module only authenticates, parses and answers.

mod doc;
mod handlers;

use crate::routes::AppState;
use app::{
    error::AppError,
    server::{
        auth::Principal,
        context::AppContext,
        public_api::Params,
        tokens::{self, Purpose},
    },
};
use axum::{
    Json, Router,
    extract::{Query, rejection::QueryRejection},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

/// The routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/matters", get(handlers::list_matters))
        .route("/api/v1/matters/{slug}", get(handlers::get_matter))
        .route("/api/v1/events", get(handlers::list_events))
        .route("/api/v1/deadlines", get(handlers::list_deadlines))
        .route("/api/v1/agencies", get(handlers::list_agencies))
        .route("/api/v1/theories", get(handlers::list_theories))
        .route("/api/v1/provisions", get(handlers::list_provisions))
        .route("/api/v1/openapi.json", get(doc::openapi_json))
        .route("/api/v1/{*rest}", get(unknown))
}

pub use doc::ApiDoc;

/// An error answer: `{"error": {"code", "message", "field"}}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiError {
    pub error: ErrorBody,
}

/// What went wrong.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// `invalid_parameter`, `unauthorized`, `not_found` or `internal`.
    #[schema(example = "invalid_parameter")]
    pub code: String,
    pub message: String,
    /// The query parameter at fault, for `invalid_parameter`.
    #[schema(example = "kind")]
    pub field: Option<String>,
}

fn error_response(err: &AppError) -> Response {
    let (status, code, field, message) = match err {
        AppError::Validation { field, message } => {
            (StatusCode::BAD_REQUEST, "invalid_parameter", Some(field.clone()), message.clone())
        }
        AppError::Fields(issues) => {
            let first = issues.first();
            let field = first.map(|i| i.field.clone());
            (StatusCode::BAD_REQUEST, "invalid_parameter", field, first.map(|i| i.message.clone()).unwrap_or_default())
        }
        AppError::Unauthorized => (
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            None,
            "the API token is malformed, unknown or revoked; send `Authorization: Bearer <token>` or none".into(),
        ),
        AppError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found", None, err.to_string()),
        AppError::Forbidden => (StatusCode::FORBIDDEN, "forbidden", None, err.to_string()),
        AppError::Conflict(_) => (StatusCode::CONFLICT, "conflict", None, err.to_string()),
        AppError::Internal | AppError::Transport(_) => {
            (StatusCode::INTERNAL_SERVER_ERROR, "internal", None, AppError::Internal.to_string())
        }
    };
    let body = ApiError { error: ErrorBody { code: code.into(), message, field } };
    let mut res = (status, no_store(), Json(body)).into_response();
    if status == StatusCode::UNAUTHORIZED {
        res.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"docket\", error=\"invalid_token\""),
        );
    }
    res
}

/// Answers are per principal: never cached by a shared cache.
fn no_store() -> [(header::HeaderName, &'static str); 2] {
    [(header::CACHE_CONTROL, "private, no-store"), (header::VARY, "authorization")]
}

/// The JSON answer for `result`.
fn reply<T: Serialize>(result: Result<T, AppError>) -> Response {
    match result {
        Ok(value) => (StatusCode::OK, no_store(), Json(value)).into_response(),
        Err(err) => error_response(&err),
    }
}

/// Who is asking: the public without `Authorization`, else the user of a
/// live API token.
///
/// # Errors
/// `Unauthorized` for any other `Authorization` header.
async fn principal(ctx: &AppContext, headers: &HeaderMap) -> Result<Principal, AppError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else { return Ok(Principal::Public) };
    let token = value
        .to_str()
        .ok()
        .and_then(|v| v.trim().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .filter(|token| !token.is_empty())
        .ok_or(AppError::Unauthorized)?;
    match tokens::authenticate(&ctx.db, token, Purpose::Api).await? {
        Some(user) => Ok(Principal::User(user)),
        None => Err(AppError::Unauthorized),
    }
}

type Pairs = Vec<(String, String)>;

/// The principal and the checked query parameters of a list request.
///
/// # Errors
/// `Unauthorized` for a bad token; `Validation` naming a bad parameter.
async fn list_request<T: IntoParams>(
    ctx: &AppContext,
    headers: &HeaderMap,
    query: Result<Query<Pairs>, QueryRejection>,
) -> Result<(Principal, Params), AppError> {
    let who = principal(ctx, headers).await?;
    let Query(pairs) = query.map_err(|e| AppError::invalid("query", e.body_text()))?;
    Ok((who, Params::parse::<T>(pairs)?))
}

async fn unknown() -> Response {
    error_response(&AppError::NotFound("no such API path; see /api/v1/openapi.json".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_carry_their_status_code_and_field() {
        let res = error_response(&AppError::invalid("limit", "too big"));
        assert_eq!(res.status(), StatusCode::BAD_REQUEST);
        let res = error_response(&AppError::Unauthorized);
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        assert!(res.headers().contains_key(header::WWW_AUTHENTICATE));
        assert_eq!(error_response(&AppError::NotFound("m".into())).status(), StatusCode::NOT_FOUND);
        assert_eq!(error_response(&AppError::Internal).status(), StatusCode::INTERNAL_SERVER_ERROR);
    }
}
