//! The page frame: header with navigation and sign-in state, main, footer.

use crate::{api::session::get_viewer, model::Viewer};
use leptos::prelude::*;

/// The site header's account area.
#[component]
fn Account(viewer: Viewer) -> impl IntoView {
    match viewer.user {
        Some(user) => view! {
            <div class="account">
                <a href="/matters/new" class="new">"New matter"</a>
                <a href="/drafts">"Drafts"</a>
                <a href="/portfolio">"Portfolio"</a>
                <a href="/notifications">"Notifications"</a>
                <a href="/account/tokens">"Tokens"</a>
                <a href="/account/security">"Security"</a>
                {(user.role == crate::domain::vocab::Role::Admin).then(|| view! { <a href="/admin/users">"Users"</a> <a href="/admin/import">"Import"</a> })}
                <span class="who">
                    {user.name} <span class="role">{user.role.label()}</span>
                </span>
                <form method="post" action="/logout" class="inline">
                    <button type="submit" class="link-button">"Sign out"</button>
                </form>
            </div>
        }
        .into_any(),
        None => view! {
            <div class="account">
                <span class="who public-view">"Public view"</span>
                <a href="/login" class="sign-in">"Sign in"</a>
            </div>
        }
        .into_any(),
    }
}

/// Frames every page.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let viewer = Resource::new(|| (), |_| get_viewer());
    view! {
        <a class="skip" href="#main">"Skip to content"</a>
        <header class="site">
            <a class="brand" href="/">
                <span class="mark" aria-hidden="true">"§"</span>
                "Docket"
            </a>
            <nav aria-label="Main">
                <a href="/">"Home"</a>
                <a href="/matters">"Matters"</a>
                <a href="/agencies">"Agencies"</a>
                <a href="/theories">"Theories"</a>
                <a href="/provisions">"Provisions"</a>
                <a href="/calendar">"Calendar"</a>
            </nav>
            <form method="get" action="/search" class="site-search" role="search" aria-label="Site search">
                <label for="site-search-q" class="visually-hidden">"Search Docket"</label>
                <input id="site-search-q" type="search" name="q" maxlength="200" placeholder="Search" />
                <button type="submit" class="secondary">"Search"</button>
            </form>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move { viewer.await.ok().map(|v| view! { <Account viewer=v /> }) })}
            </Suspense>
        </header>
        <main id="main">{children()}</main>
        <footer class="site">
            <p>
                "Docket tracks FOIA requests, appeals and lawsuits. Not legal advice: check every date against the statute, the regulation and the court's rules. "
                "Facts marked UNVERIFIED or PLACEHOLDER are not confirmed in a primary source."
            </p>
        </footer>
    }
}
