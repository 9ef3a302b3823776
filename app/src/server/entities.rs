//! SeaORM entities, one per table; no behaviour here.

pub mod agency;
pub mod audit_entry;
pub mod calendar_closure;
pub mod deadline;
pub mod deadline_history;
pub mod event;
pub mod legal_theory;
pub mod matter;
pub mod matter_assignment;
pub mod matter_link;
pub mod matter_provision;
pub mod matter_theory;
pub mod note;
pub mod organization;
pub mod provision;
pub mod rule_provision;
pub mod session;
pub mod sign_in_failure;
pub mod theory_provision;
pub mod user;
