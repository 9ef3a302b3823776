//! Claiming background jobs, so that each runs once however many app
//! servers share the database. A run is a row in `job_runs` keyed by job and
//! run key (a day); the first server to insert it owns the run. A run that
//! was claimed but never finished (its server died) may be claimed again
//! once it is older than `stale_after`.

use crate::{error::AppResult, server::entities::job_run};
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, sea_query::Expr, sea_query::OnConflict,
};

/// Claims run `key` of `job` for `owner`; `true` when this caller owns it now.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn claim(
    db: &impl ConnectionTrait,
    job: &str,
    key: &str,
    owner: &str,
    stale_after: Duration,
) -> AppResult<bool> {
    let now = Utc::now();
    let row = job_run::ActiveModel {
        job: Set(job.into()),
        run_key: Set(key.into()),
        owner: Set(owner.into()),
        started_at: Set(now),
        finished_at: Set(None),
        outcome: Set(String::new()),
        ..Default::default()
    };
    let inserted = job_run::Entity::insert(row)
        .on_conflict(OnConflict::columns([job_run::Column::Job, job_run::Column::RunKey]).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    if inserted == 1 {
        return Ok(true);
    }
    let taken_over = job_run::Entity::update_many()
        .col_expr(job_run::Column::Owner, Expr::value(owner))
        .col_expr(job_run::Column::StartedAt, Expr::value(now))
        .filter(job_run::Column::Job.eq(job))
        .filter(job_run::Column::RunKey.eq(key))
        .filter(job_run::Column::FinishedAt.is_null())
        .filter(job_run::Column::StartedAt.lt(now - stale_after))
        .exec(db)
        .await?;
    Ok(taken_over.rows_affected == 1)
}

/// Records that run `key` of `job` finished, with what it did.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn finish(db: &impl ConnectionTrait, job: &str, key: &str, outcome: &str) -> AppResult<()> {
    job_run::Entity::update_many()
        .col_expr(job_run::Column::FinishedAt, Expr::value(Utc::now()))
        .col_expr(job_run::Column::Outcome, Expr::value(outcome))
        .filter(job_run::Column::Job.eq(job))
        .filter(job_run::Column::RunKey.eq(key))
        .exec(db)
        .await?;
    Ok(())
}

/// Who this process is, for `job_runs.owner`.
pub fn owner_name() -> String {
    let host = std::fs::read_to_string("/etc/hostname").map(|h| h.trim().to_string()).unwrap_or_default();
    format!("{}:{}", if host.is_empty() { "localhost" } else { &host }, std::process::id())
}
