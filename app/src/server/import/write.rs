//! Writing new matters fast: rows go in with multi-row `INSERT`s (about a
//! thousand matters per statement, prepared once per shape and cached by
//! the driver), ids come back with `RETURNING`, and deadlines are derived in
//! memory by the engine `recompute` uses and stored the way it stores them,
//! so a later recomputation finds nothing to change.

use super::{
    Progress,
    derive::{Engine, Explanations},
    rows::ImportRow,
};
use crate::{
    domain::{
        derive::DerivedDeadline,
        rules::Party,
        vocab::{EventKind, Verification},
    },
    error::{AppError, AppResult},
    server::{policy::APPROVED, services::recompute::Fingerprint},
};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};
use std::collections::HashMap;

/// Matters per round of statements.
const BATCH: usize = 1000;

/// Who imports, from where, and when.
pub struct Context<'a> {
    pub organization_id: i32,
    pub actor: Option<i32>,
    pub source: &'a str,
    pub today: NaiveDate,
    pub now: DateTime<Utc>,
}

/// Builds `INSERT INTO table (cols) VALUES (…), … RETURNING …` for `rows`
/// rows, with the engine's placeholders.
fn insert_sql(backend: DbBackend, table: &str, cols: &[&str], rows: usize, returning: &str) -> String {
    let mut sql = format!("INSERT INTO {table} ({}) VALUES ", cols.join(", "));
    let mut n = 0;
    for r in 0..rows {
        sql.push_str(if r == 0 { "(" } else { ", (" });
        for c in 0..cols.len() {
            n += 1;
            if c > 0 {
                sql.push_str(", ");
            }
            match backend {
                DbBackend::Postgres => sql.push_str(&format!("${n}")),
                _ => sql.push('?'),
            }
        }
        sql.push(')');
    }
    if !returning.is_empty() {
        sql.push_str(" RETURNING ");
        sql.push_str(returning);
    }
    sql
}

const MATTER_COLS: [&str; 26] = [
    "slug",
    "organization_id",
    "kind",
    "title",
    "agency_id",
    "status",
    "public",
    "agency_tracking_number",
    "court",
    "docket_number",
    "summary",
    "counsel",
    "requester",
    "verification",
    "verification_note",
    "version",
    "review_state",
    "review_comment",
    "created_by",
    "fee_category",
    "fee_waiver_requested",
    "expedited_requested",
    "parties",
    "judge",
    "created_at",
    "updated_at",
];

const EVENT_COLS: [&str; 13] = [
    "matter_id",
    "kind",
    "date",
    "title",
    "details",
    "public",
    "verification",
    "outcome",
    "pages_released",
    "exemptions",
    "created_at",
    "pages_withheld_full",
    "pages_withheld_part",
];

const DEADLINE_COLS: [&str; 16] = [
    "matter_id",
    "rule_id",
    "trigger_event_id",
    "met_by_event_id",
    "title",
    "due_date",
    "status",
    "owed_by",
    "explanation",
    "unsettled",
    "public",
    "source",
    "verification",
    "created_at",
    "updated_at",
    "fingerprint",
];

const AUDIT_COLS: [&str; 8] = ["at", "user_id", "action", "entity", "entity_id", "matter_id", "old_value", "new_value"];

fn s(v: &str) -> Value {
    Value::from(v.to_string())
}

fn matter_values(out: &mut Vec<Value>, slug: &str, row: &ImportRow, cx: &Context) {
    let note = format!("Imported from {} (line {})", cx.source, row.line);
    out.extend([
        s(slug),
        cx.organization_id.into(),
        s(row.kind.code()),
        s(&row.title),
        row.agency_id.into(),
        s(row.status.code()),
        false.into(),
        s(&row.tracking_number),
        s(&row.court),
        s(&row.docket_number),
        s(&row.summary),
        s(""),
        s(&row.requester),
        s(Verification::Verified.code()),
        Value::from(note),
        1i32.into(),
        s(APPROVED),
        s(""),
        cx.actor.into(),
        s(""),
        false.into(),
        row.expedited.into(),
        s(""),
        s(""),
        cx.now.into(),
        cx.now.into(),
    ]);
}

