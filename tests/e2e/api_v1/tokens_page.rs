//! `/account/tokens` without JavaScript: create an API token (its secret
//! shown once) and use it, revoke it; create, replace and revoke the
//! private feed; nobody acts on another's tokens.

use super::{api, error_of};
use app::server::tokens::{self, Purpose};
use e2e::{TestApp, both, spawn_app};
use reqwest::{Client, StatusCode, redirect::Policy};

/// Posts a form the way a browser without JavaScript does; the redirect target.
async fn post_form(app: &TestApp, client: &Client, endpoint: &str, form: &[(&str, &str)]) -> anyhow::Result<String> {
    let referer = format!("{}/account/tokens", app.base);
    let res = client
        .post(format!("{}/api/{endpoint}", app.base))
        .header("accept", "text/html")
        .header("referer", &referer)
        .form(form)
        .send()
        .await?;
    let location = res.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_string();
    anyhow::ensure!(res.status().is_redirection() && location.starts_with(&referer), "{endpoint}: {location}");
    Ok(location)
}

async fn page(app: &TestApp, client: &Client, path: &str) -> anyhow::Result<String> {
    let res = client.get(format!("{}{path}", app.base)).send().await?;
    anyhow::ensure!(res.status() == StatusCode::OK, "GET {path}: {}", res.status());
    Ok(e2e::unmarked(&res.text().await?))
}

/// The secret shown once on the page.
fn shown_secret(page: &str) -> Option<String> {
    let start = page.find("shown only this once:")?;
    page[start..].split("<code class=\"secret\">").nth(1)?.split("</code>").next().map(str::to_string)
}

/// The id in the revoke form of the token named `name`.
fn revoke_id(page: &str, name: &str) -> Option<String> {
    let row = page.split("<tr>").find(|row| row.contains(&format!("<td>{name}</td>")))?;
    row.split("name=\"id\" value=\"").nth(1)?.split('"').next().map(str::to_string)
}

async fn api_tokens(app: &TestApp) -> anyhow::Result<()> {
    let attorney = app.demo_client("attorney").await?;
    assert!(page(app, &attorney, "/").await?.contains("href=\"/account/tokens\""), "the header links to the page");
    assert!(page(app, &attorney, "/account/tokens").await?.contains("You have no API tokens."));
    let location = post_form(app, &attorney, "tokens/create", &[("name", " ")]).await?;
    let refused = page(app, &attorney, location.trim_start_matches(&app.base)).await?;
    assert!(refused.contains("is required"), "the name's message is on the page");

    post_form(app, &attorney, "tokens/create", &[("name", "deadline sync")]).await?;
    let shown = page(app, &attorney, "/account/tokens").await?;
    let secret = shown_secret(&shown).expect("the secret is shown");
    assert!(shown.contains("<td>deadline sync</td>") && shown.contains(&format!("{}…", &secret[..8])), "listed");
    let again = page(app, &attorney, "/account/tokens").await?;
    assert!(!again.contains(&secret), "shown only once");
    let (status, _) = api(app, "/api/v1/matters/epic-cbp-request", Some(&secret)).await?;
    assert_eq!(status, StatusCode::OK, "the new token reads the organisation's unpublished matter");
    let used = page(app, &attorney, "/account/tokens").await?;
    let row = used.split("<tr>").find(|r| r.contains("<td>deadline sync</td>")).unwrap_or_default();
    assert!(again.contains("never") && !row.contains("never"), "the last use is shown: {row}");

    let id = revoke_id(&again, "deadline sync").expect("a revoke form");
    let other = app.demo_client("otherattorney").await?;
    let (status, _) = app.call_as(&other, "tokens/revoke", &[("id", &id)]).await?;
    assert_eq!(status, StatusCode::NOT_FOUND, "not their token");
    assert_eq!(api(app, "/api/v1/matters", Some(&secret)).await?.0, StatusCode::OK, "still live");
    post_form(app, &attorney, "tokens/revoke", &[("id", &id)]).await?;
    let (status, body) = api(app, "/api/v1/matters", Some(&secret)).await?;
    assert_eq!((status, error_of(&body).0.as_str()), (StatusCode::UNAUTHORIZED, "unauthorized"), "revoked");
    assert!(page(app, &attorney, "/account/tokens").await?.contains("You have no API tokens."));
    Ok(())
}

async fn feed(app: &TestApp) -> anyhow::Result<()> {
    let student = app.demo_client("student").await?;
    assert!(page(app, &student, "/account/tokens").await?.contains("You have no private feed URL."));
    post_form(app, &student, "tokens/feed", &[]).await?;
    let shown = page(app, &student, "/account/tokens").await?;
    let url = shown_secret(&shown).expect("the feed URL is shown");
    let secret = url.split("/feeds/").nth(1).and_then(|s| s.strip_suffix(".ics")).expect("a feed URL").to_string();
    assert!(url.starts_with(&app.base), "an address to subscribe to: {url}");
    assert!(tokens::authenticate(&app.db, &secret, Purpose::Feed).await?.is_some_and(|u| u.username == "student"));
    assert!(page(app, &student, "/account/tokens").await?.contains("You have a private feed URL"));

    post_form(app, &student, "tokens/feed", &[]).await?;
    let replaced = shown_secret(&page(app, &student, "/account/tokens").await?).expect("a new URL");
    assert_ne!(replaced, url);
    assert!(tokens::authenticate(&app.db, &secret, Purpose::Feed).await?.is_none(), "the old URL stops working");
    post_form(app, &student, "tokens/revoke_feed", &[]).await?;
    let new_secret = replaced.split("/feeds/").nth(1).and_then(|s| s.strip_suffix(".ics")).unwrap_or_default();
    assert!(tokens::authenticate(&app.db, new_secret, Purpose::Feed).await?.is_none(), "revoked");
    assert!(page(app, &student, "/account/tokens").await?.contains("You have no private feed URL."));
    Ok(())
}

both!(the_tokens_page_creates_and_revokes_without_javascript, |engine| async move {
    let app = spawn_app(engine).await?;
    let public = Client::builder().redirect(Policy::none()).build()?;
    assert_ne!(public.get(format!("{}/account/tokens", app.base)).send().await?.status(), StatusCode::OK);
    for endpoint in ["tokens/list", "tokens/create", "tokens/revoke", "tokens/feed", "tokens/revoke_feed"] {
        let (status, _) = app.call_as(&public, endpoint, &[("name", "x"), ("id", "1")]).await?;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "public {endpoint}");
    }
    api_tokens(&app).await?;
    feed(&app).await?;
    app.cleanup().await;
    Ok(())
});
