//! The day-by-day count behind an explanation, for one reading of the
//! calendar. (The O(1) path in `fast.rs` must agree with it; tests check.)

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::super::calendar::{Calendar, DayKind, Reading, TABLE_END};
use super::super::explain::{CountedSpan, SkipReason, SkippedDay};
use super::super::rules::{EndConvention, Rule, StartConvention, Unit};
use super::{EngineError, Toll};

/// One reading's count: everything the explanation needs.
#[derive(Debug, Clone)]
pub(super) struct Counted {
    pub counting_starts: NaiveDate,
    pub start_reason: String,
    pub spans: Vec<CountedSpan>,
    pub skipped: Vec<SkippedDay>,
    pub last_counted: NaiveDate,
    pub unextended: Option<NaiveDate>,
    pub roll: Vec<SkippedDay>,
    pub due: NaiveDate,
    pub notes: Vec<String>,
}

/// What to count: the rule's own count and the total with any extension.
pub(super) struct Plan<'a> {
    pub rule: &'a Rule,
    pub trigger: NaiveDate,
    pub base: u32,
    pub total: u32,
    pub tolls: &'a [Toll],
}

/// Why `d` is not counted under `reading`, or `None` if it counts.
pub(super) fn skip_reason(cal: &Calendar, d: NaiveDate, reading: Reading, tolls: &[Toll]) -> Option<SkipReason> {
    match cal.day(d, reading) {
        DayKind::Business => {
            tolls.iter().find(|t| t.start <= d && d <= t.end).map(|t| SkipReason::Tolled { label: t.label.clone() })
        }
        DayKind::Weekend if d.weekday() == Weekday::Sat => Some(SkipReason::Saturday),
        DayKind::Weekend => Some(SkipReason::Sunday),
        DayKind::Holiday { name, source } => Some(SkipReason::Holiday { name, source }),
        DayKind::Closure { name, source } => Some(SkipReason::Closure { name, source }),
        DayKind::Inauguration => Some(SkipReason::Inauguration),
    }
}

fn next(d: NaiveDate) -> Result<NaiveDate, EngineError> {
    if d >= TABLE_END {
        return Err(EngineError::BeyondRange);
    }
    Ok(d + Duration::days(1))
}

/// Counts `plan` under `reading`.
pub(super) fn count(plan: &Plan, cal: &Calendar, reading: Reading) -> Result<Counted, EngineError> {
    match plan.rule.unit {
        Unit::BusinessDays => business(plan, cal, reading),
        Unit::CalendarDays => calendar_days(plan, cal, reading),
        Unit::Years => years(plan, cal, reading),
    }
}

/// Where a business-day count starts: the day counting runs from (excluded).
fn receipt(plan: &Plan, cal: &Calendar, reading: Reading) -> Result<(NaiveDate, String), EngineError> {
    let t = plan.trigger;
    if plan.rule.start == StartConvention::DayAfterTrigger {
        return Ok((t, "the day after the trigger (the trigger day itself is not counted).".into()));
    }
    let Some(first) = skip_reason(cal, t, reading, &[]) else {
        return Ok((t, "the day after receipt (the day of receipt is not counted).".into()));
    };
    let mut r = t;
    while skip_reason(cal, r, reading, &[]).is_some() {
        r = next(r)?;
    }
    let why = format!(
        "the day after {}: receipt on {} ({}) counts as receipt on the next business day, \
         and the day of receipt is not counted.",
        super::super::explain::day(r),
        super::super::explain::day(t),
        first.describe()
    );
    Ok((r, why))
}

/// Builds runs of counted days; a skip other than a weekend breaks the run.
#[derive(Default)]
struct Spans {
    spans: Vec<CountedSpan>,
    open: bool,
}

impl Spans {
    fn count(&mut self, d: NaiveDate, n: u32) {
        match self.spans.last_mut() {
            Some(s) if self.open => {
                s.last = d;
                s.count += 1;
            }
            _ => self.spans.push(CountedSpan { first: d, last: d, from_day: n, count: 1 }),
        }
        self.open = true;
    }
}

