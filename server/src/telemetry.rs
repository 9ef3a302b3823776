//! Logging: `RUST_LOG` filters (default `info`, quiet SQL), as text or as
//! one JSON object per line. Every line logged while a request is served
//! carries that request's id (the `x-request-id` header, made if absent, and
//! sent back in the response), so one request's lines can be found together.

use tracing_subscriber::EnvFilter;

/// How log lines are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// Human-readable `key=value` lines.
    #[default]
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// Installs the global subscriber once (text format); later calls do nothing.
pub fn init() {
    init_with(LogFormat::Text);
}

/// Installs the global subscriber once in `format`; later calls do nothing.
pub fn init_with(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().flatten_event(true).with_current_span(true).try_init(),
    };
}
