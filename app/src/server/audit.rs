//! The audit log: every write records who, what, when, and the values.

use super::entities::audit_entry;
use crate::error::AppResult;
use chrono::{DateTime, Utc};
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

impl Change<'_> {
    /// The row recording this change, made at `at` (for bulk inserts).
    pub fn into_active_model(self, at: DateTime<Utc>) -> audit_entry::ActiveModel {
        audit_entry::ActiveModel {
            at: Set(at),
            user_id: Set(self.user_id),
            action: Set(self.action.to_string()),
            entity: Set(self.entity.to_string()),
            entity_id: Set(self.entity_id),
            matter_id: Set(self.matter_id),
            old_value: Set(self.old_value),
            new_value: Set(self.new_value),
            ..Default::default()
        }
    }
}

/// Writes an audit entry on `db` (pass the transaction of the change itself).
///
/// # Errors
/// `Internal` on a database failure.
pub async fn record(db: &impl ConnectionTrait, change: Change<'_>) -> AppResult<()> {
    audit_entry::Entity::insert(change.into_active_model(Utc::now())).exec(db).await?;
    Ok(())
}
