//! `ETag` and `Cache-Control`, so repeat views are cheap.
//!
//! An anonymous `GET` (no session cookie, no `Authorization`) answered 200
//! with a page, XML, Atom, iCalendar, CSV or JSON is buffered and gets a
//! strong `ETag` (SHA-256 of the body) and, unless its handler chose
//! otherwise, `Cache-Control: public, max-age=60`; a matching
//! `If-None-Match` gets `304 Not Modified` without a body. A page carries a
//! fresh CSP nonce in every response, so the nonce (read from the
//! `Content-Security-Policy` header) is masked before hashing, and a 304
//! sends no `Content-Security-Policy`: its headers update the cached ones,
//! and the cached body still carries the old nonce that the old policy
//! allows. Answers to signed-in requests and private feeds are
//! `private, no-store`, as is anything that sets a cookie. Health, metrics
//! and server functions are left alone; exports are streamed, never
//! buffered.

use app::server::auth::token_from_headers;
use axum::{
    body::{Body, Bytes},
    extract::Request,
    http::{HeaderMap, HeaderValue, Method, StatusCode, header, response::Parts},
    middleware::Next,
    response::Response,
};
use futures_util::StreamExt;
use sha2::{Digest, Sha256};

/// The `Cache-Control` of anonymous answers whose handler set none.
pub const PUBLIC: &str = "public, max-age=60";
/// The `Cache-Control` of answers to signed-in requests and private feeds.
pub const PRIVATE: &str = "private, no-store";
/// The largest body buffered to compute an `ETag`; larger ones pass through.
const MAX_BUFFERED: usize = 8 << 20;
/// What a page's nonce is replaced by before hashing.
const NONCE_MASK: &[u8] = b"(nonce)";
/// The shortest value taken for a nonce (shorter would mask ordinary text).
const MIN_NONCE: usize = 8;

/// What a request's answer may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Policy {
    /// Not ours to decide: health, metrics, server functions, other methods.
    Leave,
    /// For one person only: never stored.
    Private,
    /// For everyone: stored for a minute; `etag` when the body is buffered.
    Public { etag: bool },
}

fn policy(method: &Method, path: &str, headers: &HeaderMap) -> Policy {
    let server_fn = path.starts_with("/api/") && !path.starts_with("/api/v1/");
    if !matches!(*method, Method::GET | Method::HEAD) || server_fn || path == "/healthz" || path == "/metrics" {
        return Policy::Leave;
    }
    let private_feed = path.strip_prefix("/feeds/").is_some_and(|f| f != "public.ics" && f != "public.atom");
    if private_feed || token_from_headers(headers).is_some() || headers.contains_key(header::AUTHORIZATION) {
        return Policy::Private;
    }
    Policy::Public { etag: *method == Method::GET && !path.starts_with("/export/") }
}

/// Whether an answer to this request is the same for everyone and gets an
/// `ETag` (what [`crate::page_cache`] may keep).
pub(crate) fn is_public_page(method: &Method, path: &str, headers: &HeaderMap) -> bool {
    policy(method, path, headers) == Policy::Public { etag: true }
}

/// Whether the answer is one of the generated kinds this layer handles
/// (stylesheets, scripts and images keep their own headers).
pub(crate) fn generated(headers: &HeaderMap) -> bool {
    let Some(kind) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else { return false };
    let essence = kind.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    matches!(
        essence.as_str(),
        "text/html"
            | "application/xml"
            | "text/xml"
            | "application/atom+xml"
            | "text/calendar"
            | "text/csv"
            | "application/json"
    )
}

/// The `Cache-Control` of the wasm bundle (`/pkg/`). Its file names carry
/// no content hash, and the HTML of a new release must not hydrate with an
/// old bundle, so caches revalidate each use (`Last-Modified`; unchanged
/// files answer 304 without a body).
pub const BUNDLE: &str = "public, no-cache";

/// The layer: sets the headers each answer's [`Policy`] calls for.
pub async fn cache_headers(req: Request, next: Next) -> Response {
    let policy = policy(req.method(), req.uri().path(), req.headers());
    let if_none_match = req.headers().get(header::IF_NONE_MATCH).cloned();
    let bundle = req.uri().path().starts_with("/pkg/");
    let res = next.run(req).await;
    if bundle {
        return bundle_headers(res);
    }
    match policy {
        Policy::Leave => res,
        Policy::Private if generated(res.headers()) => private(res),
        Policy::Private => res,
        Policy::Public { etag } => public(res, etag, if_none_match).await,
    }
}

