//! Mapping helpers shared by the repo modules: entity rows to read models,
//! stored codes to vocabulary values, and batched look-ups (no N+1).

use crate::{
    domain::{
        calendar::{Calendar, Reading, TABLE_END, TABLE_START},
        vocab::{DeadlineStatus, MatterKind, MatterStatus, UnknownCode, Verification},
    },
    error::{AppError, AppResult},
    model::{AgencyRef, MatterRef, ProvisionRef},
    server::{
        auth::Principal,
        entities::{agency, deadline, matter, provision},
        policy,
    },
};
use chrono::{Days, NaiveDate};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Selector, SelectorTrait,
    sea_query::{Expr, Func},
};
use std::collections::HashMap;

/// Parses a code stored in the database; a bad one is a data bug, logged.
pub fn stored<T>(value: &str, parse: fn(&str) -> Result<T, UnknownCode>) -> AppResult<T> {
    parse(value).map_err(|e| {
        tracing::error!(error = %e, "invalid code stored in the database");
        AppError::Internal
    })
}

/// The short reference to a matter.
pub fn matter_ref(m: &matter::Model) -> AppResult<MatterRef> {
    matter_ref_of(&m.slug, &m.title, &m.kind, &m.status)
}

/// The short reference to a matter from the columns a narrow query read.
///
/// # Errors
/// `Internal` on a bad stored kind or status.
pub fn matter_ref_of(slug: &str, title: &str, kind: &str, status: &str) -> AppResult<MatterRef> {
    Ok(MatterRef {
        slug: slug.to_owned(),
        title: title.to_owned(),
        kind: stored(kind, MatterKind::parse)?,
        status: stored(status, MatterStatus::parse)?,
    })
}

/// The short reference to an agency.
pub fn agency_ref(a: &agency::Model) -> AgencyRef {
    AgencyRef { slug: a.slug.clone(), name: a.name.clone(), abbreviation: a.abbreviation.clone() }
}

/// The short reference to a provision.
pub fn provision_ref(p: &provision::Model) -> AppResult<ProvisionRef> {
    Ok(ProvisionRef {
        slug: p.slug.clone(),
        citation: p.citation.clone(),
        title: p.title.clone(),
        url: p.url.clone(),
        verification: stored(&p.verification, Verification::parse)?,
    })
}

/// The most values one `IN (…)` list binds. SQLite takes at most 32,766
/// bound values in a statement and PostgreSQL 65,535, and an organisation
/// that has imported an agency's FOIA log has more matters than either.
pub const IN_LIST_MAX: usize = 5_000;

/// `ids` without repeats, in slices short enough for one `IN (…)` list each
/// (none for no ids, so no query is run for nothing).
pub fn in_slices(ids: impl IntoIterator<Item = i32>) -> Vec<Vec<i32>> {
    let mut ids: Vec<i32> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    ids.chunks(IN_LIST_MAX).map(<[i32]>::to_vec).collect()
}

/// The rows `query` selects for each of the slices of `ids` (see
/// [`in_slices`]), slice after slice: the caller's query adds the `IN (…)`
/// filter for the slice it is given, and re-sorts the rows if there may have
/// been more than one slice and their order matters.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn all_in<S: SelectorTrait>(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i32>,
    query: impl Fn(Vec<i32>) -> Selector<S>,
) -> AppResult<Vec<S::Item>> {
    let mut rows = Vec::new();
    for slice in in_slices(ids) {
        rows.extend(query(slice).all(db).await?);
    }
    Ok(rows)
}

/// The first `max` of `all`, and how many there were: long lists show
/// their head and count the rest.
pub fn first_of<T>(all: impl IntoIterator<Item = T>, max: usize) -> (Vec<T>, u64) {
    let (mut shown, mut total) = (Vec::new(), 0u64);
    for item in all {
        if shown.len() < max {
            shown.push(item);
        }
        total += 1;
    }
    (shown, total)
}

/// How many matters `who` may see that meet `cond` each agency has (its
/// own), by agency id: counted by the database.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn count_by_agency(
    db: &impl ConnectionTrait,
    who: &Principal,
    cond: Condition,
) -> AppResult<HashMap<i32, u64>> {
    let rows: Vec<(i32, i64)> = matter::Entity::find()
        .select_only()
        .column(matter::Column::AgencyId)
        .expr(Func::count(Expr::col(matter::Column::Id)))
        .filter(policy::visible_matters(who))
        .filter(cond)
        .group_by(matter::Column::AgencyId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(id, n)| (id, u64::try_from(n).unwrap_or(0))).collect())
}

