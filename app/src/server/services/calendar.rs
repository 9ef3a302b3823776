//! Changing the business-day calendar: adding a closure recomputes every open
//! deadline in the same transaction, so no one ever sees a half-updated docket,
//! and each moved date keeps its old value in the deadline's history.

use super::deadlines::{FEDERAL, RecomputeReport, recompute_open};
use crate::{
    error::{AppError, AppResult},
    server::{
        audit::{self, Change},
        auth::CurrentUser,
        entities::calendar_closure,
    },
};
use chrono::{NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

/// A closure to add (already parsed).
#[derive(Debug, Clone)]
pub struct NewClosure {
    pub date: NaiveDate,
    pub name: String,
    pub source: String,
    /// An agency abbreviation for an emergency closure of one agency.
    pub scope: Option<String>,
}

/// Adds a closure to the federal calendar and recomputes every open deadline.
///
/// # Errors
/// `Validation` naming the field for an empty name or source or a duplicate
/// closure; `Internal` on a database failure (nothing is saved then).
pub async fn add_closure(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    new: NewClosure,
    today: NaiveDate,
) -> AppResult<RecomputeReport> {
    if new.name.trim().is_empty() {
        return Err(AppError::invalid("name", "say what the closure is for"));
    }
    if new.source.trim().is_empty() {
        return Err(AppError::invalid("source", "cite the order or notice that closed the agencies"));
    }
    let scope = new.scope.clone().map(|s| s.trim().to_ascii_uppercase()).unwrap_or_default();
    let txn = crate::server::tx::begin_write(db).await?;
    let duplicate = calendar_closure::Entity::find()
        .filter(calendar_closure::Column::Calendar.eq(FEDERAL))
        .filter(calendar_closure::Column::Date.eq(new.date))
        .filter(calendar_closure::Column::Scope.eq(scope.clone()))
        .one(&txn)
        .await?;
    if duplicate.is_some() {
        return Err(AppError::invalid("date", format!("{} is already a closure day on this calendar", new.date)));
    }
    let row = calendar_closure::ActiveModel {
        calendar: Set(FEDERAL.into()),
        date: Set(new.date),
        name: Set(new.name.trim().into()),
        source: Set(new.source.trim().into()),
        verification: Set("entered by an admin".into()),
        known_from: Set(today),
        scope: Set(scope.clone()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Change {
            user_id: Some(actor.id),
            action: "create",
            entity: "calendar_closure",
            entity_id: row.id,
            matter_id: None,
            old_value: None,
            new_value: Some(format!("{} {} {}", new.date, new.name.trim(), scope)),
        },
    )
    .await?;
    let reason = format!("closure added: {} ({}; {})", new.date, new.name.trim(), new.source.trim());
    let report = recompute_open(&txn, Some(actor.id), today, &reason).await?;
    txn.commit().await?;
    Ok(report)
}
