//! Holiday calendars: the legal public holidays of 5 U.S.C. 6103, one-off
//! executive-order closures of agencies, and the optional Washington DC-area
//! Inauguration Day, with a precomputed table so counting business days is
//! constant-time.
//!
//! Whether an executive-order closure day is a "legal public holiday" for
//! FOIA counting is unsettled, so every question about a day takes a
//! [`Reading`]: closures either are non-business days or they are not.

mod closures;
mod holidays;
mod table;

use std::sync::{Arc, OnceLock};

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

pub use closures::executive_order_closures;
pub use holidays::{federal_holidays, inauguration_day};
use table::{CLOSURE, HOLIDAY, INAUGURATION, Table, WEEKEND};
pub use table::{TABLE_END, TABLE_START};

/// A legal public holiday as observed by federal employees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holiday {
    /// The day it is observed (a weekday).
    pub date: NaiveDate,
    /// Its name as 5 U.S.C. 6103(a) gives it.
    pub name: String,
    /// The provision making the day a holiday, plus the observance rule used
    /// when the holiday falls on a weekend.
    pub source: String,
    /// The day the holiday actually falls on.
    pub actual: NaiveDate,
}

/// A day on which the President (or an agency, in an emergency) closed
/// federal agencies. Each entry is dated by when it became known, so a
/// calendar can be replayed as it stood on any day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closure {
    /// The closed day.
    pub date: NaiveDate,
    /// What the closure was for.
    pub name: String,
    /// The order and its Federal Register citation.
    pub source: String,
    /// How well the source was checked (REFERENCE.md tags, kept verbatim).
    pub verification: String,
    /// When the closure was ordered or announced.
    pub known_from: NaiveDate,
    /// `None` closes all agencies; `Some("CBP")` closes one agency only.
    pub scope: Option<String>,
}

/// The two readings of an executive-order closure day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reading {
    /// Only 5 U.S.C. 6103 holidays (and weekends) are non-business days.
    StatuteOnly,
    /// Closure days are non-business days too.
    WithClosures,
}

impl Reading {
    /// Both readings, statute first.
    pub const BOTH: [Reading; 2] = [Reading::StatuteOnly, Reading::WithClosures];

    /// A short description for explanations.
    pub fn label(self) -> &'static str {
        match self {
            Reading::StatuteOnly => "executive-order closure days counted as business days",
            Reading::WithClosures => "executive-order closure days skipped",
        }
    }
}

/// What a day is, with enough detail to explain why it was skipped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DayKind {
    Business,
    Weekend,
    Holiday { name: String, source: String },
    Closure { name: String, source: String },
    Inauguration,
}

/// A named, versioned set of non-business days.
#[derive(Debug, Clone)]
pub struct Calendar {
    name: String,
    closures: Vec<Closure>,
    inauguration: bool,
    agency: Option<String>,
    table: OnceLock<Arc<Table>>,
}

/// The default calendar's name (federal holidays and closures).
pub const FEDERAL: &str = "federal";

impl Calendar {
    /// Federal holidays plus every executive-order closure; no Inauguration Day.
    pub fn federal() -> Calendar {
        Calendar::new(FEDERAL, executive_order_closures(), false)
    }

    /// A calendar of federal holidays plus `closures`, with Inauguration Day
    /// (5 U.S.C. 6103(c)) as a holiday when `inauguration` is set.
    pub fn new(name: impl Into<String>, closures: Vec<Closure>, inauguration: bool) -> Calendar {
        let mut closures = closures;
        closures.sort_by_key(|c| (c.date, c.known_from));
        Calendar { name: name.into(), closures, inauguration, agency: None, table: OnceLock::new() }
    }

    /// The same calendar with one more closure (for example an agency's
    /// emergency closure added by an admin).
    pub fn with_closure(self, closure: Closure) -> Calendar {
        let mut closures = self.closures;
        closures.push(closure);
        Calendar::new(self.name, closures, self.inauguration).for_agency_opt(self.agency)
    }

