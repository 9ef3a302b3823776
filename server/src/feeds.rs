//! Calendar feeds: `GET /feeds/public.ics` and each user's private
//! `GET /feeds/{secret}.ics`. An unknown or revoked secret answers 404.

use crate::{export::error_response, routes::AppState};
use app::{
    error::AppError,
    server::{
        context::AppContext,
        feeds::{self, CONTENT_TYPE},
        request,
    },
};
use axum::{
    Router,
    body::Body,
    extract::{Path, State},
    http::{HeaderMap, header},
    response::{IntoResponse, Response},
    routing::get,
};

/// The routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new().route("/feeds/{file}", get(feed))
}

async fn feed(State(ctx): State<AppContext>, Path(file): Path<String>, headers: HeaderMap) -> Response {
    let not_found = || error_response(&AppError::NotFound("feed".into()));
    let Some(name) = file.strip_suffix(".ics") else { return not_found() };
    let site = request::site(&headers);
    let (stream, cache) = if name == "public" {
        (feeds::public_feed(ctx.db.clone(), site).await, "public, max-age=300")
    } else {
        match feeds::private_feed(ctx.db.clone(), name, site).await {
            Ok(Some(stream)) => (Ok(stream), "private, no-store"),
            Ok(None) => return not_found(),
            Err(err) => (Err(err), ""),
        }
    };
    match stream {
        Ok(stream) => {
            ([(header::CONTENT_TYPE, CONTENT_TYPE), (header::CACHE_CONTROL, cache)], Body::from_stream(stream))
                .into_response()
        }
        Err(err) => error_response(&err),
    }
}
