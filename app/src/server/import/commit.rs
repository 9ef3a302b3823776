//! Running an import: read and check the file, sort its rows against what
//! Docket holds, then (unless it is a dry run, or anything is wrong) write
//! it all in one transaction. Nothing is written when any row has a
//! problem: the report lists every problem with its line and column.

use super::{
    Progress, Report,
    derive::Engine,
    mapping::Mapping,
    plan::{OnDuplicate, plan},
    rows::{self, AgencyRef, Directory, ImportRow, Rules, key},
    timeline, update,
    write::{Context, create},
};
use crate::{
    error::{AppError, AppResult},
    server::{
        audit::{self, Change},
        entities::{agency, matter},
        services::deadlines::load_calendar,
        tx::{Lock, begin_write, refresh_statistics, serialise},
    },
};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect,
    TransactionTrait,
};
use std::collections::{HashMap, HashSet};

/// Who imports: the organisation the matters belong to and the user
/// recorded in the audit log (`None` for the command line). The caller has
/// checked that this user may import for this organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Importer {
    pub organization_id: i32,
    pub actor: Option<i32>,
}

/// How to import.
#[derive(Debug, Clone)]
pub struct Options {
    /// The file's name, for the report and the audit log.
    pub source: String,
    pub mapping_name: String,
    pub mapping: Mapping,
    /// Abbreviation or slug of the agency of rows that name none (overrides
    /// the mapping's).
    pub agency: Option<String>,
    pub on_duplicate: OnDuplicate,
    pub dry_run: bool,
    pub today: NaiveDate,
}

/// Imports `bytes`. Problems with the file are in the report (`errors`),
/// and then nothing is written. After a commit the query planner's
/// statistics are brought up to date: an import can grow a table a
/// hundredfold.
///
/// # Errors
/// `Validation` for an unknown default agency; `Internal` on a database
/// failure (the transaction is rolled back).
pub async fn run(
    db: &DatabaseConnection,
    who: Importer,
    bytes: &[u8],
    opts: &Options,
    progress: &mut (dyn FnMut(Progress) + Send),
) -> AppResult<Report> {
    let report = import(db, who, bytes, opts, progress).await?;
    if report.committed {
        refresh_statistics(db).await;
    }
    Ok(report)
}

async fn import(
    db: &DatabaseConnection,
    who: Importer,
    bytes: &[u8],
    opts: &Options,
    progress: &mut (dyn FnMut(Progress) + Send),
) -> AppResult<Report> {
    let mut report = Report {
        source: opts.source.clone(),
        mapping: opts.mapping_name.clone(),
        target: opts.mapping.target.code().to_string(),
        dry_run: opts.dry_run,
        ..Report::default()
    };
    let parsed = match super::parse(bytes, &opts.mapping, &mut report) {
        Ok(p) => p,
        Err(errors) => {
            report.errors = errors;
            return Ok(report);
        }
    };
    progress(Progress { phase: "checking", done: 0, total: report.rows });
    let txn = if opts.dry_run { db.begin().await? } else { begin_write(db).await? };
    if !opts.dry_run {
        serialise(&txn, Lock::Import { organization_id: who.organization_id }).await?;
    }
    let agencies = agency::Entity::find().all(&txn).await?;
    let directory =
        Directory::new(agencies.iter().map(|a| (a.id, a.slug.as_str(), a.name.as_str(), a.abbreviation.as_str())));
    let default_agency = default_agency(&directory, opts)?;
    let rules = Rules {
        target: opts.mapping.target,
        columns: &parsed.columns,
        headers: &parsed.table.headers,
        formats: &parsed.formats,
        directory: &directory,
        default_agency: default_agency.as_ref(),
        today: opts.today,
    };
    let cx = Context {
        organization_id: who.organization_id,
        actor: who.actor,
        source: &opts.source,
        today: opts.today,
        now: Utc::now(),
    };
    let run = Run { txn, cx, opts };
    if opts.mapping.target.is_timeline() {
        return run.timeline(&parsed, &rules, report, progress).await;
    }
    match rows::check(&parsed.table, &rules) {
        Ok(rows) => {
            drop(parsed);
            run.matters(rows, &agencies, report, progress).await
        }
        Err(errors) => {
            report.errors = errors;
            Ok(report)
        }
    }
}

/// An import past its file's shape: the transaction, who imports, how.
struct Run<'a> {
    txn: DatabaseTransaction,
    cx: Context<'a>,
    opts: &'a Options,
}

