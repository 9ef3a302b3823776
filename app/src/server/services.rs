//! Use cases that write: each runs on the caller's transaction and writes
//! its audit entries there, so a change and its history commit together.

pub mod calendar;
pub mod deadlines;
pub mod directory;
pub mod documents;
pub mod event_log;
pub mod import_uploads;
pub mod jobs;
pub mod law;
pub mod links;
pub mod matter_edit;
pub mod matters;
pub mod notes;
pub mod recompute;
pub mod reminders;
pub mod second_factor;
pub mod site_settings;
pub mod sue;
pub mod users;
