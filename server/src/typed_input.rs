//! Nothing typed is lost when a form is refused without JavaScript.
//!
//! A browser without JavaScript posts a form straight to its server
//! function; when the function refuses it (a field needs attention),
//! Leptos sends the browser back to the form with the error in the query
//! (`__err`), and the page shows each message beside its field, but the
//! values typed are gone. This layer adds them to that redirect as
//! `__form` (the posted fields, URL-encoded, in base64), and the form reads them back
//! (`app::components::form::typed`). Passwords, sign-in codes, secrets and
//! tokens are never put in a URL; a form larger than [`MAX_KEPT`] is not
//! kept (the messages still show).

use axum::{
    body::{Body, to_bytes},
    extract::Request,
    http::{HeaderValue, Method, header},
    middleware::Next,
    response::Response,
};

/// The most bytes of typed input put into a redirect's URL.
pub const MAX_KEPT: usize = 6 * 1024;
/// The largest form body this layer reads; larger ones pass untouched.
const MAX_BODY: usize = 64 * 1024;

/// Fields never copied into a URL.
fn secret(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    ["password", "code", "secret", "token"].iter().any(|s| name.contains(s))
}

/// The posted fields worth keeping, URL-encoded; `None` when too large.
pub fn kept(body: &[u8]) -> Option<String> {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (name, value) in form_urlencoded::parse(body) {
        if !secret(&name) {
            out.append_pair(&name, &value);
        }
    }
    let kept = out.finish();
    (!kept.is_empty() && kept.len() <= MAX_KEPT).then_some(kept)
}

/// `location` with the typed input added, when it is Leptos's error
/// redirect. It goes in as URL-safe base64 (as Leptos sends `__err`), which
/// no decoding of the query on the way can alter.
fn with_typed(location: &str, kept: &str) -> Option<String> {
    use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
    if !location.contains("__err=") || location.contains("__form=") {
        return None;
    }
    Some(format!("{location}&__form={}", URL_SAFE_NO_PAD.encode(kept)))
}

/// The layer: reads a posted form to a server function, and adds it to the
/// redirect Leptos answers with when the function refuses it.
pub async fn keep_typed_input(req: Request, next: Next) -> Response {
    let urlencoded = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"));
    let path = req.uri().path();
    let server_fn = path.starts_with("/api/") && !path.starts_with("/api/v1/");
    // A form of unknown or larger size passes untouched (it is not kept).
    let small = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<usize>().ok())
        .is_some_and(|n| n <= MAX_BODY);
    if req.method() != Method::POST || !server_fn || !urlencoded || !small {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
        // The body did not match its Content-Length.
        return Response::builder().status(400).body(Body::from("malformed form body")).unwrap_or_default();
    };
    let kept = kept(&bytes);
    let mut res = next.run(Request::from_parts(parts, Body::from(bytes))).await;
    if !res.status().is_redirection() {
        return res;
    }
    let Some(kept) = kept else { return res };
    let location = res.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default();
    if let Some(next) = with_typed(location, &kept).and_then(|l| HeaderValue::from_str(&l).ok()) {
        res.headers_mut().insert(header::LOCATION, next);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_never_kept() {
        let body = b"username=ana&password=hunter2&form%5Btitle%5D=CBP+records&code=123456&new_password=x";
        assert_eq!(kept(body).as_deref(), Some("username=ana&form%5Btitle%5D=CBP+records"));
        assert_eq!(kept(b"password=x"), None, "nothing left to keep");
    }

    #[test]
    fn large_forms_are_not_kept() {
        let big = format!("form%5Bsummary%5D={}", "a".repeat(MAX_KEPT));
        assert_eq!(kept(big.as_bytes()), None);
    }

    #[test]
    fn only_error_redirects_carry_the_input() {
        let kept = "form%5Btitle%5D=A+%26+B";
        assert_eq!(with_typed("/matters/new?kind=x", kept), None);
        let back = with_typed("/matters/new?kind=x&__path=%2Fapi%2Fx&__err=e30", kept).expect("added");
        assert_eq!(back, "/matters/new?kind=x&__path=%2Fapi%2Fx&__err=e30&__form=Zm9ybSU1QnRpdGxlJTVEPUErJTI2K0I");
        assert_eq!(with_typed(&back, kept), None, "added once");
    }
}