impl Run<'_> {
    /// Rows that stand for matters (`foia-log`, `matters`).
    async fn matters(
        self,
        rows: Vec<ImportRow>,
        agencies: &[agency::Model],
        mut report: Report,
        progress: &mut (dyn FnMut(Progress) + Send),
    ) -> AppResult<Report> {
        let existing = existing(&self.txn, self.cx.organization_id).await?;
        let taken = slugs(&self.txn).await?;
        let plan = plan(rows, &existing, &taken, self.opts.on_duplicate, &mut report.warnings);
        report.preview.clone_from(&plan.preview);
        report.skipped = plan.skipped;
        let engine = Engine::new(agencies, &load_calendar(&self.txn).await?);
        if self.opts.dry_run {
            return dry_run(report, &plan, &engine, self.opts.today);
        }
        write(&self.txn, &self.cx, &engine, &plan, &mut report, progress).await?;
        self.txn.commit().await?;
        report.committed = true;
        Ok(report)
    }

    /// Rows that add events or court-ordered deadlines to matters.
    async fn timeline(
        self,
        parsed: &super::Parsed,
        rules: &Rules<'_>,
        mut report: Report,
        progress: &mut (dyn FnMut(Progress) + Send),
    ) -> AppResult<Report> {
        let how = (self.opts.on_duplicate, self.opts.dry_run);
        timeline::run(&self.txn, &self.cx, parsed, rules, how, &mut report, progress).await?;
        if report.errors.is_empty() && !self.opts.dry_run {
            summary_audit(&self.txn, &self.cx, &report).await?;
            self.txn.commit().await?;
            report.committed = true;
        }
        Ok(report)
    }
}

/// The agency of rows that name none: the option's, else the mapping's.
fn default_agency(directory: &Directory, opts: &Options) -> AppResult<Option<AgencyRef>> {
    let name = opts.agency.clone().or_else(|| opts.mapping.agency.clone());
    match name.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(name) => Ok(Some(directory.find(name).cloned().ok_or_else(|| {
            AppError::invalid("agency", format!("unknown agency `{name}` (known: {})", directory.known()))
        })?)),
        None => Ok(None),
    }
}

/// Writes the plan (new matters, then updates) and the import's audit entry.
async fn write(
    txn: &DatabaseTransaction,
    cx: &Context<'_>,
    engine: &Engine,
    plan: &super::plan::Plan,
    report: &mut Report,
    progress: &mut (dyn FnMut(Progress) + Send),
) -> AppResult<()> {
    let (events, deadlines) = create(txn, cx, engine, &plan.create, progress).await?;
    let updated = update::apply(txn, cx, &plan.update).await?;
    report.created = plan.create.len();
    report.updated = updated.updated;
    report.unchanged = updated.unchanged;
    report.events = events + updated.events;
    report.deadlines = deadlines;
    summary_audit(txn, cx, report).await
}

/// What a dry run reports: the counts the import would reach.
fn dry_run(mut report: Report, plan: &super::plan::Plan, engine: &Engine, today: NaiveDate) -> AppResult<Report> {
    report.created = plan.create.len();
    report.updated = plan.update.len();
    report.events = plan.create.iter().map(|(_, r)| r.events.len()).sum();
    let mut deadlines = 0;
    for (_, row) in &plan.create {
        deadlines += engine.derive(row, today)?.len();
    }
    report.deadlines = deadlines;
    Ok(report)
}

/// The keys (agency, tracking or docket number) of the organisation's
/// matters, to their ids.
pub(super) async fn existing(db: &DatabaseTransaction, organization_id: i32) -> AppResult<HashMap<(i32, String), i32>> {
    let rows: Vec<(i32, i32, String, String)> = matter::Entity::find()
        .select_only()
        .columns([
            matter::Column::Id,
            matter::Column::AgencyId,
            matter::Column::AgencyTrackingNumber,
            matter::Column::DocketNumber,
        ])
        .filter(matter::Column::OrganizationId.eq(organization_id))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter(|(_, _, t, d)| !t.trim().is_empty() || !d.trim().is_empty())
        .map(|(id, agency, t, d)| (key(agency, &t, &d), id))
        .collect())
}

/// Every slug in use (slugs are unique across organisations).
async fn slugs(db: &DatabaseTransaction) -> AppResult<HashSet<String>> {
    let rows: Vec<String> =
        matter::Entity::find().select_only().column(matter::Column::Slug).into_tuple().all(db).await?;
    Ok(rows.into_iter().collect())
}

/// One audit entry for the import as a whole.
async fn summary_audit(db: &impl ConnectionTrait, cx: &Context<'_>, report: &Report) -> AppResult<()> {
    let summary = serde_json::json!({
        "source": report.source,
        "mapping": report.mapping,
        "rows": report.rows,
        "created": report.created,
        "updated": report.updated,
        "skipped": report.skipped,
        "events": report.events,
        "deadlines": report.deadlines,
        "target": report.target,
    });
    let change = Change {
        user_id: cx.actor,
        action: "import",
        entity: "organization",
        entity_id: cx.organization_id,
        matter_id: None,
        old_value: None,
        new_value: Some(summary.to_string()),
    };
    audit::record(db, change).await
}
