//! Reusable views.

pub mod badges;
pub mod cited;
pub mod counts;
pub mod error_view;
pub mod form;
pub mod layout;
pub mod loading;
pub mod meta;
pub mod more;
pub mod scorecards;
pub mod timeline_chart;

/// `n` and the noun, plural unless one: "1 matter", "5 matters", "0 events",
/// "20,232 matters".
pub fn counted(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{} {noun}s", thousands(n as u64)) }
}

/// `n` with its thousands separated by commas, as American legal writing
/// prints counts: "520", "20,232", "1,000,000".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A legal date as people read it: "Tue 3 Feb 2026".
pub fn long_date(d: chrono::NaiveDate) -> String {
    d.format("%a %-d %b %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::{counted, thousands};

    #[test]
    fn one_is_singular_and_the_rest_plural() {
        assert_eq!(counted(1, "matter"), "1 matter");
        assert_eq!(counted(0, "event"), "0 events");
        assert_eq!(counted(12, "court-ordered deadline"), "12 court-ordered deadlines");
        assert_eq!(counted(100_020, "matter"), "100,020 matters");
    }

    #[test]
    fn thousands_are_separated_by_commas() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(20_232), "20,232");
        assert_eq!(thousands(149_965), "149,965");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }
}
