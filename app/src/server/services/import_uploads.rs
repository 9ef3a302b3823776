//! The import page's uploads: a CSV file kept in `import_uploads` between
//! its dry-run preview and its commit, which runs the import engine
//! ([`crate::server::import::run`]) in a background task and writes its
//! progress and report into the row, so that any app server sharing the
//! database can show them. Only admins import, into their own organisation.
//! [`editor`] maps the file's columns by hand and saves the mapping;
//! [`liveness`] tells a running import from one whose process died.

mod editor;
mod liveness;

pub use editor::{EditedMapping, Editor, editor, save_mapping};
pub use liveness::{HEARTBEAT, INTERRUPTED, STALE_AFTER, retry};

use crate::{
    domain::vocab::Role,
    error::{AppError, AppResult},
    server::{
        auth::CurrentUser,
        entities::{agency, import_mapping, import_upload},
        import::{self, Importer, OnDuplicate, Options, Progress, Report, dates::DateFormat, stored},
    },
};
use chrono::{Duration, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, DatabaseConnection, EntityTrait, FromQueryResult,
    QueryFilter, QueryOrder, QuerySelect, prelude::DateTimeUtc, sea_query::Expr,
};
use std::{
    collections::HashMap,
    sync::{LazyLock, Mutex},
};
use tokio::sync::watch;

/// The largest file the import page takes.
pub const MAX_BYTES: usize = 50 * 1024 * 1024;

/// How long an upload is kept (older ones go when a new one is made).
pub const KEEP: Duration = Duration::days(1);

/// The states of an upload.
pub const UPLOADED: &str = "uploaded";
pub const RUNNING: &str = "running";
pub const DONE: &str = "done";
pub const FAILED: &str = "failed";

/// Progress of the imports this process runs. The rows carry it for the
/// other app servers (PostgreSQL); SQLite lets one connection write at a
/// time and the import holds that lock until it commits, so there this
/// process's own record is the only live one.
static LIVE: LazyLock<Mutex<HashMap<String, Progress>>> = LazyLock::new(Mutex::default);

fn live(id: &str) -> Option<Progress> {
    LIVE.lock().ok().and_then(|m| m.get(id).copied())
}

fn set_live(id: &str, p: Option<Progress>) {
    if let Ok(mut m) = LIVE.lock() {
        match p {
            Some(p) => m.insert(id.to_string(), p),
            None => m.remove(id),
        };
    }
}

/// A file to import and how, as the upload form sends it.
#[derive(Debug, Clone, Default)]
pub struct NewUpload {
    pub file_name: String,
    pub content: Vec<u8>,
    pub mapping: String,
    pub agency: String,
    pub on_duplicate: String,
    pub date_format: String,
}

/// An upload without its file.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct Upload {
    pub id: String,
    pub organization_id: i32,
    pub file_name: String,
    pub mapping_name: String,
    pub agency: String,
    pub on_duplicate: String,
    pub date_format: String,
    pub state: String,
    pub phase: String,
    pub done: i32,
    pub total: i32,
    pub report: Option<String>,
    pub error: String,
    /// When the upload was last touched (a running import's heartbeat).
    pub updated_at: DateTimeUtc,
}

/// A mapping the form offers: its name and the file it was saved from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappingChoice {
    pub name: String,
    pub source: String,
}

fn ensure_admin(who: &CurrentUser) -> AppResult<()> {
    if who.role == Role::Admin { Ok(()) } else { Err(AppError::Forbidden) }
}

/// The mappings (built-in, then the organisation's) and the agencies
/// (abbreviation, name) the upload form offers.
///
/// # Errors
/// `Forbidden` for non-admins; `Internal` on a database failure.
pub async fn choices(
    db: &DatabaseConnection,
    who: &CurrentUser,
) -> AppResult<(Vec<MappingChoice>, Vec<(String, String)>)> {
    ensure_admin(who)?;
    let stored = import_mapping::Entity::find()
        .filter(import_mapping::Column::OrganizationId.eq(who.organization_id))
        .order_by_asc(import_mapping::Column::Name)
        .all(db)
        .await?;
    let builtin = import::mapping::BUILTIN.iter().map(|n| MappingChoice { name: (*n).into(), source: String::new() });
    let mappings =
        builtin.chain(stored.into_iter().map(|m| MappingChoice { name: m.name, source: m.source })).collect();
    let agencies = agency::Entity::find().order_by_asc(agency::Column::Abbreviation).all(db).await?;
    Ok((mappings, agencies.into_iter().map(|a| (a.abbreviation, a.name)).collect()))
}

