//! Days late over time: an agency's statutory responses grouped by the
//! quarter they were due in, from the same tallies as its scorecard.

use super::Tally;
use crate::model::LatePeriod;
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeMap, BTreeSet};

/// The most quarters a series shows (the latest ones): five years.
pub const MAX_QUARTERS: usize = 20;

/// The first day of the quarter `day` falls in.
fn quarter_start(day: NaiveDate) -> NaiveDate {
    let month = (day.month0() / 3) * 3 + 1;
    NaiveDate::from_ymd_opt(day.year(), month, 1).unwrap_or(day)
}

/// The first day of the quarter after the one starting on `start`.
fn next_quarter(start: NaiveDate) -> NaiveDate {
    start.checked_add_months(chrono::Months::new(3)).unwrap_or(start)
}

fn empty(start: NaiveDate) -> LatePeriod {
    LatePeriod {
        label: format!("{} Q{}", start.year(), start.month0() / 3 + 1),
        start,
        responses_due: 0,
        on_time: 0,
        days_late: Vec::new(),
        unanswered: 0,
        matters: Vec::new(),
        late_matters: 0,
    }
}

/// One quarter's figures and the ids of its matters with a late response
/// (the caller names the first few of them by title).
pub struct Quarter {
    pub period: LatePeriod,
    pub late: BTreeSet<i32>,
}

/// Every quarter from the first to the last with a response due (at most
/// the latest [`MAX_QUARTERS`]), oldest first; quarters between with none
/// due are listed empty so the time axis has no gaps. `matters` are the
/// tallies by matter id.
pub fn by_quarter<'a>(matters: impl Iterator<Item = (i32, &'a Tally)>) -> Vec<Quarter> {
    let mut periods: BTreeMap<NaiveDate, LatePeriod> = BTreeMap::new();
    let mut late_matters: BTreeMap<NaiveDate, BTreeSet<i32>> = BTreeMap::new();
    for (id, t) in matters {
        for r in &t.responses {
            let start = quarter_start(r.due);
            let p = periods.entry(start).or_insert_with(|| empty(start));
            p.responses_due += 1;
            let Some(late) = r.late else {
                p.on_time += 1;
                continue;
            };
            p.days_late.extend(late.days);
            p.unanswered += u64::from(late.unanswered);
            late_matters.entry(start).or_default().insert(id);
        }
    }
    let (Some(first), Some(last)) = (periods.keys().next().copied(), periods.keys().last().copied()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut q = first;
    while q <= last {
        let mut p = periods.remove(&q).unwrap_or_else(|| empty(q));
        p.days_late.sort_unstable();
        let late = late_matters.remove(&q).unwrap_or_default();
        p.late_matters = late.len() as u64;
        out.push(Quarter { period: p, late });
        q = next_quarter(q);
    }
    let skip = out.len().saturating_sub(MAX_QUARTERS);
    out.split_off(skip)
}

#[cfg(test)]
mod tests {
    use super::super::{Late, Response};
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn late(due: &str, days: i64, unanswered: bool) -> Response {
        Response { due: d(due), late: Some(Late { days: Some(days), unanswered }) }
    }

    #[test]
    fn responses_group_by_the_quarter_they_were_due_with_no_gaps() {
        let ta = Tally { overdue: 0, responses: vec![late("2024-11-04", 7, false), late("2025-05-02", 3, true)] };
        let on_time = Response { due: d("2024-12-30"), late: None };
        let tb = Tally { overdue: 0, responses: vec![late("2024-10-01", 2, false), on_time] };
        let quarters = by_quarter([(1, &ta), (2, &tb)].into_iter());
        let late: Vec<Vec<i32>> = quarters.iter().map(|q| q.late.iter().copied().collect()).collect();
        assert_eq!(late, [vec![1, 2], vec![], vec![1]], "each quarter's matters with a late response");
        let periods: Vec<LatePeriod> = quarters.into_iter().map(|q| q.period).collect();
        let labels: Vec<&str> = periods.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, ["2024 Q4", "2025 Q1", "2025 Q2"]);
        let q4 = &periods[0];
        assert_eq!((q4.responses_due, q4.on_time, q4.days_late.clone()), (3, 1, vec![2, 7]));
        assert_eq!((q4.median_days_late(), q4.worst_days_late()), (Some(4.5), Some(7)));
        assert_eq!((q4.late_matters, periods[1].late_matters, periods[2].late_matters), (2, 0, 1));
        assert_eq!(periods[1].responses_due, 0);
        assert_eq!((periods[2].unanswered, periods[2].start), (1, d("2025-04-01")));
    }
}
