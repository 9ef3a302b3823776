//! Updating matters already in Docket from a file (`--on-duplicate
//! update`): the file's non-empty values replace the matter's, its events
//! are added (or an event of the same kind moves to the file's date), the
//! status moves forward, and the deadlines are recomputed, each change with
//! its audit entry. Matters the file does not change are left alone.

use super::{rows::ImportRow, write::Context};
use crate::{
    domain::{
        vocab::{EventKind, MatterKind, MatterStatus, Verification},
        workflow::status_after,
    },
    error::AppResult,
    server::{
        audit::{self, Change},
        entities::{event, matter},
        repo::common::stored,
        services::{deadlines::recompute_matter, matters},
    },
};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    sea_query::{Expr, ExprTrait},
};
use serde_json::{Map, Value, json};
use std::collections::HashMap;

/// How many matters changed and how many events were added or moved.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Updated {
    pub updated: usize,
    pub unchanged: usize,
    pub events: usize,
}

/// Applies `updates` (matter id, row) in the caller's transaction.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn apply(db: &impl ConnectionTrait, cx: &Context<'_>, updates: &[(i32, ImportRow)]) -> AppResult<Updated> {
    let mut out = Updated::default();
    for chunk in updates.chunks(500) {
        let ids: Vec<i32> = chunk.iter().map(|(id, _)| *id).collect();
        let found: HashMap<i32, matter::Model> = matter::Entity::find()
            .filter(matter::Column::Id.is_in(ids.clone()))
            .all(db)
            .await?
            .into_iter()
            .map(|m| (m.id, m))
            .collect();
        let mut events: HashMap<i32, Vec<event::Model>> = HashMap::new();
        for e in event::Entity::find()
            .filter(event::Column::MatterId.is_in(ids))
            .filter(event::Column::DeletedAt.is_null())
            .all(db)
            .await?
        {
            events.entry(e.matter_id).or_default().push(e);
        }
        for (id, row) in chunk {
            let Some(m) = found.get(id) else { continue };
            let changed = update_one(db, cx, m, events.remove(id).unwrap_or_default(), row).await?;
            out.events += changed.1;
            if changed.0 || changed.1 > 0 { out.updated += 1 } else { out.unchanged += 1 }
        }
    }
    Ok(out)
}

/// The columns the row changes: (column, field name, old, new).
fn field_changes(m: &matter::Model, row: &ImportRow) -> Vec<(matter::Column, &'static str, String, String)> {
    let candidates = [
        (matter::Column::Title, "title", &m.title, &row.title, row.title_given),
        (matter::Column::Summary, "summary", &m.summary, &row.summary, true),
        (matter::Column::Requester, "requester", &m.requester, &row.requester, true),
        (matter::Column::Court, "court", &m.court, &row.court, true),
        (matter::Column::DocketNumber, "docket_number", &m.docket_number, &row.docket_number, true),
    ];
    candidates
        .into_iter()
        .filter(|(_, _, old, new, given)| *given && !new.is_empty() && old != new)
        .map(|(c, f, old, new, _)| (c, f, old.clone(), new.clone()))
        .collect()
}

/// Updates one matter; returns whether a field changed and how many events.
async fn update_one(
    db: &impl ConnectionTrait,
    cx: &Context<'_>,
    m: &matter::Model,
    existing: Vec<event::Model>,
    row: &ImportRow,
) -> AppResult<(bool, usize)> {
    let kind = stored(&m.kind, MatterKind::parse)?;
    let mut status = stored(&m.status, MatterStatus::parse)?;
    let mut changes = field_changes(m, row);
    let mut moved = 0;
    for e in &row.events {
        match existing.iter().find(|x| x.kind == e.kind.code()) {
            Some(x) if x.date == e.date && x.outcome == e.outcome => continue,
            Some(x) => move_event(db, cx, x, e.date, &e.outcome).await?,
            None => {
                matters::add_event(db, cx.actor, m.id, new_event(e.kind, e.date, &e.title, &e.outcome)).await?;
            }
        }
        moved += 1;
        status = status_after(kind, status, e.kind, &e.outcome);
    }
    if status.code() != m.status {
        changes.push((matter::Column::Status, "status", m.status.clone(), status.code().to_string()));
    }
    if changes.is_empty() && moved == 0 {
        return Ok((false, 0));
    }
    if !changes.is_empty() {
        write_changes(db, cx, m, &changes).await?;
    }
    let reason = format!("updated from {} (line {})", cx.source, row.line);
    recompute_matter(db, cx.actor, m.id, cx.today, &reason).await?;
    Ok((!changes.is_empty(), moved))
}

fn new_event(kind: EventKind, date: chrono::NaiveDate, title: &str, outcome: &str) -> matters::NewEvent {
    matters::NewEvent {
        kind,
        date,
        title: title.to_string(),
        details: String::new(),
        public: false,
        verification: Verification::Verified,
        outcome: outcome.to_string(),
        pages_released: 0,
        exemptions: Vec::new(),
        pages_withheld: (0, 0),
    }
}

async fn move_event(
    db: &impl ConnectionTrait,
    cx: &Context<'_>,
    e: &event::Model,
    date: chrono::NaiveDate,
    outcome: &str,
) -> AppResult<()> {
    let old = json!({ "date": e.date.to_string(), "outcome": e.outcome }).to_string();
    let mut active: event::ActiveModel = e.clone().into();
    active.date = Set(date);
    active.outcome = Set(outcome.to_string());
    active.update(db).await?;
    let new = json!({ "date": date.to_string(), "outcome": outcome }).to_string();
    let change = Change {
        user_id: cx.actor,
        action: "update",
        entity: "event",
        entity_id: e.id,
        matter_id: Some(e.matter_id),
        old_value: Some(old),
        new_value: Some(new),
    };
    audit::record(db, change).await
}

async fn write_changes(
    db: &impl ConnectionTrait,
    cx: &Context<'_>,
    m: &matter::Model,
    changes: &[(matter::Column, &'static str, String, String)],
) -> AppResult<()> {
    let mut update = matter::Entity::update_many().col_expr(matter::Column::UpdatedAt, Expr::value(cx.now));
    let (mut old, mut new) = (Map::new(), Map::new());
    if changes.iter().any(|(_, field, ..)| *field != "status") {
        // An edit form opened before the import must not overwrite it.
        update = update.col_expr(matter::Column::Version, Expr::col(matter::Column::Version).add(1));
    }
    for (col, field, before, after) in changes {
        update = update.col_expr(*col, Expr::value(after.clone()));
        old.insert((*field).into(), Value::from(before.clone()));
        new.insert((*field).into(), Value::from(after.clone()));
    }
    update.filter(matter::Column::Id.eq(m.id)).exec(db).await?;
    let change = Change {
        user_id: cx.actor,
        action: "update",
        entity: "matter",
        entity_id: m.id,
        matter_id: Some(m.id),
        old_value: Some(Value::Object(old).to_string()),
        new_value: Some(Value::Object(new).to_string()),
    };
    audit::record(db, change).await
}
