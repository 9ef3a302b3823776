//! Cells and their encoding: CSV (with spreadsheet formula injection
//! escaped) and JSON (an array of objects, keys in column order), page by page.

use super::{Format, Pager, deadlines::Deadlines, events::Events, matters::Matters, scorecards::Scorecards};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::DatabaseConnection;
use std::borrow::Cow;

/// One cell of an exported row.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Int(i64),
    /// A decimal rounded to one place (averages).
    Float(f64),
    Bool(bool),
    Date(NaiveDate),
    Time(DateTime<Utc>),
    /// Several short texts (exemptions, citations): `; `-joined in CSV.
    List(Vec<String>),
    Null,
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Text(s)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Text(s.to_string())
    }
}

impl From<i32> for Value {
    fn from(n: i32) -> Self {
        Value::Int(n.into())
    }
}

impl From<u64> for Value {
    fn from(n: u64) -> Self {
        Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<NaiveDate> for Value {
    fn from(d: NaiveDate) -> Self {
        Value::Date(d)
    }
}

impl From<DateTime<Utc>> for Value {
    fn from(t: DateTime<Utc>) -> Self {
        Value::Time(t)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

/// Escapes a text cell against spreadsheet formula injection: a cell that
/// starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be read
/// as a formula by Excel, LibreOffice or Google Sheets, so it gets a leading
/// `'`, which spreadsheets show as text and do not display.
pub fn csv_cell(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

impl Value {
    fn csv(&self) -> Cow<'_, str> {
        match self {
            Value::Text(s) => csv_cell(s),
            Value::Int(n) => Cow::Owned(n.to_string()),
            Value::Float(x) => Cow::Owned(format!("{x:.1}")),
            Value::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
            Value::Date(d) => Cow::Owned(d.to_string()),
            Value::Time(t) => Cow::Owned(t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
            Value::List(items) => Cow::Owned(csv_cell(&items.join("; ")).into_owned()),
            Value::Null => Cow::Borrowed(""),
        }
    }

    fn json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Value::Text(s) => J::String(s.clone()),
            Value::Int(n) => J::from(*n),
            Value::Float(x) => serde_json::Number::from_f64((x * 10.0).round() / 10.0).map_or(J::Null, J::Number),
            Value::Bool(b) => J::Bool(*b),
            Value::Date(d) => J::String(d.to_string()),
            Value::Time(t) => J::String(t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
            Value::List(items) => J::Array(items.iter().cloned().map(J::String).collect()),
            Value::Null => J::Null,
        }
    }
}

/// One page of rows; `next` is the cursor to read after, `None` at the end.
pub struct Page {
    pub rows: Vec<Vec<Value>>,
    pub next: Option<i32>,
}

impl Page {
    /// A page of `rows` read by keyset on ids: full pages go on after the last id.
    pub fn keyset(rows: Vec<Vec<Value>>, last_id: Option<i32>, read: usize) -> Page {
        let full = u64::try_from(read).unwrap_or(u64::MAX) >= super::PAGE;
        Page { rows, next: if full { last_id } else { None } }
    }
}

/// The list being exported.
pub enum Source {
    Matters(Matters),
    Events(Events),
    Deadlines(Deadlines),
    Agencies(Scorecards),
}

impl Source {
    fn header(&self) -> &'static [&'static str] {
        match self {
            Source::Matters(_) => super::matters::HEADER,
            Source::Events(_) => super::events::HEADER,
            Source::Deadlines(_) => super::deadlines::HEADER,
            Source::Agencies(_) => super::scorecards::HEADER,
        }
    }

    async fn page(&mut self, db: &DatabaseConnection, after: i32) -> AppResult<Page> {
        match self {
            Source::Matters(s) => s.page(db, after).await,
            Source::Events(s) => s.page(db, after).await,
            Source::Deadlines(s) => s.page(db, after).await,
            Source::Agencies(s) => s.page(db, after).await,
        }
    }
}

/// Reads pages from a source and encodes them.
pub struct Encoder {
    db: DatabaseConnection,
    source: Source,
    format: Format,
    /// Where the next page starts; `None` once the list is written.
    cursor: Option<i32>,
    rows_written: u64,
}

impl Encoder {
    /// An encoder at the start of the list.
    pub fn new(db: DatabaseConnection, source: Source, format: Format) -> Encoder {
        Encoder { db, source, format, cursor: Some(0), rows_written: 0 }
    }

    fn open(&self, out: &mut Vec<u8>) -> AppResult<()> {
        match self.format {
            // The byte-order mark makes Excel read the file as UTF-8.
            Format::Csv => {
                out.extend("\u{feff}".as_bytes());
                write_csv(out, self.source.header().iter().map(|h| Cow::Borrowed(*h)))
            }
            Format::Json => {
                out.push(b'[');
                Ok(())
            }
        }
    }

    fn write_rows(&mut self, out: &mut Vec<u8>, rows: &[Vec<Value>]) -> AppResult<()> {
        let header = self.source.header();
        for row in rows {
            debug_assert_eq!(row.len(), header.len(), "a row must have one value per column");
            match self.format {
                Format::Csv => write_csv(out, row.iter().map(Value::csv))?,
                Format::Json => {
                    out.extend(if self.rows_written == 0 { "\n" } else { ",\n" }.as_bytes());
                    out.extend(json_object(header, row).as_bytes());
                }
            }
            self.rows_written += 1;
        }
        Ok(())
    }
}

/// A JSON object with its keys in column order (a JSON map would sort them).
fn json_object(header: &[&str], row: &[Value]) -> String {
    let fields: Vec<String> = header
        .iter()
        .zip(row)
        .map(|(k, v)| format!("{}:{}", serde_json::Value::String((*k).to_string()), v.json()))
        .collect();
    format!("{{{}}}", fields.join(","))
}

fn write_csv<'a>(out: &mut Vec<u8>, cells: impl Iterator<Item = Cow<'a, str>>) -> AppResult<()> {
    let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
    w.write_record(cells.map(|c| c.into_owned())).map_err(internal)?;
    out.extend(w.into_inner().map_err(|e| internal(e.into_error()))?);
    Ok(())
}

fn internal(err: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %err, "export encoding failed");
    AppError::Internal
}

impl Pager for Encoder {
    async fn next_chunk(&mut self) -> AppResult<Option<Vec<u8>>> {
        let Some(after) = self.cursor else { return Ok(None) };
        let mut out = Vec::new();
        if after == 0 && self.rows_written == 0 {
            self.open(&mut out)?;
        }
        let page = self.source.page(&self.db, after).await?;
        self.write_rows(&mut out, &page.rows)?;
        self.cursor = page.next;
        if self.cursor.is_none() && self.format == Format::Json {
            out.extend(if self.rows_written == 0 { "]\n" } else { "\n]\n" }.as_bytes());
        }
        Ok(Some(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_escaped() {
        for bad in ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(csv_cell(bad), format!("'{bad}"), "{bad:?}");
        }
        for fine in ["FOIA request", "", "2025-12-19", "a=b", " =x", "'quoted"] {
            assert_eq!(csv_cell(fine), fine);
        }
    }

    #[test]
    fn lists_and_numbers_in_csv() {
        assert_eq!(Value::List(vec!["=b6".into(), "b7(C)".into()]).csv(), "'=b6; b7(C)");
        assert_eq!(Value::Int(-3).csv(), "-3");
        assert_eq!(Value::Float(2.25).csv(), "2.2");
        assert_eq!(Value::from(None::<NaiveDate>).csv(), "");
    }

    #[test]
    fn csv_quotes_and_json_keeps_column_order() {
        let mut out = Vec::new();
        write_csv(&mut out, ["a,b", "line\nbreak", "=x"].into_iter().map(Cow::Borrowed)).expect("csv");
        assert_eq!(String::from_utf8(out).expect("utf8"), "\"a,b\",\"line\nbreak\",=x\n");
        let row = [Value::Bool(true), Value::List(vec!["b6".into()])];
        assert_eq!(json_object(&["zeta", "alpha"], &row), "{\"zeta\":true,\"alpha\":[\"b6\"]}");
    }
}
