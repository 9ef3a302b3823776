//! The daily job: bring every open deadline's status up to date (an open
//! deadline whose day has passed becomes missed), then write each user a
//! digest of what is due within five business days and what is overdue on
//! the matters they work on. Each step can run again without effect: the
//! recomputation is idempotent and a digest is unique per user and day.
//! E-mailing is separate ([`claim_unsent`], [`release_unsent`]) so that a
//! message is sent once even when several servers share the database.

use super::{
    deadlines::{COURT_ORDERED, load_calendar},
    recompute::{RecomputeReport, recompute_open},
};
use crate::{
    domain::{
        calendar::{Calendar, Reading},
        vocab::{DeadlineStatus, MatterStatus, Role},
    },
    error::{AppError, AppResult},
    model::DigestItem,
    server::{
        entities::{deadline, matter, matter_assignment, notification, user},
        repo::common::{business_days_until, in_slices},
        tx::begin_write,
    },
};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, sea_query::Expr,
    sea_query::OnConflict,
};
use std::collections::HashMap;

/// The job's name in `job_runs`.
pub const NIGHTLY: &str = "nightly";
/// The kind of notification the job writes.
pub const DIGEST: &str = "deadline-digest";
/// How far ahead a digest looks, in business days.
pub const HORIZON: u32 = 5;

/// What one run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NightlyReport {
    pub recompute: RecomputeReport,
    pub court_ordered_missed: u64,
    pub digests: usize,
}

impl std::fmt::Display for NightlyReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} matters rechecked, {} deadlines updated ({} moved), {} court-ordered deadlines marked missed, \
             {} digests written",
            self.recompute.matters,
            self.recompute.updated,
            self.recompute.moved,
            self.court_ordered_missed,
            self.digests
        )
    }
}

