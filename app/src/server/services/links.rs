//! Linking a matter to other matters, to legal theories (with the claim's
//! status) and to provisions, and removing those links. Anyone who may edit
//! the matter may do it; a link to another matter also needs that they may
//! see it. Each change is one transaction with its audit entry, and changes
//! nothing else (the matter's version stays).

use super::{matter_edit::editable, matters};
use crate::{
    domain::vocab::{ClaimStatus, LinkKind, MatterKind, UnknownCode},
    error::{AppError, AppResult},
    server::{
        audit::{self, Change},
        auth::{CurrentUser, Principal},
        entities::{legal_theory, matter, matter_link, matter_provision, matter_theory, provision},
        repo::{common::stored, matter_detail::find_visible},
        tx::begin_write,
    },
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, ModelTrait, QueryFilter,
};

/// The longest note on a claim, in characters.
pub const NOTE_MAX: usize = 2_000;

/// Parses a code from a form, or a validation error on `field`.
pub(crate) fn code<T>(field: &str, value: &str, parse: fn(&str) -> Result<T, UnknownCode>) -> AppResult<T> {
    if value.trim().is_empty() {
        return Err(AppError::invalid(field, "choose one"));
    }
    parse(value).map_err(|e| {
        AppError::invalid(field, format!("`{}` is not a {} (expected one of: {})", e.value, e.field, e.expected))
    })
}

/// A change to a link of matter `matter_id`, recorded as `who`.
fn change(who: &CurrentUser, action: &'static str, entity: &'static str, id: i32, matter_id: i32) -> Change<'static> {
    Change {
        user_id: Some(who.id),
        action,
        entity,
        entity_id: id,
        matter_id: Some(matter_id),
        old_value: None,
        new_value: None,
    }
}

/// The other matter of a link form: one `who` may see, not `m` itself.
async fn other_matter(
    db: &impl ConnectionTrait,
    who: &CurrentUser,
    m: &matter::Model,
    other: &str,
) -> AppResult<matter::Model> {
    let other = other.trim();
    if other.is_empty() {
        return Err(AppError::invalid("other", "choose the matter to link"));
    }
    let found = find_visible(db, &Principal::User(who.clone()), other).await.map_err(|e| match e {
        AppError::NotFound(_) => AppError::invalid("other", format!("there is no matter `{other}` you can see")),
        e => e,
    })?;
    if found.id == m.id {
        return Err(AppError::invalid("other", "a matter cannot be linked to itself"));
    }
    Ok(found)
}

/// Whether "`from` is `kind` `to`" makes sense for the two matters' kinds.
fn kinds_fit(kind: LinkKind, from: MatterKind, to: MatterKind) -> AppResult<()> {
    let ok = match kind {
        LinkKind::AppealOf => from == MatterKind::Appeal && to == MatterKind::FoiaRequest,
        LinkKind::LawsuitEnforcing => {
            from == MatterKind::Lawsuit && matches!(to, MatterKind::FoiaRequest | MatterKind::Appeal)
        }
        LinkKind::Related => true,
    };
    if ok {
        return Ok(());
    }
    Err(AppError::invalid(
        "kind",
        match kind {
            LinkKind::AppealOf => "only an administrative appeal is an appeal of a FOIA request",
            _ => "only a lawsuit enforces a FOIA request or an appeal",
        },
    ))
}

/// The links of `kind` between two matters, in either direction.
async fn links_between(
    db: &impl ConnectionTrait,
    a: i32,
    b: i32,
    kind: LinkKind,
) -> AppResult<Vec<matter_link::Model>> {
    let pair = |x: i32, y: i32| {
        Condition::all().add(matter_link::Column::FromMatterId.eq(x)).add(matter_link::Column::ToMatterId.eq(y))
    };
    Ok(matter_link::Entity::find()
        .filter(matter_link::Column::Kind.eq(kind.code()))
        .filter(Condition::any().add(pair(a, b)).add(pair(b, a)))
        .all(db)
        .await?)
}

