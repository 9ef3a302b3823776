//! The per-process context handed to every server function and page render.

use crate::error::{AppError, AppResult};
use chrono::{NaiveDate, Utc};
use leptos::prelude::use_context;
use sea_orm::DatabaseConnection;

/// Shared state: the database pool and the clock.
#[derive(Clone, Debug)]
pub struct AppContext {
    pub db: DatabaseConnection,
    /// When set, the date the app treats as today (demo snapshots, tests).
    pub today_override: Option<NaiveDate>,
}

impl AppContext {
    /// Wraps a connection, using the real date.
    pub fn new(db: DatabaseConnection) -> Self {
        AppContext { db, today_override: None }
    }

    /// Today's date for legal purposes (a deadline is a day, not an instant).
    pub fn today(&self) -> NaiveDate {
        self.today_override.unwrap_or_else(|| Utc::now().date_naive())
    }
}

/// The context provided by the server to this render or server function.
///
/// # Errors
/// `Internal` if the server did not provide one (a wiring bug).
pub fn ctx() -> AppResult<AppContext> {
    use_context::<AppContext>().ok_or_else(|| {
        tracing::error!("AppContext missing from the Leptos context");
        AppError::Internal
    })
}
