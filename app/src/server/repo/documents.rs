//! Reading documents: a matter's list for its page, and one document for its
//! download, each filtered by [`policy::may_read_document`]. For anyone but
//! the matter's organisation the query itself selects only released
//! documents, so a later change to the page cannot show a private one.

use crate::{
    domain::document_format::{download_name, label_of},
    error::{AppError, AppResult},
    model::{Choice, DocumentView, MatterDocuments},
    server::{
        auth::Principal,
        entities::{document, event, matter, user},
        policy,
        services::matter_edit::assigned,
    },
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// Whether a document is released: marked public, and its event (if any)
/// public and not deleted.
fn released(d: &document::Model, events: &HashMap<i32, event::Model>) -> bool {
    d.public && d.event_id.is_none_or(|id| events.get(&id).is_some_and(|e| e.public && e.deleted_at.is_none()))
}

/// The path a document downloads from.
pub fn download_path(d: &document::Model) -> String {
    format!("/documents/{}/{}", d.id, download_name(&d.file_name))
}

fn event_label(e: &event::Model) -> String {
    format!("{} ({})", e.title, e.date.format("%-d %b %Y"))
}

/// The documents of matter `slug` that `who` may see, and whether `who`
/// may add and delete them.
///
/// # Errors
/// `NotFound` when the matter does not exist or `who` may not see it.
pub async fn for_matter(db: &impl ConnectionTrait, who: &Principal, slug: &str) -> AppResult<MatterDocuments> {
    let m = matter::Entity::find()
        .filter(matter::Column::Slug.eq(slug))
        .filter(policy::visible_matters(who))
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("matter `{slug}`")))?;
    let member = policy::is_member(who, &m);
    let mut query = document::Entity::find()
        .filter(document::Column::MatterId.eq(m.id))
        .filter(document::Column::DeletedAt.is_null());
    if !member {
        query = query.filter(document::Column::Public.eq(true));
    }
    let rows = query.order_by_asc(document::Column::CreatedAt).order_by_asc(document::Column::Id).all(db).await?;
    let events: HashMap<i32, event::Model> = event::Entity::find()
        .filter(event::Column::MatterId.eq(m.id))
        .order_by_asc(event::Column::Date)
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    let uploaders = if member { names(db, rows.iter().filter_map(|d| d.uploaded_by)).await? } else { HashMap::new() };
    let documents = rows
        .into_iter()
        .filter(|d| policy::may_read_document(who, &m, released(d, &events)))
        .map(|d| view(d, &events, &uploaders))
        .collect();
    let can_edit = member && policy::may_edit(who, &m, &assigned(db, m.id).await?);
    let mut choices: Vec<&event::Model> = events.values().filter(|e| e.deleted_at.is_none()).collect();
    choices.sort_by_key(|e| (e.date, e.id));
    let events = if can_edit {
        choices.into_iter().map(|e| Choice { value: e.id.to_string(), label: event_label(e) }).collect()
    } else {
        Vec::new()
    };
    Ok(MatterDocuments { slug: m.slug, documents, can_edit, events })
}

async fn names(db: &impl ConnectionTrait, ids: impl Iterator<Item = i32>) -> AppResult<HashMap<i32, String>> {
    let ids: Vec<i32> = ids.collect();
    let rows = user::Entity::find().filter(user::Column::Id.is_in(ids)).all(db).await?;
    Ok(rows.into_iter().map(|u| (u.id, u.name)).collect())
}

fn view(d: document::Model, events: &HashMap<i32, event::Model>, uploaders: &HashMap<i32, String>) -> DocumentView {
    DocumentView {
        id: d.id,
        url: download_path(&d),
        kind: label_of(&d.media_type).to_string(),
        public: d.public,
        event: d.event_id.and_then(|id| events.get(&id)).map(event_label),
        uploaded: d.created_at.date_naive(),
        uploaded_by: d.uploaded_by.and_then(|id| uploaders.get(&id).cloned()).unwrap_or_default(),
        size: d.size,
        title: d.title,
        file_name: d.file_name,
    }
}

/// A document `who` may download, and whether it is released (the same for
/// everyone, so it may be cached publicly).
///
/// # Errors
/// `NotFound` when it does not exist, is deleted, or `who` may not read it
/// (the same answer, so a private document's existence is not revealed).
pub async fn for_download(db: &impl ConnectionTrait, who: &Principal, id: i32) -> AppResult<(document::Model, bool)> {
    let not_found = || AppError::NotFound(format!("document {id}"));
    let d = document::Entity::find_by_id(id)
        .filter(document::Column::DeletedAt.is_null())
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    let m = matter::Entity::find_by_id(d.matter_id).one(db).await?.ok_or_else(not_found)?;
    let events: HashMap<i32, event::Model> = match d.event_id {
        Some(event_id) => event::Entity::find_by_id(event_id).one(db).await?.map(|e| (e.id, e)).into_iter().collect(),
        None => HashMap::new(),
    };
    let released = released(&d, &events) && policy::is_published(&m);
    if policy::may_read_document(who, &m, released) { Ok((d, released)) } else { Err(not_found()) }
}
