//! `docket export KIND`: a filtered list as CSV or JSON, to a file or
//! standard output, as the public sees it or (`--as USERNAME`) as that user
//! may. The rows stream from the database page by page, as over HTTP.

use crate::db;
use app::{
    error::AppError,
    server::{
        auth::{Principal, current_user},
        entities::user,
        export::{self, ExportFilter, Format, Kind},
    },
};
use chrono::NaiveDate;
use futures_util::StreamExt;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use std::{io::Write, path::PathBuf, process::ExitCode};

/// Arguments.
#[derive(clap::Args, Debug, Clone)]
pub struct ExportArgs {
    /// What to export: matters, events, deadlines, or agencies (scorecards).
    #[arg(value_name = "KIND", value_parser = ["matters", "events", "deadlines", "agencies"])]
    pub list: String,
    /// File format.
    #[arg(long, default_value = "csv", value_parser = ["csv", "json"])]
    pub format: String,
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Export what this user may see (default: what the public sees).
    #[arg(long = "as", value_name = "USERNAME")]
    pub as_user: Option<String>,
    /// Treat this date as today (deadline statuses, "may sue since").
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
    #[command(flatten)]
    pub filter: FilterArgs,
}

/// The filters (each kind reads those that apply to it; see `ExportFilter`).
#[derive(clap::Args, Debug, Clone, Default)]
pub struct FilterArgs {
    /// Matters: text in the title, summary, numbers, court or requester.
    #[arg(long)]
    pub q: Option<String>,
    /// Matter kind (matters, agencies) or event kind (events).
    #[arg(long)]
    pub kind: Option<String>,
    /// Matter status (matters) or deadline status (deadlines).
    #[arg(long)]
    pub status: Option<String>,
    /// Agency slug (its components included).
    #[arg(long)]
    pub agency: Option<String>,
    /// Matters: legal theory slug.
    #[arg(long)]
    pub theory: Option<String>,
    /// Matters: `yes` (published) or `no`.
    #[arg(long)]
    pub public: Option<String>,
    /// Events, deadlines: one matter's slug.
    #[arg(long)]
    pub matter: Option<String>,
    /// Deadlines: rule id, e.g. `foia.response`.
    #[arg(long)]
    pub rule: Option<String>,
    /// Deadlines: `agency` or `us`.
    #[arg(long)]
    pub owed_by: Option<String>,
    /// Events, deadlines: on or after this date (YYYY-MM-DD).
    #[arg(long)]
    pub from: Option<String>,
    /// Events, deadlines: on or before this date (YYYY-MM-DD).
    #[arg(long)]
    pub to: Option<String>,
}

impl From<FilterArgs> for ExportFilter {
    fn from(f: FilterArgs) -> Self {
        ExportFilter {
            q: f.q.unwrap_or_default(),
            kind: f.kind.unwrap_or_default(),
            status: f.status.unwrap_or_default(),
            agency: f.agency.unwrap_or_default(),
            theory: f.theory.unwrap_or_default(),
            public: f.public.unwrap_or_default(),
            matter: f.matter.unwrap_or_default(),
            rule: f.rule.unwrap_or_default(),
            owed_by: f.owed_by.unwrap_or_default(),
            from: f.from.unwrap_or_default(),
            to: f.to.unwrap_or_default(),
        }
    }
}

/// Runs the command on the database at `database_url` (migrated first).
///
/// # Errors
/// When the database or the output fails; a bad filter or an unknown user is
/// not an error here but exit code 2, with one line on standard error.
pub async fn run(database_url: &str, args: ExportArgs) -> anyhow::Result<ExitCode> {
    let conn = db::connect(database_url).await?;
    db::migrate(&conn).await?;
    match export_to(&conn, args).await {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(err) => match err.downcast_ref::<AppError>() {
            Some(e @ (AppError::Validation { .. } | AppError::NotFound(_))) => {
                eprintln!("error: {e}");
                Ok(ExitCode::from(2))
            }
            _ => Err(err),
        },
    }
}

/// The principal `--as` names, or the public.
async fn principal(db: &DatabaseConnection, username: Option<&str>) -> anyhow::Result<Principal> {
    let Some(username) = username else { return Ok(Principal::Public) };
    let found = user::Entity::find().filter(user::Column::Username.eq(username.trim())).one(db).await?;
    let current = match found {
        Some(u) => current_user(db, u.id).await?,
        None => None,
    };
    let user = current.ok_or_else(|| AppError::NotFound(format!("user `{username}` (--as)")))?;
    Ok(Principal::User(user))
}

async fn export_to(db: &DatabaseConnection, args: ExportArgs) -> anyhow::Result<()> {
    let kind = Kind::parse(&args.list)?;
    let format = Format::parse(&args.format)?;
    let who = principal(db, args.as_user.as_deref()).await?;
    let today = args.today.unwrap_or_else(|| chrono::Utc::now().date_naive());
    let filter = ExportFilter::from(args.filter);
    let mut stream = export::export(db.clone(), who, kind, format, &filter, today).await?;
    let mut out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(std::io::BufWriter::new(std::fs::File::create(path)?)),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut bytes = 0;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        bytes += chunk.len();
        out.write_all(&chunk)?;
    }
    out.flush()?;
    if let Some(path) = &args.output {
        eprintln!("Wrote {} ({bytes} bytes).", path.display());
    }
    Ok(())
}
