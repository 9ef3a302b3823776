//! SeaORM entities, one per table; no behaviour here.

pub mod agency;
pub mod audit_entry;
pub mod calendar_closure;
pub mod deadline;
pub mod deadline_history;
pub mod event;
pub mod import_mapping;
pub mod import_upload;
pub mod job_run;
pub mod legal_theory;
pub mod matter;
pub mod matter_assignment;
pub mod matter_link;
pub mod matter_provision;
pub mod matter_theory;
pub mod note;
pub mod notification;
pub mod organization;
pub mod personal_token;
pub mod provision;
pub mod rule_provision;
pub mod session;
pub mod sign_in_failure;
pub mod site_setting;
pub mod theory_provision;
pub mod user;
