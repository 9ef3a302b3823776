//! Agencies.

use crate::{
    error::AppError,
    model::{AgencyDetail, AgencyRow},
};
use leptos::prelude::*;

/// Every agency with its counts.
#[server(endpoint = "agencies/list")]
pub async fn list_agencies() -> Result<Vec<AgencyRow>, AppError> {
    use crate::server::{auth::principal, context::ctx, repo::agencies};
    let ctx = ctx()?;
    agencies::list(&ctx.db, &principal().await?, ctx.today()).await
}

/// One agency page.
#[server(endpoint = "agencies/get")]
pub async fn get_agency(slug: String) -> Result<AgencyDetail, AppError> {
    use crate::server::{auth::principal, context::ctx, repo::agencies};
    let ctx = ctx()?;
    agencies::detail(&ctx.db, &principal().await?, &slug, ctx.today()).await
}
