//! Column mappings: which column of a CSV file holds which field, and how
//! its dates are written. Docket ships two (`foia-log` for published agency
//! FOIA logs, `matters` for its own matter lists); an organisation can store
//! more (`import_mappings`), each naming columns explicitly and, unless told
//! not to, recognising the usual headers for the rest.

mod field;
mod synonyms;

pub use field::Field;

pub use synonyms::{examples, normalise, recognise, recognise_for};

use super::{Problem, dates::DateFormat};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What each row of the file becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// One FOIA request per row (a published agency FOIA log).
    FoiaLog,
    /// One matter of any kind per row (Docket's own CSV).
    Matters,
    /// One event per row, of a matter already in Docket (Docket's events CSV).
    Events,
    /// One court-ordered deadline per row, of a matter already in Docket
    /// (Docket's deadlines CSV; computed deadlines are derived again).
    Deadlines,
}

impl Target {
    /// The stable code (`foia_log`, `matters`).
    pub fn code(self) -> &'static str {
        match self {
            Target::FoiaLog => "foia_log",
            Target::Matters => "matters",
            Target::Events => "events",
            Target::Deadlines => "deadlines",
        }
    }

    /// Every target, as the mapping editor offers them.
    pub const ALL: [Target; 4] = [Target::FoiaLog, Target::Matters, Target::Events, Target::Deadlines];

    /// The target whose code is `code`.
    pub fn parse(code: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.code() == code)
    }

    /// Whether rows add to matters already in Docket (events, deadlines)
    /// rather than stand for matters.
    pub fn is_timeline(self) -> bool {
        matches!(self, Target::Events | Target::Deadlines)
    }

    /// What each row becomes, in words.
    pub fn label(self) -> &'static str {
        match self {
            Target::FoiaLog => "a FOIA request of the agency (a published FOIA log)",
            Target::Matters => "a matter of any kind (Docket's own matters CSV)",
            Target::Events => "an event of a matter already in Docket (Docket's own events CSV)",
            Target::Deadlines => "a court-ordered deadline of a matter already in Docket (Docket's own deadlines CSV)",
        }
    }
}

/// A column mapping, as stored (JSON) in `import_mappings.mapping`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    pub target: Target,
    /// Header (matched case-insensitively) to field.
    #[serde(default)]
    pub columns: BTreeMap<String, Field>,
    /// The format of every date column; detected per column when absent.
    #[serde(default)]
    pub date_format: Option<DateFormat>,
    /// Recognise the usual headers of columns not named in `columns`.
    #[serde(default = "yes")]
    pub recognise: bool,
    /// Abbreviation or slug of the agency of rows that name none.
    #[serde(default)]
    pub agency: Option<String>,
}

fn yes() -> bool {
    true
}

/// The built-in mapping `name` (`foia-log`, `matters`, `events` or `deadlines`).
pub fn builtin(name: &str) -> Option<Mapping> {
    let target = match name {
        "foia-log" => Target::FoiaLog,
        "matters" => Target::Matters,
        "events" => Target::Events,
        "deadlines" => Target::Deadlines,
        _ => return None,
    };
    Some(Mapping { target, columns: BTreeMap::new(), date_format: None, recognise: true, agency: None })
}

/// The names of the built-in mappings.
pub const BUILTIN: [&str; 4] = ["foia-log", "matters", "events", "deadlines"];

/// Fields a row of `target` cannot do without.
pub fn required(target: Target) -> &'static [Field] {
    match target {
        Target::FoiaLog => &[Field::TrackingNumber, Field::ReceivedDate],
        Target::Matters => &[Field::Kind, Field::Title],
        Target::Events => &[Field::EventDate, Field::EventKind],
        Target::Deadlines => &[Field::Title, Field::DueDate],
    }
}

/// Which field each column of a file holds (`None`: not imported).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    pub fields: Vec<Option<Field>>,
}

impl Columns {
    /// The column holding `field`.
    pub fn of(&self, field: Field) -> Option<usize> {
        self.fields.iter().position(|f| *f == Some(field))
    }
}

/// Matches `headers` (line 1 of the file) against `mapping`.
///
/// # Errors
/// Every problem: a header the mapping names that is not in the file
/// (unless it names it only to ignore it), two
/// columns for one field, a required field without a column.
pub fn resolve(mapping: &Mapping, headers: &[String], line: u64) -> Result<(Columns, Vec<Problem>), Vec<Problem>> {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let named: BTreeMap<String, Field> = mapping.columns.iter().map(|(h, f)| (normalise(h), *f)).collect();
    let absent = |h: &&String| !headers.iter().any(|x| normalise(x) == normalise(h));
    for (h, _) in mapping.columns.iter().filter(|(h, f)| **f != Field::Ignore && absent(h)) {
        errors.push(Problem::file(line, format!("the mapping names a column `{h}` that the file does not have")));
    }
    let mut fields = Vec::with_capacity(headers.len());
    for (i, h) in headers.iter().enumerate() {
        let field = named
            .get(&normalise(h))
            .copied()
            .or_else(|| mapping.recognise.then(|| recognise_for(mapping.target, h)).flatten());
        match field {
            Some(f) if f != Field::Ignore => {
                if let Some(first) = fields.iter().position(|x| *x == Some(f)) {
                    if let Some(keep_new) = own_name(&named, f, &headers[first], h) {
                        let (lost, kept) = if keep_new { (first, i) } else { (i, first) };
                        warnings.push(Problem::at(
                            line,
                            lost,
                            &headers[lost],
                            format!("is not imported: column {} `{}` holds `{}`", kept + 1, headers[kept], f.code()),
                        ));
                        fields.push(keep_new.then_some(f));
                        if keep_new {
                            fields[first] = None;
                        }
                        continue;
                    }
                    errors.push(Problem::at(
                        line,
                        i,
                        h,
                        format!(
                            "also holds `{}`, like column {} `{}`; map one of them to `ignore`",
                            f.code(),
                            first + 1,
                            headers[first]
                        ),
                    ));
                }
                fields.push(Some(f));
            }
            Some(_) => fields.push(None),
            None => {
                if !h.trim().is_empty() {
                    warnings.push(Problem::at(line, i, h, "is not a column Docket knows; it is not imported".into()));
                }
                fields.push(None);
            }
        }
    }
    let columns = Columns { fields };
    for f in required(mapping.target).iter().filter(|f| columns.of(**f).is_none()) {
        errors.push(Problem::file(line, missing_column(*f)));
    }
    if errors.is_empty() { Ok((columns, warnings)) } else { Err(errors) }
}

