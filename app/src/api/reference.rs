//! Provisions and legal theories.

use crate::{
    domain::vocab::ProvisionKind,
    error::AppError,
    model::{ProvisionDetail, ProvisionRef, TheoryDetail, TheoryRow},
};
use leptos::prelude::*;

/// Every provision.
#[server(endpoint = "provisions/list")]
pub async fn list_provisions() -> Result<Vec<(ProvisionRef, ProvisionKind)>, AppError> {
    use crate::server::{context::ctx, repo::reference};
    reference::provisions(&ctx()?.db).await
}

/// One provision and what relies on it.
#[server(endpoint = "provisions/get")]
pub async fn get_provision(slug: String) -> Result<ProvisionDetail, AppError> {
    use crate::server::{
        auth::{Principal, principal},
        context::ctx,
        policy, public,
        repo::reference,
    };
    let ctx = ctx()?;
    match principal().await? {
        Principal::Public => public::provision_page(&ctx.db, &slug).await,
        user => reference::provision(&ctx.db, policy::visible_matters(&user), &slug).await,
    }
}

/// Every legal theory.
#[server(endpoint = "theories/list")]
pub async fn list_theories() -> Result<Vec<TheoryRow>, AppError> {
    use crate::server::{
        auth::{Principal, principal},
        context::ctx,
        policy, public,
        repo::reference,
    };
    let ctx = ctx()?;
    match principal().await? {
        Principal::Public => public::theories(&ctx.db).await,
        user => reference::theories(&ctx.db, policy::visible_matters(&user)).await,
    }
}

/// One legal theory and the matters relying on it.
#[server(endpoint = "theories/get")]
pub async fn get_theory(slug: String) -> Result<TheoryDetail, AppError> {
    use crate::server::{
        auth::{Principal, principal},
        context::ctx,
        policy, public,
        repo::reference,
    };
    let ctx = ctx()?;
    match principal().await? {
        Principal::Public => public::theory_page(&ctx.db, &slug).await,
        user => reference::theory(&ctx.db, policy::visible_matters(&user), &slug).await,
    }
}