async fn returning(db: &impl ConnectionTrait, sql: String, values: Vec<Value>) -> AppResult<Vec<sea_orm::QueryResult>> {
    Ok(db.query_all_raw(Statement::from_sql_and_values(db.get_database_backend(), sql, values)).await?)
}

async fn execute(db: &impl ConnectionTrait, sql: String, values: Vec<Value>) -> AppResult<()> {
    db.execute_raw(Statement::from_sql_and_values(db.get_database_backend(), sql, values)).await?;
    Ok(())
}

/// Creates the matters of `rows` (slug, row) with their events, deadlines
/// and audit entries; returns how many events and deadlines it wrote.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn create(
    db: &impl ConnectionTrait,
    cx: &Context<'_>,
    engine: &Engine,
    rows: &[(String, ImportRow)],
    progress: &mut (dyn FnMut(Progress) + Send),
) -> AppResult<(usize, usize)> {
    let (mut events, mut deadlines) = (0, 0);
    let mut cache = Explanations::default();
    for (n, chunk) in rows.chunks(BATCH).enumerate() {
        let ids = insert_matters(db, cx, chunk).await?;
        let event_ids = insert_events(db, cx, chunk, &ids).await?;
        events += event_ids.len();
        deadlines += insert_deadlines(db, cx, engine, chunk, &ids, &event_ids, &mut cache).await?;
        insert_audit(db, cx, chunk, &ids).await?;
        progress(Progress { phase: "writing", done: (n * BATCH + chunk.len()), total: rows.len() });
    }
    Ok((events, deadlines))
}

/// Inserts the matters; returns their ids in `chunk` order.
async fn insert_matters(
    db: &impl ConnectionTrait,
    cx: &Context<'_>,
    chunk: &[(String, ImportRow)],
) -> AppResult<Vec<i32>> {
    let mut values = Vec::with_capacity(chunk.len() * MATTER_COLS.len());
    for (slug, row) in chunk {
        matter_values(&mut values, slug, row, cx);
    }
    let sql = insert_sql(db.get_database_backend(), "matters", &MATTER_COLS, chunk.len(), "id, slug");
    let mut by_slug = HashMap::with_capacity(chunk.len());
    for r in returning(db, sql, values).await? {
        by_slug.insert(r.try_get::<String>("", "slug")?, r.try_get::<i32>("", "id")?);
    }
    chunk.iter().map(|(slug, _)| by_slug.get(slug).copied().ok_or(AppError::Internal)).collect()
}

/// Inserts the events; returns their ids by (matter id, kind).
async fn insert_events(
    db: &impl ConnectionTrait,
    cx: &Context<'_>,
    chunk: &[(String, ImportRow)],
    ids: &[i32],
) -> AppResult<HashMap<(i32, String), i32>> {
    let mut parts: Vec<Vec<Value>> = vec![Vec::new()];
    let mut count = 0;
    for ((_, row), id) in chunk.iter().zip(ids) {
        for e in &row.events {
            count += 1;
            let values = statement_values(&mut parts, EVENT_COLS.len());
            values.extend([
                (*id).into(),
                s(e.kind.code()),
                e.date.into(),
                s(&e.title),
                s(""),
                false.into(),
                s(Verification::Verified.code()),
                s(&e.outcome),
                0i32.into(),
                s(""),
                cx.now.into(),
                0i32.into(),
                0i32.into(),
            ]);
        }
    }
    let mut out = HashMap::with_capacity(count);
    for part in parts.into_iter().filter(|p| !p.is_empty()) {
        let rows = part.len() / EVENT_COLS.len();
        let sql = insert_sql(db.get_database_backend(), "events", &EVENT_COLS, rows, "id, matter_id, kind");
        for r in returning(db, sql, part).await? {
            out.insert(
                (r.try_get::<i32>("", "matter_id")?, r.try_get::<String>("", "kind")?),
                r.try_get::<i32>("", "id")?,
            );
        }
    }
    Ok(out)
}

