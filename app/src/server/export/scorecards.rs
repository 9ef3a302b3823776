//! Agency scorecards: for each agency, over the matters and agency-owed
//! deadlines the viewer may see, how many answers came on time or late, how
//! many are overdue now, and how late the agency is on average and at worst.
//! Deadlines are read by keyset pages and tallied per agency, so memory grows
//! with the number of agencies, not of deadlines.

use super::{ExportFilter, Value, encode::Page, scope};
use crate::{
    domain::vocab::{DeadlineStatus, MatterKind},
    error::{AppError, AppResult},
    server::{
        auth::Principal,
        entities::{agency, deadline, matter},
        repo::{
            common::effective_status,
            scorecards::{OwedRow, agency_owed},
        },
    },
};
use chrono::NaiveDate;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, Func},
};
use std::collections::HashMap;

/// How many deadlines one query reads: a few narrow columns each, so
/// memory stays small while 100,000 deadlines take ten queries.
const TALLY_PAGE: u64 = 10_000;

/// The columns.
pub const HEADER: &[&str] = &[
    "agency",
    "name",
    "parent",
    "matters",
    "agency_deadlines",
    "pending",
    "answered_on_time",
    "answered_late",
    "overdue_now",
    "average_days_late",
    "longest_overdue_days",
];

/// Counts for one agency.
#[derive(Debug, Default, Clone)]
struct Tally {
    matters: u64,
    deadlines: u64,
    pending: u64,
    on_time: u64,
    late: u64,
    overdue: u64,
    /// Calendar days late, over late answers and deadlines overdue now.
    days_late: Vec<i64>,
    longest_overdue: Option<i64>,
}

/// The scorecards `who` may see.
pub struct Scorecards {
    who: Principal,
    /// The agencies to report (`None`: all).
    agencies: Option<Vec<i32>>,
    matters: Condition,
    today: NaiveDate,
}

impl Scorecards {
    /// Checks the filter (`agency`, `kind`).
    ///
    /// # Errors
    /// `Validation` naming the field.
    pub async fn new(
        db: &impl ConnectionTrait,
        who: Principal,
        filter: &ExportFilter,
        today: NaiveDate,
    ) -> AppResult<Scorecards> {
        let agencies = if filter.agency.is_empty() { None } else { Some(scope::agency_ids(db, &filter.agency).await?) };
        let mut matters = Condition::all();
        if !filter.kind.is_empty() {
            let kind = MatterKind::parse(&filter.kind).map_err(|e| AppError::invalid("kind", e.to_string()))?;
            matters = matters.add(matter::Column::Kind.eq(kind.code()));
        }
        if let Some(ids) = &agencies {
            matters = matters.add(matter::Column::AgencyId.is_in(ids.clone()));
        }
        Ok(Scorecards { who, agencies, matters, today })
    }

    /// Every scorecard, in one page (there is one row per agency).
    ///
    /// # Errors
    /// `Internal` on a database failure.
    pub async fn page(&mut self, db: &impl ConnectionTrait, _after: i32) -> AppResult<Page> {
        let mut tallies = self.matter_counts(db).await?;
        let mut after = 0;
        loop {
            let (read, last) = self.tally_page(db, after, &mut tallies).await?;
            match last {
                Some(id) if u64::try_from(read).unwrap_or(u64::MAX) >= TALLY_PAGE => after = id,
                _ => break,
            }
        }
        let mut query = agency::Entity::find().order_by_asc(agency::Column::Abbreviation);
        if let Some(ids) = &self.agencies {
            query = query.filter(agency::Column::Id.is_in(ids.clone()));
        }
        let agencies = query.all(db).await?;
        let all = agency::Entity::find().all(db).await?;
        let abbreviation: HashMap<i32, String> = all.into_iter().map(|a| (a.id, a.abbreviation)).collect();
        let rows = agencies
            .into_iter()
            .map(|a| {
                let parent = a.parent_id.and_then(|p| abbreviation.get(&p).cloned());
                let t = tallies.remove(&a.id).unwrap_or_default();
                row(a, parent, t)
            })
            .collect();
        Ok(Page { rows, next: None })
    }

    async fn matter_counts(&self, db: &impl ConnectionTrait) -> AppResult<HashMap<i32, Tally>> {
        let counts: Vec<(i32, i64)> = matter::Entity::find()
            .select_only()
            .column(matter::Column::AgencyId)
            .column_as(Expr::from(Func::count(Expr::col(matter::Column::Id))), "n")
            .filter(matter::Column::Id.in_subquery(scope::visible_matter_ids(&self.who, self.matters.clone())))
            .group_by(matter::Column::AgencyId)
            .into_tuple()
            .all(db)
            .await?;
        Ok(counts
            .into_iter()
            .map(|(id, n)| (id, Tally { matters: u64::try_from(n).unwrap_or(0), ..Default::default() }))
            .collect())
    }

