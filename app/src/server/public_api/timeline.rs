//! A matter's timeline: events and deadlines, across every matter `who` may
//! see. A row is listed when its matter is visible and the row is public or
//! belongs to the viewer's organisation; deleted events never are.

use super::{
    Params,
    dto::{Deadline, DeadlinePage, Event, EventPage},
    finish_page, matters,
};
use crate::{
    domain::vocab::{DeadlineStatus, EventKind},
    error::{AppError, AppResult},
    server::{
        auth::Principal,
        entities::{deadline, event, matter},
        policy,
    },
};
use chrono::NaiveDate;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, JoinType, QueryFilter, QueryOrder,
    QuerySelect, RelationTrait,
};

#[derive(Debug, FromQueryResult)]
struct EventRow {
    id: i32,
    matter: String,
    date: NaiveDate,
    kind: String,
    title: String,
    details: String,
    outcome: String,
    pages_released: i32,
    pages_withheld_full: i32,
    pages_withheld_part: i32,
    exemptions: String,
    public: bool,
}

impl From<EventRow> for Event {
    fn from(r: EventRow) -> Event {
        Event {
            id: r.id,
            matter: r.matter,
            date: r.date,
            kind: r.kind,
            title: r.title,
            details: r.details,
            outcome: r.outcome,
            pages_released: r.pages_released,
            pages_withheld_full: r.pages_withheld_full,
            pages_withheld_part: r.pages_withheld_part,
            exemptions: r.exemptions.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect(),
            public: r.public,
        }
    }
}

#[derive(Debug, FromQueryResult)]
struct DeadlineRow {
    id: i32,
    matter: String,
    title: String,
    due_date: NaiveDate,
    status: String,
    rule_id: Option<String>,
    owed_by: String,
    unsettled: bool,
    source: String,
    public: bool,
}

/// The `matter` filter: a slug `who` may see (an unknown and a hidden one
/// get the same answer).
async fn matter_filter(
    db: &impl ConnectionTrait,
    who: &Principal,
    params: &Params,
    col: impl ColumnTrait,
) -> AppResult<Condition> {
    let Some(slug) = params.text("matter") else { return Ok(Condition::all()) };
    match matters::visible_id(db, who, slug).await? {
        Some(id) => Ok(Condition::all().add(col.eq(id))),
        None => Err(AppError::invalid("matter", format!("unknown matter `{slug}`"))),
    }
}

fn date_filter(col: impl ColumnTrait + Copy, (from, to): (Option<NaiveDate>, Option<NaiveDate>)) -> Condition {
    let mut cond = Condition::all();
    if let Some(from) = from {
        cond = cond.add(col.gte(from));
    }
    if let Some(to) = to {
        cond = cond.add(col.lte(to));
    }
    cond
}

/// A page of the events `who` may see, filtered by `params`, by id.
///
/// # Errors
/// `Validation` naming a bad parameter; `Internal` on a database failure.
pub async fn events(db: &impl ConnectionTrait, who: &Principal, params: &Params) -> AppResult<EventPage> {
    use event::Column as C;
    let page = params.page()?;
    let mut query = event::Entity::find()
        .select_only()
        .columns([C::Id, C::Date, C::Kind, C::Title, C::Details, C::Outcome, C::PagesReleased])
        .columns([C::PagesWithheldFull, C::PagesWithheldPart, C::Exemptions, C::Public])
        .column_as(matter::Column::Slug, "matter")
        .join(JoinType::InnerJoin, event::Relation::Matter.def())
        .filter(policy::visible_children(who, C::Public, C::MatterId, Condition::all()))
        .filter(C::DeletedAt.is_null())
        .filter(matter_filter(db, who, params, C::MatterId).await?)
        .filter(date_filter(C::Date, params.date_range()?));
    if let Some(kind) = params.code("kind", EventKind::parse)? {
        query = query.filter(C::Kind.eq(kind.code()));
    }
    if let Some(after) = page.after {
        query = query.filter(C::Id.gt(after));
    }
    let rows = query.order_by_asc(C::Id).limit(page.limit + 1).into_model::<EventRow>().all(db).await?;
    let (rows, next_cursor) = finish_page(rows, page, |r| r.id);
    Ok(EventPage { data: rows.into_iter().map(Event::from).collect(), next_cursor })
}

/// Rows whose status as of `today` is `status`: an open deadline whose day
/// has passed counts as missed (the nightly job writes that down later).
fn status_filter(status: DeadlineStatus, today: NaiveDate) -> Condition {
    use deadline::Column as C;
    let open = DeadlineStatus::Open.code();
    match status {
        DeadlineStatus::Open => Condition::all().add(C::Status.eq(open)).add(C::DueDate.gte(today)),
        DeadlineStatus::Missed => Condition::any()
            .add(C::Status.eq(DeadlineStatus::Missed.code()))
            .add(Condition::all().add(C::Status.eq(open)).add(C::DueDate.lt(today))),
        other => Condition::all().add(C::Status.eq(other.code())),
    }
}

fn deadline_dto(r: DeadlineRow, today: NaiveDate) -> Deadline {
    let status = if r.status == DeadlineStatus::Open.code() && r.due_date < today {
        DeadlineStatus::Missed.code().to_string()
    } else {
        r.status
    };
    Deadline {
        id: r.id,
        matter: r.matter,
        title: r.title,
        due_date: r.due_date,
        status,
        rule: r.rule_id,
        owed_by: r.owed_by,
        unsettled: r.unsettled,
        source: r.source,
        public: r.public,
    }
}

/// A page of the deadlines `who` may see, filtered by `params`, by id, with
/// their status as of `today`.
///
/// # Errors
/// `Validation` naming a bad parameter; `Internal` on a database failure.
pub async fn deadlines(
    db: &impl ConnectionTrait,
    who: &Principal,
    params: &Params,
    today: NaiveDate,
) -> AppResult<DeadlinePage> {
    use deadline::Column as C;
    let page = params.page()?;
    let mut query = deadline::Entity::find()
        .select_only()
        .columns([C::Id, C::Title, C::DueDate, C::Status, C::RuleId, C::OwedBy, C::Unsettled, C::Source, C::Public])
        .column_as(matter::Column::Slug, "matter")
        .join(JoinType::InnerJoin, deadline::Relation::Matter.def())
        .filter(policy::visible_children(who, C::Public, C::MatterId, Condition::all()))
        .filter(matter_filter(db, who, params, C::MatterId).await?)
        .filter(date_filter(C::DueDate, params.date_range()?));
    if let Some(status) = params.code("status", DeadlineStatus::parse)? {
        query = query.filter(status_filter(status, today));
    }
    if let Some(rule) = params.text("rule") {
        query = query.filter(C::RuleId.eq(rule));
    }
    if let Some(after) = page.after {
        query = query.filter(C::Id.gt(after));
    }
    let rows = query.order_by_asc(C::Id).limit(page.limit + 1).into_model::<DeadlineRow>().all(db).await?;
    let (rows, next_cursor) = finish_page(rows, page, |r| r.id);
    Ok(DeadlinePage { data: rows.into_iter().map(|r| deadline_dto(r, today)).collect(), next_cursor })
}
