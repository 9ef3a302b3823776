//! A matter's links: to other matters, to legal theories (with the claim's
//! status) and to provisions; and "Sue on this request". Each checks on the
//! server that the caller may edit the matter (see `policy::may_edit`).

use crate::error::AppError;
use leptos::prelude::*;

/// Links matter `slug` to matter `other` ("`slug` is `kind` `other`").
#[server(endpoint = "links/add_matter")]
pub async fn add_matter_link(slug: String, kind: String, other: String) -> Result<(), AppError> {
    use crate::server::{auth::require_user, context::ctx, services::links};
    let ctx = ctx()?;
    let who = require_user().await?;
    links::add_matter_link(&ctx.db, &who, &slug, &kind, &other).await
}

/// Removes the `kind` links between matter `slug` and matter `other`.
#[server(endpoint = "links/remove_matter")]
pub async fn remove_matter_link(slug: String, kind: String, other: String) -> Result<(), AppError> {
    use crate::server::{auth::require_user, context::ctx, services::links};
    let ctx = ctx()?;
    let who = require_user().await?;
    links::remove_matter_link(&ctx.db, &who, &slug, &kind, &other).await
}

/// Records that matter `slug` relies on legal theory `theory`, with the
/// claim's `status` and an optional `note`.
#[server(endpoint = "links/add_theory")]
pub async fn add_theory(slug: String, theory: String, status: String, note: Option<String>) -> Result<(), AppError> {
    use crate::server::{auth::require_user, context::ctx, services::links};
    let ctx = ctx()?;
    let who = require_user().await?;
    links::add_theory(&ctx.db, &who, &slug, &theory, &status, note.as_deref().unwrap_or_default()).await
}

/// Changes the status of matter `slug`'s claim under legal theory `theory`.
#[server(endpoint = "links/set_claim")]
pub async fn set_claim_status(slug: String, theory: String, status: String) -> Result<(), AppError> {
    use crate::server::{auth::require_user, context::ctx, services::links};
    let ctx = ctx()?;
    let who = require_user().await?;
    links::set_claim_status(&ctx.db, &who, &slug, &theory, &status).await
}

/// Removes legal theory `theory` from matter `slug`.
#[server(endpoint = "links/remove_theory")]
pub async fn remove_theory(slug: String, theory: String) -> Result<(), AppError> {
    use crate::server::{auth::require_user, context::ctx, services::links};
    let ctx = ctx()?;
    let who = require_user().await?;
    links::remove_theory(&ctx.db, &who, &slug, &theory).await
}

/// Records that matter `slug` relies on provision `provision`.
#[server(endpoint = "links/add_provision")]
pub async fn add_provision(slug: String, provision: String) -> Result<(), AppError> {
    use crate::server::{auth::require_user, context::ctx, services::links};
    let ctx = ctx()?;
    let who = require_user().await?;
    links::add_provision(&ctx.db, &who, &slug, &provision).await
}

/// Removes provision `provision` from matter `slug`.
#[server(endpoint = "links/remove_provision")]
pub async fn remove_provision(slug: String, provision: String) -> Result<(), AppError> {
    use crate::server::{auth::require_user, context::ctx, services::links};
    let ctx = ctx()?;
    let who = require_user().await?;
    links::remove_provision(&ctx.db, &who, &slug, &provision).await
}

/// "Sue on this request": creates the lawsuit enforcing request (or
/// appeal) `slug`, then opens its edit page. Returns the lawsuit's slug.
#[server(endpoint = "links/sue")]
pub async fn sue_on_request(slug: String) -> Result<String, AppError> {
    use crate::server::{auth::require_user, context::ctx, services::sue};
    let ctx = ctx()?;
    let who = require_user().await?;
    let saved = sue::sue(&ctx.db, &who, &slug, ctx.today()).await?;
    leptos_axum::redirect(&format!("/matters/{}/edit", saved.slug));
    Ok(saved.slug)
}
