//! The matters list, with its filters and text search.

use super::common::{agencies_by_id, agency_of, agency_ref, all_in, effective_status, matter_ref, may_sue_since};
use crate::{
    domain::vocab::{DeadlineStatus, MatterKind, MatterStatus},
    error::{AppError, AppResult},
    model::{Choice, MatterFilter, MatterList, MatterRow},
    server::{
        auth::Principal,
        entities::{agency, deadline, legal_theory, matter, matter_theory},
        policy,
    },
};
use chrono::NaiveDate;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    QueryTrait,
    sea_query::{Expr, ExprTrait, Func},
};
use std::collections::HashMap;

/// Turns the filter into a condition, validating each code (a bad one is an
/// error naming its field). The matters list and the exports share it.
///
/// # Errors
/// `Validation` naming `kind`, `status`, `agency`, `theory` or `public`.
pub async fn filter_condition(db: &impl ConnectionTrait, filter: &MatterFilter) -> AppResult<Condition> {
    let mut cond = Condition::all();
    if !filter.kind.is_empty() {
        let kind = MatterKind::parse(&filter.kind).map_err(|e| AppError::invalid("kind", e.to_string()))?;
        cond = cond.add(matter::Column::Kind.eq(kind.code()));
    }
    if !filter.status.is_empty() {
        let status = MatterStatus::parse(&filter.status).map_err(|e| AppError::invalid("status", e.to_string()))?;
        cond = cond.add(matter::Column::Status.eq(status.code()));
    }
    if !filter.agency.is_empty() {
        cond = cond.add(matter::Column::AgencyId.is_in(agency_ids(db, &filter.agency).await?));
    }
    if !filter.theory.is_empty() {
        let Some(t) =
            legal_theory::Entity::find().filter(legal_theory::Column::Slug.eq(&filter.theory)).one(db).await?
        else {
            return Err(AppError::invalid("theory", format!("unknown theory `{}`", filter.theory)));
        };
        let claims = matter_theory::Entity::find()
            .select_only()
            .column(matter_theory::Column::MatterId)
            .filter(matter_theory::Column::TheoryId.eq(t.id))
            .into_query();
        cond = cond.add(matter::Column::Id.in_subquery(claims));
    }
    match filter.public.as_str() {
        "" => {}
        "yes" => cond = cond.add(matter::Column::Public.eq(true)),
        "no" => cond = cond.add(matter::Column::Public.eq(false)),
        other => return Err(AppError::invalid("public", format!("expected yes, no or empty, not `{other}`"))),
    }
    Ok(cond.add(text_search(&filter.q)))
}

/// The agency `slug` and its components (DHS includes CBP).
///
/// # Errors
/// `Validation` naming `agency` for an unknown slug.
pub async fn agency_ids(db: &impl ConnectionTrait, slug: &str) -> AppResult<Vec<i32>> {
    let Some(a) = agency::Entity::find().filter(agency::Column::Slug.eq(slug)).one(db).await? else {
        return Err(AppError::invalid("agency", format!("unknown agency `{slug}`")));
    };
    let children = agency::Entity::find().filter(agency::Column::ParentId.eq(a.id)).all(db).await?;
    Ok(std::iter::once(a.id).chain(children.iter().map(|c| c.id)).collect())
}

/// Case-insensitive search in a matter's title, summary, numbers, court and requester.
fn text_search(q: &str) -> Condition {
    let q = q.trim().to_lowercase();
    if q.is_empty() {
        return Condition::all();
    }
    let pattern = format!("%{}%", q.replace(['\\', '%', '_'], ""));
    let mut any = Condition::any();
    for col in [
        matter::Column::Title,
        matter::Column::Summary,
        matter::Column::DocketNumber,
        matter::Column::AgencyTrackingNumber,
        matter::Column::Court,
        matter::Column::Requester,
    ] {
        any = any.add(Expr::expr(Func::lower(Expr::col(col))).like(pattern.clone()));
    }
    any
}

/// A matter's next open deadline (date and title) and "may sue since" date.
pub type DeadlineSummary = (Option<(NaiveDate, String)>, Option<NaiveDate>);

