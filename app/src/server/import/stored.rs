//! Mappings stored per organisation (`import_mappings`): `--mapping NAME`
//! and the import page look up the built-ins first, then these.

use super::mapping::{Mapping, builtin};
use crate::{
    error::{AppError, AppResult},
    server::{
        audit::{self, Change},
        entities::import_mapping,
    },
};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

/// The mapping `name`: a built-in, else one the organisation stored.
///
/// # Errors
/// `Validation` on `mapping` when there is none by that name or the stored
/// JSON is not a mapping; `Internal` on a database failure.
pub async fn find(db: &impl ConnectionTrait, organization_id: i32, name: &str) -> AppResult<Mapping> {
    if let Some(m) = builtin(name) {
        return Ok(m);
    }
    let row = import_mapping::Entity::find()
        .filter(import_mapping::Column::OrganizationId.eq(organization_id))
        .filter(import_mapping::Column::Name.eq(name))
        .one(db)
        .await?;
    let Some(row) = row else {
        let names = names(db, organization_id).await?;
        return Err(AppError::invalid(
            "mapping",
            format!("there is no mapping `{name}` (known: {})", names.join(", ")),
        ));
    };
    serde_json::from_str(&row.mapping)
        .map_err(|e| AppError::invalid("mapping", format!("the stored mapping `{name}` is not valid: {e}")))
}

/// The built-in mappings and the organisation's, by name.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn names(db: &impl ConnectionTrait, organization_id: i32) -> AppResult<Vec<String>> {
    let stored = import_mapping::Entity::find()
        .filter(import_mapping::Column::OrganizationId.eq(organization_id))
        .order_by_asc(import_mapping::Column::Name)
        .all(db)
        .await?;
    Ok(super::mapping::BUILTIN.iter().map(|s| (*s).to_string()).chain(stored.into_iter().map(|m| m.name)).collect())
}

/// Stores (or replaces) the organisation's mapping `name`, remembered for
/// files from `source`.
///
/// # Errors
/// `Validation` when `name` is a built-in's or not 1-60 characters of
/// letters, digits, `-` and `_`; `Internal` on a database failure.
pub async fn save(
    db: &impl ConnectionTrait,
    organization_id: i32,
    actor: Option<i32>,
    name: &str,
    source: &str,
    mapping: &Mapping,
) -> AppResult<()> {
    let name = name.trim();
    let valid =
        (1..=60).contains(&name.len()) && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid || builtin(name).is_some() {
        return Err(AppError::invalid(
            "mapping",
            format!(
                "`{name}` cannot be a mapping's name: use 1-60 letters, digits, `-` or `_`, and not a built-in's name"
            ),
        ));
    }
    let json = serde_json::to_string(mapping).map_err(|_| AppError::Internal)?;
    let now = Utc::now();
    let found = import_mapping::Entity::find()
        .filter(import_mapping::Column::OrganizationId.eq(organization_id))
        .filter(import_mapping::Column::Name.eq(name))
        .one(db)
        .await?;
    let (id, old) = match found {
        Some(row) => {
            let old = row.mapping.clone();
            let mut active: import_mapping::ActiveModel = row.into();
            active.mapping = Set(json.clone());
            active.source = Set(source.to_string());
            active.updated_at = Set(now);
            (active.update(db).await?.id, Some(old))
        }
        None => {
            let row = import_mapping::ActiveModel {
                organization_id: Set(organization_id),
                name: Set(name.to_string()),
                source: Set(source.to_string()),
                mapping: Set(json.clone()),
                created_by: Set(actor),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            };
            (row.insert(db).await?.id, None)
        }
    };
    let action = if old.is_some() { "update" } else { "create" };
    let change = Change {
        user_id: actor,
        action,
        entity: "import_mapping",
        entity_id: id,
        matter_id: None,
        old_value: old,
        new_value: Some(json),
    };
    audit::record(db, change).await
}
