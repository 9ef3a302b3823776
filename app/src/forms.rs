//! What people type to create and change matters and log events, and the
//! checks on it. Pure (no I/O): the server decides with these checks and the
//! browser can run the same ones before sending. Every problem names the
//! field it belongs to, so a form can show it next to that field.

pub mod event;
mod matter;

pub use event::{EventForm, ValidEvent};
pub use matter::{FeeCategory, MatterForm, ValidMatter};

use crate::error::AppError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One problem with one field of a form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldIssue {
    pub field: String,
    pub message: String,
}

/// Collects the problems of one form as it is checked.
#[derive(Debug, Default)]
pub struct Issues(Vec<FieldIssue>);

impl Issues {
    /// Records a problem with `field`.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldIssue { field: field.into(), message: message.into() });
    }

    /// Whether `field` already has a problem.
    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|i| i.field == field)
    }

    /// A required text: trimmed, not empty, at most `max` characters.
    pub fn text(&mut self, field: &str, value: &str, required: bool, max: usize) -> String {
        let value = value.trim();
        if required && value.is_empty() {
            self.add(field, "is required");
        } else if value.chars().count() > max {
            self.add(field, format!("is too long (at most {max} characters)"));
        }
        value.to_string()
    }

    /// An optional date written `YYYY-MM-DD`, not after `today`.
    pub fn past_date(&mut self, field: &str, value: &str, today: NaiveDate) -> Option<NaiveDate> {
        let date = self.date(field, value)?;
        if date > today {
            self.add(field, format!("{date} is in the future; record events once they have happened"));
        }
        Some(date)
    }

    /// An optional date written `YYYY-MM-DD`.
    pub fn date(&mut self, field: &str, value: &str) -> Option<NaiveDate> {
        let value = value.trim();
        if value.is_empty() {
            return None;
        }
        match NaiveDate::parse_from_str(value, "%Y-%m-%d") {
            Ok(d) if (1990..=2100).contains(&chrono::Datelike::year(&d)) => Some(d),
            Ok(_) => {
                self.add(field, "must be between 1990 and 2100");
                None
            }
            Err(_) => {
                self.add(field, format!("`{value}` is not a date; use a date like 2026-01-23"));
                None
            }
        }
    }

    /// The checked value, or every problem found.
    ///
    /// # Errors
    /// `Validation` for one problem, `Fields` for several.
    pub fn finish<T>(self, value: T) -> Result<T, AppError> {
        match self.0.len() {
            0 => Ok(value),
            1 => {
                let only = self.0.into_iter().next().expect("one issue");
                Err(AppError::Validation { field: only.field, message: only.message })
            }
            _ => Err(AppError::Fields(self.0)),
        }
    }
}

/// A checkbox: present with a value (browsers send "on") means ticked.
pub fn ticked(value: Option<&String>) -> bool {
    value.is_some_and(|v| !v.is_empty() && v != "false")
}
