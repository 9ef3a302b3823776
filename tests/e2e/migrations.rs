//! Migrations run up, down and up again, the same on both engines.

use crate::support::{TABLES, table_exists};
use e2e::{TestDb, both};
use migrations::{Migrator, MigratorTrait};
use sea_orm::ConnectionTrait;

both!(up_down_up, |engine| async move {
    let tdb = TestDb::create(engine).await?;
    let db = tdb.connect().await?;
    Migrator::up(&db, None).await?;
    for t in TABLES {
        assert!(table_exists(&db, t).await, "{t} exists after up");
    }
    assert!(Migrator::get_pending_migrations(&db).await?.is_empty());
    Migrator::down(&db, None).await?;
    for t in TABLES {
        assert!(!table_exists(&db, t).await, "{t} is gone after down");
    }
    Migrator::up(&db, None).await?;
    for t in TABLES {
        assert!(table_exists(&db, t).await, "{t} exists after up again");
    }
    db.close().await?;
    tdb.cleanup().await;
    anyhow::Ok(())
});

both!(constraints_hold, |engine| async move {
    let tdb = TestDb::create(engine).await?;
    let db = tdb.connect().await?;
    Migrator::up(&db, None).await?;
    let orphan = db
        .execute_unprepared(
            "INSERT INTO events (matter_id, kind, date, title, details, public, verification, outcome, pages_released, exemptions, created_at) \
             VALUES (999, 'received', '2026-01-05', 't', '', false, 'verified', '', 0, '', '2026-01-05T00:00:00Z')",
        )
        .await;
    assert!(orphan.is_err(), "an event for a missing matter is refused (foreign keys are on)");
    let bad_role = db
        .execute_unprepared(
            "INSERT INTO organizations (slug, name, description) VALUES ('o', 'O', ''); \
             INSERT INTO users (organization_id, username, name, email, role, password_hash, created_at) \
             VALUES (1, 'x', 'X', 'x@x.invalid', 'emperor', 'h', '2026-01-05T00:00:00Z')",
        )
        .await;
    assert!(bad_role.is_err(), "an unknown role is refused");
    db.close().await?;
    tdb.cleanup().await;
    anyhow::Ok(())
});

#[tokio::test]
async fn sqlite_runs_in_wal_with_full_sync() -> anyhow::Result<()> {
    use sea_orm::Statement;
    let tdb = TestDb::create(e2e::Engine::Sqlite).await?;
    let db = tdb.connect().await?;
    let backend = db.get_database_backend();
    let mode = db.query_one_raw(Statement::from_string(backend, "PRAGMA journal_mode")).await?.expect("row");
    assert_eq!(mode.try_get_by_index::<String>(0)?, "wal");
    let sync = db.query_one_raw(Statement::from_string(backend, "PRAGMA synchronous")).await?.expect("row");
    assert_eq!(sync.try_get_by_index::<i32>(0)?, 2, "synchronous=FULL");
    let fk = db.query_one_raw(Statement::from_string(backend, "PRAGMA foreign_keys")).await?.expect("row");
    assert_eq!(fk.try_get_by_index::<i32>(0)?, 1);
    db.close().await?;
    tdb.cleanup().await;
    Ok(())
}
