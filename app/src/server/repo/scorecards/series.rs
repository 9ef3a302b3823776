//! Days late over time: an agency's statutory responses grouped by the
//! quarter they were due in, from the same tallies as its scorecard.

use super::{MatterRow, Tally};
use crate::{
    domain::vocab::{MatterKind, MatterStatus},
    error::AppResult,
    model::{LatePeriod, MatterRef},
    server::repo::common::stored,
};
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
    }
}

fn matter_ref(m: &MatterRow) -> AppResult<MatterRef> {
    Ok(MatterRef {
        slug: m.slug.clone(),
        title: m.title.clone(),
        kind: stored(&m.kind, MatterKind::parse)?,
        status: stored(&m.status, MatterStatus::parse)?,
    })
}

/// Every quarter from the first to the last with a response due (at most
/// the latest [`MAX_QUARTERS`]), oldest first; quarters between with none
/// due are listed empty so the time axis has no gaps.
///
/// # Errors
/// `Internal` on a bad stored code.
pub fn by_quarter<'a>(matters: impl Iterator<Item = (&'a MatterRow, &'a Tally)>) -> AppResult<Vec<LatePeriod>> {
    let mut periods: BTreeMap<NaiveDate, LatePeriod> = BTreeMap::new();
    let mut late_matters: BTreeMap<NaiveDate, BTreeSet<(String, i32)>> = BTreeMap::new();
    let mut refs: BTreeMap<i32, MatterRef> = BTreeMap::new();
    for (m, t) in matters {
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
            late_matters.entry(start).or_default().insert((m.title.clone(), m.id));
            if let std::collections::btree_map::Entry::Vacant(slot) = refs.entry(m.id) {
                slot.insert(matter_ref(m)?);
            }
        }
    }
    let (Some(first), Some(last)) = (periods.keys().next().copied(), periods.keys().last().copied()) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let mut q = first;
    while q <= last {
        let mut p = periods.remove(&q).unwrap_or_else(|| empty(q));
        p.days_late.sort_unstable();
        p.matters =
            late_matters.remove(&q).unwrap_or_default().iter().filter_map(|(_, id)| refs.get(id).cloned()).collect();
        out.push(p);
        q = next_quarter(q);
    }
    let skip = out.len().saturating_sub(MAX_QUARTERS);
    Ok(out.split_off(skip))
}

#[cfg(test)]
mod tests {
    use super::super::{Late, Response};
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn row(id: i32, title: &str) -> MatterRow {
        MatterRow {
            id,
            slug: format!("m{id}"),
            title: title.into(),
            kind: "foia_request".into(),
            status: "processing".into(),
            agency_id: 1,
        }
    }

    fn late(due: &str, days: i64, unanswered: bool) -> Response {
        Response { due: d(due), late: Some(Late { days: Some(days), unanswered }) }
    }

    #[test]
    fn responses_group_by_the_quarter_they_were_due_with_no_gaps() -> AppResult<()> {
        let (a, b) = (row(1, "Beta"), row(2, "Alpha"));
        let ta = Tally {
            requests: 1,
            overdue: 0,
            responses: vec![late("2024-11-04", 7, false), late("2025-05-02", 3, true)],
        };
        let on_time = Response { due: d("2024-12-30"), late: None };
        let tb = Tally { requests: 1, overdue: 0, responses: vec![late("2024-10-01", 2, false), on_time] };
        let periods = by_quarter([(&a, &ta), (&b, &tb)].into_iter())?;
        let labels: Vec<&str> = periods.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, ["2024 Q4", "2025 Q1", "2025 Q2"]);
        let q4 = &periods[0];
        assert_eq!((q4.responses_due, q4.on_time, q4.days_late.clone()), (3, 1, vec![2, 7]));
        assert_eq!((q4.median_days_late(), q4.worst_days_late()), (Some(4.5), Some(7)));
        let titles: Vec<&str> = q4.matters.iter().map(|m| m.title.as_str()).collect();
        assert_eq!(titles, ["Alpha", "Beta"]);
        assert_eq!((periods[1].responses_due, periods[1].matters.len()), (0, 0));
        assert_eq!((periods[2].unanswered, periods[2].start), (1, d("2025-04-01")));
        Ok(())
    }
}
