//! The matters list: one row per matter, with its next deadline and the
//! "may sue since" date as the list page shows them.

use super::{ExportFilter, PAGE, Value, encode::Page, scope};
use crate::{
    error::AppResult,
    server::{auth::Principal, entities::matter, policy, repo::matters::rows_for},
};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// The columns.
pub const HEADER: &[&str] = &[
    "slug",
    "title",
    "kind",
    "status",
    "agency",
    "agency_name",
    "public",
    "tracking_number",
    "docket_number",
    "court",
    "judge",
    "parties",
    "requester",
    "counsel",
    "fee_category",
    "fee_waiver_requested",
    "expedited_requested",
    "summary",
    "verification",
    "next_deadline",
    "next_deadline_title",
    "may_sue_since",
    "created_at",
    "updated_at",
];

/// The matters `who` may see that pass the filter.
pub struct Matters {
    who: Principal,
    cond: Condition,
    today: NaiveDate,
}

impl Matters {
    /// Checks the filter.
    ///
    /// # Errors
    /// `Validation` naming the field of an unknown code.
    pub async fn new(
        db: &impl ConnectionTrait,
        who: Principal,
        filter: &ExportFilter,
        today: NaiveDate,
    ) -> AppResult<Matters> {
        Ok(Matters { cond: scope::matter_condition(db, filter).await?, who, today })
    }

    /// The page of matters with ids after `after`.
    ///
    /// # Errors
    /// `Internal` on a database failure.
    pub async fn page(&mut self, db: &impl ConnectionTrait, after: i32) -> AppResult<Page> {
        let models = matter::Entity::find()
            .filter(policy::visible_matters(&self.who))
            .filter(self.cond.clone())
            .filter(matter::Column::Id.gt(after))
            .order_by_asc(matter::Column::Id)
            .limit(PAGE)
            .all(db)
            .await?;
        let read = models.len();
        let last = models.last().map(|m| m.id);
        let list = rows_for(db, &self.who, models.clone(), self.today).await?;
        let rows = models
            .into_iter()
            .zip(list)
            .map(|(m, r)| {
                let member = policy::is_member(&self.who, &m);
                row(m, r, member)
            })
            .collect();
        Ok(Page::keyset(rows, last, read))
    }
}

/// One matter. Fields only the edit form shows (parties, judge, fees) are
/// left empty for viewers outside the matter's organisation, as on its page.
fn row(m: matter::Model, r: crate::model::MatterRow, member: bool) -> Vec<Value> {
    let (next_due, next_title) = r.next_deadline.map_or((None, None), |(d, t)| (Some(d), Some(t)));
    let own = |v: Value| if member { v } else { Value::Null };
    vec![
        m.slug.into(),
        m.title.into(),
        m.kind.into(),
        m.status.into(),
        r.agency.abbreviation.into(),
        r.agency.name.into(),
        m.public.into(),
        m.agency_tracking_number.into(),
        m.docket_number.into(),
        m.court.into(),
        own(m.judge.into()),
        own(m.parties.into()),
        m.requester.into(),
        m.counsel.into(),
        own(m.fee_category.into()),
        own(m.fee_waiver_requested.into()),
        own(m.expedited_requested.into()),
        m.summary.into(),
        m.verification.into(),
        next_due.into(),
        next_title.into(),
        r.may_sue_since.into(),
        m.created_at.into(),
        m.updated_at.into(),
    ]
}
