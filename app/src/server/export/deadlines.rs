//! The deadlines, with their status as of today, the provisions they come
//! from and the plain-English explanation of each date.

use super::{ExportFilter, PAGE, Value, encode::Page, events::Parents, scope};
use crate::{
    domain::vocab::{DeadlineStatus, MatterStatus},
    error::{AppError, AppResult},
    server::{
        auth::Principal,
        entities::deadline,
        repo::common::{effective_status, may_sue_since, stored},
        services::deadlines::StoredExplanation,
    },
};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// The columns.
pub const HEADER: &[&str] = &[
    "id",
    "matter",
    "matter_title",
    "agency",
    "tracking_number",
    "docket_number",
    "title",
    "rule",
    "due_date",
    "status",
    "owed_by",
    "unsettled",
    "answered",
    "may_sue_since",
    "provisions",
    "explanation",
    "source",
    "verification",
    "public",
    "updated_at",
];

/// The deadlines `who` may see that pass the filter.
pub struct Deadlines {
    cond: Condition,
    today: NaiveDate,
}

/// The status filter, reading an open deadline whose day has passed as missed.
fn status_condition(status: &str, today: NaiveDate) -> AppResult<Condition> {
    let status = DeadlineStatus::parse(status).map_err(|e| AppError::invalid("status", e.to_string()))?;
    let open = || Condition::all().add(deadline::Column::Status.eq(DeadlineStatus::Open.code()));
    Ok(match status {
        DeadlineStatus::Open => open().add(deadline::Column::DueDate.gte(today)),
        DeadlineStatus::Missed => Condition::any()
            .add(deadline::Column::Status.eq(DeadlineStatus::Missed.code()))
            .add(open().add(deadline::Column::DueDate.lt(today))),
        other => Condition::all().add(deadline::Column::Status.eq(other.code())),
    })
}

impl Deadlines {
    /// Checks the filter (`matter`, `agency`, `status`, `rule`, `owed_by`, `from`, `to`).
    ///
    /// # Errors
    /// `Validation` naming the field.
    pub async fn new(
        db: &impl ConnectionTrait,
        who: &Principal,
        filter: &ExportFilter,
        today: NaiveDate,
    ) -> AppResult<Deadlines> {
        let parent = scope::parent_condition(db, filter).await?;
        let mut cond = Condition::all()
            .add(scope::one_matter(deadline::Column::MatterId, filter))
            .add(scope::visible_children(who, deadline::Column::Public, deadline::Column::MatterId, parent))
            .add(scope::date_range(deadline::Column::DueDate, filter)?);
        if !filter.status.is_empty() {
            cond = cond.add(status_condition(&filter.status, today)?);
        }
        if !filter.rule.is_empty() {
            cond = cond.add(deadline::Column::RuleId.eq(filter.rule.trim()));
        }
        match filter.owed_by.as_str() {
            "" => {}
            "agency" | "us" => cond = cond.add(deadline::Column::OwedBy.eq(filter.owed_by.as_str())),
            other => return Err(AppError::invalid("owed_by", format!("expected agency or us, not `{other}`"))),
        }
        Ok(Deadlines { cond, today })
    }

    /// The page of deadlines with ids after `after`.
    ///
    /// # Errors
    /// `Internal` on a database failure or a bad stored code.
    pub async fn page(&mut self, db: &impl ConnectionTrait, after: i32) -> AppResult<Page> {
        let found = deadline::Entity::find()
            .filter(self.cond.clone())
            .filter(deadline::Column::Id.gt(after))
            .order_by_asc(deadline::Column::Id)
            .limit(PAGE)
            .all(db)
            .await?;
        let parents = Parents::load(db, found.iter().map(|d| d.matter_id)).await?;
        let read = found.len();
        let last = found.last().map(|d| d.id);
        let rows = found.into_iter().map(|d| self.row(d, &parents)).collect::<AppResult<_>>()?;
        Ok(Page::keyset(rows, last, read))
    }

    fn row(&self, d: deadline::Model, parents: &Parents) -> AppResult<Vec<Value>> {
        let (slug, title, agency) = parents.get(d.matter_id);
        let (tracking, docket) = parents.numbers(d.matter_id);
        let sue = match parents.matters.get(&d.matter_id) {
            Some(m) => may_sue_since(&d, stored(&m.status, MatterStatus::parse)?, self.today)?,
            None => None,
        };
        let Explained { citations, text, .. } = explain(&d.explanation);
        Ok(vec![
            d.id.into(),
            slug.into(),
            title.into(),
            agency.into(),
            tracking.into(),
            docket.into(),
            d.title.clone().into(),
            d.rule_id.clone().into(),
            d.due_date.into(),
            effective_status(&d, self.today)?.code().into(),
            d.owed_by.clone().into(),
            d.unsettled.into(),
            d.met_by_event_id.is_some().into(),
            sue.into(),
            Value::List(citations),
            text.into(),
            d.source.into(),
            d.verification.into(),
            d.public.into(),
            d.updated_at.into(),
        ])
    }
}

/// What a stored explanation says, in plain text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Explained {
    /// The citations of the provisions the rule comes from.
    pub citations: Vec<String>,
    /// The "why this date" steps and warnings, one per line.
    pub text: Option<String>,
    /// The rule's title (`foia.response` is "Agency response to a request").
    pub rule_title: Option<String>,
}

/// Reads a deadline's stored explanation; nothing for an entered
/// (court-ordered) deadline, and nothing but a log line for one that does
/// not parse.
pub fn explain(stored_json: &str) -> Explained {
    if stored_json.trim().is_empty() {
        return Explained::default();
    }
    match serde_json::from_str::<StoredExplanation>(stored_json) {
        Ok(s) => {
            let mut text = s.explanation.to_text();
            for w in &s.warnings {
                text.push_str("\nWarning: ");
                text.push_str(w);
            }
            Explained {
                citations: s.explanation.provisions.iter().map(|p| p.citation.clone()).collect(),
                text: Some(text),
                rule_title: Some(s.explanation.rule_title),
            }
        }
        Err(err) => {
            tracing::error!(error = %err, "stored explanation does not parse");
            Explained::default()
        }
    }
}
