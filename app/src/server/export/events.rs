//! The events (the matters' timelines). Deleted events are never exported.

use super::{ExportFilter, PAGE, Value, encode::Page, scope};
use crate::{
    domain::vocab::EventKind,
    error::{AppError, AppResult},
    server::{
        auth::Principal,
        entities::{agency, event, matter},
    },
};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;

/// The columns.
pub const HEADER: &[&str] = &[
    "id",
    "matter",
    "matter_title",
    "agency",
    "tracking_number",
    "docket_number",
    "date",
    "kind",
    "title",
    "details",
    "outcome",
    "pages_released",
    "pages_withheld_full",
    "pages_withheld_part",
    "exemptions",
    "verification",
    "public",
];

/// The events `who` may see that pass the filter.
pub struct Events {
    cond: Condition,
}

impl Events {
    /// Checks the filter (`matter`, `agency`, `kind`, `from`, `to`).
    ///
    /// # Errors
    /// `Validation` naming the field.
    pub async fn new(db: &impl ConnectionTrait, who: &Principal, filter: &ExportFilter) -> AppResult<Events> {
        let parent = scope::parent_condition(db, filter).await?;
        let mut cond = Condition::all()
            .add(scope::one_matter(event::Column::MatterId, filter))
            .add(scope::visible_children(who, event::Column::Public, event::Column::MatterId, parent))
            .add(event::Column::DeletedAt.is_null())
            .add(scope::date_range(event::Column::Date, filter)?);
        if !filter.kind.is_empty() {
            let kind = EventKind::parse(&filter.kind).map_err(|e| AppError::invalid("kind", e.to_string()))?;
            cond = cond.add(event::Column::Kind.eq(kind.code()));
        }
        Ok(Events { cond })
    }

    /// The page of events with ids after `after`.
    ///
    /// # Errors
    /// `Internal` on a database failure.
    pub async fn page(&mut self, db: &impl ConnectionTrait, after: i32) -> AppResult<Page> {
        let events = event::Entity::find()
            .filter(self.cond.clone())
            .filter(event::Column::Id.gt(after))
            .order_by_asc(event::Column::Id)
            .limit(PAGE)
            .all(db)
            .await?;
        let parents = Parents::load(db, events.iter().map(|e| e.matter_id)).await?;
        let read = events.len();
        let last = events.last().map(|e| e.id);
        let rows = events.into_iter().map(|e| row(e, &parents)).collect();
        Ok(Page::keyset(rows, last, read))
    }
}

fn row(e: event::Model, parents: &Parents) -> Vec<Value> {
    let (slug, title, agency) = parents.get(e.matter_id);
    let (tracking, docket) = parents.numbers(e.matter_id);
    let exemptions = e.exemptions.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect();
    vec![
        e.id.into(),
        slug.into(),
        title.into(),
        agency.into(),
        tracking.into(),
        docket.into(),
        e.date.into(),
        e.kind.into(),
        e.title.into(),
        e.details.into(),
        e.outcome.into(),
        e.pages_released.into(),
        e.pages_withheld_full.into(),
        e.pages_withheld_part.into(),
        Value::List(exemptions),
        e.verification.into(),
        e.public.into(),
    ]
}

/// The matters (and their agencies) of one page of rows, read in two queries.
pub struct Parents {
    pub matters: HashMap<i32, matter::Model>,
    pub agencies: HashMap<i32, agency::Model>,
}

impl Parents {
    /// Loads the matters with the given ids and their agencies.
    ///
    /// # Errors
    /// `Internal` on a database failure.
    pub async fn load(db: &impl ConnectionTrait, ids: impl Iterator<Item = i32>) -> AppResult<Parents> {
        let mut ids: Vec<i32> = ids.collect();
        ids.sort_unstable();
        ids.dedup();
        let matters: HashMap<i32, matter::Model> = matter::Entity::find()
            .filter(matter::Column::Id.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|m| (m.id, m))
            .collect();
        let agency_ids: Vec<i32> = matters.values().map(|m| m.agency_id).collect();
        let agencies = agency::Entity::find()
            .filter(agency::Column::Id.is_in(agency_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|a| (a.id, a))
            .collect();
        Ok(Parents { matters, agencies })
    }

    /// A matter's slug, title and agency abbreviation (empty if missing).
    pub fn get(&self, matter_id: i32) -> (String, String, String) {
        let Some(m) = self.matters.get(&matter_id) else { return Default::default() };
        let agency = self.agencies.get(&m.agency_id).map(|a| a.abbreviation.clone()).unwrap_or_default();
        (m.slug.clone(), m.title.clone(), agency)
    }

    /// A matter's tracking and docket numbers (what an import finds it by).
    pub fn numbers(&self, matter_id: i32) -> (String, String) {
        self.matters
            .get(&matter_id)
            .map(|m| (m.agency_tracking_number.clone(), m.docket_number.clone()))
            .unwrap_or_default()
    }
}