/// The vector of the statement being filled: a new one when the last holds
/// as many rows as a statement takes (two batches' worth, within every
/// engine's parameter limit).
fn statement_values(parts: &mut Vec<Vec<Value>>, cols: usize) -> &mut Vec<Value> {
    if parts.last().is_none_or(|p| p.len() >= cols * 2 * BATCH) {
        parts.push(Vec::with_capacity(cols * 2 * BATCH));
    }
    let last = parts.len() - 1;
    &mut parts[last]
}

/// Derives and inserts the deadlines; returns how many.
async fn insert_deadlines(
    db: &impl ConnectionTrait,
    cx: &Context<'_>,
    engine: &Engine,
    chunk: &[(String, ImportRow)],
    ids: &[i32],
    event_ids: &HashMap<(i32, String), i32>,
    cache: &mut Explanations,
) -> AppResult<usize> {
    let mut parts: Vec<Vec<Value>> = vec![Vec::new()];
    let mut total = 0;
    for ((_, row), id) in chunk.iter().zip(ids) {
        let event_id = |local: i64| -> AppResult<i32> {
            let kind: EventKind =
                usize::try_from(local - 1).ok().and_then(|i| row.events.get(i)).ok_or(AppError::Internal)?.kind;
            event_ids.get(&(*id, kind.code().to_string())).copied().ok_or(AppError::Internal)
        };
        for d in engine.derive(row, cx.today)? {
            let explanation = cache.json(row.agency_id, &d)?;
            let (trigger, met_by) = (event_id(d.trigger_event_id)?, d.met_by_event_id.map(event_id).transpose()?);
            let values = statement_values(&mut parts, DEADLINE_COLS.len());
            deadline_values(values, *id, &d, (trigger, met_by), explanation, cx);
            total += 1;
        }
    }
    for part in parts.into_iter().filter(|p| !p.is_empty()) {
        let rows = part.len() / DEADLINE_COLS.len();
        let sql = insert_sql(db.get_database_backend(), "deadlines", &DEADLINE_COLS, rows, "");
        execute(db, sql, part).await?;
    }
    Ok(total)
}

fn deadline_values(
    out: &mut Vec<Value>,
    matter_id: i32,
    d: &DerivedDeadline,
    (trigger, met_by): (i32, Option<i32>),
    explanation: String,
    cx: &Context,
) {
    let owed_by = if d.owed_by == Party::Agency { "agency" } else { "us" };
    let unsettled = d.computation.unsettled.is_some();
    let print = Fingerprint {
        due: d.due,
        status: d.status.code(),
        met_by,
        explanation: &explanation,
        unsettled,
        public: false,
        title: &d.title,
        owed_by,
    }
    .hex();
    out.extend([
        matter_id.into(),
        s(d.rule_id),
        Some(trigger).into(),
        met_by.into(),
        s(&d.title),
        d.due.into(),
        s(d.status.code()),
        s(owed_by),
        Value::from(explanation),
        unsettled.into(),
        false.into(),
        s(""),
        s("verified"),
        cx.now.into(),
        cx.now.into(),
        Value::from(print),
    ]);
}

/// One audit entry per matter: its creation, naming the file and line.
async fn insert_audit(
    db: &impl ConnectionTrait,
    cx: &Context<'_>,
    chunk: &[(String, ImportRow)],
    ids: &[i32],
) -> AppResult<()> {
    let mut values = Vec::with_capacity(chunk.len() * AUDIT_COLS.len());
    for ((slug, row), id) in chunk.iter().zip(ids) {
        let what = format!("{slug} (imported from {} line {}; {} events)", cx.source, row.line, row.events.len());
        values.extend([
            cx.now.into(),
            cx.actor.into(),
            s("create"),
            s("matter"),
            (*id).into(),
            Some(*id).into(),
            Value::String(None),
            Value::from(what),
        ]);
    }
    let sql = insert_sql(db.get_database_backend(), "audit_log", &AUDIT_COLS, chunk.len(), "");
    execute(db, sql, values).await
}
