//! Reads that serve the workspace: the matter form's choices and starting
//! values, the drafts queue, and a matter's history.

use super::{common::matter_ref, matter_detail::find_visible};
use crate::{
    domain::vocab::Role,
    error::{AppError, AppResult},
    forms::MatterForm,
    model::{AgencyOption, DraftRow, HistoryEntry, MatterFormData, MatterHistory},
    server::{
        auth::{CurrentUser, Principal},
        entities::{agency, audit_entry, matter, user},
        policy,
        services::matter_edit::editable,
    },
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;

fn checkbox(on: bool) -> Option<String> {
    on.then(|| "on".to_string())
}

/// The form's values for an existing matter.
fn form_of(m: &matter::Model, agency_slug: String) -> MatterForm {
    MatterForm {
        slug: m.slug.clone(),
        version: m.version,
        kind: m.kind.clone(),
        title: m.title.clone(),
        agency: agency_slug,
        summary: m.summary.clone(),
        requester: m.requester.clone(),
        counsel: m.counsel.clone(),
        public: checkbox(m.public),
        tracking_number: m.agency_tracking_number.clone(),
        fee_category: m.fee_category.clone(),
        fee_waiver: checkbox(m.fee_waiver_requested),
        expedited: checkbox(m.expedited_requested),
        court: m.court.clone(),
        docket_number: m.docket_number.clone(),
        parties: m.parties.clone(),
        judge: m.judge.clone(),
        ..Default::default()
    }
}

/// A new matter of `kind`, pre-filled from `from` (the request an appeal
/// or lawsuit is about).
pub fn new_form(kind: &str, from: Option<(&matter::Model, &agency::Model)>) -> MatterForm {
    let mut form = MatterForm { kind: kind.to_string(), ..Default::default() };
    let Some((m, ag)) = from else { return form };
    form.agency = ag.slug.clone();
    form.requester = m.requester.clone();
    form.counsel = m.counsel.clone();
    match kind {
        "appeal" => {
            form.appeal_of = m.slug.clone();
            form.title = format!("Appeal: {}", m.title);
            form.tracking_number = m.agency_tracking_number.clone();
        }
        "lawsuit" => {
            form.enforces = m.slug.clone();
            let plaintiff = if m.requester.is_empty() { "Requester" } else { m.requester.as_str() };
            form.title = format!("{plaintiff} v. {}", ag.abbreviation);
            form.summary = format!("FOIA lawsuit to enforce “{}”.", m.title);
            form.parties = format!("{plaintiff} (plaintiff); {} (defendant)", ag.name);
        }
        _ => {}
    }
    form
}

/// The matter form: editing `slug`, or a new matter of `kind` (from `from`).
///
/// # Errors
/// `NotFound`/`Forbidden` when `who` may not edit the matter or read `from`.
pub async fn form_data(
    db: &impl ConnectionTrait,
    who: &CurrentUser,
    slug: Option<&str>,
    kind: Option<&str>,
    from: Option<&str>,
) -> AppResult<MatterFormData> {
    let principal = Principal::User(who.clone());
    let agencies = agency::Entity::find().order_by_asc(agency::Column::Name).all(db).await?;
    let by_id: HashMap<i32, &agency::Model> = agencies.iter().map(|a| (a.id, a)).collect();
    let slug_of = |id: i32| by_id.get(&id).map(|a| a.slug.clone()).unwrap_or_default();
    let (form, creating, can_publish) = match slug.filter(|s| !s.is_empty()) {
        Some(slug) => {
            let m = editable(db, who, slug).await?;
            (form_of(&m, slug_of(m.agency_id)), false, policy::may_supervise(&principal, &m))
        }
        None => {
            let source = match from.filter(|s| !s.is_empty()) {
                Some(s) => Some(find_visible(db, &principal, s).await?).filter(|m| policy::is_member(&principal, m)),
                None => None,
            };
            let pair = source.as_ref().and_then(|m| by_id.get(&m.agency_id).map(|a| (m, *a)));
            let can_publish = matches!(who.role, Role::Attorney | Role::Admin);
            (new_form(kind.unwrap_or("foia_request"), pair), true, can_publish)
        }
    };
    let matters = matter::Entity::find()
        .filter(matter::Column::OrganizationId.eq(who.organization_id))
        .order_by_asc(matter::Column::Title)
        .all(db)
        .await?
        .iter()
        .map(matter_ref)
        .collect::<AppResult<_>>()?;
    let agencies = agencies
        .iter()
        .map(|a| AgencyOption { slug: a.slug.clone(), label: format!("{} ({})", a.name, a.abbreviation) })
        .collect();
    Ok(MatterFormData {
        agencies,
        matters,
        form,
        creating,
        can_publish,
        files_drafts: policy::files_drafts(&principal),
    })
}

async fn names(db: &impl ConnectionTrait, ids: Vec<i32>) -> AppResult<HashMap<i32, String>> {
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect())
}

/// Matters awaiting review: an attorney's organisation's, or a student's own.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn drafts(db: &impl ConnectionTrait, who: &CurrentUser) -> AppResult<Vec<DraftRow>> {
    let mut q = matter::Entity::find()
        .filter(matter::Column::OrganizationId.eq(who.organization_id))
        .filter(matter::Column::ReviewState.is_in(["draft", "returned"]));
    if who.role == Role::Student {
        q = q.filter(matter::Column::CreatedBy.eq(who.id));
    }
    let rows = q.order_by_asc(matter::Column::CreatedAt).all(db).await?;
    let who_filed = names(db, rows.iter().filter_map(|m| m.created_by).collect()).await?;
    let agencies: HashMap<i32, String> =
        agency::Entity::find().all(db).await?.into_iter().map(|a| (a.id, a.abbreviation)).collect();
    rows.iter()
        .map(|m| {
            Ok(DraftRow {
                matter: matter_ref(m)?,
                agency: agencies.get(&m.agency_id).cloned().unwrap_or_default(),
                filed_by: m.created_by.and_then(|id| who_filed.get(&id).cloned()).unwrap_or_default(),
                filed: m.created_at.date_naive(),
                review_state: m.review_state.clone(),
                comment: m.review_comment.clone(),
            })
        })
        .collect()
}

/// A matter's history (newest first), for members of its organisation.
///
/// # Errors
/// `NotFound` when `who` may not see the matter, `Forbidden` when they see
/// it only as the public does.
pub async fn history(db: &impl ConnectionTrait, who: &CurrentUser, slug: &str) -> AppResult<MatterHistory> {
    let principal = Principal::User(who.clone());
    let m = find_visible(db, &principal, slug).await?;
    if !policy::is_member(&principal, &m) {
        return Err(AppError::Forbidden);
    }
    let rows = audit_entry::Entity::find()
        .filter(audit_entry::Column::MatterId.eq(m.id))
        .order_by_desc(audit_entry::Column::Id)
        .limit(1000)
        .all(db)
        .await?;
    let who_did = names(db, rows.iter().filter_map(|e| e.user_id).collect()).await?;
    let entries = rows
        .into_iter()
        .map(|e| HistoryEntry {
            at: e.at.format("%Y-%m-%d %H:%M UTC").to_string(),
            who: e.user_id.and_then(|id| who_did.get(&id).cloned()).unwrap_or_else(|| "Docket (seed or system)".into()),
            action: e.action,
            what: format!("{} {}", e.entity.replace('_', " "), e.entity_id),
            old_value: e.old_value.unwrap_or_default(),
            new_value: e.new_value.unwrap_or_default(),
        })
        .collect();
    Ok(MatterHistory { matter: matter_ref(&m)?, entries })
}
