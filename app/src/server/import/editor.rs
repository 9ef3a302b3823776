//! The mapping editor's pure part: each column of a file with a sample
//! value, the field a mapping gives it and the date format its values
//! look like ([`draft`]); the mapping the user chose, checked column by
//! column ([`build`]); and whether a stored mapping was made for files laid
//! out like this one ([`fits`]), which is how a mapping is remembered for
//! its source.

use super::{
    Problem,
    dates::{self, DateFormat},
    decode,
    mapping::{self, Field, Mapping, Target, normalise, required},
    table,
};
use std::collections::{BTreeMap, BTreeSet};

/// One column of the file as the editor shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftColumn {
    /// 1-based.
    pub number: usize,
    pub header: String,
    /// The first non-empty value of the column (shortened).
    pub sample: String,
    /// The field the mapping gives the column (`None`: not imported).
    pub field: Option<Field>,
    /// The date format the column's values look like, if they look like dates.
    pub detected: Option<DateFormat>,
}

/// A file's columns, prefilled from a mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub target: Target,
    pub date_format: Option<DateFormat>,
    pub columns: Vec<DraftColumn>,
}

impl Draft {
    /// The headers, in the file's order.
    pub fn headers(&self) -> Vec<String> {
        self.columns.iter().map(|c| c.header.clone()).collect()
    }
}

/// Reads the header and the rows of `bytes` and gives each column the field
/// `mapping` would: the resolved columns when the mapping fits the file,
/// else each column its named or recognised field, first come first served.
///
/// # Errors
/// The problems with the file's shape (no header, broken quoting, …).
pub fn draft(bytes: &[u8], mapping: &Mapping) -> Result<Draft, Vec<Problem>> {
    let (text, _) = decode::decode(bytes);
    let (table, _) = table::read(&text)?;
    let fields = match mapping::resolve(mapping, &table.headers, table.header_line) {
        Ok((columns, _)) => columns.fields,
        Err(_) => lenient(mapping, &table.headers),
    };
    let columns = table
        .headers
        .iter()
        .zip(fields)
        .enumerate()
        .map(|(i, (header, field))| {
            let values = || table.rows.iter().map(move |r| r.cell(i));
            let detected =
                dates::detect(values()).filter(|f| *f != DateFormat::Serial || field.is_some_and(Field::is_date));
            let sample = values().find(|v| !v.is_empty()).map(|v| table::truncate(v, 60)).unwrap_or_default();
            DraftColumn { number: i + 1, header: header.clone(), sample, field, detected }
        })
        .collect();
    Ok(Draft { target: mapping.target, date_format: mapping.date_format, columns })
}

/// The headers of `bytes`.
///
/// # Errors
/// The problems with the file's shape.
pub fn headers(bytes: &[u8]) -> Result<Vec<String>, Vec<Problem>> {
    let (text, _) = decode::decode(bytes);
    Ok(table::read(&text)?.0.headers)
}

fn lenient(mapping: &Mapping, headers: &[String]) -> Vec<Option<Field>> {
    let named: BTreeMap<String, Field> = mapping.columns.iter().map(|(h, f)| (normalise(h), *f)).collect();
    let mut taken = BTreeSet::new();
    headers
        .iter()
        .map(|h| {
            let f = named
                .get(&normalise(h))
                .copied()
                .or_else(|| mapping.recognise.then(|| mapping::recognise_for(mapping.target, h)).flatten());
            f.filter(|f| *f != Field::Ignore && taken.insert(*f))
        })
        .collect()
}

/// A column as named in messages: ``column 3 `Subject` ``.
fn column(number: usize, header: &str) -> String {
    format!("column {number} `{}`", header.replace(['\n', '\r'], " "))
}

