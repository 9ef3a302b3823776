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
