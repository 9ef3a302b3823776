//! Graceful shutdown: `SIGTERM` to a `docket serve` process in the middle of
//! a streamed export lets that response finish whole, then the process exits
//! cleanly and accepts no more connections.

use app::server::entities::{event, matter};
use e2e::{Engine, TestDb, docket_binary};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use std::{path::Path, process::Stdio, time::Duration};
use tokio::process::Command;

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
    let now = chrono::Utc::now();
    for chunk in (0..EVENTS).collect::<Vec<_>>().chunks(500) {
        let rows = chunk.iter().map(|i| event::ActiveModel {
            matter_id: Set(published.id),
            kind: Set("other".into()),
            date: Set(chrono::NaiveDate::from_ymd_opt(2025, 6, 2).expect("date")),
            title: Set(format!("bulk event {i}")),
            details: Set(String::new()),
            public: Set(true),
            verification: Set("verified".into()),
            outcome: Set(String::new()),
            pages_released: Set(0),
            exemptions: Set(String::new()),
            created_at: Set(now),
            deleted_at: Set(None),
            pages_withheld_full: Set(0),
            pages_withheld_part: Set(0),
            ..Default::default()
        });
        event::Entity::insert_many(rows).exec(&db).await?;
    }
    db.close().await?;

    let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let base = format!("http://127.0.0.1:{port}");
    let mut child = Command::new(docket_binary()?)
        .arg("serve")
        .env("DATABASE_URL", &test_db.url)
        .env("DOCKET_ADDR", format!("127.0.0.1:{port}"))
        .env("DOCKET_NO_SEED", "1")
        .env("DOCKET_NO_JOBS", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()?;
    let mut up = false;
    for _ in 0..200 {
        if reqwest::get(format!("{base}/healthz")).await.is_ok_and(|r| r.status().is_success()) {
            up = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    anyhow::ensure!(up, "docket serve did not come up");

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
