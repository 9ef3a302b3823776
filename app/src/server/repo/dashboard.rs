//! The dashboard: counts, what is due, what is late, who may sue now.

use super::common::{
    agencies_by_id, agency_of, agency_ref, business_days_until, effective_status, in_slices, matter_ref, may_sue_since,
    stored,
};
use crate::{
    domain::{
        calendar::Calendar,
        vocab::{DeadlineStatus, MatterKind, MatterStatus},
    },
    error::AppResult,
    model::{Count, Dashboard, DeadlineBrief, MaySue},
    server::{
        auth::Principal,
        entities::{deadline, matter},
        policy,
    },
};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

/// Counts of `values` under each of `all` that occurs, in the order of `all`.
pub fn counts<T: Copy + Eq + std::hash::Hash>(
    all: &[T],
    values: impl Iterator<Item = T>,
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<Count> {
    let mut tally: HashMap<T, u64> = HashMap::new();
    for v in values {
        *tally.entry(v).or_default() += 1;
    }
    all.iter()
        .filter_map(|v| {
            tally.get(v).map(|n| Count { code: code(*v).to_string(), label: label(*v).to_string(), count: *n })
        })
        .collect()
}

/// The most rows each of the dashboard's lists shows (the rest are counted
/// and a link leads to all of them): after an agency's FOIA log is imported
/// an organisation may have tens of thousands of overdue deadlines, and a
/// page listing them all weighed 44 MB.
pub const DASHBOARD_LIST_MAX: usize = 100;

/// The first [`DASHBOARD_LIST_MAX`] of `all`, and how many there were.
fn first_of<T>(mut all: Vec<T>) -> (Vec<T>, u64) {
    let total = all.len() as u64;
    all.truncate(DASHBOARD_LIST_MAX);
    (all, total)
}

/// Deadlines of the given matters that `who` may see, as briefs, due-date order.
pub async fn briefs(
    db: &impl ConnectionTrait,
    who: &Principal,
    matters: &HashMap<i32, matter::Model>,
    today: NaiveDate,
) -> AppResult<Vec<DeadlineBrief>> {
    let cal = Calendar::federal();
    let mut rows = Vec::new();
    for slice in in_slices(matters.keys().copied()) {
        rows.extend(deadline::Entity::find().filter(deadline::Column::MatterId.is_in(slice)).all(db).await?);
    }
    rows.sort_by_key(|d| (d.due_date, d.id));
    let mut out = Vec::new();
    for d in rows {
        let Some(m) = matters.get(&d.matter_id) else { continue };
        if !d.public && !policy::is_member(who, m) {
            continue;
        }
        out.push(DeadlineBrief {
            matter: matter_ref(m)?,
            title: d.title.clone(),
            due: d.due_date,
            status: effective_status(&d, today)?,
            rule_id: d.rule_id.clone(),
            owed_by_agency: d.owed_by == "agency",
            unsettled: d.unsettled,
            answered: d.met_by_event_id.is_some(),
            may_sue_since: may_sue_since(&d, stored(&m.status, MatterStatus::parse)?, today)?,
            business_days_left: business_days_until(&cal, today, d.due_date),
        });
    }
    Ok(out)
}

/// How many drafts `who` should act on, among the matters they see.
fn drafts_for<'a>(who: &Principal, matters: impl Iterator<Item = &'a matter::Model>) -> u64 {
    let Principal::User(user) = who else { return 0 };
    let student = user.role == crate::domain::vocab::Role::Student;
    matters
        .filter(|m| m.organization_id == user.organization_id)
        .filter(|m| {
            if student {
                m.created_by == Some(user.id) && m.review_state != policy::APPROVED
            } else {
                m.review_state == "draft"
            }
        })
        .count() as u64
}

/// The dashboard as `who` may see it.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn dashboard(db: &impl ConnectionTrait, who: &Principal, today: NaiveDate) -> AppResult<Dashboard> {
    let matters: HashMap<i32, matter::Model> = matter::Entity::find()
        .filter(policy::visible_matters(who))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    let kinds = matters.values().filter_map(|m| MatterKind::parse(&m.kind).ok());
    let statuses = matters.values().filter_map(|m| MatterStatus::parse(&m.status).ok());
    let open: HashMap<i32, matter::Model> = matters
        .iter()
        .filter(|(_, m)| MatterStatus::parse(&m.status).is_ok_and(MatterStatus::is_open))
        .map(|(id, m)| (*id, m.clone()))
        .collect();
    let all = briefs(db, who, &open, today).await?;
    let (upcoming, upcoming_total) =
        first_of(all.iter().filter(|b| b.status == DeadlineStatus::Open && b.due >= today).cloned().collect());
    let mut overdue: Vec<DeadlineBrief> =
        all.iter().filter(|b| b.status == DeadlineStatus::Missed && !b.answered).cloned().collect();
    overdue.sort_by_key(|b| std::cmp::Reverse(b.due));
    let (overdue, overdue_total) = first_of(overdue);
    let agencies = agencies_by_id(db, open.values().map(|m| m.agency_id).collect()).await?;
    let by_slug: HashMap<&str, &matter::Model> = open.values().map(|m| (m.slug.as_str(), m)).collect();
    let mut may_sue = Vec::new();
    for b in &all {
        let (Some(since), Some(m)) = (b.may_sue_since, by_slug.get(b.matter.slug.as_str())) else { continue };
        may_sue.push(MaySue {
            matter: b.matter.clone(),
            agency: agency_ref(agency_of(&agencies, m)?),
            since,
            rule_id: b.rule_id.clone().unwrap_or_default(),
        });
    }
    may_sue.sort_by_key(|s| s.since);
    let (may_sue, may_sue_total) = first_of(may_sue);
    Ok(Dashboard {
        drafts: drafts_for(who, matters.values()),
        today,
        total_matters: matters.len() as u64,
        by_kind: counts(MatterKind::ALL, kinds, MatterKind::code, MatterKind::label),
        by_status: counts(MatterStatus::ALL, statuses, MatterStatus::code, MatterStatus::label),
        upcoming,
        upcoming_total,
        overdue,
        overdue_total,
        may_sue,
        may_sue_total,
    })
}
