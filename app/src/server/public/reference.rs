//! Legal theories and provisions with the published matters that rely on
//! them ("which cases invoke the Fourth Amendment?"): the shared reader of
//! `repo::reference`, held to published matters.

use super::rows::published;
use crate::{
    error::AppResult,
    model::{ProvisionDetail, TheoryDetail, TheoryRow},
    server::repo::reference,
};
use sea_orm::ConnectionTrait;

/// Every legal theory, by name, with how many published matters rely on it.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn theories(db: &impl ConnectionTrait) -> AppResult<Vec<TheoryRow>> {
    reference::theories(db, published()).await
}

/// A legal theory with its provisions and the published matters relying
/// on it, by title.
///
/// # Errors
/// `NotFound` for an unknown slug; `Internal` on a database failure.
pub async fn theory_page(db: &impl ConnectionTrait, slug: &str) -> AppResult<TheoryDetail> {
    reference::theory(db, published(), slug).await
}

/// A provision with the theories and rules that cite it and the published
/// matters relying on it, by title.
///
/// # Errors
/// `NotFound` for an unknown slug; `Internal` on a database failure.
pub async fn provision_page(db: &impl ConnectionTrait, slug: &str) -> AppResult<ProvisionDetail> {
    reference::provision(db, published(), slug).await
}
