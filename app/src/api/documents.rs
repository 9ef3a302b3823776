//! A matter's documents: the list its page shows and deleting one. Uploads
//! and downloads carry files, so they are plain HTTP routes in the server
//! (`server/src/documents.rs`) that call the same services.

use crate::{error::AppError, model::MatterDocuments};
use leptos::prelude::*;

/// The documents of matter `slug` the viewer may see.
#[server(endpoint = "documents/list")]
pub async fn list_documents(slug: String) -> Result<MatterDocuments, AppError> {
    use crate::server::{auth::principal, context::ctx, repo::documents};
    let ctx = ctx()?;
    let who = principal().await?;
    documents::for_matter(&ctx.db, &who, &slug).await
}

/// Deletes document `id` of matter `slug` (it stays in the audit log).
#[server(endpoint = "documents/delete")]
pub async fn delete_document(slug: String, id: i32) -> Result<(), AppError> {
    use crate::server::{auth::require_user, context::ctx, services::documents};
    let ctx = ctx()?;
    let who = require_user().await?;
    documents::delete(&ctx.db, &who, &slug, id).await
}
