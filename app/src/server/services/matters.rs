//! Creating matters and what hangs off them: events, links, theories,
//! provisions, notes and court-ordered deadlines.

use crate::{
    domain::vocab::{ClaimStatus, EventKind, LinkKind, MatterKind, MatterStatus, Verification},
    error::AppResult,
    server::{
        audit::{self, Change},
        entities::{deadline, event, matter, matter_assignment, matter_link, matter_provision, matter_theory, note},
        policy::APPROVED,
    },
};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait};

/// A matter to create (already validated).
pub struct NewMatter {
    pub slug: String,
    pub organization_id: i32,
    pub kind: MatterKind,
    pub title: String,
    pub agency_id: i32,
    pub status: MatterStatus,
    pub public: bool,
    pub agency_tracking_number: String,
    pub court: String,
    pub docket_number: String,
    pub summary: String,
    pub counsel: String,
    pub requester: String,
    pub verification: Verification,
    pub verification_note: String,
    pub extras: MatterExtras,
}

/// What a matter created in the workspace (not the seed) also records.
#[derive(Debug, Default, Clone)]
pub struct MatterExtras {
    /// `draft` for what a student files; empty means approved.
    pub review_state: String,
    pub created_by: Option<i32>,
    pub fee_category: String,
    pub fee_waiver_requested: bool,
    pub expedited_requested: bool,
    pub parties: String,
    pub judge: String,
}

/// Creates a matter; returns its id.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn create(db: &impl ConnectionTrait, actor: Option<i32>, new: NewMatter) -> AppResult<i32> {
    let now = Utc::now();
    let m = matter::ActiveModel {
        slug: Set(new.slug.clone()),
        organization_id: Set(new.organization_id),
        kind: Set(new.kind.code().into()),
        title: Set(new.title),
        agency_id: Set(new.agency_id),
        status: Set(new.status.code().into()),
        public: Set(new.public),
        agency_tracking_number: Set(new.agency_tracking_number),
        court: Set(new.court),
        docket_number: Set(new.docket_number),
        summary: Set(new.summary),
        counsel: Set(new.counsel),
        requester: Set(new.requester),
        verification: Set(new.verification.code().into()),
        verification_note: Set(new.verification_note),
        version: Set(1),
        review_state: Set(if new.extras.review_state.is_empty() { APPROVED.into() } else { new.extras.review_state }),
        review_comment: Set(String::new()),
        created_by: Set(new.extras.created_by),
        fee_category: Set(new.extras.fee_category),
        fee_waiver_requested: Set(new.extras.fee_waiver_requested),
        expedited_requested: Set(new.extras.expedited_requested),
        parties: Set(new.extras.parties),
        judge: Set(new.extras.judge),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit::record(db, Change::created(actor, "matter", m.id, Some(m.id), new.slug)).await?;
    Ok(m.id)
}

/// Assigns a user to a matter.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn assign(db: &impl ConnectionTrait, actor: Option<i32>, matter_id: i32, user_id: i32) -> AppResult<()> {
    matter_assignment::ActiveModel { matter_id: Set(matter_id), user_id: Set(user_id) }.insert(db).await?;
    audit::record(db, Change::created(actor, "assignment", user_id, Some(matter_id), format!("user {user_id}"))).await
}

/// Records that a matter relies on a legal theory, with the claim's status.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn add_theory(
    db: &impl ConnectionTrait,
    actor: Option<i32>,
    matter_id: i32,
    theory_id: i32,
    status: ClaimStatus,
    note: &str,
) -> AppResult<()> {
    matter_theory::ActiveModel {
        matter_id: Set(matter_id),
        theory_id: Set(theory_id),
        claim_status: Set(status.code().into()),
        note: Set(note.into()),
    }
    .insert(db)
    .await?;
    audit::record(db, Change::created(actor, "matter_theory", theory_id, Some(matter_id), status.code().into())).await
}

/// Records that a matter relies on a provision.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn add_provision(
    db: &impl ConnectionTrait,
    actor: Option<i32>,
    matter_id: i32,
    provision_id: i32,
) -> AppResult<()> {
    matter_provision::ActiveModel { matter_id: Set(matter_id), provision_id: Set(provision_id) }.insert(db).await?;
    audit::record(
        db,
        Change::created(actor, "matter_provision", provision_id, Some(matter_id), format!("provision {provision_id}")),
    )
    .await
}

