//! A server-side cache of the answers every anonymous visitor gets.
//!
//! The public pages (home, published matters, scorecards, theories,
//! provisions, feeds, the public JSON API) are the same for every visitor
//! without an account, and rendering some of them (the home page's
//! scorecards over every published matter) is costly. So an anonymous `GET`
//! (no `Cookie`, no `Authorization`) whose answer [`crate::caching`] would
//! call public is kept in memory, keyed by its path and query, `Host`,
//! `X-Forwarded-Proto` and `Accept`, and later requests for the same key are
//! answered from memory.
//!
//! Freshness: any write made with a session or token (every non-`GET`
//! request that carries a cookie or `Authorization`) empties the cache of
//! this process at once, so a clinic that publishes a matter sees it on the
//! public pages on its next click. Writes this process cannot see (another
//! instance on the same PostgreSQL, the command line, background imports and
//! jobs) show within the time to live, [`DEFAULT_TTL`] unless configured;
//! the pages already tell browsers they may reuse them for 60 s
//! ([`crate::caching::PUBLIC`]). When an entry has outlived its time to
//! live, one request renders it again while the others are still answered
//! with the old copy, so an expiry does not stall every visitor; a missing
//! entry is rendered once, with concurrent requests for it waiting for that
//! render instead of rendering it too.
//!
//! A page's Content-Security-Policy nonce must differ between responses, so
//! the body is kept split at the nonce and every answer from the cache gets
//! a fresh one, in the page and in its policy. The `X-Docket-Cache` header
//! says whether an answer came from the cache.

use crate::caching;
use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::Response,
};
use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex, PoisonError,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

/// How long an entry is served before it is rendered again.
pub const DEFAULT_TTL: Duration = Duration::from_secs(10);
/// The header that says how the cache answered: `miss` (rendered now and
/// kept), `hit` or `stale` (kept, while being rendered again).
pub const CACHE_STATUS: header::HeaderName = header::HeaderName::from_static("x-docket-cache");
/// The most entries kept (the oldest go first).
const MAX_ENTRIES: usize = 1024;
/// The largest body kept.
const MAX_BODY: usize = 2 << 20;

/// What a request is answered by: everything the answer may depend on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    path_and_query: String,
    host: String,
    forwarded_proto: String,
    accept: String,
}

/// A kept answer: its headers (without the policy), and its body split at
/// the nonce when it had one.
#[derive(Debug)]
struct Entry {
    generation: u64,
    stored: Instant,
    headers: HeaderMap,
    parts: Vec<Bytes>,
    nonced: bool,
}

/// The cache, shared by every request of this process.
#[derive(Debug, Clone)]
pub struct PageCache {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    ttl: Duration,
    generation: AtomicU64,
    entries: Mutex<HashMap<Key, Arc<Entry>>>,
    rendering: Mutex<HashMap<Key, Arc<tokio::sync::Mutex<()>>>>,
}

impl Default for PageCache {
    fn default() -> Self {
        PageCache::new(DEFAULT_TTL)
    }
}

impl PageCache {
    /// A cache whose entries live `ttl`; a zero `ttl` keeps nothing.
    pub fn new(ttl: Duration) -> Self {
        PageCache {
            inner: Arc::new(Inner {
                ttl,
                generation: AtomicU64::new(0),
                entries: Mutex::default(),
                rendering: Mutex::default(),
            }),
        }
    }

    /// Forgets every entry (a write may have changed any public page).
    pub fn invalidate(&self) {
        self.inner.generation.fetch_add(1, Ordering::SeqCst);
        self.inner.entries.lock().unwrap_or_else(PoisonError::into_inner).clear();
    }

    fn generation(&self) -> u64 {
        self.inner.generation.load(Ordering::SeqCst)
    }

    /// The entry for `key` if it belongs to the current generation, and
    /// whether it is still within its time to live.
    fn lookup(&self, key: &Key) -> Option<(Arc<Entry>, bool)> {
        let entry = self.inner.entries.lock().unwrap_or_else(PoisonError::into_inner).get(key).cloned()?;
        (entry.generation == self.generation()).then(|| {
            let fresh = entry.stored.elapsed() < self.inner.ttl;
            (entry, fresh)
        })
    }

    fn store(&self, key: Key, entry: Entry) {
        let mut entries = self.inner.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entry.generation != self.generation() {
            return;
        }
        if entries.len() >= MAX_ENTRIES && !entries.contains_key(&key) {
            let oldest = entries.iter().min_by_key(|(_, e)| e.stored).map(|(k, _)| k.clone());
            if let Some(oldest) = oldest {
                entries.remove(&oldest);
            }
        }
        entries.insert(key, Arc::new(entry));
    }

    /// The lock held while `key` is rendered.
    fn render_lock(&self, key: &Key) -> Arc<tokio::sync::Mutex<()>> {
        let mut rendering = self.inner.rendering.lock().unwrap_or_else(PoisonError::into_inner);
        if rendering.len() > MAX_ENTRIES {
            rendering.retain(|_, lock| Arc::strong_count(lock) > 1);
        }
        rendering.entry(key.clone()).or_default().clone()
    }
}

