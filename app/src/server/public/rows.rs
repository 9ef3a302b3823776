//! Row structs and small queries shared by the public read layer: a
//! published matter's short reference, and the condition every matter
//! query here carries.

use crate::{
    error::AppResult,
    model::MatterRef,
    server::{
        auth::Principal,
        entities::matter,
        policy,
        repo::common::{all_in, in_slices, matter_ref_of},
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
        matter_ref_of(&self.slug, &self.title, &self.kind, &self.status)
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
    first_refs_among(db, visible, ids, None).await
}

/// As [`refs_among`], only the first `max` (by title): each slice of ids
/// reads at most `max` rows.
///
/// # Errors
/// `Internal` on a database failure or a bad stored code.
pub async fn first_refs_among(
    db: &impl ConnectionTrait,
    visible: Condition,
    ids: impl IntoIterator<Item = i32>,
    max: Option<u64>,
) -> AppResult<Vec<(i32, MatterRef)>> {
    let slices = in_slices(ids);
    let several = slices.len() > 1;
    let mut rows = all_in(db, slices.into_iter().flatten(), |slice| {
        refs_where(visible.clone())
            .filter(matter::Column::Id.is_in(slice))
            .order_by_asc(matter::Column::Title)
            .order_by_asc(matter::Column::Id)
            .limit(max)
            .into_model::<MatterRefRow>()
    })
    .await?;
    if several {
        // Each slice came back in the database's order; merge them.
        rows.sort_by(|a, b| (&a.title, a.id).cmp(&(&b.title, b.id)));
    }
    if let Some(max) = max {
        rows.truncate(usize::try_from(max).unwrap_or(usize::MAX));
    }
    rows.iter().map(|r| Ok((r.id, r.to_ref()?))).collect()
}
