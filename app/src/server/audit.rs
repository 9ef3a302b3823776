//! The audit log: every write records who, what, when, and the values.

use super::entities::audit_entry;
use crate::error::AppResult;
use chrono::Utc;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};

/// One change to record.
pub struct Change<'a> {
    pub user_id: Option<i32>,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: i32,
    pub matter_id: Option<i32>,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

impl Change<'static> {
    /// The creation of `entity` `id` (in `matter_id`, if any), described by `value`.
    pub fn created(user_id: Option<i32>, entity: &'static str, id: i32, matter_id: Option<i32>, value: String) -> Self {
        Change { user_id, action: "create", entity, entity_id: id, matter_id, old_value: None, new_value: Some(value) }
    }
}

/// Writes an audit entry on `db` (pass the transaction of the change itself).
///
/// # Errors
/// `Internal` on a database failure.
pub async fn record(db: &impl ConnectionTrait, change: Change<'_>) -> AppResult<()> {
    audit_entry::Entity::insert(audit_entry::ActiveModel {
        at: Set(Utc::now()),
        user_id: Set(change.user_id),
        action: Set(change.action.to_string()),
        entity: Set(change.entity.to_string()),
        entity_id: Set(change.entity_id),
        matter_id: Set(change.matter_id),
        old_value: Set(change.old_value),
        new_value: Set(change.new_value),
        ..Default::default()
    })
    .exec(db)
    .await?;
    Ok(())
}
