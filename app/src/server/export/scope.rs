//! What an export may read, and its filters, as SQL conditions: the
//! visibility rules of `policy` for matters, and for events and deadlines the
//! page's rule (public rows, or every row for members of the matter's
//! organisation).

use super::ExportFilter;
use crate::{
    error::{AppError, AppResult},
    model::MatterFilter,
    server::{auth::Principal, entities::matter, policy, repo::matters::filter_condition},
};
use chrono::NaiveDate;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, QueryTrait,
    sea_query::SelectStatement,
};

/// The ids of the matters `who` may see that also meet `cond`, as a subquery.
pub fn visible_matter_ids(who: &Principal, cond: Condition) -> SelectStatement {
    matter::Entity::find()
        .select_only()
        .column(matter::Column::Id)
        .filter(policy::visible_matters(who))
        .filter(cond)
        .into_query()
}

pub use crate::server::policy::{child_rows_visible as row_visible, visible_children};

/// With the `matter` filter, the child rows of that one matter (by slug; an
/// unknown one matches nothing), so the database starts from its rows
/// rather than reading every row in id order; nothing otherwise.
pub fn one_matter(matter_id: impl ColumnTrait, filter: &ExportFilter) -> Condition {
    let slug = filter.matter.trim();
    if slug.is_empty() {
        return Condition::all();
    }
    let ids = matter::Entity::find().select_only().column(matter::Column::Id).filter(matter::Column::Slug.eq(slug));
    Condition::all().add(matter_id.in_subquery(ids.into_query()))
}
pub use crate::server::repo::matters::agency_ids;

/// The matter-level filters every list of a matter's rows shares: `agency`
/// and `matter` (a slug; an unknown or invisible one simply matches nothing).
///
/// # Errors
/// `Validation` naming `agency` for an unknown agency.
pub async fn parent_condition(db: &impl ConnectionTrait, filter: &ExportFilter) -> AppResult<Condition> {
    let mut cond = Condition::all();
    if !filter.agency.is_empty() {
        cond = cond.add(matter::Column::AgencyId.is_in(agency_ids(db, &filter.agency).await?));
    }
    if !filter.matter.is_empty() {
        cond = cond.add(matter::Column::Slug.eq(filter.matter.trim()));
    }
    Ok(cond)
}

/// The filters of the matters page (kind, status, agency, theory, public and
/// the text search), exactly as the list applies them.
///
/// # Errors
/// `Validation` naming the field of an unknown code.
pub async fn matter_condition(db: &impl ConnectionTrait, filter: &ExportFilter) -> AppResult<Condition> {
    let list = MatterFilter {
        kind: filter.kind.clone(),
        status: filter.status.clone(),
        agency: filter.agency.clone(),
        theory: filter.theory.clone(),
        public: filter.public.clone(),
        q: filter.q.clone(),
        page: 0,
    };
    filter_condition(db, &list).await
}

/// An optional `YYYY-MM-DD` filter.
///
/// # Errors
/// `Validation` naming `field`.
pub fn date(field: &str, value: &str) -> AppResult<Option<NaiveDate>> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| AppError::invalid(field, format!("`{value}` is not a date (YYYY-MM-DD)")))
}

/// `from..=to` on a date column.
///
/// # Errors
/// `Validation` naming `from` or `to`.
pub fn date_range(col: impl ColumnTrait + Copy, filter: &ExportFilter) -> AppResult<Condition> {
    let mut cond = Condition::all();
    if let Some(from) = date("from", &filter.from)? {
        cond = cond.add(col.gte(from));
    }
    if let Some(to) = date("to", &filter.to)? {
        cond = cond.add(col.lte(to));
    }
    Ok(cond)
}
