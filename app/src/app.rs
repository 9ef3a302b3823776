//! The HTML shell and the one route table: every URL of the app is here.

use crate::{
    components::{error_view::NotFoundPage, layout::Layout},
    pages::{
        agencies::{AgenciesPage, AgencyPage},
        calendar::CalendarPage,
        import::{ImportMappingPage, ImportPage, ImportUploadPage},
        login::{LoginPage, SecondFactorPage},
        matter::MatterPage,
        matter_form::{EditMatterPage, NewMatterPage},
        matters::MattersPage,
        notifications::NotificationsPage,
        portfolio::PortfolioPage,
        provisions::{ProvisionPage, ProvisionsPage},
        public_home::{HomePage, PublicPage},
        search::SearchPage,
        security::SecurityPage,
        theories::{TheoriesPage, TheoryPage},
        tokens::TokensPage,
        users::UsersPage,
        workspace::{DraftsPage, HistoryPage},
    },
};
use leptos::prelude::*;
use leptos_meta::{Link, MetaTags, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

/// The stylesheet's URL; the server serves it from memory.
pub const STYLESHEET: &str = "/docket.css";

/// The Content-Security-Policy of a page: its own scripts (the inline
/// hydration scripts carry this response's nonce), its own styles, images,
/// fonts and connections, and no framing.
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

/// Mints this response's nonce and sends the policy that allows it.
#[cfg(feature = "ssr")]
fn provide_csp() {
    let nonce = leptos::nonce::Nonce::new();
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(value) = http::HeaderValue::from_str(&content_security_policy(&nonce))
    {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
    provide_context(nonce);
}

/// Whether this response loads the wasm bundle. Only a signed-in user's
/// pages hold islands that matter (the dashboard's window toggle, the event
/// form's due-date preview, Print), so a visitor's pages carry no script at
/// all: nothing to download on a phone, nothing that could break. A request
/// with a session cookie gets the loader (a stale cookie costs one cached
/// download); the page cache never answers a request with a cookie.
fn loads_bundle() -> bool {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .is_some_and(|parts| crate::server::auth::token_from_headers(&parts.headers).is_some())
    }
    #[cfg(not(feature = "ssr"))]
    true
}

/// The document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    provide_csp();
    // Islands mode: what is rendered outside an island is never hydrated, so
    // its resources are not written into the page for the browser
    // (`HydrationScripts` says so too, but a visitor's page has none).
    #[cfg(feature = "ssr")]
    if let Some(shared) = Owner::current_shared_context() {
        shared.set_is_hydrating(false);
    }
    let scripts = loads_bundle().then(|| view! { <HydrationScripts options islands=true /> });
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <link rel="alternate" type="application/atom+xml" title="Docket: public events" href="/feeds/public.atom" />
                {scripts}
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The application: layout and routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Link rel="stylesheet" href=STYLESHEET />
        <Router>
            <Layout>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/public") view=PublicPage ssr=SsrMode::Async />
                    <Route path=path!("/matters") view=MattersPage ssr=SsrMode::Async />
                    <Route path=path!("/matters/new") view=NewMatterPage ssr=SsrMode::Async />
                    <Route path=path!("/matters/:slug") view=MatterPage ssr=SsrMode::Async />
                    <Route path=path!("/matters/:slug/edit") view=EditMatterPage ssr=SsrMode::Async />
                    <Route path=path!("/matters/:slug/history") view=HistoryPage ssr=SsrMode::Async />
                    <Route path=path!("/drafts") view=DraftsPage ssr=SsrMode::Async />
                    <Route path=path!("/notifications") view=NotificationsPage ssr=SsrMode::Async />
                    <Route path=path!("/portfolio") view=PortfolioPage ssr=SsrMode::Async />
                    <Route path=path!("/agencies") view=AgenciesPage ssr=SsrMode::Async />
                    <Route path=path!("/agencies/:slug") view=AgencyPage ssr=SsrMode::Async />
                    <Route path=path!("/theories") view=TheoriesPage ssr=SsrMode::Async />
                    <Route path=path!("/theories/:slug") view=TheoryPage ssr=SsrMode::Async />
                    <Route path=path!("/provisions") view=ProvisionsPage ssr=SsrMode::Async />
                    <Route path=path!("/provisions/:slug") view=ProvisionPage ssr=SsrMode::Async />
                    <Route path=path!("/calendar") view=CalendarPage ssr=SsrMode::Async />
                    <Route path=path!("/search") view=SearchPage ssr=SsrMode::Async />
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/login/two-factor") view=SecondFactorPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/users") view=UsersPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/import") view=ImportPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/import/:id") view=ImportUploadPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/import/:id/mapping") view=ImportMappingPage ssr=SsrMode::Async />
                    <Route path=path!("/account/tokens") view=TokensPage ssr=SsrMode::Async />
                    <Route path=path!("/account/security") view=SecurityPage ssr=SsrMode::Async />
                </Routes>
            </Layout>
        </Router>
    }
}
