//! Site-wide settings an admin edits: the public home's statement of
//! purpose. Each change is one transaction with its audit entry.

use crate::{
    error::{AppError, AppResult},
    server::{
        audit::{self, Change},
        entities::site_setting,
        tx::begin_write,
    },
};
use chrono::Utc;
use sea_orm::{ActiveValue::Set, ConnectionTrait, DatabaseConnection, EntityTrait, sea_query::OnConflict};

/// The key of the statement of purpose.
pub const PURPOSE: &str = "purpose";

/// The longest statement of purpose accepted, in characters.
pub const MAX_PURPOSE_CHARS: usize = 1200;

/// The statement shown until an admin writes one.
pub const DEFAULT_PURPOSE: &str = "This dashboard follows the freedom-of-information requests, appeals and \
    lawsuits our clinic brings about government use of biometric surveillance at the border. We publish the \
    matters our attorneys have cleared for release, so that anyone can see what was asked, how long each \
    agency has taken to answer, and when we went to court to make it answer.";

/// The stored value of `key`, if any.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn get(db: &impl ConnectionTrait, key: &str) -> AppResult<Option<String>> {
    Ok(site_setting::Entity::find_by_id(key.to_string()).one(db).await?.map(|row| row.value))
}

/// The statement of purpose: the admin's, or the built-in default.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn purpose(db: &impl ConnectionTrait) -> AppResult<String> {
    Ok(get(db, PURPOSE).await?.unwrap_or_else(|| DEFAULT_PURPOSE.to_string()))
}

/// Checks a statement of purpose and returns it trimmed.
///
/// # Errors
/// `Validation` on `purpose` when it is empty or too long.
pub fn check_purpose(text: &str) -> AppResult<String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::invalid("purpose", "is required"));
    }
    if text.chars().count() > MAX_PURPOSE_CHARS {
        return Err(AppError::invalid("purpose", format!("at most {MAX_PURPOSE_CHARS} characters")));
    }
    Ok(text.to_string())
}

/// Sets the statement of purpose, as `actor`, and records the change;
/// returns the text saved.
///
/// # Errors
/// `Validation` on `purpose`; `Internal` on a database failure.
pub async fn set_purpose(db: &DatabaseConnection, actor: Option<i32>, text: &str) -> AppResult<String> {
    let text = check_purpose(text)?;
    let txn = begin_write(db).await?;
    let old = get(&txn, PURPOSE).await?;
    if old.as_deref() == Some(text.as_str()) {
        return Ok(text);
    }
    let row = site_setting::ActiveModel {
        key: Set(PURPOSE.to_string()),
        value: Set(text.clone()),
        updated_at: Set(Utc::now()),
    };
    site_setting::Entity::insert(row)
        .on_conflict(
            OnConflict::column(site_setting::Column::Key)
                .update_columns([site_setting::Column::Value, site_setting::Column::UpdatedAt])
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
    let change = Change {
        user_id: actor,
        action: "update",
        entity: "site_setting",
        entity_id: 0,
        matter_id: None,
        old_value: Some(serde_json::json!({ "key": PURPOSE, "value": old }).to_string()),
        new_value: Some(serde_json::json!({ "key": PURPOSE, "value": text }).to_string()),
    };
    audit::record(&txn, change).await?;
    txn.commit().await?;
    Ok(text)
}
