//! Loading what a recomputation compares: the live events and the stored
//! computed deadlines of a set of matters. Each comes back as one JSON array
//! built by the database (`json_group_array` on SQLite, `json_agg` on
//! PostgreSQL) instead of one result row per record: the per-row cost of the
//! driver, not the database, is what a recomputation of a whole docket
//! spent most of its loading time on.

use super::{EventRow, plan::Existing};
use crate::{
    domain::{
        derive::EventFact,
        vocab::{EventKind, MatterStatus},
    },
    error::{AppError, AppResult},
    server::{repo::common::stored, services::deadlines::COURT_ORDERED},
};
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};
use serde::Deserialize;
use std::collections::HashMap;

/// Matter ids per `IN (…)` list when loading some matters' rows.
const ID_CHUNK: usize = 500;

/// A boolean as either engine puts it in JSON (SQLite: 0 or 1).
#[derive(Deserialize)]
#[serde(untagged)]
enum Flag {
    Bool(bool),
    Int(i64),
}

impl Flag {
    fn get(&self) -> bool {
        match self {
            Flag::Bool(b) => *b,
            Flag::Int(i) => *i != 0,
        }
    }
}

/// Which rows of a table to load: those matching `filter` whose `key` (a
/// matter id) is in `only` (all when `None`).
struct Rows<'a> {
    table: &'a str,
    columns: &'a str,
    filter: &'a str,
    key: &'a str,
}

/// `SELECT` one JSON array of the `columns` of the rows `what` names, for
/// the matters `ids` (all when `None`).
fn aggregate(backend: DbBackend, what: &Rows<'_>, ids: Option<&[i32]>) -> Statement {
    let Rows { table, columns, filter, key } = what;
    let mut values: Vec<Value> = Vec::new();
    let mut clause = filter.to_string();
    if let Some(ids) = ids {
        let marks: Vec<String> = (1..=ids.len())
            .map(|n| if backend == DbBackend::Postgres { format!("${n}") } else { "?".into() })
            .collect();
        clause.push_str(&format!(" AND {key} IN ({})", marks.join(", ")));
        values.extend(ids.iter().map(|id| Value::from(*id)));
    }
    let sql = if backend == DbBackend::Postgres {
        format!("SELECT COALESCE(json_agg(json_build_array({columns})), '[]')::text FROM {table} WHERE {clause}")
    } else {
        format!("SELECT json_group_array(json_array({columns})) FROM {table} WHERE {clause}")
    };
    Statement::from_sql_and_values(backend, sql, values)
}

/// The rows of `table` as `T`s, for the matters `only` (all when `None`).
async fn rows<T: serde::de::DeserializeOwned>(
    db: &impl ConnectionTrait,
    what: Rows<'_>,
    only: Option<&[i32]>,
) -> AppResult<Vec<T>> {
    let backend = db.get_database_backend();
    let chunks: Vec<Option<&[i32]>> = match only {
        None => vec![None],
        Some(ids) => ids.chunks(ID_CHUNK).map(Some).collect(),
    };
    let mut out = Vec::new();
    for ids in chunks {
        let row = db.query_one_raw(aggregate(backend, &what, ids)).await?;
        let json: String = row.ok_or(AppError::Internal)?.try_get_by_index(0)?;
        out.extend(serde_json::from_str::<Vec<T>>(&json).map_err(|e| {
            tracing::error!(error = %e, table = what.table, "aggregated rows do not parse");
            AppError::Internal
        })?);
    }
    Ok(out)
}

/// The matters to recompute, in id order: `only` these, or every open one
/// (id, kind, agency).
pub(super) async fn matters(db: &impl ConnectionTrait, only: Option<&[i32]>) -> AppResult<Vec<(i32, String, i32)>> {
    let what = Rows { table: "matters", columns: "id, kind, agency_id, status", filter: "1 = 1", key: "id" };
    let mut rows: Vec<(i32, String, i32, String)> = rows(db, what, only).await?;
    rows.sort_unstable_by_key(|r| r.0);
    Ok(rows
        .into_iter()
        .filter(|(.., status)| only.is_some() || MatterStatus::parse(status).is_ok_and(MatterStatus::is_open))
        .map(|(id, kind, agency, _)| (id, kind, agency))
        .collect())
}

/// The live events of the matters `only` (all matters when `None`), by
/// matter, in date order.
pub(super) async fn events(db: &impl ConnectionTrait, only: Option<&[i32]>) -> AppResult<HashMap<i32, Vec<EventRow>>> {
    type Tuple = (i32, i32, String, NaiveDate, String, String, Flag);
    let columns = "id, matter_id, kind, date, outcome, title, public";
    let what = Rows { table: "events", columns, filter: "deleted_at IS NULL", key: "matter_id" };
    let mut tuples: Vec<Tuple> = rows(db, what, only).await?;
    tuples.sort_unstable_by_key(|t| (t.3, t.0));
    let mut out: HashMap<i32, Vec<EventRow>> = HashMap::new();
    for (id, matter_id, kind, date, outcome, title, public) in tuples {
        let fact = EventFact {
            id: i64::from(id),
            kind: stored(&kind, EventKind::parse)?,
            date,
            outcome: (!outcome.is_empty()).then_some(outcome),
            label: title,
        };
        out.entry(matter_id).or_default().push(EventRow { fact, public: public.get() });
    }
    Ok(out)
}

/// The computed deadlines stored for the matters `only` (all when `None`).
pub(super) async fn existing(
    db: &impl ConnectionTrait,
    only: Option<&[i32]>,
) -> AppResult<HashMap<i32, Vec<Existing>>> {
    type Tuple = (i32, i32, Option<String>, Option<i32>, NaiveDate, String, String);
    let columns = "id, matter_id, rule_id, trigger_event_id, due_date, status, fingerprint";
    let filter = format!("rule_id <> '{COURT_ORDERED}'");
    let what = Rows { table: "deadlines", columns, filter: &filter, key: "matter_id" };
    let tuples: Vec<Tuple> = rows(db, what, only).await?;
    let mut out: HashMap<i32, Vec<Existing>> = HashMap::new();
    for (id, matter_id, rule_id, trigger, due, status, fingerprint) in tuples {
        out.entry(matter_id).or_default().push(Existing { id, matter_id, rule_id, trigger, due, status, fingerprint });
    }
    Ok(out)
}
