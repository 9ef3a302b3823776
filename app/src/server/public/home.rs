//! The public home: the statement of purpose, the published portfolio by
//! kind and status, the latest public events and the agency scorecards.
//! The same for everyone who opens it.

use super::rows::published;
use crate::{
    domain::vocab::{MatterKind, MatterStatus},
    error::AppResult,
    model::{PublicEvent, PublicHome},
    server::{entities::matter, public_api::open_web::recent_events, repo::dashboard::counts, services::site_settings},
};
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

/// How many recent events the home lists.
pub const LATEST_EVENTS: u64 = 10;

/// The public home; `may_edit_purpose` says whether to offer the form.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn public_home(db: &impl ConnectionTrait, today: NaiveDate, may_edit_purpose: bool) -> AppResult<PublicHome> {
    let rows: Vec<(String, String)> = matter::Entity::find()
        .select_only()
        .column(matter::Column::Kind)
        .column(matter::Column::Status)
        .filter(published())
        .into_tuple()
        .all(db)
        .await?;
    let kinds = rows.iter().filter_map(|(k, _)| MatterKind::parse(k).ok());
    let statuses = rows.iter().filter_map(|(_, s)| MatterStatus::parse(s).ok());
    let latest = recent_events(db, LATEST_EVENTS)
        .await?
        .into_iter()
        .map(|e| PublicEvent { date: e.date, title: e.title, matter_slug: e.matter_slug, matter_title: e.matter_title })
        .collect();
    Ok(PublicHome {
        today,
        purpose: site_settings::purpose(db).await?,
        total_matters: rows.len() as u64,
        by_kind: counts(MatterKind::ALL, kinds, MatterKind::code, MatterKind::label),
        by_status: counts(MatterStatus::ALL, statuses, MatterStatus::code, MatterStatus::label),
        latest,
        scorecards: super::scorecards(db, today).await?,
        may_edit_purpose,
    })
}
