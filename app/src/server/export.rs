//! Export of the filtered lists (matters, events, deadlines, agency
//! scorecards) as CSV or JSON, for the `/export/…` routes and `docket export`.
//!
//! An export streams: rows are read by keyset pagination on `id`
//! ([`PAGE`] at a time) and each page is encoded and handed on before the next
//! is read, so a list of 100,000 rows never sits in memory. What a principal
//! may see is decided here on the server, with the same rules as the pages
//! (`policy`): the public gets published matters and only their public,
//! undeleted events and public deadlines; members of a matter's organisation
//! get its unpublished rows too. Notes are never exported.

mod deadlines;
mod encode;
pub(crate) mod events;
mod matters;
pub(crate) mod scope;
mod scorecards;

pub use deadlines::{Explained, explain as explain_deadline};
pub use encode::{Value, csv_cell};

use crate::{
    error::{AppError, AppResult},
    server::auth::Principal,
};
use chrono::NaiveDate;
use futures_util::Stream;
use sea_orm::DatabaseConnection;
use serde::Deserialize;
use std::{future::Future, pin::Pin};

/// Rows read per query.
pub const PAGE: u64 = 1000;

/// What list to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Matters,
    Events,
    Deadlines,
    /// One scorecard row per agency: how late it is, on average and now.
    Agencies,
}

impl Kind {
    /// Every kind, in the order help texts list them.
    pub const ALL: [Kind; 4] = [Kind::Matters, Kind::Events, Kind::Deadlines, Kind::Agencies];

    /// The name in URLs and on the command line.
    pub fn code(self) -> &'static str {
        match self {
            Kind::Matters => "matters",
            Kind::Events => "events",
            Kind::Deadlines => "deadlines",
            Kind::Agencies => "agencies",
        }
    }

    /// Parses a kind name.
    ///
    /// # Errors
    /// `Validation` naming `kind` for an unknown name.
    pub fn parse(s: &str) -> AppResult<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == s).ok_or_else(|| {
            AppError::invalid("kind", format!("`{s}` is not one of matters, events, deadlines, agencies"))
        })
    }
}

/// The file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

impl Format {
    /// The file extension, which is also the name on the command line.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }

    /// The `Content-Type` of an export in this format.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Json => "application/json",
        }
    }

    /// Parses `csv` or `json`.
    ///
    /// # Errors
    /// `Validation` naming `format`.
    pub fn parse(s: &str) -> AppResult<Format> {
        match s {
            "csv" => Ok(Format::Csv),
            "json" => Ok(Format::Json),
            other => Err(AppError::invalid("format", format!("`{other}` is not csv or json"))),
        }
    }
}

/// The filters of every list (all optional; empty means "any"). Each kind
/// reads the ones that apply to it:
///
/// - matters: `q`, `kind`, `status`, `agency`, `theory`, `public` (as the
///   matters page);
/// - events: `matter`, `agency`, `kind` (event kind), `from`, `to`;
/// - deadlines: `matter`, `agency`, `status` (open, met, missed, tolled,
///   vacated; an open deadline whose day has passed counts as missed),
///   `rule`, `owed_by` (`agency` or `us`), `from`, `to` (due date);
/// - agencies: `agency` (it and its components), `kind` (matter kind).
///
/// `agency` always takes in the agency's components (DHS includes CBP).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct ExportFilter {
    pub q: String,
    pub kind: String,
    pub status: String,
    pub agency: String,
    pub theory: String,
    pub public: String,
    pub matter: String,
    pub rule: String,
    pub owed_by: String,
    pub from: String,
    pub to: String,
}

/// A stream of encoded chunks, ready for an HTTP body or a file.
pub type ByteStream = Pin<Box<dyn Stream<Item = AppResult<Vec<u8>>> + Send>>;

/// Something that produces an output chunk by chunk; `None` when done.
pub trait Pager: Send + 'static {
    /// The next chunk.
    fn next_chunk(&mut self) -> impl Future<Output = AppResult<Option<Vec<u8>>>> + Send;
}

/// Turns a pager into a stream that ends after the last chunk or the first error.
pub fn into_stream<P: Pager>(pager: P) -> ByteStream {
    Box::pin(futures_util::stream::unfold(Some(pager), |state| async move {
        let mut pager = state?;
        match pager.next_chunk().await {
            Ok(Some(bytes)) => Some((Ok(bytes), Some(pager))),
            Ok(None) => None,
            Err(err) => Some((Err(err), None)),
        }
    }))
}

/// The file name an export is offered under, e.g. `docket-matters-2026-01-05.csv`.
pub fn file_name(kind: Kind, format: Format, today: NaiveDate) -> String {
    format!("docket-{}-{today}.{}", kind.code(), format.extension())
}

/// Checks the filter and prepares the export of `kind` as `who` may see it.
/// Nothing is read until the stream is polled, but every filter is checked
/// first, so a bad one is an error here rather than a broken download.
///
/// # Errors
/// `Validation` naming the filter field; `Internal` on a database failure.
pub async fn export(
    db: DatabaseConnection,
    who: Principal,
    kind: Kind,
    format: Format,
    filter: &ExportFilter,
    today: NaiveDate,
) -> AppResult<ByteStream> {
    let source = match kind {
        Kind::Matters => encode::Source::Matters(matters::Matters::new(&db, who, filter, today).await?),
        Kind::Events => encode::Source::Events(events::Events::new(&db, &who, filter).await?),
        Kind::Deadlines => encode::Source::Deadlines(deadlines::Deadlines::new(&db, &who, filter, today).await?),
        Kind::Agencies => encode::Source::Agencies(scorecards::Scorecards::new(&db, who, filter, today).await?),
    };
    Ok(into_stream(encode::Encoder::new(db, source, format)))
}

/// Reads a whole stream into one buffer (tests, small exports).
///
/// # Errors
/// The first error of the stream.
pub async fn collect(mut stream: ByteStream) -> AppResult<Vec<u8>> {
    use futures_util::StreamExt;
    let mut out = Vec::new();
    while let Some(chunk) = stream.next().await {
        out.extend(chunk?);
    }
    Ok(out)
}
