//! Observability: `/healthz` checks the database, every response carries a
//! request id, and `/metrics` counts requests by route template and the
//! open, due-soon and overdue deadlines.

use crate::support::seeded_matters;
use app::server::entities::deadline;
use e2e::{both, spawn_app};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

both!(health_request_ids_and_metrics, |engine| async move {
    let app = spawn_app(engine).await?;
    assert_eq!(app.get("/healthz").await?, (StatusCode::OK, "ok".to_string()));

    let res = app.client.get(format!("{}/matters", app.base)).send().await?;
    let made = res.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    assert_eq!(made.len(), 36, "a request id is made when the client sends none: {made:?}");
    let res = app.client.get(format!("{}/matters", app.base)).header("x-request-id", "trace-me-42").send().await?;
    assert_eq!(res.headers().get("x-request-id").and_then(|v| v.to_str().ok()), Some("trace-me-42"));

    let published = seeded_matters()?.into_iter().find(|m| m.public).expect("a published demo matter");
    for slug in [published.slug.as_str(), "no-such-matter"] {
        app.get(&format!("/matters/{slug}")).await?;
    }
    let metrics = app.page("/metrics").await?;
    let line = |prefix: &str| metrics.lines().find(|l| l.starts_with(prefix)).map(str::to_string);
    assert!(
        line("docket_http_requests_total{method=\"GET\",route=\"/matters/{slug}\",status=\"200\"}").is_some(),
        "requests are counted by route template, not by path:\n{metrics}"
    );
    assert!(!metrics.contains("no-such-matter"), "concrete paths never become labels");
    assert!(line("docket_http_request_duration_seconds_bucket{route=\"/matters\",le=\"+Inf\"} 2").is_some());
    let open = deadline::Entity::find().filter(deadline::Column::Status.eq("open")).count(&app.db).await?;
    assert!(open > 0, "the demo data has open deadlines");
    assert_eq!(line("docket_deadlines{state=\"open\"}"), Some(format!("docket_deadlines{{state=\"open\"}} {open}")));
    assert!(
        line("docket_deadlines{state=\"overdue\"}").is_some() && line("docket_deadlines{state=\"due_soon\"}").is_some()
    );
    app.cleanup().await;
    Ok(())
});
