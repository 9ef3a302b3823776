//! Documents attached to a matter (and optionally to one of its events):
//! uploading one and deleting it (softly, so the record stays for the
//! audit). Those who may edit the matter do both; every change is audited.
//! Reading them is in `repo::documents`.

use super::matter_edit::editable;
use crate::{
    domain::document_format::{self, Format},
    error::{AppError, AppResult},
    server::{
        audit::{self, Change},
        auth::CurrentUser,
        entities::{document, event, matter},
        tx::begin_write,
    },
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
};

mod store;

pub use store::DocumentStore;

/// The longest title, in characters.
pub const TITLE_MAX: usize = 200;

/// An upload, as the form sends it.
#[derive(Debug, Clone, Default)]
pub struct NewDocument {
    /// The matter's slug.
    pub matter: String,
    /// The id of the event it belongs to, or empty for none.
    pub event: String,
    /// Empty: the file's name without its extension.
    pub title: String,
    /// Released: shown on the public page when the matter is published.
    pub public: bool,
    pub file_name: String,
    pub content: Vec<u8>,
}

/// The checked parts of an upload.
struct Valid {
    title: String,
    event_id: Option<i32>,
    format: Format,
}

fn validate(new: &NewDocument, store: &DocumentStore) -> AppResult<Valid> {
    if new.content.len() > store.max_bytes() {
        return Err(AppError::invalid("file", format!("The file is larger than {} MB.", store.max_mb())));
    }
    let format = document_format::detect(&new.file_name, &new.content)
        .map_err(|err| AppError::invalid("file", err.to_string()))?;
    let title = match new.title.trim() {
        "" => new.file_name.rsplit(['/', '\\']).next().unwrap_or_default().rsplit_once('.').map_or("", |(s, _)| s),
        given => given,
    };
    if title.chars().count() > TITLE_MAX {
        return Err(AppError::invalid("title", format!("Keep the title under {TITLE_MAX} characters.")));
    }
    let event_id = match new.event.trim() {
        "" => None,
        id => Some(id.parse().map_err(|_| AppError::invalid("event", format!("`{id}` is not an event id")))?),
    };
    Ok(Valid { title: title.trim().to_string(), event_id, format })
}

/// The event `id` of matter `m`, unless it is deleted.
async fn event_of(db: &impl ConnectionTrait, m: &matter::Model, id: i32) -> AppResult<event::Model> {
    event::Entity::find_by_id(id)
        .filter(event::Column::MatterId.eq(m.id))
        .filter(event::Column::DeletedAt.is_null())
        .one(db)
        .await?
        .ok_or_else(|| AppError::invalid("event", "There is no such event on this matter; choose one from the list."))
}

fn described(d: &document::Model) -> String {
    serde_json::json!({
        "title": d.title,
        "file_name": d.file_name,
        "media_type": d.media_type,
        "size": d.size,
        "sha256": d.sha256,
        "public": d.public,
        "event_id": d.event_id,
    })
    .to_string()
}

/// Keeps the uploaded file in `store` and records it on its matter, as
/// `who`; returns the new document.
///
/// # Errors
/// `Validation` naming `file` (empty, too large, a format Docket does not
/// keep, or contents that do not match the extension), `title` or `event`;
/// `NotFound`/`Forbidden` when `who` may not edit the matter; `Internal`
/// when the file cannot be written.
pub async fn upload(
    db: &DatabaseConnection,
    store: &DocumentStore,
    who: &CurrentUser,
    new: NewDocument,
) -> AppResult<document::Model> {
    let valid = validate(&new, store)?;
    let txn = begin_write(db).await?;
    let m = editable(&txn, who, &new.matter).await?;
    if let Some(id) = valid.event_id {
        event_of(&txn, &m, id).await?;
    }
    let sha256 = store.save(&new.content).await.map_err(|err| {
        tracing::error!(error = %err, dir = %store.dir().display(), "could not write a document");
        AppError::Internal
    })?;
    let row = document::ActiveModel {
        matter_id: Set(m.id),
        event_id: Set(valid.event_id),
        title: Set(valid.title),
        file_name: Set(new.file_name.rsplit(['/', '\\']).next().unwrap_or_default().to_string()),
        media_type: Set(valid.format.media_type.to_string()),
        size: Set(i64::try_from(new.content.len()).unwrap_or(i64::MAX)),
        sha256: Set(sha256),
        public: Set(new.public),
        uploaded_by: Set(Some(who.id)),
        created_at: Set(Utc::now()),
        deleted_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, Change::created(Some(who.id), "document", row.id, Some(m.id), described(&row))).await?;
    txn.commit().await?;
    Ok(row)
}

/// Deletes document `id` of matter `slug`, as `who`: it disappears from the
/// matter and its download, and stays in the audit log. The file stays on
/// disk (another document may have the same contents).
///
/// # Errors
/// `NotFound` when the document is not on that matter (or already deleted);
/// `Forbidden` when `who` may not edit the matter.
pub async fn delete(db: &DatabaseConnection, who: &CurrentUser, slug: &str, id: i32) -> AppResult<()> {
    let txn = begin_write(db).await?;
    let m = editable(&txn, who, slug).await?;
    let d = document::Entity::find_by_id(id)
        .filter(document::Column::MatterId.eq(m.id))
        .filter(document::Column::DeletedAt.is_null())
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("document {id} on `{slug}`")))?;
    let old = described(&d);
    let mut active: document::ActiveModel = d.into();
    active.deleted_at = Set(Some(Utc::now()));
    active.update(&txn).await?;
    let change = Change {
        user_id: Some(who.id),
        action: "delete",
        entity: "document",
        entity_id: id,
        matter_id: Some(m.id),
        old_value: Some(old),
        new_value: None,
    };
    audit::record(&txn, change).await?;
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new(file_name: &str, content: &[u8], title: &str) -> NewDocument {
        NewDocument {
            file_name: file_name.into(),
            content: content.to_vec(),
            title: title.into(),
            ..Default::default()
        }
    }

    #[test]
    fn validation_names_the_field() {
        let store = DocumentStore::new("unused", 1);
        let about = |n: NewDocument, field: &str| validate(&n, &store).err().and_then(|e| e.about(field));
        assert!(about(new("a.exe", b"MZ", ""), "file").is_some_and(|m| m.contains(".exe")));
        assert!(about(new("a.pdf", &vec![b'%'; (1 << 20) + 1], ""), "file").is_some_and(|m| m.contains("1 MB")));
        assert!(about(new("a.pdf", b"%PDF-1", &"t".repeat(201)), "title").is_some());
        let mut bad_event = new("a.pdf", b"%PDF-1", "");
        bad_event.event = "seven".into();
        assert!(about(bad_event, "event").is_some());
    }

    #[test]
    fn the_title_defaults_to_the_file_name() {
        let store = DocumentStore::new("unused", 1);
        let v = validate(&new("dir/CBP letter.pdf", b"%PDF-1", "  "), &store).expect("valid");
        assert_eq!((v.title.as_str(), v.event_id, v.format.extension), ("CBP letter", None, "pdf"));
        let v = validate(&new("x.pdf", b"%PDF-1", " Final rule "), &store).expect("valid");
        assert_eq!(v.title, "Final rule");
    }
}
