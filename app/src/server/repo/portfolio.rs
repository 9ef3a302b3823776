//! The portfolio timeline: the open matters a signed-in user may see, with
//! their events and deadlines, grouped by agency or by legal theory.

use super::{
    briefs::dues,
    common::{agencies_by_id, agency_of, all_in, matter_ref},
};
use crate::{
    domain::vocab::MatterStatus,
    error::AppResult,
    model::{
        Count,
        portfolio::{Group, Grouping, Mark, Portfolio, Row},
    },
    server::{
        auth::Principal,
        entities::{event, legal_theory, matter, matter_theory},
        policy,
    },
};
use chrono::{Duration, NaiveDate};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, JoinType, QueryFilter, QuerySelect, RelationTrait,
};
use std::collections::{BTreeMap, HashMap};

/// The most matters one group of the timeline shows (the longest open);
/// the rest are counted and linked. A log import can leave tens of
/// thousands of open requests at one agency.
pub const PORTFOLIO_GROUP_MAX: usize = 100;

/// How far back and ahead of today the axis reaches at most.
const BACK_DAYS: i64 = 2 * 366;
const AHEAD_DAYS: i64 = 400;
/// At least this much of the future is shown, so "next" has room.
const MIN_AHEAD_DAYS: i64 = 45;

/// The open matters `who` may see, by id.
async fn open_matters(db: &impl ConnectionTrait, who: &Principal) -> AppResult<HashMap<i32, matter::Model>> {
    let rows = matter::Entity::find().filter(policy::visible_matters(who)).filter(open_only()).all(db).await?;
    Ok(rows.into_iter().map(|m| (m.id, m)).collect())
}

/// The matters the portfolio shows: open ones.
fn open_only() -> Condition {
    Condition::all().add(matter::Column::Status.is_in(MatterStatus::open_codes()))
}

/// Event dates by matter, of the open matters `who` may see: live events
/// only, and for matters of another organisation only the public ones.
async fn event_dates(db: &impl ConnectionTrait, who: &Principal) -> AppResult<HashMap<i32, Vec<NaiveDate>>> {
    use event::Column as C;
    let rows: Vec<(i32, NaiveDate)> = event::Entity::find()
        .select_only()
        .columns([C::MatterId, C::Date])
        .join(JoinType::InnerJoin, event::Relation::Matter.def())
        .filter(C::DeletedAt.is_null())
        .filter(policy::visible_joined(who, C::Public))
        .filter(open_only())
        .into_tuple()
        .all(db)
        .await?;
    let mut out: HashMap<i32, Vec<NaiveDate>> = HashMap::new();
    for (matter_id, date) in rows {
        out.entry(matter_id).or_default().push(date);
    }
    for dates in out.values_mut() {
        dates.sort_unstable();
    }
    Ok(out)
}

/// Each matter's theories (slug, name), for grouping by theory.
async fn theories_of(
    db: &impl ConnectionTrait,
    ids: impl Iterator<Item = i32>,
) -> AppResult<HashMap<i32, Vec<(String, String)>>> {
    let links = all_in(db, ids, |slice| {
        matter_theory::Entity::find()
            .filter(matter_theory::Column::MatterId.is_in(slice))
            .into_model::<matter_theory::Model>()
    })
    .await?;
    let theories: HashMap<i32, legal_theory::Model> =
        legal_theory::Entity::find().all(db).await?.into_iter().map(|t| (t.id, t)).collect();
    let mut out: HashMap<i32, Vec<(String, String)>> = HashMap::new();
    for l in links {
        if let Some(t) = theories.get(&l.theory_id) {
            out.entry(l.matter_id).or_default().push((t.slug.clone(), t.short_name.clone()));
        }
    }
    Ok(out)
}

/// Rows under their groups' keys (slug, label), groups and rows sorted.
fn grouped(keyed: Vec<((String, String), Row)>, grouping: Grouping) -> Vec<Group> {
    let mut groups: BTreeMap<(String, String), Vec<Row>> = BTreeMap::new();
    for (key, row) in keyed {
        groups.entry(key).or_default().push(row);
    }
    let mut out: Vec<Group> = groups
        .into_iter()
        .map(|((slug, label), mut rows)| {
            rows.sort_by(|a, b| (a.opened, &a.matter.title).cmp(&(b.opened, &b.matter.title)));
            let total = rows.len() as u64;
            rows.truncate(PORTFOLIO_GROUP_MAX);
            let href = (!slug.is_empty()).then(|| format!("/{}/{slug}", plural(grouping)));
            let list = (!slug.is_empty()).then(|| format!("/matters?{}={slug}", grouping.code()));
            Group { label, href, list, rows, total }
        })
        .collect();
    out.sort_by(|a, b| (a.href.is_none(), &a.label).cmp(&(b.href.is_none(), &b.label)));
    out
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

/// The axis: from the earliest opening to the latest open deadline, within
/// [`BACK_DAYS`] before and [`AHEAD_DAYS`] after today.
fn span(rows: &[&Row], today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let first = rows.iter().map(|r| r.opened).min().unwrap_or(today);
    let last = rows.iter().flat_map(|r| r.deadlines.iter().map(|d| d.due)).max().unwrap_or(today);
    let start = first.max(today - Duration::days(BACK_DAYS));
    let end = last.max(today + Duration::days(MIN_AHEAD_DAYS)).min(today + Duration::days(AHEAD_DAYS));
    (start, end)
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
    let mut events = event_dates(db, who).await?;
    let mut marks: HashMap<i32, Vec<Mark>> = HashMap::new();
    for d in dues(db, who, open_only(), Condition::all(), today).await? {
        let mark = Mark { title: d.row.title, due: d.row.due_date, status: d.status };
        marks.entry(d.row.matter_id).or_default().push(mark);
    }
    let agencies = agencies_by_id(db, open.values().map(|m| m.agency_id).collect()).await?;
    let theories = theories_of(db, open.keys().copied()).await?;
    let mut keyed = Vec::new();
    let (mut agency_keys, mut theory_keys) = (Vec::new(), Vec::new());
    for m in open.values() {
        let dates = events.remove(&m.id).unwrap_or_default();
        let row = Row {
            matter: matter_ref(m)?,
            opened: dates.first().copied().unwrap_or_else(|| m.created_at.date_naive()),
            events: dates,
            deadlines: marks.remove(&m.id).unwrap_or_default(),
        };
        let ag = agency_of(&agencies, m)?;
        let agency_key = (ag.slug.clone(), format!("{} ({})", ag.name, ag.abbreviation));
        agency_keys.push((ag.slug.clone(), ag.abbreviation.clone()));
        let mine = theories.get(&m.id).cloned().unwrap_or_default();
        theory_keys.extend(mine.iter().cloned());
        match grouping {
            Grouping::Agency => keyed.push((agency_key, row)),
            Grouping::Theory if mine.is_empty() => keyed.push(((String::new(), "No theory linked".into()), row)),
            Grouping::Theory => keyed.extend(mine.into_iter().map(|key| (key, row.clone()))),
        }
    }
    let (start, end) = span(&keyed.iter().map(|(_, r)| r).collect::<Vec<_>>(), today);
    Ok(Portfolio {
        today,
        grouping,
        start,
        end,
        groups: grouped(keyed, grouping),
        by_agency: tally(agency_keys.into_iter()),
        by_theory: tally(theory_keys.into_iter()),
    })
}