/// The key of a request the cache may answer, if it is one.
fn key(req: &Request) -> Option<Key> {
    let headers = req.headers();
    if req.method() != Method::GET
        || headers.contains_key(header::COOKIE)
        || headers.contains_key(header::AUTHORIZATION)
    {
        return None;
    }
    if !caching::is_public_page(req.method(), req.uri().path(), headers) {
        return None;
    }
    let text = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    Some(Key {
        path_and_query: req.uri().path_and_query().map_or_else(|| req.uri().path().to_string(), ToString::to_string),
        host: text(header::HOST),
        forwarded_proto: headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()).unwrap_or("").to_string(),
        accept: text(header::ACCEPT),
    })
}

/// Whether `req` may change data: any other method, made by someone signed
/// in (an anonymous post, such as a failed sign-in, changes no public page).
fn writes(req: &Request) -> bool {
    let signed = req.headers().contains_key(header::COOKIE) || req.headers().contains_key(header::AUTHORIZATION);
    signed && !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The layer: answers from the cache, fills it, and empties it after writes.
pub async fn serve(State(cache): State<PageCache>, req: Request, next: Next) -> Response {
    if writes(&req) {
        let res = next.run(req).await;
        cache.invalidate();
        return res;
    }
    let Some(key) = key(&req).filter(|_| !cache.inner.ttl.is_zero()) else {
        return next.run(req).await;
    };
    let stale = match cache.lookup(&key) {
        Some((entry, true)) => return answer(&entry, "hit"),
        Some((entry, false)) => Some(entry),
        None => None,
    };
    let lock = cache.render_lock(&key);
    let _guard = match (stale, lock.try_lock()) {
        (_, Ok(guard)) => guard,
        // Someone is rendering it again: the old copy will do meanwhile.
        (Some(stale), Err(_)) => return answer(&stale, "stale"),
        (None, Err(_)) => {
            let guard = lock.lock().await;
            if let Some((entry, _)) = cache.lookup(&key) {
                return answer(&entry, "hit");
            }
            guard
        }
    };
    let generation = cache.generation();
    let res = next.run(req).await;
    keep(&cache, key, generation, res).await
}

/// Stores `res` under `key` when it is a page everyone may be shown, and
/// returns it (rebuilt from what was kept, so it is sent the same way).
async fn keep(cache: &PageCache, key: Key, generation: u64, res: Response) -> Response {
    if !storable(&res) {
        return res;
    }
    let (parts, body) = res.into_parts();
    let bytes = match caching::buffer(body).await {
        Ok(bytes) if bytes.len() <= MAX_BODY => bytes,
        Ok(bytes) => return Response::from_parts(parts, Body::from(bytes)),
        Err(body) => return Response::from_parts(parts, body),
    };
    let mut headers = parts.headers;
    let nonce = caching::nonce(&headers);
    if let Ok(tag) = HeaderValue::from_str(&caching::entity_tag(&bytes, nonce.as_deref())) {
        headers.insert(header::ETAG, tag);
    }
    headers.remove(header::CONTENT_SECURITY_POLICY);
    headers.remove(header::CONTENT_LENGTH);
    headers.remove(header::DATE);
    let entry = Entry {
        generation,
        stored: Instant::now(),
        headers,
        parts: split(&bytes, nonce.as_deref()),
        nonced: nonce.is_some(),
    };
    let res = answer(&entry, "miss");
    cache.store(key, entry);
    res
}

/// Whether `res` may be kept: a complete public 200 that sets no cookie and
/// was not marked private by its handler, of a size worth keeping.
fn storable(res: &Response) -> bool {
    let headers = res.headers();
    let chosen = headers.get(header::CACHE_CONTROL).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let small = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<usize>().ok())
        .is_none_or(|len| len <= MAX_BODY);
    res.status() == StatusCode::OK
        && caching::generated(headers)
        && !headers.contains_key(header::SET_COOKIE)
        && !chosen.contains("no-store")
        && !chosen.contains("private")
        && small
}

/// `body` cut at every occurrence of `nonce` (the whole body without one).
fn split(body: &Bytes, nonce: Option<&str>) -> Vec<Bytes> {
    let Some(nonce) = nonce.map(str::as_bytes).filter(|n| !n.is_empty()) else { return vec![body.clone()] };
    let mut parts = Vec::new();
    let mut start = 0;
    while let Some(at) = body[start..].windows(nonce.len()).position(|w| w == nonce) {
        parts.push(body.slice(start..start + at));
        start += at + nonce.len();
    }
    parts.push(body.slice(start..));
    parts
}

