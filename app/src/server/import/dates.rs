//! The date formats of spreadsheets and agency logs: `2025-12-26`,
//! `12/26/2025`, `26-Dec-2025` and spreadsheet serial numbers (days since
//! 1899-12-30, the 1900 date system of Excel and LibreOffice). A mapping
//! names a column's format, or it is detected from the shapes of the
//! column's values; a value of the right shape that is not a calendar day
//! (`2025-02-30`) is an error, never rolled over.

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

/// How a column writes its dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateFormat {
    /// `2025-12-26`
    Iso,
    /// `12/26/2025` (month first, as US agencies write)
    Us,
    /// `26-Dec-2025`
    DayMonthName,
    /// `46017` (spreadsheet serial number)
    Serial,
}

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

impl DateFormat {
    /// Every format, in detection order.
    pub const ALL: [DateFormat; 4] = [DateFormat::Iso, DateFormat::Us, DateFormat::DayMonthName, DateFormat::Serial];

    /// The stable code (`iso`, `us`, `day_month_name`, `serial`).
    pub fn code(self) -> &'static str {
        match self {
            DateFormat::Iso => "iso",
            DateFormat::Us => "us",
            DateFormat::DayMonthName => "day_month_name",
            DateFormat::Serial => "serial",
        }
    }

    /// The date 2025-12-26 written in this format.
    pub fn example(self) -> &'static str {
        match self {
            DateFormat::Iso => "2025-12-26",
            DateFormat::Us => "12/26/2025",
            DateFormat::DayMonthName => "26-Dec-2025",
            DateFormat::Serial => "46017",
        }
    }

    /// Parses a format's code or its pattern (`YYYY-MM-DD`, `MM/DD/YYYY`,
    /// `DD-Mon-YYYY`, `excel`), case-insensitively.
    pub fn parse(name: &str) -> Option<DateFormat> {
        match name.trim().to_ascii_lowercase().as_str() {
            "iso" | "yyyy-mm-dd" | "2025-12-26" => Some(DateFormat::Iso),
            "us" | "mm/dd/yyyy" | "m/d/yyyy" | "12/26/2025" => Some(DateFormat::Us),
            "day_month_name" | "dd-mon-yyyy" | "d-mon-yyyy" | "26-dec-2025" => Some(DateFormat::DayMonthName),
            "serial" | "excel" | "spreadsheet" => Some(DateFormat::Serial),
            _ => None,
        }
    }
}

/// The date part of a value: a trailing time (`2025-12-26 00:00:00`,
/// `12/26/2025 10:31 AM`, `2025-12-26T09:00:00Z`) is dropped.
fn date_part(value: &str) -> &str {
    let v = value.trim();
    let v = v.split_once(char::is_whitespace).map_or(v, |(d, _)| d);
    match v.as_bytes().get(10) {
        Some(b'T') if v.as_bytes().get(4) == Some(&b'-') => &v[..10],
        _ => v,
    }
}

fn digits(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_ascii_lowercase();
    let short = lower.get(..3)?;
    let full_ok = lower.len() == 3 || lower == "sept" || lower.len() >= 3 && full_month(&lower);
    let n = MONTHS.iter().position(|m| *m == short)?;
    full_ok.then(|| u32::try_from(n + 1).unwrap_or(0))
}

fn full_month(lower: &str) -> bool {
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
    .contains(&lower)
}

/// The format a value looks like, if any (its shape only: `2025-02-30`
/// looks ISO even though it is not a day).
pub fn shape(value: &str) -> Option<DateFormat> {
    let v = date_part(value);
    let parts: Vec<&str> = v.split(['-', '/']).collect();
    match parts.as_slice() {
        [y, m, d] if v.contains('-') && digits(y, 4, 4) && digits(m, 1, 2) && digits(d, 1, 2) => Some(DateFormat::Iso),
        [m, d, y] if v.contains('/') && digits(m, 1, 2) && digits(d, 1, 2) && digits(y, 4, 4) => Some(DateFormat::Us),
        [d, mon, y] if v.contains('-') && digits(d, 1, 2) && month_number(mon).is_some() && digits(y, 2, 4) => {
            Some(DateFormat::DayMonthName)
        }
        [n] if serial_shape(n) => Some(DateFormat::Serial),
        _ => None,
    }
}

fn serial_shape(v: &str) -> bool {
    let int = v.split_once('.').map_or(v, |(i, f)| if digits(f, 1, 12) { i } else { "" });
    digits(int, 1, 7)
}

/// Parses `value` written in `format`.
///
/// # Errors
/// A message saying what is wrong, for the caller to place (line, column).
pub fn parse(value: &str, format: DateFormat) -> Result<NaiveDate, String> {
    let v = date_part(value);
    if shape(v) != Some(format) {
        return Err(format!(
            "`{}` is not a date written like {} (this column's format)",
            value.trim(),
            format.example()
        ));
    }
    let parts: Vec<&str> = v.split(['-', '/']).collect();
    let num = |s: &str| s.parse::<u32>().unwrap_or(0);
    let (y, m, d) = match (format, parts.as_slice()) {
        (DateFormat::Iso, [y, m, d]) => (num(y), num(m), num(d)),
        (DateFormat::Us, [m, d, y]) => (num(y), num(m), num(d)),
        (DateFormat::DayMonthName, [d, mon, y]) => (full_year(y), month_number(mon).unwrap_or(0), num(d)),
        _ => return serial(v),
    };
    let year = i32::try_from(y).unwrap_or(0);
    NaiveDate::from_ymd_opt(year, m, d).ok_or_else(|| format!("`{}` is not a calendar date", value.trim()))
}

