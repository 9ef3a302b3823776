//! The error page body; sets the HTTP status while rendering on the server.

use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;

/// Shows an error in words a person can act on.
#[component]
pub fn ErrorView(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(
            http::StatusCode::from_u16(error.status_code()).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR),
        );
    }
    let (title, text) = match &error {
        AppError::NotFound(_) => ("Not found", "There is nothing here, or it is not public.".to_string()),
        AppError::Unauthorized => ("Please sign in", "This page is for signed-in users.".to_string()),
        AppError::Forbidden => ("Not allowed", "Your role does not allow this.".to_string()),
        other => ("Something went wrong", other.to_string()),
    };
    view! {
        <Title text=title />
        <section class="error-page">
            <h1>{title}</h1>
            <p>{text}</p>
            <p><a href="/">"Back to the dashboard"</a></p>
        </section>
    }
}

/// The router's fallback: an unknown address.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! { <ErrorView error=AppError::NotFound("page".into()) /> }
}
