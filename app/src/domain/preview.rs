//! What logging one more event would do to a matter's deadlines, before it
//! is saved. The event form shows this as the user types, computed in the
//! browser by the same engine the server runs when the event is saved.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{
    calendar::{Calendar, Closure, FEDERAL},
    derive::{CourtOrder, DerivedDeadline, EventFact, Exhaustion, MatterFacts, derive_deadlines, exhaustion},
    vocab::{DeadlineStatus, EventKind},
};

/// What the browser needs to preview an event: the matter's live events,
/// the stored closures, and the agency whose calendar applies. Sent with
/// the matter page to those who may log events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewBasis {
    pub facts: MatterFacts,
    pub closures: Vec<Closure>,
    pub agency: String,
    pub today: NaiveDate,
}

/// An event as it would be logged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub kind: EventKind,
    pub date: NaiveDate,
    pub outcome: Option<String>,
    /// A court order's deadline, once or on a schedule.
    pub order: Option<CourtOrder>,
}

/// One thing that would change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A new deadline; `unsettled` when closure days would move it.
    New { title: String, due: NaiveDate, status: DeadlineStatus, unsettled: bool },
    /// A deadline whose date moves.
    Moved { title: String, from: NaiveDate, to: NaiveDate },
    /// A deadline that stays put but changes status (met, missed, tolled).
    Status { title: String, due: NaiveDate, from: DeadlineStatus, to: DeadlineStatus },
    /// A deadline the event takes away (it would be vacated).
    Gone { title: String, due: NaiveDate },
    /// The dates a court order sets (rolled past weekends and holidays).
    Ordered { title: String, dates: Vec<NaiveDate> },
    /// Where the request stands on constructive exhaustion.
    Exhaustion { from: Exhaustion, to: Exhaustion },
}

/// The id a new event gets: after every stored one, as on saving.
const DRAFT_ID: i64 = i64::MAX;

impl PreviewBasis {
    /// The calendar the server uses for this matter's agency.
    pub fn calendar(&self) -> Calendar {
        Calendar::new(FEDERAL, self.closures.clone(), false).with_agency(&self.agency)
    }

    /// What logging `draft` would change, in the order of the deadlines.
    pub fn changes(&self, cal: &Calendar, draft: &Draft) -> Vec<Change> {
        let before = derive_deadlines(&self.facts, cal, self.today);
        let mut facts = self.facts.clone();
        facts.events.push(EventFact {
            id: DRAFT_ID,
            kind: draft.kind,
            date: draft.date,
            outcome: draft.outcome.clone().filter(|o| !o.is_empty()),
            label: draft.kind.label().to_string(),
        });
        let after = derive_deadlines(&facts, cal, self.today);
        let mut out: Vec<Change> = after.iter().filter_map(|a| compare(find(&before, a), a)).collect();
        out.extend(
            before
                .iter()
                .filter(|b| find(&after, b).is_none())
                .map(|b| Change::Gone { title: b.title.clone(), due: b.due }),
        );
        if let Some(order) = &draft.order {
            out.push(Change::Ordered { title: order.title.clone(), dates: order.dates(cal) });
        }
        let (from, to) = (exhaustion(&self.facts, &before, self.today), exhaustion(&facts, &after, self.today));
        // A state that stays the same with a new date is already listed as
        // the response deadline's move.
        if std::mem::discriminant(&from) != std::mem::discriminant(&to) {
            out.push(Change::Exhaustion { from, to });
        }
        out
    }
}

/// The same deadline (rule and trigger) in `list`.
fn find<'a>(list: &'a [DerivedDeadline], d: &DerivedDeadline) -> Option<&'a DerivedDeadline> {
    list.iter().find(|x| x.rule_id == d.rule_id && x.trigger_event_id == d.trigger_event_id)
}

fn compare(before: Option<&DerivedDeadline>, after: &DerivedDeadline) -> Option<Change> {
    let title = after.title.clone();
    match before {
        None => Some(Change::New {
            title,
            due: after.due,
            status: after.status,
            unsettled: after.computation.unsettled.is_some(),
        }),
        Some(b) if b.due != after.due => Some(Change::Moved { title, from: b.due, to: after.due }),
        Some(b) if b.status != after.status => {
            Some(Change::Status { title, due: after.due, from: b.status, to: after.status })
        }
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests;
