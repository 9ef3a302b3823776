//! The portfolio timeline.

use crate::{
    error::AppError,
    model::portfolio::{Grouping, Portfolio},
};
use leptos::prelude::*;

/// Every open matter the signed-in user may see on one time axis.
#[server(endpoint = "portfolio")]
pub async fn get_portfolio(grouping: Grouping) -> Result<Portfolio, AppError> {
    use crate::server::{
        auth::{Principal, require_user},
        context::ctx,
        repo::portfolio,
    };
    let ctx = ctx()?;
    let who = Principal::User(require_user().await?);
    portfolio::portfolio(&ctx.db, &who, grouping, ctx.today()).await
}
