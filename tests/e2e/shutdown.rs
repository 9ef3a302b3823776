//! Graceful shutdown: `SIGTERM` to a `docket serve` process in the middle of
//! a streamed export lets that response finish whole, then the process exits
//! cleanly and accepts no more connections.

use app::server::entities::matter;
use e2e::{Engine, TestDb, serve_process};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::{path::Path, time::Duration};

const EVENTS: usize = 20_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_finishes_the_response_in_flight_then_exits() -> anyhow::Result<()> {
    let test_db = TestDb::create(Engine::Sqlite).await?;
    let db = test_db.connect().await?;
    server::db::migrate(&db).await?;
    seed::load_dir(&db, Path::new(seed::DEFAULT_DIR)).await?;
    let published = matter::Entity::find()
        .filter(matter::Column::Public.eq(true))
        .filter(matter::Column::ReviewState.eq("approved"))
        .one(&db)
        .await?
        .expect("a published demo matter");
    crate::support::insert_public_events(&db, published.id, EVENTS).await?;
    db.close().await?;

    let (mut child, base) = serve_process(&test_db.url, &[("DOCKET_NO_JOBS", "1")], None).await?;

    let mut res = reqwest::get(format!("{base}/export/events.csv")).await?;
    let mut body = res.chunk().await?.expect("a first chunk").to_vec();
    let pid = child.id().expect("running").to_string();
    let term = std::process::Command::new("kill").args(["-TERM", &pid]).status()?;
    assert!(term.success());
    while let Some(chunk) = res.chunk().await? {
        body.extend_from_slice(&chunk);
    }
    let text = String::from_utf8(body)?;
    assert!(text.lines().count() > EVENTS, "the export begun before SIGTERM arrived whole");
    assert!(text.contains(&format!("bulk event {}", EVENTS - 1)), "down to its last row");
    let status = tokio::time::timeout(Duration::from_secs(20), child.wait()).await??;
    assert!(status.success(), "a clean exit after SIGTERM: {status}");
    assert!(reqwest::get(format!("{base}/healthz")).await.is_err(), "no new connections afterwards");
    test_db.cleanup().await;
    Ok(())
}