/// Links two matters ("`from` is `kind` `to`").
///
/// # Errors
/// `Internal` on a database failure.
pub async fn link(db: &impl ConnectionTrait, actor: Option<i32>, from: i32, to: i32, kind: LinkKind) -> AppResult<()> {
    let l = matter_link::ActiveModel {
        from_matter_id: Set(from),
        to_matter_id: Set(to),
        kind: Set(kind.code().into()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit::record(db, Change::created(actor, "matter_link", l.id, Some(from), format!("{} {to}", kind.code()))).await
}

/// An event to record.
pub struct NewEvent {
    pub kind: EventKind,
    pub date: NaiveDate,
    pub title: String,
    pub details: String,
    pub public: bool,
    pub verification: Verification,
    pub outcome: String,
    pub pages_released: i32,
    pub exemptions: Vec<String>,
    /// Pages withheld in full and in part (productions).
    pub pages_withheld: (i32, i32),
}

/// Records an event on a matter (the caller recomputes deadlines).
///
/// # Errors
/// `Internal` on a database failure.
pub async fn add_event(db: &impl ConnectionTrait, actor: Option<i32>, matter_id: i32, new: NewEvent) -> AppResult<i32> {
    let e = new_event(matter_id, new, Utc::now()).insert(db).await?;
    audit::record(db, event_created(actor, &e)).await?;
    Ok(e.id)
}

/// The row of event `new` on matter `matter_id`, made at `now`.
pub fn new_event(matter_id: i32, new: NewEvent, now: DateTime<Utc>) -> event::ActiveModel {
    event::ActiveModel {
        matter_id: Set(matter_id),
        kind: Set(new.kind.code().into()),
        date: Set(new.date),
        title: Set(new.title),
        details: Set(new.details),
        public: Set(new.public),
        verification: Set(new.verification.code().into()),
        outcome: Set(new.outcome),
        pages_released: Set(new.pages_released),
        pages_withheld_full: Set(new.pages_withheld.0),
        pages_withheld_part: Set(new.pages_withheld.1),
        exemptions: Set(new.exemptions.join(", ")),
        created_at: Set(now),
        deleted_at: Set(None),
        ..Default::default()
    }
}

/// The audit entry of event `e`'s creation: its kind and date.
pub fn event_created(actor: Option<i32>, e: &event::Model) -> Change<'static> {
    Change::created(actor, "event", e.id, Some(e.matter_id), format!("{} {}", e.kind, e.date))
}

/// Adds a note to a matter.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn add_note(
    db: &impl ConnectionTrait,
    actor: Option<i32>,
    matter_id: i32,
    privileged: bool,
    body: &str,
) -> AppResult<i32> {
    let n = note::ActiveModel {
        matter_id: Set(matter_id),
        author_id: Set(actor),
        privileged: Set(privileged),
        body: Set(body.into()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit::record(
        db,
        Change::created(
            actor,
            "note",
            n.id,
            Some(matter_id),
            if privileged { "privileged".into() } else { "public".into() },
        ),
    )
    .await?;
    Ok(n.id)
}

/// A court-ordered (manual) deadline.
pub struct NewManualDeadline {
    pub title: String,
    pub due: NaiveDate,
    pub source: String,
    pub verification: Verification,
    pub public: bool,
}

/// Adds a court-ordered deadline; its history starts with its first date.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn add_manual_deadline(
    db: &impl ConnectionTrait,
    actor: Option<i32>,
    matter_id: i32,
    new: NewManualDeadline,
) -> AppResult<i32> {
    let now = Utc::now();
    let d = deadline::ActiveModel {
        matter_id: Set(matter_id),
        rule_id: Set(Some("court.ordered".into())),
        trigger_event_id: Set(None),
        met_by_event_id: Set(None),
        title: Set(new.title),
        due_date: Set(new.due),
        status: Set("open".into()),
        owed_by: Set("us".into()),
        explanation: Set(String::new()),
        unsettled: Set(false),
        public: Set(new.public),
        source: Set(new.source),
        verification: Set(new.verification.code().into()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit::record(db, Change::created(actor, "deadline", d.id, Some(matter_id), new.due.to_string())).await?;
    Ok(d.id)
}