/// Stores an upload for its preview; removes uploads older than [`KEEP`]
/// that are not running. Returns the new upload's id.
///
/// # Errors
/// `Forbidden` for non-admins; `Validation` for an empty or too large
/// file, an unknown mapping or a bad option; `Internal` on a database failure.
pub async fn create(db: &DatabaseConnection, who: &CurrentUser, new: NewUpload) -> AppResult<String> {
    ensure_admin(who)?;
    if new.content.is_empty() {
        return Err(AppError::invalid("file", "choose a CSV file to upload (the file sent was empty)"));
    }
    if new.content.len() > MAX_BYTES {
        return Err(AppError::invalid("file", format!("the file is larger than {} MB", MAX_BYTES >> 20)));
    }
    stored::find(db, who.organization_id, &new.mapping).await?;
    if OnDuplicate::parse(&new.on_duplicate).is_none() {
        return Err(AppError::invalid("on_duplicate", "choose `skip` or `update`"));
    }
    if !new.date_format.is_empty() && DateFormat::parse(&new.date_format).is_none() {
        return Err(AppError::invalid("date_format", "choose iso, us, day_month_name or serial"));
    }
    let now = Utc::now();
    let idle = Condition::any()
        .add(import_upload::Column::State.ne(RUNNING))
        .add(import_upload::Column::UpdatedAt.lt(now - KEEP));
    import_upload::Entity::delete_many()
        .filter(import_upload::Column::CreatedAt.lt(now - KEEP))
        .filter(idle)
        .exec(db)
        .await?;
    let id = uuid::Uuid::new_v4().simple().to_string();
    let name = new.file_name.trim();
    let row = import_upload::ActiveModel {
        id: Set(id.clone()),
        organization_id: Set(who.organization_id),
        created_by: Set(Some(who.id)),
        file_name: Set(if name.is_empty() { "upload.csv".into() } else { name.chars().take(200).collect() }),
        content: Set(new.content),
        mapping_name: Set(new.mapping),
        agency: Set(new.agency.trim().to_string()),
        on_duplicate: Set(new.on_duplicate),
        date_format: Set(new.date_format),
        state: Set(UPLOADED.into()),
        phase: Set(String::new()),
        done: Set(0),
        total: Set(0),
        report: Set(None),
        error: Set(String::new()),
        created_at: Set(now),
        updated_at: Set(now),
    };
    row.insert(db).await?;
    Ok(id)
}

/// The upload `id` of the admin's organisation, without its file, with the
/// progress of a running import; a running import gone stale is marked
/// interrupted (see [`liveness`]).
///
/// # Errors
/// `Forbidden` for non-admins; `NotFound` for another organisation's
/// upload or none; `Internal` on a database failure.
pub async fn find(db: &DatabaseConnection, who: &CurrentUser, id: &str) -> AppResult<Upload> {
    ensure_admin(who)?;
    use import_upload::Column as C;
    let found = import_upload::Entity::find_by_id(id.to_string())
        .select_only()
        .columns([C::Id, C::OrganizationId, C::FileName, C::MappingName, C::Agency, C::OnDuplicate])
        .columns([C::DateFormat, C::State, C::Phase, C::Done, C::Total, C::Report, C::Error, C::UpdatedAt])
        .into_model::<Upload>()
        .one(db)
        .await?;
    let mut up = found
        .filter(|u| u.organization_id == who.organization_id)
        .ok_or_else(|| AppError::NotFound(format!("upload `{id}`")))?;
    liveness::expire_if_stale(db, &mut up, Utc::now()).await?;
    if let Some(p) = live(&up.id).filter(|_| up.state == RUNNING) {
        up.phase = p.phase.to_string();
        up.done = i32::try_from(p.done).unwrap_or(i32::MAX);
        up.total = i32::try_from(p.total).unwrap_or(i32::MAX);
    }
    Ok(up)
}

/// The upload and its report: a dry run until it is committed, then the
/// import's own (none while it runs or when it failed).
///
/// # Errors
/// As [`find`]; `Validation` when the upload's options no longer hold (a
/// stored mapping deleted since, an unknown default agency).
pub async fn view(
    db: &DatabaseConnection,
    who: &CurrentUser,
    id: &str,
    today: NaiveDate,
) -> AppResult<(Upload, Option<Report>)> {
    let up = find(db, who, id).await?;
    match up.state.as_str() {
        UPLOADED => {
            let opts = options(db, &up, today, true).await?;
            let content = content(db, &up.id).await?;
            let who = Importer { organization_id: up.organization_id, actor: Some(who.id) };
            let report = import::run(db, who, &content, &opts, &mut |_| {}).await?;
            Ok((up, Some(report)))
        }
        DONE => {
            let report = up.report.as_deref().and_then(|r| serde_json::from_str(r).ok());
            Ok((up, report))
        }
        _ => Ok((up, None)),
    }
}

