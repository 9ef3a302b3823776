//! Computes a deadline from a rule, a trigger date and the matter's tolling
//! and extension facts, on a calendar, under both readings of executive-order
//! closure days, and keeps the protective one.
//!
//! Conventions (REFERENCE.md, "Counting conventions Docket uses"): the trigger
//! day is never counted; a FOIA request received on a non-business day counts
//! as received on the next business day; business days inside a tolling period
//! do not count (5 U.S.C. 552(a)(6)(A)(ii)); calendar-day periods count every
//! day and roll a last day that is not a business day forward (FRCP 6(a)(1)(C)).

mod count;
mod fast;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::calendar::{Calendar, Reading, TABLE_END, TABLE_START};
use super::explain::{Explanation, ExtensionNote, ProvisionRef, TollNote, day};
use super::rules::{Extension, Party, Rule, Unit, citation};
use count::{Counted, Plan};
pub use fast::due_date;

/// Why the clock was tolled (5 U.S.C. 552(a)(6)(A)(ii)(I)-(II)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TollKind {
    /// The one request for information the statute allows.
    Information,
    /// A fee-assessment clarification; as many as needed.
    Fee,
}

/// A tolling period: inclusive calendar dates from the day the agency sent
/// its request through the day it received the answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Toll {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub kind: TollKind,
    pub label: String,
}

/// The facts a computation needs.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Input {
    pub trigger: NaiveDate,
    /// Date of the written extension notice; the rule's extension applies
    /// only when present.
    pub extension: Option<NaiveDate>,
    pub tolls: Vec<Toll>,
}

impl Input {
    /// An input with only a trigger date.
    pub fn new(trigger: NaiveDate) -> Input {
        Input { trigger, extension: None, tolls: Vec::new() }
    }
}

/// The two readings gave different dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unsettled {
    pub statute_only: NaiveDate,
    pub with_closures: NaiveDate,
    pub chosen: NaiveDate,
    pub why: String,
}

/// A computed deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Computation {
    pub due: NaiveDate,
    pub reading_used: Reading,
    pub unsettled: Option<Unsettled>,
    pub explanation: Explanation,
    pub warnings: Vec<String>,
}

