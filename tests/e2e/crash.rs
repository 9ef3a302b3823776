//! Crash durability on SQLite. `docket import` of a 50,000-row FOIA log is
//! killed with SIGKILL at a random moment, 50 times: afterwards the database
//! passes `PRAGMA integrity_check` and the import is entirely there or
//! entirely absent. Then a server logging events (each an edit of a matter,
//! its events and its deadlines in one transaction) is killed the same way:
//! the stored deadlines are always exactly what the stored events imply.
//!
//! `DOCKET_CRASH_ROUNDS` changes the number of rounds (default 50 imports and
//! 20 servers).

use app::server::{
    entities::{audit_entry, event, matter},
    services::deadlines::recompute_matter,
};
use e2e::{Engine, TestDb, docket_binary, serve_process};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, Statement,
    TransactionTrait,
};
use std::{
    path::Path,
    process::Stdio,
    time::{Duration, Instant},
};
use tokio::process::Command;

const ROWS: usize = 50_000;
const HEADER: &str = "Request Number,Received Date,Requester Name,Requester Organization,Subject,Component,Closed Date,Disposition,Track\n";

fn rounds(default: usize) -> usize {
    std::env::var("DOCKET_CRASH_ROUNDS").ok().and_then(|n| n.parse().ok()).unwrap_or(default)
}

/// A number in `0..n` (uniform enough for picking a moment).
fn random_below(n: u128) -> u128 {
    uuid::Uuid::new_v4().as_u128() % n.max(1)
}

/// A FOIA log whose tracking numbers all start with `prefix`.
fn write_log(path: &Path, prefix: &str) -> anyhow::Result<()> {
    let mut out = String::with_capacity(ROWS * 100);
    out.push_str(HEADER);
    for i in 0..ROWS {
        let day = 1 + i % 28;
        out.push_str(&format!(
            "{prefix}-{i:06},2025-10-{day:02},Requester {i},Clinic,\"Records of biometric exit, item {i}\",CBP,,,Simple\n"
        ));
    }
    std::fs::write(path, out)?;
    Ok(())
}

async fn integrity(db: &DatabaseConnection) -> anyhow::Result<String> {
    let row = db.query_one_raw(Statement::from_string(db.get_database_backend(), "PRAGMA integrity_check")).await?;
    Ok(row.map(|r| r.try_get_by_index::<String>(0)).transpose()?.unwrap_or_default())
}

async fn imported(db: &DatabaseConnection, prefix: &str) -> anyhow::Result<u64> {
    Ok(matter::Entity::find()
        .filter(matter::Column::AgencyTrackingNumber.starts_with(format!("{prefix}-")))
        .count(db)
        .await?)
}

