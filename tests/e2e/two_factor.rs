//! The optional second sign-in factor (TOTP): set-up confirmed by a code, a
//! sign-in that waits for the code (and signs no one in until then), codes
//! that work once, throttling of wrong codes, students left out, turning it
//! off with a code or by an admin on the command line, all in the history.

use app::server::{
    entities::{audit_entry, session, user},
    totp,
};
use e2e::{TestApp, both, spawn_app};
use reqwest::{Client, StatusCode, redirect::Policy};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;
use server::cli::user::{UserAction, execute};

fn new_client() -> anyhow::Result<Client> {
    Ok(Client::builder().redirect(Policy::none()).cookie_store(true).build()?)
}

fn now() -> u64 {
    u64::try_from(chrono::Utc::now().timestamp()).expect("after 1970")
}

/// Posts a form to `path` as `client`; returns where it redirects.
async fn post(app: &TestApp, client: &Client, path: &str, form: &[(&str, &str)]) -> anyhow::Result<String> {
    let res = client.post(format!("{}{path}", app.base)).form(form).send().await?;
    anyhow::ensure!(res.status() == StatusCode::SEE_OTHER, "POST {path} answered {}", res.status());
    Ok(res.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_string())
}

async fn viewer(app: &TestApp, client: &Client) -> anyhow::Result<Value> {
    let (_, body) = app.call_as(client, "viewer", &[]).await?;
    Ok(body["user"]["username"].clone())
}

/// A six-digit code that is not `code`.
fn wrong(code: &str) -> String {
    code.chars().map(|c| if c == '9' { '0' } else { char::from(c as u8 + 1) }).collect()
}

/// Turns the second factor on for the attorney signed in on `client`;
/// returns the secret.
async fn enable(app: &TestApp, client: &Client) -> anyhow::Result<String> {
    let (status, _) = app.call_as(client, "security/begin", &[]).await?;
    assert_eq!(status, StatusCode::OK);
    let (_, view) = app.call_as(client, "security/status", &[]).await?;
    assert_eq!(view["enabled"], false, "not on before a code confirms it");
    let secret = view["setup"]["secret"].as_str().expect("a secret to scan").to_string();
    assert!(view["setup"]["qr_svg"].as_str().is_some_and(|s| s.contains("<svg")));
    let page = client.get(format!("{}/account/security", app.base)).send().await?.text().await?;
    assert!(page.contains(&secret) && page.contains("<svg"), "the page shows the QR code and the secret");
    let code = totp::code_at(&secret, now())?;
    let (status, body) = app.call_as(client, "security/confirm", &[("code", &wrong(&code))]).await?;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.to_string().contains("code"), "the error names the field: {body}");
    let (status, body) = app.call_as(client, "security/confirm", &[("code", &code)]).await?;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, view) = app.call_as(client, "security/status", &[]).await?;
    assert_eq!(view["enabled"], true);
    assert_eq!(view["setup"], Value::Null, "the secret is not shown again");
    Ok(secret)
}

both!(a_second_factor_is_asked_for_and_each_code_works_once, |engine| async move {
    let app = spawn_app(engine).await?;
    let setup = new_client()?;
    assert_eq!(post(&app, &setup, "/login", &[("username", "attorney"), ("password", "attorney-demo")]).await?, "/");
    let secret = enable(&app, &setup).await?;

    let client = new_client()?;
    let to = post(&app, &client, "/login", &[("username", "attorney"), ("password", "attorney-demo")]).await?;
    assert_eq!(to, "/login/two-factor");
    assert_eq!(viewer(&app, &client).await?, Value::Null, "the password alone signs no one in");
    let form = client.get(format!("{}/login/two-factor", app.base)).send().await?.text().await?;
    assert!(form.contains("autocomplete=\"one-time-code\""));

    // The code that turned it on is used up, and a wrong code is refused.
    let used = totp::code_at(&secret, now())?;
    assert_eq!(post(&app, &client, "/login/two-factor", &[("code", &used)]).await?, "/login/two-factor?error=1");
    let next = totp::code_at(&secret, now() + 30)?;
    assert_eq!(
        post(&app, &client, "/login/two-factor", &[("code", &wrong(&next))]).await?,
        "/login/two-factor?error=1"
    );
    assert_eq!(post(&app, &client, "/login/two-factor", &[("code", &next)]).await?, "/");
    assert_eq!(viewer(&app, &client).await?, "attorney");
    let waiting = session::Entity::find().filter(session::Column::AwaitingSecondFactor.eq(true)).all(&app.db).await?;
    assert!(waiting.is_empty(), "the waiting session was replaced");

    // The same code again, on another device: refused.
    let other = new_client()?;
    post(&app, &other, "/login", &[("username", "attorney"), ("password", "attorney-demo")]).await?;
    assert_eq!(post(&app, &other, "/login/two-factor", &[("code", &next)]).await?, "/login/two-factor?error=1");
    assert_eq!(viewer(&app, &other).await?, Value::Null);
    app.cleanup().await;
    Ok(())
});

