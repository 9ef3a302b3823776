//! Use cases that write: each runs on the caller's transaction and writes
//! its audit entries there, so a change and its history commit together.

pub mod calendar;
pub mod deadlines;
pub mod directory;
pub mod law;
pub mod matters;
pub mod recompute;
