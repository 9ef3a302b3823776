//! `docket import FILE --mapping NAME`: imports an agency FOIA log or a
//! matters CSV into an organisation, as an operator (the audit log records
//! the command line as the actor). Problems with the file are printed one
//! per line (`line N, column C `Header`: reason`) and end with exit code 2;
//! nothing is written unless the whole file is right.

use crate::db;
use anyhow::Context;
use app::{
    components::counted,
    error::AppError,
    server::{
        entities::organization,
        import::{self, Importer, OnDuplicate, Options, Progress, Report, dates::DateFormat, stored},
    },
};
use chrono::NaiveDate;
use sea_orm::{DatabaseConnection, EntityTrait, QueryOrder};
use std::{
    io::{IsTerminal, Write},
    path::PathBuf,
    process::ExitCode,
};

/// Options of `docket import`.
#[derive(clap::Args, Debug, Clone)]
pub struct ImportArgs {
    /// The CSV file (UTF-8 or Windows-1252; comma, tab or semicolon separated).
    pub file: PathBuf,
    /// `foia-log` (a published agency FOIA log), `matters`, `events` or
    /// `deadlines` (Docket's own exports; events and deadlines go to
    /// matters already imported), or a mapping stored for the organisation.
    #[arg(long)]
    pub mapping: String,
    /// Check everything and show what would happen; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Slug of the organisation the matters belong to (needed when there
    /// are several).
    #[arg(long, value_name = "ORG_SLUG")]
    pub organization: Option<String>,
    /// What to do with a row whose matter (same agency and tracking number)
    /// is already in Docket: `skip` it or `update` the matter (for events
    /// and deadlines: the same event or deadline of that matter).
    #[arg(long, default_value = "skip", value_parser = parse_on_duplicate)]
    pub on_duplicate: OnDuplicate,
    /// Agency (abbreviation or slug) of rows that name none, and of rows
    /// whose component Docket does not list.
    #[arg(long, value_name = "ABBR")]
    pub agency: Option<String>,
    /// Date format of every date column (`iso`, `us`, `day_month_name`,
    /// `serial`, or a pattern such as `MM/DD/YYYY`); detected per column
    /// when absent.
    #[arg(long, value_parser = parse_date_format)]
    pub date_format: Option<DateFormat>,
    /// Remember the mapping used (with --agency and --date-format) for the
    /// organisation under this name.
    #[arg(long, value_name = "NAME")]
    pub save_mapping: Option<String>,
    /// Treat this date as today (deadline statuses; dates after it are refused).
    #[arg(long, env = "DOCKET_TODAY")]
    pub today: Option<NaiveDate>,
}

fn parse_on_duplicate(s: &str) -> Result<OnDuplicate, String> {
    OnDuplicate::parse(s).ok_or_else(|| format!("`{s}`: expected `skip` or `update`"))
}

fn parse_date_format(s: &str) -> Result<DateFormat, String> {
    DateFormat::parse(s).ok_or_else(|| format!("`{s}`: expected iso, us, day_month_name or serial"))
}

/// Runs `docket import` on the database at `database_url` (migrated first).
///
/// # Errors
/// When the file cannot be read or the database fails; problems with the
/// file or the options are not errors here but exit code 2.
pub async fn run(database_url: &str, args: ImportArgs) -> anyhow::Result<ExitCode> {
    let conn = db::connect(database_url).await?;
    db::migrate(&conn).await?;
    let (mut out, mut err) = (std::io::stdout().lock(), std::io::stderr());
    let code = execute(&conn, &args, &mut out, &mut err, std::io::stderr().is_terminal()).await?;
    Ok(ExitCode::from(code))
}

/// Runs the import of `args` on `db`, writing the report to `out` and the
/// problems (`error: …`, `warning: …`) to `err`; returns the exit code (0
/// done, 2 bad file or options). Prints a progress line on standard error
/// when `progress` is set.
///
/// # Errors
/// When the file cannot be read or the database fails.
pub async fn execute(
    db: &DatabaseConnection,
    args: &ImportArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
    progress: bool,
) -> anyhow::Result<u8> {
    let bytes = std::fs::read(&args.file).with_context(|| format!("could not read {}", args.file.display()))?;
    let result = import_bytes(db, args, &bytes, progress).await;
    match result {
        Ok(report) => {
            write_report(&report, out, err)?;
            Ok(if report.errors.is_empty() { 0 } else { 2 })
        }
        Err(AppError::Validation { field, message }) => {
            writeln!(err, "error: {field}: {message}")?;
            Ok(2)
        }
        Err(e) => Err(e.into()),
    }
}

