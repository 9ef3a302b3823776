//! Who is signed in.

use crate::{error::AppError, model::Viewer};
use leptos::prelude::*;

/// The current viewer (the public when nobody is signed in).
#[server(endpoint = "viewer")]
pub async fn get_viewer() -> Result<Viewer, AppError> {
    Ok(crate::server::auth::principal().await?.viewer())
}