/// Agencies by id, for the given ids (repeats allowed).
pub async fn agencies_by_id(db: &impl ConnectionTrait, ids: Vec<i32>) -> AppResult<HashMap<i32, agency::Model>> {
    let rows = all_in(db, ids, |slice| {
        agency::Entity::find().filter(agency::Column::Id.is_in(slice)).into_model::<agency::Model>()
    })
    .await?;
    Ok(rows.into_iter().map(|a| (a.id, a)).collect())
}

/// The agency of a matter from a map loaded with [`agencies_by_id`].
pub fn agency_of<'a>(map: &'a HashMap<i32, agency::Model>, m: &matter::Model) -> AppResult<&'a agency::Model> {
    map.get(&m.agency_id).ok_or_else(|| {
        tracing::error!(matter = m.id, "matter's agency is missing");
        AppError::Internal
    })
}

/// What the status and exhaustion rules read of a deadline: a whole row, or
/// the few columns a narrower query selected (the public read layer).
#[derive(Debug, Clone, Copy)]
pub struct DeadlineClock<'a> {
    pub rule_id: Option<&'a str>,
    pub status: &'a str,
    pub due_date: NaiveDate,
    /// Whether an event was recorded as meeting it.
    pub met: bool,
}

impl<'a> From<&'a deadline::Model> for DeadlineClock<'a> {
    fn from(d: &'a deadline::Model) -> Self {
        DeadlineClock {
            rule_id: d.rule_id.as_deref(),
            status: &d.status,
            due_date: d.due_date,
            met: d.met_by_event_id.is_some(),
        }
    }
}

/// A deadline's status as of `today`: an open deadline whose day has passed
/// is missed, even before the nightly job has written that down.
pub fn effective_status<'a>(d: impl Into<DeadlineClock<'a>>, today: NaiveDate) -> AppResult<DeadlineStatus> {
    let d = d.into();
    let status = stored(d.status, DeadlineStatus::parse)?;
    Ok(if status == DeadlineStatus::Open && d.due_date < today { DeadlineStatus::Missed } else { status })
}

/// The deadlines overdue on `today`, as a condition on the `deadlines`
/// table: their [`effective_status`] is missed (stored missed, or open with
/// its day passed) and nothing is recorded to meet them.
pub fn overdue_as_of(today: NaiveDate) -> Condition {
    use deadline::Column as C;
    let passed = Condition::all().add(C::Status.eq(DeadlineStatus::Open.code())).add(C::DueDate.lt(today));
    let missed = Condition::any().add(C::Status.eq(DeadlineStatus::Missed.code())).add(passed);
    Condition::all().add(missed).add(C::MetByEventId.is_null())
}

/// Business days from `today` to `due` (negative, at least one, when `due`
/// has passed), on
/// the default federal calendar under the statute-only reading.
pub fn business_days_until(cal: &Calendar, today: NaiveDate, due: NaiveDate) -> i64 {
    let (from, to, sign) = if due >= today { (today, due, 1) } else { (due, today, -1) };
    // The business days after `from` up to and including `to`: strictly
    // between `from` and the day after `to`, read off the calendar's table
    // in O(1) where both fall inside it, counted day by day where not.
    let count = match to.succ_opt() {
        Some(end) if from >= TABLE_START && end <= TABLE_END => {
            i64::from(cal.business_days_between(from, end, Reading::StatuteOnly))
        }
        _ => {
            let days = from.iter_days().skip(1).take_while(|d| *d <= to);
            i64::try_from(days.filter(|d| cal.is_business_day(*d, Reading::StatuteOnly)).count()).unwrap_or(i64::MAX)
        }
    };
    // A day that has passed is late even if no business day came since.
    if sign < 0 { -count.max(1) } else { count }
}

/// Rules whose missed deadline makes a request constructively exhausted
/// (5 U.S.C. 552(a)(6)(C)(i)).
pub const EXHAUSTING_RULES: [&str; 2] = ["foia.response", "foia.appeal_response"];

/// Whether the matter is still in the administrative stage, where a missed
/// response deadline means the requester may sue now.
pub fn awaiting_agency(status: MatterStatus) -> bool {
    status.is_open() && status != MatterStatus::InLitigation && status != MatterStatus::Draft
}

