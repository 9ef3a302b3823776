//! Write transactions that do not fail under concurrency.

use crate::error::AppResult;
use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, TransactionTrait};

/// Begins a transaction that will write. On SQLite it takes the write lock
/// first (waiting up to the busy timeout for another writer), so that a
/// write after the transaction's reads cannot fail because another
/// connection committed in between (`SQLITE_BUSY_SNAPSHOT`); PostgreSQL
/// needs nothing more (row locks and each statement's `WHERE` handle it).
///
/// # Errors
/// `Internal` on a database failure.
pub async fn begin_write(db: &DatabaseConnection) -> AppResult<DatabaseTransaction> {
    let txn = db.begin().await?;
    if db.get_database_backend() == DbBackend::Sqlite {
        // A write statement, even one that changes nothing, takes the lock.
        txn.execute_unprepared("UPDATE organizations SET id = id WHERE 1 = 0").await?;
    }
    Ok(txn)
}

/// Serialises the transactions that pass the same `key` for the rest of
/// `txn`: on PostgreSQL a transaction-scoped advisory lock (released at
/// commit or rollback), so that two imports into one organisation cannot
/// both find a matter missing and both create it; SQLite needs nothing
/// more, since [`begin_write`] already holds its only write lock.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn serialise(txn: &DatabaseTransaction, key: Lock) -> AppResult<()> {
    if txn.get_database_backend() == DbBackend::Postgres {
        let (class, id) = match key {
            Lock::Import { organization_id } => (IMPORT_LOCK, organization_id),
        };
        txn.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({class}, {id})")).await?;
    }
    Ok(())
}

/// What [`serialise`] locks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lock {
    /// The imports into one organisation.
    Import { organization_id: i32 },
}

/// The first key of the import lock (`0x646b_7431`, "dkt1").
const IMPORT_LOCK: i32 = 0x646b_7431;

/// Brings SQLite's query-planner statistics up to date where they are
/// missing or stale (`PRAGMA optimize`, checking every table, within
/// SQLite's own analysis limit: 0.4 s on a 220 MB database). Without them
/// SQLite guesses how selective each index is; with them, on the import
/// benchmark's 100,000 matters, the public home answered in 7-9 ms rather
/// than 85-102 ms and the matters export in 3.6-3.9 s rather than 5.8-6.0 s.
/// Run after migrations at start-up, after an import commits and by the
/// daily job. PostgreSQL's autovacuum analyses its tables by itself.
/// Best effort: a failure is logged, never an error of the caller, whose
/// work is already committed.
pub async fn refresh_statistics(db: &impl ConnectionTrait) {
    if db.get_database_backend() != DbBackend::Sqlite {
        return;
    }
    if let Err(error) = db.execute_unprepared("PRAGMA optimize=0x10002").await {
        tracing::warn!(%error, "could not refresh the query planner's statistics");
    }
}
