//! Reusable views.

pub mod badges;
pub mod cited;
pub mod counts;
pub mod error_view;
pub mod form;
pub mod layout;
pub mod loading;
pub mod meta;
pub mod scorecards;
pub mod timeline_chart;

/// `n` and the noun, plural unless one: "1 matter", "5 matters", "0 events".
pub fn counted(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

/// A legal date as people read it: "Tue 3 Feb 2026".
pub fn long_date(d: chrono::NaiveDate) -> String {
    d.format("%a %-d %b %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::counted;

    #[test]
    fn one_is_singular_and_the_rest_plural() {
        assert_eq!(counted(1, "matter"), "1 matter");
        assert_eq!(counted(0, "event"), "0 events");
        assert_eq!(counted(12, "court-ordered deadline"), "12 court-ordered deadlines");
    }
}
