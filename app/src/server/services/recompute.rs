//! Recomputing stored deadlines from events and the calendar, in batches:
//! one pass loads a set of matters' events and deadlines, the engine derives
//! what they imply, and the differences are written with a few statements
//! per hundred rows (history and audit included), so a calendar change can
//! recompute a whole docket inside one transaction quickly.

use super::deadlines::{COURT_ORDERED, StoredExplanation, load_calendar};
use crate::{
    domain::{
        calendar::Calendar,
        derive::{DerivedDeadline, EventFact, MatterFacts, derive_deadlines},
        rules::{Catalogue, Party, catalogue_for_agency},
        vocab::{DeadlineStatus, EventKind, MatterKind, MatterStatus},
    },
    error::{AppError, AppResult},
    server::{
        audit::Change,
        entities::{agency, audit_entry, deadline, deadline_history, event, matter},
        repo::common::stored,
    },
};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    sea_query::{CaseStatement, Expr},
};
use std::collections::HashMap;

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

/// The stored form of one derived deadline.
struct Row {
    matter_id: i32,
    rule_id: &'static str,
    trigger: i32,
    met_by: Option<i32>,
    title: String,
    due: NaiveDate,
    status: &'static str,
    owed_by: &'static str,
    explanation: String,
    unsettled: bool,
    public: bool,
}

impl Row {
    fn new(matter_id: i32, d: &DerivedDeadline, public: bool) -> AppResult<Row> {
        let stored = StoredExplanation {
            explanation: d.computation.explanation.clone(),
            warnings: d.computation.warnings.clone(),
        };
        let explanation = serde_json::to_string(&stored).map_err(|e| {
            tracing::error!(error = %e, "explanation does not serialise");
            AppError::Internal
        })?;
        Ok(Row {
            matter_id,
            rule_id: d.rule_id,
            trigger: event_id(d.trigger_event_id)?,
            met_by: d.met_by_event_id.map(event_id).transpose()?,
            title: d.title.clone(),
            due: d.due,
            status: d.status.code(),
            owed_by: if d.owed_by == Party::Agency { "agency" } else { "us" },
            explanation,
            unsettled: d.computation.unsettled.is_some(),
            public,
        })
    }

    fn same_as(&self, m: &deadline::Model) -> bool {
        m.due_date == self.due
            && m.status == self.status
            && m.met_by_event_id == self.met_by
            && m.explanation == self.explanation
            && m.unsettled == self.unsettled
            && m.public == self.public
            && m.title == self.title
            && m.owed_by == self.owed_by
    }
}

/// Everything one recomputation will write.
#[derive(Default)]
struct Plan {
    updates: Vec<(i32, Row)>,
    inserts: Vec<Row>,
    history: Vec<(i32, i32, Option<NaiveDate>, NaiveDate, String)>,
    vacate: Vec<(i32, i32, NaiveDate)>,
}

impl Plan {
    fn add_matter(&mut self, rows: Vec<Row>, existing: &[deadline::Model], reason: &str, report: &mut RecomputeReport) {
        let mut kept = Vec::new();
        for row in rows {
            report.deadlines += 1;
            let found = existing
                .iter()
                .find(|x| x.rule_id.as_deref() == Some(row.rule_id) && x.trigger_event_id == Some(row.trigger));
            match found {
                Some(old) => {
                    kept.push(old.id);
                    if row.same_as(old) {
                        continue;
                    }
                    if old.due_date != row.due {
                        report.moved += 1;
                        self.history.push((old.id, old.matter_id, Some(old.due_date), row.due, reason.to_string()));
                    }
                    self.updates.push((old.id, row));
                }
                None => {
                    report.created += 1;
                    self.inserts.push(row);
                }
            }
        }
        for stale in existing.iter().filter(|x| !kept.contains(&x.id) && x.status != DeadlineStatus::Vacated.code()) {
            report.vacated += 1;
            self.vacate.push((stale.id, stale.matter_id, stale.due_date));
        }
    }
}

async fn recompute(
    db: &impl ConnectionTrait,
    actor: Option<i32>,
    only: Option<Vec<i32>>,
    today: NaiveDate,
    reason: &str,
) -> AppResult<RecomputeReport> {
    let mut query = matter::Entity::find();
    if let Some(ids) = &only {
        query = query.filter(matter::Column::Id.is_in(ids.clone()));
    }
    let matters: Vec<matter::Model> = query
        .all(db)
        .await?
        .into_iter()
        .filter(|m| only.is_some() || MatterStatus::parse(&m.status).is_ok_and(MatterStatus::is_open))
        .collect();
    let ids: Vec<i32> = matters.iter().map(|m| m.id).collect();
    let agencies: HashMap<i32, agency::Model> =
        agency::Entity::find().all(db).await?.into_iter().map(|a| (a.id, a)).collect();
    let mut events = load_events(db, &ids).await?;
    let mut existing = load_deadlines(db, &ids).await?;
    let base = load_calendar(db).await?;
    let mut calendars: HashMap<String, Calendar> = HashMap::new();
    let mut report = RecomputeReport { matters: matters.len(), ..Default::default() };
    let mut plan = Plan::default();
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
        let rows = derive_deadlines(&facts, cal, today)
            .iter()
            .map(|d| {
                let trigger = event_id(d.trigger_event_id)?;
                Row::new(m.id, d, public.get(&trigger).copied().unwrap_or(false))
            })
            .collect::<AppResult<Vec<_>>>()?;
        plan.add_matter(rows, &existing.remove(&m.id).unwrap_or_default(), reason, &mut report);
    }
    apply(db, actor, plan, reason).await?;
    Ok(report)
}