/// Runs the daily job for `today`; links in digests start with `base_url`.
///
/// # Errors
/// `Internal` on a database failure (the status update is one transaction).
pub async fn run_nightly(db: &DatabaseConnection, today: NaiveDate, base_url: &str) -> AppResult<NightlyReport> {
    let txn = begin_write(db).await?;
    let recompute = recompute_open(&txn, None, today, "daily status update").await?;
    let court_ordered_missed = deadline::Entity::update_many()
        .col_expr(deadline::Column::Status, Expr::value(DeadlineStatus::Missed.code()))
        .col_expr(deadline::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(deadline::Column::RuleId.eq(COURT_ORDERED))
        .filter(deadline::Column::Status.eq(DeadlineStatus::Open.code()))
        .filter(deadline::Column::DueDate.lt(today))
        .exec(&txn)
        .await?
        .rows_affected;
    txn.commit().await?;
    let digests = write_digests(db, today, base_url).await?;
    crate::server::tx::refresh_statistics(db).await;
    Ok(NightlyReport { recompute, court_ordered_missed, digests })
}

/// Writes each user's digest for `today` (skipping users with nothing due
/// or overdue, and users who already have today's); returns how many were new.
async fn write_digests(db: &DatabaseConnection, today: NaiveDate, base_url: &str) -> AppResult<usize> {
    let cal = load_calendar(db).await?;
    let horizon = cal.add_business_days(today, HORIZON, Reading::StatuteOnly).unwrap_or(today);
    let open: Vec<matter::Model> = matter::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .filter(|m| MatterStatus::parse(&m.status).is_ok_and(MatterStatus::is_open))
        .collect();
    let matters: HashMap<i32, matter::Model> = open.into_iter().map(|m| (m.id, m)).collect();
    let mut pending = Vec::new();
    for slice in in_slices(matters.keys().copied()) {
        pending.extend(
            deadline::Entity::find()
                .filter(deadline::Column::MatterId.is_in(slice))
                .filter(deadline::Column::Status.is_in([DeadlineStatus::Open.code(), DeadlineStatus::Missed.code()]))
                .filter(deadline::Column::MetByEventId.is_null())
                .filter(deadline::Column::DueDate.lte(horizon))
                .all(db)
                .await?,
        );
    }
    pending.sort_by_key(|d| (d.due_date, d.id));
    let assigned = assignments(db).await?;
    let mut written = 0;
    for u in user::Entity::find().order_by_asc(user::Column::Id).all(db).await? {
        let role = Role::parse(&u.role).map_err(|_| AppError::Internal)?;
        let mine = |m: &matter::Model| match role {
            Role::Student => assigned.get(&u.id).is_some_and(|ids| ids.contains(&m.id)),
            Role::Attorney | Role::Admin => m.organization_id == u.organization_id,
        };
        let items: Vec<DigestItem> = pending
            .iter()
            .filter_map(|d| matters.get(&d.matter_id).filter(|m| mine(m)).map(|m| item(d, m, &cal, today)))
            .collect();
        if !items.is_empty() && store_digest(db, u.id, today, &items, base_url).await? {
            written += 1;
        }
    }
    Ok(written)
}

async fn assignments(db: &DatabaseConnection) -> AppResult<HashMap<i32, Vec<i32>>> {
    let mut out: HashMap<i32, Vec<i32>> = HashMap::new();
    for a in matter_assignment::Entity::find().all(db).await? {
        out.entry(a.user_id).or_default().push(a.matter_id);
    }
    Ok(out)
}

fn item(d: &deadline::Model, m: &matter::Model, cal: &Calendar, today: NaiveDate) -> DigestItem {
    DigestItem {
        matter_slug: m.slug.clone(),
        matter_title: m.title.clone(),
        title: d.title.clone(),
        due: d.due_date,
        owed_by_agency: d.owed_by == "agency",
        business_days_left: business_days_until(cal, today, d.due_date),
    }
}

/// The digest's subject line.
pub fn subject(items: &[DigestItem], today: NaiveDate) -> String {
    let overdue = items.iter().filter(|i| i.overdue()).count();
    let soon = items.len() - overdue;
    format!("Docket {today}: {soon} due within {HORIZON} business days, {overdue} overdue")
}

/// The digest as plain text (the e-mail's body).
pub fn body(items: &[DigestItem], base_url: &str) -> String {
    let line = |i: &DigestItem| {
        let when = match i.business_days_left {
            n if n < 0 => format!("{} business days late", -n),
            0 => "today".to_string(),
            n => format!("in {n} business days"),
        };
        let who = if i.owed_by_agency { "the agency owes it" } else { "we owe it" };
        format!(
            "- {} ({when}; {who}): {} — {}\n  {base_url}/matters/{}\n",
            i.due, i.title, i.matter_title, i.matter_slug
        )
    };
    let mut out = String::new();
    for (heading, overdue) in [("Overdue", true), ("Due soon", false)] {
        let group: Vec<&DigestItem> = items.iter().filter(|i| i.overdue() == overdue).collect();
        if !group.is_empty() {
            out.push_str(heading);
            out.push_str(":\n");
            group.into_iter().for_each(|i| out.push_str(&line(i)));
            out.push('\n');
        }
    }
    out.push_str("Each date links to its explanation in Docket. You get this because these matters are yours.\n");
    out
}

/// Inserts the digest unless the user already has today's; `true` if new.
async fn store_digest(
    db: &DatabaseConnection,
    user_id: i32,
    today: NaiveDate,
    items: &[DigestItem],
    base_url: &str,
) -> AppResult<bool> {
    let json = serde_json::to_string(items).map_err(|_| AppError::Internal)?;
    let row = notification::ActiveModel {
        user_id: Set(user_id),
        kind: Set(DIGEST.into()),
        day: Set(today),
        subject: Set(subject(items, today)),
        body: Set(body(items, base_url)),
        items: Set(json),
        created_at: Set(Utc::now()),
        read_at: Set(None),
        emailed_at: Set(None),
        ..Default::default()
    };
    let on_conflict =
        OnConflict::columns([notification::Column::UserId, notification::Column::Kind, notification::Column::Day])
            .do_nothing()
            .to_owned();
    let n = notification::Entity::insert(row).on_conflict(on_conflict).exec_without_returning(db).await?;
    Ok(n == 1)
}

/// A digest to e-mail, with its recipient's address.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub id: i32,
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// Claims every digest not yet e-mailed to a user with an address, marking
/// each sent before it goes (so two servers never send the same one). Call
/// [`release_unsent`] for any that then fail to send.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn claim_unsent(db: &DatabaseConnection) -> AppResult<Vec<Outgoing>> {
    let rows = notification::Entity::find().filter(notification::Column::EmailedAt.is_null()).all(db).await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let emails: HashMap<i32, String> = user::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .filter(|u| !u.email.trim().is_empty())
        .map(|u| (u.id, u.email))
        .collect();
    let mut out = Vec::new();
    for n in rows {
        let Some(to) = emails.get(&n.user_id) else { continue };
        let claimed = notification::Entity::update_many()
            .col_expr(notification::Column::EmailedAt, Expr::value(Utc::now()))
            .filter(notification::Column::Id.eq(n.id))
            .filter(notification::Column::EmailedAt.is_null())
            .exec(db)
            .await?;
        if claimed.rows_affected == 1 {
            out.push(Outgoing { id: n.id, to: to.clone(), subject: n.subject, body: n.body });
        }
    }
    Ok(out)
}

/// Puts a digest back in the queue after its e-mail failed.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn release_unsent(db: &DatabaseConnection, id: i32) -> AppResult<()> {
    notification::Entity::update_many()
        .col_expr(notification::Column::EmailedAt, Expr::value(Option::<chrono::DateTime<Utc>>::None))
        .filter(notification::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn it(days: i64, agency: bool) -> DigestItem {
        DigestItem {
            matter_slug: "cbp-tvs".into(),
            matter_title: "CBP TVS records".into(),
            title: "Response due".into(),
            due: NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"),
            owed_by_agency: agency,
            business_days_left: days,
        }
    }

    #[test]
    fn the_digest_says_what_is_late_first_and_links_each_matter() {
        let items = [it(3, true), it(-2, true), it(0, false)];
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).expect("date");
        assert_eq!(subject(&items, today), "Docket 2026-11-30: 2 due within 5 business days, 1 overdue");
        let text = body(&items, "https://docket.example");
        let (late, soon) = (text.find("Overdue:").expect("late"), text.find("Due soon:").expect("soon"));
        assert!(late < soon);
        assert!(text.contains("(2 business days late; the agency owes it)"));
        assert!(text.contains("(today; we owe it)"));
        assert!(text.contains("  https://docket.example/matters/cbp-tvs\n"));
    }
}
