//! `docket org`: add and list organisations (a fresh production database
//! has none, and every user belongs to one). Bad input ends with a one-line
//! error naming the field and exit code 2, as `docket user` does.

use crate::{cli::user::finish, db};
use app::server::{entities::organization, services::directory};
use clap::Subcommand;
use sea_orm::{DatabaseConnection, EntityTrait, QueryOrder};
use std::{io::Write, process::ExitCode};

/// What to do with organisations.
#[derive(Debug, Clone, Subcommand)]
pub enum OrgAction {
    /// Add an organisation (a clinic, a firm, a non-profit).
    Add {
        /// 2 to 60 lowercase letters, digits and inner hyphens.
        slug: String,
        /// Its name, as pages show it.
        #[arg(long)]
        name: String,
        /// A sentence about it (optional).
        #[arg(long, default_value = "")]
        description: String,
    },
    /// List every organisation, by slug.
    List,
}

/// Runs `docket org …` on the database at `database_url` (migrated first).
///
/// # Errors
/// When the database cannot be reached or fails; bad input is exit code 2.
pub async fn run(database_url: &str, action: OrgAction) -> anyhow::Result<ExitCode> {
    let conn = db::connect(database_url).await?;
    db::migrate(&conn).await?;
    let mut out = Vec::new();
    let result = execute(&conn, action, &mut out).await;
    finish(result, &out)
}

/// Runs `action` on `db`, writing what it did to `out`.
///
/// # Errors
/// `AppError` for bad input, or another failure.
pub async fn execute(db: &DatabaseConnection, action: OrgAction, out: &mut dyn Write) -> anyhow::Result<()> {
    match action {
        OrgAction::Add { slug, name, description } => {
            directory::add_organization(db, &slug, &name, &description).await?;
            writeln!(out, "added the organisation {} ({})", slug.trim(), name.trim())?;
        }
        OrgAction::List => {
            let orgs = organization::Entity::find().order_by_asc(organization::Column::Slug).all(db).await?;
            for o in orgs {
                writeln!(out, "{}\t{}", o.slug, o.name)?;
            }
        }
    }
    Ok(())
}