/// Why a deadline could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EngineError {
    #[error("{field}: {date} is outside the supported range {TABLE_START} to {TABLE_END}")]
    OutOfRange { field: &'static str, date: NaiveDate },
    #[error("the deadline would fall after {TABLE_END}, the end of the supported range")]
    BeyondRange,
    #[error("toll `{label}`: it ends on {end}, before it starts on {start}")]
    TollEndsBeforeStart { label: String, start: NaiveDate, end: NaiveDate },
    #[error("rule {rule} is a state, not a date: use derive::exhaustion")]
    NotADate { rule: &'static str },
}

/// The reading that protects the user: the later date (closure days skipped)
/// when the agency owes the deadline, so "may sue now" is never shown too
/// early; the earlier date when we owe it, so it is never missed. Skipping
/// more days never moves a date earlier, so this reading always gives the
/// later or the earlier of the two dates respectively.
pub fn protective_reading(owed_by: Party) -> Reading {
    match owed_by {
        Party::Agency => Reading::WithClosures,
        Party::Us => Reading::StatuteOnly,
    }
}

pub(crate) fn validate(rule: &Rule, input: &Input) -> Result<(), EngineError> {
    if rule.is_state() {
        return Err(EngineError::NotADate { rule: rule.id });
    }
    if !(TABLE_START..=TABLE_END).contains(&input.trigger) {
        return Err(EngineError::OutOfRange { field: "trigger", date: input.trigger });
    }
    if let Some(t) = input.tolls.iter().find(|t| t.end < t.start) {
        let (label, start, end) = (t.label.clone(), t.start, t.end);
        return Err(EngineError::TollEndsBeforeStart { label, start, end });
    }
    Ok(())
}

/// The extension that applies: the rule has one and a notice was given.
pub(crate) fn extension_of(rule: &Rule, input: &Input) -> Option<(NaiveDate, Extension)> {
    Some((input.extension?, rule.extension?))
}

/// Computes `rule` for `input` on `cal` under both readings and keeps the
/// protective one, with a full explanation.
///
/// # Errors
/// [`EngineError`] for a state rule, a trigger outside the supported range, a
/// due date past it, or a toll that ends before it starts.
pub fn compute(rule: &Rule, input: &Input, cal: &Calendar) -> Result<Computation, EngineError> {
    validate(rule, input)?;
    let mut warnings = Vec::new();
    let tolls: &[Toll] = if rule.tollable { &input.tolls } else { &[] };
    if !rule.tollable && !input.tolls.is_empty() {
        warnings.push(format!("{} cannot be tolled; the tolling periods were ignored.", rule.id));
    }
    let ext = extension_of(rule, input);
    if input.extension.is_some() && ext.is_none() {
        warnings.push(format!("{} has no extension; the extension notice was ignored.", rule.id));
    }
    let total = rule.count + ext.map_or(0, |(_, e)| e.days);
    let plan = Plan { rule, trigger: input.trigger, base: rule.count, total, tolls };
    let chosen = protective_reading(rule.owed_by);
    let statute = count::count(&plan, cal, Reading::StatuteOnly)?;
    let closure_inside = |c: &Counted| {
        cal.closures().iter().any(|x| x.date >= input.trigger && x.date <= c.due && cal.is_closure(x.date))
    };
    let with_closures =
        if closure_inside(&statute) { count::count(&plan, cal, Reading::WithClosures)? } else { statute.clone() };
    let unsettled = (statute.due != with_closures.due).then(|| Unsettled {
        statute_only: statute.due,
        with_closures: with_closures.due,
        chosen: if chosen == Reading::StatuteOnly { statute.due } else { with_closures.due },
        why: unsettled_why(rule, cal, input.trigger, with_closures.due),
    });
    let counted = if chosen == Reading::StatuteOnly { statute } else { with_closures };
    warnings.extend(late_warnings(rule, input, &counted, ext, cal));
    let explanation = explain(&plan, ext, cal, chosen, &counted, unsettled.clone());
    Ok(Computation { due: counted.due, reading_used: chosen, unsettled, explanation, warnings })
}

/// The closure days that made the readings differ, and why one was chosen.
fn unsettled_why(rule: &Rule, cal: &Calendar, from: NaiveDate, to: NaiveDate) -> String {
    let days: Vec<String> = cal
        .closures()
        .iter()
        .filter(|c| c.date >= from && c.date <= to && cal.is_closure(c.date))
        .map(|c| format!("{} ({}; {})", c.date, c.source, c.verification))
        .collect();
    let law = if rule.is_court_rule() {
        "Under FRCP 6(a)(6)(B) a day declared a holiday by the President is a legal holiday, \
         which supports skipping the closure days."
    } else {
        "Whether a day on which agencies were closed by executive order is a legal public \
         holiday for FOIA counting is unsettled."
    };
    let choice = match rule.owed_by {
        Party::Agency => {
            "Docket uses the later date because the agency owes this deadline, \
                          so \"may sue now\" is never shown too early."
        }
        Party::Us => {
            "Docket uses the earlier date because we owe this deadline, so it is \
                      never missed."
        }
    };
    format!("Closure days in the period: {}. {law} {choice}", days.join(", "))
}

/// Warnings that depend on the computed dates.
fn late_warnings(
    rule: &Rule,
    input: &Input,
    c: &Counted,
    ext: Option<(NaiveDate, Extension)>,
    cal: &Calendar,
) -> Vec<String> {
    let mut out = Vec::new();
    if let (Some((notice, _)), Some(plain)) = (ext, c.unextended)
        && notice > plain
    {
        out.push(format!(
            "The extension notice of {notice} is dated after the unextended due date \
             {plain}; a notice sent after the time limit ran may not extend it."
        ));
    }
    let info: Vec<&Toll> = input.tolls.iter().filter(|t| t.kind == TollKind::Information).collect();
    if rule.tollable && info.len() > 1 {
        let mut one = input.clone();
        let first = info.iter().min_by_key(|t| t.start).map(|t| t.start);
        one.tolls.retain(|t| t.kind == TollKind::Fee || Some(t.start) == first);
        let alt = fast::due_date(rule, &one, cal).map_or_else(|e| e.to_string(), |d| d.to_string());
        out.push(format!(
            "{} information requests were recorded, but 5 U.S.C. 552(a)(6)(A)(ii)(I) lets the \
             agency toll the clock for only one; all are applied here, and with only the first \
             the due date would be {alt}.",
            info.len()
        ));
    }
    if rule.unit == Unit::Years && !c.roll.is_empty() {
        out.push(format!(
            "The period ends on {}, which is not a business day; courts differ on whether \
             FRCP 6(a)(1)(C) extends a limitation period, so file by {} to be safe.",
            day(c.last_counted),
            c.last_counted
        ));
    }
    out
}

fn refs(slugs: &[&str]) -> Vec<ProvisionRef> {
    slugs.iter().map(|s| ProvisionRef { slug: s.to_string(), citation: citation(s).unwrap_or(s).to_string() }).collect()
}

fn explain(
    plan: &Plan,
    ext: Option<(NaiveDate, Extension)>,
    cal: &Calendar,
    reading: Reading,
    c: &Counted,
    unsettled: Option<Unsettled>,
) -> Explanation {
    let extension = ext.map(|(notice, e)| ExtensionNote {
        notice,
        days: e.days,
        provisions: refs(e.provisions),
        unextended_due: c.unextended.unwrap_or(c.due),
    });
    let rule = plan.rule;
    Explanation {
        rule_id: rule.id.to_string(),
        rule_title: rule.title.to_string(),
        catalogue: rule.catalogue,
        owed_by: rule.owed_by,
        provisions: refs(rule.provisions),
        trigger: plan.trigger,
        trigger_label: rule.trigger.label().to_string(),
        unit: rule.unit,
        count: rule.count,
        counting_starts: c.counting_starts,
        start_reason: c.start_reason.clone(),
        extension,
        tolls: plan.tolls.iter().map(|t| TollNote { start: t.start, end: t.end, label: t.label.clone() }).collect(),
        counted: c.spans.clone(),
        skipped: c.skipped.clone(),
        last_counted_day: c.last_counted,
        roll_forward: c.roll.clone(),
        due: c.due,
        calendar: cal.name().to_string(),
        calendar_version: cal.version(),
        reading,
        unsettled,
        notes: c.notes.clone(),
    }
}

#[cfg(test)]
mod tests;