/// The response for a kept entry, with a fresh nonce if it had one.
fn answer(entry: &Entry, how: &'static str) -> Response {
    let mut headers = entry.headers.clone();
    headers.insert(CACHE_STATUS, HeaderValue::from_static(how));
    let body = if entry.nonced {
        let nonce = leptos::nonce::Nonce::new().to_string();
        if let Ok(policy) = HeaderValue::from_str(&app::app::content_security_policy(&nonce)) {
            headers.insert(header::CONTENT_SECURITY_POLICY, policy);
        }
        Bytes::from(entry.parts.join(nonce.as_bytes()))
    } else {
        entry.parts.first().cloned().unwrap_or_default()
    };
    let mut res = Response::new(Body::from(body));
    *res.headers_mut() = headers;
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(method: Method, uri: &str, headers: &[(&'static str, &'static str)]) -> Request {
        let mut req = Request::builder().method(method).uri(uri);
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        req.body(Body::empty()).expect("request")
    }

    #[test]
    fn only_anonymous_public_gets_are_kept() {
        assert!(key(&request(Method::GET, "/", &[])).is_some());
        assert!(key(&request(Method::GET, "/matters/x?tab=1", &[("accept", "text/html")])).is_some());
        assert!(key(&request(Method::HEAD, "/", &[])).is_none());
        assert!(key(&request(Method::GET, "/", &[("cookie", "docket_session=t")])).is_none());
        assert!(key(&request(Method::GET, "/", &[("cookie", "other=1")])).is_none(), "any cookie");
        assert!(key(&request(Method::GET, "/api/v1/matters", &[("authorization", "Bearer x")])).is_none());
        assert!(key(&request(Method::GET, "/feeds/0123abcd.ics", &[])).is_none(), "a private feed");
        assert!(key(&request(Method::GET, "/export/matters.csv", &[])).is_none(), "streamed");
        assert!(key(&request(Method::GET, "/healthz", &[])).is_none());
    }

    #[test]
    fn the_key_holds_what_the_answer_depends_on() {
        let a = key(&request(Method::GET, "/?q=1", &[("host", "a.example")])).expect("key");
        let b = key(&request(Method::GET, "/?q=1", &[("host", "b.example")])).expect("key");
        let c = key(&request(Method::GET, "/?q=2", &[("host", "a.example")])).expect("key");
        let d = key(&request(Method::GET, "/?q=1", &[("host", "a.example"), ("x-forwarded-proto", "https")]));
        assert_ne!(a, b);
        assert_ne!(a, c);
        assert_ne!(Some(a.clone()), d);
        assert_eq!(Some(a), key(&request(Method::GET, "/?q=1", &[("host", "a.example")])));
    }

    #[test]
    fn only_signed_in_writes_empty_the_cache() {
        assert!(writes(&request(Method::POST, "/api/save_event", &[("cookie", "docket_session=t")])));
        assert!(writes(&request(Method::DELETE, "/api/v1/x", &[("authorization", "Bearer t")])));
        assert!(!writes(&request(Method::POST, "/login", &[])));
        assert!(!writes(&request(Method::GET, "/", &[("cookie", "docket_session=t")])));
    }

    #[test]
    fn every_answer_gets_its_own_nonce() {
        let body = Bytes::from_static(b"<script nonce=\"N0nceN0nce\">a</script><p>N0nceN0nce</p>end");
        let parts = split(&body, Some("N0nceN0nce"));
        assert_eq!(parts.len(), 3);
        assert_eq!(split(&body, None), vec![body.clone()]);
        let entry = Entry { generation: 0, stored: Instant::now(), headers: HeaderMap::new(), parts, nonced: true };
        let (one, two) = (answer(&entry, "hit"), answer(&entry, "hit"));
        let policy = |r: &Response| caching::nonce(r.headers()).expect("a nonce in the policy");
        assert_ne!(policy(&one), policy(&two));
        assert!(!policy(&one).contains("N0nceN0nce"));
    }

    #[test]
    fn a_write_forgets_and_outdates_entries() {
        let cache = PageCache::new(Duration::from_secs(60));
        let k = key(&request(Method::GET, "/", &[])).expect("key");
        let entry = |generation| Entry {
            generation,
            stored: Instant::now(),
            headers: HeaderMap::new(),
            parts: vec![Bytes::from_static(b"x")],
            nonced: false,
        };
        cache.store(k.clone(), entry(0));
        assert!(matches!(cache.lookup(&k), Some((_, true))));
        cache.invalidate();
        assert!(cache.lookup(&k).is_none());
        // A render that began before the write is not kept.
        cache.store(k.clone(), entry(0));
        assert!(cache.lookup(&k).is_none());
        cache.store(k.clone(), entry(1));
        assert!(cache.lookup(&k).is_some());
    }

    #[test]
    fn an_entry_past_its_time_is_stale() {
        let cache = PageCache::new(Duration::ZERO);
        let k = key(&request(Method::GET, "/", &[])).expect("key");
        let entry =
            Entry { generation: 0, stored: Instant::now(), headers: HeaderMap::new(), parts: vec![], nonced: false };
        cache.store(k.clone(), entry);
        assert!(matches!(cache.lookup(&k), Some((_, false))));
    }
}
