//! Checking each row and turning it into the matter and events it stands
//! for. Pure: agencies come in as a [`Directory`], and every problem names
//! the line, the column and what is wrong.

use super::{
    Problem,
    dates::{self, DateFormat},
    mapping::{Columns, Field, Target},
    table::{Record, Table, truncate},
};
use crate::domain::vocab::{EventKind, MatterKind, MatterStatus};
use chrono::NaiveDate;
use std::collections::HashMap;

mod build;

use build::{foia_row, matter_row};

/// An agency rows can name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyRef {
    pub id: i32,
    pub abbreviation: String,
}

/// The agencies, found by abbreviation, slug or name (case-insensitively).
#[derive(Debug, Clone, Default)]
pub struct Directory {
    keys: HashMap<String, AgencyRef>,
    names: Vec<String>,
}

impl Directory {
    /// A directory of `(id, slug, name, abbreviation)`.
    pub fn new<'a>(agencies: impl IntoIterator<Item = (i32, &'a str, &'a str, &'a str)>) -> Directory {
        let mut d = Directory::default();
        for (id, slug, name, abbr) in agencies {
            let r = AgencyRef { id, abbreviation: abbr.to_string() };
            for key in [slug, name, abbr] {
                d.keys.insert(key.trim().to_lowercase(), r.clone());
            }
            d.names.push(abbr.to_string());
        }
        d.names.sort();
        d
    }

    /// The agency `text` names.
    pub fn find(&self, text: &str) -> Option<&AgencyRef> {
        self.keys.get(&text.trim().to_lowercase())
    }

    /// The abbreviations, for messages.
    pub fn known(&self) -> String {
        self.names.join(", ")
    }
}

/// An event a row records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowEvent {
    pub kind: EventKind,
    pub date: NaiveDate,
    pub outcome: String,
    pub title: String,
}

/// A checked row: the matter it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRow {
    pub line: u64,
    pub kind: MatterKind,
    pub agency_id: i32,
    pub agency: String,
    pub tracking_number: String,
    pub docket_number: String,
    pub title: String,
    /// Whether the title is the file's own (not made up from the summary).
    pub title_given: bool,
    pub summary: String,
    pub requester: String,
    pub court: String,
    pub expedited: bool,
    pub status: MatterStatus,
    pub events: Vec<RowEvent>,
}

impl ImportRow {
    /// What identifies the matter across imports: the agency and its
    /// tracking number (or, failing that, the court's docket number).
    pub fn key(&self) -> (i32, String) {
        key(self.agency_id, &self.tracking_number, &self.docket_number)
    }
}

/// The identity of a matter of agency `agency_id` (see [`ImportRow::key`]).
pub fn key(agency_id: i32, tracking: &str, docket: &str) -> (i32, String) {
    let t = tracking.trim();
    let k = if t.is_empty() { format!("docket:{}", docket.trim().to_uppercase()) } else { t.to_uppercase() };
    (agency_id, k)
}

/// What every row is checked against.
pub struct Rules<'a> {
    pub target: Target,
    pub columns: &'a Columns,
    pub headers: &'a [String],
    /// The date format of each date column.
    pub formats: &'a HashMap<usize, DateFormat>,
    pub directory: &'a Directory,
    pub default_agency: Option<&'a AgencyRef>,
    pub today: NaiveDate,
}

/// One row being read: its cells and its problems.
pub(super) struct Reading<'a> {
    pub(super) rules: &'a Rules<'a>,
    pub(super) record: &'a Record,
    errors: Vec<Problem>,
}

impl Reading<'_> {
    pub(super) fn text(&mut self, field: Field, max: usize) -> String {
        let Some(i) = self.rules.columns.of(field) else { return String::new() };
        let value = self.record.cell(i);
        if value.chars().count() > max {
            self.fail(i, format!("is too long ({} characters; at most {max})", value.chars().count()));
        }
        value.to_string()
    }

    pub(super) fn required(&mut self, field: Field, max: usize) -> String {
        let value = self.text(field, max);
        if value.is_empty()
            && let Some(i) = self.rules.columns.of(field)
        {
            self.fail(i, format!("`{}` is required", field.code()));
        }
        value
    }

    /// The date in `field`'s column; only a due date may lie ahead.
    pub(super) fn date(&mut self, field: Field) -> Option<NaiveDate> {
        let i = self.rules.columns.of(field)?;
        let value = self.record.cell(i);
        if value.is_empty() {
            return None;
        }
        let format = self.rules.formats.get(&i).copied().unwrap_or(DateFormat::Iso);
        match dates::parse(value, format) {
            Ok(d) if d > self.rules.today && field != Field::DueDate => {
                self.fail(i, format!("{d} is in the future; only events that happened can be imported"));
                None
            }
            Ok(d) => Some(d),
            Err(message) => {
                self.fail(i, message);
                None
            }
        }
    }

    pub(super) fn fail(&mut self, column: usize, message: String) {
        let header = self.rules.headers.get(column).map_or("", String::as_str);
        self.errors.push(Problem::at(self.record.line, column, header, message));
    }

    pub(super) fn fail_row(&mut self, message: String) {
        self.errors.push(Problem::file(self.record.line, message));
    }
}

/// Checks every row of `table`; returns the rows, or every problem.
///
/// # Errors
/// Each problem of each row, in file order.
pub fn check(table: &Table, rules: &Rules) -> Result<Vec<ImportRow>, Vec<Problem>> {
    check_with(table, rules, |r| match r.rules.target {
        Target::FoiaLog => foia_row(r),
        Target::Matters => matter_row(r),
        Target::Events | Target::Deadlines => {
            r.fail_row("events and deadlines add to matters; they are not matters".into());
            None
        }
    })
}

/// Checks every row of `table` with `build`, which reads one row (and
/// records its problems); returns the rows, or every problem.
///
/// # Errors
/// Each problem of each row, in file order.
pub(super) fn check_with<T>(
    table: &Table,
    rules: &Rules,
    build: impl Fn(&mut Reading) -> Option<T>,
) -> Result<Vec<T>, Vec<Problem>> {
    let mut rows = Vec::with_capacity(table.rows.len());
    let mut errors = Vec::new();
    for record in &table.rows {
        let mut r = Reading { rules, record, errors: Vec::new() };
        let row = build(&mut r);
        match row {
            Some(row) if r.errors.is_empty() => rows.push(row),
            _ => errors.append(&mut r.errors),
        }
    }
    if errors.is_empty() { Ok(rows) } else { Err(errors) }
}

/// The agency of a row: its agency or component column, else the default.
/// An unknown agency column is an error; an unknown component (a DHS
/// office Docket does not list) falls back to the default agency.
pub(super) fn agency(r: &mut Reading) -> Option<(AgencyRef, String)> {
    let dir = r.rules.directory;
    for field in [Field::Agency, Field::Component] {
        let Some(i) = r.rules.columns.of(field) else { continue };
        let value = r.record.cell(i).to_string();
        if value.is_empty() {
            continue;
        }
        if let Some(a) = dir.find(&value) {
            return Some((a.clone(), String::new()));
        }
        if field == Field::Component
            && let Some(a) = r.rules.default_agency
        {
            return Some((a.clone(), value));
        }
        let hint = if field == Field::Component { "; pass a default agency to file such rows under it" } else { "" };
        r.fail(i, format!("unknown agency `{}` (known: {}){hint}", truncate(&value, 60), dir.known()));
        return None;
    }
    match r.rules.default_agency {
        Some(a) => Some((a.clone(), String::new())),
        None => {
            r.fail_row("the row names no agency and no default agency was given (use --agency)".into());
            None
        }
    }
}