/// Links matter `slug` to matter `other` ("`slug` is `kind` `other`") as `who`.
///
/// # Errors
/// `NotFound`/`Forbidden` unless `who` may edit `slug`; `Validation` naming
/// `kind` or `other` for an unknown kind, a matter `who` cannot see, the
/// matter itself, kinds that do not fit, or a link that already exists.
pub async fn add_matter_link(
    db: &DatabaseConnection,
    who: &CurrentUser,
    slug: &str,
    kind: &str,
    other: &str,
) -> AppResult<()> {
    let txn = begin_write(db).await?;
    let m = editable(&txn, who, slug).await?;
    let kind = code("kind", kind, LinkKind::parse)?;
    let other = other_matter(&txn, who, &m, other).await?;
    kinds_fit(kind, stored(&m.kind, MatterKind::parse)?, stored(&other.kind, MatterKind::parse)?)?;
    if !links_between(&txn, m.id, other.id, kind).await?.is_empty() {
        let message = format!("“{}” is already linked to this matter as “{}”", other.title, kind.label());
        return Err(AppError::invalid("other", message));
    }
    matters::link(&txn, Some(who.id), m.id, other.id, kind).await?;
    txn.commit().await?;
    Ok(())
}

/// Removes the links of `kind` between matter `slug` and matter `other`
/// (whichever way they point) as `who`.
///
/// # Errors
/// As [`add_matter_link`]; `Validation` naming `other` when there is no such link.
pub async fn remove_matter_link(
    db: &DatabaseConnection,
    who: &CurrentUser,
    slug: &str,
    kind: &str,
    other: &str,
) -> AppResult<()> {
    let txn = begin_write(db).await?;
    let m = editable(&txn, who, slug).await?;
    let kind = code("kind", kind, LinkKind::parse)?;
    let other = other_matter(&txn, who, &m, other).await?;
    let found = links_between(&txn, m.id, other.id, kind).await?;
    if found.is_empty() {
        let message = format!("this matter has no “{}” link with “{}”", kind.label(), other.title);
        return Err(AppError::invalid("other", message));
    }
    for link in found {
        let old = format!("{} {} -> {}", link.kind, link.from_matter_id, link.to_matter_id);
        let id = link.id;
        link.delete(&txn).await?;
        audit::record(&txn, Change { old_value: Some(old), ..change(who, "delete", "matter_link", id, m.id) }).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The legal theory `slug`, or a validation error on `theory`.
async fn theory(db: &impl ConnectionTrait, slug: &str) -> AppResult<legal_theory::Model> {
    let slug = slug.trim();
    if slug.is_empty() {
        return Err(AppError::invalid("theory", "choose a legal theory"));
    }
    legal_theory::Entity::find()
        .filter(legal_theory::Column::Slug.eq(slug))
        .one(db)
        .await?
        .ok_or_else(|| AppError::invalid("theory", format!("there is no legal theory `{slug}`")))
}

/// Matter `matter_id`'s claim under theory `t`, if it relies on it.
async fn claim(db: &impl ConnectionTrait, matter_id: i32, t: &legal_theory::Model) -> AppResult<matter_theory::Model> {
    matter_theory::Entity::find_by_id((matter_id, t.id))
        .one(db)
        .await?
        .ok_or_else(|| AppError::invalid("theory", format!("this matter does not rely on {}", t.name)))
}

/// Records that matter `slug` relies on legal theory `theory`, with the
/// claim's `status` and an optional `note`, as `who`.
///
/// # Errors
/// `NotFound`/`Forbidden` unless `who` may edit it; `Validation` naming
/// `theory`, `status` or `note` for an unknown theory or status, a theory
/// already linked, or a note that is too long.
pub async fn add_theory(
    db: &DatabaseConnection,
    who: &CurrentUser,
    slug: &str,
    theory_slug: &str,
    status: &str,
    note: &str,
) -> AppResult<()> {
    let txn = begin_write(db).await?;
    let m = editable(&txn, who, slug).await?;
    let t = theory(&txn, theory_slug).await?;
    let status = code("status", status, ClaimStatus::parse)?;
    let note = note.trim();
    if note.chars().count() > NOTE_MAX {
        return Err(AppError::invalid("note", format!("keep the note under {NOTE_MAX} characters")));
    }
    if matter_theory::Entity::find_by_id((m.id, t.id)).one(&txn).await?.is_some() {
        let message = format!("this matter already relies on {}; change the claim's status instead", t.name);
        return Err(AppError::invalid("theory", message));
    }
    matters::add_theory(&txn, Some(who.id), m.id, t.id, status, note).await?;
    txn.commit().await?;
    Ok(())
}

/// Changes the status of matter `slug`'s claim under theory `theory` as `who`.
///
/// # Errors
/// As [`add_theory`]; `Validation` naming `theory` when the matter does not
/// rely on it.
pub async fn set_claim_status(
    db: &DatabaseConnection,
    who: &CurrentUser,
    slug: &str,
    theory_slug: &str,
    status: &str,
) -> AppResult<()> {
    let txn = begin_write(db).await?;
    let m = editable(&txn, who, slug).await?;
    let t = theory(&txn, theory_slug).await?;
    let status = code("status", status, ClaimStatus::parse)?;
    let row = claim(&txn, m.id, &t).await?;
    if row.claim_status == status.code() {
        return Ok(());
    }
    let old = row.claim_status.clone();
    let mut active = row.into_active_model();
    active.claim_status = Set(status.code().into());
    active.update(&txn).await?;
    let record = Change {
        old_value: Some(old),
        new_value: Some(status.code().into()),
        ..change(who, "update", "matter_theory", t.id, m.id)
    };
    audit::record(&txn, record).await?;
    txn.commit().await?;
    Ok(())
}

/// Removes legal theory `theory` from matter `slug` as `who`.
///
/// # Errors
/// As [`set_claim_status`].
pub async fn remove_theory(db: &DatabaseConnection, who: &CurrentUser, slug: &str, theory_slug: &str) -> AppResult<()> {
    let txn = begin_write(db).await?;
    let m = editable(&txn, who, slug).await?;
    let t = theory(&txn, theory_slug).await?;
    let row = claim(&txn, m.id, &t).await?;
    let old = format!("{} {}", t.slug, row.claim_status);
    row.delete(&txn).await?;
    audit::record(&txn, Change { old_value: Some(old), ..change(who, "delete", "matter_theory", t.id, m.id) }).await?;
    txn.commit().await?;
    Ok(())
}

/// The provision `slug`, or a validation error on `provision`.
async fn provision(db: &impl ConnectionTrait, slug: &str) -> AppResult<provision::Model> {
    let slug = slug.trim();
    if slug.is_empty() {
        return Err(AppError::invalid("provision", "choose a provision"));
    }
    provision::Entity::find()
        .filter(provision::Column::Slug.eq(slug))
        .one(db)
        .await?
        .ok_or_else(|| AppError::invalid("provision", format!("there is no provision `{slug}`")))
}

/// Records that matter `slug` relies on provision `provision`, as `who`.
///
/// # Errors
/// `NotFound`/`Forbidden` unless `who` may edit it; `Validation` naming
/// `provision` when it is unknown or already linked.
pub async fn add_provision(
    db: &DatabaseConnection,
    who: &CurrentUser,
    slug: &str,
    provision_slug: &str,
) -> AppResult<()> {
    let txn = begin_write(db).await?;
    let m = editable(&txn, who, slug).await?;
    let p = provision(&txn, provision_slug).await?;
    if matter_provision::Entity::find_by_id((m.id, p.id)).one(&txn).await?.is_some() {
        return Err(AppError::invalid("provision", format!("this matter already cites {}", p.citation)));
    }
    matters::add_provision(&txn, Some(who.id), m.id, p.id).await?;
    txn.commit().await?;
    Ok(())
}

/// Removes provision `provision` from matter `slug`, as `who`.
///
/// # Errors
/// As [`add_provision`]; `Validation` naming `provision` when the matter
/// does not cite it.
pub async fn remove_provision(
    db: &DatabaseConnection,
    who: &CurrentUser,
    slug: &str,
    provision_slug: &str,
) -> AppResult<()> {
    let txn = begin_write(db).await?;
    let m = editable(&txn, who, slug).await?;
    let p = provision(&txn, provision_slug).await?;
    let row = matter_provision::Entity::find_by_id((m.id, p.id))
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::invalid("provision", format!("this matter does not cite {}", p.citation)))?;
    row.delete(&txn).await?;
    let record =
        Change { old_value: Some(p.citation.clone()), ..change(who, "delete", "matter_provision", p.id, m.id) };
    audit::record(&txn, record).await?;
    txn.commit().await?;
    Ok(())
}
