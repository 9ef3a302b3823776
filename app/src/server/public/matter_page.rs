//! A published matter's page as the public sees it: its public facts,
//! public and undeleted events, public deadlines with why each falls where
//! it does, public notes, and the published matters it links to.

use super::rows::{MatterRefRow, published, published_among};
use crate::{
    domain::vocab::{EventKind, LinkKind, Verification},
    error::{AppError, AppResult},
    model::{EventView, LinkView, MatterDetail, MatterRef, NoteView},
    server::{
        entities::{agency, event, matter, matter_link, note, user},
        repo::{
            common::{agency_ref, provision_slugs, stored},
            matter_detail::{deadline_views, deadlines, exhaustion, histories, provisions, rule_provisions, theories},
        },
        services::deadlines::load_calendar,
    },
};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

/// The public columns of a published matter.
#[derive(Debug, FromQueryResult)]
struct MatterRow {
    id: i32,
    slug: String,
    kind: String,
    title: String,
    agency_id: i32,
    status: String,
    agency_tracking_number: String,
    court: String,
    docket_number: String,
    summary: String,
    counsel: String,
    requester: String,
    verification: String,
    verification_note: String,
}

/// The public columns of an event.
#[derive(Debug, FromQueryResult)]
struct EventRow {
    id: i32,
    date: NaiveDate,
    kind: String,
    title: String,
    details: String,
    outcome: String,
    pages_released: i32,
    exemptions: String,
    verification: String,
    pages_withheld_full: i32,
    pages_withheld_part: i32,
}

#[derive(Debug, FromQueryResult)]
struct NoteRow {
    author_id: Option<i32>,
    body: String,
    created_at: DateTime<Utc>,
}

async fn find(db: &impl ConnectionTrait, slug: &str) -> AppResult<MatterRow> {
    use matter::Column as C;
    matter::Entity::find()
        .select_only()
        .columns([C::Id, C::Slug, C::Kind, C::Title, C::AgencyId, C::Status, C::AgencyTrackingNumber, C::Court])
        .columns([C::DocketNumber, C::Summary, C::Counsel, C::Requester, C::Verification, C::VerificationNote])
        .filter(C::Slug.eq(slug))
        .filter(published())
        .into_model::<MatterRow>()
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("matter `{slug}`")))
}

async fn events(db: &impl ConnectionTrait, matter_id: i32) -> AppResult<Vec<EventView>> {
    use event::Column as C;
    let rows = event::Entity::find()
        .select_only()
        .columns([C::Id, C::Date, C::Kind, C::Title, C::Details, C::Outcome, C::PagesReleased, C::Exemptions])
        .columns([C::Verification, C::PagesWithheldFull, C::PagesWithheldPart])
        .filter(C::MatterId.eq(matter_id))
        .filter(C::Public.eq(true))
        .filter(C::DeletedAt.is_null())
        .order_by_asc(C::Date)
        .order_by_asc(C::Id)
        .into_model::<EventRow>()
        .all(db)
        .await?;
    rows.into_iter()
        .map(|e| {
            Ok(EventView {
                id: e.id,
                date: e.date,
                kind: stored(&e.kind, EventKind::parse)?,
                title: e.title,
                details: e.details,
                outcome: e.outcome,
                pages_released: e.pages_released,
                exemptions: e
                    .exemptions
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect(),
                verification: stored(&e.verification, Verification::parse)?,
                public: true,
                pages_withheld_full: e.pages_withheld_full,
                pages_withheld_part: e.pages_withheld_part,
                deleted: false,
            })
        })
        .collect()
}

