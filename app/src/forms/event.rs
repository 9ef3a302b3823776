//! The form that logs an event on a matter (the quick actions fill it in).

use super::{Issues, ticked};
use crate::{
    domain::{derive::CourtOrder, preview::Draft, vocab::EventKind},
    error::AppError,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Outcomes of a determination or an appeal decision.
pub const OUTCOMES: [(&str, &str); 4] = [
    ("granted", "Granted in full"),
    ("partially_granted", "Partially granted"),
    ("denied", "Denied"),
    ("no_records", "No records found"),
];

/// An event as typed into the form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EventForm {
    pub kind: String,
    pub date: String,
    pub title: String,
    pub details: String,
    pub outcome: String,
    pub exemptions: String,
    pub pages_released: String,
    pub pages_withheld_full: String,
    pub pages_withheld_part: String,
    pub tracking_number: String,
    pub public: Option<String>,
    /// A court order's deadline, and optionally a recurring schedule.
    pub order_due: String,
    pub order_title: String,
    pub repeat_every_days: String,
    pub repeat_count: String,
}

/// A checked event form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidEvent {
    pub kind: EventKind,
    pub date: NaiveDate,
    pub title: String,
    pub details: String,
    pub outcome: String,
    pub exemptions: Vec<String>,
    pub pages_released: i32,
    pub pages_withheld_full: i32,
    pub pages_withheld_part: i32,
    pub tracking_number: String,
    pub public: bool,
    pub order: Option<CourtOrder>,
}

/// Normalises one FOIA exemption as people write it (`b5`, `(b)(7)(C)`,
/// `b7c`) to `(b)(7)(C)`; `None` if it is not one of the nine.
pub fn exemption(raw: &str) -> Option<String> {
    let s: String = raw.chars().filter(|c| !matches!(c, '(' | ')' | ' ')).collect::<String>().to_lowercase();
    let s = s.strip_prefix('b').unwrap_or(&s);
    let mut chars = s.chars();
    let digit = chars.next().filter(|c| ('1'..='9').contains(c))?;
    let rest: String = chars.collect();
    match rest.as_str() {
        "" => Some(format!("(b)({digit})")),
        sub if digit == '7' && sub.len() == 1 && ("a"..="f").contains(&sub) => {
            Some(format!("(b)(7)({})", sub.to_uppercase()))
        }
        _ => None,
    }
}

/// A number of pages as people write it (`1,200`; empty is 0); `None`
/// unless it is a whole number from 0 to 10,000,000.
pub fn pages(value: &str) -> Option<i32> {
    match value.trim() {
        "" => Some(0),
        v => v.replace(',', "").parse::<i32>().ok().filter(|n| (0..=10_000_000).contains(n)),
    }
}

/// The message for a value [`pages`] refuses.
pub fn not_pages(value: &str) -> String {
    format!("`{}` is not a number of pages", value.trim())
}

/// The exemptions of a list written `(b)(5), b7c; (b)(6)`, as Docket
/// writes them, each once, in order; and the items that are not FOIA
/// exemptions, as written.
pub fn exemption_list(text: &str) -> (Vec<String>, Vec<String>) {
    let mut out: Vec<String> = Vec::new();
    let mut errors = Vec::new();
    for raw in text.split([',', ';']).map(str::trim).filter(|s| !s.is_empty()) {
        match exemption(raw) {
            Some(e) if !out.contains(&e) => out.push(e),
            Some(_) => {}
            None => errors.push(raw.to_string()),
        }
    }
    (out, errors)
}

/// The message for an item of an exemption list that is not an exemption.
pub fn not_an_exemption(raw: &str) -> String {
    format!("`{raw}` is not a FOIA exemption; write them like (b)(5), (b)(7)(C)")
}

fn count(is: &mut Issues, field: &str, value: &str) -> i32 {
    pages(value).unwrap_or_else(|| {
        is.add(field, not_pages(value));
        0
    })
}

