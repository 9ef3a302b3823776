//! The Docket server process: configuration, database, HTTP router and the
//! command-line subcommands. A library so the tests can start it in-process.

pub mod api_v1;
pub mod atom;
pub mod auth_routes;
pub mod caching;
pub mod cli;
pub mod config;
pub mod db;
pub mod documents;
pub mod export;
pub mod feeds;
pub mod import_routes;
pub mod jobs;
pub mod metrics;
pub mod middleware;
pub mod page_cache;
pub mod routes;
pub mod sitemap;
pub mod startup;
pub mod telemetry;
pub mod typed_input;
pub mod xml;

/// mimalloc for every binary built on this crate (the server, the CLI, the
/// benchmarks and the tests): see the note on the dependency.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
