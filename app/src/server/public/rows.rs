//! Row structs and small queries shared by the public read layer: a
//! published matter's short reference, and the condition every matter
//! query here carries.

use crate::{
    domain::vocab::{MatterKind, MatterStatus},
    error::AppResult,
    model::MatterRef,
    server::{
        auth::Principal,
        entities::matter,
        policy,
        repo::common::{all_in, in_slices, stored},
    },
};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, QuerySelect, Select,
};

/// The matters everyone may see: published and approved.
pub fn published() -> Condition {
    policy::visible_matters(&Principal::Public)
}

/// The columns of a matter's short reference.
#[derive(Debug, Clone, FromQueryResult)]
pub struct MatterRefRow {
    pub id: i32,
    pub slug: String,
    pub title: String,
    pub kind: String,
    pub status: String,
}

impl MatterRefRow {
    /// The short reference the pages show.
    ///
    /// # Errors
    /// `Internal` on a bad stored code.
    pub fn to_ref(&self) -> AppResult<MatterRef> {
        Ok(MatterRef {
            slug: self.slug.clone(),
            title: self.title.clone(),
            kind: stored(&self.kind, MatterKind::parse)?,
            status: stored(&self.status, MatterStatus::parse)?,
        })
    }
}

/// The matters `visible` admits, as [`MatterRefRow`]s.
pub fn refs_where(visible: Condition) -> Select<matter::Entity> {
    use matter::Column as C;
    matter::Entity::find().select_only().columns([C::Id, C::Slug, C::Title, C::Kind, C::Status]).filter(visible)
}

/// The published matters among `ids`, by title, with their ids.
///
/// # Errors
/// `Internal` on a database failure or a bad stored code.
pub async fn published_among(db: &impl ConnectionTrait, ids: Vec<i32>) -> AppResult<Vec<(i32, MatterRef)>> {
    refs_among(db, published(), ids).await
}

/// The matters among `ids` that `visible` admits, by title, with their ids.
///
/// # Errors
/// `Internal` on a database failure or a bad stored code.
pub async fn refs_among(
    db: &impl ConnectionTrait,
    visible: Condition,
    ids: Vec<i32>,
) -> AppResult<Vec<(i32, MatterRef)>> {
    let several = in_slices(ids.iter().copied()).len() > 1;
    let mut rows = all_in(db, ids, |slice| {
        refs_where(visible.clone())
            .filter(matter::Column::Id.is_in(slice))
            .order_by_asc(matter::Column::Title)
            .order_by_asc(matter::Column::Id)
            .into_model::<MatterRefRow>()
    })
    .await?;
    if several {
        // Each slice came back in the database's order; merge them.
        rows.sort_by(|a, b| (&a.title, a.id).cmp(&(&b.title, b.id)));
    }
    rows.iter().map(|r| Ok((r.id, r.to_ref()?))).collect()
}
