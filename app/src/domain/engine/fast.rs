//! The O(1) path: the due date alone, from the calendar's precomputed table,
//! for bulk work (recomputing every open deadline, the benchmark). It must
//! equal `compute(..).due`; the tests check that.

use chrono::{Duration, NaiveDate};

use super::super::calendar::{Calendar, TABLE_END};
use super::super::rules::{EndConvention, Rule, StartConvention, Unit};
use super::{EngineError, Input, count::anniversary, extension_of, protective_reading, validate};

/// The due date `compute` would give, without building an explanation.
///
/// # Errors
/// As [`super::compute`].
pub fn due_date(rule: &Rule, input: &Input, cal: &Calendar) -> Result<NaiveDate, EngineError> {
    validate(rule, input)?;
    let reading = protective_reading(rule.owed_by);
    let total = rule.count + extension_of(rule, input).map_or(0, |(_, e)| e.days);
    let t = input.trigger;
    let last = match rule.unit {
        Unit::BusinessDays => {
            let plain = !rule.tollable || input.tolls.is_empty();
            if plain && total > 0 && rule.start == StartConvention::DayAfterReceipt {
                return cal.busday_offset_forward(t, total, reading).ok_or(EngineError::BeyondRange);
            }
            let from = match rule.start {
                StartConvention::DayAfterReceipt => cal.roll_forward(t, reading),
                StartConvention::DayAfterTrigger => Some(t),
            };
            let from = from.ok_or(EngineError::BeyondRange)?;
            let found = if !plain {
                let ranges: Vec<(NaiveDate, NaiveDate)> = input.tolls.iter().map(|x| (x.start, x.end)).collect();
                cal.add_business_days_excluding(from, total, reading, &ranges)
            } else if total == 0 {
                Some(from)
            } else {
                cal.add_business_days(from, total, reading)
            };
            return found.ok_or(EngineError::BeyondRange);
        }
        Unit::CalendarDays => t.checked_add_signed(Duration::days(i64::from(total))),
        Unit::Years => anniversary(t, total).map(|(d, _)| d),
    };
    let last = last.filter(|d| *d <= TABLE_END).ok_or(EngineError::BeyondRange)?;
    match rule.end {
        EndConvention::ExactDay => Ok(last),
        EndConvention::NextBusinessDay => cal.roll_forward(last, reading).ok_or(EngineError::BeyondRange),
    }
}
