//! Writing a recomputation's plan in bulk: changed rows with one
//! `UPDATE … FROM (VALUES …)` per few hundred rows (both engines name a
//! `VALUES` list's columns `column1`, `column2`…), new rows with multi-row
//! inserts, then the history and audit rows.

use super::plan::{History, Plan, Row};
use crate::{domain::vocab::DeadlineStatus, error::AppResult, server::entities::deadline};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, Statement, Value,
    sea_query::Expr,
};

/// Rows per bulk update: 10 values each stays under every engine's
/// parameter limit (SQLite 32,766; PostgreSQL 65,535).
const UPDATE_CHUNK: usize = 2_000;
/// History rows per statement (4 values each).
const HISTORY_CHUNK: usize = 4_000;
/// Rows per multi-row insert.
const INSERT_CHUNK: usize = 200;

/// The values of one row of the `VALUES` list, in column order (the row's
/// strings move into them; copying them was a measurable share of the time).
fn values_of(id: i32, r: Row) -> [Value; 10] {
    [
        id.into(),
        r.due.into(),
        r.status.into(),
        r.met_by.into(),
        r.explanation.into(),
        r.unsettled.into(),
        r.public.into(),
        r.title.into(),
        r.owed_by.into(),
        r.fingerprint.into(),
    ]
}

/// `UPDATE deadlines … FROM (VALUES …)` for `rows`, with its values.
fn update_statement(backend: DbBackend, rows: Vec<(i32, Row)>, now: DateTime<Utc>) -> Statement {
    let mut values: Vec<Value> = Vec::with_capacity(rows.len() * 10 + 1);
    let mut param = marks(backend);
    let updated_at = param();
    values.push(now.into());
    let tuples: Vec<String> = rows
        .into_iter()
        .map(|(id, r)| {
            let row = values_of(id, r);
            let marks: Vec<String> = row.iter().map(|_| param()).collect();
            values.extend(row);
            format!("({})", marks.join(", "))
        })
        .collect();
    let sql = format!(
        "UPDATE deadlines SET due_date = v.column2, status = v.column3, met_by_event_id = v.column4, \
         explanation = v.column5, unsettled = v.column6, public = v.column7, title = v.column8, \
         owed_by = v.column9, fingerprint = v.column10, updated_at = {updated_at} \
         FROM (VALUES {}) AS v WHERE deadlines.id = v.column1",
        tuples.join(", ")
    );
    Statement::from_sql_and_values(backend, sql, values)
}

fn new_model(row: Row, now: DateTime<Utc>) -> deadline::ActiveModel {
    deadline::ActiveModel {
        matter_id: Set(row.matter_id),
        rule_id: Set(Some(row.rule_id.into())),
        trigger_event_id: Set(Some(row.trigger)),
        met_by_event_id: Set(row.met_by),
        title: Set(row.title),
        due_date: Set(row.due),
        status: Set(row.status.into()),
        owed_by: Set(row.owed_by.into()),
        explanation: Set(row.explanation),
        unsettled: Set(row.unsettled),
        public: Set(row.public),
        source: Set(String::new()),
        verification: Set("verified".into()),
        created_at: Set(now),
        updated_at: Set(now),
        fingerprint: Set(row.fingerprint),
        ..Default::default()
    }
}

