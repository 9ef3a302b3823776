//! `docket backup FILE` and `docket restore FILE [--force]`.
//!
//! On SQLite a backup is `VACUUM INTO`: one consistent snapshot taken inside
//! a read transaction, so it is safe while the app serves and writes. It is
//! written to a temporary file beside the target and renamed into place, so a
//! failed backup never leaves half a file under the name asked for. A restore
//! checks the file (`PRAGMA integrity_check`, and that it is a Docket
//! database), then replaces the database file by rename; stop the server
//! first. On PostgreSQL both commands explain how to use `pg_dump` and
//! `pg_restore`, which do the same job better than we could.

use crate::db;
use anyhow::{Context, Result, bail};
use sea_orm::{ConnectionTrait, Database, Statement};
use std::{
    path::{Path, PathBuf},
    process::ExitCode,
};

/// Arguments of `docket backup`.
#[derive(clap::Args, Debug, Clone)]
pub struct BackupArgs {
    /// Where to write the copy (an SQLite database file).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `docket restore`.
#[derive(clap::Args, Debug, Clone)]
pub struct RestoreArgs {
    /// A file written by `docket backup`.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Overwrite the current database, which is refused otherwise.
    #[arg(long)]
    pub force: bool,
}

const PG_HINT: &str = "On PostgreSQL, back up with `pg_dump --format=custom --file=docket.dump \"$DATABASE_URL\"` \
     and restore into an empty database with `pg_restore --no-owner --dbname=\"$DATABASE_URL\" docket.dump` \
     (see the README's Backups section).";

fn temp_beside(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".partial-{}", std::process::id()));
    path.with_file_name(name)
}

fn sql_string(path: &Path) -> String {
    format!("'{}'", path.to_string_lossy().replace('\'', "''"))
}

/// Writes a consistent copy of the database to `args.file`.
///
/// # Errors
/// When the target exists (without `--force`), the database is PostgreSQL,
/// or the copy fails.
pub async fn backup(database_url: &str, args: BackupArgs) -> Result<ExitCode> {
    if db::sqlite_file(database_url).is_none() {
        bail!("`docket backup` copies SQLite databases. {PG_HINT}");
    }
    if args.file.exists() && !args.force {
        bail!("{} exists; pass --force to replace it", args.file.display());
    }
    let conn = db::connect(database_url).await?;
    let partial = temp_beside(&args.file);
    let _ = std::fs::remove_file(&partial);
    let result = conn.execute_unprepared(&format!("VACUUM INTO {}", sql_string(&partial))).await;
    if let Err(err) = result {
        let _ = std::fs::remove_file(&partial);
        return Err(err).with_context(|| format!("could not write a backup to {}", args.file.display()));
    }
    std::fs::rename(&partial, &args.file)
        .with_context(|| format!("could not move the backup to {}", args.file.display()))?;
    let size = std::fs::metadata(&args.file).map(|m| m.len()).unwrap_or(0);
    println!("Backed up to {} ({size} bytes).", args.file.display());
    Ok(ExitCode::SUCCESS)
}

/// Checks that `file` is a sound SQLite database written by Docket.
async fn check_backup(file: &Path) -> Result<()> {
    if !file.is_file() {
        bail!("{}: no such file", file.display());
    }
    let url = format!("sqlite://{}?mode=ro", file.display());
    let conn =
        Database::connect(&url).await.with_context(|| format!("{} is not an SQLite database", file.display()))?;
    let backend = conn.get_database_backend();
    let check = conn
        .query_one_raw(Statement::from_string(backend, "PRAGMA integrity_check"))
        .await
        .with_context(|| format!("{} is not an SQLite database", file.display()))?;
    let verdict: String = check.map(|row| row.try_get_by_index(0)).transpose()?.unwrap_or_default();
    if verdict != "ok" {
        bail!("{} fails SQLite's integrity check: {verdict}", file.display());
    }
    let tables = conn
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('seaql_migrations', 'matters')",
        ))
        .await?;
    let found: i64 = tables.map(|row| row.try_get_by_index(0)).transpose()?.unwrap_or(0);
    if found != 2 {
        bail!("{} is an SQLite database but not a Docket backup (no migrations or matters table)", file.display());
    }
    conn.close().await?;
    Ok(())
}

/// Replaces the database with the backup `args.file`.
///
/// # Errors
/// When the database exists (without `--force`), the backup fails its
/// checks, the database is PostgreSQL, or the copy fails.
pub async fn restore(database_url: &str, args: RestoreArgs) -> Result<ExitCode> {
    let Some(target) = db::sqlite_file(database_url) else {
        bail!("`docket restore` restores SQLite databases. {PG_HINT}");
    };
    let occupied = std::fs::metadata(&target).map(|m| m.len() > 0).unwrap_or(false);
    if occupied && !args.force {
        bail!(
            "{} already holds a database; restoring would overwrite it. Stop the server, then pass --force.",
            target.display()
        );
    }
    check_backup(&args.file).await?;
    let partial = temp_beside(&target);
    std::fs::copy(&args.file, &partial).with_context(|| format!("could not copy {}", args.file.display()))?;
    for suffix in ["-wal", "-shm"] {
        let mut side = target.clone().into_os_string();
        side.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(side));
    }
    std::fs::rename(&partial, &target).with_context(|| format!("could not replace {}", target.display()))?;
    println!("Restored {} from {}.", target.display(), args.file.display());
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_paths_for_sql() {
        assert_eq!(sql_string(Path::new("/tmp/o'brien.db")), "'/tmp/o''brien.db'");
    }
}
