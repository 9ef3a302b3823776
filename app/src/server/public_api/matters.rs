//! Matters: the list with its filters, and one matter with its theories,
//! provisions and links.

use super::{
    Params,
    dto::{Matter, MatterDetail, MatterLink, MatterPage, TheoryClaim},
    finish_page,
};
use crate::{
    domain::vocab::{MatterKind, MatterStatus},
    error::{AppError, AppResult},
    server::{
        auth::Principal,
        entities::{agency, legal_theory, matter, matter_link, matter_provision, matter_theory, provision},
        policy,
    },
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, JoinType, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, Select,
};

/// The columns of a matter the API shows: the only ones ever selected.
#[derive(Debug, FromQueryResult)]
struct MatterRow {
    id: i32,
    slug: String,
    kind: String,
    title: String,
    status: String,
    agency: String,
    agency_tracking_number: String,
    court: String,
    docket_number: String,
    summary: String,
    requester: String,
    counsel: String,
    public: bool,
    verification: String,
    updated_at: DateTime<Utc>,
}

impl From<MatterRow> for Matter {
    fn from(r: MatterRow) -> Matter {
        Matter {
            slug: r.slug,
            kind: r.kind,
            title: r.title,
            status: r.status,
            agency: r.agency,
            tracking_number: r.agency_tracking_number,
            court: r.court,
            docket_number: r.docket_number,
            summary: r.summary,
            requester: r.requester,
            counsel: r.counsel,
            public: r.public,
            verification: r.verification,
            updated_at: r.updated_at,
        }
    }
}

/// The join from a matter's rows to its agency.
pub(super) fn matter_agency() -> sea_orm::RelationDef {
    matter::Entity::belongs_to(agency::Entity).from(matter::Column::AgencyId).to(agency::Column::Id).into()
}

/// The matters `who` may see, as [`MatterRow`]s.
fn visible(who: &Principal) -> Select<matter::Entity> {
    use matter::Column as C;
    matter::Entity::find()
        .select_only()
        .columns([C::Id, C::Slug, C::Kind, C::Title, C::Status, C::AgencyTrackingNumber, C::Court, C::DocketNumber])
        .columns([C::Summary, C::Requester, C::Counsel, C::Public, C::Verification, C::UpdatedAt])
        .column_as(agency::Column::Slug, "agency")
        .join(JoinType::InnerJoin, matter_agency())
        .filter(policy::visible_matters(who))
}

/// The agency `slug` and its components (DHS includes CBP).
///
/// # Errors
/// `Validation` naming `field` for an unknown slug.
pub(super) async fn agency_family(db: &impl ConnectionTrait, field: &str, slug: &str) -> AppResult<Vec<i32>> {
    let Some(a) = agency::Entity::find().filter(agency::Column::Slug.eq(slug)).one(db).await? else {
        return Err(AppError::invalid(field, format!("unknown agency `{slug}`")));
    };
    let children = agency::Entity::find().filter(agency::Column::ParentId.eq(a.id)).all(db).await?;
    Ok(std::iter::once(a.id).chain(children.iter().map(|c| c.id)).collect())
}

/// The id of the theory `slug`.
///
/// # Errors
/// `Validation` naming `theory` for an unknown slug.
pub(super) async fn theory_id(db: &impl ConnectionTrait, slug: &str) -> AppResult<i32> {
    legal_theory::Entity::find()
        .filter(legal_theory::Column::Slug.eq(slug))
        .one(db)
        .await?
        .map(|t| t.id)
        .ok_or_else(|| AppError::invalid("theory", format!("unknown theory `{slug}`")))
}

async fn filters(db: &impl ConnectionTrait, params: &Params) -> AppResult<Condition> {
    let mut cond = Condition::all();
    if let Some(kind) = params.code("kind", MatterKind::parse)? {
        cond = cond.add(matter::Column::Kind.eq(kind.code()));
    }
    if let Some(status) = params.code("status", MatterStatus::parse)? {
        cond = cond.add(matter::Column::Status.eq(status.code()));
    }
    if let Some(slug) = params.text("agency") {
        cond = cond.add(matter::Column::AgencyId.is_in(agency_family(db, "agency", slug).await?));
    }
    if let Some(slug) = params.text("theory") {
        let claims = matter_theory::Entity::find()
            .select_only()
            .column(matter_theory::Column::MatterId)
            .filter(matter_theory::Column::TheoryId.eq(theory_id(db, slug).await?))
            .into_query();
        cond = cond.add(matter::Column::Id.in_subquery(claims));
    }
    Ok(cond)
}

