//! Configuration: flags and environment variables, read once, typed. This is
//! the only module that reads the environment.

use app::server::services::documents::DocumentStore;
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, builder::BoolishValueParser};
use std::{net::SocketAddr, path::PathBuf};

/// Docket: FOIA requests, appeals and lawsuits, with statute-aware deadlines.
#[derive(Debug, Parser)]
#[command(name = "docket", version, about)]
pub struct Cli {
    #[command(flatten)]
    pub db: DbArgs,
    /// Log lines as `text` or `json` (one object per line).
    #[arg(long, env = "DOCKET_LOG_FORMAT", value_enum, default_value = "text", global = true)]
    pub log_format: crate::telemetry::LogFormat,
    #[command(subcommand)]
    pub command: Command,
}

/// Where the database is.
#[derive(Debug, Clone, Args)]
pub struct DbArgs {
    /// Database URL: `sqlite://PATH?mode=rwc` (created on first run) or
    /// `postgres://USER@HOST:PORT/DB`.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://docket.db?mode=rwc", global = true)]
    pub database_url: String,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web app (runs pending migrations; seeds an empty database).
    Serve(ServeArgs),
    /// Apply or roll back schema migrations.
    Migrate {
        #[command(subcommand)]
        action: MigrateAction,
    },
    /// Load the demo data, or with --reference only the reference data
    /// (idempotent: loading twice changes nothing).
    Seed(SeedCommand),
    /// Compute a deadline and explain it.
    Deadline(crate::cli::deadline::DeadlineArgs),
    /// Manage users: add, list, set-role, reset-password, reset-two-factor.
    User {
        #[command(subcommand)]
        action: crate::cli::user::UserAction,
    },
    /// Manage organisations: add, list.
    Org {
        #[command(subcommand)]
        action: crate::cli::org::OrgAction,
    },
    /// Import matters or an agency FOIA log from a CSV file.
    Import(crate::cli::import::ImportArgs),
    /// Export a list (matters, events, deadlines, scorecards) as CSV or JSON.
    Export(crate::cli::export::ExportArgs),
    /// Write a consistent copy of the database to a file (safe while serving).
    Backup(crate::cli::backup::BackupArgs),
    /// Replace the database with a backup (refuses to overwrite without --force).
    Restore(crate::cli::backup::RestoreArgs),
    /// Run the daily job now: status updates, digests and their e-mails
    /// (once per day across all servers, unless --force).
    Nightly(NightlyArgs),
}

/// Migration actions.
#[derive(Debug, Clone, Copy, Subcommand)]
pub enum MigrateAction {
    /// Apply every pending migration.
    Up,
    /// Roll back migrations (the last one by default).
    Down {
        /// How many to roll back.
        #[arg(long, default_value_t = 1)]
        steps: u32,
    },
    /// List migrations and whether each is applied.
    Status,
}

/// Options of `docket serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "DOCKET_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// Folder holding the built wasm bundle (`pkg/app.js`, `pkg/app_bg.wasm`).
    #[arg(long, env = "DOCKET_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,
    /// Treat this date as today (for demos and tests).
    #[arg(long, env = "DOCKET_TODAY")]
    pub today: Option<NaiveDate>,
    /// Do not load the demo data into an empty database (the variable takes
    /// 1/0, true/false, yes/no, on/off).
    #[arg(long, env = "DOCKET_NO_SEED", value_parser = BoolishValueParser::new())]
    pub no_seed: bool,
    /// How many seconds an anonymous public page is answered from memory
    /// before it is rendered again (0 turns the page cache off). A signed-in
    /// write empties the cache at once; this bounds how long changes made by
    /// other processes (the command line, another instance) take to show.
    #[arg(long, env = "DOCKET_PUBLIC_CACHE_SECONDS", default_value_t = 10)]
    pub public_cache_seconds: u64,
    #[command(flatten)]
    pub seed: SeedArgs,
    #[command(flatten)]
    pub jobs: JobArgs,
    #[command(flatten)]
    pub documents: DocumentArgs,
}

/// Where uploaded documents are kept and how large one may be.
#[derive(Debug, Clone, Args)]
pub struct DocumentArgs {
    /// Folder for uploaded documents (each named by its SHA-256). Default:
    /// `docket-documents` beside a SQLite database file, else in the
    /// working directory.
    #[arg(long, env = "DOCKET_DOCUMENTS_DIR")]
    pub documents_dir: Option<PathBuf>,
    /// The largest document accepted, in MB; larger uploads are refused
    /// with 413 before they are read.
    #[arg(long, env = "DOCKET_MAX_UPLOAD_MB", default_value_t = DocumentStore::DEFAULT_MAX_MB,
          value_parser = clap::value_parser!(u64).range(1..=4096))]
    pub max_upload_mb: u64,
}

