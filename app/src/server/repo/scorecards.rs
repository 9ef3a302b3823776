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

use super::common::{DeadlineClock, EXHAUSTING_RULES, agency_ref, all_in, count_by_agency, effective_status};
use crate::{
    domain::{
        calendar::{Calendar, Reading},
        vocab::{DeadlineStatus, LinkKind, MatterKind},
    },
    error::{AppError, AppResult},
    model::{AgencyScorecard, LATE_MATTERS_LISTED, Scorecard},
    server::{
        auth::Principal,
        entities::{agency, deadline, event, matter, matter_link},
        policy,
        public::rows::first_refs_among,
    },
};
use chrono::{Days, NaiveDate};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, JoinType, QueryFilter, QueryOrder,
    QuerySelect, RelationTrait, Select,
};
use std::collections::{BTreeMap, HashMap, HashSet};

/// The columns of an agency-owed deadline the scorecards (these and the
/// export's) read, with its matter's agency and its answer's date.
#[derive(Debug, FromQueryResult)]
pub struct OwedRow {
    pub id: i32,
    pub matter_id: i32,
    pub rule_id: Option<String>,
    pub status: String,
    pub due_date: NaiveDate,
    pub met_by_event_id: Option<i32>,
    /// Its matter's agency.
    pub agency_id: i32,
    /// The date of the event that met it, when the viewer may see that
    /// event (live, and public or of their organisation's matter).
    pub met_on: Option<NaiveDate>,
}

