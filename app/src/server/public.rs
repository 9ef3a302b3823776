//! The public read layer: everything a visitor who is not signed in reads
//! on the public pages (the home, published matter pages, scorecards,
//! theories and provisions).
//!
//! Its functions take no principal: they are public by type. Each reads
//! only published matters (public and approved) and public, undeleted rows
//! of them, and selects the columns of a matter, event, deadline or note
//! into row structs that have only public fields, so a page asking for a
//! private column finds nothing to show. Reference tables (agencies,
//! provisions, theories, the holiday calendar) are public as a whole.
//! [`columns`] lists every column these queries may mention; a test runs
//! each function on both engines and checks the SQL they send against it.
//!
//! A signed-in user's pages keep reading through `repo`, which shows them
//! everything their organisation may see.

pub mod columns;
mod home;
mod matter_page;
mod reference;
pub(crate) mod rows;

pub use home::{LATEST_EVENTS, public_home};
pub use matter_page::matter_page;
pub use reference::{provision_page, theories, theory_page};

use crate::{
    error::AppResult,
    model::{AgencyScorecard, Scorecard},
    server::{auth::Principal, repo::scorecards as cards},
};
use chrono::NaiveDate;
use sea_orm::ConnectionTrait;

/// The scorecard of every agency with published requests, from the public
/// rows of published matters only.
///
/// # Errors
/// `Internal` on a database failure or a bad stored code.
pub async fn scorecards(db: &impl ConnectionTrait, today: NaiveDate) -> AppResult<Vec<Scorecard>> {
    cards::scorecards(db, &Principal::Public, today).await
}

/// One agency's scorecard and its days late by quarter, as the public sees
/// them.
///
/// # Errors
/// `NotFound` for an unknown agency; `Internal` on a database failure.
pub async fn agency_scorecard(db: &impl ConnectionTrait, slug: &str, today: NaiveDate) -> AppResult<AgencyScorecard> {
    cards::agency_scorecard(db, &Principal::Public, slug, today).await
}
