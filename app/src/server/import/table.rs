//! Reading a decoded CSV file into a header and rows, each row with the
//! physical line it starts on (a quoted field with line breaks moves every
//! later row down, so lines are counted in the file, not in records).
//! Blank lines are skipped; a short row (trailing empty cells left out, as
//! some spreadsheets write) is padded with a warning; a row with more cells
//! than the header, other than empty trailing ones, is an error.

use super::Problem;

/// A file's header and rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    /// The line of the header (1 unless blank lines come first).
    pub header_line: u64,
    pub delimiter: u8,
    pub rows: Vec<Record>,
}

/// One row of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The physical line the row starts on (1-based).
    pub line: u64,
    pub cells: Vec<String>,
}

impl Record {
    /// The trimmed cell of column `i` (empty when the row is short), with
    /// the `'` that Docket's export (and other careful exporters) put before
    /// a leading `=`, `+`, `-`, `@`, tab or carriage return taken off, so an
    /// exported `'-3 days` reads back as `-3 days`.
    pub fn cell(&self, i: usize) -> &str {
        let cell = self.cells.get(i).map_or("", |c| c.trim());
        match cell.strip_prefix('\'') {
            Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
            _ => cell,
        }
    }
}

/// Comma, unless the first line has tabs (or semicolons) and no commas.
fn delimiter(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or_default();
    if first.contains(',') {
        b','
    } else if first.contains('\t') {
        b'\t'
    } else if first.contains(';') {
        b';'
    } else {
        b','
    }
}

/// Reads `text` as CSV.
///
/// # Errors
/// Every problem with the file's shape: empty, a header without rows,
/// empty or repeated headers, rows with too many cells, broken quoting.
pub fn read(text: &str) -> Result<(Table, Vec<Problem>), Vec<Problem>> {
    let delimiter = delimiter(text);
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut header: Option<(u64, Vec<String>)> = None;
    let (mut rows, mut errors, mut warnings) = (Vec::new(), Vec::new(), Vec::new());
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let at = e.position().map_or(line, csv::Position::line);
                errors.push(Problem::file(at, format!("the CSV cannot be read here: {}", csv_reason(&e))));
                break;
            }
        }
        let line = record.position().map_or(line, |p| start_line(text.as_bytes(), p));
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        match &header {
            None => header = Some((line, record.iter().map(|h| h.trim().to_string()).collect())),
            Some((_, h)) => {
                if let Some(row) = shape_row(&record, h, line, &mut errors, &mut warnings) {
                    rows.push(row);
                }
            }
        }
    }
    if let Some(last) = rows.last().filter(|_| unclosed_quote(text)) {
        errors.push(Problem::file(
            last.line,
            "a quoted cell that starts in this row is never closed (a `\"` is missing), so it runs to the end of the file"
                .into(),
        ));
    }
    let Some((header_line, headers)) = header else {
        return Err(vec![Problem::file(1, "the file is empty: there is no header and no row".into())]);
    };
    let headers = named_headers(headers);
    check_headers(&headers, header_line, &mut errors);
    if rows.is_empty() && errors.is_empty() {
        errors.push(Problem::file(header_line, "the file has a header but no rows".into()));
    }
    if errors.is_empty() { Ok((Table { headers, header_line, delimiter, rows }, warnings)) } else { Err(errors) }
}

/// The line a record starts on: the reader counts the blank lines before a
/// record as part of it, so they are skipped here.
fn start_line(text: &[u8], pos: &csv::Position) -> u64 {
    let from = usize::try_from(pos.byte()).unwrap_or(usize::MAX);
    let blank = text.get(from..).unwrap_or_default().iter().take_while(|b| matches!(b, b'\n' | b'\r'));
    pos.line() + blank.filter(|b| **b == b'\n').count() as u64
}

/// Whether a quote is never closed (so the last row swallowed the rest of
/// the file): quotes come in pairs in a well-formed file, escaped ones too.
fn unclosed_quote(text: &str) -> bool {
    text.bytes().filter(|b| *b == b'"').count() % 2 == 1
}

fn csv_reason(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "the text is not valid UTF-8".into(),
        csv::ErrorKind::Io(io) => io.to_string(),
        _ => e.to_string(),
    }
}

fn check_headers(headers: &[String], line: u64, errors: &mut Vec<Problem>) {
    for (i, h) in headers.iter().enumerate() {
        let lower = h.to_lowercase();
        if h.is_empty() {
            errors.push(Problem::at(line, i, h, "has no header; every column needs a name".into()));
        } else if let Some(first) = headers[..i].iter().position(|x| x.to_lowercase() == lower) {
            errors.push(Problem::at(line, i, h, format!("repeats the header of column {}", first + 1)));
        }
    }
}

/// The header without the empty names a spreadsheet leaves after the last
/// column (`a,b,,`).
fn named_headers(mut headers: Vec<String>) -> Vec<String> {
    while headers.last().is_some_and(String::is_empty) {
        headers.pop();
    }
    headers
}