    /// Tallies one page of agency-owed deadlines (their matter's agency and
    /// their answer's date read with them); returns how many were read and
    /// the last id.
    async fn tally_page(
        &self,
        db: &impl ConnectionTrait,
        after: i32,
        tallies: &mut HashMap<i32, Tally>,
    ) -> AppResult<(usize, Option<i32>)> {
        let found = agency_owed(&self.who, self.matters.clone())
            .filter(deadline::Column::Status.ne(DeadlineStatus::Vacated.code()))
            .filter(deadline::Column::Id.gt(after))
            .limit(TALLY_PAGE)
            .into_model::<OwedRow>()
            .all(db)
            .await?;
        for d in &found {
            tally(tallies.entry(d.agency_id).or_default(), d, effective_status(d, self.today)?, self.today);
        }
        Ok((found.len(), found.last().map(|d| d.id)))
    }
}

/// Counts one deadline. An answer whose event the viewer may not see counts
/// as answered, but not as on time or late.
fn tally(t: &mut Tally, d: &OwedRow, status: DeadlineStatus, today: NaiveDate) {
    t.deadlines += 1;
    if let Some(answered) = d.met_on {
        let late = (answered - d.due_date).num_days();
        if late > 0 {
            t.late += 1;
            t.days_late.push(late);
        } else {
            t.on_time += 1;
        }
    } else if d.met_by_event_id.is_none() {
        match status {
            DeadlineStatus::Missed => {
                let late = (today - d.due_date).num_days().max(1);
                t.overdue += 1;
                t.days_late.push(late);
                t.longest_overdue = Some(t.longest_overdue.unwrap_or(0).max(late));
            }
            DeadlineStatus::Open => t.pending += 1,
            _ => {}
        }
    }
}

fn row(a: agency::Model, parent: Option<String>, t: Tally) -> Vec<Value> {
    let average = (!t.days_late.is_empty()).then(|| {
        let sum: i64 = t.days_late.iter().sum();
        #[expect(clippy::cast_precision_loss, reason = "day counts are far below 2^52")]
        let avg = sum as f64 / t.days_late.len() as f64;
        Value::Float(avg)
    });
    vec![
        a.abbreviation.into(),
        a.name.into(),
        parent.into(),
        t.matters.into(),
        t.deadlines.into(),
        t.pending.into(),
        t.on_time.into(),
        t.late.into(),
        t.overdue.into(),
        average.unwrap_or(Value::Null),
        t.longest_overdue.map_or(Value::Null, Value::Int),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deadline(due: NaiveDate, met_by: Option<i32>, met_on: Option<NaiveDate>) -> OwedRow {
        OwedRow {
            id: 1,
            matter_id: 1,
            rule_id: Some("foia.response".into()),
            status: "open".into(),
            due_date: due,
            met_by_event_id: met_by,
            agency_id: 1,
            met_on,
        }
    }

    #[test]
    fn lateness_of_answers_and_of_what_is_overdue_now() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 1, d).expect("date");
        let today = day(20);
        let mut t = Tally::default();
        tally(&mut t, &deadline(day(5), Some(1), Some(day(9))), DeadlineStatus::Met, today);
        tally(&mut t, &deadline(day(5), Some(2), Some(day(5))), DeadlineStatus::Met, today);
        tally(&mut t, &deadline(day(10), None, None), DeadlineStatus::Missed, today);
        tally(&mut t, &deadline(day(25), None, None), DeadlineStatus::Open, today);
        tally(&mut t, &deadline(day(2), Some(3), None), DeadlineStatus::Met, today);
        assert_eq!((t.deadlines, t.on_time, t.late, t.overdue, t.pending), (5, 1, 1, 1, 1));
        assert_eq!(t.days_late, vec![4, 10]);
        assert_eq!(t.longest_overdue, Some(10));
        let a = agency::Model {
            id: 1,
            slug: "cbp".into(),
            name: "U.S. Customs and Border Protection".into(),
            abbreviation: "CBP".into(),
            parent_id: Some(2),
            foia_contact: String::new(),
            foia_url: String::new(),
            regulations: String::new(),
        };
        let r = row(a, Some("DHS".into()), t);
        assert_eq!(r[9], Value::Float(7.0));
        assert_eq!(r[10], Value::Int(10));
    }
}
