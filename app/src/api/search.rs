//! Search across matters, events, notes and documents' titles.

use crate::{error::AppError, model::SearchResults};
use leptos::prelude::*;

/// What the viewer may see that matches `q`, best first.
#[server(endpoint = "search")]
pub async fn search(q: String) -> Result<SearchResults, AppError> {
    use crate::server::{auth::principal, context::ctx, repo::search};
    let ctx = ctx()?;
    let who = principal().await?;
    search::search(&ctx.db, &who, &q).await
}
