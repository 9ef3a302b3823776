//! The workspace's writes: create and edit matters, log, delete and restore
//! events, review students' drafts; and the reads that serve them (the form,
//! the drafts queue, a matter's history). Each checks on the server who may
//! do it; the services do the work in one transaction.

use crate::{
    error::AppError,
    forms::{EventForm, MatterForm},
    model::{DraftQueue, EventLogged, MatterFormData, MatterHistory},
};
use leptos::prelude::*;

/// What the matter form starts from: `slug` to edit, or a new matter of
/// `kind`, pre-filled `from` another matter ("Sue on this request").
#[server(endpoint = "matters/form")]
pub async fn load_matter_form(
    slug: Option<String>,
    kind: Option<String>,
    from: Option<String>,
) -> Result<MatterFormData, AppError> {
    use crate::server::{auth::require_user, context::ctx, repo::workspace};
    let ctx = ctx()?;
    let who = require_user().await?;
    workspace::form_data(&ctx.db, &who, slug.as_deref(), kind.as_deref(), from.as_deref()).await
}

/// Creates or updates a matter; then shows it.
#[server(endpoint = "matters/save")]
pub async fn save_matter(form: MatterForm) -> Result<String, AppError> {
    use crate::server::{auth::require_user, context::ctx, services::matter_edit};
    let ctx = ctx()?;
    let who = require_user().await?;
    let saved = matter_edit::save(&ctx.db, &who, &form, ctx.today()).await?;
    leptos_axum::redirect(&format!("/matters/{}", saved.slug));
    Ok(saved.slug)
}

/// Logs an event on a matter and recomputes its deadlines.
#[server(endpoint = "events/log")]
pub async fn log_event(slug: String, form: EventForm) -> Result<EventLogged, AppError> {
    use crate::server::{auth::require_user, context::ctx, services::event_log};
    let ctx = ctx()?;
    let who = require_user().await?;
    let done = event_log::log(&ctx.db, &who, &slug, &form, ctx.today()).await?;
    Ok(EventLogged { status: done.status, moved: done.report.moved, created: done.report.created })
}

/// Deletes (`restore` false) or restores an event; deletion can be undone.
#[server(endpoint = "events/delete")]
pub async fn delete_event(slug: String, event_id: i32, restore: Option<String>) -> Result<(), AppError> {
    use crate::server::{auth::require_user, context::ctx, services::event_log};
    let ctx = ctx()?;
    let who = require_user().await?;
    event_log::set_deleted(&ctx.db, &who, &slug, event_id, restore.is_none(), ctx.today()).await?;
    Ok(())
}

/// Approves (`decision` = `approve`) or returns (`return`, with a comment)
/// a student's draft.
#[server(endpoint = "matters/review")]
pub async fn review_matter(slug: String, decision: String, comment: String) -> Result<(), AppError> {
    use crate::server::{auth::require_user, context::ctx, services::matter_edit};
    let ctx = ctx()?;
    let who = require_user().await?;
    let approve = match decision.as_str() {
        "approve" => true,
        "return" => false,
        other => return Err(AppError::invalid("decision", format!("`{other}` is not approve or return"))),
    };
    matter_edit::review(&ctx.db, &who, &slug, approve, &comment).await
}

/// Drafts awaiting review (for attorneys: their organisation's; for
/// students: their own, including those returned to them).
#[server(endpoint = "matters/drafts")]
pub async fn drafts() -> Result<DraftQueue, AppError> {
    use crate::server::{auth::require_user, context::ctx, repo::workspace};
    let ctx = ctx()?;
    let who = require_user().await?;
    let reviewer = matches!(who.role, crate::domain::vocab::Role::Attorney | crate::domain::vocab::Role::Admin);
    Ok(DraftQueue { rows: workspace::drafts(&ctx.db, &who).await?, reviewer })
}

/// A matter's history, for members of its organisation.
#[server(endpoint = "matters/history")]
pub async fn load_history(slug: String) -> Result<MatterHistory, AppError> {
    use crate::server::{auth::require_user, context::ctx, repo::workspace};
    let ctx = ctx()?;
    let who = require_user().await?;
    workspace::history(&ctx.db, &who, &slug).await
}

/// Adds a note to a matter (`privileged` when the box is ticked).
#[server(endpoint = "notes/add")]
pub async fn add_note(slug: String, body: String, privileged: Option<String>) -> Result<(), AppError> {
    use crate::server::{auth::require_user, context::ctx, services::notes};
    let ctx = ctx()?;
    let who = require_user().await?;
    notes::add(&ctx.db, &who, &slug, &body, privileged.is_some()).await.map(|_| ())
}
