//! What an edit changes, how it is written to the audit log, and how a
//! refused (stale) edit is explained from that log.

use crate::{
    error::AppResult,
    forms::ValidMatter,
    server::{
        audit::Change,
        entities::{agency, audit_entry, matter, user},
    },
};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// The fields an edit changes: `(field, old, new)`.
pub struct Changes(Vec<(&'static str, String, String)>);

/// The editable fields of `m` and their values in `v` (with agency `ag`),
/// keeping only those that differ.
pub fn changes(m: &matter::Model, v: &ValidMatter, ag: &agency::Model, old_agency: &str) -> Changes {
    let fee = v.fee_category.map(|f| f.code().to_string()).unwrap_or_default();
    let yes = |b: bool| if b { "yes".to_string() } else { "no".to_string() };
    let pairs: [(&'static str, String, String); 14] = [
        ("title", m.title.clone(), v.title.clone()),
        ("agency", old_agency.to_string(), ag.abbreviation.clone()),
        ("summary", m.summary.clone(), v.summary.clone()),
        ("requester", m.requester.clone(), v.requester.clone()),
        ("counsel", m.counsel.clone(), v.counsel.clone()),
        ("public", yes(m.public), yes(v.public)),
        ("tracking_number", m.agency_tracking_number.clone(), v.tracking_number.clone()),
        ("fee_category", m.fee_category.clone(), fee),
        ("fee_waiver", yes(m.fee_waiver_requested), yes(v.fee_waiver)),
        ("expedited", yes(m.expedited_requested), yes(v.expedited)),
        ("court", m.court.clone(), v.court.clone()),
        ("docket_number", m.docket_number.clone(), v.docket_number.clone()),
        ("parties", m.parties.clone(), v.parties.clone()),
        ("judge", m.judge.clone(), v.judge.clone()),
    ];
    Changes(pairs.into_iter().filter(|(_, old, new)| old != new).collect())
}

impl Changes {
    /// Whether the edit changes nothing.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The columns to write (every editable field, from `v`).
    pub fn active_model(&self, v: &ValidMatter, ag: &agency::Model, review_state: &str) -> matter::ActiveModel {
        matter::ActiveModel {
            title: Set(v.title.clone()),
            agency_id: Set(ag.id),
            summary: Set(v.summary.clone()),
            requester: Set(v.requester.clone()),
            counsel: Set(v.counsel.clone()),
            public: Set(v.public),
            agency_tracking_number: Set(v.tracking_number.clone()),
            fee_category: Set(v.fee_category.map(|f| f.code().to_string()).unwrap_or_default()),
            fee_waiver_requested: Set(v.fee_waiver),
            expedited_requested: Set(v.expedited),
            court: Set(v.court.clone()),
            docket_number: Set(v.docket_number.clone()),
            parties: Set(v.parties.clone()),
            judge: Set(v.judge.clone()),
            review_state: Set(review_state.to_string()),
            ..Default::default()
        }
    }

    /// The audit entry of this edit, which made the matter `version`.
    pub fn change(&self, user_id: i32, matter_id: i32, version: i32) -> Change<'static> {
        let mut old = Map::new();
        let mut new = Map::new();
        for (field, before, after) in &self.0 {
            old.insert((*field).into(), Value::String(before.clone()));
            new.insert((*field).into(), Value::String(after.clone()));
        }
        new.insert("version".into(), Value::from(version));
        Change {
            user_id: Some(user_id),
            action: "update",
            entity: "matter",
            entity_id: matter_id,
            matter_id: Some(matter_id),
            old_value: Some(Value::Object(old).to_string()),
            new_value: Some(Value::Object(new).to_string()),
        }
    }
}

fn shorten(s: &str) -> String {
    if s.chars().count() > 60 { format!("{}…", s.chars().take(60).collect::<String>()) } else { s.to_string() }
}

/// One saved change since `base`, in words: "Ana Attorney changed title
/// from “a” to “b”".
fn describe(entry: &audit_entry::Model, names: &HashMap<i32, String>) -> Option<String> {
    let old: Map<String, Value> = serde_json::from_str(entry.old_value.as_deref()?).unwrap_or_default();
    let new: Map<String, Value> = serde_json::from_str(entry.new_value.as_deref()?).ok()?;
    let who = entry.user_id.and_then(|id| names.get(&id).cloned()).unwrap_or_else(|| "Someone".into());
    let fields: Vec<String> = new
        .iter()
        .filter(|(k, _)| k.as_str() != "version")
        .map(|(k, v)| {
            let before = old.get(k).and_then(Value::as_str).unwrap_or("");
            format!("{} from “{}” to “{}”", k.replace('_', " "), shorten(before), shorten(v.as_str().unwrap_or("")))
        })
        .collect();
    Some(format!("{who} changed {}", fields.join(", ")))
}

/// Why an edit based on `base` was refused: who changed what since.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn conflict_message(db: &impl ConnectionTrait, m: &matter::Model, base: i32) -> AppResult<String> {
    let current = matter::Entity::find_by_id(m.id).one(db).await?.map_or(m.version, |c| c.version);
    let entries = audit_entry::Entity::find()
        .filter(audit_entry::Column::Entity.eq("matter"))
        .filter(audit_entry::Column::EntityId.eq(m.id))
        .filter(audit_entry::Column::Action.is_in(["update", "approve", "return"]))
        .order_by_asc(audit_entry::Column::Id)
        .all(db)
        .await?;
    let since: Vec<&audit_entry::Model> = entries
        .iter()
        .filter(|e| {
            let version = e.new_value.as_deref().and_then(|v| serde_json::from_str::<Value>(v).ok());
            version.and_then(|v| v.get("version").and_then(Value::as_i64)).is_some_and(|v| v > i64::from(base))
        })
        .collect();
    let ids: Vec<i32> = since.iter().filter_map(|e| e.user_id).collect();
    let names: HashMap<i32, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let what: Vec<String> = since.iter().filter_map(|e| describe(e, &names)).collect();
    let what = if what.is_empty() { String::new() } else { format!(" {}.", what.join("; ")) };
    Ok(format!(
        "Someone saved this matter after you opened it (you edited version {base}; it is now version {current}).{what} \
         Your changes were not saved: reload the page to see the current values, then make your changes again."
    ))
}
