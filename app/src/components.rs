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

/// A legal date as people read it: "Tue 3 Feb 2026".
pub fn long_date(d: chrono::NaiveDate) -> String {
    d.format("%a %-d %b %Y").to_string()
}
