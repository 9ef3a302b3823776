//! Keeping computed deadlines in step with events and the calendar.
//!
//! The engine (`domain::derive`) says which deadlines a matter's events
//! imply; this service stores them, keeps a history row whenever a due date
//! moves, and marks deadlines vacated when the event behind them goes away.
//! Court-ordered deadlines are entered by people and never touched here.

use crate::{
    domain::{
        calendar::{Calendar, Closure, executive_order_closures},
        derive::{DerivedDeadline, EventFact, MatterFacts, derive_deadlines},
        rules::{Catalogue, Party, catalogue_for_agency},
        vocab::{DeadlineStatus, EventKind, MatterKind},
    },
    error::{AppError, AppResult},
    server::{
        audit::{self, Change},
        entities::{agency, calendar_closure, deadline, deadline_history, event, matter},
        repo::common::stored,
    },
};
use chrono::{NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// The default calendar's name.
pub const FEDERAL: &str = "federal";
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

fn event_fact(e: &event::Model) -> AppResult<EventFact> {
    Ok(EventFact {
        id: i64::from(e.id),
        kind: stored(&e.kind, EventKind::parse)?,
        date: e.date,
        outcome: (!e.outcome.is_empty()).then(|| e.outcome.clone()),
        label: e.title.clone(),
    })
}

fn event_id(id: i64) -> AppResult<i32> {
    i32::try_from(id).map_err(|_| AppError::Internal)
}

/// Recomputes every computed deadline of one matter, in the caller's
/// transaction, writing history for each date that moves.
///
/// # Errors
/// `NotFound` for an unknown matter; `Internal` on a database failure.
pub async fn recompute_matter(
    db: &impl ConnectionTrait,
    actor: Option<i32>,
    matter_id: i32,
    today: NaiveDate,
    reason: &str,
) -> AppResult<()> {
    let m = matter::Entity::find_by_id(matter_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("matter {matter_id}")))?;
    let ag = agency::Entity::find_by_id(m.agency_id).one(db).await?.ok_or(AppError::Internal)?;
    let parent = match ag.parent_id {
        Some(p) => agency::Entity::find_by_id(p).one(db).await?,
        None => None,
    };
    let events = event::Entity::find()
        .filter(event::Column::MatterId.eq(m.id))
        .order_by_asc(event::Column::Date)
        .all(db)
        .await?;
    let public_events: HashMap<i32, bool> = events.iter().map(|e| (e.id, e.public)).collect();
    // A component (CBP) follows its parent's regulation (DHS, 6 CFR part 5).
    let catalogue = match (catalogue_for_agency(&ag.abbreviation), &parent) {
        (Catalogue::Statute, Some(p)) => catalogue_for_agency(&p.abbreviation),
        (own, _) => own,
    };
    let facts = MatterFacts {
        kind: stored(&m.kind, MatterKind::parse)?,
        catalogue,
        events: events.iter().map(event_fact).collect::<AppResult<_>>()?,
    };
    let cal = load_calendar(db).await?.with_agency(&ag.abbreviation);
    let derived = derive_deadlines(&facts, &cal, today);
    let existing = deadline::Entity::find()
        .filter(deadline::Column::MatterId.eq(m.id))
        .filter(deadline::Column::RuleId.ne(COURT_ORDERED))
        .all(db)
        .await?;
    let mut seen = Vec::new();
    for d in &derived {
        let trigger = event_id(d.trigger_event_id)?;
        let public = public_events.get(&trigger).copied().unwrap_or(false);
        let found =
            existing.iter().find(|x| x.rule_id.as_deref() == Some(d.rule_id) && x.trigger_event_id == Some(trigger));
        let id = store(db, actor, &m, d, found, public, reason).await?;
        seen.push(id);
    }
    for stale in existing.iter().filter(|x| !seen.contains(&x.id) && x.status != DeadlineStatus::Vacated.code()) {
        let mut am: deadline::ActiveModel = stale.clone().into();
        am.status = Set(DeadlineStatus::Vacated.code().into());
        am.updated_at = Set(Utc::now());
        am.update(db).await?;
        history(db, stale.id, Some(stale.due_date), stale.due_date, &format!("vacated: {reason}")).await?;
    }
    Ok(())
}

async fn history(
    db: &impl ConnectionTrait,
    deadline_id: i32,
    old: Option<NaiveDate>,
    new: NaiveDate,
    reason: &str,
) -> AppResult<()> {
    deadline_history::ActiveModel {
        deadline_id: Set(deadline_id),
        old_due_date: Set(old),
        new_due_date: Set(new),
        reason: Set(reason.into()),
        changed_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

async fn store(
    db: &impl ConnectionTrait,
    actor: Option<i32>,
    m: &matter::Model,
    d: &DerivedDeadline,
    found: Option<&deadline::Model>,
    public: bool,
    reason: &str,
) -> AppResult<i32> {
    let explanation = serde_json::to_string(&d.computation.explanation).map_err(|e| {
        tracing::error!(error = %e, "explanation does not serialise");
        AppError::Internal
    })?;
    let met_by = d.met_by_event_id.map(event_id).transpose()?;
    let owed_by = if d.owed_by == Party::Agency { "agency" } else { "us" };
    let now = Utc::now();
    let mut am = match found {
        Some(row) => row.clone().into(),
        None => deadline::ActiveModel {
            matter_id: Set(m.id),
            created_at: Set(now),
            source: Set(String::new()),
            verification: Set("verified".into()),
            ..Default::default()
        },
    };
    am.rule_id = Set(Some(d.rule_id.into()));
    am.trigger_event_id = Set(Some(event_id(d.trigger_event_id)?));
    am.met_by_event_id = Set(met_by);
    am.title = Set(d.title.clone());
    am.due_date = Set(d.due);
    am.status = Set(d.status.code().into());
    am.owed_by = Set(owed_by.into());
    am.explanation = Set(explanation);
    am.unsettled = Set(d.computation.unsettled.is_some());
    am.public = Set(public);
    am.updated_at = Set(now);
    let saved = if found.is_some() { am.update(db).await? } else { am.insert(db).await? };
    let old = found.map(|f| f.due_date);
    if old != Some(d.due) {
        history(db, saved.id, old, d.due, reason).await?;
        audit::record(
            db,
            Change {
                user_id: actor,
                action: if found.is_some() { "update" } else { "create" },
                entity: "deadline",
                entity_id: saved.id,
                matter_id: Some(m.id),
                old_value: old.map(|o| o.to_string()),
                new_value: Some(d.due.to_string()),
            },
        )
        .await?;
    }
    Ok(saved.id)
}
