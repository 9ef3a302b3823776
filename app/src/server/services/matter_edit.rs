//! Creating and editing matters from the workspace forms, and the clinic's
//! review of what students file. Each call is one transaction: the matter,
//! its first events, links, deadlines and audit entries commit together.

use super::{matters, recompute::recompute_matter};
use crate::{
    domain::vocab::{EventKind, LinkKind, MatterKind, MatterStatus, Verification},
    error::{AppError, AppResult},
    forms::{MatterForm, ValidMatter},
    server::{
        audit::{self, Change},
        auth::{CurrentUser, Principal},
        entities::{agency, matter, matter_assignment},
        policy,
    },
};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    sea_query::{Expr, ExprTrait},
};

mod diff;

pub use diff::conflict_message;
use diff::{Changes, changes};

/// What a save did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    pub slug: String,
    pub version: i32,
    /// Whether the matter now waits for an attorney's approval.
    pub draft: bool,
}

/// Creates (empty `slug`) or updates a matter from its form, as `who`.
///
/// # Errors
/// `Validation`/`Fields` for bad input, `NotFound`/`Forbidden` when `who`
/// may not edit it, `Conflict` when someone else saved it first.
pub async fn save(db: &DatabaseConnection, who: &CurrentUser, form: &MatterForm, today: NaiveDate) -> AppResult<Saved> {
    let v = form.validate(today, form.slug.trim().is_empty())?;
    let txn = crate::server::tx::begin_write(db).await?;
    let saved = save_valid(&txn, who, form, v, today).await?;
    txn.commit().await?;
    Ok(saved)
}

/// [`save`] on the caller's transaction, for use cases that do more in it
/// ("Sue on this request" also links a theory); the caller commits.
///
/// # Errors
/// As [`save`].
pub async fn save_in(
    txn: &impl ConnectionTrait,
    who: &CurrentUser,
    form: &MatterForm,
    today: NaiveDate,
) -> AppResult<Saved> {
    let v = form.validate(today, form.slug.trim().is_empty())?;
    save_valid(txn, who, form, v, today).await
}

async fn save_valid(
    txn: &impl ConnectionTrait,
    who: &CurrentUser,
    form: &MatterForm,
    v: ValidMatter,
    today: NaiveDate,
) -> AppResult<Saved> {
    let ag = agency::Entity::find()
        .filter(agency::Column::Slug.eq(v.agency.as_str()))
        .one(txn)
        .await?
        .ok_or_else(|| AppError::invalid("agency", format!("there is no agency `{}`", v.agency)))?;
    if form.slug.trim().is_empty() {
        create(txn, who, v, &ag, today).await
    } else {
        update(txn, who, form.slug.trim(), form.version, v, &ag, today).await
    }
}

/// The matter `slug` in `who`'s organisation, with who is assigned to it.
///
/// # Errors
/// `NotFound` unless `who` may see it; `Forbidden` unless `who` may edit it.
pub async fn editable(db: &impl ConnectionTrait, who: &CurrentUser, slug: &str) -> AppResult<matter::Model> {
    let principal = Principal::User(who.clone());
    let m = crate::server::repo::matter_detail::find_visible(db, &principal, slug).await?;
    let assigned = assigned(db, m.id).await?;
    if policy::may_edit(&principal, &m, &assigned) { Ok(m) } else { Err(AppError::Forbidden) }
}

/// The ids of the users assigned to a matter.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn assigned(db: &impl ConnectionTrait, matter_id: i32) -> AppResult<Vec<i32>> {
    Ok(matter_assignment::Entity::find()
        .filter(matter_assignment::Column::MatterId.eq(matter_id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.user_id)
        .collect())
}

fn slugify(title: &str) -> String {
    let words: Vec<String> = title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let mut slug = String::new();
    for w in words {
        if slug.len() + w.len() > 60 {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&w);
    }
    if slug.is_empty() { "matter".into() } else { slug }
}

async fn unique_slug(db: &impl ConnectionTrait, title: &str) -> AppResult<String> {
    let base = slugify(title);
    let taken: Vec<String> = matter::Entity::find()
        .filter(matter::Column::Slug.starts_with(base.as_str()))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.slug)
        .collect();
    Ok((1..)
        .map(|n| if n == 1 { base.clone() } else { format!("{base}-{n}") })
        .find(|s| !taken.contains(s))
        .unwrap_or(base))
}

