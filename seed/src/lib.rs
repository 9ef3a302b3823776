//! The demo data: readable TOML files under `seed/data/`, loaded through the
//! same services the app uses, in one transaction. Loading is idempotent:
//! records are keyed by slug (users by username), and existing ones are left
//! as they are, so loading twice changes nothing.

mod files;
mod load;

pub use load::{Report, is_empty, load_dir, load_reference, log_demo_accounts};

/// Where the demo data lives in this source tree.
pub const DEFAULT_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data");

/// A problem with the seed files, naming the file and the field.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("{file}: {message}")]
    File { file: String, message: String },
    #[error("{file}: {field}: {message}")]
    Field { file: String, field: String, message: String },
    #[error("database: {0}")]
    Database(String),
}
