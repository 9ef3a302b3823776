//! The public home: the statement of purpose, the published portfolio by
//! kind and status, the latest public events and the agency scorecards.
//! The same for everyone who opens it.

use super::rows::published;
use crate::{
    error::AppResult,
    model::{PublicEvent, PublicHome},
    server::{public_api::open_web::recent_events, repo::dashboard::tally, services::site_settings},
};
use chrono::NaiveDate;
use sea_orm::ConnectionTrait;

/// How many recent events the home lists.
pub const LATEST_EVENTS: u64 = 10;

/// The public home; `may_edit_purpose` says whether to offer the form.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn public_home(db: &impl ConnectionTrait, today: NaiveDate, may_edit_purpose: bool) -> AppResult<PublicHome> {
    let tally = tally(db, published()).await?;
    let latest = recent_events(db, LATEST_EVENTS)
        .await?
        .into_iter()
        .map(|e| PublicEvent { date: e.date, title: e.title, matter_slug: e.matter_slug, matter_title: e.matter_title })
        .collect();
    Ok(PublicHome {
        today,
        purpose: site_settings::purpose(db).await?,
        total_matters: tally.total,
        by_kind: tally.by_kind,
        by_status: tally.by_status,
        latest,
        scorecards: super::scorecards(db, today).await?,
        may_edit_purpose,
    })
}
