//! Logging events on a matter, deleting them (softly, so a deletion can be
//! undone) and restoring them. Each call recomputes the matter's deadlines
//! and moves its status in the same transaction.

use super::{
    deadlines::load_calendar,
    matter_edit::editable,
    matters::{self, NewEvent, NewManualDeadline},
    recompute::{RecomputeReport, recompute_matter},
};
use crate::{
    domain::{
        derive::CourtOrder,
        vocab::{MatterKind, MatterStatus, Verification},
        workflow::status_after,
    },
    error::{AppError, AppResult},
    forms::{EventForm, ValidEvent},
    server::{
        audit::{self, Change},
        auth::CurrentUser,
        entities::{event, matter},
        repo::common::stored,
    },
};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    sea_query::Expr,
};

/// What logging an event did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logged {
    pub event_id: i32,
    pub status: MatterStatus,
    pub report: RecomputeReport,
}

/// Logs an event on matter `slug` as `who`.
///
/// # Errors
/// `Validation`/`Fields` for bad input; `NotFound`/`Forbidden` when `who`
/// may not edit the matter.
pub async fn log(
    db: &DatabaseConnection,
    who: &CurrentUser,
    slug: &str,
    form: &EventForm,
    today: NaiveDate,
) -> AppResult<Logged> {
    let txn = crate::server::tx::begin_write(db).await?;
    // Authorised before validated: who may not edit the matter learns
    // nothing from the form's errors.
    let m = editable(&txn, who, slug).await?;
    let v = form.validate(today)?;
    let reason = format!("{} logged for {}", v.title, v.date);
    let event_id = matters::add_event(&txn, Some(who.id), m.id, new_event(&v)).await?;
    if !v.tracking_number.is_empty() && v.tracking_number != m.agency_tracking_number {
        set_field(
            &txn,
            who,
            &m,
            matter::Column::AgencyTrackingNumber,
            "tracking_number",
            &m.agency_tracking_number,
            &v.tracking_number,
        )
        .await?;
    }
    if let Some(order) = &v.order {
        court_deadlines(&txn, who, &m, order, v.public).await?;
    }
    let kind = stored(&m.kind, MatterKind::parse)?;
    let current = stored(&m.status, MatterStatus::parse)?;
    let status = status_after(kind, current, v.kind, &v.outcome);
    if status != current {
        set_field(&txn, who, &m, matter::Column::Status, "status", current.code(), status.code()).await?;
    }
    let report = recompute_matter(&txn, Some(who.id), m.id, today, &reason).await?;
    txn.commit().await?;
    Ok(Logged { event_id, status, report })
}

fn new_event(v: &ValidEvent) -> NewEvent {
    NewEvent {
        kind: v.kind,
        date: v.date,
        title: v.title.clone(),
        details: v.details.clone(),
        public: v.public,
        verification: Verification::Verified,
        outcome: v.outcome.clone(),
        pages_released: v.pages_released,
        exemptions: v.exemptions.clone(),
        pages_withheld: (v.pages_withheld_full, v.pages_withheld_part),
    }
}

async fn court_deadlines(
    db: &impl ConnectionTrait,
    who: &CurrentUser,
    m: &matter::Model,
    order: &CourtOrder,
    public: bool,
) -> AppResult<()> {
    let dates = order.dates(&load_calendar(db).await?);
    let total = dates.len();
    for (n, due) in dates.into_iter().enumerate() {
        let title = if total > 1 { format!("{} ({} of {total})", order.title, n + 1) } else { order.title.clone() };
        let new = NewManualDeadline {
            title,
            due,
            source: "Court order".into(),
            verification: Verification::Verified,
            public,
        };
        matters::add_manual_deadline(db, Some(who.id), m.id, new).await?;
    }
    Ok(())
}

/// Sets one column of a matter that events drive (status, tracking number),
/// with its audit entry. Such changes do not bump the matter's version: the
/// edit form does not carry them, so they cannot conflict with an edit.
async fn set_field(
    db: &impl ConnectionTrait,
    who: &CurrentUser,
    m: &matter::Model,
    column: matter::Column,
    field: &str,
    old: &str,
    new: &str,
) -> AppResult<()> {
    matter::Entity::update_many()
        .col_expr(column, Expr::value(new))
        .col_expr(matter::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(matter::Column::Id.eq(m.id))
        .exec(db)
        .await?;
    let change = Change {
        user_id: Some(who.id),
        action: "update",
        entity: "matter",
        entity_id: m.id,
        matter_id: Some(m.id),
        old_value: Some(serde_json::json!({ field: old }).to_string()),
        new_value: Some(serde_json::json!({ field: new }).to_string()),
    };
    audit::record(db, change).await
}

/// Deletes (`deleted`) or restores an event of matter `slug`, as `who`, and
/// recomputes the matter's deadlines.
///
/// # Errors
/// `NotFound` when the event is not on that matter; `Forbidden` when `who`
/// may not edit the matter.
pub async fn set_deleted(
    db: &DatabaseConnection,
    who: &CurrentUser,
    slug: &str,
    event_id: i32,
    deleted: bool,
    today: NaiveDate,
) -> AppResult<RecomputeReport> {
    let txn = crate::server::tx::begin_write(db).await?;
    let m = editable(&txn, who, slug).await?;
    let e = event::Entity::find_by_id(event_id)
        .filter(event::Column::MatterId.eq(m.id))
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("event {event_id} on `{slug}`")))?;
    let when = deleted.then(Utc::now);
    let label = format!("{} of {}", e.title, e.date);
    let mut active: event::ActiveModel = e.into();
    active.deleted_at = Set(when);
    active.update(&txn).await?;
    let change = Change {
        user_id: Some(who.id),
        action: if deleted { "delete" } else { "restore" },
        entity: "event",
        entity_id: event_id,
        matter_id: Some(m.id),
        old_value: None,
        new_value: Some(label.clone()),
    };
    audit::record(&txn, change).await?;
    let reason = if deleted { format!("{label} deleted") } else { format!("{label} restored") };
    let report = recompute_matter(&txn, Some(who.id), m.id, today, &reason).await?;
    txn.commit().await?;
    Ok(report)
}
