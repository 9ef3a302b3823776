//! Sessions: throttled sign-in, a fresh session at each sign-in, sign-out
//! everywhere, and expiry after inactivity.

use app::server::entities::session;
use chrono::{Duration, Utc};
use e2e::{TestApp, both, spawn_app};
use reqwest::{Client, StatusCode, redirect::Policy};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};

async fn try_login(app: &TestApp, client: &Client, user: &str, password: &str) -> anyhow::Result<String> {
    let res =
        client.post(format!("{}/login", app.base)).form(&[("username", user), ("password", password)]).send().await?;
    Ok(res.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_string())
}

/// Who the server thinks `client` is (`null` for the public).
async fn who(app: &TestApp, client: &Client) -> anyhow::Result<serde_json::Value> {
    let res = client.post(format!("{}/api/viewer", app.base)).header("accept", "application/json").send().await?;
    let body: serde_json::Value = res.json().await?;
    Ok(body["user"]["username"].clone())
}

fn new_client() -> anyhow::Result<Client> {
    Ok(Client::builder().redirect(Policy::none()).cookie_store(true).build()?)
}

both!(failed_sign_ins_are_throttled_per_account, |engine| async move {
    let app = spawn_app(engine).await?;
    let client = new_client()?;
    for n in 0..5 {
        assert_eq!(try_login(&app, &client, "attorney", "wrong").await?, "/login?error=1", "failure {n}");
    }
    let location = try_login(&app, &client, "attorney", "attorney-demo").await?;
    assert!(location.starts_with("/login?wait="), "the right password is not even checked now: {location}");
    let page = app.page(&location).await?;
    assert!(page.contains("Too many failed sign-ins"));
    assert_eq!(try_login(&app, &client, "Attorney ", "attorney-demo").await?, location, "the name is normalised");
    assert_eq!(try_login(&app, &client, "student", "student-demo").await?, "/", "other accounts are not locked out");
    app.cleanup().await;
    Ok(())
});

both!(each_sign_in_opens_a_new_session_and_ends_the_old, |engine| async move {
    let app = spawn_app(engine).await?;
    let client = new_client()?;
    assert_eq!(try_login(&app, &client, "student", "student-demo").await?, "/");
    let first: Vec<String> = session::Entity::find().all(&app.db).await?.into_iter().map(|s| s.id).collect();
    assert_eq!(try_login(&app, &client, "attorney", "attorney-demo").await?, "/");
    let now: Vec<String> = session::Entity::find().all(&app.db).await?.into_iter().map(|s| s.id).collect();
    assert_eq!(now.len(), 1, "the session from before sign-in is gone");
    assert!(!first.contains(&now[0]), "the new session has a new id");
    assert_eq!(who(&app, &client).await?, "attorney");
    app.cleanup().await;
    Ok(())
});

both!(sign_out_everywhere_ends_every_session, |engine| async move {
    let app = spawn_app(engine).await?;
    let (laptop, phone) = (new_client()?, new_client()?);
    for c in [&laptop, &phone] {
        assert_eq!(try_login(&app, c, "attorney", "attorney-demo").await?, "/");
    }
    let res = laptop.post(format!("{}/logout", app.base)).form(&[("everywhere", "1")]).send().await?;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(who(&app, &phone).await?, serde_json::Value::Null, "the other device is signed out too");
    app.cleanup().await;
    Ok(())
});

both!(sessions_expire_after_inactivity_and_activity_extends_them, |engine| async move {
    let app = spawn_app(engine).await?;
    let client = new_client()?;
    assert_eq!(try_login(&app, &client, "attorney", "attorney-demo").await?, "/");
    // Pretend the session has been idle most of the allowed time: a request extends it.
    let soon = Utc::now() + Duration::minutes(30);
    session::Entity::update_many().col_expr(session::Column::ExpiresAt, Expr::value(soon)).exec(&app.db).await?;
    assert_eq!(who(&app, &client).await?, "attorney");
    let s = session::Entity::find().one(&app.db).await?.expect("session");
    assert!(s.expires_at > soon + Duration::hours(11), "activity pushes the expiry out: {}", s.expires_at);
    // Idle past the timeout: the session no longer counts.
    let past = Utc::now() - Duration::minutes(1);
    let expired = session::ActiveModel { expires_at: Set(past), ..Default::default() };
    session::Entity::update_many().set(expired).filter(session::Column::UserId.gt(0)).exec(&app.db).await?;
    assert_eq!(who(&app, &client).await?, serde_json::Value::Null);
    app.cleanup().await;
    Ok(())
});
