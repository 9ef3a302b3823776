//! Whether a running import is still alive. The process running it touches
//! the upload's `updated_at` with each progress report and at least every
//! [`HEARTBEAT`]; a running upload that this process does not run and that
//! nobody has touched for [`STALE_AFTER`] was left behind by a process that
//! died (a crash, a kill, a deploy): reading it marks it failed with the
//! reason [`INTERRUPTED`], and [`retry`] takes it back to its preview.

use super::{FAILED, RUNNING, UPLOADED, Upload, find, live};
use crate::{
    error::{AppError, AppResult},
    server::{auth::CurrentUser, entities::import_upload, import::Progress},
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, DbBackend, EntityTrait, QueryFilter, sea_query::Expr};
use tokio::sync::watch;

/// How often a running import touches its upload, progress or not.
pub const HEARTBEAT: std::time::Duration = std::time::Duration::from_secs(30);

/// How long a running upload may go untouched before it counts as
/// interrupted (ten heartbeats).
pub const STALE_AFTER: Duration = Duration::minutes(5);

/// The start of the reason a stale upload fails with.
pub const INTERRUPTED: &str = "interrupted";

fn reason() -> String {
    format!(
        "{INTERRUPTED}: the import gave no sign of life for {} minutes (the server running it stopped or crashed). \
         Retry it: rows already in Docket are skipped or updated, never duplicated.",
        STALE_AFTER.num_minutes()
    )
}

/// Marks `up` failed as interrupted when it is running, not in this
/// process, and untouched since `now - STALE_AFTER` (a heartbeat written
/// meanwhile wins: the update requires the old `updated_at`).
///
/// # Errors
/// `Internal` on a database failure.
pub(super) async fn expire_if_stale(db: &DatabaseConnection, up: &mut Upload, now: DateTime<Utc>) -> AppResult<()> {
    if up.state != RUNNING || live(&up.id).is_some() || up.updated_at >= now - STALE_AFTER {
        return Ok(());
    }
    let why = reason();
    let marked = import_upload::Entity::update_many()
        .col_expr(import_upload::Column::State, Expr::value(FAILED))
        .col_expr(import_upload::Column::Error, Expr::value(why.clone()))
        .col_expr(import_upload::Column::Phase, Expr::value(""))
        .col_expr(import_upload::Column::UpdatedAt, Expr::value(now))
        .filter(import_upload::Column::Id.eq(up.id.as_str()))
        .filter(import_upload::Column::State.eq(RUNNING))
        .filter(import_upload::Column::UpdatedAt.lt(now - STALE_AFTER))
        .exec(db)
        .await?;
    if marked.rows_affected == 1 {
        tracing::warn!(upload = %up.id, "a running import went stale; marked interrupted");
        (up.state, up.error, up.phase, up.updated_at) = (FAILED.into(), why, String::new(), now);
    }
    Ok(())
}

/// Takes a failed upload back to its preview, so that it can be committed
/// again (its file is kept until an import succeeds).
///
/// # Errors
/// As [`find`]; `Conflict` when the upload has not failed.
pub async fn retry(db: &DatabaseConnection, who: &CurrentUser, id: &str) -> AppResult<()> {
    let up = find(db, who, id).await?;
    let reset = import_upload::Entity::update_many()
        .col_expr(import_upload::Column::State, Expr::value(UPLOADED))
        .col_expr(import_upload::Column::Error, Expr::value(""))
        .col_expr(import_upload::Column::Phase, Expr::value(""))
        .col_expr(import_upload::Column::Done, Expr::value(0))
        .col_expr(import_upload::Column::Total, Expr::value(0))
        .col_expr(import_upload::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(import_upload::Column::Id.eq(up.id.as_str()))
        .filter(import_upload::Column::State.eq(FAILED))
        .exec(db)
        .await?;
    if reset.rows_affected != 1 {
        return Err(AppError::Conflict("only a failed import can be retried".into()));
    }
    Ok(())
}

/// Writes the latest progress into the row until the import ends (several
/// reports in between are coalesced), and touches the row at least every
/// [`HEARTBEAT`]. On SQLite the import holds the only write lock until it
/// commits, so nothing is written there: this process's own record
/// ([`live`]) is what shows its progress and that it is alive.
pub(super) async fn write_progress(db: DatabaseConnection, id: String, mut rx: watch::Receiver<Option<Progress>>) {
    let shared = db.get_database_backend() != DbBackend::Sqlite;
    let mut beat = tokio::time::interval(HEARTBEAT);
    beat.tick().await;
    loop {
        let progress = tokio::select! {
            changed = rx.changed() => match changed {
                Ok(()) => *rx.borrow_and_update(),
                Err(_) => return,
            },
            _ = beat.tick() => None,
        };
        if shared && let Err(err) = touch(&db, &id, progress).await {
            tracing::warn!(upload = %id, error = %err, "could not record the import's progress");
        }
    }
}

/// Touches the running upload `id`, with its progress when given.
async fn touch(db: &DatabaseConnection, id: &str, progress: Option<Progress>) -> Result<(), sea_orm::DbErr> {
    let mut update =
        import_upload::Entity::update_many().col_expr(import_upload::Column::UpdatedAt, Expr::value(Utc::now()));
    if let Some(p) = progress {
        update = update
            .col_expr(import_upload::Column::Phase, Expr::value(p.phase))
            .col_expr(import_upload::Column::Done, Expr::value(i32::try_from(p.done).unwrap_or(i32::MAX)))
            .col_expr(import_upload::Column::Total, Expr::value(i32::try_from(p.total).unwrap_or(i32::MAX)));
    }
    update.filter(import_upload::Column::Id.eq(id)).filter(import_upload::Column::State.eq(RUNNING)).exec(db).await?;
    Ok(())
}