/// The bundle is sent brotli- or gzip-compressed when the request accepts
/// it, so a shared cache must key it by `Accept-Encoding`.
fn bundle_headers(mut res: Response) -> Response {
    if res.status().is_success() || res.status() == StatusCode::NOT_MODIFIED {
        let headers = res.headers_mut();
        headers.entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static(BUNDLE));
        headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    res
}

fn private(mut res: Response) -> Response {
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(PRIVATE));
    res.headers_mut().remove(header::ETAG);
    res
}

async fn public(mut res: Response, etag: bool, if_none_match: Option<HeaderValue>) -> Response {
    if res.headers().contains_key(header::SET_COOKIE) {
        return private(res);
    }
    if res.status() != StatusCode::OK || !generated(res.headers()) {
        return res;
    }
    let chosen = res.headers().get(header::CACHE_CONTROL).and_then(|v| v.to_str().ok()).unwrap_or_default();
    if chosen.contains("no-store") || chosen.contains("private") {
        return res;
    }
    let headers = res.headers_mut();
    headers.entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static(PUBLIC));
    // A signed-in visitor must not be shown the public copy of a page.
    headers.append(header::VARY, HeaderValue::from_static("cookie, authorization"));
    if !etag {
        return res;
    }
    // Answers from the page cache carry the tag computed when they were kept.
    if let Some(tag) = res.headers().get(header::ETAG).and_then(|v| v.to_str().ok()).map(str::to_string) {
        let (parts, body) = res.into_parts();
        if if_none_match.as_ref().and_then(|v| v.to_str().ok()).is_some_and(|list| matches(list, &tag)) {
            return not_modified(parts);
        }
        return Response::from_parts(parts, body);
    }
    let (mut parts, body) = res.into_parts();
    let bytes = match buffer(body).await {
        Ok(bytes) => bytes,
        Err(body) => return Response::from_parts(parts, body),
    };
    let tag = entity_tag(&bytes, nonce(&parts.headers).as_deref());
    if let Ok(value) = HeaderValue::from_str(&tag) {
        parts.headers.insert(header::ETAG, value);
    }
    if if_none_match.as_ref().and_then(|v| v.to_str().ok()).is_some_and(|list| matches(list, &tag)) {
        return not_modified(parts);
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// The whole body, or (when it is larger than [`MAX_BUFFERED`] or fails)
/// a body that replays what was read and then the rest.
pub(crate) async fn buffer(body: Body) -> Result<Bytes, Body> {
    let mut stream = body.into_data_stream();
    let mut chunks: Vec<Bytes> = Vec::new();
    let mut len = 0;
    while let Some(next) = stream.next().await {
        match next {
            Ok(chunk) => {
                len += chunk.len();
                chunks.push(chunk);
                if len > MAX_BUFFERED {
                    let read = futures_util::stream::iter(chunks.into_iter().map(Ok::<_, axum::Error>));
                    return Err(Body::from_stream(read.chain(stream)));
                }
            }
            Err(err) => {
                let mut read: Vec<Result<Bytes, axum::Error>> = chunks.into_iter().map(Ok).collect();
                read.push(Err(err));
                return Err(Body::from_stream(futures_util::stream::iter(read)));
            }
        }
    }
    Ok(match chunks.len() {
        1 => chunks.swap_remove(0),
        _ => Bytes::from(chunks.concat()),
    })
}

/// The nonce the `Content-Security-Policy` allows scripts by, if any.
pub(crate) fn nonce(headers: &HeaderMap) -> Option<String> {
    let csp = headers.get(header::CONTENT_SECURITY_POLICY)?.to_str().ok()?;
    let value = csp.split("'nonce-").nth(1)?.split('\'').next()?;
    (value.len() >= MIN_NONCE).then(|| value.to_string())
}

/// A strong `ETag` over `body` with every occurrence of `nonce` masked.
pub(crate) fn entity_tag(body: &[u8], nonce: Option<&str>) -> String {
    let mut hash = Sha256::new();
    match nonce {
        Some(nonce) => {
            let mut rest = body;
            while let Some(at) = rest.windows(nonce.len()).position(|w| w == nonce.as_bytes()) {
                hash.update(&rest[..at]);
                hash.update(NONCE_MASK);
                rest = &rest[at + nonce.len()..];
            }
            hash.update(rest);
        }
        None => hash.update(body),
    }
    let hex: String = hash.finalize().iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

/// Whether an `If-None-Match` list names `tag` (weak comparison, RFC 9110
/// §13.1.2), or is `*`.
fn matches(list: &str, tag: &str) -> bool {
    list.split(',').map(str::trim).any(|candidate| candidate == "*" || candidate.trim_start_matches("W/") == tag)
}

/// `304 Not Modified`: the validators and caching headers, no body, and no
/// `Content-Security-Policy` (the cached page's nonce needs the old one).
fn not_modified(mut parts: Parts) -> Response {
    parts.status = StatusCode::NOT_MODIFIED;
    for name in [header::CONTENT_SECURITY_POLICY, header::CONTENT_TYPE, header::CONTENT_LENGTH] {
        parts.headers.remove(name);
    }
    Response::from_parts(parts, Body::empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs.iter().map(|(k, v)| (k.parse().expect("name"), v.parse().expect("value"))).collect()
    }

    #[test]
    fn the_nonce_does_not_change_the_tag() {
        let csp = |n: &str| format!("script-src 'self' 'nonce-{n}' 'wasm-unsafe-eval'");
        let page = |n: &str| format!("<script nonce=\"{n}\">x</script><script nonce=\"{n}\"></script>");
        let (a, b) = ("AbCdEfGh1234", "ZyXwVuTs9876");
        let tag = |n: &str| {
            let h: HeaderMap = [(header::CONTENT_SECURITY_POLICY, csp(n).parse().expect("csp"))].into_iter().collect();
            entity_tag(page(n).as_bytes(), nonce(&h).as_deref())
        };
        assert_eq!(tag(a), tag(b));
        assert_ne!(entity_tag(page(a).as_bytes(), None), entity_tag(page(b).as_bytes(), None));
        assert_ne!(tag(a), entity_tag(b"<p>other</p>", Some(a)), "the content still counts");
        assert!(tag(a).starts_with('"') && tag(a).len() == 34);
    }

    #[test]
    fn if_none_match_lists_and_weak_tags_match() {
        assert!(matches("\"abc\"", "\"abc\""));
        assert!(matches("\"x\", W/\"abc\"", "\"abc\""));
        assert!(matches("*", "\"abc\""));
        assert!(!matches("\"abd\"", "\"abc\""));
    }

    #[test]
    fn policies_follow_the_requester_and_the_path() {
        let anon = HeaderMap::new();
        let signed_in = headers(&[("cookie", "theme=x; docket_session=tok")]);
        let bearer = headers(&[("authorization", "Bearer x")]);
        assert_eq!(policy(&Method::GET, "/", &anon), Policy::Public { etag: true });
        assert_eq!(policy(&Method::HEAD, "/", &anon), Policy::Public { etag: false });
        assert_eq!(policy(&Method::GET, "/export/matters.csv", &anon), Policy::Public { etag: false });
        assert_eq!(policy(&Method::GET, "/", &signed_in), Policy::Private);
        assert_eq!(policy(&Method::GET, "/api/v1/matters", &bearer), Policy::Private);
        assert_eq!(policy(&Method::GET, "/feeds/0123abcd.ics", &anon), Policy::Private);
        assert_eq!(policy(&Method::GET, "/feeds/public.atom", &anon), Policy::Public { etag: true });
        assert_eq!(policy(&Method::POST, "/matters", &anon), Policy::Leave);
        for path in ["/healthz", "/metrics", "/api/dashboard"] {
            assert_eq!(policy(&Method::GET, path, &anon), Policy::Leave, "{path}");
        }
    }

    #[test]
    fn only_generated_kinds_are_handled() {
        assert!(generated(&headers(&[("content-type", "text/html; charset=utf-8")])));
        assert!(generated(&headers(&[("content-type", "application/atom+xml")])));
        assert!(!generated(&headers(&[("content-type", "text/css")])));
        assert!(!generated(&HeaderMap::new()));
    }
}
