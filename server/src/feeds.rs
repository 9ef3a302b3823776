//! Calendar feeds: `GET /feeds/public.ics` and each user's private
//! `GET /feeds/{secret}.ics`. An unknown or revoked secret answers 404.

use crate::{export::error_response, routes::AppState};
use app::{
    error::AppError,
    server::{
        context::AppContext,
        feeds::{self, CONTENT_TYPE, Site},
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

/// Where the request was sent: the base of the links and the host in UIDs.
fn site(headers: &HeaderMap) -> Site {
    let authority = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c)))
        .unwrap_or("localhost");
    let https = headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()) == Some("https");
    let host = match authority.rsplit_once(':') {
        Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name,
        _ => authority,
    };
    Site { base_url: format!("{}://{authority}", if https { "https" } else { "http" }), host: host.to_string() }
}

async fn feed(State(ctx): State<AppContext>, Path(file): Path<String>, headers: HeaderMap) -> Response {
    let not_found = || error_response(&AppError::NotFound("feed".into()));
    let Some(name) = file.strip_suffix(".ics") else { return not_found() };
    let site = site(&headers);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs.iter().map(|(k, v)| (k.parse().expect("name"), v.parse().expect("value"))).collect()
    }

    #[test]
    fn site_from_host_and_proxy() {
        let s = site(&headers(&[("host", "docket.example.org"), ("x-forwarded-proto", "https")]));
        assert_eq!((s.base_url.as_str(), s.host.as_str()), ("https://docket.example.org", "docket.example.org"));
        let s = site(&headers(&[("host", "127.0.0.1:3000")]));
        assert_eq!((s.base_url.as_str(), s.host.as_str()), ("http://127.0.0.1:3000", "127.0.0.1"));
        let s = site(&headers(&[("host", "evil\"><x")]));
        assert_eq!(s.host, "localhost");
    }
}
