//! The dashboard.

use crate::{error::AppError, model::Dashboard};
use leptos::prelude::*;

/// Counts, upcoming and overdue deadlines, and requests that may go to court.
#[server(endpoint = "dashboard")]
pub async fn get_dashboard() -> Result<Dashboard, AppError> {
    use crate::server::{auth::principal, context::ctx, repo::dashboard};
    let ctx = ctx()?;
    let who = principal().await?;
    dashboard::dashboard(&ctx.db, &who, ctx.today()).await
}
