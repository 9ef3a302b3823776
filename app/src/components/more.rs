//! The line under a list cut short: which of how many it shows, and a link
//! to all of them.

use super::thousands;
use leptos::prelude::*;

/// The link to a list's CSV export, under a list cut short.
pub const EVERY_ONE: &str = "Download every one (CSV)";
/// The link to the matters list, under a list of matters cut short.
pub const IN_THE_LIST: &str = "See them all in the matters list";

/// "Showing 100 of 20,232, earliest first. See them all": nothing when the
/// list is whole (`shown` of `total`).
#[component]
pub fn More(
    shown: usize,
    total: u64,
    /// The list's order, which says which rows are shown: "earliest first".
    order: &'static str,
    #[prop(into)] href: String,
    link: &'static str,
) -> impl IntoView {
    (total > shown as u64).then(|| {
        view! {
            <p class="more">
                {format!("Showing {} of {}, {order}. ", thousands(shown as u64), thousands(total))}
                <a href=href>{link}</a>
            </p>
        }
    })
}
