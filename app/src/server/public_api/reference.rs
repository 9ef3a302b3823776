//! Reference data everyone may read: agencies, legal theories, provisions.

use super::{
    Params,
    dto::{Agency, AgencyPage, Provision, ProvisionPage, Theory, TheoryPage},
    finish_page,
    matters::{agency_family, theory_id},
};
use crate::{
    domain::vocab::ProvisionKind,
    error::AppResult,
    server::entities::{agency, legal_theory, provision, theory_provision},
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
};
use std::collections::HashMap;

#[derive(Debug, FromQueryResult)]
struct AgencyRow {
    id: i32,
    slug: String,
    name: String,
    abbreviation: String,
    parent_id: Option<i32>,
    foia_contact: String,
    foia_url: String,
    regulations: String,
}

/// A page of agencies, by id (`parent` lists a parent's components).
///
/// # Errors
/// `Validation` naming a bad parameter; `Internal` on a database failure.
pub async fn agencies(db: &impl ConnectionTrait, params: &Params) -> AppResult<AgencyPage> {
    use agency::Column as C;
    let page = params.page()?;
    let mut query = agency::Entity::find().select_only().columns([
        C::Id,
        C::Slug,
        C::Name,
        C::Abbreviation,
        C::ParentId,
        C::FoiaContact,
        C::FoiaUrl,
        C::Regulations,
    ]);
    if let Some(slug) = params.text("parent") {
        let family = agency_family(db, "parent", slug).await?;
        query = query.filter(C::ParentId.eq(family[0]));
    }
    if let Some(after) = page.after {
        query = query.filter(C::Id.gt(after));
    }
    let rows = query.order_by_asc(C::Id).limit(page.limit + 1).into_model::<AgencyRow>().all(db).await?;
    let (rows, next_cursor) = finish_page(rows, page, |r| r.id);
    let parents: HashMap<i32, String> = agency::Entity::find()
        .select_only()
        .columns([C::Id, C::Slug])
        .filter(C::Id.is_in(rows.iter().filter_map(|r| r.parent_id)))
        .into_tuple()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let data = rows
        .into_iter()
        .map(|r| Agency {
            parent: r.parent_id.and_then(|id| parents.get(&id).cloned()),
            slug: r.slug,
            name: r.name,
            abbreviation: r.abbreviation,
            foia_contact: r.foia_contact,
            foia_url: r.foia_url,
            regulations: r.regulations,
        })
        .collect();
    Ok(AgencyPage { data, next_cursor })
}

/// A page of legal theories, by id.
///
/// # Errors
/// `Validation` naming a bad parameter; `Internal` on a database failure.
pub async fn theories(db: &impl ConnectionTrait, params: &Params) -> AppResult<TheoryPage> {
    use legal_theory::Column as C;
    let page = params.page()?;
    let mut query =
        legal_theory::Entity::find().select_only().columns([C::Id, C::Slug, C::Name, C::ShortName, C::Description]);
    if let Some(after) = page.after {
        query = query.filter(C::Id.gt(after));
    }
    let rows: Vec<(i32, String, String, String, String)> =
        query.order_by_asc(C::Id).limit(page.limit + 1).into_tuple().all(db).await?;
    let (rows, next_cursor) = finish_page(rows, page, |r| r.0);
    let data = rows
        .into_iter()
        .map(|(_, slug, name, short_name, description)| Theory { slug, name, short_name, description })
        .collect();
    Ok(TheoryPage { data, next_cursor })
}

#[derive(Debug, FromQueryResult)]
struct ProvisionRow {
    id: i32,
    slug: String,
    citation: String,
    title: String,
    summary: String,
    url: String,
    kind: String,
    verification: String,
}

/// A page of provisions, by id, filtered by `kind` and `theory`.
///
/// # Errors
/// `Validation` naming a bad parameter; `Internal` on a database failure.
pub async fn provisions(db: &impl ConnectionTrait, params: &Params) -> AppResult<ProvisionPage> {
    use provision::Column as C;
    let page = params.page()?;
    let mut query = provision::Entity::find().select_only().columns([
        C::Id,
        C::Slug,
        C::Citation,
        C::Title,
        C::Summary,
        C::Url,
        C::Kind,
        C::Verification,
    ]);
    if let Some(kind) = params.code("kind", ProvisionKind::parse)? {
        query = query.filter(C::Kind.eq(kind.code()));
    }
    if let Some(slug) = params.text("theory") {
        let linked = theory_provision::Entity::find()
            .select_only()
            .column(theory_provision::Column::ProvisionId)
            .filter(theory_provision::Column::TheoryId.eq(theory_id(db, slug).await?))
            .into_query();
        query = query.filter(C::Id.in_subquery(linked));
    }
    if let Some(after) = page.after {
        query = query.filter(C::Id.gt(after));
    }
    let rows = query.order_by_asc(C::Id).limit(page.limit + 1).into_model::<ProvisionRow>().all(db).await?;
    let (rows, next_cursor) = finish_page(rows, page, |r| r.id);
    let data = rows
        .into_iter()
        .map(|r| Provision {
            slug: r.slug,
            citation: r.citation,
            title: r.title,
            summary: r.summary,
            url: r.url,
            kind: r.kind,
            verification: r.verification,
        })
        .collect();
    Ok(ProvisionPage { data, next_cursor })
}
