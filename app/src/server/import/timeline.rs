//! Importing events and court-ordered deadlines into matters already in
//! Docket: Docket's own events and deadlines exports (the `events` and
//! `deadlines` mappings), so that an export imports into another Docket
//! with every matter's timeline. Each row names its matter the way the
//! matters import keys it (agency and tracking or docket number); a row
//! whose matter is not in Docket is an error, so import the matters first.
//!
//! An event already on the matter (same kind, date and title) or a
//! court-ordered deadline already there (same title and due date) is
//! skipped, or updated with the file's values (`--on-duplicate update`),
//! never duplicated. Deadlines Docket computes are not imported: the
//! matters whose events change are recomputed in the same transaction.
//! The matter's status is left as it is (the matters file carries it).

mod rows;
mod write;

pub use rows::{DeadlineItem, EventItem, Item, TimelineRow};
use rows::{deadline_row, event_row};

use super::{
    OnDuplicate, PREVIEW_ROWS, Parsed, PreviewRow, Problem, Progress, Report,
    mapping::Target,
    rows::{Rules, check_with},
    write::Context,
};
use crate::error::AppResult;
use sea_orm::DatabaseTransaction;
use std::collections::{BTreeSet, HashMap};

/// What happens to a row whose matter is in Docket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    New,
    /// The stored event or deadline (its id) takes the file's values.
    Update(i32),
    /// Already there with the same values.
    Unchanged,
    Skip,
}

impl Action {
    fn code(self) -> &'static str {
        match self {
            Action::New => "new",
            Action::Update(_) => "update",
            Action::Unchanged => "unchanged",
            Action::Skip => "skip",
        }
    }
}

/// A row placed: its matter's id and what happens to it.
pub struct Placed {
    pub matter_id: i32,
    pub row: TimelineRow,
    pub action: Action,
}

/// Reads, checks and places every row, then (unless it is a dry run)
/// writes them, filling `report`. Problems go into the report and then
/// nothing is written.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn run(
    txn: &DatabaseTransaction,
    cx: &Context<'_>,
    parsed: &Parsed,
    rules: &Rules<'_>,
    (on, dry_run): (OnDuplicate, bool),
    report: &mut Report,
    progress: &mut (dyn FnMut(Progress) + Send),
) -> AppResult<()> {
    let build = if rules.target == Target::Events { event_row } else { deadline_row };
    let rows = match check_with(&parsed.table, rules, build) {
        Ok(rows) => rows,
        Err(errors) => {
            report.errors = errors;
            return Ok(());
        }
    };
    let (computed, rows): (Vec<TimelineRow>, Vec<TimelineRow>) =
        rows.into_iter().partition(|r| r.item == Item::Computed);
    let existing = super::commit::existing(txn, cx.organization_id).await?;
    let placed = match place(rows, &existing) {
        Ok(placed) => placed,
        Err(errors) => {
            report.errors = errors;
            return Ok(());
        }
    };
    if let Some(first) = computed.first() {
        report.warnings.push(Problem::file(
            first.line,
            format!(
                "{} rows are deadlines Docket computes from the events (a rule such as `foia.response`); \
                 they are not imported: importing the events derives them again",
                computed.len()
            ),
        ));
    }
    let ids: Vec<i32> = placed.iter().map(|(id, _)| *id).collect::<BTreeSet<_>>().into_iter().collect();
    let stored = write::stored(txn, rules.target, &ids).await?;
    let placed = decide(placed, &stored, on, &mut report.warnings);
    report.skipped = computed.len() + placed.iter().filter(|p| p.action == Action::Skip).count();
    report.unchanged = placed.iter().filter(|p| p.action == Action::Unchanged).count();
    report.updated = placed.iter().filter(|p| matches!(p.action, Action::Update(_))).count();
    let new = placed.iter().filter(|p| p.action == Action::New).count();
    if rules.target == Target::Events {
        report.events = new
    } else {
        report.deadlines = new
    }
    report.preview = placed.iter().take(PREVIEW_ROWS).map(preview).collect();
    if !dry_run {
        report.recomputed = write::apply(txn, cx, &placed, progress).await?;
    }
    Ok(())
}

/// Finds each row's matter by its key; a row naming a matter Docket does
/// not hold is a problem.
fn place(
    rows: Vec<TimelineRow>,
    existing: &HashMap<(i32, String), i32>,
) -> Result<Vec<(i32, TimelineRow)>, Vec<Problem>> {
    let mut placed = Vec::with_capacity(rows.len());
    let mut errors = Vec::new();
    for row in rows {
        match existing.get(&row.key) {
            Some(id) => placed.push((*id, row)),
            None => errors.push(Problem::file(
                row.line,
                format!(
                    "there is no matter {} {} in Docket: import the matters first (mapping `matters`)",
                    row.agency, row.number
                ),
            )),
        }
    }
    if errors.is_empty() { Ok(placed) } else { Err(errors) }
}

/// What identifies an event (kind, date, title) or a court-ordered
/// deadline (title, due date) within its matter.
pub fn item_key(matter_id: i32, item: &Item) -> (i32, String) {
    let k = match item {
        Item::Event(e) => format!("{}|{}|{}", e.kind.code(), e.date, e.title.trim()),
        Item::Deadline(d) => format!("{}|{}", d.due, d.title.trim()),
        Item::Computed => String::new(),
    };
    (matter_id, k)
}

/// Decides each row's action against what Docket holds (`stored`, by
/// [`item_key`]); a row repeating an earlier one of the file is skipped
/// with a warning.
pub fn decide(
    placed: Vec<(i32, TimelineRow)>,
    stored: &HashMap<(i32, String), (i32, Item)>,
    on: OnDuplicate,
    warnings: &mut Vec<Problem>,
) -> Vec<Placed> {
    let mut seen: HashMap<(i32, String), u64> = HashMap::new();
    let mut out = Vec::with_capacity(placed.len());
    for (matter_id, row) in placed {
        let k = item_key(matter_id, &row.item);
        let action = if let Some(first) = seen.get(&k) {
            warnings.push(Problem::file(row.line, format!("the same as line {first}; this row is skipped")));
            Action::Skip
        } else {
            seen.insert(k.clone(), row.line);
            match stored.get(&k) {
                None => Action::New,
                Some(_) if on == OnDuplicate::Skip => Action::Skip,
                Some((_, item)) if *item == row.item => Action::Unchanged,
                Some((id, _)) => Action::Update(*id),
            }
        };
        out.push(Placed { matter_id, row, action });
    }
    out
}

fn preview(p: &Placed) -> PreviewRow {
    let (kind, title, status, dates) = match &p.row.item {
        Item::Event(e) => {
            let outcome = if e.outcome.is_empty() { String::new() } else { format!(" ({})", e.outcome) };
            (
                e.kind.code().to_string(),
                e.title.clone(),
                String::new(),
                format!("{} {}{outcome}", e.kind.code(), e.date),
            )
        }
        Item::Deadline(d) => {
            ("deadline".to_string(), d.title.clone(), d.status.code().to_string(), format!("due {}", d.due))
        }
        Item::Computed => Default::default(),
    };
    PreviewRow {
        line: p.row.line,
        kind,
        agency: p.row.agency.clone(),
        tracking_number: p.row.number.clone(),
        title,
        status,
        events: dates,
        action: p.action.code().into(),
    }
}

#[cfg(test)]
mod tests;
