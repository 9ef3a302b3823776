//! The stored calendar and what a computed deadline stores.
//!
//! The engine (`domain::derive`) says which deadlines a matter's events
//! imply; `recompute` stores them, keeps a history row whenever a due date
//! moves, and marks deadlines vacated when the event behind them goes away.
//! Court-ordered deadlines are entered by people and never touched there.

use crate::{
    domain::calendar::{Calendar, Closure, executive_order_closures},
    error::AppResult,
    server::entities::calendar_closure,
};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

pub use crate::domain::calendar::FEDERAL;
/// The rule id of court-ordered deadlines (entered, not computed).
pub const COURT_ORDERED: &str = "court.ordered";

/// Stores the executive-order closures the engine knows that the database
/// does not have yet.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn sync_closures(db: &impl ConnectionTrait) -> AppResult<()> {
    let existing =
        calendar_closure::Entity::find().filter(calendar_closure::Column::Calendar.eq(FEDERAL)).all(db).await?;
    for c in executive_order_closures() {
        let scope = c.scope.clone().unwrap_or_default();
        if existing.iter().any(|e| e.date == c.date && e.scope == scope) {
            continue;
        }
        calendar_closure::ActiveModel {
            calendar: Set(FEDERAL.into()),
            date: Set(c.date),
            name: Set(c.name),
            source: Set(c.source),
            verification: Set(c.verification),
            known_from: Set(c.known_from),
            scope: Set(scope),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// The federal calendar with the closures stored in the database.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn load_calendar(db: &impl ConnectionTrait) -> AppResult<Calendar> {
    let rows = calendar_closure::Entity::find()
        .filter(calendar_closure::Column::Calendar.eq(FEDERAL))
        .order_by_asc(calendar_closure::Column::Date)
        .all(db)
        .await?;
    let closures = rows
        .into_iter()
        .map(|r| Closure {
            date: r.date,
            name: r.name,
            source: r.source,
            verification: r.verification,
            known_from: r.known_from,
            scope: (!r.scope.is_empty()).then_some(r.scope),
        })
        .collect();
    Ok(Calendar::new(FEDERAL, closures, false))
}

mod stored;
pub use stored::StoredExplanation;

pub use super::recompute::{RecomputeReport, preview_basis, recompute_matter, recompute_matters, recompute_open};
