//! Recomputing stored deadlines from events and the calendar, in batches:
//! one pass loads a set of matters' events and deadlines (only the columns
//! the engine and the comparison need), the engine derives what they imply,
//! and the differences are written with a few statements per hundred rows
//! (history and audit included), so a calendar change can recompute a whole
//! docket inside one transaction quickly.

mod load;
mod plan;
pub use plan::Fingerprint;
mod write;

use super::deadlines::load_calendar;
use crate::{
    domain::{
        calendar::Calendar,
        derive::{EventFact, MatterFacts, derive_deadlines},
        preview::PreviewBasis,
        rules::{Catalogue, catalogue_for_agency},
        vocab::MatterKind,
    },
    error::{AppError, AppResult},
    server::{entities::agency, repo::common::stored},
};
use chrono::NaiveDate;
use plan::{Plan, Row};
use sea_orm::{ConnectionTrait, EntityTrait};
use std::collections::HashMap;

/// What a recomputation changed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RecomputeReport {
    pub matters: usize,
    pub deadlines: usize,
    pub moved: usize,
    /// Deadlines rewritten (a new date, status or explanation).
    pub updated: usize,
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

/// Recomputes the computed deadlines of the matters `ids` together, in the
/// caller's transaction (an import that changed their events).
///
/// # Errors
/// `Internal` on a database failure.
pub async fn recompute_matters(
    db: &impl ConnectionTrait,
    actor: Option<i32>,
    ids: Vec<i32>,
    today: NaiveDate,
    reason: &str,
) -> AppResult<RecomputeReport> {
    recompute(db, actor, Some(ids), today, reason).await
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

/// An event as the engine needs it, and whether it is public.
struct EventRow {
    fact: EventFact,
    public: bool,
}

fn event_id(id: i64) -> AppResult<i32> {
    i32::try_from(id).map_err(|_| AppError::Internal)
}

/// One matter's inputs to the engine.
struct Job<'a> {
    matter_id: i32,
    facts: MatterFacts,
    public: HashMap<i32, bool>,
    calendar: &'a Calendar,
}

/// The derived deadlines of one matter, in stored form.
fn rows_for(job: &Job<'_>, today: NaiveDate) -> AppResult<Vec<Row>> {
    derive_deadlines(&job.facts, job.calendar, today)
        .iter()
        .map(|d| {
            let trigger = event_id(d.trigger_event_id)?;
            Row::new(job.matter_id, trigger, d, job.public.get(&trigger).copied().unwrap_or(false))
        })
        .collect()
}

/// Derives every job's rows, on all cores when there are many (the engine
/// and the serialising of explanations are pure CPU work).
fn derive_all(jobs: &[Job<'_>], today: NaiveDate) -> AppResult<Vec<Vec<Row>>> {
    const PER_THREAD: usize = 2_000;
    let threads = std::thread::available_parallelism().map_or(1, usize::from).min(jobs.len() / PER_THREAD).max(1);
    if threads == 1 {
        return jobs.iter().map(|j| rows_for(j, today)).collect();
    }
    let size = jobs.len().div_ceil(threads);
    let parts: Vec<AppResult<Vec<Vec<Row>>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .chunks(size)
            .map(|chunk| scope.spawn(move || chunk.iter().map(|j| rows_for(j, today)).collect()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or(Err(AppError::Internal))).collect()
    });
    let mut out = Vec::with_capacity(jobs.len());
    for part in parts {
        out.extend(part?);
    }
    Ok(out)
}

/// What the event form needs to preview due dates in the browser: the
/// matter's live events and catalogue, as the recomputation sees them, and
/// the closures of `calendar` (the stored one, which the caller has loaded).
///
/// # Errors
/// `Internal` on a database failure.
pub async fn preview_basis(
    db: &impl ConnectionTrait,
    matter_id: i32,
    calendar: &Calendar,
    today: NaiveDate,
) -> AppResult<PreviewBasis> {
    let only = [matter_id];
    let Some((_, kind, agency_id)) = load::matters(db, Some(&only)).await?.pop() else {
        return Err(AppError::Internal);
    };
    let agencies: HashMap<i32, agency::Model> =
        agency::Entity::find().all(db).await?.into_iter().map(|a| (a.id, a)).collect();
    let ag = agencies.get(&agency_id).ok_or(AppError::Internal)?;
    let events = load::events(db, Some(&only)).await?.remove(&matter_id).unwrap_or_default();
    Ok(PreviewBasis {
        facts: MatterFacts {
            kind: stored(&kind, MatterKind::parse)?,
            catalogue: catalogue_of(ag, &agencies),
            events: events.into_iter().map(|e| e.fact).collect(),
        },
        closures: calendar.closures().to_vec(),
        agency: ag.abbreviation.clone(),
        today,
    })
}

async fn recompute(
    db: &impl ConnectionTrait,
    actor: Option<i32>,
    only: Option<Vec<i32>>,
    today: NaiveDate,
    reason: &str,
) -> AppResult<RecomputeReport> {
    let started = std::time::Instant::now();
    let matters = load::matters(db, only.as_deref()).await?;
    let agencies: HashMap<i32, agency::Model> =
        agency::Entity::find().all(db).await?.into_iter().map(|a| (a.id, a)).collect();
    let mut events = load::events(db, only.as_deref()).await?;
    let mut existing = load::existing(db, only.as_deref()).await?;
    let base = load_calendar(db).await?;
    let loaded = started.elapsed();
    let mut calendars: HashMap<i32, Calendar> = HashMap::new();
    for ag in agencies.values() {
        calendars.insert(ag.id, base.clone().with_agency(&ag.abbreviation));
    }
    let mut jobs = Vec::with_capacity(matters.len());
    for (matter_id, kind, agency_id) in &matters {
        let (Some(ag), Some(calendar)) = (agencies.get(agency_id), calendars.get(agency_id)) else {
            return Err(AppError::Internal);
        };
        let evs = events.remove(matter_id).unwrap_or_default();
        let public = evs.iter().map(|e| Ok((event_id(e.fact.id)?, e.public))).collect::<AppResult<_>>()?;
        let facts = MatterFacts {
            kind: stored(kind, MatterKind::parse)?,
            catalogue: catalogue_of(ag, &agencies),
            events: evs.into_iter().map(|e| e.fact).collect(),
        };
        jobs.push(Job { matter_id: *matter_id, facts, public, calendar });
    }
    let mut report = RecomputeReport { matters: matters.len(), ..Default::default() };
    let mut plan = Plan::default();
    for (job, rows) in jobs.iter().zip(derive_all(&jobs, today)?) {
        plan.add_matter(rows, &existing.remove(&job.matter_id).unwrap_or_default(), reason, &mut report);
    }
    let derived = started.elapsed();
    write::apply(db, actor, plan, reason).await?;
    tracing::debug!(?loaded, ?derived, written = ?started.elapsed(), ?report, "recomputed (cumulative times)");
    Ok(report)
}
