//! Docket: FOIA requests, appeals and lawsuits against federal agencies, with
//! statute-aware deadlines. This crate holds the product's logic and UI; it is
//! built natively with `ssr` (for the server) and to wasm with `hydrate`.

#![recursion_limit = "256"]

pub mod api;
pub mod app;
pub mod components;
pub mod domain;
pub mod error;
pub mod forms;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

/// Entry point of the wasm bundle. Pages are rendered on the server only
/// (islands mode); Leptos's loader script hydrates each `#[island]` on the
/// page right after this returns.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // The loader hydrates the islands in one run of microtasks; a timer set
    // now fires after it. Then `.js-only` controls show, and browser tests
    // know the page is interactive.
    leptos::prelude::set_timeout(
        || {
            if let Some(body) = leptos::prelude::document().body() {
                let _ = body.set_attribute("data-hydrated", "true");
            }
        },
        std::time::Duration::ZERO,
    );
}
