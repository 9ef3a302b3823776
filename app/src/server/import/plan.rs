//! Sorting checked rows into new matters, updates of matters already in
//! Docket (same agency and tracking number) and skips, so that neither a
//! second import nor a file that lists a request twice makes a duplicate.

use super::{PREVIEW_ROWS, PreviewRow, Problem, rows::ImportRow};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// What to do with a row whose matter is already in Docket.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnDuplicate {
    /// Leave the matter as it is.
    #[default]
    Skip,
    /// Take the file's values and add its events.
    Update,
}

impl OnDuplicate {
    /// Parses `skip` or `update`.
    pub fn parse(s: &str) -> Option<OnDuplicate> {
        match s.trim() {
            "skip" => Some(OnDuplicate::Skip),
            "update" => Some(OnDuplicate::Update),
            _ => None,
        }
    }
}

/// The rows sorted by what will happen to them.
#[derive(Debug, Default)]
pub struct Plan {
    /// New matters, with their slugs.
    pub create: Vec<(String, ImportRow)>,
    /// Matters already in Docket (their ids) and the rows updating them.
    pub update: Vec<(i32, ImportRow)>,
    pub skipped: usize,
    pub preview: Vec<PreviewRow>,
}

/// Sorts `rows`: `existing` maps each key (see [`ImportRow::key`]) already
/// in Docket to its matter's id; `taken` holds the slugs in use. Repeats
/// within the file are reported in `warnings`: the first row wins when
/// skipping, the last when updating.
pub fn plan(
    rows: Vec<ImportRow>,
    existing: &HashMap<(i32, String), i32>,
    taken: &HashSet<String>,
    on: OnDuplicate,
    warnings: &mut Vec<Problem>,
) -> Plan {
    let mut plan = Plan::default();
    let mut unique: Vec<ImportRow> = Vec::with_capacity(rows.len());
    let mut seen: HashMap<(i32, String), usize> = HashMap::new();
    for row in rows {
        match seen.get(&row.key()) {
            Some(&at) => {
                let first = unique[at].line;
                let what = format!("{} {}", row.agency, id_of(&row));
                if on == OnDuplicate::Update {
                    warnings.push(Problem::file(row.line, format!("{what} is also on line {first}; this row is used")));
                    unique[at] = row;
                } else {
                    warnings
                        .push(Problem::file(row.line, format!("{what} is also on line {first}; this row is skipped")));
                    plan.skipped += 1;
                }
            }
            None => {
                seen.insert(row.key(), unique.len());
                unique.push(row);
            }
        }
    }
    let mut slugs = Slugs { taken, used: HashSet::new() };
    for row in unique {
        let action = match existing.get(&row.key()) {
            Some(_) if on == OnDuplicate::Skip => "skip",
            Some(_) => "update",
            None => "new",
        };
        if plan.preview.len() < PREVIEW_ROWS {
            plan.preview.push(preview(&row, action));
        }
        match existing.get(&row.key()) {
            Some(_) if on == OnDuplicate::Skip => plan.skipped += 1,
            Some(id) => plan.update.push((*id, row)),
            None => {
                let slug = slugs.next(&format!("{} {}", row.agency, id_of(&row)));
                plan.create.push((slug, row));
            }
        }
    }
    plan
}

fn id_of(row: &ImportRow) -> &str {
    if row.tracking_number.is_empty() { &row.docket_number } else { &row.tracking_number }
}

fn preview(row: &ImportRow, action: &str) -> PreviewRow {
    let events = row
        .events
        .iter()
        .map(|e| {
            let outcome = if e.outcome.is_empty() { String::new() } else { format!(" ({})", e.outcome) };
            format!("{} {}{outcome}", e.kind.code(), e.date)
        })
        .collect::<Vec<_>>()
        .join("; ");
    PreviewRow {
        line: row.line,
        kind: row.kind.code().into(),
        agency: row.agency.clone(),
        tracking_number: id_of(row).into(),
        title: row.title.clone(),
        status: row.status.code().into(),
        events,
        action: action.into(),
    }
}

/// Hands out slugs not in use, the way the matter form makes them.
struct Slugs<'a> {
    taken: &'a HashSet<String>,
    used: HashSet<String>,
}

impl Slugs<'_> {
    fn next(&mut self, text: &str) -> String {
        let base = slugify(text);
        let slug = (1..)
            .map(|n| if n == 1 { base.clone() } else { format!("{base}-{n}") })
            .find(|s| !self.taken.contains(s) && !self.used.contains(s))
            .unwrap_or(base);
        self.used.insert(slug.clone());
        slug
    }
}

/// Lowercase ASCII words joined by `-`, at most about 60 characters.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for w in text.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        if slug.len() + w.len() > 60 {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&w.to_ascii_lowercase());
    }
    if slug.is_empty() { "matter".into() } else { slug }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::vocab::{MatterKind, MatterStatus};

    fn row(line: u64, tracking: &str) -> ImportRow {
        ImportRow {
            line,
            kind: MatterKind::FoiaRequest,
            agency_id: 2,
            agency: "CBP".into(),
            tracking_number: tracking.into(),
            docket_number: String::new(),
            title: format!("t{line}"),
            title_given: true,
            summary: String::new(),
            requester: String::new(),
            court: String::new(),
            expedited: false,
            status: MatterStatus::Submitted,
            events: Vec::new(),
        }
    }

    #[test]
    fn repeats_in_the_file_and_in_docket_are_not_duplicated() {
        let rows = vec![row(2, "CBP-1"), row(3, "cbp-1"), row(4, "CBP-2"), row(5, "CBP-3")];
        let existing = HashMap::from([((2, "CBP-2".to_string()), 77)]);
        let taken = HashSet::from(["cbp-cbp-3".to_string()]);
        let mut warnings = Vec::new();
        let p = plan(rows.clone(), &existing, &taken, OnDuplicate::Skip, &mut warnings);
        let created: Vec<(&str, u64)> = p.create.iter().map(|(s, r)| (s.as_str(), r.line)).collect();
        assert_eq!(created, vec![("cbp-cbp-1", 2), ("cbp-cbp-3-2", 5)]);
        assert_eq!((p.update.len(), p.skipped), (0, 2));
        assert_eq!(warnings[0].to_string(), "line 3: CBP cbp-1 is also on line 2; this row is skipped");

        let mut warnings = Vec::new();
        let p = plan(rows, &existing, &taken, OnDuplicate::Update, &mut warnings);
        assert_eq!(p.create[0].1.line, 3, "the last repeat wins when updating");
        assert_eq!(p.update.iter().map(|(id, r)| (*id, r.line)).collect::<Vec<_>>(), vec![(77, 4)]);
        assert_eq!(p.preview.iter().map(|r| r.action.as_str()).collect::<Vec<_>>(), vec!["new", "update", "new"]);
    }
}
