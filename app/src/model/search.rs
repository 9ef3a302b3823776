//! Search results: what `/search` shows for a query.

use super::MatterRef;
use serde::{Deserialize, Serialize};

/// What a search hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HitKind {
    Matter,
    Event,
    Note,
    Document,
}

impl HitKind {
    /// Every kind, in the order of their codes.
    pub const ALL: [HitKind; 4] = [HitKind::Matter, HitKind::Event, HitKind::Note, HitKind::Document];

    /// The label shown beside a hit.
    pub fn label(self) -> &'static str {
        match self {
            HitKind::Matter => "Matter",
            HitKind::Event => "Event",
            HitKind::Note => "Note",
            HitKind::Document => "Document",
        }
    }

    /// A stable code (CSS class, tests).
    pub fn code(self) -> &'static str {
        match self {
            HitKind::Matter => "matter",
            HitKind::Event => "event",
            HitKind::Note => "note",
            HitKind::Document => "document",
        }
    }
}

/// A piece of highlighted text: `mark` when it matched the query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fragment {
    pub text: String,
    pub mark: bool,
}

/// One thing that matched, with where to find it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchHit {
    pub kind: HitKind,
    /// The matter it is (or belongs to).
    pub matter: MatterRef,
    /// The matter page, at the section that holds the hit.
    pub url: String,
    /// The hit's title with the matched words marked (empty for a note).
    pub title: Vec<Fragment>,
    /// An excerpt of its text around the matched words.
    pub snippet: Vec<Fragment>,
}

/// The answer to one query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SearchResults {
    /// The words and phrases searched for, as understood.
    pub terms: Vec<String>,
    /// Best first.
    pub hits: Vec<SearchHit>,
    /// Whether there were more hits than shown.
    pub more: bool,
}
