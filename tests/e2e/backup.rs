//! `docket backup` and `docket restore`: a backup taken while edits go on
//! is a consistent snapshot; a quiet backup restored into an empty database
//! has exactly the rows of the original; restore refuses to overwrite.

use crate::support::TABLES;
use crate::support::summary_edit;
use app::server::entities::{audit_entry, matter};
use e2e::{Engine, TestApp, spawn_app};
use reqwest::{Client, StatusCode, redirect::Policy};
use sea_orm::FromQueryResult;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, JsonValue, QueryFilter, Statement};
use server::cli::backup::{BackupArgs, RestoreArgs, backup, restore};
use std::{
    path::{Path, PathBuf},
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
};

const SLUG: &str = "clinic-tvs-request";

fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}?mode=rwc", path.display())
}

/// Every row of every table, in a canonical order (some tables have no `id`).
async fn dump(db: &DatabaseConnection) -> anyhow::Result<Vec<(String, Vec<JsonValue>)>> {
    let mut out = Vec::new();
    for table in TABLES {
        let stmt = Statement::from_string(db.get_database_backend(), format!("SELECT * FROM {table}"));
        let mut rows = JsonValue::find_by_statement(stmt).all(db).await?;
        rows.sort_by_cached_key(JsonValue::to_string);
        out.push((table.to_string(), rows));
    }
    Ok(out)
}

/// Edits the demo matter's summary until `stop`; returns how many saved.
async fn keep_editing(app: Arc<TestApp>, stop: Arc<AtomicBool>) -> anyhow::Result<usize> {
    let client = Client::builder().redirect(Policy::none()).cookie_store(true).build()?;
    let res = client
        .post(format!("{}/login", app.base))
        .form(&[("username", "attorney"), ("password", "attorney-demo")])
        .send()
        .await?;
    anyhow::ensure!(res.status() == StatusCode::SEE_OTHER, "sign-in answered {}", res.status());
    let mut saved = 0;
    while !stop.load(Ordering::Relaxed) {
        let m = matter::Entity::find().filter(matter::Column::Slug.eq(SLUG)).one(&app.db).await?.expect("matter");
        let form = summary_edit(&m, m.version, &format!("edit {saved}"));
        let res = client.post(format!("{}/api/matters/save", app.base)).form(&form).send().await?;
        anyhow::ensure!(res.status().is_success() || res.status().is_redirection(), "edit answered {}", res.status());
        saved += 1;
    }
    Ok(saved)
}

/// The demo matter's version and the number of its update audit rows.
async fn versions_and_updates(db: &DatabaseConnection) -> anyhow::Result<(i32, usize)> {
    let m = matter::Entity::find().filter(matter::Column::Slug.eq(SLUG)).one(db).await?.expect("matter");
    let updates = audit_entry::Entity::find()
        .filter(audit_entry::Column::Entity.eq("matter"))
        .filter(audit_entry::Column::EntityId.eq(m.id))
        .filter(audit_entry::Column::Action.eq("update"))
        .all(db)
        .await?;
    Ok((m.version, updates.len()))
}

async fn restored(backup_file: &Path, dir: &Path, name: &str) -> anyhow::Result<DatabaseConnection> {
    let target = dir.join(name);
    restore(&sqlite_url(&target), RestoreArgs { file: backup_file.to_path_buf(), force: false }).await?;
    server::db::connect(&sqlite_url(&target)).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_during_writes_is_consistent_and_a_quiet_one_restores_every_row() -> anyhow::Result<()> {
    let app = Arc::new(spawn_app(Engine::Sqlite).await?);
    let dir = tempdir()?;
    let (version_before, updates_before) = versions_and_updates(&app.db).await?;
    let stop = Arc::new(AtomicBool::new(false));
    let writer = tokio::spawn(keep_editing(app.clone(), stop.clone()));
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let busy = dir.join("busy.db");
    backup(&app.test_db.url, BackupArgs { file: busy.clone(), force: false }).await?;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    stop.store(true, Ordering::Relaxed);
    let saved = writer.await??;
    assert!(saved > 0, "edits went on during the backup");

    // The snapshot taken mid-stream is whole: each saved edit it holds came with its history row.
    let snap = restored(&busy, &dir, "from-busy.db").await?;
    let (version, updates) = versions_and_updates(&snap).await?;
    assert_eq!((version - version_before) as usize, updates - updates_before, "no half-saved edit in the snapshot");
    let check =
        snap.query_one_raw(Statement::from_string(snap.get_database_backend(), "PRAGMA integrity_check")).await?;
    assert_eq!(check.map(|r| r.try_get_by_index::<String>(0)).transpose()?.as_deref(), Some("ok"));

    // Once writes stop, a backup restored into an empty database holds exactly the same rows.
    let quiet = dir.join("quiet.db");
    backup(&app.test_db.url, BackupArgs { file: quiet.clone(), force: false }).await?;
    let copy = restored(&quiet, &dir, "from-quiet.db").await?;
    let (original, restored_rows) = (dump(&app.db).await?, dump(&copy).await?);
    for ((table, a), (_, b)) in original.iter().zip(&restored_rows) {
        assert_eq!(a, b, "table {table} differs after restore");
    }
    assert!(original.iter().map(|(_, rows)| rows.len()).sum::<usize>() > 100, "the comparison covered real data");
    println!("backup drill: {saved} edits during the backup; {} tables identical", original.len());
    let _ = std::fs::remove_dir_all(&dir);
    if let Ok(app) = Arc::try_unwrap(app) {
        app.cleanup().await;
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restore_and_backup_refuse_to_overwrite_or_take_a_foreign_file() -> anyhow::Result<()> {
    let app = spawn_app(Engine::Sqlite).await?;
    let dir = tempdir()?;
    let file = dir.join("b.db");
    backup(&app.test_db.url, BackupArgs { file: file.clone(), force: false }).await?;
    let again = backup(&app.test_db.url, BackupArgs { file: file.clone(), force: false }).await;
    assert!(again.unwrap_err().to_string().contains("--force"), "an existing backup is not replaced silently");

    let live = restore(&app.test_db.url, RestoreArgs { file: file.clone(), force: false }).await;
    assert!(live.unwrap_err().to_string().contains("--force"), "a database in use is not overwritten");

    let foreign = dir.join("notes.txt");
    std::fs::write(&foreign, "not a database")?;
    let target = dir.join("empty.db");
    let refused = restore(&sqlite_url(&target), RestoreArgs { file: foreign, force: false }).await;
    assert!(refused.is_err(), "a file that is not a Docket database is refused");
    assert!(!target.exists() || std::fs::metadata(&target)?.len() == 0, "nothing was written");

    let pg =
        backup("postgres://postgres@127.0.0.1:5432/test", BackupArgs { file: dir.join("pg.db"), force: false }).await;
    assert!(pg.unwrap_err().to_string().contains("pg_dump"), "PostgreSQL users are sent to pg_dump");
    let _ = std::fs::remove_dir_all(&dir);
    app.cleanup().await;
    Ok(())
}

fn tempdir() -> anyhow::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("docket_backup_{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
