//! Agencies and their components, with the visible matters against them.

use super::{
    briefs::{first_dues, lines},
    common::{agency_ref, count_by_agency, overdue_as_of},
    matters::rows_for,
};
use crate::{
    error::{AppError, AppResult},
    model::{AgencyDetail, AgencyRow},
    server::{
        auth::Principal,
        entities::{agency, deadline, matter},
        policy,
    },
};
use chrono::NaiveDate;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, JoinType, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, RelationTrait,
    sea_query::{Expr, Func, Order},
};
use std::collections::HashMap;

/// How many agency-owed deadlines `who` may see each agency is late on
/// (passed, nothing recorded to meet them), by agency id: counted by the
/// database, by the rule of [`overdue_as_of`].
async fn overdue_counts(
    db: &impl ConnectionTrait,
    who: &Principal,
    matters: Condition,
    today: NaiveDate,
) -> AppResult<HashMap<i32, u64>> {
    use deadline::Column as C;
    let rows: Vec<(i32, i64)> = deadline::Entity::find()
        .select_only()
        .column(matter::Column::AgencyId)
        .expr(Func::count(Expr::col((deadline::Entity, C::Id))))
        .join(JoinType::InnerJoin, deadline::Relation::Matter.def())
        .filter(policy::visible_joined(who, C::Public))
        .filter(C::OwedBy.eq("agency"))
        .filter(overdue_as_of(today))
        .filter(matters)
        .group_by(matter::Column::AgencyId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(id, n)| (id, u64::try_from(n).unwrap_or(0))).collect())
}

/// Every agency with its visible matter count and overdue agency-owed
/// deadlines (its own: a department's row does not add its components').
///
/// # Errors
/// `Internal` on a database failure.
pub async fn list(db: &impl ConnectionTrait, who: &Principal, today: NaiveDate) -> AppResult<Vec<AgencyRow>> {
    let agencies = agency::Entity::find().order_by_asc(agency::Column::Abbreviation).all(db).await?;
    let by_id: HashMap<i32, &agency::Model> = agencies.iter().map(|a| (a.id, a)).collect();
    let counts = count_by_agency(db, who, Condition::all()).await?;
    let overdue = overdue_counts(db, who, Condition::all(), today).await?;
    Ok(agencies
        .iter()
        .map(|a| AgencyRow {
            agency: agency_ref(a),
            parent: a.parent_id.and_then(|p| by_id.get(&p)).map(|p| agency_ref(p)),
            matter_count: counts.get(&a.id).copied().unwrap_or(0),
            overdue: overdue.get(&a.id).copied().unwrap_or(0),
        })
        .collect())
}

/// The most matters, and the most deadlines, an agency page lists; the
/// rest are counted and linked (the matters list pages through them all).
pub const AGENCY_LIST_MAX: usize = 100;

/// An agency page: the agency with its components, as its scorecard, its
/// exports and its link to the matters list take it.
///
/// # Errors
/// `NotFound` for an unknown slug.
pub async fn detail(
    db: &impl ConnectionTrait,
    who: &Principal,
    slug: &str,
    today: NaiveDate,
) -> AppResult<AgencyDetail> {
    let a = agency::Entity::find()
        .filter(agency::Column::Slug.eq(slug))
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("agency `{slug}`")))?;
    let parent = match a.parent_id {
        Some(id) => agency::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    let components = agency::Entity::find()
        .filter(agency::Column::ParentId.eq(a.id))
        .order_by_asc(agency::Column::Abbreviation)
        .all(db)
        .await?;
    let ids: Vec<i32> = std::iter::once(a.id).chain(components.iter().map(|c| c.id)).collect();
    let theirs = Condition::all().add(matter::Column::AgencyId.is_in(ids));
    let visible = matter::Entity::find().filter(policy::visible_matters(who)).filter(theirs.clone());
    let matters_total = visible.clone().count(db).await?;
    let matters = visible
        .order_by_asc(matter::Column::Title)
        .order_by_asc(matter::Column::Id)
        .limit(AGENCY_LIST_MAX as u64)
        .all(db)
        .await?;
    let (first, total) =
        first_dues(db, who, (theirs.clone(), Condition::all()), (AGENCY_LIST_MAX, Order::Asc), today).await?;
    let row = AgencyRow {
        agency: agency_ref(&a),
        parent: parent.as_ref().map(agency_ref),
        matter_count: matters_total,
        overdue: overdue_counts(db, who, theirs, today).await?.values().sum(),
    };
    let (deadlines, deadlines_total) = lines(db, who, (first.iter().collect(), total), today).await?;
    Ok(AgencyDetail {
        row,
        foia_contact: a.foia_contact,
        foia_url: a.foia_url,
        regulations: a.regulations,
        components: components.iter().map(agency_ref).collect(),
        matters: rows_for(db, who, matters, today).await?,
        matters_total,
        deadlines,
        deadlines_total,
    })
}