/// Writes `plan` on the caller's transaction.
pub(super) async fn apply(
    db: &impl ConnectionTrait,
    actor: Option<i32>,
    mut plan: Plan,
    reason: &str,
) -> AppResult<()> {
    let now = Utc::now();
    let started = std::time::Instant::now();
    let backend = db.get_database_backend();
    let updated = plan.updates.len();
    let mut updates = std::mem::take(&mut plan.updates);
    while !updates.is_empty() {
        let rest = updates.split_off(updates.len().min(UPDATE_CHUNK));
        db.execute_raw(update_statement(backend, updates, now)).await?;
        updates = rest;
    }
    let mut inserts = std::mem::take(&mut plan.inserts);
    while !inserts.is_empty() {
        let rest = inserts.split_off(inserts.len().min(INSERT_CHUNK));
        let models = inserts.into_iter().map(|row| new_model(row, now));
        let saved = deadline::Entity::insert_many(models).exec_with_returning(db).await?;
        plan.history.extend(saved.into_iter().map(|d| (d.id, d.matter_id, None, d.due_date, reason.to_string())));
        inserts = rest;
    }
    for chunk in plan.vacate.chunks(UPDATE_CHUNK) {
        deadline::Entity::update_many()
            .col_expr(deadline::Column::Status, Expr::val(DeadlineStatus::Vacated.code()))
            .col_expr(deadline::Column::UpdatedAt, Expr::val(now))
            .filter(deadline::Column::Id.is_in(chunk.iter().map(|(id, _, _)| *id)))
            .exec(db)
            .await?;
    }
    tracing::debug!(elapsed = ?started.elapsed(), updates = updated, "deadline rows written");
    let vacated = plan.vacate.iter().map(|(id, m, due)| (*id, *m, Some(*due), *due, format!("vacated: {reason}")));
    let history: Vec<History> = plan.history.into_iter().chain(vacated).collect();
    write_history(db, actor, &history, now).await
}

/// `?` or `$n`: the next parameter mark of `backend`.
fn marks(backend: DbBackend) -> impl FnMut() -> String {
    let mut n = 0;
    move || {
        n += 1;
        if backend == DbBackend::Postgres { format!("${n}") } else { "?".to_string() }
    }
}

/// The history rows of `chunk` (all with the reason `why`), then one audit
/// entry for each: two `INSERT … SELECT … FROM (VALUES …)` statements over
/// the same four values per row (deadline, matter, old and new date).
fn history_statements(
    backend: DbBackend,
    actor: Option<i32>,
    chunk: &[&History],
    why: &str,
    now: DateTime<Utc>,
) -> [Statement; 2] {
    // Two parameters lead each statement (in text order: SQLite numbers `?`
    // by position), then the rows' values, the same in both.
    let mut next = marks(backend);
    let (first, second) = (next(), next());
    let mut rows: Vec<Value> = Vec::with_capacity(chunk.len() * 4);
    let tuples: Vec<String> = chunk
        .iter()
        .map(|(id, matter_id, old, new, _)| {
            rows.extend([(*id).into(), (*matter_id).into(), (*old).into(), (*new).into()]);
            format!("({}, {}, {}, {})", next(), next(), next(), next())
        })
        .collect();
    let tuples = tuples.join(", ");
    let history = format!(
        "INSERT INTO deadline_history (deadline_id, old_due_date, new_due_date, reason, changed_at) \
         SELECT v.column1, v.column3, v.column4, {first}, {second} FROM (VALUES {tuples}) AS v"
    );
    let audit = format!(
        "INSERT INTO audit_log (at, user_id, action, entity, entity_id, matter_id, old_value, new_value) \
         SELECT {first}, {second}, CASE WHEN v.column3 IS NULL THEN 'create' ELSE 'update' END, 'deadline', \
         v.column1, v.column2, CAST(v.column3 AS TEXT), CAST(v.column4 AS TEXT) FROM (VALUES {tuples}) AS v"
    );
    let with = |head: [Value; 2]| head.into_iter().chain(rows.iter().cloned()).collect::<Vec<Value>>();
    [
        Statement::from_sql_and_values(backend, history, with([why.into(), now.into()])),
        Statement::from_sql_and_values(backend, audit, with([now.into(), actor.into()])),
    ]
}

/// Writes the history rows and, for each, the audit entry, in bulk.
async fn write_history(
    db: &impl ConnectionTrait,
    actor: Option<i32>,
    history: &[History],
    now: DateTime<Utc>,
) -> AppResult<()> {
    let backend = db.get_database_backend();
    let mut reasons: Vec<&str> = history.iter().map(|h| h.4.as_str()).collect();
    reasons.sort_unstable();
    reasons.dedup();
    for why in reasons {
        let rows: Vec<&History> = history.iter().filter(|h| h.4 == why).collect();
        for chunk in rows.chunks(HISTORY_CHUNK) {
            for statement in history_statements(backend, actor, chunk, why, now) {
                db.execute_raw(statement).await?;
            }
        }
    }
    Ok(())
}
