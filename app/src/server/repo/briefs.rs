//! The deadlines of many matters, as the dashboard, the agencies and the
//! portfolio list them. One query joins each deadline to its matter and
//! reads a few columns of both (not the explanations), the rules decide
//! status and order on those, and only the rows a page shows become full
//! lines, with their matter's name and a business-day count: after an
//! agency's FOIA log is imported there may be 100,000 of them, most long
//! past.

use super::common::{DeadlineClock, business_days_until, effective_status, may_sue_since, stored};
use crate::{
    domain::{
        calendar::Calendar,
        vocab::{DeadlineStatus, MatterStatus},
    },
    error::{AppError, AppResult},
    model::{DeadlineBrief, MatterRef},
    server::{
        auth::Principal,
        entities::{deadline, matter},
        policy,
        public::rows::refs_among,
    },
};
use chrono::NaiveDate;
use sea_orm::{
    Condition, ConnectionTrait, EntityTrait, FromQueryResult, JoinType, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, RelationTrait, Select, sea_query::Order,
};
use std::collections::HashMap;

/// The columns of a deadline, and of its matter, a list reads.
#[derive(Debug, Clone, FromQueryResult)]
pub struct DueRow {
    pub id: i32,
    pub matter_id: i32,
    pub rule_id: Option<String>,
    pub title: String,
    pub due_date: NaiveDate,
    pub status: String,
    pub owed_by: String,
    pub unsettled: bool,
    pub met_by_event_id: Option<i32>,
    /// The matter's agency and status.
    pub agency_id: i32,
    pub matter_status: String,
}

impl<'a> From<&'a DueRow> for DeadlineClock<'a> {
    fn from(d: &'a DueRow) -> Self {
        DeadlineClock {
            rule_id: d.rule_id.as_deref(),
            status: &d.status,
            due_date: d.due_date,
            met: d.met_by_event_id.is_some(),
        }
    }
}

/// A deadline the viewer may see, with what its status is today.
#[derive(Debug, Clone)]
pub struct Due {
    pub row: DueRow,
    pub status: DeadlineStatus,
    /// Set when it makes its request constructively exhausted.
    pub may_sue_since: Option<NaiveDate>,
}

/// The deadlines `who` may see that meet `deadlines`, of the matters they
/// may see that meet `matters`, earliest due first.
///
/// # Errors
/// `Internal` on a database failure or a bad stored code.
pub async fn dues(
    db: &impl ConnectionTrait,
    who: &Principal,
    matters: Condition,
    deadlines: Condition,
    today: NaiveDate,
) -> AppResult<Vec<Due>> {
    rules(in_order(due_rows(who, matters, deadlines), Order::Asc).into_model::<DueRow>().all(db).await?, today)
}

/// As [`dues`], only the first `max` (earliest due first, or with
/// [`Order::Desc`] the latest), and how many there are in all: counted and
/// cut by the database.
///
/// # Errors
/// `Internal` on a database failure or a bad stored code.
pub async fn first_dues(
    db: &impl ConnectionTrait,
    who: &Principal,
    (matters, deadlines): (Condition, Condition),
    (max, order): (usize, Order),
    today: NaiveDate,
) -> AppResult<(Vec<Due>, u64)> {
    let all = due_rows(who, matters, deadlines);
    let total = all.clone().count(db).await?;
    let rows = in_order(all, order).limit(max as u64).into_model::<DueRow>().all(db).await?;
    Ok((rules(rows, today)?, total))
}

/// The query of [`dues`]: a few columns of each deadline and its matter,
/// unordered (so that counting them sorts nothing).
fn due_rows(who: &Principal, matters: Condition, deadlines: Condition) -> Select<deadline::Entity> {
    use deadline::Column as C;
    deadline::Entity::find()
        .select_only()
        .columns([C::Id, C::MatterId, C::RuleId, C::Title, C::DueDate, C::Status, C::OwedBy, C::Unsettled])
        .column(C::MetByEventId)
        .column_as(matter::Column::AgencyId, "agency_id")
        .column_as(matter::Column::Status, "matter_status")
        .join(JoinType::InnerJoin, deadline::Relation::Matter.def())
        .filter(policy::visible_joined(who, C::Public))
        .filter(matters)
        .filter(deadlines)
}

/// `rows` in `order` of due date (and id, for ties).
fn in_order(rows: Select<deadline::Entity>, order: Order) -> Select<deadline::Entity> {
    rows.order_by(deadline::Column::DueDate, order.clone()).order_by(deadline::Column::Id, order)
}

/// Each row's status today and whether it lets its requester sue.
fn rules(rows: Vec<DueRow>, today: NaiveDate) -> AppResult<Vec<Due>> {
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let status = effective_status(&row, today)?;
        let may_sue_since = may_sue_since(&row, stored(&row.matter_status, MatterStatus::parse)?, today)?;
        out.push(Due { row, status, may_sue_since });
    }
    Ok(out)
}

/// The short references of the matters of `dues`.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn matters_of(
    db: &impl ConnectionTrait,
    who: &Principal,
    dues: &[&Due],
) -> AppResult<HashMap<i32, MatterRef>> {
    let ids = dues.iter().map(|d| d.row.matter_id).collect();
    Ok(refs_among(db, policy::visible_matters(who), ids).await?.into_iter().collect())
}

/// The lines a page shows for `shown`, and how many there were in all.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn lines(
    db: &impl ConnectionTrait,
    who: &Principal,
    (shown, total): (Vec<&Due>, u64),
    today: NaiveDate,
) -> AppResult<(Vec<DeadlineBrief>, u64)> {
    let refs = matters_of(db, who, &shown).await?;
    let cal = Calendar::federal();
    let lines = shown.iter().map(|d| brief(d, &refs, &cal, today)).collect::<AppResult<_>>()?;
    Ok((lines, total))
}

/// The line a page shows for `d`.
fn brief(d: &Due, refs: &HashMap<i32, MatterRef>, cal: &Calendar, today: NaiveDate) -> AppResult<DeadlineBrief> {
    let matter = refs.get(&d.row.matter_id).cloned().ok_or_else(|| {
        tracing::error!(deadline = d.row.id, "a listed deadline's matter is not visible");
        AppError::Internal
    })?;
    Ok(DeadlineBrief {
        id: d.row.id,
        matter,
        title: d.row.title.clone(),
        due: d.row.due_date,
        status: d.status,
        rule_id: d.row.rule_id.clone(),
        owed_by_agency: d.row.owed_by == "agency",
        unsettled: d.row.unsettled,
        answered: d.row.met_by_event_id.is_some(),
        may_sue_since: d.may_sue_since,
        business_days_left: business_days_until(cal, today, d.row.due_date),
    })
}