fn small(is: &mut Issues, field: &str, value: &str, max: u32) -> Option<u32> {
    match value.trim() {
        "" => None,
        v => match v.parse::<u32>() {
            Ok(n) if (1..=max).contains(&n) => Some(n),
            _ => {
                is.add(field, format!("must be a whole number from 1 to {max}"));
                None
            }
        },
    }
}

impl ValidEvent {
    /// The event as the due-date preview sees it.
    pub fn draft(&self) -> Draft {
        Draft {
            kind: self.kind,
            date: self.date,
            outcome: (!self.outcome.is_empty()).then(|| self.outcome.clone()),
            order: self.order.clone(),
        }
    }
}

impl EventForm {
    /// Sets the field called `name` to `value` if it is one the deadlines
    /// depend on (the date, the outcome, a court order's schedule); other
    /// fields are ignored, so a typo in the details never hides the
    /// due-date preview, which follows the form with this.
    pub fn set_for_preview(&mut self, name: &str, value: String) {
        let field = match name {
            "date" => &mut self.date,
            "outcome" => &mut self.outcome,
            "order_due" => &mut self.order_due,
            "order_title" => &mut self.order_title,
            "repeat_every_days" => &mut self.repeat_every_days,
            "repeat_count" => &mut self.repeat_count,
            _ => return,
        };
        *field = value;
    }

    /// Only the fields the due-date preview depends on.
    pub fn for_preview(&self) -> EventForm {
        EventForm {
            kind: self.kind.clone(),
            date: self.date.clone(),
            outcome: self.outcome.clone(),
            order_due: self.order_due.clone(),
            order_title: self.order_title.clone(),
            repeat_every_days: self.repeat_every_days.clone(),
            repeat_count: self.repeat_count.clone(),
            ..EventForm::default()
        }
    }

    /// Checks the form against `today`.
    ///
    /// # Errors
    /// `Validation` or `Fields` naming every field that needs attention.
    pub fn validate(&self, today: NaiveDate) -> Result<ValidEvent, AppError> {
        let mut is = Issues::default();
        let kind = EventKind::parse(&self.kind).map_err(|e| is.add("kind", e.to_string())).ok();
        let date = is.past_date("date", &self.date, today);
        if self.date.trim().is_empty() {
            is.add("date", "is required");
        }
        let outcome = self.outcome(&mut is, kind);
        let exemptions = self.exemptions(&mut is);
        let order = self.order(&mut is, kind, date);
        let title = is.text("title", &self.title, false, 300);
        let v = ValidEvent {
            kind: kind.unwrap_or(EventKind::Other),
            date: date.unwrap_or(today),
            title: if title.is_empty() { kind.map_or_else(String::new, |k| k.label().to_string()) } else { title },
            details: is.text("details", &self.details, false, 10_000),
            outcome,
            exemptions,
            pages_released: count(&mut is, "pages_released", &self.pages_released),
            pages_withheld_full: count(&mut is, "pages_withheld_full", &self.pages_withheld_full),
            pages_withheld_part: count(&mut is, "pages_withheld_part", &self.pages_withheld_part),
            tracking_number: is.text("tracking_number", &self.tracking_number, false, 100),
            public: ticked(self.public.as_ref()),
            order,
        };
        is.finish(v)
    }

    fn outcome(&self, is: &mut Issues, kind: Option<EventKind>) -> String {
        let decides = matches!(kind, Some(EventKind::Determination | EventKind::AppealDecided));
        let outcome = self.outcome.trim();
        if !decides {
            return String::new();
        }
        if OUTCOMES.iter().any(|(code, _)| *code == outcome) {
            outcome.to_string()
        } else {
            is.add("outcome", "choose granted, partially granted, denied or no records");
            String::new()
        }
    }

    fn exemptions(&self, is: &mut Issues) -> Vec<String> {
        let (out, errors) = exemption_list(&self.exemptions);
        for raw in errors {
            is.add("exemptions", not_an_exemption(&raw));
        }
        out
    }

