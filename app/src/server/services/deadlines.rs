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
        explain::Explanation,
        rules::{Catalogue, Party, catalogue_for_agency},
        vocab::{DeadlineStatus, EventKind, MatterKind, MatterStatus},
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
use serde::{Deserialize, Serialize};
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

/// What is stored in `deadlines.explanation`: the engine's explanation and
/// its warnings (a second information tolling, a roll-forward caveat).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredExplanation {
    pub explanation: Explanation,
    pub warnings: Vec<String>,
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

/// What a recomputation changed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RecomputeReport {
    pub matters: usize,
    pub deadlines: usize,
    pub moved: usize,
    pub created: usize,
    pub vacated: usize,
}

/// Recomputes the computed deadlines of one matter, in the caller's
/// transaction, writing history for each date that moves.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn recompute_matter(
    db: &impl ConnectionTrait,
    actor: Option<i32>,
    matter_id: i32,
    today: NaiveDate,
    reason: &str,
) -> AppResult<RecomputeReport> {
    recompute(db, actor, Some(vec![matter_id]), today, reason).await
}

/// Recomputes every open matter's computed deadlines (after a calendar
/// change), in the caller's transaction.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn recompute_open(
    db: &impl ConnectionTrait,
    actor: Option<i32>,
    today: NaiveDate,
    reason: &str,
) -> AppResult<RecomputeReport> {
    recompute(db, actor, None, today, reason).await
}

/// The catalogue of an agency: its own, or its parent's (CBP follows DHS's
/// 6 CFR part 5).
fn catalogue_of(ag: &agency::Model, agencies: &HashMap<i32, agency::Model>) -> Catalogue {
    match (catalogue_for_agency(&ag.abbreviation), ag.parent_id.and_then(|p| agencies.get(&p))) {
        (Catalogue::Statute, Some(parent)) => catalogue_for_agency(&parent.abbreviation),
        (own, _) => own,
    }
}

async fn recompute(
    db: &impl ConnectionTrait,
    actor: Option<i32>,
    only: Option<Vec<i32>>,
    today: NaiveDate,
    reason: &str,
) -> AppResult<RecomputeReport> {
    let mut matters_q = matter::Entity::find();
    if let Some(ids) = &only {
        matters_q = matters_q.filter(matter::Column::Id.is_in(ids.clone()));
    }
    let matters: Vec<matter::Model> = matters_q
        .all(db)
        .await?
        .into_iter()
        .filter(|m| only.is_some() || MatterStatus::parse(&m.status).is_ok_and(MatterStatus::is_open))
        .collect();
    let ids: Vec<i32> = matters.iter().map(|m| m.id).collect();
    let agencies: HashMap<i32, agency::Model> =
        agency::Entity::find().all(db).await?.into_iter().map(|a| (a.id, a)).collect();
    let mut events: HashMap<i32, Vec<event::Model>> = HashMap::new();
    for chunk in ids.chunks(500) {
        for e in event::Entity::find()
            .filter(event::Column::MatterId.is_in(chunk.to_vec()))
            .order_by_asc(event::Column::Date)
            .order_by_asc(event::Column::Id)
            .all(db)
            .await?
        {
            events.entry(e.matter_id).or_default().push(e);
        }
    }
    let mut existing: HashMap<i32, Vec<deadline::Model>> = HashMap::new();
    for chunk in ids.chunks(500) {
        for d in deadline::Entity::find()
            .filter(deadline::Column::MatterId.is_in(chunk.to_vec()))
            .filter(deadline::Column::RuleId.ne(COURT_ORDERED))
            .all(db)
            .await?
        {
            existing.entry(d.matter_id).or_default().push(d);
        }
    }
    let base = load_calendar(db).await?;
    let mut calendars: HashMap<String, Calendar> = HashMap::new();
    let mut report = RecomputeReport { matters: matters.len(), ..Default::default() };
    for m in &matters {
        let ag = agencies.get(&m.agency_id).ok_or(AppError::Internal)?;
        let cal =
            calendars.entry(ag.abbreviation.clone()).or_insert_with(|| base.clone().with_agency(&ag.abbreviation));
        let evs = events.remove(&m.id).unwrap_or_default();
        let facts = MatterFacts {
            kind: stored(&m.kind, MatterKind::parse)?,
            catalogue: catalogue_of(ag, &agencies),
            events: evs.iter().map(event_fact).collect::<AppResult<_>>()?,
        };
        let public: HashMap<i32, bool> = evs.iter().map(|e| (e.id, e.public)).collect();
        let derived = derive_deadlines(&facts, cal, today);
        let rows = existing.remove(&m.id).unwrap_or_default();
        sync_matter(db, actor, m.id, &derived, &rows, &public, reason, &mut report).await?;
    }
    Ok(report)
}

