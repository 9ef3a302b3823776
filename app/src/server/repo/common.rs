//! Mapping helpers shared by the repo modules: entity rows to read models,
//! stored codes to vocabulary values, and batched look-ups (no N+1).

use crate::{
    domain::{
        calendar::{Calendar, Reading},
        vocab::{DeadlineStatus, MatterKind, MatterStatus, UnknownCode, Verification},
    },
    error::{AppError, AppResult},
    model::{AgencyRef, MatterRef, ProvisionRef},
    server::entities::{agency, deadline, matter, provision},
};
use chrono::{Days, NaiveDate};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Selector, SelectorTrait};
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
    Ok(MatterRef {
        slug: m.slug.clone(),
        title: m.title.clone(),
        kind: stored(&m.kind, MatterKind::parse)?,
        status: stored(&m.status, MatterStatus::parse)?,
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

/// Business days from `today` to `due` (negative, at least one, when `due`
/// has passed), on
/// the default federal calendar under the statute-only reading.
pub fn business_days_until(cal: &Calendar, today: NaiveDate, due: NaiveDate) -> i64 {
    let (from, to, sign) = if due >= today { (today, due, 1) } else { (due, today, -1) };
    let count = from
        .iter_days()
        .skip(1)
        .take_while(|d| *d <= to)
        .filter(|d| cal.is_business_day(*d, Reading::StatuteOnly))
        .count();
    let count = i64::try_from(count).unwrap_or(i64::MAX);
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
    use super::{IN_LIST_MAX, in_slices};

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