/// A linked matter named in the form: visible to `who` and of their
/// organisation, else a validation error on `field`.
async fn linked(db: &impl ConnectionTrait, who: &CurrentUser, field: &str, slug: &str) -> AppResult<matter::Model> {
    matter::Entity::find()
        .filter(matter::Column::Slug.eq(slug))
        .filter(matter::Column::OrganizationId.eq(who.organization_id))
        .one(db)
        .await?
        .ok_or_else(|| AppError::invalid(field, format!("there is no matter `{slug}` in your organisation")))
}

/// The events the creation form's dates stand for.
fn first_events(v: &ValidMatter) -> Vec<(EventKind, NaiveDate)> {
    let (sent, received) = match v.kind {
        MatterKind::Appeal => (EventKind::AppealFiled, EventKind::AppealReceived),
        _ => (EventKind::Submitted, EventKind::Received),
    };
    [
        (sent, v.date_sent),
        (received, v.date_received),
        (EventKind::ComplaintFiled, v.date_filed),
        (EventKind::Service, v.date_served),
    ]
    .into_iter()
    .filter_map(|(kind, date)| date.map(|d| (kind, d)))
    .collect()
}

async fn create(
    db: &impl ConnectionTrait,
    who: &CurrentUser,
    v: ValidMatter,
    ag: &agency::Model,
    today: NaiveDate,
) -> AppResult<Saved> {
    let principal = Principal::User(who.clone());
    let draft = policy::files_drafts(&principal);
    let appeal_of = match &v.appeal_of {
        Some(s) => Some(linked(db, who, "appeal_of", s).await?),
        None => None,
    };
    let enforces = match &v.enforces {
        Some(s) => Some(linked(db, who, "enforces", s).await?),
        None => None,
    };
    let slug = unique_slug(db, &v.title).await?;
    let events = first_events(&v);
    let status = if events.is_empty() { MatterStatus::Draft } else { initial_status(v.kind) };
    let id = matters::create(db, Some(who.id), new_matter(who, &v, ag, &slug, status, draft)).await?;
    if draft {
        matters::assign(db, Some(who.id), id, who.id).await?;
    }
    for (kind, date) in events {
        matters::add_event(db, Some(who.id), id, first_event(kind, date)).await?;
    }
    if let Some(request) = appeal_of {
        matters::link(db, Some(who.id), id, request.id, LinkKind::AppealOf).await?;
    }
    if let Some(target) = enforces {
        matters::link(db, Some(who.id), id, target.id, LinkKind::LawsuitEnforcing).await?;
    }
    recompute_matter(db, Some(who.id), id, today, "matter created").await?;
    Ok(Saved { slug, version: 1, draft })
}

fn initial_status(kind: MatterKind) -> MatterStatus {
    if kind == MatterKind::Lawsuit { MatterStatus::Pending } else { MatterStatus::Submitted }
}

fn first_event(kind: EventKind, date: NaiveDate) -> matters::NewEvent {
    matters::NewEvent {
        kind,
        date,
        title: kind.label().into(),
        details: String::new(),
        public: false,
        verification: Verification::Verified,
        outcome: String::new(),
        pages_released: 0,
        exemptions: Vec::new(),
        pages_withheld: (0, 0),
    }
}

fn new_matter(
    who: &CurrentUser,
    v: &ValidMatter,
    ag: &agency::Model,
    slug: &str,
    status: MatterStatus,
    draft: bool,
) -> matters::NewMatter {
    matters::NewMatter {
        slug: slug.into(),
        organization_id: who.organization_id,
        kind: v.kind,
        title: v.title.clone(),
        agency_id: ag.id,
        status,
        public: v.public && !draft,
        agency_tracking_number: v.tracking_number.clone(),
        court: v.court.clone(),
        docket_number: v.docket_number.clone(),
        summary: v.summary.clone(),
        counsel: v.counsel.clone(),
        requester: v.requester.clone(),
        verification: Verification::Verified,
        verification_note: String::new(),
        extras: matters::MatterExtras {
            review_state: if draft { "draft".into() } else { String::new() },
            created_by: Some(who.id),
            fee_category: v.fee_category.map(|f| f.code().to_string()).unwrap_or_default(),
            fee_waiver_requested: v.fee_waiver,
            expedited_requested: v.expedited,
            parties: v.parties.clone(),
            judge: v.judge.clone(),
        },
    }
}

