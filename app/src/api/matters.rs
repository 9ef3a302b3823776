//! Matters: the filtered list and one matter's page.

use crate::{
    error::AppError,
    model::{MatterDetail, MatterFilter, MatterList},
};
use leptos::prelude::*;

/// The matters the viewer may see that match the filter.
#[server(endpoint = "matters/list")]
pub async fn list_matters(filter: MatterFilter) -> Result<MatterList, AppError> {
    use crate::server::{auth::principal, context::ctx, repo::matters};
    let ctx = ctx()?;
    let who = principal().await?;
    matters::list(&ctx.db, &who, &filter, ctx.today()).await
}

/// One matter, as the viewer may see it; `NotFound` when it may not.
#[server(endpoint = "matters/get")]
pub async fn get_matter(slug: String) -> Result<MatterDetail, AppError> {
    use crate::server::{auth::principal, context::ctx, repo::matter_detail};
    let ctx = ctx()?;
    let who = principal().await?;
    matter_detail::detail(&ctx.db, &who, &slug, ctx.today()).await
}
