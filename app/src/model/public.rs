//! Read models of the public home and the agency scorecards.

use super::{AgencyRef, Count, Dashboard, MatterRef};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How one agency (with its components) has answered the requests the
/// viewer may see, from the deadlines the engine stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scorecard {
    pub agency: AgencyRef,
    pub parent: Option<AgencyRef>,
    /// FOIA requests against the agency or its components.
    pub requests: u64,
    /// Statutory response deadlines (request and appeal) whose day has come
    /// or that were answered.
    pub responses_due: u64,
    /// Of those, answered on or before the due date.
    pub on_time: u64,
    /// Business days late of each late response (answered late, or still
    /// unanswered as of today), smallest first.
    pub days_late: Vec<i64>,
    /// Agency-owed deadlines past due with nothing recorded to meet them.
    pub overdue: u64,
    /// Lawsuits against the agency or enforcing a request to it.
    pub lawsuits: u64,
}

impl Scorecard {
    /// The share answered within the statutory time, in whole percent.
    pub fn on_time_percent(&self) -> Option<u64> {
        (self.responses_due > 0).then(|| (self.on_time * 100 + self.responses_due / 2) / self.responses_due)
    }

    /// The median business days late among late responses.
    pub fn median_days_late(&self) -> Option<f64> {
        median(&self.days_late)
    }

    /// The most business days late of any response.
    pub fn worst_days_late(&self) -> Option<i64> {
        self.days_late.last().copied()
    }
}

/// The median of sorted numbers.
fn median(sorted: &[i64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2] as f64),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) as f64 / 2.0),
    }
}

/// One quarter of an agency's statutory responses, grouped by the quarter
/// they were due in: how many came due, how many were on time, and how
/// late the late ones were (still-unanswered ones counted to today).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LatePeriod {
    /// Such as "2025 Q1".
    pub label: String,
    /// The first day of the quarter.
    pub start: NaiveDate,
    pub responses_due: u64,
    pub on_time: u64,
    /// Business days late of each late response, smallest first.
    pub days_late: Vec<i64>,
    /// Late responses with no answer recorded yet.
    pub unanswered: u64,
    /// The first [`LATE_MATTERS_LISTED`] (by title) of the matters with a
    /// late response due this quarter.
    pub matters: Vec<MatterRef>,
    /// How many matters had a late response due this quarter.
    pub late_matters: u64,
}

/// How many of a quarter's matters with a late response its row names.
pub const LATE_MATTERS_LISTED: usize = 5;

impl LatePeriod {
    /// The median business days late among the quarter's late responses.
    pub fn median_days_late(&self) -> Option<f64> {
        median(&self.days_late)
    }

    /// The most business days late of any of the quarter's responses.
    pub fn worst_days_late(&self) -> Option<i64> {
        self.days_late.last().copied()
    }
}

/// One agency's scorecard (none without visible requests) and its days
/// late over time, oldest quarter first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyScorecard {
    pub card: Option<Scorecard>,
    pub periods: Vec<LatePeriod>,
}

/// A public event of a published matter, for the public home.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicEvent {
    pub date: NaiveDate,
    pub title: String,
    pub matter_slug: String,
    pub matter_title: String,
}

/// The public home: what anyone may see, the same for everyone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicHome {
    pub today: NaiveDate,
    /// The statement of purpose an admin sets.
    pub purpose: String,
    pub total_matters: u64,
    pub by_kind: Vec<Count>,
    pub by_status: Vec<Count>,
    pub latest: Vec<PublicEvent>,
    pub scorecards: Vec<Scorecard>,
    /// Whether the viewer is an admin (and so sees the form to edit the purpose).
    pub may_edit_purpose: bool,
}

/// What `/` shows: the dashboard to a signed-in user, else the public home.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[allow(clippy::large_enum_variant)]
pub enum Home {
    Dashboard(Dashboard),
    Public(PublicHome),
}
