//! A matter's documents, as its page shows them.

use super::Choice;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One document in a matter's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentView {
    pub id: i32,
    pub title: String,
    /// The uploaded file's name.
    pub file_name: String,
    /// Where it downloads from: `/documents/{id}/{name}`.
    pub url: String,
    /// What kind of file it is ("PDF", "Word document").
    pub kind: String,
    pub size: i64,
    /// Released: shown on the public page when the matter is published.
    pub public: bool,
    /// The event it belongs to, as "title (date)".
    pub event: Option<String>,
    pub uploaded: NaiveDate,
    /// Who uploaded it (members only; empty for the public).
    pub uploaded_by: String,
}

/// The documents section of a matter page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatterDocuments {
    pub slug: String,
    pub documents: Vec<DocumentView>,
    /// Whether the viewer may upload and delete.
    pub can_edit: bool,
    /// The events a document can be attached to (editors only).
    pub events: Vec<Choice>,
}