#[allow(clippy::too_many_arguments)]
async fn sync_matter(
    db: &impl ConnectionTrait,
    actor: Option<i32>,
    matter_id: i32,
    derived: &[DerivedDeadline],
    rows: &[deadline::Model],
    public: &HashMap<i32, bool>,
    reason: &str,
    report: &mut RecomputeReport,
) -> AppResult<()> {
    let mut seen = Vec::new();
    for d in derived {
        let trigger = event_id(d.trigger_event_id)?;
        let found =
            rows.iter().find(|x| x.rule_id.as_deref() == Some(d.rule_id) && x.trigger_event_id == Some(trigger));
        let id = store(db, actor, matter_id, d, found, public.get(&trigger).copied().unwrap_or(false), reason, report)
            .await?;
        seen.push(id);
        report.deadlines += 1;
    }
    for stale in rows.iter().filter(|x| !seen.contains(&x.id) && x.status != DeadlineStatus::Vacated.code()) {
        let mut am: deadline::ActiveModel = stale.clone().into();
        am.status = Set(DeadlineStatus::Vacated.code().into());
        am.updated_at = Set(Utc::now());
        am.update(db).await?;
        history(db, stale.id, Some(stale.due_date), stale.due_date, &format!("vacated: {reason}")).await?;
        report.vacated += 1;
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

#[allow(clippy::too_many_arguments)]
async fn store(
    db: &impl ConnectionTrait,
    actor: Option<i32>,
    matter_id: i32,
    d: &DerivedDeadline,
    found: Option<&deadline::Model>,
    public: bool,
    reason: &str,
    report: &mut RecomputeReport,
) -> AppResult<i32> {
    let stored_explanation =
        StoredExplanation { explanation: d.computation.explanation.clone(), warnings: d.computation.warnings.clone() };
    let explanation = serde_json::to_string(&stored_explanation).map_err(|e| {
        tracing::error!(error = %e, "explanation does not serialise");
        AppError::Internal
    })?;
    let met_by = d.met_by_event_id.map(event_id).transpose()?;
    let owed_by = if d.owed_by == Party::Agency { "agency" } else { "us" };
    let unsettled = d.computation.unsettled.is_some();
    if let Some(row) = found {
        let same = row.due_date == d.due
            && row.status == d.status.code()
            && row.met_by_event_id == met_by
            && row.explanation == explanation
            && row.unsettled == unsettled
            && row.public == public
            && row.title == d.title;
        if same {
            return Ok(row.id);
        }
    }
    let now = Utc::now();
    let mut am = match found {
        Some(row) => row.clone().into(),
        None => deadline::ActiveModel {
            matter_id: Set(matter_id),
            rule_id: Set(Some(d.rule_id.into())),
            trigger_event_id: Set(Some(event_id(d.trigger_event_id)?)),
            created_at: Set(now),
            source: Set(String::new()),
            verification: Set("verified".into()),
            ..Default::default()
        },
    };
    am.met_by_event_id = Set(met_by);
    am.title = Set(d.title.clone());
    am.due_date = Set(d.due);
    am.status = Set(d.status.code().into());
    am.owed_by = Set(owed_by.into());
    am.explanation = Set(explanation);
    am.unsettled = Set(unsettled);
    am.public = Set(public);
    am.updated_at = Set(now);
    let saved = if found.is_some() { am.update(db).await? } else { am.insert(db).await? };
    let old = found.map(|f| f.due_date);
    if old != Some(d.due) {
        if found.is_some() {
            report.moved += 1;
        } else {
            report.created += 1;
        }
        history(db, saved.id, old, d.due, reason).await?;
        audit::record(
            db,
            Change {
                user_id: actor,
                action: if found.is_some() { "update" } else { "create" },
                entity: "deadline",
                entity_id: saved.id,
                matter_id: Some(matter_id),
                old_value: old.map(|o| o.to_string()),
                new_value: Some(d.due.to_string()),
            },
        )
        .await?;
    }
    Ok(saved.id)
}
