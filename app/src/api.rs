//! Server functions: the transport layer, one module per resource. Each is
//! thin: who is asking, call the repo or service, return a read model. Every
//! one has a stable endpoint under `/api/`.

pub mod agencies;
pub mod calendar;
pub mod dashboard;
pub mod documents;
pub mod import;
pub mod links;
pub mod matters;
pub mod notifications;
pub mod portfolio;
pub mod reference;
pub mod search;
pub mod security;
pub mod session;
pub mod site;
pub mod tokens;
pub mod users;
pub mod workspace;
