//! What the open-web surfaces read: the sitemap's addresses and the Atom
//! feed's latest events. Always as the public (no principal is taken), so
//! only published, approved matters and their public, undeleted events are
//! reachable, through the same policy as every other read here, and only
//! the columns those surfaces print are selected.

use super::{matters::matter_agency, row_visible};
use crate::{
    error::AppResult,
    server::{
        auth::Principal,
        entities::{agency, event, legal_theory, matter, provision},
        policy,
    },
};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, JoinType, QueryFilter, QueryOrder, QuerySelect,
    RelationTrait,
};

/// The most addresses one sitemap file may hold (sitemaps.org).
pub const SITEMAP_MAX_URLS: u64 = 50_000;

/// A published matter's page and when the matter last changed.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct MatterUrl {
    /// The matter's slug: its page is `/matters/{slug}`.
    pub slug: String,
    /// When the matter was last changed.
    pub updated_at: DateTime<Utc>,
}

/// The slugs of every page the sitemap lists, each kind by id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SitemapEntries {
    /// Published matters.
    pub matters: Vec<MatterUrl>,
    /// Agencies and components (reference data, all public).
    pub agencies: Vec<String>,
    /// Legal theories.
    pub theories: Vec<String>,
    /// Provisions.
    pub provisions: Vec<String>,
}

impl SitemapEntries {
    /// How many addresses the entries make.
    pub fn len(&self) -> usize {
        self.matters.len() + self.agencies.len() + self.theories.len() + self.provisions.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The pages of published matters and of the reference data, at most
/// `limit` of each kind.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn sitemap_entries(db: &impl ConnectionTrait, limit: u64) -> AppResult<SitemapEntries> {
    let matters = matter::Entity::find()
        .select_only()
        .columns([matter::Column::Slug, matter::Column::UpdatedAt])
        .filter(policy::visible_matters(&Principal::Public))
        .order_by_asc(matter::Column::Id)
        .limit(limit)
        .into_model::<MatterUrl>()
        .all(db)
        .await?;
    let agencies = agency::Entity::find()
        .select_only()
        .column(agency::Column::Slug)
        .order_by_asc(agency::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await?;
    let theories = legal_theory::Entity::find()
        .select_only()
        .column(legal_theory::Column::Slug)
        .order_by_asc(legal_theory::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await?;
    let provisions = provision::Entity::find()
        .select_only()
        .column(provision::Column::Slug)
        .order_by_asc(provision::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await?;
    Ok(SitemapEntries { matters, agencies, theories, provisions })
}

/// A public event of a published matter, with the matter it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct RecentEvent {
    /// The event's id (stable: the feed entry's id is made from it).
    pub id: i32,
    /// The day it happened.
    pub date: NaiveDate,
    /// Its kind's code, such as `submitted`.
    pub kind: String,
    /// Its title.
    pub title: String,
    /// Its public details (may be empty).
    pub details: String,
    /// The matter's slug.
    pub matter_slug: String,
    /// The matter's title.
    pub matter_title: String,
    /// The slug of the matter's agency.
    pub agency: String,
}

/// The `limit` latest public events of published matters, newest first
/// (by date, then by id).
///
/// # Errors
/// `Internal` on a database failure.
pub async fn recent_events(db: &impl ConnectionTrait, limit: u64) -> AppResult<Vec<RecentEvent>> {
    use event::Column as C;
    let public = Principal::Public;
    Ok(event::Entity::find()
        .select_only()
        .columns([C::Id, C::Date, C::Kind, C::Title, C::Details])
        .column_as(matter::Column::Slug, "matter_slug")
        .column_as(matter::Column::Title, "matter_title")
        .column_as(agency::Column::Slug, "agency")
        .join(JoinType::InnerJoin, event::Relation::Matter.def())
        .join(JoinType::InnerJoin, matter_agency())
        .filter(policy::visible_matters(&public))
        .filter(row_visible(&public, C::Public, C::MatterId))
        .filter(C::DeletedAt.is_null())
        .order_by_desc(C::Date)
        .order_by_desc(C::Id)
        .limit(limit)
        .into_model::<RecentEvent>()
        .all(db)
        .await?)
}
