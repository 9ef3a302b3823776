//! The Docket server process: configuration, database, HTTP router and the
//! command-line subcommands. A library so the tests can start it in-process.

pub mod auth_routes;
pub mod cli;
pub mod config;
pub mod db;
pub mod middleware;
pub mod routes;
pub mod startup;
pub mod telemetry;