async fn import_bytes(
    db: &DatabaseConnection,
    args: &ImportArgs,
    bytes: &[u8],
    progress: bool,
) -> Result<Report, AppError> {
    let org = organization(db, args.organization.as_deref()).await?;
    let mut mapping = stored::find(db, org.id, &args.mapping).await?;
    if args.date_format.is_some() {
        mapping.date_format = args.date_format;
    }
    if let Some(a) = &args.agency {
        mapping.agency = Some(a.clone());
    }
    let source =
        args.file.file_name().map_or_else(|| args.file.display().to_string(), |n| n.to_string_lossy().into_owned());
    let opts = Options {
        source: source.clone(),
        mapping_name: args.mapping.clone(),
        mapping: mapping.clone(),
        agency: args.agency.clone(),
        on_duplicate: args.on_duplicate,
        dry_run: args.dry_run,
        today: args.today.unwrap_or_else(|| chrono::Utc::now().date_naive()),
    };
    let mut show = |p: Progress| {
        if progress {
            eprint!("\r{} {}/{} rows", p.phase, p.done, p.total);
            if p.done == p.total && p.phase == "writing" {
                eprintln!();
            }
        }
    };
    let report = import::run(db, Importer { organization_id: org.id, actor: None }, bytes, &opts, &mut show).await?;
    if let Some(name) = args.save_mapping.as_deref().filter(|_| report.errors.is_empty() && !args.dry_run) {
        stored::save(db, org.id, None, name, &source, &mapping).await?;
    }
    Ok(report)
}

/// The organisation `slug`, or the only one there is.
async fn organization(db: &DatabaseConnection, slug: Option<&str>) -> Result<organization::Model, AppError> {
    let all = organization::Entity::find().order_by_asc(organization::Column::Slug).all(db).await?;
    let known = || all.iter().map(|o| o.slug.as_str()).collect::<Vec<_>>().join(", ");
    match slug {
        Some(s) => all.iter().find(|o| o.slug == s).cloned().ok_or_else(|| {
            AppError::invalid("organization", format!("there is no organisation `{s}` (known: {})", known()))
        }),
        None if all.len() == 1 => Ok(all[0].clone()),
        None => Err(AppError::invalid("organization", format!("choose one with --organization ({})", known()))),
    }
}

/// Most problems printed; the rest are counted.
const SHOWN: usize = 200;

fn write_report(r: &Report, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "{}: {} rows, read as {}, mapping `{}`", r.source, r.rows, r.encoding, r.mapping)?;
    for c in &r.columns {
        let field = if c.field.is_empty() { "(not imported)" } else { &c.field };
        let date = match c.date_format {
            Some(f) => format!(", dates like {}{}", f.example(), if c.detected { " (detected)" } else { "" }),
            None => String::new(),
        };
        writeln!(out, "  column {} `{}` -> {field}{date}", c.number, c.header)?;
    }
    for w in r.warnings.iter().take(SHOWN) {
        writeln!(err, "warning: {w}")?;
    }
    if !r.errors.is_empty() {
        for e in r.errors.iter().take(SHOWN) {
            writeln!(err, "error: {e}")?;
        }
        if r.errors.len() > SHOWN {
            writeln!(err, "… and {} more errors", r.errors.len() - SHOWN)?;
        }
        return writeln!(err, "nothing was imported: {} errors", r.errors.len());
    }
    if r.dry_run {
        for p in &r.preview {
            writeln!(
                out,
                "  line {} [{}] {} {} {} — {} ({})",
                p.line, p.action, p.agency, p.tracking_number, p.title, p.status, p.events
            )?;
        }
    }
    let rest = format!("updated {}, unchanged {}, skipped {}", r.updated, r.unchanged, r.skipped);
    let what = match r.target.as_str() {
        "events" => format!("{} ({} recomputed)", counted(r.events, "event"), counted(r.recomputed, "matter")),
        "deadlines" => counted(r.deadlines, "court-ordered deadline"),
        _ => format!(
            "{} ({}, {})",
            counted(r.created, "matter"),
            counted(r.events, "event"),
            counted(r.deadlines, "deadline")
        ),
    };
    let verb = match (r.dry_run, r.target.as_str()) {
        (true, "events" | "deadlines") => "dry run, nothing written: would add",
        (true, _) => "dry run, nothing written: would create",
        (false, "events" | "deadlines") => "imported: added",
        (false, _) => "imported: created",
    };
    writeln!(out, "{verb} {what}, {rest}")
}
