//! A running import whose process died (its upload left in state
//! `running`, untouched for longer than `STALE_AFTER`) is reported and
//! stored as failed, "interrupted", and can be retried; a running import
//! touched recently is left alone.

use super::{commit, finished, sample_upload};
use app::server::{
    entities::import_upload,
    services::import_uploads::{INTERRUPTED, STALE_AFTER},
};
use chrono::{Duration, Utc};
use e2e::{TestApp, both, spawn_app};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};

/// Marks the upload `id` running, last touched `ago`.
async fn running_since(app: &TestApp, id: &str, ago: Duration) -> anyhow::Result<()> {
    import_upload::Entity::update_many()
        .col_expr(import_upload::Column::State, Expr::value("running"))
        .col_expr(import_upload::Column::Phase, Expr::value("writing"))
        .col_expr(import_upload::Column::UpdatedAt, Expr::value(Utc::now() - ago))
        .filter(import_upload::Column::Id.eq(id))
        .exec(&app.db)
        .await?;
    Ok(())
}

async fn state(app: &TestApp, id: &str) -> anyhow::Result<(String, String)> {
    let row = import_upload::Entity::find_by_id(id.to_string()).one(&app.db).await?;
    row.map(|u| (u.state, u.error)).ok_or_else(|| anyhow::anyhow!("no upload {id}"))
}

async fn post(app: &TestApp, path: &str) -> anyhow::Result<(StatusCode, String)> {
    let res = app.client.post(format!("{}{path}", app.base)).form(&[("x", "")]).send().await?;
    let location = res.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_string();
    Ok((res.status(), location))
}

both!(a_stale_running_import_is_reported_interrupted_and_can_be_retried, |engine| async move {
    let app = spawn_app(engine).await?;
    app.login("admin", "admin-demo").await?;
    let (stale, fresh) = (sample_upload(&app).await?, sample_upload(&app).await?);
    running_since(&app, &stale, STALE_AFTER + Duration::minutes(1)).await?;
    running_since(&app, &fresh, STALE_AFTER - Duration::minutes(1)).await?;

    let (status, body) = app.call("imports/get", &[("id", stale.as_str())]).await?;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["state"], "failed", "{body}");
    assert!(body["error"].as_str().is_some_and(|e| e.starts_with(INTERRUPTED)), "{body}");
    let (stored, error) = state(&app, &stale).await?;
    assert_eq!(stored, "failed", "stored as failed, not only shown");
    assert!(error.starts_with("interrupted: the import gave no sign of life for 5 minutes"), "{error}");
    let page = format!("/admin/import/{stale}");
    let shown = app.page(&page).await?;
    assert!(shown.contains("The import failed; nothing was imported. interrupted:"), "{shown}");
    assert!(shown.contains(&format!(r#"action="{page}/retry""#)) && !shown.contains("Importing…"), "{shown}");

    let (status, body) = app.call("imports/get", &[("id", fresh.as_str())]).await?;
    assert_eq!((status, body["state"].as_str()), (StatusCode::OK, Some("running")), "{body}");
    assert!(app.page(&format!("/admin/import/{fresh}")).await?.contains("Importing…"));
    assert_eq!(state(&app, &fresh).await?.0, "running");
    let (status, location) = post(&app, &format!("/admin/import/{fresh}/retry")).await?;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.ends_with("?problem=Only%20a%20failed%20import%20can%20be%20retried.#problem"), "{location}");
    assert_eq!(state(&app, &fresh).await?.0, "running");

    assert_eq!(post(&app, &format!("{page}/retry")).await?, (StatusCode::SEE_OTHER, page.clone()));
    assert_eq!(state(&app, &stale).await?, ("uploaded".to_string(), String::new()));
    let preview = app.page(&page).await?;
    assert!(preview.contains("Import 5 rows"), "back to the preview: {preview}");
    assert_eq!(commit(&app.base, &app.client, &page, "").await?.0, StatusCode::SEE_OTHER);
    let done = finished(&app.base, &app.client, &page).await?;
    assert!(done.contains("Imported: created 5 matters"), "the retried import runs: {done}");
    app.cleanup().await;
    Ok(())
});
