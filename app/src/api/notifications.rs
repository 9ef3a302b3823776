//! A signed-in user's notifications (the daily digests).

use crate::{error::AppError, model::NotificationView};
use leptos::prelude::*;

/// The user's latest notifications, newest first.
#[server(endpoint = "notifications/list")]
pub async fn notifications() -> Result<Vec<NotificationView>, AppError> {
    use crate::server::{auth::require_user, context::ctx, repo::notifications};
    let ctx = ctx()?;
    let who = require_user().await?;
    notifications::latest(&ctx.db, &who).await
}

/// Marks all the user's notifications read.
#[server(endpoint = "notifications/read")]
pub async fn mark_notifications_read() -> Result<(), AppError> {
    use crate::server::{auth::require_user, context::ctx, repo::notifications};
    let ctx = ctx()?;
    let who = require_user().await?;
    notifications::mark_read(&ctx.db, &who).await
}
