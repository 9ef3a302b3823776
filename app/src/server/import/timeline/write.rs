//! The database side of an events or deadlines import: what the matters
//! already hold, and writing the new and updated rows with their audit
//! entries, then recomputing the matters whose events changed.

use super::{Action, DeadlineItem, EventItem, Item, Placed, item_key};
use crate::{
    domain::vocab::{DeadlineStatus, EventKind, Verification},
    error::AppResult,
    server::{
        audit::{self, Change},
        entities::{audit_entry, deadline, event},
        import::{Progress, mapping::Target, write::Context},
        repo::common::stored as parse_stored,
        services::{
            deadlines::{COURT_ORDERED, recompute_matters},
            matters::{self, NewEvent},
        },
    },
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
};
use serde_json::{Map, Value, json};
use std::collections::{BTreeSet, HashMap};

/// Matters per query.
const CHUNK: usize = 500;

/// New rows per multi-row `INSERT` (17 values each, within every engine's
/// parameter limit).
const INSERT_CHUNK: usize = 1000;

/// The events (undeleted) or court-ordered deadlines of the matters `ids`,
/// by [`item_key`], with their ids.
///
/// # Errors
/// `Internal` on a database failure or a stored code Docket does not know.
pub async fn stored(
    db: &impl ConnectionTrait,
    target: Target,
    ids: &[i32],
) -> AppResult<HashMap<(i32, String), (i32, Item)>> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        if target == Target::Events {
            let rows = event::Entity::find()
                .filter(event::Column::MatterId.is_in(chunk.to_vec()))
                .filter(event::Column::DeletedAt.is_null())
                .all(db)
                .await?;
            for e in rows {
                let (id, matter_id, item) = (e.id, e.matter_id, Item::Event(event_item(e)?));
                out.insert(item_key(matter_id, &item), (id, item));
            }
        } else {
            let rows = deadline::Entity::find()
                .filter(deadline::Column::MatterId.is_in(chunk.to_vec()))
                .filter(deadline::Column::RuleId.eq(COURT_ORDERED))
                .all(db)
                .await?;
            for d in rows {
                let (id, matter_id, item) = (d.id, d.matter_id, Item::Deadline(deadline_item(d)?));
                out.insert(item_key(matter_id, &item), (id, item));
            }
        }
    }
    Ok(out)
}

fn event_item(e: event::Model) -> AppResult<EventItem> {
    Ok(EventItem {
        kind: parse_stored(&e.kind, EventKind::parse)?,
        date: e.date,
        title: e.title,
        details: e.details,
        outcome: e.outcome,
        pages_released: e.pages_released,
        pages_withheld_full: e.pages_withheld_full,
        pages_withheld_part: e.pages_withheld_part,
        exemptions: e.exemptions.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect(),
        public: e.public,
        verification: parse_stored(&e.verification, Verification::parse)?,
    })
}

fn deadline_item(d: deadline::Model) -> AppResult<DeadlineItem> {
    Ok(DeadlineItem {
        title: d.title,
        due: d.due_date,
        status: parse_stored(&d.status, DeadlineStatus::parse)?,
        source: d.source,
        public: d.public,
        verification: parse_stored(&d.verification, Verification::parse)?,
    })
}

