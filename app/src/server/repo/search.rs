//! Search across matters (title, summary, tracking and docket numbers),
//! events (title, details), notes and documents' titles: SQLite FTS5 or
//! PostgreSQL full-text search, ranked, with the matched words marked, and
//! only what the viewer may see (see [`visibility`]).

pub mod postgres;
pub mod query;
mod sqlite;
mod visibility;

use crate::{
    error::{AppError, AppResult},
    model::{Fragment, HitKind, MatterRef, SearchHit, SearchResults},
    server::{auth::Principal, policy, public::rows::refs_among},
};
use sea_orm::{ConnectionTrait, DatabaseBackend, FromQueryResult};
use std::collections::HashMap;

/// The most hits shown for one query.
pub const LIMIT: usize = 50;
/// Where a matched word starts and ends in the text the engines send back
/// (control characters, so no text of ours can be mistaken for them).
const START: char = '\u{2}';
const STOP: char = '\u{3}';

/// One hit as both engines' statements return it.
#[derive(Debug, FromQueryResult)]
struct HitRow {
    kind: i32,
    row_id: i32,
    matter_id: i32,
    title: String,
    body: String,
}

/// What `who` may see that matches `q`, best first, at most [`LIMIT`].
///
/// # Errors
/// `Validation` naming `q` for a blank, overlong or too wordy query (see
/// [`query::parse`]); `Internal` on a database failure.
pub async fn search(db: &impl ConnectionTrait, who: &Principal, q: &str) -> AppResult<SearchResults> {
    let terms = query::parse(q)?;
    let shown = terms.iter().map(|t| if t.phrase { format!("\"{}\"", t.text) } else { t.text.clone() }).collect();
    if terms.is_empty() {
        return Ok(SearchResults { terms: shown, hits: Vec::new(), more: false });
    }
    let limit = LIMIT as u64 + 1;
    let statement = match db.get_database_backend() {
        DatabaseBackend::Sqlite => sqlite::statement(who, &terms, limit),
        DatabaseBackend::Postgres => postgres::statement(who, &terms, limit),
        other => {
            tracing::error!(backend = ?other, "search has no statement for this database");
            return Err(AppError::Internal);
        }
    };
    let mut rows = db
        .query_all(&statement)
        .await?
        .iter()
        .map(|r| HitRow::from_query_result(r, ""))
        .collect::<Result<Vec<_>, _>>()?;
    let more = rows.len() > LIMIT;
    rows.truncate(LIMIT);
    // Only the matters' short references (no private column is read), of
    // the matters the viewer may see: a hit on anything else is dropped.
    let ids = rows.iter().map(|r| r.matter_id).collect();
    let matters: HashMap<i32, MatterRef> =
        refs_among(db, policy::visible_matters(who), ids).await?.into_iter().collect();
    let hits =
        rows.into_iter().filter_map(|r| matters.get(&r.matter_id).map(|m| hit(r, m))).collect::<AppResult<_>>()?;
    Ok(SearchResults { terms: shown, hits, more })
}

fn hit(row: HitRow, m: &MatterRef) -> AppResult<SearchHit> {
    let kind = usize::try_from(row.kind).ok().and_then(|k| HitKind::ALL.get(k).copied()).ok_or_else(|| {
        tracing::error!(kind = row.kind, id = row.row_id, "search index row of unknown kind");
        AppError::Internal
    })?;
    let anchor = match kind {
        HitKind::Matter => "",
        HitKind::Event => "#timeline-h",
        HitKind::Note => "#notes-h",
        HitKind::Document => "#documents",
    };
    Ok(SearchHit {
        kind,
        url: format!("/matters/{}{anchor}", m.slug),
        matter: m.clone(),
        title: marked(&row.title),
        snippet: marked(&row.body),
    })
}

/// Splits text with [`START`]/[`STOP`] marks into plain and marked pieces,
/// dropping other control characters (the page escapes the text).
fn marked(text: &str) -> Vec<Fragment> {
    let mut out: Vec<Fragment> = Vec::new();
    let mut current = String::new();
    let mut mark = false;
    let mut flush = |current: &mut String, mark: bool| {
        if !current.is_empty() {
            out.push(Fragment { text: std::mem::take(current), mark });
        }
    };
    for c in text.chars() {
        match c {
            START | STOP => {
                flush(&mut current, mark);
                mark = c == START;
            }
            '\n' | '\t' => current.push(' '),
            c if c.is_control() => {}
            c => current.push(c),
        }
    }
    flush(&mut current, mark);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_become_fragments() {
        let f = marked("the \u{2}biometric\u{3} exit \u{2}rule\u{3}\u{7}");
        let pieces: Vec<(&str, bool)> = f.iter().map(|f| (f.text.as_str(), f.mark)).collect();
        assert_eq!(pieces, vec![("the ", false), ("biometric", true), (" exit ", false), ("rule", true)]);
        assert!(marked("").is_empty());
        assert_eq!(marked("<b>&"), vec![Fragment { text: "<b>&".into(), mark: false }]);
    }
}
