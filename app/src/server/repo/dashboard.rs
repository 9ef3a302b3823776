//! The dashboard: counts, what is due, what is late, who may sue now.

use super::{
    briefs::{Due, first_dues, lines, matters_of},
    common::{EXHAUSTING_RULES, agencies_by_id, agency_ref, awaiting_agency, overdue_as_of},
};
use crate::{
    domain::vocab::{DeadlineStatus, MatterKind, MatterStatus, Role},
    error::{AppError, AppResult},
    model::{Count, Dashboard, MaySue},
    server::{
        auth::Principal,
        entities::{deadline, matter},
        policy,
    },
};
use chrono::NaiveDate;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
    sea_query::{Expr, Func, Order},
};
use std::collections::HashMap;

/// Counts under each of `all` that occurs, in the order of `all`, from
/// (value, count) pairs (a value may come more than once).
pub fn counts<T: Copy + Eq + std::hash::Hash>(
    all: &[T],
    pairs: impl Iterator<Item = (T, u64)>,
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<Count> {
    let mut tally: HashMap<T, u64> = HashMap::new();
    for (v, n) in pairs {
        *tally.entry(v).or_default() += n;
    }
    all.iter()
        .filter_map(|v| {
            tally.get(v).map(|n| Count { code: code(*v).to_string(), label: label(*v).to_string(), count: *n })
        })
        .collect()
}

/// The matters that meet `cond`: how many in all, by kind and by status
/// (one grouped query, not a row per matter).
pub struct Tally {
    pub total: u64,
    pub by_kind: Vec<Count>,
    pub by_status: Vec<Count>,
}

/// Counts the matters that meet `cond`.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn tally(db: &impl ConnectionTrait, cond: Condition) -> AppResult<Tally> {
    let rows: Vec<(String, String, i64)> = matter::Entity::find()
        .select_only()
        .column(matter::Column::Kind)
        .column(matter::Column::Status)
        .expr(Func::count(Expr::col(matter::Column::Id)))
        .filter(cond)
        .group_by(matter::Column::Kind)
        .group_by(matter::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    let n = |count: i64| u64::try_from(count).unwrap_or(0);
    let kinds = rows.iter().filter_map(|(k, _, c)| MatterKind::parse(k).ok().map(|k| (k, n(*c))));
    let statuses = rows.iter().filter_map(|(_, s, c)| MatterStatus::parse(s).ok().map(|s| (s, n(*c))));
    Ok(Tally {
        total: rows.iter().map(|(_, _, c)| n(*c)).sum(),
        by_kind: counts(MatterKind::ALL, kinds, MatterKind::code, MatterKind::label),
        by_status: counts(MatterStatus::ALL, statuses, MatterStatus::code, MatterStatus::label),
    })
}

/// The most rows each of the dashboard's lists shows (the rest are counted
/// and a link leads to all of them): after an agency's FOIA log is imported
/// an organisation may have tens of thousands of overdue deadlines, and a
/// page listing them all weighed 44 MB.
pub const DASHBOARD_LIST_MAX: usize = 100;

/// The requests that may be taken to court today, longest waiting first:
/// the first [`DASHBOARD_LIST_MAX`] of them, and how many there are. The
/// database picks them by the rule of [`super::common::may_sue_since`] (an exhausting
/// response deadline missed with nothing meeting it, while the matter waits
/// on the agency); the rule itself then says since when.
async fn may_sue_now(db: &impl ConnectionTrait, who: &Principal, today: NaiveDate) -> AppResult<(Vec<MaySue>, u64)> {
    let waiting_on_agency = MatterStatus::ALL.iter().filter(|s| awaiting_agency(**s)).map(|s| s.code());
    let matters = Condition::all().add(matter::Column::Status.is_in(waiting_on_agency));
    let exhausted = Condition::all().add(deadline::Column::RuleId.is_in(EXHAUSTING_RULES)).add(overdue_as_of(today));
    let (found, total) = first_dues(db, who, (matters, exhausted), (DASHBOARD_LIST_MAX, Order::Asc), today).await?;
    let waiting: Vec<&Due> = found.iter().collect();
    let refs = matters_of(db, who, &waiting).await?;
    let agencies = agencies_by_id(db, waiting.iter().map(|d| d.row.agency_id).collect()).await?;
    let mut out = Vec::with_capacity(waiting.len());
    for d in waiting {
        let (Some(matter), Some(agency), Some(since)) =
            (refs.get(&d.row.matter_id), agencies.get(&d.row.agency_id), d.may_sue_since)
        else {
            tracing::error!(deadline = d.row.id, "a may-sue deadline's matter or agency is missing");
            return Err(AppError::Internal);
        };
        out.push(MaySue {
            deadline_id: d.row.id,
            matter: matter.clone(),
            agency: agency_ref(agency),
            since,
            rule_id: d.row.rule_id.clone().unwrap_or_default(),
        });
    }
    Ok((out, total))
}

/// How many drafts `who` should act on: to review (attorneys, admins), or
/// their own not yet approved (a student).
async fn drafts_for(db: &impl ConnectionTrait, who: &Principal) -> AppResult<u64> {
    let Principal::User(user) = who else { return Ok(0) };
    let mine = matter::Entity::find().filter(matter::Column::OrganizationId.eq(user.organization_id));
    let drafts = if user.role == Role::Student {
        mine.filter(matter::Column::CreatedBy.eq(user.id)).filter(matter::Column::ReviewState.ne(policy::APPROVED))
    } else {
        mine.filter(matter::Column::ReviewState.eq("draft"))
    };
    Ok(drafts.count(db).await?)
}

/// The dashboard as `who` may see it.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn dashboard(db: &impl ConnectionTrait, who: &Principal, today: NaiveDate) -> AppResult<Dashboard> {
    let tally = tally(db, policy::visible_matters(who)).await?;
    let open = Condition::all().add(matter::Column::Status.is_in(MatterStatus::open_codes()));
    // Still to come: open, due today or later, the earliest first.
    let to_come = Condition::all()
        .add(deadline::Column::Status.eq(DeadlineStatus::Open.code()))
        .add(deadline::Column::DueDate.gte(today));
    let first = (DASHBOARD_LIST_MAX, Order::Asc);
    let (upcoming, n) = first_dues(db, who, (open.clone(), to_come), first, today).await?;
    let (upcoming, upcoming_total) = lines(db, who, (upcoming.iter().collect(), n), today).await?;
    // Passed with nothing recorded to meet them, the most recently due first.
    let passed = overdue_as_of(today);
    let latest = (DASHBOARD_LIST_MAX, Order::Desc);
    let (overdue, n) = first_dues(db, who, (open, passed), latest, today).await?;
    let (overdue, overdue_total) = lines(db, who, (overdue.iter().collect(), n), today).await?;
    let (may_sue, may_sue_total) = may_sue_now(db, who, today).await?;
    Ok(Dashboard {
        drafts: drafts_for(db, who).await?,
        today,
        total_matters: tally.total,
        by_kind: tally.by_kind,
        by_status: tally.by_status,
        upcoming,
        upcoming_total,
        overdue,
        overdue_total,
        may_sue,
        may_sue_total,
    })
}
