//! One module per route (see `app.rs` for the route table).

pub mod agencies;
pub mod calendar;
pub mod dashboard;
pub mod import;
pub mod login;
pub mod matter;
pub mod matter_actions;
pub mod matter_documents;
pub mod matter_form;
pub mod matter_links;
pub mod matter_preview;
pub mod matters;
pub mod notifications;
pub mod portfolio;
pub mod provisions;
pub mod public_home;
pub mod search;
pub mod security;
pub mod theories;
pub mod tokens;
pub mod users;
pub mod workspace;

use crate::{components::error_view::ErrorView, error::AppError};
use leptos::prelude::*;

/// Renders `ok` with the loaded value, or the error page.
pub fn render<T, V: IntoView + 'static>(result: Result<T, AppError>, ok: impl FnOnce(T) -> V) -> AnyView {
    match result {
        Ok(value) => ok(value).into_any(),
        Err(error) => view! { <ErrorView error /> }.into_any(),
    }
}