async fn content(db: &DatabaseConnection, id: &str) -> AppResult<Vec<u8>> {
    let bytes: Option<Vec<u8>> = import_upload::Entity::find_by_id(id.to_string())
        .select_only()
        .column(import_upload::Column::Content)
        .into_tuple()
        .one(db)
        .await?;
    bytes.ok_or_else(|| AppError::NotFound(format!("upload `{id}`")))
}

/// The engine's options for the upload, as `docket import` builds them.
async fn options(db: &DatabaseConnection, up: &Upload, today: NaiveDate, dry_run: bool) -> AppResult<Options> {
    let mut mapping = stored::find(db, up.organization_id, &up.mapping_name).await?;
    if let Some(f) = DateFormat::parse(&up.date_format) {
        mapping.date_format = Some(f);
    }
    let agency = Some(up.agency.clone()).filter(|a| !a.is_empty());
    if agency.is_some() {
        mapping.agency.clone_from(&agency);
    }
    Ok(Options {
        source: up.file_name.clone(),
        mapping_name: up.mapping_name.clone(),
        mapping,
        agency,
        on_duplicate: OnDuplicate::parse(&up.on_duplicate).unwrap_or_default(),
        dry_run,
        today,
    })
}

/// Starts importing the upload in the background (once: a second commit
/// is refused), after storing its mapping as `save_as` when given.
///
/// # Errors
/// As [`find`]; `Conflict` when the upload was committed already;
/// `Validation` for a bad mapping name.
pub async fn start(
    db: &DatabaseConnection,
    who: &CurrentUser,
    id: &str,
    save_as: &str,
    today: NaiveDate,
) -> AppResult<()> {
    let up = find(db, who, id).await?;
    if up.state != UPLOADED {
        return Err(AppError::Conflict("this file has been imported already".into()));
    }
    let opts = options(db, &up, today, false).await?;
    if !save_as.trim().is_empty() {
        stored::save(db, up.organization_id, Some(who.id), save_as, &up.file_name, &opts.mapping).await?;
    }
    let claimed = import_upload::Entity::update_many()
        .col_expr(import_upload::Column::State, Expr::value(RUNNING))
        .col_expr(import_upload::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(import_upload::Column::Id.eq(id))
        .filter(import_upload::Column::State.eq(UPLOADED))
        .exec(db)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(AppError::Conflict("this file has been imported already".into()));
    }
    let content = content(db, id).await?;
    let importer = Importer { organization_id: up.organization_id, actor: Some(who.id) };
    tokio::spawn(run(db.clone(), importer, id.to_string(), content, opts));
    Ok(())
}

/// Runs the import (in its own task, so a panic is caught and reported),
/// feeding its progress to a writer, then records how it ended.
async fn run(db: DatabaseConnection, who: Importer, id: String, content: Vec<u8>, opts: Options) {
    set_live(&id, Some(Progress { phase: "", done: 0, total: 0 }));
    let (tx, rx) = watch::channel(None);
    let writer = tokio::spawn(liveness::write_progress(db.clone(), id.clone(), rx));
    let task = {
        let (db, id) = (db.clone(), id.clone());
        tokio::spawn(async move {
            let mut progress = |p: Progress| {
                set_live(&id, Some(p));
                tx.send_replace(Some(p));
            };
            import::run(&db, who, &content, &opts, &mut progress).await
        })
    };
    let result = match task.await {
        Ok(result) => result,
        Err(err) => {
            tracing::error!(upload = %id, error = %err, "the import task ended abnormally");
            Err(AppError::Internal)
        }
    };
    let _ = writer.await;
    if let Err(err) = finish(&db, &id, result).await {
        tracing::error!(upload = %id, error = %err, "could not record how the import ended");
    }
    set_live(&id, None);
}

/// Records the report (and drops the file), or why the import failed.
async fn finish(db: &DatabaseConnection, id: &str, result: AppResult<Report>) -> AppResult<()> {
    let Some(row) = import_upload::Entity::find_by_id(id.to_string()).one(db).await? else {
        return Ok(());
    };
    let mut row: import_upload::ActiveModel = row.into();
    match result {
        Ok(report) => {
            let rows = i32::try_from(report.rows).unwrap_or(i32::MAX);
            row.report = Set(Some(serde_json::to_string(&report).map_err(|_| AppError::Internal)?));
            row.state = Set(DONE.into());
            row.content = Set(Vec::new());
            (row.done, row.total) = (Set(rows), Set(rows));
        }
        Err(err) => {
            row.state = Set(FAILED.into());
            row.error = Set(match err {
                AppError::Validation { field, message } => format!("{field}: {message}"),
                AppError::Internal => "the import failed and nothing was imported (see the server log)".into(),
                other => other.to_string(),
            });
        }
    }
    row.phase = Set(String::new());
    row.updated_at = Set(Utc::now());
    row.update(db).await?;
    Ok(())
}