/// Writes the new and updated rows; returns how many matters' deadlines
/// were recomputed (those whose events changed). New rows go in with
/// multi-row `INSERT`s, [`INSERT_CHUNK`] at a time, each followed by one
/// for their audit entries; an updated row is compared and written alone.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn apply(
    db: &impl ConnectionTrait,
    cx: &Context<'_>,
    placed: &[Placed],
    progress: &mut (dyn FnMut(Progress) + Send),
) -> AppResult<usize> {
    let mut touched = BTreeSet::new();
    let (mut events, mut deadlines) = (Vec::new(), Vec::new());
    let mut done = Done { n: 0, total: placed.len() };
    for p in placed {
        match (&p.row.item, p.action) {
            (Item::Event(e), Action::New) => {
                events.push(matters::new_event(p.matter_id, new_event(e), cx.now));
                touched.insert(p.matter_id);
                continue;
            }
            (Item::Deadline(d), Action::New) => {
                deadlines.push(new_deadline(cx, p.matter_id, d));
                continue;
            }
            (item, Action::Update(id)) => {
                let changed = update(db, cx, p.matter_id, id, item).await?;
                if changed && matches!(item, Item::Event(_)) {
                    touched.insert(p.matter_id);
                }
            }
            _ => {}
        }
        done.add(1, progress);
    }
    // An event's entry reads as one added by hand; a deadline's names the file.
    let event_created = |e: &event::Model| matters::event_created(cx.actor, e);
    insert_with_audit(db, cx, events, event_created, (&mut done, progress)).await?;
    let deadline_created = |d: &deadline::Model| {
        let what = format!("{} due {} (imported from {})", d.title, d.due_date, cx.source);
        Change::created(cx.actor, "deadline", d.id, Some(d.matter_id), what)
    };
    insert_with_audit(db, cx, deadlines, deadline_created, (&mut done, progress)).await?;
    let ids: Vec<i32> = touched.into_iter().collect();
    let reason = format!("events imported from {}", cx.source);
    for chunk in ids.chunks(CHUNK) {
        recompute_matters(db, cx.actor, chunk.to_vec(), cx.today, &reason).await?;
    }
    Ok(ids.len())
}

/// Rows written so far, reported every 200 and at the end.
struct Done {
    n: usize,
    total: usize,
}

impl Done {
    fn add(&mut self, rows: usize, progress: &mut (dyn FnMut(Progress) + Send)) {
        let before = self.n;
        self.n += rows;
        if self.n / 200 > before / 200 || self.n == self.total {
            progress(Progress { phase: "writing", done: self.n, total: self.total });
        }
    }
}

/// Takes the first [`INSERT_CHUNK`] rows off `rows`.
fn next_chunk<T>(rows: &mut Vec<T>) -> Vec<T> {
    let rest = rows.split_off(rows.len().min(INSERT_CHUNK));
    std::mem::replace(rows, rest)
}

fn new_event(e: &EventItem) -> NewEvent {
    NewEvent {
        kind: e.kind,
        date: e.date,
        title: e.title.clone(),
        details: e.details.clone(),
        public: e.public,
        verification: e.verification,
        outcome: e.outcome.clone(),
        pages_released: e.pages_released,
        exemptions: e.exemptions.clone(),
        pages_withheld: (e.pages_withheld_full, e.pages_withheld_part),
    }
}

/// Inserts `rows`, [`INSERT_CHUNK`] at a time, each batch followed by
/// the audit entries `audit` makes of the stored rows.
async fn insert_with_audit<A>(
    db: &impl ConnectionTrait,
    cx: &Context<'_>,
    mut rows: Vec<A>,
    audit: impl Fn(&<A::Entity as EntityTrait>::Model) -> Change<'static> + Send + Sync,
    (done, progress): (&mut Done, &mut (dyn FnMut(Progress) + Send)),
) -> AppResult<()>
where
    A: ActiveModelTrait + Send + Sync,
    <A::Entity as EntityTrait>::Model: IntoActiveModel<A> + Send + Sync,
{
    while !rows.is_empty() {
        let saved = A::Entity::insert_many(next_chunk(&mut rows)).exec_with_returning(db).await?;
        let entries: Vec<audit_entry::ActiveModel> = saved.iter().map(|r| audit(r).into_active_model(cx.now)).collect();
        audit_entry::Entity::insert_many(entries).exec(db).await?;
        done.add(saved.len(), progress);
    }
    Ok(())
}