/// Next live deadline and "may sue since" date for each matter, in one query.
pub async fn deadline_summaries(
    db: &impl ConnectionTrait,
    who: &Principal,
    matters: &[matter::Model],
    today: NaiveDate,
) -> AppResult<HashMap<i32, DeadlineSummary>> {
    let mut rows = all_in(db, matters.iter().map(|m| m.id), |slice| {
        deadline::Entity::find().filter(deadline::Column::MatterId.is_in(slice)).into_model::<deadline::Model>()
    })
    .await?;
    // Each matter's rows earliest first: its next open deadline is the first.
    rows.sort_by_key(|d| (d.due_date, d.id));
    let status_of: HashMap<i32, MatterStatus> =
        matters.iter().filter_map(|m| MatterStatus::parse(&m.status).ok().map(|s| (m.id, s))).collect();
    let member_of: HashMap<i32, bool> = matters.iter().map(|m| (m.id, policy::is_member(who, m))).collect();
    let mut out: HashMap<i32, DeadlineSummary> = HashMap::new();
    for d in rows {
        // Unpublished deadlines are for members of the matter's organisation only.
        if !d.public && !member_of.get(&d.matter_id).copied().unwrap_or(false) {
            continue;
        }
        let status = effective_status(&d, today)?;
        let entry = out.entry(d.matter_id).or_default();
        if status == DeadlineStatus::Open && entry.0.is_none() {
            entry.0 = Some((d.due_date, d.title.clone()));
        }
        if let Some(matter_status) = status_of.get(&d.matter_id) {
            entry.1 = may_sue_since(&d, *matter_status, today)?.or(entry.1);
        }
    }
    Ok(out)
}

/// Builds list rows for the given matters.
pub async fn rows_for(
    db: &impl ConnectionTrait,
    who: &Principal,
    matters: Vec<matter::Model>,
    today: NaiveDate,
) -> AppResult<Vec<MatterRow>> {
    let agencies = agencies_by_id(db, matters.iter().map(|m| m.agency_id).collect()).await?;
    let summaries = deadline_summaries(db, who, &matters, today).await?;
    matters
        .iter()
        .map(|m| {
            let (next_deadline, may_sue_since) = summaries.get(&m.id).cloned().unwrap_or_default();
            let number =
                if m.docket_number.is_empty() { m.agency_tracking_number.clone() } else { m.docket_number.clone() };
            Ok(MatterRow {
                matter: matter_ref(m)?,
                agency: agency_ref(agency_of(&agencies, m)?),
                public: m.public,
                number,
                next_deadline,
                may_sue_since,
            })
        })
        .collect()
}

/// Matters on one page of the list.
pub const PER_PAGE: u32 = 500;

/// One page of the matters `who` may see that match `filter`, most recently
/// updated first, with how many match in all and the choices for the filter
/// form.
///
/// # Errors
/// `Validation` naming the filter field for an unknown code.
pub async fn list(
    db: &impl ConnectionTrait,
    who: &Principal,
    filter: &MatterFilter,
    today: NaiveDate,
) -> AppResult<MatterList> {
    let cond = filter_condition(db, filter).await?;
    let found = matter::Entity::find().filter(policy::visible_matters(who)).filter(cond);
    let total = found.clone().count(db).await?;
    let page = Ord::max(filter.page, 1);
    let matters = found
        .order_by_desc(matter::Column::UpdatedAt)
        .order_by_asc(matter::Column::Title)
        .order_by_asc(matter::Column::Id)
        .offset(u64::from(page - 1) * u64::from(PER_PAGE))
        .limit(u64::from(PER_PAGE))
        .all(db)
        .await?;
    let rows = rows_for(db, who, matters, today).await?;
    let agencies = agency::Entity::find()
        .order_by_asc(agency::Column::Abbreviation)
        .all(db)
        .await?
        .into_iter()
        .map(|a| Choice { value: a.slug, label: format!("{} ({})", a.abbreviation, a.name) })
        .collect();
    let theories = legal_theory::Entity::find()
        .order_by_asc(legal_theory::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|t| Choice { value: t.slug, label: t.name })
        .collect();
    Ok(MatterList { rows, total, page, per_page: PER_PAGE, agencies, theories })
}
