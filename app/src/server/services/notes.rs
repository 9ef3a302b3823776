//! Adding notes to a matter: anyone who may edit it may add one, privileged
//! (work product, shown only to those who may read privileged notes) or not
//! (shown to the matter's organisation). Notes are never public.

use super::{matter_edit::editable, matters};
use crate::{
    error::{AppError, AppResult},
    server::{auth::CurrentUser, tx::begin_write},
};
use sea_orm::DatabaseConnection;

/// The longest note, in characters.
pub const BODY_MAX: usize = 10_000;

/// Adds a note to matter `slug` as `who`; returns its id.
///
/// # Errors
/// `Validation` naming `body` when it is empty or too long; `NotFound` or
/// `Forbidden` when `who` may not edit the matter.
pub async fn add(
    db: &DatabaseConnection,
    who: &CurrentUser,
    slug: &str,
    body: &str,
    privileged: bool,
) -> AppResult<i32> {
    let body = body.trim();
    if body.is_empty() {
        return Err(AppError::invalid("body", "Write the note first."));
    }
    if body.chars().count() > BODY_MAX {
        return Err(AppError::invalid("body", format!("Keep a note under {BODY_MAX} characters.")));
    }
    let txn = begin_write(db).await?;
    let m = editable(&txn, who, slug).await?;
    let id = matters::add_note(&txn, Some(who.id), m.id, privileged, body).await?;
    txn.commit().await?;
    Ok(id)
}