impl<'a> From<&'a OwedRow> for DeadlineClock<'a> {
    fn from(d: &'a OwedRow) -> Self {
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

/// What one matter's agency-owed deadlines contribute to its agency's
/// scorecard.
#[derive(Default)]
struct Tally {
    responses: Vec<Response>,
    overdue: u64,
}

/// Business days late of a response due on `due` and given on `on`: the
/// business days after `due` up to and including `on`, at least one.
pub fn business_days_late(cal: &Calendar, due: NaiveDate, on: NaiveDate) -> i64 {
    let end = on.checked_add_days(Days::new(1)).unwrap_or(on);
    i64::from(cal.business_days_between(due, end, Reading::StatuteOnly)).max(1)
}

/// Adds one agency-owed deadline to its matter's tally.
fn count_deadline(t: &mut Tally, d: &OwedRow, cal: &Calendar, today: NaiveDate) -> AppResult<()> {
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
            let answered = d.met_by_event_id.map(|_| d.met_on);
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

/// The matters of the agencies in `scope`, or of every agency.
fn within(scope: Option<&HashSet<i32>>) -> Condition {
    match scope {
        Some(ids) => Condition::all().add(matter::Column::AgencyId.is_in(ids.iter().copied())),
        None => Condition::all(),
    }
}

/// The agency-owed deadlines `who` may see of the matters that meet
/// `matters`, by id, as [`OwedRow`]s: one query, each deadline joined to its
/// matter and to its answer (an event of the same matter, so the matter's
/// organisation decides what the viewer may see of it, as of the deadline).
pub fn agency_owed(who: &Principal, matters: Condition) -> Select<deadline::Entity> {
    use deadline::Column as C;
    let answer = deadline::Relation::MetBy.def().on_condition({
        let visible = policy::row_joined(who, event::Column::Public);
        move |_, _| Condition::all().add(event::Column::DeletedAt.is_null()).add(visible.clone())
    });
    deadline::Entity::find()
        .select_only()
        .columns([C::Id, C::MatterId, C::RuleId, C::Status, C::DueDate, C::MetByEventId])
        .column_as(matter::Column::AgencyId, "agency_id")
        .column_as(event::Column::Date, "met_on")
        .join(JoinType::InnerJoin, deadline::Relation::Matter.def())
        .join(JoinType::LeftJoin, answer)
        .filter(C::OwedBy.eq("agency"))
        .filter(policy::visible_joined(who, C::Public))
        .filter(matters)
        .order_by_asc(C::Id)
}

/// Per agency, per matter: the tally of the agency-owed deadlines `who` may
/// see of the matters in `scope`.
async fn tallies(
    db: &impl ConnectionTrait,
    who: &Principal,
    scope: Option<&HashSet<i32>>,
    today: NaiveDate,
) -> AppResult<HashMap<i32, BTreeMap<i32, Tally>>> {
    let mut out: HashMap<i32, BTreeMap<i32, Tally>> = HashMap::new();
    let cal = Calendar::federal();
    let owed = agency_owed(who, within(scope)).into_model::<OwedRow>().all(db).await?;
    for d in &owed {
        count_deadline(out.entry(d.agency_id).or_default().entry(d.matter_id).or_default(), d, &cal, today)?;
    }
    Ok(out)
}

/// Per lawsuit `who` may see: the agencies it is against or enforces a
/// request to (a request the viewer may see).
async fn lawsuit_agencies(db: &impl ConnectionTrait, who: &Principal) -> AppResult<HashMap<i32, HashSet<i32>>> {
    use matter::Column as C;
    let suits: Vec<(i32, i32)> = matter::Entity::find()
        .select_only()
        .columns([C::Id, C::AgencyId])
        .filter(policy::visible_matters(who))
        .filter(C::Kind.eq(MatterKind::Lawsuit.code()))
        .into_tuple()
        .all(db)
        .await?;
    let mut out: HashMap<i32, HashSet<i32>> = suits.into_iter().map(|(id, a)| (id, HashSet::from([a]))).collect();
    let links: Vec<(i32, i32)> = all_in(db, out.keys().copied(), |slice| {
        matter_link::Entity::find()
            .select_only()
            .columns([matter_link::Column::FromMatterId, matter_link::Column::ToMatterId])
            .filter(matter_link::Column::Kind.eq(LinkKind::LawsuitEnforcing.code()))
            .filter(matter_link::Column::FromMatterId.is_in(slice))
            .into_tuple()
    })
    .await?;
    let agency_of: HashMap<i32, i32> = all_in(db, links.iter().map(|l| l.1), |slice| {
        matter::Entity::find()
            .select_only()
            .columns([C::Id, C::AgencyId])
            .filter(policy::visible_matters(who))
            .filter(C::Id.is_in(slice))
            .into_tuple()
    })
    .await?
    .into_iter()
    .collect();
    for (from, to) in links {
        if let (Some(set), Some(a)) = (out.get_mut(&from), agency_of.get(&to)) {
            set.insert(*a);
        }
    }
    Ok(out)
}

/// Every agency, by abbreviation.
async fn all_agencies(db: &impl ConnectionTrait) -> AppResult<Vec<agency::Model>> {
    Ok(agency::Entity::find().order_by_asc(agency::Column::Abbreviation).all(db).await?)
}

/// `a` and its components.
fn scope_of(agencies: &[agency::Model], a: &agency::Model) -> HashSet<i32> {
    agencies.iter().filter(|c| c.parent_id == Some(a.id)).map(|c| c.id).chain([a.id]).collect()
}

/// Everything the cards are made from, read once.
struct Inputs {
    agencies: Vec<agency::Model>,
    /// The FOIA requests `who` may see, by agency.
    requests: HashMap<i32, u64>,
    /// Per agency, per matter: its tally.
    tallies: HashMap<i32, BTreeMap<i32, Tally>>,
    lawsuits: HashMap<i32, HashSet<i32>>,
}

impl Inputs {
    /// The inputs of every agency's card, or (with `scope`) of the cards of
    /// the agencies in it.
    async fn load(
        db: &impl ConnectionTrait,
        who: &Principal,
        agencies: Vec<agency::Model>,
        scope: Option<&HashSet<i32>>,
        today: NaiveDate,
    ) -> AppResult<Inputs> {
        let requests = Condition::all().add(matter::Column::Kind.eq(MatterKind::FoiaRequest.code())).add(within(scope));
        let requests = count_by_agency(db, who, requests).await?;
        let tallies = tallies(db, who, scope, today).await?;
        let lawsuits = lawsuit_agencies(db, who).await?;
        Ok(Inputs { agencies, requests, tallies, lawsuits })
    }

    /// The matters of the agencies in `scope` (by id) with their tallies.
    fn in_scope<'a>(&'a self, scope: &'a HashSet<i32>) -> impl Iterator<Item = (i32, &'a Tally)> {
        scope.iter().filter_map(|a| self.tallies.get(a)).flat_map(|by_matter| by_matter.iter().map(|(id, t)| (*id, t)))
    }

    /// The scorecard of `a` and its components.
    fn card(&self, a: &agency::Model) -> Scorecard {
        let scope = scope_of(&self.agencies, a);
        let parent = a.parent_id.and_then(|p| self.agencies.iter().find(|x| x.id == p));
        let mut s = Scorecard {
            agency: agency_ref(a),
            parent: parent.map(agency_ref),
            requests: scope.iter().filter_map(|id| self.requests.get(id)).sum(),
            responses_due: 0,
            on_time: 0,
            days_late: Vec::new(),
            overdue: 0,
            lawsuits: self.lawsuits.values().filter(|against| !against.is_disjoint(&scope)).count() as u64,
        };
        for (_, t) in self.in_scope(&scope) {
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
    let inputs = Inputs::load(db, who, all_agencies(db).await?, None, today).await?;
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
    let agencies = all_agencies(db).await?;
    let a = agencies
        .iter()
        .find(|a| a.slug == slug)
        .cloned()
        .ok_or_else(|| AppError::NotFound(format!("agency `{slug}`")))?;
    let scope = scope_of(&agencies, &a);
    let inputs = Inputs::load(db, who, agencies, Some(&scope), today).await?;
    let card = Some(inputs.card(&a)).filter(|s| s.requests > 0);
    let mut periods = Vec::new();
    for series::Quarter { mut period, late } in series::by_quarter(inputs.in_scope(&scope)) {
        // A quarter names its first few late matters by title, read from
        // the database (there may be tens of thousands after an import).
        let first = first_refs_among(db, policy::visible_matters(who), late, Some(LATE_MATTERS_LISTED as u64));
        period.matters = first.await?.into_iter().map(|(_, m)| m).collect();
        periods.push(period);
    }
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
