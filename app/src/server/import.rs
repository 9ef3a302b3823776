//! CSV import of agency FOIA logs and of Docket's own matter lists, for
//! `docket import` and the import page.
//!
//! The pure part reads the file — [`decode`] (UTF-8, with or without a
//! byte-order mark, else Windows-1252), [`table`] (rows with their physical
//! line numbers), [`mapping`] (which column holds which field), [`dates`]
//! (the formats, named or detected per column) and [`rows`] (each row
//! checked and turned into a matter with its events) — and [`plan`] sorts
//! the rows into new matters, updates and skips. [`commit`] then writes
//! everything in one transaction, with deadlines derived in memory by the
//! same engine `recompute` uses: the import lands completely or not at all.

pub mod commit;
pub mod dates;
pub mod decode;
mod derive;
pub mod editor;
pub mod mapping;
pub mod plan;
pub mod rows;
pub mod stored;
pub mod table;
pub mod timeline;
mod update;
mod write;

pub use commit::{Importer, Options, run};
pub use plan::OnDuplicate;

use dates::DateFormat;
use mapping::{Columns, Field, Mapping};
use serde::{Deserialize, Serialize};
use std::{collections::HashMap, fmt};

/// One problem with the file: where it is and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The physical line of the file (1-based).
    pub line: u64,
    /// The column (1-based), when the problem is in one cell.
    pub column: Option<usize>,
    pub header: String,
    pub message: String,
}

impl Problem {
    /// A problem with line `line` as a whole.
    pub fn file(line: u64, message: String) -> Problem {
        Problem { line, column: None, header: String::new(), message }
    }

    /// A problem with the cell of column index `index` (0-based) on `line`.
    pub fn at(line: u64, index: usize, header: &str, message: String) -> Problem {
        Problem { line, column: Some(index + 1), header: header.to_string(), message }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.column {
            Some(c) => write!(f, "line {}, column {c} `{}`: {}", self.line, self.header, self.message),
            None => write!(f, "line {}: {}", self.line, self.message),
        }
    }
}

/// What one column of the file became.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnInfo {
    pub number: usize,
    pub header: String,
    /// The field's code, or empty when the column is not imported.
    pub field: String,
    pub date_format: Option<DateFormat>,
    /// Whether the date format was detected (rather than named by the mapping).
    pub detected: bool,
}

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub source: String,
    pub mapping: String,
    /// What the rows became (a [`mapping::Target`] code).
    #[serde(default)]
    pub target: String,
    pub encoding: String,
    pub rows: usize,
    pub columns: Vec<ColumnInfo>,
    /// The first rows as they will be imported.
    pub preview: Vec<PreviewRow>,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub skipped: usize,
    pub events: usize,
    pub deadlines: usize,
    /// Matters whose deadlines were recomputed (an events import).
    #[serde(default)]
    pub recomputed: usize,
    pub errors: Vec<Problem>,
    pub warnings: Vec<Problem>,
    pub dry_run: bool,
    pub committed: bool,
}

/// One row of the preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewRow {
    pub line: u64,
    pub kind: String,
    pub agency: String,
    pub tracking_number: String,
    pub title: String,
    pub status: String,
    /// `received 2025-12-26; determination 2026-01-20 (denied)`.
    pub events: String,
    /// `new`, `update` or `skip`.
    pub action: String,
}

/// Rows shown in the preview.
pub const PREVIEW_ROWS: usize = 20;

/// How far an import has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub phase: &'static str,
    pub done: usize,
    pub total: usize,
}

/// The file read and its columns resolved: what [`rows::check`] needs.
pub struct Parsed {
    pub table: table::Table,
    pub columns: Columns,
    pub formats: HashMap<usize, DateFormat>,
}

/// Reads `bytes` with `mapping`; fills the report's encoding, row count,
/// columns and warnings.
///
/// # Errors
/// Every problem with the file's shape or its header.
pub fn parse(bytes: &[u8], mapping: &Mapping, report: &mut Report) -> Result<Parsed, Vec<Problem>> {
    let (text, encoding) = decode::decode(bytes);
    report.encoding = encoding.label().to_string();
    let (table, mut warnings) = table::read(&text)?;
    report.rows = table.rows.len();
    let (columns, header_warnings) = mapping::resolve(mapping, &table.headers, table.header_line)?;
    warnings.extend(header_warnings);
    let mut formats = HashMap::new();
    for (i, field) in columns.fields.iter().enumerate() {
        let date_format = match field {
            Some(f) if f.is_date() => {
                let found = mapping.date_format.or_else(|| dates::detect(table.rows.iter().map(|r| r.cell(i))));
                formats.insert(i, found.unwrap_or(DateFormat::Iso));
                found
            }
            _ => None,
        };
        report.columns.push(ColumnInfo {
            number: i + 1,
            header: table.headers[i].clone(),
            field: field.map(Field::code).unwrap_or_default(),
            date_format,
            detected: date_format.is_some() && mapping.date_format.is_none(),
        });
    }
    report.warnings = warnings;
    Ok(Parsed { table, columns, formats })
}
