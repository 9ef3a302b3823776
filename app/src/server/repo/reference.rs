//! Provisions and legal theories, with the matters that rely on them.

use super::common::{matter_ref, provision_ref, stored};
use crate::{
    domain::vocab::{ClaimStatus, ProvisionKind},
    error::{AppError, AppResult},
    model::{MatterRef, ProvisionDetail, ProvisionRef, TheoryDetail, TheoryRow},
    server::{
        auth::Principal,
        entities::{
            legal_theory, matter, matter_provision, matter_theory, provision, rule_provision, theory_provision,
        },
        policy,
    },
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// Every provision, by citation.
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

async fn visible_matters_among(
    db: &impl ConnectionTrait,
    who: &Principal,
    ids: Vec<i32>,
) -> AppResult<HashMap<i32, matter::Model>> {
    Ok(matter::Entity::find()
        .filter(matter::Column::Id.is_in(ids))
        .filter(policy::visible_matters(who))
        .order_by_asc(matter::Column::Title)
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect())
}

/// A provision with the theories, rules and visible matters that cite it.
///
/// # Errors
/// `NotFound` for an unknown slug.
pub async fn provision(db: &impl ConnectionTrait, who: &Principal, slug: &str) -> AppResult<ProvisionDetail> {
    let p = provision::Entity::find()
        .filter(provision::Column::Slug.eq(slug))
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("provision `{slug}`")))?;
    let theory_ids = theory_provision::Entity::find()
        .filter(theory_provision::Column::ProvisionId.eq(p.id))
        .all(db)
        .await?
        .into_iter()
        .map(|tp| tp.theory_id);
    let theories = legal_theory::Entity::find()
        .filter(legal_theory::Column::Id.is_in(theory_ids))
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
    let matter_ids = matter_provision::Entity::find()
        .filter(matter_provision::Column::ProvisionId.eq(p.id))
        .all(db)
        .await?
        .into_iter()
        .map(|mp| mp.matter_id)
        .collect();
    let mut matters: Vec<MatterRef> =
        visible_matters_among(db, who, matter_ids).await?.values().map(matter_ref).collect::<AppResult<_>>()?;
    matters.sort_by(|a, b| a.title.cmp(&b.title));
    Ok(ProvisionDetail {
        provision: provision_ref(&p)?,
        provision_slugs: super::common::provision_slugs(db).await?,
        kind: stored(&p.kind, ProvisionKind::parse)?,
        summary: p.summary,
        source_note: p.source_note,
        theories,
        rules,
        matters,
    })
}

fn theory_row(t: legal_theory::Model, matter_count: u64) -> TheoryRow {
    TheoryRow { slug: t.slug, name: t.name, short_name: t.short_name, description: t.description, matter_count }
}

/// Every legal theory, with how many visible matters rely on it.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn theories(db: &impl ConnectionTrait, who: &Principal) -> AppResult<Vec<TheoryRow>> {
    let visible: Vec<i32> =
        matter::Entity::find().filter(policy::visible_matters(who)).all(db).await?.into_iter().map(|m| m.id).collect();
    let mut tally: HashMap<i32, u64> = HashMap::new();
    for mt in matter_theory::Entity::find().filter(matter_theory::Column::MatterId.is_in(visible)).all(db).await? {
        *tally.entry(mt.theory_id).or_default() += 1;
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

/// A legal theory with its provisions and the visible matters relying on it.
///
/// # Errors
/// `NotFound` for an unknown slug.
pub async fn theory(db: &impl ConnectionTrait, who: &Principal, slug: &str) -> AppResult<TheoryDetail> {
    let t = legal_theory::Entity::find()
        .filter(legal_theory::Column::Slug.eq(slug))
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("theory `{slug}`")))?;
    let provision_ids = theory_provision::Entity::find()
        .filter(theory_provision::Column::TheoryId.eq(t.id))
        .all(db)
        .await?
        .into_iter()
        .map(|tp| tp.provision_id);
    let provisions = provision::Entity::find()
        .filter(provision::Column::Id.is_in(provision_ids))
        .order_by_asc(provision::Column::Citation)
        .all(db)
        .await?
        .iter()
        .map(provision_ref)
        .collect::<AppResult<Vec<_>>>()?;
    let claims = matter_theory::Entity::find().filter(matter_theory::Column::TheoryId.eq(t.id)).all(db).await?;
    let visible = visible_matters_among(db, who, claims.iter().map(|c| c.matter_id).collect()).await?;
    let mut matters = Vec::new();
    for c in &claims {
        if let Some(m) = visible.get(&c.matter_id) {
            matters.push((matter_ref(m)?, stored(&c.claim_status, ClaimStatus::parse)?));
        }
    }
    matters.sort_by(|a, b| a.0.title.cmp(&b.0.title));
    let count = matters.len() as u64;
    Ok(TheoryDetail { theory: theory_row(t, count), provisions, matters })
}