async fn update(
    db: &impl ConnectionTrait,
    who: &CurrentUser,
    slug: &str,
    base_version: i32,
    v: ValidMatter,
    ag: &agency::Model,
    today: NaiveDate,
) -> AppResult<Saved> {
    let m = editable(db, who, slug).await?;
    let principal = Principal::User(who.clone());
    let supervisor = policy::may_supervise(&principal, &m);
    // Only attorneys publish: others' forms have no such box, so keep the value.
    let v = if supervisor { v } else { ValidMatter { public: m.public, ..v } };
    let old_agency = agency::Entity::find_by_id(m.agency_id).one(db).await?.map(|a| a.abbreviation).unwrap_or_default();
    let diff: Changes = changes(&m, &v, ag, &old_agency);
    let draft = m.review_state != policy::APPROVED;
    if base_version != m.version {
        return Err(AppError::Conflict(conflict_message(db, &m, base_version).await?));
    }
    if diff.is_empty() {
        return Ok(Saved { slug: m.slug, version: m.version, draft });
    }
    // A student's edit of a returned draft sends it back for review.
    let review_state = if policy::files_drafts(&principal) && draft { "draft" } else { m.review_state.as_str() };
    let res = matter::Entity::update_many()
        .set(diff.active_model(&v, ag, review_state))
        .col_expr(matter::Column::Version, Expr::col(matter::Column::Version).add(1))
        .col_expr(matter::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(matter::Column::Id.eq(m.id))
        .filter(matter::Column::Version.eq(base_version))
        .exec(db)
        .await?;
    if res.rows_affected != 1 {
        return Err(AppError::Conflict(conflict_message(db, &m, base_version).await?));
    }
    let version = base_version + 1;
    audit::record(db, diff.change(who.id, m.id, version)).await?;
    if m.agency_id != ag.id {
        recompute_matter(db, Some(who.id), m.id, today, "agency changed").await?;
    }
    Ok(Saved { slug: m.slug, version, draft: review_state != policy::APPROVED })
}

/// Approves a student's draft, or returns it with `comment`, as `who`.
///
/// # Errors
/// `Forbidden` unless `who` supervises the matter; `Validation` when a
/// return has no comment or the matter is not awaiting review.
pub async fn review(
    db: &DatabaseConnection,
    who: &CurrentUser,
    slug: &str,
    approve: bool,
    comment: &str,
) -> AppResult<()> {
    let txn = crate::server::tx::begin_write(db).await?;
    let principal = Principal::User(who.clone());
    let m = crate::server::repo::matter_detail::find_visible(&txn, &principal, slug).await?;
    if !policy::may_supervise(&principal, &m) {
        return Err(AppError::Forbidden);
    }
    if m.review_state != "draft" {
        return Err(AppError::invalid("decision", "this matter is not awaiting review"));
    }
    let comment = comment.trim();
    if !approve && comment.is_empty() {
        return Err(AppError::invalid("comment", "say what the student should change"));
    }
    let state = if approve { policy::APPROVED } else { "returned" };
    matter::Entity::update_many()
        .col_expr(matter::Column::ReviewState, Expr::value(state))
        .col_expr(matter::Column::ReviewComment, Expr::value(comment))
        .col_expr(matter::Column::Version, Expr::col(matter::Column::Version).add(1))
        .col_expr(matter::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(matter::Column::Id.eq(m.id))
        .exec(&txn)
        .await?;
    let change = Change {
        user_id: Some(who.id),
        action: if approve { "approve" } else { "return" },
        entity: "matter",
        entity_id: m.id,
        matter_id: Some(m.id),
        old_value: Some(serde_json::json!({ "review_state": m.review_state }).to_string()),
        new_value: Some(
            serde_json::json!({ "review_state": state, "comment": comment, "version": m.version + 1 }).to_string(),
        ),
    };
    audit::record(&txn, change).await?;
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slugs_are_short_lowercase_words() {
        assert_eq!(slugify("CBP: Biometric Exit (2025) records!"), "cbp-biometric-exit-2025-records");
        assert_eq!(slugify("¿?"), "matter");
        assert!(slugify(&"word ".repeat(40)).len() <= 60);
    }
}
