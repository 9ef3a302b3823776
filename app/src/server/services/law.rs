//! Provisions, legal theories, and the rule catalogue's provision links.

use crate::{
    domain::{
        rules,
        vocab::{ProvisionKind, Verification},
    },
    error::{AppError, AppResult},
    server::{
        audit::{self, Change},
        entities::{legal_theory, provision, rule_provision, theory_provision},
    },
};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// A provision to create.
pub struct NewProvision<'a> {
    pub slug: &'a str,
    pub citation: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    pub url: &'a str,
    pub kind: ProvisionKind,
    pub verification: Verification,
    pub source_note: &'a str,
}

/// Creates a provision unless the slug exists; returns its id.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn ensure_provision(db: &impl ConnectionTrait, new: NewProvision<'_>) -> AppResult<i32> {
    if let Some(p) = provision::Entity::find().filter(provision::Column::Slug.eq(new.slug)).one(db).await? {
        return Ok(p.id);
    }
    let p = provision::ActiveModel {
        slug: Set(new.slug.into()),
        citation: Set(new.citation.into()),
        title: Set(new.title.into()),
        summary: Set(new.summary.into()),
        url: Set(new.url.into()),
        kind: Set(new.kind.code().into()),
        verification: Set(new.verification.code().into()),
        source_note: Set(new.source_note.into()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit::record(db, Change::created(None, "provision", p.id, None, new.citation.into())).await?;
    Ok(p.id)
}

/// The id of the provision with this slug.
///
/// # Errors
/// `Validation` naming `field` when no provision has the slug.
pub async fn provision_id(db: &impl ConnectionTrait, slug: &str, field: &str) -> AppResult<i32> {
    provision::Entity::find()
        .filter(provision::Column::Slug.eq(slug))
        .one(db)
        .await?
        .map(|p| p.id)
        .ok_or_else(|| AppError::invalid(field, format!("unknown provision `{slug}`")))
}

/// Creates a theory (and its provision links) unless the slug exists.
///
/// # Errors
/// `Validation` for an unknown provision slug.
pub async fn ensure_theory(
    db: &impl ConnectionTrait,
    slug: &str,
    name: &str,
    short_name: &str,
    description: &str,
    provision_slugs: &[String],
) -> AppResult<i32> {
    if let Some(t) = legal_theory::Entity::find().filter(legal_theory::Column::Slug.eq(slug)).one(db).await? {
        return Ok(t.id);
    }
    let t = legal_theory::ActiveModel {
        slug: Set(slug.into()),
        name: Set(name.into()),
        short_name: Set(short_name.into()),
        description: Set(description.into()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    for ps in provision_slugs {
        let provision_id = provision_id(db, ps, "provisions").await?;
        theory_provision::ActiveModel { theory_id: Set(t.id), provision_id: Set(provision_id) }.insert(db).await?;
    }
    audit::record(db, Change::created(None, "theory", t.id, None, slug.into())).await?;
    Ok(t.id)
}

/// Links every rule of the catalogue to its provisions (missing links only).
///
/// # Errors
/// `Validation` when a rule cites a provision slug that is not loaded.
pub async fn sync_rule_provisions(db: &impl ConnectionTrait) -> AppResult<()> {
    for rule in rules::catalogue() {
        for slug in rule.provisions {
            let provision_id = provision_id(db, slug, &format!("rule {}", rule.id)).await?;
            let exists = rule_provision::Entity::find()
                .filter(rule_provision::Column::RuleId.eq(rule.id))
                .filter(rule_provision::Column::ProvisionId.eq(provision_id))
                .one(db)
                .await?
                .is_some();
            if !exists {
                rule_provision::ActiveModel { rule_id: Set(rule.id.into()), provision_id: Set(provision_id) }
                    .insert(db)
                    .await?;
            }
        }
    }
    Ok(())
}
