//! Agency scorecards: how each agency (with its components) has answered
//! the requests `who` may see, read from the deadlines the engine stored.
//!
//! Nothing here applies a deadline rule: a statutory response deadline
//! (`foia.response`, `foia.appeal_response`) counts as on time when the
//! engine marked it met, as late when it marked it missed (or its day has
//! passed), and the days late run on the federal calendar from the due
//! date to the event that met it, or to today while it is unanswered.

use super::common::{EXHAUSTING_RULES, agency_ref, effective_status};
use crate::{
    domain::{
        calendar::{Calendar, Reading},
        vocab::{DeadlineStatus, LinkKind, MatterKind},
    },
    error::AppResult,
    model::Scorecard,
    server::{
        auth::Principal,
        entities::{agency, deadline, event, matter, matter_link},
        policy,
    },
};
use chrono::{Days, NaiveDate};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{HashMap, HashSet};

/// What one matter contributes to its agency's scorecard.
#[derive(Default)]
struct Tally {
    requests: u64,
    responses_due: u64,
    on_time: u64,
    days_late: Vec<i64>,
    overdue: u64,
}

/// Business days late of a response due on `due` and given on `on`: the
/// business days after `due` up to and including `on`, at least one.
pub fn business_days_late(cal: &Calendar, due: NaiveDate, on: NaiveDate) -> i64 {
    let end = on.checked_add_days(Days::new(1)).unwrap_or(on);
    i64::from(cal.business_days_between(due, end, Reading::StatuteOnly)).max(1)
}

/// The dates of the visible, undeleted events that met these deadlines.
async fn meeting_dates(
    db: &impl ConnectionTrait,
    who: &Principal,
    deadlines: &[deadline::Model],
) -> AppResult<HashMap<i32, NaiveDate>> {
    let ids: Vec<i32> = deadlines.iter().filter_map(|d| d.met_by_event_id).collect();
    let rows = event::Entity::find()
        .filter(event::Column::Id.is_in(ids))
        .filter(event::Column::DeletedAt.is_null())
        .filter(policy::child_rows_visible(who, event::Column::Public, event::Column::MatterId))
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|e| (e.id, e.date)).collect())
}

/// Adds one agency-owed deadline to its matter's tally.
fn count_deadline(
    t: &mut Tally,
    d: &deadline::Model,
    met_on: &HashMap<i32, NaiveDate>,
    cal: &Calendar,
    today: NaiveDate,
) -> AppResult<()> {
    let status = effective_status(d, today)?;
    if status == DeadlineStatus::Missed && d.met_by_event_id.is_none() {
        t.overdue += 1;
    }
    if !d.rule_id.as_deref().is_some_and(|r| EXHAUSTING_RULES.contains(&r)) {
        return Ok(());
    }
    match status {
        DeadlineStatus::Met => {
            t.responses_due += 1;
            t.on_time += 1;
        }
        DeadlineStatus::Missed => {
            t.responses_due += 1;
            let answered = d.met_by_event_id.map(|id| met_on.get(&id).copied());
            // A late answer whose event the viewer may not see counts as
            // late, without a number of days.
            if let Some(on) = answered.unwrap_or(Some(today)) {
                t.days_late.push(business_days_late(cal, d.due_date, on));
            }
        }
        _ => {}
    }
    Ok(())
}

/// Per matter: its tally of requests and agency-owed deadlines.
async fn tallies(
    db: &impl ConnectionTrait,
    who: &Principal,
    matters: &[matter::Model],
    today: NaiveDate,
) -> AppResult<HashMap<i32, Tally>> {
    let mut out: HashMap<i32, Tally> = HashMap::new();
    for m in matters.iter().filter(|m| m.kind == MatterKind::FoiaRequest.code()) {
        out.entry(m.id).or_default().requests += 1;
    }
    let deadlines = deadline::Entity::find()
        .filter(deadline::Column::MatterId.is_in(matters.iter().map(|m| m.id)))
        .filter(deadline::Column::OwedBy.eq("agency"))
        .filter(policy::child_rows_visible(who, deadline::Column::Public, deadline::Column::MatterId))
        .order_by_asc(deadline::Column::Id)
        .all(db)
        .await?;
    let met_on = meeting_dates(db, who, &deadlines).await?;
    let cal = Calendar::federal();
    for d in &deadlines {
        count_deadline(out.entry(d.matter_id).or_default(), d, &met_on, &cal, today)?;
    }
    Ok(out)
}