    /// The same calendar as seen by one agency: closures scoped to that agency
    /// (compared case-insensitively) apply; closures of other agencies don't.
    pub fn with_agency(self, abbrev: &str) -> Calendar {
        self.for_agency_opt(Some(abbrev.trim().to_ascii_uppercase()))
    }

    fn for_agency_opt(self, agency: Option<String>) -> Calendar {
        Calendar { agency, table: OnceLock::new(), ..self }
    }

    /// The calendar as it was known on `as_of`: only closures announced on or
    /// before that day. Used to show a deadline's history ("was X, now Y").
    pub fn closures_known_on(&self, as_of: NaiveDate) -> Calendar {
        let closures = self.closures.iter().filter(|c| c.known_from <= as_of).cloned().collect();
        Calendar::new(self.name.clone(), closures, self.inauguration).for_agency_opt(self.agency.clone())
    }

    /// The calendar's name (`federal`, `federal-statute`, ...).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Version of the calendar's data: the date of its latest-known closure
    /// (holidays are generated by rule and never change), or `base`.
    pub fn version(&self) -> String {
        self.closures.iter().map(|c| c.known_from).max().map_or_else(|| "base".to_string(), |d| d.to_string())
    }

    /// The closures on this calendar (including ones scoped to other agencies).
    pub fn closures(&self) -> &[Closure] {
        &self.closures
    }

    /// Whether Inauguration Day is a holiday on this calendar.
    pub fn has_inauguration(&self) -> bool {
        self.inauguration
    }

    /// The agency this calendar is seen from, if any.
    pub fn agency(&self) -> Option<&str> {
        self.agency.as_deref()
    }

    fn applies(&self, c: &Closure) -> bool {
        match (&c.scope, &self.agency) {
            (None, _) => true,
            (Some(scope), Some(agency)) => scope.eq_ignore_ascii_case(agency),
            (Some(_), None) => false,
        }
    }

    /// The non-business days of this calendar, flagged, for years `from..=to`.
    fn flagged_days(&self, from: i32, to: i32) -> Vec<(NaiveDate, u8)> {
        let mut days = Vec::with_capacity(((to - from + 1) * 13) as usize);
        for year in from..=to {
            days.extend(holidays::observed_dates(year).map(|d| (d, HOLIDAY)));
            if self.inauguration {
                days.extend(inauguration_day(year).map(|h| (h.date, INAUGURATION)));
            }
        }
        let closures = self.closures.iter().filter(|c| self.applies(c));
        days.extend(closures.map(|c| (c.date, CLOSURE)));
        days
    }

    pub(crate) fn table(&self) -> &Table {
        self.table.get_or_init(|| Arc::new(Table::build(self.flagged_days(TABLE_START.year(), TABLE_END.year() + 1))))
    }

    /// The flags of a day: from the table when inside it, else by rule.
    fn bits(&self, d: NaiveDate) -> u8 {
        if let Some(i) = table::index(d) {
            return self.table().bits(i);
        }
        let weekend = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
        let mut bits = if weekend { WEEKEND } else { 0 };
        for (day, bit) in self.flagged_days(d.year(), d.year() + 1) {
            if day == d {
                bits |= bit;
            }
        }
        bits
    }

    /// What `d` is under `reading`. A holiday wins over a closure and
    /// Inauguration Day; under [`Reading::StatuteOnly`] a closure day that is
    /// nothing else is a business day.
    pub fn day(&self, d: NaiveDate, reading: Reading) -> DayKind {
        let bits = self.bits(d);
        if bits & WEEKEND != 0 {
            DayKind::Weekend
        } else if bits & HOLIDAY != 0 {
            let years = [d.year(), d.year() + 1];
            let h = years.into_iter().flat_map(federal_holidays).find(|h| h.date == d);
            let h = h.expect("flagged holiday exists");
            DayKind::Holiday { name: h.name, source: h.source }
        } else if bits & INAUGURATION != 0 {
            DayKind::Inauguration
        } else if bits & CLOSURE != 0 && reading == Reading::WithClosures {
            let c = self.closures.iter().find(|c| c.date == d && self.applies(c));
            let c = c.expect("flagged closure exists");
            DayKind::Closure { name: c.name.clone(), source: c.source.clone() }
        } else {
            DayKind::Business
        }
    }

