//! The axum router: Leptos pages, server functions under `/api/`, sign-in,
//! the stylesheet and `/healthz`.

use crate::{
    auth_routes,
    metrics::{self, Metrics},
    middleware::{refuse_cross_site, server_fn_status},
    page_cache::{self, PageCache},
};
use app::{
    app::{App, STYLESHEET, shell},
    server::{context::AppContext, services::documents::DocumentStore},
};
use axum::{
    Router,
    body::Body,
    extract::{FromRef, State},
    http::{Request, StatusCode, header},
    response::IntoResponse,
    routing::{get, post},
};
use leptos::{config::LeptosOptions, prelude::provide_context};
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list, handle_server_fns_with_context};
use sea_orm::ConnectionTrait;
use tower_http::{
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    services::ServeDir,
    set_header::SetResponseHeaderLayer,
    trace::TraceLayer,
};

/// What every handler can reach.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub ctx: AppContext,
    pub metrics: Metrics,
    /// The anonymous public pages kept in memory.
    pub pages: PageCache,
    /// Where uploaded documents are kept, and their size limit.
    pub documents: DocumentStore,
}

const CSS: &str = include_str!("../../app/style/docket.css");

async fn stylesheet() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=300")], CSS)
}

const FAVICON: &str = "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'><rect width='32' height='32' rx='6' fill='#1f4e79'/><text x='16' y='23' font-size='20' text-anchor='middle' fill='#fff' font-family='Georgia,serif'>§</text></svg>";

async fn favicon() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "public, max-age=86400")], FAVICON)
}

async fn healthz(State(ctx): State<AppContext>) -> impl IntoResponse {
    match ctx.db.execute_unprepared("SELECT 1").await {
        Ok(_) => (StatusCode::OK, "ok"),
        Err(err) => {
            tracing::error!(error = %err, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

/// The span every request's log lines belong to, named by its request id.
/// A private feed's path is a secret, so it is logged without it.
fn request_span(req: &Request<Body>) -> tracing::Span {
    let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
    tracing::info_span!("request", id = %id, method = %req.method(), path = %loggable_path(req.uri().path()))
}

fn loggable_path(path: &str) -> &str {
    match path.strip_prefix("/feeds/") {
        Some("public.ics" | "public.atom") | None => path,
        Some(_) => "/feeds/(secret).ics",
    }
}

async fn server_fns(State(ctx): State<AppContext>, req: Request<Body>) -> impl IntoResponse {
    handle_server_fns_with_context(move || provide_context(ctx.clone()), req).await
}

/// The app's routes, generated once per process. Generating them runs the
/// app with resource loading suppressed by a process-wide flag in Leptos
/// 0.8: a resource first polled meanwhile by a server in the same process
/// waits forever, and its page never finishes (the tests run several
/// servers in one process, and one of them listed the routes itself while
/// the others served pages). Use this, never `generate_route_list`.
pub fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// Builds the router over `state`.
pub fn router(state: AppState) -> Router {
    let routes = route_list();
    let ctx = state.ctx.clone();
    let context = move || provide_context(ctx.clone());
    let options = state.leptos_options.clone();
    // The bundle is served by a full `ServeDir` (Leptos's file handler
    // forwards only `Accept-Encoding`, so it never answers 304).
    let bundle = ServeDir::new(std::path::Path::new(&*options.site_root).join(&*options.site_pkg_dir))
        .precompressed_br()
        .precompressed_gzip();
    Router::new()
        .nest_service(&format!("/{}", options.site_pkg_dir), bundle)
        .route("/api/{*fn_name}", post(server_fns))
        .route("/login", post(auth_routes::login))
        .route(auth_routes::SECOND_STEP, post(auth_routes::login_second_step))
        .route("/logout", post(auth_routes::logout))
        .route(STYLESHEET, get(stylesheet))
        .route("/favicon.svg", get(favicon))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics::page))
        .merge(crate::api_v1::routes())
        .merge(crate::feeds::routes())
        .merge(crate::atom::routes())
        .merge(crate::sitemap::routes())
        .merge(crate::export::routes())
        .merge(crate::import_routes::routes())
        .merge(crate::documents::routes(&state.documents))
        .leptos_routes_with_context(&state, routes, context.clone(), move || shell(options.clone()))
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, shell))
        .layer(axum::middleware::from_fn(server_fn_status))
        .layer(axum::middleware::from_fn(crate::typed_input::keep_typed_input))
        .layer(axum::middleware::from_fn_with_state(state.pages.clone(), page_cache::serve))
        .layer(axum::middleware::from_fn_with_state(state.metrics.clone(), metrics::track))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .layer(axum::middleware::from_fn(refuse_cross_site))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            header::HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            header::HeaderValue::from_static(
                "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
            ),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            header::HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            header::HeaderValue::from_static("same-origin"),
        ))
        .layer(axum::middleware::from_fn(crate::caching::cache_headers))
        .with_state(state)
}

#[cfg(test)]
mod tests {
    use super::loggable_path;

    #[test]
    fn feed_secrets_stay_out_of_the_logs() {
        assert_eq!(loggable_path("/feeds/0123456789abcdef.ics"), "/feeds/(secret).ics");
        assert_eq!(loggable_path("/feeds/public.ics"), "/feeds/public.ics");
        assert_eq!(loggable_path("/feeds/public.atom"), "/feeds/public.atom");
        assert_eq!(loggable_path("/matters/x"), "/matters/x");
    }
}
