//! The portfolio timeline: every open matter the viewer may see on one time
//! axis, grouped by agency or by legal theory.

use super::{Count, MatterRef};
use crate::domain::vocab::DeadlineStatus;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How the timeline groups its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Grouping {
    #[default]
    Agency,
    Theory,
}

impl Grouping {
    /// From the `group` query parameter; anything else is by agency.
    pub fn from_query(value: Option<&str>) -> Grouping {
        if value == Some("theory") { Grouping::Theory } else { Grouping::Agency }
    }

    pub fn code(self) -> &'static str {
        match self {
            Grouping::Agency => "agency",
            Grouping::Theory => "theory",
        }
    }
}

/// A deadline on a row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    pub title: String,
    pub due: NaiveDate,
    pub status: DeadlineStatus,
}

/// One matter on the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    pub matter: MatterRef,
    /// Its first event (or, with none, the day it was created).
    pub opened: NaiveDate,
    pub events: Vec<NaiveDate>,
    pub deadlines: Vec<Mark>,
}

impl Row {
    /// The next open deadline on or after `today`.
    pub fn next(&self, today: NaiveDate) -> Option<&Mark> {
        self.deadlines.iter().filter(|d| d.status == DeadlineStatus::Open && d.due >= today).min_by_key(|d| d.due)
    }

    /// Deadlines passed with nothing recorded to meet them.
    pub fn missed(&self) -> usize {
        self.deadlines.iter().filter(|d| d.status == DeadlineStatus::Missed).count()
    }
}

/// The rows under one agency or theory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    pub label: String,
    /// The agency's or theory's page.
    pub href: Option<String>,
    /// The matters list filtered to the agency or theory.
    pub list: Option<String>,
    /// The longest open first: at most `PORTFOLIO_GROUP_MAX` of `total`.
    pub rows: Vec<Row>,
    pub total: u64,
}

/// The whole timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Portfolio {
    pub today: NaiveDate,
    pub grouping: Grouping,
    /// The span the axis shows; rows are clipped to it.
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub groups: Vec<Group>,
    /// Open matters by agency and by theory (links to the filtered lists).
    pub by_agency: Vec<Count>,
    pub by_theory: Vec<Count>,
}