    fn order(&self, is: &mut Issues, kind: Option<EventKind>, date: Option<NaiveDate>) -> Option<CourtOrder> {
        if kind != Some(EventKind::CourtOrder) {
            return None;
        }
        let first_due = is.date("order_due", &self.order_due)?;
        if date.is_some_and(|d| first_due < d) {
            is.add("order_due", "is before the order itself");
        }
        let every = small(is, "repeat_every_days", &self.repeat_every_days, 365);
        let times = small(is, "repeat_count", &self.repeat_count, 52);
        let repeat = match (every, times) {
            (Some(e), Some(t)) => Some((e, t)),
            (None, None) => None,
            (Some(_), None) => {
                is.add("repeat_count", "say how many times the deadline recurs");
                None
            }
            (None, Some(_)) => {
                is.add("repeat_every_days", "say how often the deadline recurs");
                None
            }
        };
        let title = is.text("order_title", &self.order_title, false, 300);
        Some(CourtOrder {
            title: if title.is_empty() { "Court-ordered deadline".into() } else { title },
            first_due,
            repeat,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 10).unwrap()
    }

    #[test]
    fn exemptions_are_normalised() {
        assert_eq!(exemption("b5").as_deref(), Some("(b)(5)"));
        assert_eq!(exemption("(b)(7)(C)").as_deref(), Some("(b)(7)(C)"));
        assert_eq!(exemption("b7e").as_deref(), Some("(b)(7)(E)"));
        assert_eq!(exemption("(b) (6)").as_deref(), Some("(b)(6)"));
        assert_eq!(exemption("b10"), None);
        assert_eq!(exemption("b5c"), None);
        assert_eq!(exemption("x"), None);
    }

    #[test]
    fn a_determination_needs_an_outcome_and_real_exemptions() {
        let form = EventForm {
            kind: "determination".into(),
            date: "2026-01-09".into(),
            exemptions: "b6, (b)(7)(C), b6, b12".into(),
            ..Default::default()
        };
        let Err(AppError::Fields(issues)) = form.validate(today()) else { panic!("expected two issues") };
        assert_eq!(issues.iter().map(|i| i.field.as_str()).collect::<Vec<_>>(), ["outcome", "exemptions"]);
        let ok = EventForm { outcome: "denied".into(), exemptions: "b6, (b)(7)(C), b6".into(), ..form };
        let v = ok.validate(today()).unwrap();
        assert_eq!(v.exemptions, ["(b)(6)", "(b)(7)(C)"]);
        assert_eq!(v.title, "Determination");
    }

    #[test]
    fn dates_must_have_happened() {
        let form = EventForm { kind: "acknowledged".into(), date: "2026-02-01".into(), ..Default::default() };
        assert!(matches!(form.validate(today()), Err(AppError::Validation { field, .. }) if field == "date"));
        let missing = EventForm { kind: "acknowledged".into(), ..Default::default() };
        assert!(matches!(missing.validate(today()), Err(AppError::Validation { field, .. }) if field == "date"));
    }

    #[test]
    fn court_orders_carry_their_schedule() {
        let form = EventForm {
            kind: "court_order".into(),
            date: "2026-01-09".into(),
            order_due: "2026-02-09".into(),
            repeat_every_days: "30".into(),
            repeat_count: "6".into(),
            order_title: "Joint status report".into(),
            ..Default::default()
        };
        let order = form.validate(today()).unwrap().order.unwrap();
        assert_eq!(order.repeat, Some((30, 6)));
        let half = EventForm { repeat_count: String::new(), ..form };
        assert!(matches!(half.validate(today()), Err(AppError::Validation { field, .. }) if field == "repeat_count"));
    }

    #[test]
    fn page_counts_accept_thousands_separators() {
        let form = EventForm {
            kind: "production".into(),
            date: "2026-01-09".into(),
            pages_released: "1,204".into(),
            pages_withheld_full: "-3".into(),
            ..Default::default()
        };
        assert!(
            matches!(form.validate(today()), Err(AppError::Validation { field, .. }) if field == "pages_withheld_full")
        );
        let ok = EventForm { pages_withheld_full: "3".into(), ..form };
        assert_eq!(ok.validate(today()).unwrap().pages_released, 1204);
    }
}
