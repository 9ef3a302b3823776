//! Connecting to the database and running migrations.
//!
//! SQLite runs in WAL mode with `synchronous=FULL` (a committed transaction
//! survives power loss), foreign keys on and a busy timeout, so concurrent
//! writers wait instead of failing.

use anyhow::Context;
use migrations::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, Database, DatabaseConnection,
    sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous},
};
use std::time::Duration;

/// How much of an SQLite file each connection reads through memory-mapped
/// I/O rather than `read()` calls into its own small page cache: lists that
/// read 100,000 rows spent a tenth of their time copying pages out of the
/// kernel. Pages are shared with the OS cache, not copied per connection.
const MMAP_BYTES: u64 = 1 << 30;

/// Opens a pool on `url`, creating the SQLite file's folder if needed.
///
/// # Errors
/// When the URL is malformed or the database cannot be reached.
pub async fn connect(url: &str) -> anyhow::Result<DatabaseConnection> {
    let mut opts = ConnectOptions::new(url.to_string());
    opts.sqlx_logging(false).connect_timeout(Duration::from_secs(10));
    if url.starts_with("sqlite:") {
        ensure_sqlite_dir(url)?;
        opts.max_connections(8).min_connections(1).map_sqlx_sqlite_opts(|o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                .pragma("mmap_size", MMAP_BYTES.to_string())
        });
    } else {
        opts.max_connections(16);
    }
    Database::connect(opts).await.with_context(|| format!("could not open the database at {}", redact(url)))
}

/// Applies every pending migration.
///
/// # Errors
/// When a migration fails (the database is left at the last good one).
pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    Migrator::up(db, None).await.context("migrations failed")
}

/// The file an `sqlite:` URL names; `None` for in-memory SQLite or another engine.
pub fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    let rest = url.strip_prefix("sqlite:")?;
    let path = rest.strip_prefix("//").unwrap_or(rest).split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| std::path::PathBuf::from(path))
}

fn ensure_sqlite_dir(url: &str) -> anyhow::Result<()> {
    let Some(path) = sqlite_file(url) else {
        return Ok(());
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("could not create {}", dir.display()))?;
    }
    Ok(())
}

/// The URL without a password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..scheme + 3], user, &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::{redact, sqlite_file};
    use std::path::PathBuf;

    #[test]
    fn reads_the_file_of_sqlite_urls_only() {
        assert_eq!(sqlite_file("sqlite://docket.db?mode=rwc"), Some(PathBuf::from("docket.db")));
        assert_eq!(sqlite_file("sqlite:///tmp/a b.db"), Some(PathBuf::from("/tmp/a b.db")));
        assert_eq!(sqlite_file("sqlite::memory:"), None);
        assert_eq!(sqlite_file("postgres://postgres@127.0.0.1/test"), None);
    }

    #[test]
    fn redacts_passwords_only() {
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(redact("sqlite://docket.db?mode=rwc"), "sqlite://docket.db?mode=rwc");
    }
}
