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
//! kept (the messages still show). When the function succeeds, the
//! redirect back gets `__done` (the function's path) instead, and the page
//! says the change was saved: pages are rendered on the server (only
//! islands run in the browser), so every form, with or without JavaScript,
//! comes back this way.

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

/// `location` made the one refusal it reports, when it is Leptos's error
/// redirect: Leptos appends its `__path` and `__err` to the page's URL,
/// which may still carry an earlier refusal's or success's; only the latest
/// stays, and the typed input (`kept`) is added as `__form`. It goes in as
/// URL-safe base64 (as Leptos sends `__err`), which no decoding of the
/// query on the way can alter. It ends in `#problem`: the browser scrolls
/// to the refused form's message (its id), not the top of the page.
fn with_typed(location: &str, kept: Option<&str>) -> Option<String> {
    use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
    let location = location.split_once('#').map_or(location, |(before, _)| before);
    let (path, err) = (last_param(location, "__path")?, last_param(location, "__err")?);
    let form = kept.map(|k| URL_SAFE_NO_PAD.encode(k));
    let mut ours = vec![("__path", path.as_str()), ("__err", err.as_str())];
    ours.extend(form.as_deref().map(|f| ("__form", f)));
    Some(format!("{}#problem", with_ours(location, &ours)))
}

/// The last value of the query parameter `name` in `url`.
fn last_param(url: &str, name: &str) -> Option<String> {
    let (_, query) = url.split_once('?')?;
    form_urlencoded::parse(query.as_bytes()).filter(|(n, _)| n == name).last().map(|(_, v)| v.into_owned())
}

/// `url` without the parameters Leptos and this layer add (`__path`,
/// `__err`, `__form`, `__done`), then with `ours` appended.
fn with_ours(url: &str, ours: &[(&str, &str)]) -> String {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (name, value) in form_urlencoded::parse(query.as_bytes()) {
        if !name.starts_with("__") {
            out.append_pair(&name, &value);
        }
    }
    out.extend_pairs(ours);
    let query = out.finish();
    if query.is_empty() { base.to_string() } else { format!("{base}?{query}") }
}

/// `location` marked `__done=<server function path>`, when it sends the
/// browser back to the page the form was on (`referer`) after the function
/// succeeded: the page then says the change was saved (see the app's
/// `components::form::done`). A redirect elsewhere (to a new matter, after
/// signing in) is left as it is.
fn with_done(location: &str, referer: &str, path: &str) -> Option<String> {
    if location.contains("__err=") || with_ours(location, &[]) != with_ours(referer, &[]) {
        return None;
    }
    // `#saved`: the browser scrolls to the page's "Saved" line (its id), so
    // the reader lands where the form was, not at the top.
    Some(format!("{}#saved", with_ours(location, &[("__done", path)])))
}

/// The layer: reads a posted form to a server function, adds it to the
/// redirect Leptos answers with when the function refuses it, and marks the
/// redirect back to the form's page when it succeeds.
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
    let referer = req.headers().get(header::REFERER).and_then(|v| v.to_str().ok()).map(str::to_string);
    let fn_path = path.to_string();
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
    let location = res.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let done = referer.and_then(|r| with_done(location, &r, &fn_path));
    let typed = with_typed(location, kept.as_deref());
    if let Some(next) = done.or(typed).and_then(|l| HeaderValue::from_str(&l).ok()) {
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
        assert_eq!(with_typed("/matters/new?kind=x", Some(kept)), None);
        let back = with_typed("/matters/new?kind=x&__path=%2Fapi%2Fx&__err=e30", Some(kept)).expect("added");
        assert_eq!(
            back,
            "/matters/new?kind=x&__path=%2Fapi%2Fx&__err=e30&__form=Zm9ybSU1QnRpdGxlJTVEPUErJTI2K0I#problem"
        );
        assert_eq!(with_typed(&back, Some(kept)).as_deref(), Some(&*back), "added once");
    }

    #[test]
    fn a_second_refusal_replaces_the_first() {
        // Refused, then refused again from the page the first refusal left:
        // Leptos appends the new error after the old one.
        let location = "/m?__done=%2Fapi%2Fy&__path=%2Fapi%2Fx&__err=old&__form=b2xk&__path=%2Fapi%2Fz&__err=new";
        assert_eq!(with_typed(location, None).as_deref(), Some("/m?__path=%2Fapi%2Fz&__err=new#problem"));
    }

    #[test]
    fn a_success_back_to_the_form_is_marked_done() {
        let referer = "http://h/matters/a?tab=x&__path=%2Fapi%2Fx&__err=e30&__form=Zm8";
        // Leptos strips its own error parameters on success, not `__form`.
        let location = "http://h/matters/a?tab=x&__form=Zm8";
        assert_eq!(
            with_done(location, referer, "/api/log_event").as_deref(),
            Some("http://h/matters/a?tab=x&__done=%2Fapi%2Flog_event#saved")
        );
        assert_eq!(with_done("http://h/", "http://h/", "/api/a").as_deref(), Some("http://h/?__done=%2Fapi%2Fa#saved"));
        assert_eq!(with_done("/matters/new-one", referer, "/api/x"), None, "a redirect elsewhere");
        assert_eq!(with_done("http://h/matters/a?__path=p&__err=e30", referer, "/api/x"), None, "a refusal");
    }
}
