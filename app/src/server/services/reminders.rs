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
    components::thousands,
    domain::{
        calendar::{Calendar, Reading},
        vocab::{DeadlineStatus, MatterStatus, Role},
    },
    error::{AppError, AppResult},
    model::DigestItem,
    server::{
        entities::{deadline, matter, matter_assignment, notification, user},
        repo::common::{all_in, business_days_until, first_of},
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
/// The most lines each of a digest's two groups lists (the rest are counted
/// and linked): once an agency's FOIA log is imported an attorney may have
/// tens of thousands of overdue deadlines.
pub const DIGEST_GROUP_MAX: usize = 50;

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
    let mut pending = all_in(db, matters.keys().copied(), |slice| {
        deadline::Entity::find()
            .filter(deadline::Column::MatterId.is_in(slice))
            .filter(deadline::Column::Status.is_in([DeadlineStatus::Open.code(), DeadlineStatus::Missed.code()]))
            .filter(deadline::Column::MetByEventId.is_null())
            .filter(deadline::Column::DueDate.lte(horizon))
            .into_model::<deadline::Model>()
    })
    .await?;
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
        if !items.is_empty() && store_digest(db, u.id, today, &Digest::of(items), base_url).await? {
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

/// A user's digest for a day: the first lines of each group (overdue, most
/// recently due first; due soon, earliest first) and how many each had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digest {
    pub overdue: Vec<DigestItem>,
    pub overdue_total: u64,
    pub soon: Vec<DigestItem>,
    pub soon_total: u64,
}

impl Digest {
    /// The digest of `items`, given in due-date order.
    pub fn of(items: Vec<DigestItem>) -> Digest {
        let (mut overdue, soon): (Vec<_>, Vec<_>) = items.into_iter().partition(DigestItem::overdue);
        overdue.reverse();
        let (overdue, overdue_total) = first_of(overdue, DIGEST_GROUP_MAX);
        let (soon, soon_total) = first_of(soon, DIGEST_GROUP_MAX);
        Digest { overdue, overdue_total, soon, soon_total }
    }

    /// Every line it lists, overdue first.
    pub fn lines(&self) -> impl Iterator<Item = &DigestItem> {
        self.overdue.iter().chain(&self.soon)
    }
}

/// The digest's subject line.
pub fn subject(digest: &Digest, today: NaiveDate) -> String {
    format!(
        "Docket {today}: {} due within {HORIZON} business days, {} overdue",
        thousands(digest.soon_total),
        thousands(digest.overdue_total)
    )
}

/// The digest as plain text (the e-mail's body).
pub fn body(digest: &Digest, base_url: &str) -> String {
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
    let groups = [
        ("Overdue", &digest.overdue, digest.overdue_total, "most recently due first", "missed"),
        ("Due soon", &digest.soon, digest.soon_total, "earliest first", "open"),
    ];
    let mut out = String::new();
    for (heading, group, total, order, status) in groups {
        if group.is_empty() {
            continue;
        }
        out.push_str(heading);
        out.push_str(":\n");
        group.iter().for_each(|i| out.push_str(&line(i)));
        if total > group.len() as u64 {
            out.push_str(&format!(
                "Showing {} of {}, {order}. Every one: {base_url}/export/deadlines.csv?status={status}\n",
                thousands(group.len() as u64),
                thousands(total)
            ));
        }
        out.push('\n');
    }
    out.push_str("Each date links to its explanation in Docket. You get this because these matters are yours.\n");
    out
}

/// Inserts the digest unless the user already has today's; `true` if new.
async fn store_digest(
    db: &DatabaseConnection,
    user_id: i32,
    today: NaiveDate,
    digest: &Digest,
    base_url: &str,
) -> AppResult<bool> {
    let lines: Vec<&DigestItem> = digest.lines().collect();
    let json = serde_json::to_string(&lines).map_err(|_| AppError::Internal)?;
    let total = |n: u64| i32::try_from(n).unwrap_or(i32::MAX);
    let row = notification::ActiveModel {
        user_id: Set(user_id),
        kind: Set(DIGEST.into()),
        day: Set(today),
        subject: Set(subject(digest, today)),
        body: Set(body(digest, base_url)),
        items: Set(json),
        overdue_total: Set(total(digest.overdue_total)),
        soon_total: Set(total(digest.soon_total)),
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
        let digest = Digest::of(vec![it(-2, true), it(0, false), it(3, true)]);
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).expect("date");
        assert_eq!(subject(&digest, today), "Docket 2026-11-30: 2 due within 5 business days, 1 overdue");
        let text = body(&digest, "https://docket.example");
        let (late, soon) = (text.find("Overdue:").expect("late"), text.find("Due soon:").expect("soon"));
        assert!(late < soon);
        assert!(text.contains("(2 business days late; the agency owes it)"));
        assert!(text.contains("(today; we owe it)"));
        assert!(text.contains("  https://docket.example/matters/cbp-tvs\n"));
        assert!(!text.contains("Showing"), "a short digest lists every line");
    }

    #[test]
    fn a_long_digest_lists_the_latest_overdue_and_the_next_due_and_counts_the_rest() {
        let mut items: Vec<DigestItem> = (1..=70).rev().map(|n| it(-n, true)).collect();
        items.extend((0..60).map(|n| it(n, false)));
        let digest = Digest::of(items);
        assert_eq!((digest.overdue.len(), digest.overdue_total), (DIGEST_GROUP_MAX, 70));
        assert_eq!((digest.soon.len(), digest.soon_total), (DIGEST_GROUP_MAX, 60));
        assert_eq!(digest.overdue[0].business_days_left, -1, "the most recently due first");
        assert_eq!(digest.soon[0].business_days_left, 0, "the next due first");
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).expect("date");
        assert_eq!(subject(&digest, today), "Docket 2026-11-30: 60 due within 5 business days, 70 overdue");
        let text = body(&digest, "https://docket.example");
        assert_eq!(text.lines().filter(|l| l.starts_with("- ")).count(), 2 * DIGEST_GROUP_MAX);
        assert!(text.contains(
            "Showing 50 of 70, most recently due first. Every one: https://docket.example/export/deadlines.csv?status=missed\n"
        ));
        assert!(text.contains("Showing 50 of 60, earliest first."));
    }
}
