//! Agency scorecards: how each agency (with its components) has answered
//! the requests `who` may see, read from the deadlines the engine stored.
//!
//! Nothing here applies a deadline rule: a statutory response deadline
//! (`foia.response`, `foia.appeal_response`) counts as on time when the
//! engine marked it met, as late when it marked it missed (or its day has
//! passed), and the days late run on the federal calendar from the due
//! date to the event that met it, or to today while it is unanswered.
//! Queries select only the columns they count, so the public read layer
//! (`server::public`) can run them for visitors.

mod series;

use super::common::{DeadlineClock, EXHAUSTING_RULES, agency_ref, all_in, effective_status};
use crate::{
    domain::{
        calendar::{Calendar, Reading},
        vocab::{DeadlineStatus, LinkKind, MatterKind},
    },
    error::{AppError, AppResult},
    model::{AgencyScorecard, Scorecard},
    server::{
        auth::Principal,
        entities::{agency, deadline, event, matter, matter_link},
        policy,
    },
};
use chrono::{Days, NaiveDate};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, JoinType, QueryFilter, QueryOrder, QuerySelect,
    RelationTrait,
};
use std::collections::{HashMap, HashSet};

/// The columns of a matter a scorecard reads (and links to).
#[derive(Debug, Clone, FromQueryResult)]
struct MatterRow {
    id: i32,
    slug: String,
    title: String,
    kind: String,
    status: String,
    agency_id: i32,
}

/// The columns of an agency-owed deadline a scorecard reads.
#[derive(Debug, FromQueryResult)]
struct DeadlineRow {
    matter_id: i32,
    rule_id: Option<String>,
    status: String,
    due_date: NaiveDate,
    met_by_event_id: Option<i32>,
}

impl<'a> From<&'a DeadlineRow> for DeadlineClock<'a> {
    fn from(d: &'a DeadlineRow) -> Self {
        DeadlineClock {
            rule_id: d.rule_id.as_deref(),
            status: &d.status,
            due_date: d.due_date,
            met: d.met_by_event_id.is_some(),
        }
    }
}

/// A statutory response: when it was due and, when late, by how much.
#[derive(Debug, Clone, Copy)]
struct Response {
    due: NaiveDate,
    late: Option<Late>,
}

#[derive(Debug, Clone, Copy)]
struct Late {
    /// Business days late; none when the answering event is not visible.
    days: Option<i64>,
    /// Still no answer recorded (counted to today).
    unanswered: bool,
}

/// What one matter contributes to its agency's scorecard.
#[derive(Default)]
struct Tally {
    requests: u64,
    responses: Vec<Response>,
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
    deadlines: &[DeadlineRow],
) -> AppResult<HashMap<i32, NaiveDate>> {
    let rows: Vec<(i32, NaiveDate)> = all_in(db, deadlines.iter().filter_map(|d| d.met_by_event_id), |slice| {
        event::Entity::find()
            .select_only()
            .columns([event::Column::Id, event::Column::Date])
            .filter(event::Column::Id.is_in(slice))
            .filter(event::Column::DeletedAt.is_null())
            .filter(policy::child_rows_visible(who, event::Column::Public, event::Column::MatterId))
            .into_tuple()
    })
    .await?;
    Ok(rows.into_iter().collect())
}

/// Adds one agency-owed deadline to its matter's tally.
fn count_deadline(
    t: &mut Tally,
    d: &DeadlineRow,
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
        DeadlineStatus::Met => t.responses.push(Response { due: d.due_date, late: None }),
        DeadlineStatus::Missed => {
            let answered = d.met_by_event_id.map(|id| met_on.get(&id).copied());
            // A late answer whose event the viewer may not see counts as
            // late, without a number of days.
            let days = answered.unwrap_or(Some(today)).map(|on| business_days_late(cal, d.due_date, on));
            let late = Late { days, unanswered: answered.is_none() };
            t.responses.push(Response { due: d.due_date, late: Some(late) });
        }
        _ => {}
    }
    Ok(())
}

