//! What a request's headers say that several surfaces need: a cookie's
//! value, whether the client reached us over HTTPS (through the proxy), the
//! site's address, and one-time cookies that carry a secret from a plain
//! form post to the page it leads back to.

use http::{HeaderMap, HeaderValue, header};
use leptos::prelude::use_context;

/// The value of cookie `name` in the request's `Cookie` headers (an empty
/// value counts as absent).
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, value)| *n == name && !value.is_empty())
        .map(|(_, value)| value.to_string())
}

/// Whether the client used HTTPS: the reverse proxy says so with
/// `X-Forwarded-Proto: https` (cookies are then marked `Secure`).
pub fn behind_https(headers: &HeaderMap) -> bool {
    headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()) == Some("https")
}

/// Where the request was sent: the base of absolute links, and the host.
#[derive(Debug, Clone)]
pub struct Site {
    /// `https://docket.example.org`, without a trailing slash.
    pub base_url: String,
    /// `docket.example.org` (no port): the right-hand side of feed UIDs.
    pub host: String,
}

/// The site the request names in `Host` (checked; `localhost` when absent
/// or malformed) and its scheme.
pub fn site(headers: &HeaderMap) -> Site {
    let authority = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c)))
        .unwrap_or("localhost");
    let host = match authority.rsplit_once(':') {
        Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name,
        _ => authority,
    };
    let scheme = if behind_https(headers) { "https" } else { "http" };
    Site { base_url: format!("{scheme}://{authority}"), host: host.to_string() }
}

/// A cookie that carries a just-issued secret (a password, a token) from a
/// form post made without JavaScript to the one page it is shown on, for
/// two minutes, then is cleared when read.
pub struct OneTimeCookie {
    pub name: &'static str,
    /// The only path the browser sends it to.
    pub path: &'static str,
}

impl OneTimeCookie {
    const LIFETIME_SECONDS: u32 = 120;

    fn set(&self, request: &HeaderMap, value: &str, max_age: u32) {
        let cookie = format!(
            "{}={value}; Path={}; HttpOnly; SameSite=Strict; Max-Age={max_age}{}",
            self.name,
            self.path,
            if behind_https(request) { "; Secure" } else { "" }
        );
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>()
            && let Ok(cookie) = HeaderValue::from_str(&cookie)
        {
            response.append_header(header::SET_COOKIE, cookie);
        }
    }

    /// Keeps `value` for the page a plain form post is sent back to. A
    /// script's call (which asks for JSON) shows the secret itself.
    pub fn keep(&self, value: &str) {
        let Some(parts) = use_context::<http::request::Parts>() else { return };
        let accept = parts.headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or("");
        if accept.contains("text/html") {
            self.set(&parts.headers, value, Self::LIFETIME_SECONDS);
        }
    }

    /// The kept value, if this request carries one; clears it.
    pub fn take(&self) -> Option<String> {
        let parts = use_context::<http::request::Parts>()?;
        let value = cookie(&parts.headers, self.name)?;
        self.set(&parts.headers, "", 0);
        Some(value)
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

    #[test]
    fn finds_a_cookie_among_others_and_skips_empty_ones() {
        let h = headers(&[("cookie", "a=1; docket_session=; b=2"), ("cookie", "docket_session=tok")]);
        assert_eq!(cookie(&h, "docket_session").as_deref(), Some("tok"));
        assert_eq!(cookie(&h, "b").as_deref(), Some("2"));
        assert_eq!(cookie(&h, "missing"), None);
    }
}