fn business(plan: &Plan, cal: &Calendar, reading: Reading) -> Result<Counted, EngineError> {
    let (from, start_reason) = receipt(plan, cal, reading)?;
    let (mut spans, mut skipped) = (Spans::default(), Vec::new());
    let (mut d, mut counted, mut unextended) = (from, 0, None);
    while counted < plan.total {
        d = next(d)?;
        match skip_reason(cal, d, reading, plan.tolls) {
            Some(reason) => {
                spans.open &= reason.is_weekend();
                skipped.push(SkippedDay { date: d, reason });
            }
            None => {
                counted += 1;
                spans.count(d, counted);
                if counted == plan.base && plan.total > plan.base {
                    unextended = Some(d);
                }
            }
        }
    }
    Ok(Counted {
        counting_starts: next(from)?,
        start_reason,
        spans: spans.spans,
        skipped,
        last_counted: d,
        unextended,
        roll: Vec::new(),
        due: d,
        notes: Vec::new(),
    })
}

/// FRCP 6(a)(1)(C) style: if the last day is not a business day, the period
/// runs until the end of the next day that is.
fn roll(
    rule: &Rule,
    last: NaiveDate,
    cal: &Calendar,
    reading: Reading,
) -> Result<(NaiveDate, Vec<SkippedDay>), EngineError> {
    let mut due = last;
    let mut rolled = Vec::new();
    if rule.end == EndConvention::NextBusinessDay {
        while let Some(reason) = skip_reason(cal, due, reading, &[]) {
            rolled.push(SkippedDay { date: due, reason });
            due = next(due)?;
        }
    }
    Ok((due, rolled))
}

fn start_reason(rule: &Rule) -> String {
    if rule.is_court_rule() {
        "the day after the trigger (FRCP 6(a)(1)(A): the day of the event is excluded; every \
         day counts)."
            .into()
    } else {
        "the day after the trigger (the trigger day is not counted; every day counts).".into()
    }
}

fn calendar_days(plan: &Plan, cal: &Calendar, reading: Reading) -> Result<Counted, EngineError> {
    let t = plan.trigger;
    let last = t.checked_add_signed(Duration::days(i64::from(plan.total)));
    let last = last.filter(|d| *d <= TABLE_END).ok_or(EngineError::BeyondRange)?;
    let (counting_starts, start_reason, spans) = if plan.total == 0 {
        (t, "on the date the court set; nothing is counted.".to_string(), Vec::new())
    } else {
        let span = CountedSpan { first: next(t)?, last, from_day: 1, count: plan.total };
        (next(t)?, start_reason(plan.rule), vec![span])
    };
    let (due, roll) = roll(plan.rule, last, cal, reading)?;
    let unextended = (plan.total > plan.base).then(|| t + Duration::days(i64::from(plan.base)));
    Ok(Counted {
        counting_starts,
        start_reason,
        spans,
        skipped: Vec::new(),
        last_counted: last,
        unextended,
        roll,
        due,
        notes: Vec::new(),
    })
}

/// The same month and day `n` years on; February 29 becomes February 28 in a
/// common year (the earlier candidate, since we owe limitation periods).
pub(super) fn anniversary(t: NaiveDate, n: u32) -> Option<(NaiveDate, bool)> {
    let year = t.year().checked_add(i32::try_from(n).ok()?)?;
    match NaiveDate::from_ymd_opt(year, t.month(), t.day()) {
        Some(d) => Some((d, false)),
        None => NaiveDate::from_ymd_opt(year, 2, 28).map(|d| (d, true)),
    }
}

fn years(plan: &Plan, cal: &Calendar, reading: Reading) -> Result<Counted, EngineError> {
    let t = plan.trigger;
    let (last, leap) = anniversary(t, plan.total).ok_or(EngineError::BeyondRange)?;
    if last > TABLE_END {
        return Err(EngineError::BeyondRange);
    }
    let mut notes = Vec::new();
    if leap {
        notes.push(format!(
            "The trigger is February 29 and {} has no February 29; Docket ends the period on \
             February 28, the earlier candidate, because a missed limitation period cannot be cured.",
            last.year()
        ));
    }
    let (due, roll) = roll(plan.rule, last, cal, reading)?;
    let span = CountedSpan { first: next(t)?, last, from_day: 1, count: plan.total };
    Ok(Counted {
        counting_starts: next(t)?,
        start_reason: start_reason(plan.rule),
        spans: vec![span],
        skipped: Vec::new(),
        last_counted: last,
        unextended: None,
        roll,
        due,
        notes,
    })
}
