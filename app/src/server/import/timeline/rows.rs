//! Reading the rows of an events or deadlines file: the matter each row
//! belongs to (its agency and tracking or docket number, as the matters
//! import keys it) and the event or court-ordered deadline it records.

use super::super::{
    mapping::Field,
    rows::{Reading, agency, key},
    table::truncate,
};
use crate::{
    domain::{
        rules::catalogue,
        vocab::{DeadlineStatus, EventKind, Verification},
    },
    forms::event::{OUTCOMES, exemption_list, not_an_exemption, not_pages, pages as pages_of},
    server::services::deadlines::COURT_ORDERED,
};
use chrono::NaiveDate;

/// A checked row: what it adds, and to which matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineRow {
    pub line: u64,
    /// The matter's key (see [`key`]).
    pub key: (i32, String),
    /// The matter's agency abbreviation and its tracking or docket number.
    pub agency: String,
    pub number: String,
    pub item: Item,
}

/// What a row adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Event(EventItem),
    Deadline(DeadlineItem),
    /// A deadline Docket computes from the events: not imported.
    Computed,
}

/// An event of a matter's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventItem {
    pub kind: EventKind,
    pub date: NaiveDate,
    pub title: String,
    pub details: String,
    pub outcome: String,
    pub pages_released: i32,
    pub pages_withheld_full: i32,
    pub pages_withheld_part: i32,
    /// Exemptions as Docket writes them: `(b)(5)`, `(b)(7)(C)`.
    pub exemptions: Vec<String>,
    pub public: bool,
    pub verification: Verification,
}

/// A deadline a court set (Docket does not compute it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlineItem {
    pub title: String,
    pub due: NaiveDate,
    pub status: DeadlineStatus,
    pub source: String,
    pub public: bool,
    pub verification: Verification,
}

/// A row of an events file.
pub(in crate::server::import) fn event_row(r: &mut Reading) -> Option<TimelineRow> {
    let date = r.date(Field::EventDate);
    let kind = code(r, Field::EventKind, EventKind::parse);
    let title = r.text(Field::Title, 300);
    let details = r.text(Field::Details, 10_000);
    let outcome = outcome(r, kind);
    let pages_released = pages(r, Field::PagesReleased);
    let pages_withheld_full = pages(r, Field::PagesWithheldFull);
    let pages_withheld_part = pages(r, Field::PagesWithheldPart);
    let exemptions = exemptions(r);
    let public = flag(r, Field::Public);
    let verification = code(r, Field::Verification, Verification::parse).unwrap_or(Verification::Verified);
    let (key, agency, number) = matter(r)?;
    let (kind, date) = (kind?, date?);
    let title = if title.is_empty() { kind.label().to_string() } else { title };
    let item = EventItem {
        kind,
        date,
        title,
        details,
        outcome,
        pages_released,
        pages_withheld_full,
        pages_withheld_part,
        exemptions,
        public,
        verification,
    };
    Some(TimelineRow { line: r.record.line, key, agency, number, item: Item::Event(item) })
}

/// A row of a deadlines file: a court-ordered deadline, or one Docket
/// computes (a rule other than `court.ordered`), which is not read further.
pub(in crate::server::import) fn deadline_row(r: &mut Reading) -> Option<TimelineRow> {
    let rule = r.text(Field::Rule, 100);
    if !rule.is_empty() && rule != COURT_ORDERED {
        if catalogue().iter().any(|x| x.id == rule) {
            let line = r.record.line;
            return Some(TimelineRow {
                line,
                key: (0, String::new()),
                agency: String::new(),
                number: String::new(),
                item: Item::Computed,
            });
        }
        let i = r.rules.columns.of(Field::Rule).unwrap_or_default();
        r.fail(
            i,
            format!("unknown rule `{}` (court-ordered deadlines have `{COURT_ORDERED}` or none)", truncate(&rule, 60)),
        );
        return None;
    }
    let title = r.required(Field::Title, 300);
    let due = r.date(Field::DueDate);
    if due.is_none()
        && let Some(i) = r.rules.columns.of(Field::DueDate).filter(|i| r.record.cell(*i).is_empty())
    {
        r.fail(i, "`due_date` is required".into());
    }
    let status = code(r, Field::DeadlineStatus, DeadlineStatus::parse).unwrap_or(DeadlineStatus::Open);
    let source = r.text(Field::Source, 300);
    let public = flag(r, Field::Public);
    let verification = code(r, Field::Verification, Verification::parse).unwrap_or(Verification::Verified);
    let (key, agency, number) = matter(r)?;
    let source = if source.is_empty() { "Court order".to_string() } else { source };
    let item = DeadlineItem { title, due: due?, status, source, public, verification };
    if item.title.is_empty() {
        return None;
    }
    Some(TimelineRow { line: r.record.line, key, agency, number, item: Item::Deadline(item) })
}

