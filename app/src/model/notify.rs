//! Notifications: the daily digest of deadlines, as pages show it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One deadline in a digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DigestItem {
    pub matter_slug: String,
    pub matter_title: String,
    pub title: String,
    pub due: NaiveDate,
    /// Whether the agency owes it (late means the agency is late).
    pub owed_by_agency: bool,
    /// Business days from the digest's day to the due date (negative when overdue).
    pub business_days_left: i64,
}

impl DigestItem {
    /// Whether the day has passed.
    pub fn overdue(&self) -> bool {
        self.business_days_left < 0
    }
}

/// A notification shown on `/notifications`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationView {
    pub id: i32,
    pub day: NaiveDate,
    pub subject: String,
    /// The lines it lists: the first of each group.
    pub items: Vec<DigestItem>,
    /// How many were overdue, and due soon, that day (at least as many as
    /// it lists).
    pub overdue_total: u64,
    pub soon_total: u64,
    pub read: bool,
    pub emailed: bool,
}
