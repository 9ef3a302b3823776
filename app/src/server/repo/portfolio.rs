//! The portfolio timeline: the open matters a signed-in user may see, with
//! their events and deadlines, grouped by agency or by legal theory.

mod reads;

use super::common::{agencies_by_id, matter_ref_of};
use crate::{
    error::{AppError, AppResult},
    model::{
        Count,
        portfolio::{Group, Grouping, Portfolio, Row},
    },
    server::auth::Principal,
};
use chrono::{Duration, NaiveDate};
use reads::{OpenRow, event_dates, first_events, marks, open_matters, theories_of};
use sea_orm::ConnectionTrait;
use std::collections::{BTreeMap, BTreeSet};

/// The most matters one group of the timeline shows (the longest open);
/// the rest are counted and linked. A log import can leave tens of
/// thousands of open requests at one agency.
pub const PORTFOLIO_GROUP_MAX: usize = 100;

/// How far back and ahead of today the axis reaches at most.
const BACK_DAYS: i64 = 2 * 366;
const AHEAD_DAYS: i64 = 400;
/// At least this much of the future is shown, so "next" has room.
const MIN_AHEAD_DAYS: i64 = 45;

/// An open matter placed on the timeline: the day it opened (its first
/// event or, with none, the day it was created), its title and its index
/// among the open matters read.
type Placed = (NaiveDate, String, i32, usize);

/// A group before its rows are filled in: its key (slug, label), the
/// longest open of its matters and how many it has.
struct Cut {
    key: (String, String),
    shown: Vec<Placed>,
    total: u64,
}

/// The matters under each key (slug, label), the longest open first and
/// at most [`PORTFOLIO_GROUP_MAX`] of them, groups in key order.
fn cut(keyed: Vec<((String, String), Placed)>) -> Vec<Cut> {
    let mut groups: BTreeMap<(String, String), Vec<Placed>> = BTreeMap::new();
    for (key, placed) in keyed {
        groups.entry(key).or_default().push(placed);
    }
    groups
        .into_iter()
        .map(|(key, mut all)| {
            let total = all.len() as u64;
            if all.len() > PORTFOLIO_GROUP_MAX {
                all.select_nth_unstable(PORTFOLIO_GROUP_MAX);
                all.truncate(PORTFOLIO_GROUP_MAX);
            }
            all.sort_unstable();
            Cut { key, shown: all, total }
        })
        .collect()
}

fn plural(grouping: Grouping) -> &'static str {
    match grouping {
        Grouping::Agency => "agencies",
        Grouping::Theory => "theories",
    }
}

/// How many open matters under each (slug, label), most first.
fn tally(keys: impl Iterator<Item = (String, String)>) -> Vec<Count> {
    let mut n: BTreeMap<(String, String), u64> = BTreeMap::new();
    for k in keys {
        *n.entry(k).or_default() += 1;
    }
    let mut out: Vec<Count> = n.into_iter().map(|((code, label), count)| Count { code, label, count }).collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
    out
}

/// The axis: from the earliest opening to the latest open deadline of the
/// rows shown, within [`BACK_DAYS`] before and [`AHEAD_DAYS`] after today.
fn span<'a>(rows: impl Iterator<Item = &'a Row> + Clone, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let first = rows.clone().map(|r| r.opened).min().unwrap_or(today);
    let last = rows.flat_map(|r| r.deadlines.iter().map(|d| d.due)).max().unwrap_or(today);
    let start = first.max(today - Duration::days(BACK_DAYS));
    let end = last.max(today + Duration::days(MIN_AHEAD_DAYS)).min(today + Duration::days(AHEAD_DAYS));
    (start, end)
}

/// Every open matter `who` may see under its group's key (by agency or by
/// theory; a matter with several theories is under each), and the counts
/// by agency and by theory.
async fn place(
    db: &impl ConnectionTrait,
    who: &Principal,
    open: &[OpenRow],
    grouping: Grouping,
) -> AppResult<(Vec<((String, String), Placed)>, Vec<Count>, Vec<Count>)> {
    let first = first_events(db, who).await?;
    let agencies = agencies_by_id(db, open.iter().map(|m| m.agency_id).collect()).await?;
    let theories = theories_of(db, who).await?;
    let mut keyed = Vec::new();
    let (mut agency_keys, mut theory_keys) = (Vec::new(), Vec::new());
    for (i, m) in open.iter().enumerate() {
        let opened = first.get(&m.id).copied().unwrap_or_else(|| m.created_at.date_naive());
        let placed = (opened, m.title.clone(), m.id, i);
        let ag = agencies.get(&m.agency_id).ok_or_else(|| {
            tracing::error!(matter = m.id, "matter's agency is missing");
            AppError::Internal
        })?;
        agency_keys.push((ag.slug.clone(), ag.abbreviation.clone()));
        let mine = theories.get(&m.id).cloned().unwrap_or_default();
        theory_keys.extend(mine.iter().cloned());
        match grouping {
            Grouping::Agency => keyed.push(((ag.slug.clone(), format!("{} ({})", ag.name, ag.abbreviation)), placed)),
            Grouping::Theory if mine.is_empty() => keyed.push(((String::new(), "No theory linked".into()), placed)),
            Grouping::Theory => keyed.extend(mine.into_iter().map(|key| (key, placed.clone()))),
        }
    }
    Ok((keyed, tally(agency_keys.into_iter()), tally(theory_keys.into_iter())))
}

/// The portfolio timeline as `who` may see it.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn portfolio(
    db: &impl ConnectionTrait,
    who: &Principal,
    grouping: Grouping,
    today: NaiveDate,
) -> AppResult<Portfolio> {
    let open = open_matters(db, who).await?;
    let (keyed, by_agency, by_theory) = place(db, who, &open, grouping).await?;
    let cuts = cut(keyed);
    let shown: Vec<i32> =
        cuts.iter().flat_map(|c| c.shown.iter().map(|p| p.2)).collect::<BTreeSet<_>>().into_iter().collect();
    let events = event_dates(db, who, &shown).await?;
    let deadlines = marks(db, who, &shown, today).await?;
    let mut groups = Vec::with_capacity(cuts.len());
    for Cut { key: (slug, label), shown, total } in cuts {
        let mut rows = Vec::with_capacity(shown.len());
        for (opened, _, id, i) in shown {
            let m = &open[i];
            let events = events.get(&id).cloned().unwrap_or_default();
            let deadlines = deadlines.get(&id).cloned().unwrap_or_default();
            rows.push(Row { matter: matter_ref_of(&m.slug, &m.title, &m.kind, &m.status)?, opened, events, deadlines });
        }
        let href = (!slug.is_empty()).then(|| format!("/{}/{slug}", plural(grouping)));
        let list = (!slug.is_empty()).then(|| format!("/matters?{}={slug}", grouping.code()));
        groups.push(Group { label, href, list, rows, total });
    }
    groups.sort_by(|a, b| (a.href.is_none(), &a.label).cmp(&(b.href.is_none(), &b.label)));
    let (start, end) = span(groups.iter().flat_map(|g| g.rows.iter()), today);
    Ok(Portfolio { today, grouping, start, end, groups, by_agency, by_theory })
}
