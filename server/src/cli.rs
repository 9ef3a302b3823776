//! The subcommands of `docket`.

pub mod backup;
pub mod deadline;
pub mod export;
pub mod import;
pub mod org;
pub mod user;

use crate::{
    config::{Cli, Command, MigrateAction, NightlyArgs, ServeArgs},
    db, jobs,
    startup::Application,
};
use anyhow::Context;
use app::server::context::AppContext;
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
            if args.reference {
                seed::load_reference(&conn, &args.seed.dir).await?;
                println!("reference data: agencies, provisions, legal theories and closures loaded");
            } else {
                let report = seed::load_dir(&conn, &args.seed.dir).await?;
                println!("{report}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Deadline(args) => {
            let mut out = std::io::stdout().lock();
            deadline::run(&args, &mut out).map(|()| ExitCode::SUCCESS)
        }
        Command::User { action } => user::run(&cli.db.database_url, action).await,
        Command::Org { action } => org::run(&cli.db.database_url, action).await,
        Command::Import(args) => import::run(&cli.db.database_url, args).await,
        Command::Export(args) => export::run(&cli.db.database_url, args).await,
        Command::Backup(args) => backup::backup(&cli.db.database_url, args).await,
        Command::Restore(args) => backup::restore(&cli.db.database_url, args).await,
        Command::Nightly(args) => nightly(&cli.db.database_url, args).await.map(|()| ExitCode::SUCCESS),
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
    app::server::tx::refresh_statistics(&conn).await;
    let app = Application::build(conn.clone(), args.addr, &args.site_root, args.today)
        .await?
        .with_documents(args.documents.store(database_url))
        .with_page_cache(std::time::Duration::from_secs(args.public_cache_seconds));
    jobs::spawn(AppContext { db: conn, today_override: args.today }, args.jobs)?;
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

async fn nightly(database_url: &str, args: NightlyArgs) -> anyhow::Result<()> {
    let conn = db::connect(database_url).await?;
    db::migrate(&conn).await?;
    let today = args.date.unwrap_or_else(|| chrono::Utc::now().date_naive());
    match jobs::run_daily(&conn, today, &args.jobs.public_url, args.force).await? {
        Some(report) => println!("{today}: {report}."),
        None => println!("{today}: already run by another server (pass --force to run again)."),
    }
    if let Some(url) = &args.jobs.smtp_url {
        let sent = jobs::send_pending(&conn, &jobs::Mailer::new(url, &args.jobs.mail_from)?).await?;
        println!("{sent} digests e-mailed.");
    }
    Ok(())
}
