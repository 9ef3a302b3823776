//! Executive orders that closed federal agencies for a day (REFERENCE.md
//! section 3). Each order placed the day within EO 11582 and 5 U.S.C. 5546 and
//! 6103(b) for pay and leave; none amended the list in 5 U.S.C. 6103(a),
//! which is why their effect on FOIA counting is unsettled.

use chrono::NaiveDate;

use super::Closure;

fn d(s: &str) -> NaiveDate {
    s.parse().expect("valid closure date")
}

fn closure(date: &str, name: &str, source: &str, verification: &str, known_from: &str) -> Closure {
    Closure {
        date: d(date),
        name: name.to_string(),
        source: source.to_string(),
        verification: verification.to_string(),
        known_from: d(known_from),
        scope: None,
    }
}

/// Every executive-order closure of all agencies in REFERENCE.md section 3,
/// with the order, its Federal Register citation and its verification tag.
/// `known_from` is the day the order was signed.
pub fn executive_order_closures() -> Vec<Closure> {
    vec![
        closure(
            "2014-12-26",
            "Executive order closure (day after Christmas)",
            "Executive Order 13682, 79 FR 73457",
            "[V]; signing date 2014-12-05 UNVERIFIED",
            "2014-12-05",
        ),
        closure(
            "2018-12-05",
            "Executive order closure (national day of mourning for President George H.W. Bush)",
            "Executive Order 13852 of 2018-12-01, 83 FR 62687 (2018-12-04)",
            "[V]",
            "2018-12-01",
        ),
        closure(
            "2018-12-24",
            "Executive order closure (Christmas Eve)",
            "Executive Order 13854 of 2018-12-18, 83 FR 65481 (2018-12-21), FR Doc 2018-27945",
            "[V]",
            "2018-12-18",
        ),
        closure(
            "2019-12-24",
            "Executive order closure (Christmas Eve)",
            "Executive Order 13900 of 2019-12-17, 84 FR 69983 (2019-12-20), FR Doc 2019-27678",
            "[V]",
            "2019-12-17",
        ),
        closure(
            "2020-12-24",
            "Executive order closure (Christmas Eve)",
            "Executive Order 13965 of 2020-12-11",
            "[V-2]; FR cite UNVERIFIED",
            "2020-12-11",
        ),
        closure(
            "2024-12-24",
            "Executive order closure (Christmas Eve)",
            "Executive Order 14129 (signed 2024-12-19), 89 FR 104857, FR Doc 2024-31143",
            "[V]",
            "2024-12-19",
        ),
        closure(
            "2025-01-09",
            "Executive order closure (national day of mourning for President Jimmy Carter)",
            "Executive Order 14133 of 2024-12-30, 90 FR 187 (2025-01-03), FR Doc 2024-31766",
            "[V]",
            "2024-12-30",
        ),
        closure(
            "2025-12-24",
            "Executive order closure (Christmas Eve)",
            "Executive Order 14371 of 2025-12-18",
            "[V-2]; FR page UNVERIFIED",
            "2025-12-18",
        ),
        closure(
            "2025-12-26",
            "Executive order closure (day after Christmas)",
            "Executive Order 14371 of 2025-12-18",
            "[V-2]; FR page UNVERIFIED",
            "2025-12-18",
        ),
    ]
}
