//! Building and running the HTTP application (bind first, so port 0 works).

use crate::routes::{AppState, router};
use anyhow::Context;
use app::server::{context::AppContext, services::documents::DocumentStore};
use chrono::NaiveDate;
use leptos::config::LeptosOptions;
use sea_orm::DatabaseConnection;
use std::{net::SocketAddr, path::Path};
use tokio::net::TcpListener;

/// A bound, ready-to-run server.
pub struct Application {
    listener: TcpListener,
    state: AppState,
    addr: SocketAddr,
}

/// The Leptos options for a site root, with the output name the wasm build
/// writes (`pkg/app.js`, `pkg/app_bg.wasm`).
pub fn leptos_options(site_root: &Path, addr: SocketAddr) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("app")
        .site_root(site_root.to_string_lossy().to_string())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .build()
}

impl Application {
    /// Binds `addr` and prepares the router over `db`.
    ///
    /// # Errors
    /// When the address cannot be bound.
    pub async fn build(
        db: DatabaseConnection,
        addr: SocketAddr,
        site_root: &Path,
        today: Option<NaiveDate>,
    ) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(addr).await.with_context(|| format!("could not listen on {addr}"))?;
        let addr = listener.local_addr()?;
        let ctx = AppContext { db, today_override: today };
        let state = AppState {
            leptos_options: leptos_options(site_root, addr),
            ctx,
            metrics: Default::default(),
            pages: Default::default(),
            documents: DocumentStore::default(),
        };
        Ok(Application { listener, state, addr })
    }

    /// Keeps uploaded documents in `store` instead of the default folder.
    #[must_use]
    pub fn with_documents(mut self, store: DocumentStore) -> Self {
        self.state.documents = store;
        self
    }

    /// Keeps anonymous public pages for `ttl` (zero: not at all).
    #[must_use]
    pub fn with_page_cache(mut self, ttl: std::time::Duration) -> Self {
        self.state.pages = crate::page_cache::PageCache::new(ttl);
        self
    }

    /// The address actually bound (useful with port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Serves until Ctrl-C or SIGTERM, then finishes in-flight requests.
    ///
    /// # Errors
    /// When the server fails.
    pub async fn run(self) -> anyhow::Result<()> {
        axum::serve(self.listener, router(self.state).into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(shutdown_signal())
            .await
            .context("server error")
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}