/// Runs `docket import` on the log; kills it after `kill_after` if given.
async fn import(bin: &Path, url: &str, csv: &Path, kill_after: Option<Duration>) -> anyhow::Result<Duration> {
    let started = Instant::now();
    let mut child = Command::new(bin)
        .args([
            "import",
            &csv.to_string_lossy(),
            "--mapping",
            "foia-log",
            "--agency",
            "CBP",
            "--organization",
            "border-privacy-clinic",
        ])
        .env("DATABASE_URL", url)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()?;
    match kill_after {
        Some(after) => {
            tokio::time::sleep(after).await;
            let _ = child.start_kill();
            let _ = child.wait().await;
        }
        None => {
            let out = child.wait_with_output().await?;
            anyhow::ensure!(out.status.success(), "import failed: {}", String::from_utf8_lossy(&out.stderr));
        }
    }
    Ok(started.elapsed())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_import_is_all_or_nothing_and_the_database_stays_sound() -> anyhow::Result<()> {
    let test_db = TestDb::create(Engine::Sqlite).await?;
    let db = test_db.connect().await?;
    server::db::migrate(&db).await?;
    seed::load_dir(&db, Path::new(seed::DEFAULT_DIR)).await?;
    let bin = docket_binary()?;
    let dir = std::env::temp_dir().join(format!("docket_crash_{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir)?;

    // One full run says how long an import takes; kills land anywhere in it.
    let csv = dir.join("full.csv");
    write_log(&csv, "FULL")?;
    let full = import(&bin, &test_db.url, &csv, None).await?;
    assert_eq!(imported(&db, "FULL").await?, ROWS as u64, "a whole import lands");
    let (mut whole, mut none) = (0, 0);
    for round in 0..rounds(50) {
        let prefix = format!("R{round}");
        write_log(&csv, &prefix)?;
        let after = Duration::from_millis(u64::try_from(random_below(full.as_millis() * 6 / 5))?);
        import(&bin, &test_db.url, &csv, Some(after)).await?;
        let check = server::db::connect(&test_db.url).await?;
        assert_eq!(integrity(&check).await?, "ok", "round {round}: integrity after a kill at {after:?}");
        match imported(&check, &prefix).await? {
            0 => none += 1,
            n if n == ROWS as u64 => whole += 1,
            n => panic!("round {round}: {n} of {ROWS} rows after a kill at {after:?}: a half import"),
        }
        check.close().await?;
    }
    println!("crash (import): full import {full:?}; {whole} rounds complete, {none} rounds absent, none partial");
    let _ = std::fs::remove_dir_all(&dir);
    let _ = db.close().await;
    test_db.cleanup().await;
    Ok(())
}

/// Logs fee requests and answers on `slug` until the connection drops.
async fn keep_logging(base: String, slug: String) -> usize {
    let Ok(client) = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).cookie_store(true).build()
    else {
        return 0;
    };
    let signed_in = client
        .post(format!("{base}/login"))
        .form(&[("username", "attorney"), ("password", "attorney-demo")])
        .send()
        .await;
    if signed_in.is_err() {
        return 0;
    }
    let mut logged = 0;
    for i in 0.. {
        let (kind, date) = if i % 2 == 0 { ("fee_requested", "2026-11-09") } else { ("fee_answered", "2026-11-16") };
        let form = [("slug", slug.as_str()), ("form[kind]", kind), ("form[date]", date)];
        let sent =
            client.post(format!("{base}/api/events/log")).header("accept", "application/json").form(&form).send().await;
        match sent {
            Ok(res) if res.status().is_success() => logged += 1,
            _ => break,
        }
    }
    logged
}

/// The matter's events, and the audit rows recording their creation.
async fn event_counts(db: &DatabaseConnection, matter_id: i32) -> anyhow::Result<(u64, u64)> {
    let events = event::Entity::find().filter(event::Column::MatterId.eq(matter_id)).count(db).await?;
    let audited = audit_entry::Entity::find()
        .filter(audit_entry::Column::Entity.eq("event"))
        .filter(audit_entry::Column::MatterId.eq(matter_id))
        .filter(audit_entry::Column::Action.eq("create"))
        .count(db)
        .await?;
    Ok((events, audited))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_edit_leaves_events_and_deadlines_in_step() -> anyhow::Result<()> {
    let test_db = TestDb::create(Engine::Sqlite).await?;
    let db = test_db.connect().await?;
    server::db::migrate(&db).await?;
    seed::load_dir(&db, Path::new(seed::DEFAULT_DIR)).await?;
    let slug = "clinic-ice-holiday-request".to_string();
    let m = matter::Entity::find().filter(matter::Column::Slug.eq(&slug)).one(&db).await?.expect("demo matter");
    let start = event_counts(&db, m.id).await?;
    db.close().await?;
    let mut logged = 0;
    for round in 0..rounds(20) {
        let (mut child, base) = serve_process(&test_db.url, &[("DOCKET_NO_JOBS", "1")], None).await?;
        let writer = tokio::spawn(keep_logging(base, slug.clone()));
        tokio::time::sleep(Duration::from_millis(200 + u64::try_from(random_below(800))?)).await;
        child.start_kill()?;
        child.wait().await?;
        logged += writer.await?;

        let check = server::db::connect(&test_db.url).await?;
        assert_eq!(integrity(&check).await?, "ok", "round {round}");
        // Recomputing from what is stored changes nothing: no event without its deadlines.
        let txn = check.begin().await?;
        let report = recompute_matter(&txn, None, m.id, chrono::Utc::now().date_naive(), "crash check").await?;
        txn.rollback().await?;
        assert_eq!((report.created, report.moved, report.vacated), (0, 0, 0), "round {round}: {report:?}");
        let (events, audited) = event_counts(&check, m.id).await?;
        assert_eq!(events - start.0, audited - start.1, "round {round}: each stored event came with its history row");
        check.close().await?;
    }
    assert!(logged > 0, "events were being logged when the server died");
    println!("crash (edits): {logged} events logged across {} kills; deadlines always in step", rounds(20));
    test_db.cleanup().await;
    Ok(())
}
