//! Queries, one module per aggregate. Each function takes the principal and
//! returns read models already restricted to what it may see (see `policy`).

pub mod agencies;
pub mod briefs;
pub mod common;
pub mod dashboard;
pub mod documents;
pub mod links;
pub mod matter_detail;
pub mod matters;
pub mod notifications;
pub mod portfolio;
pub mod reference;
pub mod scorecards;
pub mod search;
pub mod workspace;