both!(wrong_codes_are_throttled_and_a_code_without_a_password_goes_nowhere, |engine| async move {
    let app = spawn_app(engine).await?;
    let setup = new_client()?;
    post(&app, &setup, "/login", &[("username", "attorney"), ("password", "attorney-demo")]).await?;
    let secret = enable(&app, &setup).await?;
    let stranger = new_client()?;
    let code = totp::code_at(&secret, now() + 30)?;
    assert_eq!(post(&app, &stranger, "/login/two-factor", &[("code", &code)]).await?, "/login?expired=1");
    let client = new_client()?;
    post(&app, &client, "/login", &[("username", "attorney"), ("password", "attorney-demo")]).await?;
    for n in 0..5 {
        let to = post(&app, &client, "/login/two-factor", &[("code", &wrong(&code))]).await?;
        assert_eq!(to, "/login/two-factor?error=1", "wrong code {n}");
    }
    let to = post(&app, &client, "/login/two-factor", &[("code", &code)]).await?;
    assert!(to.starts_with("/login/two-factor?wait="), "the right code is not even checked now: {to}");
    assert_eq!(viewer(&app, &client).await?, Value::Null);
    app.cleanup().await;
    Ok(())
});

both!(students_cannot_turn_it_on_and_off_needs_a_code_or_an_admin, |engine| async move {
    let app = spawn_app(engine).await?;
    let student = new_client()?;
    post(&app, &student, "/login", &[("username", "student"), ("password", "student-demo")]).await?;
    let (status, _) = app.call_as(&student, "security/begin", &[]).await?;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app.call_as(&new_client()?, "security/status", &[]).await?;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "the public has no account to secure");

    let attorney = new_client()?;
    post(&app, &attorney, "/login", &[("username", "attorney"), ("password", "attorney-demo")]).await?;
    let secret = enable(&app, &attorney).await?;
    let (status, _) = app.call_as(&attorney, "security/disable", &[("code", "123")]).await?;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let code = totp::code_at(&secret, now() + 30)?;
    let (status, body) = app.call_as(&attorney, "security/disable", &[("code", &code)]).await?;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        post(&app, &new_client()?, "/login", &[("username", "attorney"), ("password", "attorney-demo")]).await?,
        "/"
    );

    // On again; then the admin's command-line reset for a lost phone.
    enable(&app, &attorney).await?;
    let mut out = Vec::new();
    execute(&app.db, UserAction::ResetTwoFactor { username: "attorney".into() }, &mut &b""[..], &mut out).await?;
    assert!(String::from_utf8(out)?.contains("turned off the two-factor sign-in of attorney"));
    assert_eq!(viewer(&app, &attorney).await?, Value::Null, "their sessions ended");
    let u = user::Entity::find().filter(user::Column::Username.eq("attorney")).one(&app.db).await?.expect("user");
    assert!(u.totp_secret.is_none() && u.totp_pending_secret.is_none());
    let audit = audit_entry::Entity::find().filter(audit_entry::Column::EntityId.eq(u.id)).all(&app.db).await?;
    let switches: Vec<_> =
        audit.iter().filter_map(|a| a.new_value.as_deref()).filter(|v| v.contains("two_factor")).collect();
    assert_eq!(switches.len(), 4, "on, off, on, off: {switches:?}");
    assert!(audit.iter().all(|a| !a.new_value.clone().unwrap_or_default().contains(&secret)), "no secret in the log");
    app.cleanup().await;
    Ok(())
});