/// The mapping of `headers` the user chose (`choices[i]` for column i,
/// `None`: not imported). Every column is named, those not imported as
/// `ignore`, so the mapping also says which layout of file it was made for.
///
/// # Errors
/// One message per problem: a field chosen for two columns (naming the
/// field and both columns), a field the target needs chosen for none.
pub fn build(
    target: Target,
    headers: &[String],
    choices: &[Option<Field>],
    date_format: Option<DateFormat>,
    agency: Option<String>,
) -> Result<Mapping, Vec<String>> {
    let mut errors = Vec::new();
    let mut first: BTreeMap<Field, usize> = BTreeMap::new();
    for (i, f) in choices.iter().enumerate() {
        let Some(f) = f.filter(|f| *f != Field::Ignore) else { continue };
        if let Some(&j) = first.get(&f) {
            errors.push(format!(
                "`{}` is chosen for two columns, {} and {}: choose it for one only",
                f.code(),
                column(j + 1, &headers[j]),
                column(i + 1, &headers[i])
            ));
        } else {
            first.insert(f, i);
        }
    }
    for f in required(target).iter().filter(|f| !first.contains_key(f)) {
        errors.push(format!(
            "`{}` ({}) is required for {}: choose the column that holds it",
            f.code(),
            f.label().to_lowercase(),
            match target {
                Target::FoiaLog => "a FOIA log",
                Target::Matters => "matters",
                Target::Events => "events",
                Target::Deadlines => "court-ordered deadlines",
            }
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let columns = headers
        .iter()
        .zip(choices)
        .filter(|(h, _)| !h.trim().is_empty())
        .map(|(h, f)| (h.clone(), f.unwrap_or(Field::Ignore)))
        .collect();
    Ok(Mapping { target, columns, date_format, recognise: true, agency })
}

/// Whether `mapping` names exactly the columns of `headers` (the editor's
/// mappings name every column): a file from the same source.
pub fn fits(mapping: &Mapping, headers: &[String]) -> bool {
    let named: BTreeSet<String> = mapping.columns.keys().map(|h| normalise(h)).collect();
    let file: BTreeSet<String> = headers.iter().filter(|h| !h.trim().is_empty()).map(|h| normalise(h)).collect();
    !named.is_empty() && named == file
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &[u8] = b"Ref,In,Outcome,Notes,Date Closed\nX-1,12/01/2025,Full Grant,,01/05/2026\nX-2,,,call,\n";

    fn log() -> Mapping {
        mapping::builtin("foia-log").unwrap()
    }

    #[test]
    fn a_draft_shows_samples_recognised_fields_and_date_shapes() {
        let d = draft(FILE, &log()).unwrap();
        let cols: Vec<_> = d.columns.iter().map(|c| (c.header.as_str(), c.sample.as_str(), c.field)).collect();
        assert_eq!(
            cols,
            [
                ("Ref", "X-1", None),
                ("In", "12/01/2025", None),
                ("Outcome", "Full Grant", Some(Field::Disposition)),
                ("Notes", "call", None),
                ("Date Closed", "01/05/2026", Some(Field::ClosedDate)),
            ]
        );
        assert_eq!(d.columns[1].detected, Some(DateFormat::Us));
        assert_eq!(d.columns[0].detected, None);
        assert!(draft(b"", &log()).is_err());
    }

    fn headers() -> Vec<String> {
        ["Ref", "In", "Outcome", "Notes", "Date Closed"].map(String::from).to_vec()
    }

    #[test]
    fn build_names_doubled_and_missing_fields_and_their_columns() {
        use Field::*;
        let doubled = [Some(TrackingNumber), Some(ClosedDate), Some(Disposition), None, Some(ClosedDate)];
        let errs = build(Target::FoiaLog, &headers(), &doubled, None, None).unwrap_err();
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(errs[0].contains("`closed_date` is chosen for two columns, column 2 `In` and column 5 `Date Closed`"));
        assert!(errs[1].contains("`received_date`") && errs[1].contains("required for a FOIA log"), "{errs:?}");

        let good = [Some(TrackingNumber), Some(ReceivedDate), Some(Disposition), None, Some(ClosedDate)];
        let m = build(Target::FoiaLog, &headers(), &good, Some(DateFormat::Us), Some("CBP".into())).unwrap();
        assert_eq!(m.columns.get("Notes"), Some(&Ignore));
        let (cols, warnings) = mapping::resolve(&m, &headers(), 1).unwrap();
        assert_eq!(cols.fields, good.map(|f| f.filter(|f| *f != Ignore)).to_vec());
        assert!(warnings.is_empty(), "{warnings:?}");
        assert!(fits(&m, &["ref", "IN", "outcome", "notes", "date closed"].map(String::from)));
        assert!(!fits(&m, &headers()[..4]));
        assert!(!fits(&log(), &headers()));
    }
}
