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