/// When two columns look like field `f` and only one is named exactly by
/// the field's code (`agency` beside `agency_name`, as in Docket's own
/// export), that one holds it: `Some(true)` when it is `second`. `None` when the
/// mapping names either column, or neither or both are so named.
fn own_name(named: &BTreeMap<String, Field>, f: Field, first: &str, second: &str) -> Option<bool> {
    if named.contains_key(&normalise(first)) || named.contains_key(&normalise(second)) {
        return None;
    }
    let own = |h: &str| h.trim().eq_ignore_ascii_case(&f.code());
    match (own(first), own(second)) {
        (true, false) => Some(false),
        (false, true) => Some(true),
        _ => None,
    }
}

fn missing_column(f: Field) -> String {
    format!(
        "no column holds `{}` (headers such as {})",
        f.code(),
        examples(f).iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usual_foia_log_headers_are_recognised_in_any_case() {
        for (header, field) in [
            ("Request Number", Field::TrackingNumber),
            ("FOIA Request No.", Field::TrackingNumber),
            ("Request #", Field::TrackingNumber),
            ("TRACKING NUMBER", Field::TrackingNumber),
            ("Date Received", Field::ReceivedDate),
            ("received_date", Field::ReceivedDate),
            ("Requester Name", Field::Requester),
            ("Requester Organization", Field::RequesterOrganization),
            ("Organisation", Field::RequesterOrganization),
            ("Subject", Field::Summary),
            ("Request Description", Field::Summary),
            ("Component", Field::Component),
            ("Office", Field::Component),
            ("Date Closed", Field::ClosedDate),
            ("Final Disposition", Field::Disposition),
            ("Processing Track", Field::Track),
        ] {
            assert_eq!(recognise(header), Some(field), "{header}");
        }
        assert_eq!(recognise("Fee Amount"), None);
        assert_eq!(recognise(""), None);
    }

    fn headers(h: &[&str]) -> Vec<String> {
        h.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn resolve_names_missing_and_doubled_columns() {
        let log = builtin("foia-log").unwrap();
        let (cols, warnings) = resolve(&log, &headers(&["Request Number", "Date Received", "Fee"]), 1).unwrap();
        assert_eq!(cols.of(Field::ReceivedDate), Some(1));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].to_string().contains("column 3 `Fee`"), "{}", warnings[0]);

        let errs = resolve(&log, &headers(&["Subject"]), 1).unwrap_err();
        let text: Vec<String> = errs.iter().map(ToString::to_string).collect();
        assert!(text.iter().any(|e| e.contains("`tracking_number`")), "{text:?}");
        assert!(text.iter().any(|e| e.contains("`received_date`")), "{text:?}");

        let errs = resolve(&log, &headers(&["Request Number", "Date Received", "Received Date"]), 1).unwrap_err();
        assert!(errs[0].to_string().contains("column 3 `Received Date`"), "{}", errs[0]);

        let matters = builtin("matters").unwrap();
        for h in [["kind", "title", "agency_name", "agency"], ["kind", "title", "agency", "agency_name"]] {
            let (cols, warnings) = resolve(&matters, &headers(&h), 1).unwrap();
            let at = h.iter().position(|x| *x == "agency").unwrap();
            assert_eq!(cols.of(Field::Agency), Some(at), "Docket's own name wins: {h:?}");
            assert!(warnings[0].to_string().contains("`agency_name`: is not imported"), "{}", warnings[0]);
        }
    }

    #[test]
    fn a_stored_mapping_names_columns_and_can_ignore_some() {
        let json = r#"{"target":"foia_log","columns":{"Ref":"tracking_number","In":"received_date","Received":"ignore"},"date_format":"us"}"#;
        let m: Mapping = serde_json::from_str(json).unwrap();
        assert!(m.recognise);
        let (cols, _) = resolve(&m, &headers(&["ref", "IN", "Received"]), 1).unwrap();
        assert_eq!(cols.fields, vec![Some(Field::TrackingNumber), Some(Field::ReceivedDate), None]);
        let errs = resolve(&m, &headers(&["Ref", "Date"]), 1).unwrap_err();
        assert!(errs.iter().any(|e| e.to_string().contains("`In`")), "{errs:?}");
        assert!(
            !errs.iter().any(|e| e.to_string().contains("`Received`")),
            "an ignored column may be absent: {errs:?}"
        );
        let (cols, _) = resolve(&m, &headers(&["Ref", "In"]), 1).unwrap();
        assert_eq!(cols.fields, vec![Some(Field::TrackingNumber), Some(Field::ReceivedDate)]);
    }
}
