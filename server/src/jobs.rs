//! Background jobs in the serving process: once a day (from
//! `--jobs-hour`, UTC) the daily job brings deadline statuses up to date and
//! writes digests; then any digest not yet e-mailed is sent through SMTP
//! when `--smtp-url` is set. Every server checks every `--jobs-every`
//! seconds, but the run is claimed in the database (`job_runs`), so with
//! several servers it still runs once, and each e-mail goes once.

use crate::config::JobArgs;
use anyhow::Context;
use app::server::{
    context::AppContext,
    services::{
        jobs::{claim, finish, owner_name},
        reminders::{NIGHTLY, NightlyReport, claim_unsent, release_unsent, run_nightly},
    },
};
use chrono::{NaiveDate, Timelike, Utc};
use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Mailbox, header::ContentType},
};
use sea_orm::DatabaseConnection;
use std::time::Duration;

/// A claimed run whose server died may be taken over after this long.
const STALE_AFTER: chrono::Duration = chrono::Duration::hours(1);

/// Sends digests through an SMTP server.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    /// A mailer for `url` (`smtp://`, `smtps://`; see lettre's URL format).
    ///
    /// # Errors
    /// When the URL or the From address does not parse.
    pub fn new(url: &str, from: &str) -> anyhow::Result<Mailer> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .context("--smtp-url: not an SMTP URL (smtp://host:port or smtps://user:password@host)")?
            .timeout(Some(Duration::from_secs(30)))
            .build();
        let from = from.parse().with_context(|| format!("--mail-from: {from:?} is not an e-mail address"))?;
        Ok(Mailer { transport, from })
    }

    async fn send(&self, to: &str, subject: &str, body: &str) -> anyhow::Result<()> {
        let message = Message::builder()
            .from(self.from.clone())
            .to(to.parse().with_context(|| format!("{to:?} is not an e-mail address"))?)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_string())?;
        self.transport.send(message).await?;
        Ok(())
    }
}

/// Runs the daily job for `today` unless another server has (or `force`);
/// `None` when it was not this caller's to run.
///
/// # Errors
/// On a database failure.
pub async fn run_daily(
    db: &DatabaseConnection,
    today: NaiveDate,
    public_url: &str,
    force: bool,
) -> anyhow::Result<Option<NightlyReport>> {
    let key = today.to_string();
    let claimed = claim(db, NIGHTLY, &key, &owner_name(), STALE_AFTER).await?;
    if !claimed && !force {
        return Ok(None);
    }
    let report = run_nightly(db, today, public_url.trim_end_matches('/')).await?;
    finish(db, NIGHTLY, &key, &report.to_string()).await?;
    tracing::info!(day = %today, "daily job: {report}");
    Ok(Some(report))
}

/// E-mails every digest not sent yet; returns how many went. A failed
/// message is put back for the next round.
///
/// # Errors
/// On a database failure.
pub async fn send_pending(db: &DatabaseConnection, mailer: &Mailer) -> anyhow::Result<usize> {
    let mut sent = 0;
    for out in claim_unsent(db).await? {
        match mailer.send(&out.to, &out.subject, &out.body).await {
            Ok(()) => sent += 1,
            Err(err) => {
                tracing::warn!(notification = out.id, error = %err, "digest e-mail failed; will retry");
                release_unsent(db, out.id).await?;
            }
        }
    }
    Ok(sent)
}

/// One check: the daily job if its hour has come, then the e-mails.
async fn tick(ctx: &AppContext, args: &JobArgs, mailer: Option<&Mailer>) -> anyhow::Result<()> {
    if Utc::now().hour() >= args.jobs_hour {
        run_daily(&ctx.db, ctx.today(), &args.public_url, false).await?;
    }
    if let Some(mailer) = mailer {
        send_pending(&ctx.db, mailer).await?;
    }
    Ok(())
}

/// Starts the job loop in the background (unless `--no-jobs`).
///
/// # Errors
/// When the SMTP settings do not parse.
pub fn spawn(ctx: AppContext, args: JobArgs) -> anyhow::Result<()> {
    if args.no_jobs {
        return Ok(());
    }
    let mailer = args.smtp_url.as_deref().map(|url| Mailer::new(url, &args.mail_from)).transpose()?;
    let every = Duration::from_secs(args.jobs_every.max(1));
    tokio::spawn(async move {
        loop {
            if let Err(err) = tick(&ctx, &args, mailer.as_ref()).await {
                tracing::error!(error = %format!("{err:#}"), "background job failed; will retry");
            }
            tokio::time::sleep(every).await;
        }
    });
    Ok(())
}