/// The day from which a request (or appeal) is constructively exhausted
/// through this deadline (5 U.S.C. 552(a)(6)(C)(i)): the response clock of
/// an exhausting rule ran out with nothing meeting it while the matter still
/// waits on the agency. `None` when that is not so.
pub fn may_sue_since<'a>(
    d: impl Into<DeadlineClock<'a>>,
    matter_status: MatterStatus,
    today: NaiveDate,
) -> AppResult<Option<NaiveDate>> {
    let d = d.into();
    let exhausting = d.rule_id.is_some_and(|r| EXHAUSTING_RULES.contains(&r));
    let missed = effective_status(d, today)? == DeadlineStatus::Missed;
    Ok((exhausting && missed && !d.met && awaiting_agency(matter_status))
        .then(|| d.due_date.checked_add_days(Days::new(1)).unwrap_or(d.due_date)))
}

/// The slugs of every provision Docket has a page for.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn provision_slugs(db: &impl sea_orm::ConnectionTrait) -> AppResult<Vec<String>> {
    use sea_orm::EntityTrait;
    Ok(super::super::entities::provision::Entity::find().all(db).await?.into_iter().map(|p| p.slug).collect())
}

#[cfg(test)]
mod tests {
    use super::{IN_LIST_MAX, business_days_until, in_slices};
    use crate::domain::calendar::{Calendar, Reading};
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    /// Counted by walking the days, as the calendar's table is not.
    fn walked(cal: &Calendar, today: NaiveDate, due: NaiveDate) -> i64 {
        let (from, to) = if due >= today { (today, due) } else { (due, today) };
        let n =
            from.iter_days().skip(1).take_while(|x| *x <= to).filter(|x| cal.is_business_day(*x, Reading::StatuteOnly));
        let n = i64::try_from(n.count()).expect("small");
        if due >= today { n } else { -n.max(1) }
    }

    #[test]
    fn business_days_left_are_read_off_the_calendar_as_a_walk_would_count_them() {
        let cal = Calendar::federal();
        // Monday 7 Dec 2026: Friday the 11th is four business days away; the
        // same day none; last Friday one day late, and a Saturday passed on
        // Sunday still late by one.
        let today = d("2026-12-07");
        assert_eq!(business_days_until(&cal, today, d("2026-12-11")), 4);
        assert_eq!(business_days_until(&cal, today, today), 0);
        assert_eq!(business_days_until(&cal, today, d("2026-12-04")), -1);
        assert_eq!(business_days_until(&cal, d("2026-12-06"), d("2026-12-05")), -1);
        // Over Christmas and New Year's Day, and across years both ways.
        for (t, due) in [("2026-12-20", "2027-01-04"), ("2027-01-04", "2026-12-20"), ("2020-02-29", "2026-03-01")] {
            assert_eq!(business_days_until(&cal, d(t), d(due)), walked(&cal, d(t), d(due)), "{t} to {due}");
        }
        // Every pair of days over six weeks around the year's end.
        let days: Vec<NaiveDate> = d("2026-11-20").iter_days().take(45).collect();
        for &t in &days {
            for &due in &days {
                assert_eq!(business_days_until(&cal, t, due), walked(&cal, t, due), "{t} to {due}");
            }
        }
        // Outside the calendar's table the days are still counted.
        assert_eq!(
            business_days_until(&cal, d("1988-12-26"), d("1989-01-03")),
            walked(&cal, d("1988-12-26"), d("1989-01-03"))
        );
        assert!(business_days_until(&cal, d("1988-12-26"), d("1989-01-03")) > 0);
    }

    #[test]
    fn long_id_lists_are_cut_into_slices_without_repeats() {
        assert!(in_slices([]).is_empty(), "no ids, no query");
        assert_eq!(in_slices([3, 1, 3, 2]), vec![vec![1, 2, 3]]);
        let ids = (1..=100_000).rev().chain(1..=10);
        let slices = in_slices(ids);
        assert_eq!(slices.len(), 100_000 / IN_LIST_MAX);
        assert!(slices.iter().all(|s| s.len() == IN_LIST_MAX));
        assert_eq!(slices.concat(), (1..=100_000).collect::<Vec<_>>(), "every id once, in order");
    }
}
