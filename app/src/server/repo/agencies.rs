//! Agencies and their components, with the visible matters against them.

use super::{
    common::{agency_ref, effective_status, in_slices},
    dashboard::briefs,
    matters::rows_for,
};
use crate::{
    domain::vocab::DeadlineStatus,
    error::{AppError, AppResult},
    model::{AgencyDetail, AgencyRow},
    server::{
        auth::Principal,
        entities::{agency, deadline, matter},
        policy,
    },
};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// Every agency with its visible matter count and overdue agency-owed deadlines.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn list(db: &impl ConnectionTrait, who: &Principal, today: NaiveDate) -> AppResult<Vec<AgencyRow>> {
    let agencies = agency::Entity::find().order_by_asc(agency::Column::Abbreviation).all(db).await?;
    let by_id: HashMap<i32, &agency::Model> = agencies.iter().map(|a| (a.id, a)).collect();
    let matters = matter::Entity::find().filter(policy::visible_matters(who)).all(db).await?;
    let mut counts: HashMap<i32, u64> = HashMap::new();
    for m in &matters {
        *counts.entry(m.agency_id).or_default() += 1;
    }
    let agency_of: HashMap<i32, i32> = matters.iter().map(|m| (m.id, m.agency_id)).collect();
    let member_of: HashMap<i32, bool> = matters.iter().map(|m| (m.id, policy::is_member(who, m))).collect();
    let mut overdue: HashMap<i32, u64> = HashMap::new();
    let mut owed = Vec::new();
    for slice in in_slices(agency_of.keys().copied()) {
        owed.extend(
            deadline::Entity::find()
                .filter(deadline::Column::MatterId.is_in(slice))
                .filter(deadline::Column::OwedBy.eq("agency"))
                .filter(deadline::Column::MetByEventId.is_null())
                .all(db)
                .await?,
        );
    }
    for d in owed {
        let visible = d.public || member_of.get(&d.matter_id).copied().unwrap_or(false);
        if visible && effective_status(&d, today)? == DeadlineStatus::Missed {
            *overdue.entry(agency_of[&d.matter_id]).or_default() += 1;
        }
    }
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

/// An agency page.
///
/// # Errors
/// `NotFound` for an unknown slug.
pub async fn detail(
    db: &impl ConnectionTrait,
    who: &Principal,
    slug: &str,
    today: NaiveDate,
) -> AppResult<AgencyDetail> {
    let rows = list(db, who, today).await?;
    let row = rows
        .into_iter()
        .find(|r| r.agency.slug == slug)
        .ok_or_else(|| AppError::NotFound(format!("agency `{slug}`")))?;
    let a = agency::Entity::find().filter(agency::Column::Slug.eq(slug)).one(db).await?.ok_or(AppError::Internal)?;
    let components = agency::Entity::find()
        .filter(agency::Column::ParentId.eq(a.id))
        .order_by_asc(agency::Column::Abbreviation)
        .all(db)
        .await?;
    let mut matters = matter::Entity::find()
        .filter(matter::Column::AgencyId.eq(a.id))
        .filter(policy::visible_matters(who))
        .order_by_asc(matter::Column::Title)
        .order_by_asc(matter::Column::Id)
        .all(db)
        .await?;
    let by_id: HashMap<i32, matter::Model> = matters.iter().map(|m| (m.id, m.clone())).collect();
    let mut deadlines = briefs(db, who, &by_id, today).await?;
    let (matters_total, deadlines_total) = (matters.len() as u64, deadlines.len() as u64);
    matters.truncate(AGENCY_LIST_MAX);
    deadlines.truncate(AGENCY_LIST_MAX);
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
