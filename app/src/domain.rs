//! Pure Rust domain: no I/O, compiles natively and to wasm.
//!
//! The deadline engine (calendars, rules, computation, explanations and the
//! derivation of a matter's deadlines from its events) lives here so that the
//! server, the command line and the browser all compute the same dates.

pub mod calendar;
pub mod cite;
pub mod derive;
pub mod document_format;
pub mod engine;
pub mod explain;
pub mod preview;
pub mod rules;
pub mod vocab;
pub mod workflow;