/// Links to other published matters; links to unpublished ones are left out.
async fn links(db: &impl ConnectionTrait, matter_id: i32) -> AppResult<Vec<LinkView>> {
    use matter_link::Column as C;
    let rows = matter_link::Entity::find()
        .filter(Condition::any().add(C::FromMatterId.eq(matter_id)).add(C::ToMatterId.eq(matter_id)))
        .order_by_asc(C::Id)
        .all(db)
        .await?;
    let other = |l: &matter_link::Model| if l.from_matter_id == matter_id { l.to_matter_id } else { l.from_matter_id };
    let others: HashMap<i32, _> = published_among(db, rows.iter().map(other).collect()).await?.into_iter().collect();
    let mut out = Vec::new();
    for l in &rows {
        if let Some(m) = others.get(&other(l)) {
            let kind = stored(&l.kind, LinkKind::parse)?;
            out.push(LinkView { kind, outgoing: l.from_matter_id == matter_id, other: m.clone() });
        }
    }
    Ok(out)
}

/// The matter's public notes, oldest first, with their authors' names.
async fn notes(db: &impl ConnectionTrait, matter_id: i32) -> AppResult<Vec<NoteView>> {
    use note::Column as C;
    let rows = note::Entity::find()
        .select_only()
        .columns([C::AuthorId, C::Body, C::CreatedAt])
        .filter(C::MatterId.eq(matter_id))
        .filter(C::Privileged.eq(false))
        .order_by_asc(C::CreatedAt)
        .order_by_asc(C::Id)
        .into_model::<NoteRow>()
        .all(db)
        .await?;
    let authors: HashMap<i32, String> = user::Entity::find()
        .select_only()
        .columns([user::Column::Id, user::Column::Name])
        .filter(user::Column::Id.is_in(rows.iter().filter_map(|n| n.author_id)))
        .into_tuple()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(|n| NoteView {
            privileged: false,
            author: n.author_id.and_then(|id| authors.get(&id).cloned()).unwrap_or_default(),
            body: n.body,
            created: n.created_at.date_naive(),
        })
        .collect())
}

/// The page of the published matter `slug`.
///
/// # Errors
/// `NotFound` when no published matter has that slug (an unpublished one
/// gets the same answer, so its existence is not revealed); `Internal` on a
/// database failure.
pub async fn matter_page(db: &impl ConnectionTrait, slug: &str, today: NaiveDate) -> AppResult<MatterDetail> {
    let m = find(db, slug).await?;
    let ag = agency::Entity::find_by_id(m.agency_id).one(db).await?.ok_or(AppError::Internal)?;
    let deadline_rows = deadlines(db, m.id, false).await?;
    let rule_ids = deadline_rows.iter().filter_map(|d| d.rule_id.clone()).collect();
    let rule_provs = rule_provisions(db, rule_ids).await?;
    let history = histories(db, &deadline_rows).await?;
    let cal = load_calendar(db).await?;
    Ok(MatterDetail {
        matter: own_ref(&m)?,
        agency: agency_ref(&ag),
        public: true,
        tracking_number: m.agency_tracking_number,
        court: m.court,
        docket_number: m.docket_number,
        summary: m.summary,
        counsel: m.counsel,
        requester: m.requester,
        verification: stored(&m.verification, Verification::parse)?,
        verification_note: m.verification_note,
        assigned: Vec::new(),
        links: links(db, m.id).await?,
        theories: theories(db, m.id).await?,
        provisions: provisions(db, m.id).await?,
        events: events(db, m.id).await?,
        deadlines: deadline_views(&deadline_rows, &rule_provs, history, today, &cal)?,
        notes: notes(db, m.id).await?,
        exhaustion: exhaustion(&m.kind, &m.status, &deadline_rows, today)?,
        version: 0,
        can_edit: false,
        can_supervise: false,
        review_state: String::new(),
        review_comment: String::new(),
        provision_slugs: provision_slugs(db).await?,
        link_choices: None,
        preview: None,
    })
}

/// The short reference of the page's own matter.
fn own_ref(m: &MatterRow) -> AppResult<MatterRef> {
    let MatterRow { id, slug, title, kind, status, .. } = m;
    MatterRefRow { id: *id, slug: slug.clone(), title: title.clone(), kind: kind.clone(), status: status.clone() }
        .to_ref()
}