fn shape_row(
    record: &csv::StringRecord,
    header: &[String],
    line: u64,
    errors: &mut Vec<Problem>,
    warnings: &mut Vec<Problem>,
) -> Option<Record> {
    let width = named_headers(header.to_vec()).len();
    let mut cells: Vec<String> = record.iter().map(str::to_string).collect();
    if cells.len() > header.len().max(width) {
        errors.push(Problem::file(
            line,
            format!(
                "the row has {} cells but the header has {width} columns; a cell with a comma must be quoted",
                cells.len()
            ),
        ));
        return None;
    }
    if cells.len() > width {
        let extra = cells[width..].iter().position(|c| !c.trim().is_empty());
        if let Some(k) = extra {
            let col = width + k + 1;
            errors.push(Problem::file(
                line,
                format!(
                    "the row has {} cells but the header has {width} columns (column {col} holds `{}`); \
                     a cell with a comma must be quoted",
                    cells.len(),
                    truncate(cells[width + k].trim(), 40)
                ),
            ));
            return None;
        }
        cells.truncate(width);
    } else if cells.len() < width {
        warnings.push(Problem::file(
            line,
            format!("the row has {} of {width} cells; the missing ones are read as empty", cells.len()),
        ));
        cells.resize(width, String::new());
    }
    Some(Record { line, cells })
}

/// The first `max` characters of `s`, with `…` when cut.
pub fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max { s.to_string() } else { s.chars().take(max).chain(['…']).collect() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(t: &Table) -> Vec<u64> {
        t.rows.iter().map(|r| r.line).collect()
    }

    #[test]
    fn quoted_newlines_shift_later_lines_and_blank_lines_are_skipped() {
        let text = "a,b\n1,\"two\nlines, and a comma\"\n\n3,4\r\n,\n5,6\n";
        let (t, warnings) = read(text).unwrap();
        assert_eq!(lines(&t), vec![2, 5, 7]);
        assert_eq!(t.rows[0].cells[1], "two\nlines, and a comma");
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn cells_escaped_against_formulas_read_back_as_written() {
        let r =
            Record { line: 2, cells: ["'=1+2", " '-3 days ", "'@home", "'quoted'", "''=x"].map(String::from).into() };
        let cells: Vec<&str> = (0..6).map(|i| r.cell(i)).collect();
        assert_eq!(cells, vec!["=1+2", "-3 days", "@home", "'quoted'", "''=x", ""]);
    }

    #[test]
    fn short_rows_are_padded_and_long_rows_refused() {
        let (t, warnings) = read("a,b,c,,\n1\n2,3,4,,\n").unwrap();
        assert_eq!(t.headers, vec!["a", "b", "c"]);
        assert_eq!(t.rows[0].cells, vec!["1", "", ""]);
        assert_eq!(t.rows[1].cells.len(), 3);
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].to_string().starts_with("line 2:"), "{}", warnings[0]);

        let errs = read("a,b\n1,2\n3,4,5\n").unwrap_err();
        assert_eq!(
            errs[0].to_string(),
            "line 3: the row has 3 cells but the header has 2 columns; a cell with a comma must be quoted"
        );
        let errs = read("a,b,\n1,2,x\n").unwrap_err();
        assert!(errs[0].to_string().contains("column 3 holds `x`"), "{}", errs[0]);
        assert!(read("a,b\n3,4,\n").is_err(), "a shifted row is refused even when its last cell is empty");
    }

    #[test]
    fn empty_files_and_lone_headers_are_errors() {
        assert_eq!(read("").unwrap_err()[0].to_string(), "line 1: the file is empty: there is no header and no row");
        assert_eq!(read("\n\n").unwrap_err()[0].line, 1);
        assert_eq!(read("a,b\n").unwrap_err()[0].to_string(), "line 1: the file has a header but no rows");
    }

    #[test]
    fn headers_must_be_named_once() {
        let errs = read("a,,A\n1,2,3\n").unwrap_err();
        let text: Vec<String> = errs.iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            vec![
                "line 1, column 2 ``: has no header; every column needs a name",
                "line 1, column 3 `A`: repeats the header of column 1"
            ]
        );
    }

    #[test]
    fn an_unclosed_quote_is_named() {
        let errs = read("a,b,c\n1,2,3\n3,\"four\n5,6\n7,8\n").unwrap_err();
        assert!(errs[0].to_string().starts_with("line 3: a quoted cell"), "{}", errs[0]);
        assert!(read("a,b\n1,\"x\ny\"\n").is_ok());
    }

    #[test]
    fn tabs_and_semicolons_are_detected() {
        assert_eq!(read("a\tb\n1\t2\n").unwrap().0.delimiter, b'\t');
        assert_eq!(read("a;b\n1;2\n").unwrap().0.rows[0].cells, vec!["1", "2"]);
    }
}
