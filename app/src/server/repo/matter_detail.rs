//! The matter page: everything about one matter that the viewer may see.

use super::common::{
    DeadlineClock, EXHAUSTING_RULES, agency_ref, effective_status, matter_ref, may_sue_since, provision_ref, stored,
};
use crate::{
    domain::vocab::{ClaimStatus, DeadlineStatus, EventKind, LinkKind, MatterKind, Verification},
    error::{AppError, AppResult},
    model::{
        DeadlineChange, DeadlineView, EventView, ExhaustionView, LinkView, MatterDetail, NoteView, ProvisionRef,
        TheoryClaim,
    },
    server::{
        auth::Principal,
        entities::{
            agency, deadline, deadline_history, event, legal_theory, matter, matter_assignment, matter_link,
            matter_provision, matter_theory, note, provision, rule_provision, user,
        },
        policy,
        services::deadlines::{self, StoredExplanation},
    },
};
use chrono::NaiveDate;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

/// Finds a matter by slug among those `who` may see.
///
/// # Errors
/// `NotFound` when it does not exist or is not visible (the same answer, so
/// an unpublished matter's existence is not revealed).
pub async fn find_visible(db: &impl ConnectionTrait, who: &Principal, slug: &str) -> AppResult<matter::Model> {
    matter::Entity::find()
        .filter(matter::Column::Slug.eq(slug))
        .filter(policy::visible_matters(who))
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("matter `{slug}`")))
}

async fn links(db: &impl ConnectionTrait, who: &Principal, m: &matter::Model) -> AppResult<Vec<LinkView>> {
    let rows = matter_link::Entity::find()
        .filter(
            Condition::any()
                .add(matter_link::Column::FromMatterId.eq(m.id))
                .add(matter_link::Column::ToMatterId.eq(m.id)),
        )
        .all(db)
        .await?;
    let other_ids: Vec<i32> =
        rows.iter().map(|l| if l.from_matter_id == m.id { l.to_matter_id } else { l.from_matter_id }).collect();
    let others: HashMap<i32, matter::Model> = matter::Entity::find()
        .filter(matter::Column::Id.is_in(other_ids))
        .filter(policy::visible_matters(who))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let mut out = Vec::new();
    for l in rows {
        let outgoing = l.from_matter_id == m.id;
        let other_id = if outgoing { l.to_matter_id } else { l.from_matter_id };
        if let Some(other) = others.get(&other_id) {
            out.push(LinkView { kind: stored(&l.kind, LinkKind::parse)?, outgoing, other: matter_ref(other)? });
        }
    }
    Ok(out)
}