/// Per lawsuit: the agencies it is against or enforces a request to.
async fn lawsuit_agencies(
    db: &impl ConnectionTrait,
    matters: &[matter::Model],
) -> AppResult<HashMap<i32, HashSet<i32>>> {
    let agency_of: HashMap<i32, i32> = matters.iter().map(|m| (m.id, m.agency_id)).collect();
    let mut out: HashMap<i32, HashSet<i32>> = matters
        .iter()
        .filter(|m| m.kind == MatterKind::Lawsuit.code())
        .map(|m| (m.id, HashSet::from([m.agency_id])))
        .collect();
    let links = matter_link::Entity::find()
        .filter(matter_link::Column::Kind.eq(LinkKind::LawsuitEnforcing.code()))
        .filter(matter_link::Column::FromMatterId.is_in(out.keys().copied().collect::<Vec<_>>()))
        .all(db)
        .await?;
    for link in links {
        // Only a request the viewer may see tells its agency.
        if let (Some(set), Some(a)) = (out.get_mut(&link.from_matter_id), agency_of.get(&link.to_matter_id)) {
            set.insert(*a);
        }
    }
    Ok(out)
}

/// The scorecard of `a` and its components, from the per-matter tallies.
fn card(
    a: &agency::Model,
    by_id: &HashMap<i32, &agency::Model>,
    scope: &HashSet<i32>,
    matters: &[matter::Model],
    tallies: &HashMap<i32, Tally>,
    lawsuits: &HashMap<i32, HashSet<i32>>,
) -> Scorecard {
    let mut s = Scorecard {
        agency: agency_ref(a),
        parent: a.parent_id.and_then(|p| by_id.get(&p)).map(|p| agency_ref(p)),
        requests: 0,
        responses_due: 0,
        on_time: 0,
        days_late: Vec::new(),
        overdue: 0,
        lawsuits: lawsuits.values().filter(|against| !against.is_disjoint(scope)).count() as u64,
    };
    for m in matters.iter().filter(|m| scope.contains(&m.agency_id)) {
        let Some(t) = tallies.get(&m.id) else { continue };
        s.requests += t.requests;
        s.responses_due += t.responses_due;
        s.on_time += t.on_time;
        s.overdue += t.overdue;
        s.days_late.extend(&t.days_late);
    }
    s.days_late.sort_unstable();
    s
}

/// The scorecard of every agency with at least one FOIA request `who` may
/// see; an agency's card includes its components' matters (as the
/// `/matters?agency=` filter does). Ordered by abbreviation.
///
/// # Errors
/// `Internal` on a database failure or a bad stored code.
pub async fn scorecards(db: &impl ConnectionTrait, who: &Principal, today: NaiveDate) -> AppResult<Vec<Scorecard>> {
    let agencies = agency::Entity::find().order_by_asc(agency::Column::Abbreviation).all(db).await?;
    let by_id: HashMap<i32, &agency::Model> = agencies.iter().map(|a| (a.id, a)).collect();
    let matters = matter::Entity::find().filter(policy::visible_matters(who)).all(db).await?;
    let tallies = tallies(db, who, &matters, today).await?;
    let lawsuits = lawsuit_agencies(db, &matters).await?;
    Ok(agencies
        .iter()
        .map(|a| {
            let mut scope: HashSet<i32> = agencies.iter().filter(|c| c.parent_id == Some(a.id)).map(|c| c.id).collect();
            scope.insert(a.id);
            card(a, &by_id, &scope, &matters, &tallies, &lawsuits)
        })
        .filter(|s| s.requests > 0)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn days_late_count_business_days_after_the_due_date() {
        let cal = Calendar::federal();
        // Due Friday 2025-01-10; answered Monday the 13th: one business day late.
        assert_eq!(business_days_late(&cal, d("2025-01-10"), d("2025-01-13")), 1);
        // Answered on Saturday: still late, by at least one day.
        assert_eq!(business_days_late(&cal, d("2025-01-10"), d("2025-01-11")), 1);
        // Through Martin Luther King Jr. Day (Monday 2025-01-20): 13..17 and 21 are counted.
        assert_eq!(business_days_late(&cal, d("2025-01-10"), d("2025-01-21")), 6);
    }
}
