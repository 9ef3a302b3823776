//! The subcommands of `docket`.

pub mod deadline;
pub mod user;

use crate::{
    config::{Cli, Command, MigrateAction, ServeArgs},
    db,
    startup::Application,
};
use anyhow::Context;
use migrations::{Migrator, MigratorTrait};
use std::process::ExitCode;

/// Runs one subcommand.
///
/// # Errors
/// Whatever the subcommand fails with, with context.
pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Serve(args) => serve(&cli.db.database_url, args).await.map(|()| ExitCode::SUCCESS),
        Command::Migrate { action } => migrate(&cli.db.database_url, action).await.map(|()| ExitCode::SUCCESS),
        Command::Seed(args) => {
            let conn = db::connect(&cli.db.database_url).await?;
            db::migrate(&conn).await?;
            let report = seed::load_dir(&conn, &args.dir).await?;
            println!("{report}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Deadline(args) => {
            let mut out = std::io::stdout().lock();
            deadline::run(&args, &mut out).map(|()| ExitCode::SUCCESS)
        }
        Command::User { action } => user::run(&cli.db.database_url, action).await,
    }
}

async fn serve(database_url: &str, args: ServeArgs) -> anyhow::Result<()> {
    let conn = db::connect(database_url).await?;
    db::migrate(&conn).await?;
    if !args.no_seed && seed::is_empty(&conn).await? {
        let report = seed::load_dir(&conn, &args.seed.dir).await.context("loading the demo data")?;
        tracing::info!("{report}");
        seed::log_demo_accounts(&args.seed.dir)?;
    }
    let app = Application::build(conn, args.addr, &args.site_root, args.today).await?;
    tracing::info!("Docket is listening on http://{}", app.addr());
    app.run().await
}

async fn migrate(database_url: &str, action: MigrateAction) -> anyhow::Result<()> {
    let conn = db::connect(database_url).await?;
    match action {
        MigrateAction::Up => Migrator::up(&conn, None).await.context("migrate up")?,
        MigrateAction::Down { steps } => Migrator::down(&conn, Some(steps)).await.context("migrate down")?,
        MigrateAction::Status => {
            for m in Migrator::get_migration_with_status(&conn).await? {
                println!("{:?}\t{}", m.status(), m.name());
            }
        }
    }
    Ok(())
}
