//! Docket's schema, as append-only migrations that run the same on SQLite and
//! PostgreSQL. Schema only: demo data lives in the `seed` crate, and no
//! migration imports the application's entities.

pub use sea_orm_migration::prelude::*;

mod helpers;
mod m20261128_000001_create_directory;
mod m20261128_000002_create_law;
mod m20261128_000003_create_matters;
mod m20261128_000004_create_deadlines;
mod m20261128_000005_create_audit_log;
mod m20261128_000006_workspace;
mod m20261129_000007_data_in_out;
mod m20261129_000008_jobs;
mod m20261129_000009_deadline_fingerprint;
mod m20261129_000010_second_factor;
mod m20261129_000011_site_settings;
mod m20261129_000012_import_uploads;
mod m20261130_000013_documents;
mod m20261130_000015_search;
mod m20261207_000016_digest_totals;

/// The ordered list of migrations.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261128_000001_create_directory::Migration),
            Box::new(m20261128_000002_create_law::Migration),
            Box::new(m20261128_000003_create_matters::Migration),
            Box::new(m20261128_000004_create_deadlines::Migration),
            Box::new(m20261128_000005_create_audit_log::Migration),
            Box::new(m20261128_000006_workspace::Migration),
            Box::new(m20261129_000007_data_in_out::Migration),
            Box::new(m20261129_000008_jobs::Migration),
            Box::new(m20261129_000009_deadline_fingerprint::Migration),
            Box::new(m20261129_000010_second_factor::Migration),
            Box::new(m20261129_000011_site_settings::Migration),
            Box::new(m20261129_000012_import_uploads::Migration),
            Box::new(m20261130_000013_documents::Migration),
            Box::new(m20261130_000015_search::Migration),
            Box::new(m20261207_000016_digest_totals::Migration),
        ]
    }
}