/// A page of the matters `who` may see, filtered by `params`, by id.
///
/// # Errors
/// `Validation` naming a bad parameter; `Internal` on a database failure.
pub async fn list(db: &impl ConnectionTrait, who: &Principal, params: &Params) -> AppResult<MatterPage> {
    let page = params.page()?;
    let mut query = visible(who).filter(filters(db, params).await?);
    if let Some(after) = page.after {
        query = query.filter(matter::Column::Id.gt(after));
    }
    let rows = query.order_by_asc(matter::Column::Id).limit(page.limit + 1).into_model::<MatterRow>().all(db).await?;
    let (rows, next_cursor) = finish_page(rows, page, |r| r.id);
    Ok(MatterPage { data: rows.into_iter().map(Matter::from).collect(), next_cursor })
}

/// The id of the matter `slug` if `who` may see it (`None` alike for an
/// unknown and a hidden one).
///
/// # Errors
/// `Internal` on a database failure.
pub async fn visible_id(db: &impl ConnectionTrait, who: &Principal, slug: &str) -> AppResult<Option<i32>> {
    Ok(matter::Entity::find()
        .select_only()
        .column(matter::Column::Id)
        .filter(matter::Column::Slug.eq(slug))
        .filter(policy::visible_matters(who))
        .into_tuple::<i32>()
        .one(db)
        .await?)
}

/// The matter `slug`, as `who` may see it.
///
/// # Errors
/// `NotFound` when it does not exist or is not visible to `who` (the same
/// answer, so an unpublished matter's existence is not revealed).
pub async fn get(db: &impl ConnectionTrait, who: &Principal, slug: &str) -> AppResult<MatterDetail> {
    let row = visible(who)
        .filter(matter::Column::Slug.eq(slug))
        .into_model::<MatterRow>()
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("matter `{slug}`")))?;
    let id = row.id;
    Ok(MatterDetail {
        theories: claims(db, id).await?,
        provisions: provision_slugs(db, id).await?,
        links: links(db, who, id).await?,
        matter: row.into(),
    })
}

async fn claims(db: &impl ConnectionTrait, id: i32) -> AppResult<Vec<TheoryClaim>> {
    let rows: Vec<(String, String)> = matter_theory::Entity::find()
        .select_only()
        .column(legal_theory::Column::Slug)
        .column(matter_theory::Column::ClaimStatus)
        .join(
            JoinType::InnerJoin,
            matter_theory::Entity::belongs_to(legal_theory::Entity)
                .from(matter_theory::Column::TheoryId)
                .to(legal_theory::Column::Id)
                .into(),
        )
        .filter(matter_theory::Column::MatterId.eq(id))
        .order_by_asc(legal_theory::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(theory, claim_status)| TheoryClaim { theory, claim_status }).collect())
}

async fn provision_slugs(db: &impl ConnectionTrait, id: i32) -> AppResult<Vec<String>> {
    Ok(matter_provision::Entity::find()
        .select_only()
        .column(provision::Column::Slug)
        .join(
            JoinType::InnerJoin,
            matter_provision::Entity::belongs_to(provision::Entity)
                .from(matter_provision::Column::ProvisionId)
                .to(provision::Column::Id)
                .into(),
        )
        .filter(matter_provision::Column::MatterId.eq(id))
        .order_by_asc(provision::Column::Id)
        .into_tuple()
        .all(db)
        .await?)
}

/// Links to the matters `who` may also see; links to hidden ones are left out.
async fn links(db: &impl ConnectionTrait, who: &Principal, id: i32) -> AppResult<Vec<MatterLink>> {
    let mut out = Vec::new();
    for (outgoing, here, there) in [
        (true, matter_link::Column::FromMatterId, matter_link::Column::ToMatterId),
        (false, matter_link::Column::ToMatterId, matter_link::Column::FromMatterId),
    ] {
        let rows: Vec<(i32, String, String)> = matter_link::Entity::find()
            .select_only()
            .column(matter_link::Column::Id)
            .column(matter_link::Column::Kind)
            .column(matter::Column::Slug)
            .join(
                JoinType::InnerJoin,
                matter_link::Entity::belongs_to(matter::Entity).from(there).to(matter::Column::Id).into(),
            )
            .filter(here.eq(id))
            .filter(policy::visible_matters(who))
            .order_by_asc(matter_link::Column::Id)
            .into_tuple()
            .all(db)
            .await?;
        let direction = if outgoing { "outgoing" } else { "incoming" };
        out.extend(rows.into_iter().map(|(_, kind, matter)| MatterLink { kind, direction: direction.into(), matter }));
    }
    Ok(out)
}