/// The theories the matter relies on, with each claim's status.
pub(crate) async fn theories(db: &impl ConnectionTrait, matter_id: i32) -> AppResult<Vec<TheoryClaim>> {
    let claims = matter_theory::Entity::find().filter(matter_theory::Column::MatterId.eq(matter_id)).all(db).await?;
    let by_id: HashMap<i32, legal_theory::Model> = legal_theory::Entity::find()
        .filter(legal_theory::Column::Id.is_in(claims.iter().map(|c| c.theory_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    claims
        .iter()
        .filter_map(|c| by_id.get(&c.theory_id).map(|t| (c, t)))
        .map(|(c, t)| {
            Ok(TheoryClaim {
                slug: t.slug.clone(),
                name: t.name.clone(),
                claim_status: stored(&c.claim_status, ClaimStatus::parse)?,
                note: c.note.clone(),
            })
        })
        .collect()
}

/// The provisions the matter cites, by citation.
pub(crate) async fn provisions(db: &impl ConnectionTrait, matter_id: i32) -> AppResult<Vec<ProvisionRef>> {
    let ids: Vec<i32> = matter_provision::Entity::find()
        .filter(matter_provision::Column::MatterId.eq(matter_id))
        .all(db)
        .await?
        .into_iter()
        .map(|mp| mp.provision_id)
        .collect();
    let rows = provision::Entity::find()
        .filter(provision::Column::Id.is_in(ids))
        .order_by_asc(provision::Column::Citation)
        .all(db)
        .await?;
    rows.iter().map(provision_ref).collect()
}

fn event_view(e: &event::Model) -> AppResult<EventView> {
    Ok(EventView {
        id: e.id,
        date: e.date,
        kind: stored(&e.kind, EventKind::parse)?,
        title: e.title.clone(),
        details: e.details.clone(),
        outcome: e.outcome.clone(),
        pages_released: e.pages_released,
        exemptions: e.exemptions.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect(),
        verification: stored(&e.verification, Verification::parse)?,
        public: e.public,
        pages_withheld_full: e.pages_withheld_full,
        pages_withheld_part: e.pages_withheld_part,
        deleted: e.deleted_at.is_some(),
    })
}

/// Provisions of each rule, by rule id.
pub(crate) async fn rule_provisions(
    db: &impl ConnectionTrait,
    rule_ids: Vec<String>,
) -> AppResult<HashMap<String, Vec<ProvisionRef>>> {
    let links = rule_provision::Entity::find().filter(rule_provision::Column::RuleId.is_in(rule_ids)).all(db).await?;
    let by_id: HashMap<i32, provision::Model> = provision::Entity::find()
        .filter(provision::Column::Id.is_in(links.iter().map(|l| l.provision_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut out: HashMap<String, Vec<ProvisionRef>> = HashMap::new();
    for l in links {
        if let Some(p) = by_id.get(&l.provision_id) {
            out.entry(l.rule_id).or_default().push(provision_ref(p)?);
        }
    }
    Ok(out)
}

/// The lines of a stored "Why this date?" explanation, then its warnings.
pub(crate) fn explanation_lines(stored_json: &str) -> Vec<String> {
    if stored_json.is_empty() {
        return Vec::new();
    }
    match serde_json::from_str::<StoredExplanation>(stored_json) {
        Ok(e) => e
            .explanation
            .to_text()
            .lines()
            .map(String::from)
            .chain(e.warnings.into_iter().map(|w| format!("Warning: {w}")))
            .collect(),
        Err(err) => {
            tracing::error!(error = %err, "stored explanation does not parse");
            vec!["The explanation of this date could not be read; recompute the deadline.".to_string()]
        }
    }
}

/// The columns of a deadline the matter page shows (the same for members
/// and the public; only which rows differ).
#[derive(Debug, Clone, FromQueryResult)]
pub(crate) struct DeadlineRow {
    pub id: i32,
    pub rule_id: Option<String>,
    pub met_by_event_id: Option<i32>,
    pub title: String,
    pub due_date: NaiveDate,
    pub status: String,
    pub owed_by: String,
    pub explanation: String,
    pub unsettled: bool,
    pub source: String,
    pub verification: String,
}

impl<'a> From<&'a DeadlineRow> for DeadlineClock<'a> {
    fn from(d: &'a DeadlineRow) -> Self {
        DeadlineClock {
            rule_id: d.rule_id.as_deref(),
            status: &d.status,
            due_date: d.due_date,
            met: d.met_by_event_id.is_some(),
        }
    }
}

/// The matter's deadlines by due date; only public ones unless `member`.
pub(crate) async fn deadlines(db: &impl ConnectionTrait, matter_id: i32, member: bool) -> AppResult<Vec<DeadlineRow>> {
    use deadline::Column as C;
    let mut query = deadline::Entity::find()
        .select_only()
        .columns([C::Id, C::RuleId, C::MetByEventId, C::Title, C::DueDate, C::Status, C::OwedBy, C::Explanation])
        .columns([C::Unsettled, C::Source, C::Verification])
        .filter(C::MatterId.eq(matter_id));
    if !member {
        query = query.filter(C::Public.eq(true));
    }
    Ok(query.order_by_asc(C::DueDate).order_by_asc(C::Id).into_model::<DeadlineRow>().all(db).await?)
}

/// The moves of each deadline's due date, newest first.
pub(crate) async fn histories(
    db: &impl ConnectionTrait,
    rows: &[DeadlineRow],
) -> AppResult<HashMap<i32, Vec<DeadlineChange>>> {
    let entries = deadline_history::Entity::find()
        .filter(deadline_history::Column::DeadlineId.is_in(rows.iter().map(|d| d.id)))
        .order_by_desc(deadline_history::Column::ChangedAt)
        .order_by_desc(deadline_history::Column::Id)
        .all(db)
        .await?;
    let mut out: HashMap<i32, Vec<DeadlineChange>> = HashMap::new();
    for h in entries {
        if let Some(old) = h.old_due_date.filter(|old| *old != h.new_due_date) {
            out.entry(h.deadline_id).or_default().push(DeadlineChange {
                old,
                new: h.new_due_date,
                reason: h.reason,
                changed: h.changed_at.date_naive(),
            });
        }
    }
    Ok(out)
}

/// The deadlines as the matter page shows them, with their explanations,
/// provisions and earlier due dates.
pub(crate) fn deadline_views(
    rows: &[DeadlineRow],
    provisions: &HashMap<String, Vec<ProvisionRef>>,
    mut history: HashMap<i32, Vec<DeadlineChange>>,
    today: NaiveDate,
    cal: &crate::domain::calendar::Calendar,
) -> AppResult<Vec<DeadlineView>> {
    rows.iter()
        .map(|d| {
            let status = effective_status(d, today)?;
            let open = status == DeadlineStatus::Open && d.due_date >= today;
            Ok(DeadlineView {
                id: d.id,
                business_days: open.then(|| super::common::business_days_until(cal, today, d.due_date)),
                title: d.title.clone(),
                due: d.due_date,
                status,
                rule_id: d.rule_id.clone(),
                owed_by_agency: d.owed_by == "agency",
                unsettled: d.unsettled,
                explanation: explanation_lines(&d.explanation),
                provisions: d.rule_id.as_ref().and_then(|r| provisions.get(r)).cloned().unwrap_or_default(),
                source: d.source.clone(),
                verification: stored(&d.verification, Verification::parse)?,
                history: history.remove(&d.id).unwrap_or_default(),
            })
        })
        .collect()
}

/// Whether the request (or appeal) of kind `kind` and status `status` is
/// constructively exhausted through these deadlines.
pub(crate) fn exhaustion(
    kind: &str,
    status: &str,
    rows: &[DeadlineRow],
    today: NaiveDate,
) -> AppResult<ExhaustionView> {
    let kind = stored(kind, MatterKind::parse)?;
    if !matches!(kind, MatterKind::FoiaRequest | MatterKind::Appeal) {
        return Ok(ExhaustionView::NotApplicable);
    }
    let Some(d) = rows.iter().rev().find(|d| d.rule_id.as_deref().is_some_and(|r| EXHAUSTING_RULES.contains(&r)))
    else {
        return Ok(ExhaustionView::NotApplicable);
    };
    let since = may_sue_since(d, stored(status, crate::domain::vocab::MatterStatus::parse)?, today)?;
    Ok(match (since, effective_status(d, today)?) {
        (Some(since), _) => ExhaustionView::MaySueNow { since },
        (None, DeadlineStatus::Met | DeadlineStatus::Missed) => ExhaustionView::Answered,
        _ => ExhaustionView::NotYet { response_due: d.due_date },
    })
}

async fn notes(db: &impl ConnectionTrait, m: &matter::Model, privileged_ok: bool) -> AppResult<Vec<NoteView>> {
    let mut query = note::Entity::find().filter(note::Column::MatterId.eq(m.id));
    if !privileged_ok {
        query = query.filter(note::Column::Privileged.eq(false));
    }
    let rows = query.order_by_asc(note::Column::CreatedAt).all(db).await?;
    let authors: HashMap<i32, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(rows.iter().filter_map(|n| n.author_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    Ok(rows
        .into_iter()
        .map(|n| NoteView {
            privileged: n.privileged,
            author: n.author_id.and_then(|id| authors.get(&id).cloned()).unwrap_or_default(),
            body: n.body,
            created: n.created_at.date_naive(),
        })
        .collect())
}

/// The names of the users `ids`.
async fn names_of(db: &impl ConnectionTrait, ids: &[i32]) -> AppResult<Vec<String>> {
    let users = user::Entity::find().filter(user::Column::Id.is_in(ids.iter().copied())).all(db).await?;
    Ok(users.into_iter().map(|u| u.name).collect())
}

/// A matter's events in date order: a member sees the private ones, an
/// editor the deleted ones too (to restore them).
async fn timeline(
    db: &impl ConnectionTrait,
    matter_id: i32,
    member: bool,
    can_edit: bool,
) -> AppResult<Vec<event::Model>> {
    let mut q = event::Entity::find().filter(event::Column::MatterId.eq(matter_id));
    if !member {
        q = q.filter(event::Column::Public.eq(true));
    }
    if !can_edit {
        q = q.filter(event::Column::DeletedAt.is_null());
    }
    Ok(q.order_by_asc(event::Column::Date).order_by_asc(event::Column::Id).all(db).await?)
}

/// The matter page for `slug`, as `who` may see it.
///
/// # Errors
/// `NotFound` when the matter does not exist or is not visible to `who`.
pub async fn detail(
    db: &impl ConnectionTrait,
    who: &Principal,
    slug: &str,
    today: NaiveDate,
) -> AppResult<MatterDetail> {
    // The public reads through the public layer, which cannot select a
    // private column or an unpublished row.
    if matches!(who, Principal::Public) {
        return crate::server::public::matter_page(db, slug, today).await;
    }
    let m = find_visible(db, who, slug).await?;
    let member = policy::is_member(who, &m);
    let assignments =
        matter_assignment::Entity::find().filter(matter_assignment::Column::MatterId.eq(m.id)).all(db).await?;
    let assigned_ids: Vec<i32> = assignments.iter().map(|a| a.user_id).collect();
    let privileged_ok = policy::may_read_privileged(who, &m, &assigned_ids);
    // Who works on a matter is for its organisation's eyes.
    let assigned = if member { names_of(db, &assigned_ids).await? } else { Vec::new() };
    let ag = agency::Entity::find_by_id(m.agency_id).one(db).await?.ok_or(AppError::Internal)?;
    let can_edit = policy::may_edit(who, &m, &assigned_ids);
    let events = timeline(db, m.id, member, can_edit).await?;
    let deadline_rows = deadlines(db, m.id, member).await?;
    let calendar = deadlines::load_calendar(db).await?;
    let rule_ids = deadline_rows.iter().filter_map(|d| d.rule_id.clone()).collect();
    let rule_provs = rule_provisions(db, rule_ids).await?;
    Ok(MatterDetail {
        matter: matter_ref(&m)?,
        agency: agency_ref(&ag),
        public: m.public,
        tracking_number: m.agency_tracking_number.clone(),
        court: m.court.clone(),
        docket_number: m.docket_number.clone(),
        summary: m.summary.clone(),
        counsel: m.counsel.clone(),
        requester: m.requester.clone(),
        verification: stored(&m.verification, Verification::parse)?,
        verification_note: m.verification_note.clone(),
        assigned,
        links: links(db, who, &m).await?,
        theories: theories(db, m.id).await?,
        provisions: provisions(db, m.id).await?,
        events: events.iter().map(event_view).collect::<AppResult<_>>()?,
        deadlines: deadline_views(&deadline_rows, &rule_provs, histories(db, &deadline_rows).await?, today, &calendar)?,
        notes: notes(db, &m, privileged_ok).await?,
        exhaustion: exhaustion(&m.kind, &m.status, &deadline_rows, today)?,
        version: m.version,
        can_edit,
        can_supervise: policy::may_supervise(who, &m),
        review_state: if member { m.review_state.clone() } else { String::new() },
        review_comment: if member { m.review_comment.clone() } else { String::new() },
        provision_slugs: super::common::provision_slugs(db).await?,
        link_choices: if can_edit { Some(super::links::choices(db, who, &m).await?) } else { None },
        preview: if can_edit { Some(deadlines::preview_basis(db, m.id, &calendar, today).await?) } else { None },
    })
}
