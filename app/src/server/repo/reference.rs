//! Provisions and legal theories, with the matters that rely on them.
//!
//! One reader for both audiences: each function takes the condition that
//! says which matters the reader may see (`policy::visible_matters` for a
//! signed-in user, `public::rows::published` for the public pages) and
//! selects only a matter's short reference, so the public layer's column
//! check covers these queries too.

use super::common::{provision_ref, provision_slugs, stored};
use crate::{
    domain::vocab::{ClaimStatus, ProvisionKind},
    error::{AppError, AppResult},
    model::{ProvisionDetail, ProvisionRef, TheoryDetail, TheoryRow},
    server::{
        entities::{
            legal_theory, matter, matter_provision, matter_theory, provision, rule_provision, theory_provision,
        },
        public::rows::{MatterRefRow, refs_among, refs_where},
    },
};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait};
use std::collections::HashMap;

/// Every provision, by kind and citation.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn provisions(db: &impl ConnectionTrait) -> AppResult<Vec<(ProvisionRef, ProvisionKind)>> {
    let rows = provision::Entity::find()
        .order_by_asc(provision::Column::Kind)
        .order_by_asc(provision::Column::Citation)
        .all(db)
        .await?;
    rows.iter().map(|p| Ok((provision_ref(p)?, stored(&p.kind, ProvisionKind::parse)?))).collect()
}

/// Ids of the matters `visible` admits, as a subquery.
fn ids_where(visible: Condition) -> sea_orm::sea_query::SelectStatement {
    matter::Entity::find().select_only().column(matter::Column::Id).filter(visible).into_query()
}

fn theory_row(t: legal_theory::Model, matter_count: u64) -> TheoryRow {
    TheoryRow { slug: t.slug, name: t.name, short_name: t.short_name, description: t.description, matter_count }
}

/// Every legal theory, by name, with how many of the matters `visible`
/// admits rely on it.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn theories(db: &impl ConnectionTrait, visible: Condition) -> AppResult<Vec<TheoryRow>> {
    let claims: Vec<i32> = matter_theory::Entity::find()
        .select_only()
        .column(matter_theory::Column::TheoryId)
        .filter(matter_theory::Column::MatterId.in_subquery(ids_where(visible)))
        .into_tuple()
        .all(db)
        .await?;
    let mut tally: HashMap<i32, u64> = HashMap::new();
    for theory_id in claims {
        *tally.entry(theory_id).or_default() += 1;
    }
    let rows = legal_theory::Entity::find().order_by_asc(legal_theory::Column::Name).all(db).await?;
    Ok(rows
        .into_iter()
        .map(|t| {
            let n = tally.get(&t.id).copied().unwrap_or(0);
            theory_row(t, n)
        })
        .collect())
}

/// A legal theory with its provisions and the matters `visible` admits
/// that rely on it, by title.
///
/// # Errors
/// `NotFound` for an unknown slug; `Internal` on a database failure.
pub async fn theory(db: &impl ConnectionTrait, visible: Condition, slug: &str) -> AppResult<TheoryDetail> {
    let t = legal_theory::Entity::find()
        .filter(legal_theory::Column::Slug.eq(slug))
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("theory `{slug}`")))?;
    let provision_ids = theory_provision::Entity::find()
        .select_only()
        .column(theory_provision::Column::ProvisionId)
        .filter(theory_provision::Column::TheoryId.eq(t.id))
        .into_query();
    let provisions = provision::Entity::find()
        .filter(provision::Column::Id.in_subquery(provision_ids))
        .order_by_asc(provision::Column::Citation)
        .all(db)
        .await?
        .iter()
        .map(provision_ref)
        .collect::<AppResult<Vec<_>>>()?;
    let claims: HashMap<i32, String> = matter_theory::Entity::find()
        .filter(matter_theory::Column::TheoryId.eq(t.id))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.matter_id, c.claim_status))
        .collect();
    let mut matters = Vec::new();
    for (id, m) in refs_among(db, visible, claims.keys().copied().collect()).await? {
        matters.push((m, stored(&claims[&id], ClaimStatus::parse)?));
    }
    let count = matters.len() as u64;
    Ok(TheoryDetail { theory: theory_row(t, count), provisions, matters })
}

/// A provision with the theories and rules that cite it and the matters
/// `visible` admits that rely on it, by title.
///
/// # Errors
/// `NotFound` for an unknown slug; `Internal` on a database failure.
pub async fn provision(db: &impl ConnectionTrait, visible: Condition, slug: &str) -> AppResult<ProvisionDetail> {
    let p = provision::Entity::find()
        .filter(provision::Column::Slug.eq(slug))
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("provision `{slug}`")))?;
    let theory_ids = theory_provision::Entity::find()
        .select_only()
        .column(theory_provision::Column::TheoryId)
        .filter(theory_provision::Column::ProvisionId.eq(p.id))
        .into_query();
    let theories = legal_theory::Entity::find()
        .filter(legal_theory::Column::Id.in_subquery(theory_ids))
        .order_by_asc(legal_theory::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.slug, t.name))
        .collect();
    let rules = rule_provision::Entity::find()
        .filter(rule_provision::Column::ProvisionId.eq(p.id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.rule_id)
        .collect();
    let citing = matter_provision::Entity::find()
        .select_only()
        .column(matter_provision::Column::MatterId)
        .filter(matter_provision::Column::ProvisionId.eq(p.id))
        .into_query();
    let matters = refs_where(visible)
        .filter(matter::Column::Id.in_subquery(citing))
        .order_by_asc(matter::Column::Title)
        .order_by_asc(matter::Column::Id)
        .into_model::<MatterRefRow>()
        .all(db)
        .await?
        .iter()
        .map(MatterRefRow::to_ref)
        .collect::<AppResult<_>>()?;
    Ok(ProvisionDetail {
        provision: provision_ref(&p)?,
        provision_slugs: provision_slugs(db).await?,
        kind: stored(&p.kind, ProvisionKind::parse)?,
        summary: p.summary,
        source_note: p.source_note,
        theories,
        rules,
        matters,
    })
}
