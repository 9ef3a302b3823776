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
    Condition, ConnectionTrait, EntityTrait, FromQueryResult, JoinType, QueryFilter, QueryOrder, QuerySelect,
    RelationTrait,
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

impl Due {
    /// Whether it passed with nothing recorded to meet it.
    pub fn overdue(&self) -> bool {
        self.status == DeadlineStatus::Missed && self.row.met_by_event_id.is_none()
    }

    /// Whether it is still to come.
    pub fn upcoming(&self, today: NaiveDate) -> bool {
        self.status == DeadlineStatus::Open && self.row.due_date >= today
    }

    /// Whether the agency owes it and is late.
    pub fn agency_late(&self) -> bool {
        self.row.owed_by == "agency" && self.overdue()
    }
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
    use deadline::Column as C;
    let rows = deadline::Entity::find()
        .select_only()
        .columns([C::Id, C::MatterId, C::RuleId, C::Title, C::DueDate, C::Status, C::OwedBy, C::Unsettled])
        .column(C::MetByEventId)
        .column_as(matter::Column::AgencyId, "agency_id")
        .column_as(matter::Column::Status, "matter_status")
        .join(JoinType::InnerJoin, deadline::Relation::Matter.def())
        .filter(policy::visible_joined(who, C::Public))
        .filter(matters)
        .filter(deadlines)
        .order_by_asc(C::DueDate)
        .order_by_asc(C::Id)
        .into_model::<DueRow>()
        .all(db)
        .await?;
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
