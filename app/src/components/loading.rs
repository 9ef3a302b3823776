//! What shows while data loads (only with JavaScript; the server waits).

use leptos::prelude::*;

/// A quiet loading line.
#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" role="status">"Loading…"</p> }
}
