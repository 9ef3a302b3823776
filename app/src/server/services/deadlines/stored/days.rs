//! Skipped days in the stored explanation: weekends inside a business-day
//! count are left out (every Saturday and Sunday between the first and the
//! last counted day is one), and a holiday that the holiday table names the
//! same way is stored without its name and source.

use crate::domain::{
    calendar::federal_holidays,
    explain::{SkipReason, SkippedDay},
};
use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// Why a day was skipped, in stored form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) enum Skip {
    #[serde(rename = "sa")]
    Saturday,
    #[serde(rename = "su")]
    Sunday,
    /// A holiday named as the holiday table names it.
    #[serde(rename = "h")]
    TableHoliday,
    /// A holiday with its own name and source.
    #[serde(rename = "H")]
    Holiday(String, String),
    #[serde(rename = "c")]
    Closure(String, String),
    #[serde(rename = "i")]
    Inauguration,
    #[serde(rename = "t")]
    Tolled(String),
}

/// The 5 U.S.C. 6103 holiday observed on `d` (name, source), as the
/// calendar finds it: the holidays of `d`'s year and of the next (New Year's
/// Day can be observed on December 31).
fn table_holiday(d: NaiveDate) -> Option<(String, String)> {
    [d.year(), d.year() + 1].into_iter().flat_map(federal_holidays).find(|h| h.date == d).map(|h| (h.name, h.source))
}

impl Skip {
    pub fn of(date: NaiveDate, reason: &SkipReason) -> Skip {
        match reason {
            SkipReason::Saturday => Skip::Saturday,
            SkipReason::Sunday => Skip::Sunday,
            SkipReason::Holiday { name, source } => match table_holiday(date) {
                Some((n, s)) if n == *name && s == *source => Skip::TableHoliday,
                _ => Skip::Holiday(name.clone(), source.clone()),
            },
            SkipReason::Closure { name, source } => Skip::Closure(name.clone(), source.clone()),
            SkipReason::Inauguration => Skip::Inauguration,
            SkipReason::Tolled { label } => Skip::Tolled(label.clone()),
        }
    }

    fn reason(self, date: NaiveDate) -> Result<SkipReason, String> {
        Ok(match self {
            Skip::Saturday => SkipReason::Saturday,
            Skip::Sunday => SkipReason::Sunday,
            Skip::TableHoliday => {
                let (name, source) = table_holiday(date).ok_or_else(|| format!("{date} is not a federal holiday"))?;
                SkipReason::Holiday { name, source }
            }
            Skip::Holiday(name, source) => SkipReason::Holiday { name, source },
            Skip::Closure(name, source) => SkipReason::Closure { name, source },
            Skip::Inauguration => SkipReason::Inauguration,
            Skip::Tolled(label) => SkipReason::Tolled { label },
        })
    }
}

/// Saturday or Sunday, for a weekend day.
fn weekend(d: NaiveDate) -> Option<SkipReason> {
    match d.weekday() {
        Weekday::Sat => Some(SkipReason::Saturday),
        Weekday::Sun => Some(SkipReason::Sunday),
        _ => None,
    }
}

/// `explicit` (in date order) with the weekend days of `span` that it does
/// not name merged in, by date; explicit days first on equal dates.
fn merge_weekends<T>(
    explicit: Vec<(NaiveDate, T)>,
    (first, last): (NaiveDate, NaiveDate),
    weekend_day: impl Fn(NaiveDate, SkipReason) -> T,
) -> Vec<(NaiveDate, T)> {
    let named: Vec<NaiveDate> = explicit.iter().map(|(d, _)| *d).collect();
    let mut weekends = first
        .iter_days()
        .take_while(|d| *d <= last)
        .filter(|d| !named.contains(d))
        .filter_map(|d| weekend(d).map(|r| (d, weekend_day(d, r))))
        .peekable();
    let mut out = Vec::with_capacity(explicit.len() + 16);
    for (d, x) in explicit {
        while let Some(w) = weekends.next_if(|(wd, _)| *wd < d) {
            out.push(w);
        }
        out.push((d, x));
    }
    out.extend(weekends);
    out
}

/// The explanation's skipped days in stored form, and whether its weekends
/// were left out (only when putting them back gives the same list).
pub(super) fn encode_skips(e: &crate::domain::explain::Explanation) -> (bool, Vec<(i64, Skip)>) {
    let t = e.trigger;
    let stored = |s: &SkippedDay| ((s.date - t).num_days(), Skip::of(s.date, &s.reason));
    let explicit: Vec<(NaiveDate, Option<SkipReason>)> =
        e.skipped.iter().filter(|s| !s.reason.is_weekend()).map(|s| (s.date, None)).collect();
    let span = (e.counting_starts, e.last_counted_day);
    let rebuilt = merge_weekends(explicit, span, |_, r| Some(r));
    let same = rebuilt.len() == e.skipped.len()
        && rebuilt.iter().zip(&e.skipped).all(|((d, r), s)| {
            *d == s.date && r.as_ref().is_none_or(|r| *r == s.reason) && (r.is_some() == s.reason.is_weekend())
        });
    if same && !e.skipped.is_empty() {
        (true, e.skipped.iter().filter(|s| !s.reason.is_weekend()).map(stored).collect())
    } else {
        (false, e.skipped.iter().map(stored).collect())
    }
}

/// The skipped days back from stored form; with `weekends_of` the span whose
/// weekend days were left out.
pub(super) fn decode_skips(
    t: NaiveDate,
    stored: Vec<(i64, Skip)>,
    weekends_of: Option<(NaiveDate, NaiveDate)>,
) -> Result<Vec<SkippedDay>, String> {
    let explicit = stored
        .into_iter()
        .map(|(n, skip)| {
            let date = super::at(t, n).ok_or_else(|| format!("day {n} after {t} is out of range"))?;
            Ok((date, skip.reason(date)?))
        })
        .collect::<Result<Vec<_>, String>>()?;
    let days = match weekends_of {
        Some(span) => merge_weekends(explicit, span, |_, r| r),
        None => explicit,
    };
    Ok(days.into_iter().map(|(date, reason)| SkippedDay { date, reason }).collect())
}