async fn load_events(db: &impl ConnectionTrait, ids: &[i32]) -> AppResult<HashMap<i32, Vec<event::Model>>> {
    let mut out: HashMap<i32, Vec<event::Model>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows = event::Entity::find()
            .filter(event::Column::MatterId.is_in(chunk.to_vec()))
            .filter(event::Column::DeletedAt.is_null())
            .order_by_asc(event::Column::Date)
            .order_by_asc(event::Column::Id)
            .all(db)
            .await?;
        for e in rows {
            out.entry(e.matter_id).or_default().push(e);
        }
    }
    Ok(out)
}

async fn load_deadlines(db: &impl ConnectionTrait, ids: &[i32]) -> AppResult<HashMap<i32, Vec<deadline::Model>>> {
    let mut out: HashMap<i32, Vec<deadline::Model>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows = deadline::Entity::find()
            .filter(deadline::Column::MatterId.is_in(chunk.to_vec()))
            .filter(deadline::Column::RuleId.ne(COURT_ORDERED))
            .all(db)
            .await?;
        for d in rows {
            out.entry(d.matter_id).or_default().push(d);
        }
    }
    Ok(out)
}

/// Rows per bulk statement: small enough for every engine's parameter limit.
const CHUNK: usize = 100;

fn case<T: Into<sea_orm::Value> + Clone>(
    rows: &[(i32, Row)],
    col: deadline::Column,
    value: impl Fn(&Row) -> T,
) -> Expr {
    let mut case = CaseStatement::new();
    for (id, row) in rows {
        case = case.case(deadline::Column::Id.eq(*id), Expr::val(value(row)));
    }
    case.finally(Expr::col(col)).into()
}

async fn apply(db: &impl ConnectionTrait, actor: Option<i32>, mut plan: Plan, reason: &str) -> AppResult<()> {
    let now = Utc::now();
    for chunk in plan.updates.chunks(CHUNK) {
        use deadline::Column as C;
        deadline::Entity::update_many()
            .col_expr(C::DueDate, case(chunk, C::DueDate, |r| r.due))
            .col_expr(C::Status, case(chunk, C::Status, |r| r.status))
            .col_expr(C::MetByEventId, case(chunk, C::MetByEventId, |r| r.met_by))
            .col_expr(C::Explanation, case(chunk, C::Explanation, |r| r.explanation.clone()))
            .col_expr(C::Unsettled, case(chunk, C::Unsettled, |r| r.unsettled))
            .col_expr(C::Public, case(chunk, C::Public, |r| r.public))
            .col_expr(C::Title, case(chunk, C::Title, |r| r.title.clone()))
            .col_expr(C::OwedBy, case(chunk, C::OwedBy, |r| r.owed_by))
            .col_expr(C::UpdatedAt, Expr::val(now))
            .filter(C::Id.is_in(chunk.iter().map(|(id, _)| *id)))
            .exec(db)
            .await?;
    }
    for row in std::mem::take(&mut plan.inserts) {
        let saved = deadline::ActiveModel {
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
            ..Default::default()
        }
        .insert(db)
        .await?;
        plan.history.push((saved.id, saved.matter_id, None, saved.due_date, reason.to_string()));
    }
    for chunk in plan.vacate.chunks(CHUNK) {
        deadline::Entity::update_many()
            .col_expr(deadline::Column::Status, Expr::val(DeadlineStatus::Vacated.code()))
            .col_expr(deadline::Column::UpdatedAt, Expr::val(now))
            .filter(deadline::Column::Id.is_in(chunk.iter().map(|(id, _, _)| *id)))
            .exec(db)
            .await?;
    }
    let vacated = plan.vacate.iter().map(|(id, m, due)| (*id, *m, Some(*due), *due, format!("vacated: {reason}")));
    let history: Vec<_> = plan.history.into_iter().chain(vacated).collect();
    write_history(db, actor, &history, now).await
}

/// Writes the history rows and, for each, the audit entry, in bulk.
async fn write_history(
    db: &impl ConnectionTrait,
    actor: Option<i32>,
    history: &[(i32, i32, Option<NaiveDate>, NaiveDate, String)],
    now: DateTime<Utc>,
) -> AppResult<()> {
    for chunk in history.chunks(CHUNK * 2) {
        let rows = chunk.iter().map(|(id, _, old, new, why)| deadline_history::ActiveModel {
            deadline_id: Set(*id),
            old_due_date: Set(*old),
            new_due_date: Set(*new),
            reason: Set(why.clone()),
            changed_at: Set(now),
            ..Default::default()
        });
        deadline_history::Entity::insert_many(rows).exec(db).await?;
        let audits = chunk.iter().map(|(id, matter_id, old, new, _)| {
            Change {
                user_id: actor,
                action: if old.is_some() { "update" } else { "create" },
                entity: "deadline",
                entity_id: *id,
                matter_id: Some(*matter_id),
                old_value: old.map(|o| o.to_string()),
                new_value: Some(new.to_string()),
            }
            .into_active_model(now)
        });
        audit_entry::Entity::insert_many(audits).exec(db).await?;
    }
    Ok(())
}