/// Per matter: its tally of requests and agency-owed deadlines; `matters`
/// are every matter `who` may see.
async fn tallies(
    db: &impl ConnectionTrait,
    who: &Principal,
    matters: &[MatterRow],
    today: NaiveDate,
) -> AppResult<HashMap<i32, Tally>> {
    use deadline::Column as C;
    let mut out: HashMap<i32, Tally> = HashMap::new();
    for m in matters.iter().filter(|m| m.kind == MatterKind::FoiaRequest.code()) {
        out.entry(m.id).or_default().requests += 1;
    }
    // The agency-owed deadlines of the same visible matters, joined to them
    // (one query, where ids bound in slices took one a slice).
    let deadlines = deadline::Entity::find()
        .select_only()
        .columns([C::MatterId, C::RuleId, C::Status, C::DueDate, C::MetByEventId])
        .join(JoinType::InnerJoin, deadline::Relation::Matter.def())
        .filter(C::OwedBy.eq("agency"))
        .filter(policy::visible_joined(who, C::Public))
        .order_by_asc(C::Id)
        .into_model::<DeadlineRow>()
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
async fn lawsuit_agencies(db: &impl ConnectionTrait, matters: &[MatterRow]) -> AppResult<HashMap<i32, HashSet<i32>>> {
    let agency_of: HashMap<i32, i32> = matters.iter().map(|m| (m.id, m.agency_id)).collect();
    let mut out: HashMap<i32, HashSet<i32>> = matters
        .iter()
        .filter(|m| m.kind == MatterKind::Lawsuit.code())
        .map(|m| (m.id, HashSet::from([m.agency_id])))
        .collect();
    let links = all_in(db, out.keys().copied(), |slice| {
        matter_link::Entity::find()
            .filter(matter_link::Column::Kind.eq(LinkKind::LawsuitEnforcing.code()))
            .filter(matter_link::Column::FromMatterId.is_in(slice))
            .into_model::<matter_link::Model>()
    })
    .await?;
    for link in links {
        // Only a request the viewer may see tells its agency.
        if let (Some(set), Some(a)) = (out.get_mut(&link.from_matter_id), agency_of.get(&link.to_matter_id)) {
            set.insert(*a);
        }
    }
    Ok(out)
}

/// Everything the cards are made from, read once.
struct Inputs {
    agencies: Vec<agency::Model>,
    matters: Vec<MatterRow>,
    tallies: HashMap<i32, Tally>,
    lawsuits: HashMap<i32, HashSet<i32>>,
}

impl Inputs {
    async fn load(db: &impl ConnectionTrait, who: &Principal, today: NaiveDate) -> AppResult<Inputs> {
        use matter::Column as C;
        let agencies = agency::Entity::find().order_by_asc(agency::Column::Abbreviation).all(db).await?;
        let matters = matter::Entity::find()
            .select_only()
            .columns([C::Id, C::Slug, C::Title, C::Kind, C::Status, C::AgencyId])
            .filter(policy::visible_matters(who))
            .order_by_asc(C::Id)
            .into_model::<MatterRow>()
            .all(db)
            .await?;
        let tallies = tallies(db, who, &matters, today).await?;
        let lawsuits = lawsuit_agencies(db, &matters).await?;
        Ok(Inputs { agencies, matters, tallies, lawsuits })
    }

    /// `a` and its components.
    fn scope(&self, a: &agency::Model) -> HashSet<i32> {
        self.agencies.iter().filter(|c| c.parent_id == Some(a.id)).map(|c| c.id).chain([a.id]).collect()
    }

    /// The matters of the agencies in `scope` with their tallies.
    fn in_scope<'a>(&'a self, scope: &'a HashSet<i32>) -> impl Iterator<Item = (&'a MatterRow, &'a Tally)> {
        self.matters.iter().filter(|m| scope.contains(&m.agency_id)).filter_map(|m| Some((m, self.tallies.get(&m.id)?)))
    }

    /// The scorecard of `a` and its components.
    fn card(&self, a: &agency::Model) -> Scorecard {
        let scope = self.scope(a);
        let parent = a.parent_id.and_then(|p| self.agencies.iter().find(|x| x.id == p));
        let mut s = Scorecard {
            agency: agency_ref(a),
            parent: parent.map(agency_ref),
            requests: 0,
            responses_due: 0,
            on_time: 0,
            days_late: Vec::new(),
            overdue: 0,
            lawsuits: self.lawsuits.values().filter(|against| !against.is_disjoint(&scope)).count() as u64,
        };
        for (_, t) in self.in_scope(&scope) {
            s.requests += t.requests;
            s.responses_due += t.responses.len() as u64;
            s.on_time += t.responses.iter().filter(|r| r.late.is_none()).count() as u64;
            s.overdue += t.overdue;
            s.days_late.extend(t.responses.iter().filter_map(|r| r.late.and_then(|l| l.days)));
        }
        s.days_late.sort_unstable();
        s
    }
}

/// The scorecard of every agency with at least one FOIA request `who` may
/// see; an agency's card includes its components' matters (as the
/// `/matters?agency=` filter does). Ordered by abbreviation.
///
/// # Errors
/// `Internal` on a database failure or a bad stored code.
pub async fn scorecards(db: &impl ConnectionTrait, who: &Principal, today: NaiveDate) -> AppResult<Vec<Scorecard>> {
    let inputs = Inputs::load(db, who, today).await?;
    Ok(inputs.agencies.iter().map(|a| inputs.card(a)).filter(|s| s.requests > 0).collect())
}

/// The scorecard of the agency `slug` (with its components) and its days
/// late by the quarter responses were due, from the same tallies.
///
/// # Errors
/// `NotFound` for an unknown agency; `Internal` on a database failure or a
/// bad stored code.
pub async fn agency_scorecard(
    db: &impl ConnectionTrait,
    who: &Principal,
    slug: &str,
    today: NaiveDate,
) -> AppResult<AgencyScorecard> {
    let inputs = Inputs::load(db, who, today).await?;
    let a = inputs
        .agencies
        .iter()
        .find(|a| a.slug == slug)
        .ok_or_else(|| AppError::NotFound(format!("agency `{slug}`")))?;
    let card = Some(inputs.card(a)).filter(|s| s.requests > 0);
    let scope = inputs.scope(a);
    let periods = series::by_quarter(inputs.in_scope(&scope))?;
    Ok(AgencyScorecard { card, periods })
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
