//! What the portfolio reads: a few columns of every open matter the viewer
//! may see (to group, count and order them), then the events and deadlines
//! of only the matters a page shows. After an agency's FOIA log is imported
//! there may be 100,000 open requests, of which a page shows a few hundred.

use super::super::{
    briefs::dues,
    common::{all_in, in_slices},
};
use crate::{
    domain::vocab::MatterStatus,
    error::AppResult,
    model::portfolio::Mark,
    server::{
        auth::Principal,
        entities::{event, legal_theory, matter, matter_theory},
        policy,
    },
};
use chrono::NaiveDate;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, JoinType, QueryFilter, QuerySelect,
    RelationTrait,
    prelude::DateTimeUtc,
    sea_query::{Expr, ExprTrait},
};
use std::collections::HashMap;

/// The columns of an open matter the portfolio reads.
#[derive(Debug, Clone, FromQueryResult)]
pub struct OpenRow {
    pub id: i32,
    pub slug: String,
    pub title: String,
    pub kind: String,
    pub status: String,
    pub agency_id: i32,
    pub created_at: DateTimeUtc,
}

/// The matters the portfolio shows: open ones.
pub fn open_only() -> Condition {
    Condition::all().add(matter::Column::Status.is_in(MatterStatus::open_codes()))
}

/// The open matters `who` may see.
pub async fn open_matters(db: &impl ConnectionTrait, who: &Principal) -> AppResult<Vec<OpenRow>> {
    use matter::Column as C;
    Ok(matter::Entity::find()
        .select_only()
        .columns([C::Id, C::Slug, C::Title, C::Kind, C::Status, C::AgencyId, C::CreatedAt])
        .filter(policy::visible_matters(who))
        .filter(open_only())
        .into_model::<OpenRow>()
        .all(db)
        .await?)
}

/// The events of open matters `who` may see: live ones, and of another
/// organisation's matters only the public ones.
fn visible_events(who: &Principal) -> sea_orm::Select<event::Entity> {
    event::Entity::find()
        .select_only()
        .column(event::Column::MatterId)
        .join(JoinType::InnerJoin, event::Relation::Matter.def())
        .filter(event::Column::DeletedAt.is_null())
        .filter(policy::visible_joined(who, event::Column::Public))
        .filter(open_only())
}

/// The date of each open matter's first visible event.
pub async fn first_events(db: &impl ConnectionTrait, who: &Principal) -> AppResult<HashMap<i32, NaiveDate>> {
    let rows: Vec<(i32, NaiveDate)> = visible_events(who)
        .expr(Expr::col((event::Entity, event::Column::Date)).min())
        .group_by(event::Column::MatterId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

/// The visible event dates of the matters `ids`, each matter's in order.
pub async fn event_dates(
    db: &impl ConnectionTrait,
    who: &Principal,
    ids: &[i32],
) -> AppResult<HashMap<i32, Vec<NaiveDate>>> {
    let rows: Vec<(i32, NaiveDate)> = all_in(db, ids.iter().copied(), |slice| {
        visible_events(who).column(event::Column::Date).filter(event::Column::MatterId.is_in(slice)).into_tuple()
    })
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

/// The visible deadlines of the matters `ids`, each matter's by due date.
pub async fn marks(
    db: &impl ConnectionTrait,
    who: &Principal,
    ids: &[i32],
    today: NaiveDate,
) -> AppResult<HashMap<i32, Vec<Mark>>> {
    let mut out: HashMap<i32, Vec<Mark>> = HashMap::new();
    for slice in in_slices(ids.iter().copied()) {
        let these = Condition::all().add(matter::Column::Id.is_in(slice));
        for d in dues(db, who, these, Condition::all(), today).await? {
            let mark = Mark { title: d.row.title, due: d.row.due_date, status: d.status };
            out.entry(d.row.matter_id).or_default().push(mark);
        }
    }
    Ok(out)
}

/// Each open matter's theories (slug, name), for grouping and counting by
/// theory.
pub async fn theories_of(db: &impl ConnectionTrait, who: &Principal) -> AppResult<HashMap<i32, Vec<(String, String)>>> {
    let links: Vec<(i32, i32)> = matter_theory::Entity::find()
        .select_only()
        .columns([matter_theory::Column::MatterId, matter_theory::Column::TheoryId])
        .join(JoinType::InnerJoin, matter_theory::Relation::Matter.def())
        .filter(policy::visible_matters(who))
        .filter(open_only())
        .into_tuple()
        .all(db)
        .await?;
    let theories: HashMap<i32, legal_theory::Model> =
        legal_theory::Entity::find().all(db).await?.into_iter().map(|t| (t.id, t)).collect();
    let mut out: HashMap<i32, Vec<(String, String)>> = HashMap::new();
    for (matter_id, theory_id) in links {
        if let Some(t) = theories.get(&theory_id) {
            out.entry(matter_id).or_default().push((t.slug.clone(), t.short_name.clone()));
        }
    }
    Ok(out)
}