/// A two-digit year (`26-Dec-25`) is 2000-2068 or 1969-1999, as spreadsheets read it.
fn full_year(y: &str) -> u32 {
    let n = y.parse::<u32>().unwrap_or(0);
    match y.len() {
        2 if n < 69 => 2000 + n,
        2 => 1900 + n,
        _ => n,
    }
}

/// A spreadsheet serial number: days since 1899-12-30 (the fraction is the
/// time of day). Serials before 61 fall before 1900-03-01, where the 1900
/// system counts a day that never was (1900-02-29); they are refused.
fn serial(v: &str) -> Result<NaiveDate, String> {
    let days = v.split('.').next().unwrap_or_default().parse::<i64>().unwrap_or(0);
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default();
    match epoch.checked_add_signed(Duration::days(days)) {
        Some(d) if days >= 61 && d.year() <= 9999 => Ok(d),
        _ => Err(format!("`{v}` is not a spreadsheet date serial between 61 (1900-03-01) and 2958465 (9999-12-31)")),
    }
}

/// The format of a column, from its non-empty values: the shape most values
/// have (ties go to the earlier format in [`DateFormat::ALL`]); `None` when
/// no value looks like a date.
pub fn detect<'a>(values: impl IntoIterator<Item = &'a str>) -> Option<DateFormat> {
    let mut counts = [0usize; 4];
    for v in values.into_iter().filter(|v| !v.trim().is_empty()) {
        if let Some(f) = shape(v) {
            counts[DateFormat::ALL.iter().position(|x| *x == f).unwrap_or(0)] += 1;
        }
    }
    let best = (0..4).rev().max_by_key(|&i| counts[i])?;
    (counts[best] > 0).then_some(DateFormat::ALL[best])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn every_format_reads_the_same_day() {
        for f in DateFormat::ALL {
            assert_eq!(parse(f.example(), f), Ok(day(2025, 12, 26)), "{f:?}");
            assert_eq!(shape(f.example()), Some(f));
        }
        assert_eq!(parse("1/5/2026", DateFormat::Us), Ok(day(2026, 1, 5)));
        assert_eq!(parse("5-jan-26", DateFormat::DayMonthName), Ok(day(2026, 1, 5)));
        assert_eq!(parse("5-September-2026", DateFormat::DayMonthName), Ok(day(2026, 9, 5)));
        assert_eq!(parse("46017.75", DateFormat::Serial), Ok(day(2025, 12, 26)));
    }

    #[test]
    fn times_after_the_date_are_ignored() {
        assert_eq!(parse("2025-12-26 00:00:00", DateFormat::Iso), Ok(day(2025, 12, 26)));
        assert_eq!(parse("2025-12-26T09:30:00Z", DateFormat::Iso), Ok(day(2025, 12, 26)));
        assert_eq!(parse("12/26/2025 10:31 AM", DateFormat::Us), Ok(day(2025, 12, 26)));
    }

    #[test]
    fn impossible_days_are_errors_not_rollovers() {
        assert_eq!(parse("2025-02-30", DateFormat::Iso), Err("`2025-02-30` is not a calendar date".into()));
        assert!(parse("02/29/2025", DateFormat::Us).is_err());
        assert_eq!(parse("02/29/2024", DateFormat::Us), Ok(day(2024, 2, 29)));
        assert!(parse("31-Apr-2025", DateFormat::DayMonthName).is_err());
        assert!(parse("13/01/2025", DateFormat::Us).is_err(), "day-first dates are not US dates");
        assert!(parse("60", DateFormat::Serial).is_err(), "the 1900 leap-day bug");
    }

    #[test]
    fn a_value_of_another_shape_names_the_expected_format() {
        let err = parse("26-Dec-2025", DateFormat::Iso).unwrap_err();
        assert!(err.contains("2025-12-26"), "{err}");
        assert!(parse("soon", DateFormat::Us).is_err());
        assert!(parse("Decc-26-2025", DateFormat::DayMonthName).is_err());
    }

    #[test]
    fn detection_takes_the_majority_shape() {
        assert_eq!(detect(["12/26/2025", "1/2/2026", "", "2025-02-30"]), Some(DateFormat::Us));
        assert_eq!(detect(["2025-12-26", "2025-02-30"]), Some(DateFormat::Iso));
        assert_eq!(detect(["46017", "45000"]), Some(DateFormat::Serial));
        assert_eq!(detect(["26-Dec-2025"]), Some(DateFormat::DayMonthName));
        assert_eq!(detect(["", "n/a"]), None);
    }

    #[test]
    fn format_names_parse() {
        assert_eq!(DateFormat::parse("MM/DD/YYYY"), Some(DateFormat::Us));
        assert_eq!(DateFormat::parse("excel"), Some(DateFormat::Serial));
        for f in DateFormat::ALL {
            assert_eq!(DateFormat::parse(f.code()), Some(f));
        }
        assert_eq!(DateFormat::parse("dd/mm/yyyy"), None);
    }
}