impl DocumentArgs {
    /// The store these options describe, for the database at `database_url`.
    pub fn store(&self, database_url: &str) -> DocumentStore {
        let dir = self.documents_dir.clone().unwrap_or_else(|| beside_database(database_url));
        DocumentStore::new(dir, self.max_upload_mb)
    }
}

/// `docket-documents` in the folder of a SQLite database file, else in the
/// working directory.
fn beside_database(database_url: &str) -> PathBuf {
    let file = database_url
        .strip_prefix("sqlite://")
        .or_else(|| database_url.strip_prefix("sqlite:"))
        .map(|rest| rest.split('?').next().unwrap_or_default())
        .filter(|path| !path.is_empty() && !path.contains(":memory:"));
    let folder = file.and_then(|f| std::path::Path::new(f).parent()).map(PathBuf::from).unwrap_or_default();
    folder.join(DocumentStore::DEFAULT_DIR)
}

/// The daily job (status updates and digests) and how digests are e-mailed.
#[derive(Debug, Clone, Args)]
pub struct JobArgs {
    /// Do not run background jobs in this process (another server does).
    #[arg(long, env = "DOCKET_NO_JOBS", value_parser = BoolishValueParser::new())]
    pub no_jobs: bool,
    /// The hour (0-23, UTC) from which the daily job runs each day.
    #[arg(long, env = "DOCKET_JOBS_HOUR", default_value_t = 6, value_parser = clap::value_parser!(u32).range(0..24))]
    pub jobs_hour: u32,
    /// How often, in seconds, a server checks whether a job is due.
    #[arg(long, env = "DOCKET_JOBS_EVERY", default_value_t = 600)]
    pub jobs_every: u64,
    /// The address people reach Docket at, for links in e-mails.
    #[arg(long, env = "DOCKET_PUBLIC_URL", default_value = "http://127.0.0.1:3000")]
    pub public_url: String,
    /// SMTP server for digests, e.g. `smtps://user:password@mail.example.org`
    /// or `smtp://127.0.0.1:2525` (plain, for a local relay). Unset: in-app only.
    #[arg(long, env = "DOCKET_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// The From address of digests.
    #[arg(long, env = "DOCKET_MAIL_FROM", default_value = "Docket <docket@localhost>")]
    pub mail_from: String,
}

/// Options of `docket seed`.
#[derive(Debug, Clone, Args)]
pub struct SeedArgs {
    /// Folder with the demo data files.
    #[arg(long = "seed-dir", env = "DOCKET_SEED_DIR", default_value = seed::DEFAULT_DIR)]
    pub dir: PathBuf,
}

/// Options of `docket seed`.
#[derive(Debug, Clone, Args)]
pub struct SeedCommand {
    #[command(flatten)]
    pub seed: SeedArgs,
    /// Load only the reference data (agencies, provisions, legal theories,
    /// closures), without the demo organisations, users and matters: what a
    /// production database starts from.
    #[arg(long)]
    pub reference: bool,
}

/// Options of `docket nightly`.
#[derive(Debug, Clone, Args)]
pub struct NightlyArgs {
    /// Run for this day instead of today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<NaiveDate>,
    /// Run even if a server already ran today's job (each step is idempotent).
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub jobs: JobArgs,
}

#[cfg(test)]
mod tests {
    use super::beside_database;
    use std::path::PathBuf;

    #[test]
    fn documents_default_beside_a_sqlite_file() {
        assert_eq!(beside_database("sqlite://data/docket.db?mode=rwc"), PathBuf::from("data/docket-documents"));
        assert_eq!(
            beside_database("sqlite:///var/lib/docket/docket.db"),
            PathBuf::from("/var/lib/docket/docket-documents")
        );
        assert_eq!(beside_database("sqlite://docket.db?mode=rwc"), PathBuf::from("docket-documents"));
        assert_eq!(beside_database("sqlite::memory:"), PathBuf::from("docket-documents"));
        assert_eq!(beside_database("postgres://postgres@127.0.0.1:5432/docket"), PathBuf::from("docket-documents"));
    }
}