/// The row of a court-ordered deadline from the file.
fn new_deadline(cx: &Context<'_>, matter_id: i32, d: &DeadlineItem) -> deadline::ActiveModel {
    deadline::ActiveModel {
        matter_id: Set(matter_id),
        rule_id: Set(Some(COURT_ORDERED.into())),
        trigger_event_id: Set(None),
        met_by_event_id: Set(None),
        title: Set(d.title.clone()),
        due_date: Set(d.due),
        status: Set(d.status.code().into()),
        owed_by: Set("us".into()),
        explanation: Set(String::new()),
        unsettled: Set(false),
        public: Set(d.public),
        source: Set(d.source.clone()),
        verification: Set(d.verification.code().into()),
        created_at: Set(cx.now),
        updated_at: Set(cx.now),
        ..Default::default()
    }
}

/// The fields of `old` and `new` that differ, as two JSON objects.
fn diff(old: &Value, new: &Value) -> (Map<String, Value>, Map<String, Value>) {
    let (mut before, mut after) = (Map::new(), Map::new());
    if let (Value::Object(o), Value::Object(n)) = (old, new) {
        for (k, v) in n.iter().filter(|(k, v)| o.get(*k) != Some(*v)) {
            before.insert(k.clone(), o.get(k).cloned().unwrap_or(Value::Null));
            after.insert(k.clone(), v.clone());
        }
    }
    (before, after)
}

/// Gives stored event or deadline `id` the file's values, with its audit entry.
async fn update(db: &impl ConnectionTrait, cx: &Context<'_>, matter_id: i32, id: i32, item: &Item) -> AppResult<bool> {
    let (entity, old) = match item {
        Item::Event(e) => {
            let Some(m) = event::Entity::find_by_id(id).one(db).await? else { return Ok(false) };
            let old = event_json(&event_item(m.clone())?);
            let mut a: event::ActiveModel = m.into();
            a.details = Set(e.details.clone());
            a.outcome = Set(e.outcome.clone());
            a.pages_released = Set(e.pages_released);
            a.pages_withheld_full = Set(e.pages_withheld_full);
            a.pages_withheld_part = Set(e.pages_withheld_part);
            a.exemptions = Set(e.exemptions.join(", "));
            a.public = Set(e.public);
            a.verification = Set(e.verification.code().into());
            a.update(db).await?;
            ("event", old)
        }
        Item::Deadline(d) => {
            let Some(m) = deadline::Entity::find_by_id(id).one(db).await? else { return Ok(false) };
            let old = deadline_json(&deadline_item(m.clone())?);
            let mut a: deadline::ActiveModel = m.into();
            a.status = Set(d.status.code().into());
            a.source = Set(d.source.clone());
            a.public = Set(d.public);
            a.verification = Set(d.verification.code().into());
            a.updated_at = Set(cx.now);
            a.update(db).await?;
            ("deadline", old)
        }
        Item::Computed => return Ok(false),
    };
    let new = match item {
        Item::Event(e) => event_json(e),
        Item::Deadline(d) => deadline_json(d),
        Item::Computed => Value::Null,
    };
    let (before, after) = diff(&old, &new);
    let change = Change {
        user_id: cx.actor,
        action: "update",
        entity,
        entity_id: id,
        matter_id: Some(matter_id),
        old_value: Some(Value::Object(before).to_string()),
        new_value: Some(Value::Object(after).to_string()),
    };
    audit::record(db, change).await?;
    Ok(true)
}

fn event_json(e: &EventItem) -> Value {
    json!({
        "details": e.details,
        "outcome": e.outcome,
        "pages_released": e.pages_released,
        "pages_withheld_full": e.pages_withheld_full,
        "pages_withheld_part": e.pages_withheld_part,
        "exemptions": e.exemptions.join(", "),
        "public": e.public,
        "verification": e.verification.code(),
    })
}

fn deadline_json(d: &DeadlineItem) -> Value {
    json!({
        "status": d.status.code(),
        "source": d.source,
        "public": d.public,
        "verification": d.verification.code(),
    })
}
