//! The server-side cache of anonymous public pages: repeat views come from
//! memory with a fresh nonce each, signed-in visitors never see a kept
//! copy, and a signed-in write shows on the public pages at once.

use crate::support::html;
use e2e::{TestApp, both, spawn_app};
use reqwest::{Client, Response, StatusCode, redirect::Policy};

async fn anonymous(app: &TestApp, path: &str) -> anyhow::Result<Response> {
    Ok(Client::new().get(format!("{}{path}", app.base)).send().await?)
}

fn cache_status(res: &Response) -> Option<String> {
    res.headers().get("x-docket-cache").and_then(|v| v.to_str().ok()).map(str::to_string)
}

/// The nonce of a page's Content-Security-Policy.
fn nonce(res: &Response) -> String {
    let csp = res.headers().get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or_default();
    csp.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).unwrap_or_default().to_string()
}

both!(repeat_views_come_from_memory_with_fresh_nonces, |engine| async move {
    let app = spawn_app(engine).await?;
    let first = anonymous(&app, "/").await?;
    assert_eq!(first.status(), StatusCode::OK);
    assert_eq!(cache_status(&first).as_deref(), Some("miss"), "the first view is rendered");
    let second = anonymous(&app, "/").await?;
    assert_eq!(cache_status(&second).as_deref(), Some("hit"), "the second is kept");
    let tag = |r: &Response| r.headers().get("etag").cloned();
    assert!(tag(&first).is_some() && tag(&first) == tag(&second), "the same ETag");
    let (n1, n2) = (nonce(&first), nonce(&second));
    assert!(n1.len() >= 8 && n2.len() >= 8 && n1 != n2, "each answer has its own nonce");
    let (b1, b2) = (first.text().await?, second.text().await?);
    assert!(b2.contains(&format!("nonce=\"{n2}\"")) && !b2.contains(&n1), "the page carries the new nonce");
    assert_eq!(b1.replace(&n1, "N"), b2.replace(&n2, "N"), "and is otherwise the same page");

    let cached = anonymous(&app, "/").await?;
    let revalidated = Client::new()
        .get(format!("{}/", app.base))
        .header("if-none-match", cached.headers().get("etag").expect("etag"))
        .send()
        .await?;
    assert_eq!(revalidated.status(), StatusCode::NOT_MODIFIED, "a kept page still answers 304");
    app.cleanup().await;
    anyhow::Ok(())
});

both!(signed_in_views_and_errors_are_never_kept, |engine| async move {
    let app = spawn_app(engine).await?;
    anonymous(&app, "/").await?;
    app.login("attorney", "attorney-demo").await?;
    let res = app.client.get(format!("{}/", app.base)).send().await?;
    assert_eq!(cache_status(&res), None, "a signed-in view bypasses the cache");
    assert!(res.text().await?.contains("May sue now"), "and is the dashboard, not the kept public home");
    for _ in 0..2 {
        let missing = anonymous(&app, "/matters/no-such-matter").await?;
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
        assert_eq!(cache_status(&missing), None, "a 404 is not kept");
    }
    app.cleanup().await;
    anyhow::Ok(())
});

both!(a_signed_in_write_shows_on_the_public_pages_at_once, |engine| async move {
    let app = spawn_app(engine).await?;
    let text = "Cached pages must not hide this new statement.";
    assert!(!anonymous(&app, "/").await?.text().await?.contains(text));
    assert_eq!(cache_status(&anonymous(&app, "/").await?).as_deref(), Some("hit"));
    let admin = Client::builder().redirect(Policy::none()).cookie_store(true).build()?;
    admin.post(format!("{}/login", app.base)).form(&[("username", "admin"), ("password", "admin-demo")]).send().await?;
    let (status, _) = app.call_as(&admin, "settings/purpose", &[("purpose", text)]).await?;
    assert_eq!(status, StatusCode::OK);
    let after = anonymous(&app, "/").await?;
    assert_eq!(cache_status(&after).as_deref(), Some("miss"), "the write emptied the cache");
    assert!(after.text().await?.contains(&html(text)), "the new statement is shown at once");
    app.cleanup().await;
    anyhow::Ok(())
});