    /// Whether `d` is a business day under `reading`.
    pub fn is_business_day(&self, d: NaiveDate, reading: Reading) -> bool {
        table::is_business(self.bits(d), reading)
    }

    /// Whether `d` is a closure day on this calendar (whatever the reading).
    pub fn is_closure(&self, d: NaiveDate) -> bool {
        self.bits(d) & CLOSURE != 0
    }

    /// The `n`th business day strictly after `d` (n >= 1), or `None` if the
    /// answer falls outside [`TABLE_START`]..=[`TABLE_END`]. O(1).
    pub fn add_business_days(&self, d: NaiveDate, n: u32, reading: Reading) -> Option<NaiveDate> {
        let i = table::index(d)?;
        self.table().nth_business_after(i, n, reading).map(table::date)
    }

    /// `d` if it is a business day, else the next business day. O(1).
    pub fn roll_forward(&self, d: NaiveDate, reading: Reading) -> Option<NaiveDate> {
        let i = table::index(d)?;
        self.table().business_on_or_after(i, reading).map(table::date)
    }

    /// numpy's `busday_offset(d, n, roll='forward')`: roll `d` forward to a
    /// business day, then move `n` business days on. This is the FOIA receipt
    /// convention: a request received on a non-business day counts as received
    /// on the next business day, and day 1 is the business day after. O(1).
    pub fn busday_offset_forward(&self, d: NaiveDate, n: u32, reading: Reading) -> Option<NaiveDate> {
        let i = table::index(d)?;
        let received = self.table().business_on_or_after(i, reading)?;
        if n == 0 {
            return Some(table::date(received));
        }
        self.table().nth_business_after(received, n, reading).map(table::date)
    }

    /// The `n`th business day strictly after `d` that is not inside any of the
    /// `excluded` inclusive date ranges (tolling periods; they may overlap and
    /// come in any order). `None` if the answer is outside the table.
    pub fn add_business_days_excluding(
        &self,
        d: NaiveDate,
        n: u32,
        reading: Reading,
        excluded: &[(NaiveDate, NaiveDate)],
    ) -> Option<NaiveDate> {
        if n == 0 {
            return Some(d);
        }
        let t = self.table();
        let mut pos = table::index(d)?;
        let mut ranges: Vec<(usize, usize)> = excluded
            .iter()
            .filter(|(s, e)| s <= e && *e >= TABLE_START && *s <= TABLE_END)
            .filter_map(|&(s, e)| Some((table::index(s.max(TABLE_START))?, table::index(e.min(TABLE_END))?)))
            .collect();
        ranges.sort_unstable();
        let mut remaining = n;
        for (s, e) in ranges {
            if e <= pos {
                continue;
            }
            if s > pos {
                let available = t.business_between(pos, s, reading);
                if available >= remaining {
                    break;
                }
                remaining -= available;
            }
            pos = e;
        }
        t.nth_business_after(pos, remaining, reading).map(table::date)
    }

    /// Number of business days strictly between `a` and `b`; 0 if `b <= a`
    /// or either is outside the table.
    pub fn business_days_between(&self, a: NaiveDate, b: NaiveDate, reading: Reading) -> u32 {
        match (table::index(a), table::index(b)) {
            (Some(i), Some(j)) if i < j => self.table().business_between(i, j, reading),
            _ => 0,
        }
    }
}

#[cfg(test)]
mod tests;
