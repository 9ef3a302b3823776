//! Configuration: flags and environment variables, read once, typed. This is
//! the only module that reads the environment.

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use std::{net::SocketAddr, path::PathBuf};

/// Docket: FOIA requests, appeals and lawsuits, with statute-aware deadlines.
#[derive(Debug, Parser)]
#[command(name = "docket", version, about)]
pub struct Cli {
    #[command(flatten)]
    pub db: DbArgs,
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
    /// Load the demo data (idempotent: loading twice changes nothing).
    Seed(SeedArgs),
    /// Compute a deadline and explain it.
    Deadline(crate::cli::deadline::DeadlineArgs),
    /// Manage users: add, list, set-role, reset-password.
    User {
        #[command(subcommand)]
        action: crate::cli::user::UserAction,
    },
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
    /// Do not load the demo data into an empty database.
    #[arg(long, env = "DOCKET_NO_SEED")]
    pub no_seed: bool,
    #[command(flatten)]
    pub seed: SeedArgs,
}

/// Options of `docket seed`.
#[derive(Debug, Clone, Args)]
pub struct SeedArgs {
    /// Folder with the demo data files.
    #[arg(long = "seed-dir", env = "DOCKET_SEED_DIR", default_value = seed::DEFAULT_DIR)]
    pub dir: PathBuf,
}
