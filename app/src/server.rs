//! Everything that touches the database, secrets or the session. Compiled
//! only with the `ssr` feature.

pub mod audit;
pub mod auth;
pub mod context;
pub mod entities;
pub mod export;
pub mod feeds;
pub mod import;
pub mod policy;
pub mod public;
pub mod public_api;
pub mod repo;
pub mod request;
pub mod services;
pub mod throttle;
pub mod tokens;
pub mod totp;
pub mod tx;