/// The matter the row belongs to: its key, agency and number.
fn matter(r: &mut Reading) -> Option<((i32, String), String, String)> {
    let tracking = r.text(Field::TrackingNumber, 100);
    let docket = r.text(Field::DocketNumber, 100);
    let (ag, _) = agency(r)?;
    if tracking.is_empty() && docket.is_empty() {
        r.fail_row("the row names no matter: it needs the matter's tracking number or docket number".into());
        return None;
    }
    let number = if tracking.is_empty() { docket.clone() } else { tracking.clone() };
    Some((key(ag.id, &tracking, &docket), ag.abbreviation, number))
}

/// A code of one of Docket's vocabularies (empty: `None`, no problem).
fn code<T, E: std::fmt::Display>(r: &mut Reading, field: Field, parse: impl Fn(&str) -> Result<T, E>) -> Option<T> {
    let i = r.rules.columns.of(field)?;
    let value = r.record.cell(i).to_string();
    if value.is_empty() {
        if field == Field::EventKind {
            r.fail(i, "`event_kind` is required".into());
        }
        return None;
    }
    match parse(&value.to_lowercase()) {
        Ok(v) => Some(v),
        Err(e) => {
            r.fail(i, e.to_string());
            None
        }
    }
}

/// A determination's or appeal decision's outcome must be one Docket
/// knows (or none); other events keep what the file says.
fn outcome(r: &mut Reading, kind: Option<EventKind>) -> String {
    let value = r.text(Field::Outcome, 100);
    let decides = matches!(kind, Some(EventKind::Determination | EventKind::AppealDecided));
    if decides && !value.is_empty() && !OUTCOMES.iter().any(|(c, _)| *c == value) {
        let known = OUTCOMES.iter().map(|(c, _)| *c).collect::<Vec<_>>().join(", ");
        let i = r.rules.columns.of(Field::Outcome).unwrap_or_default();
        r.fail(i, format!("unknown outcome `{}` (known: {known})", truncate(&value, 40)));
    }
    value
}

fn pages(r: &mut Reading, field: Field) -> i32 {
    let Some(i) = r.rules.columns.of(field) else { return 0 };
    let cell = r.record.cell(i).to_string();
    pages_of(&cell).unwrap_or_else(|| {
        r.fail(i, not_pages(&truncate(&cell, 40)));
        0
    })
}

fn exemptions(r: &mut Reading) -> Vec<String> {
    let Some(i) = r.rules.columns.of(Field::Exemptions) else { return Vec::new() };
    let (out, errors) = exemption_list(r.record.cell(i));
    for raw in errors {
        r.fail(i, not_an_exemption(&truncate(&raw, 40)));
    }
    out
}

/// `true`/`false` as spreadsheets and Docket's export write them.
fn flag(r: &mut Reading, field: Field) -> bool {
    let Some(i) = r.rules.columns.of(field) else { return false };
    match r.record.cell(i).trim().to_lowercase().as_str() {
        "" | "false" | "no" | "n" | "0" => false,
        "true" | "yes" | "y" | "1" => true,
        other => {
            let other = truncate(other, 40);
            r.fail(i, format!("`{other}` is neither true nor false"));
            false
        }
    }
}
