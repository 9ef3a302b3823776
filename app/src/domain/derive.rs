//! From a matter's events to its deadlines: which event triggers which rule,
//! which events toll or extend it, which event meets it, and where the matter
//! stands on constructive exhaustion. The server stores what this returns.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::calendar::{Calendar, Reading};
use super::engine::{Computation, Input, Toll, TollKind, compute, due_date};
use super::rules::{Catalogue, Party, rule};
use super::vocab::{DeadlineStatus, EventKind, MatterKind};

/// One event of a matter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventFact {
    pub id: i64,
    pub kind: EventKind,
    pub date: NaiveDate,
    /// For determinations and appeal decisions: `granted`,
    /// `partially_granted`, `denied` or `no_records`.
    pub outcome: Option<String>,
    pub label: String,
}

/// What the engine needs to know about a matter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatterFacts {
    pub kind: MatterKind,
    pub catalogue: Catalogue,
    pub events: Vec<EventFact>,
}

/// A deadline derived from a matter's events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DerivedDeadline {
    pub rule_id: &'static str,
    pub title: String,
    pub trigger_event_id: i64,
    pub due: NaiveDate,
    pub status: DeadlineStatus,
    pub met_by_event_id: Option<i64>,
    pub computation: Computation,
    pub owed_by: Party,
}

/// Where a FOIA request (or appeal) stands under 5 U.S.C. 552(a)(6)(C)(i).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Exhaustion {
    /// Not a FOIA request or appeal, or no response clock is running.
    NotApplicable,
    /// The response is not yet due (or the clock is tolled).
    NotYet { response_due: NaiveDate },
    /// The time limit passed with no determination: the requester is deemed
    /// to have exhausted administrative remedies and may sue.
    MaySueNow { since: NaiveDate, rule_id: &'static str },
    /// The agency made its determination.
    Answered,
}

/// Which event triggers which rule and which event meets it.
struct Mapping {
    rule_id: &'static str,
    trigger: EventKind,
    met_by: EventKind,
}

const MAPPINGS: &[Mapping] = &[
    Mapping {
        rule_id: "foia.expedite_decision",
        trigger: EventKind::ExpediteRequested,
        met_by: EventKind::ExpediteDecided,
    },
    Mapping { rule_id: "foia.appeal_window", trigger: EventKind::Determination, met_by: EventKind::AppealFiled },
    Mapping { rule_id: "litigation.answer", trigger: EventKind::Service, met_by: EventKind::AnswerFiled },
    Mapping {
        rule_id: "litigation.notice_of_appeal_us",
        trigger: EventKind::Judgment,
        met_by: EventKind::NoticeOfAppeal,
    },
    Mapping { rule_id: "litigation.limitations", trigger: EventKind::Accrual, met_by: EventKind::ComplaintFiled },
];

/// Outcomes that are adverse determinations (so an appeal window opens).
const ADVERSE: &[&str] = &["denied", "partially_granted", "no_records"];

fn sorted(events: &[EventFact]) -> Vec<&EventFact> {
    let mut v: Vec<&EventFact> = events.iter().collect();
    v.sort_by_key(|e| (e.date, e.id));
    v
}

fn first_on_or_after<'a>(events: &[&'a EventFact], kind: EventKind, from: NaiveDate) -> Option<&'a EventFact> {
    events.iter().copied().find(|e| e.kind == kind && e.date >= from)
}

fn status(due: NaiveDate, met: Option<&EventFact>, tolled: bool, today: NaiveDate) -> DeadlineStatus {
    match met {
        Some(e) if e.date <= due => DeadlineStatus::Met,
        Some(_) => DeadlineStatus::Missed,
        None if tolled => DeadlineStatus::Tolled,
        None if due < today => DeadlineStatus::Missed,
        None => DeadlineStatus::Open,
    }
}

/// Every deadline the matter's events call for, in trigger order.
pub fn derive_deadlines(facts: &MatterFacts, cal: &Calendar, today: NaiveDate) -> Vec<DerivedDeadline> {
    let events = sorted(&facts.events);
    let ctx = Ctx { cat: facts.catalogue, cal, today };
    let mut out = Vec::new();
    out.extend(response(facts, &events, cal, today));
    out.extend(appeal_response(facts, &events, cal, today));
    for m in MAPPINGS {
        let triggers = events.iter().filter(|e| e.kind == m.trigger);
        for t in triggers.filter(|e| m.trigger != EventKind::Determination || is_adverse(e)) {
            let met = first_on_or_after(&events, m.met_by, t.date);
            out.extend(build(&ctx, m.rule_id, t, Input::new(t.date), met, false));
        }
    }
    out.sort_by_key(|d| (d.computation.explanation.trigger, d.trigger_event_id));
    out
}

fn is_adverse(e: &EventFact) -> bool {
    e.outcome.as_deref().is_some_and(|o| ADVERSE.contains(&o.trim()))
}

/// What every deadline of one matter is computed against.
struct Ctx<'a> {
    cat: Catalogue,
    cal: &'a Calendar,
    today: NaiveDate,
}

fn build(
    ctx: &Ctx,
    rule_id: &'static str,
    trigger: &EventFact,
    input: Input,
    met: Option<&EventFact>,
    open_toll: bool,
) -> Option<DerivedDeadline> {
    let r = rule(rule_id, ctx.cat)?;
    let mut computation = compute(r, &input, ctx.cal).ok()?;
    if !trigger.label.trim().is_empty() {
        computation.explanation.trigger_label = trigger.label.clone();
    }
    let due = computation.due;
    Some(DerivedDeadline {
        rule_id: r.id,
        title: r.title.to_string(),
        trigger_event_id: trigger.id,
        due,
        status: status(due, met, open_toll, ctx.today),
        met_by_event_id: met.map(|e| e.id),
        computation,
        owed_by: r.owed_by,
    })
}

/// The agency's response clock: from receipt (or, failing that, the date the
/// request was sent), tolled by information and fee requests, extended by a
/// written notice, met by a determination.
fn response(facts: &MatterFacts, events: &[&EventFact], cal: &Calendar, today: NaiveDate) -> Option<DerivedDeadline> {
    let received = events.iter().copied().find(|e| e.kind == EventKind::Received);
    let (trigger, fallback) = match received {
        Some(e) => (e, false),
        None if facts.kind == MatterKind::FoiaRequest => {
            (events.iter().copied().find(|e| e.kind == EventKind::Submitted)?, true)
        }
        None => return None,
    };
    let appeal_start = events.iter().find(|e| e.kind == EventKind::AppealReceived).map(|e| e.date);
    let notice = events.iter().find(|e| {
        e.kind == EventKind::ExtensionNotice && e.date >= trigger.date && appeal_start.is_none_or(|a| e.date < a)
    });
    let (input, open, ignored) =
        tolled_input(facts.catalogue, trigger.date, notice.map(|e| e.date), events, cal, today);
    let met = first_on_or_after(events, EventKind::Determination, trigger.date);
    let mut d =
        build(&Ctx { cat: facts.catalogue, cal, today }, "foia.response", trigger, input, met, open && met.is_none())?;
    if fallback {
        d.computation.explanation.notes.push(format!(
            "No receipt date is recorded, so the date the request was sent ({}) stands in for \
             it; the clock starts when the right component receives the request, and no later \
             than 10 days after a designated component does (5 U.S.C. 552(a)(6)(A)(ii)).",
            trigger.date
        ));
    }
    d.computation.warnings.extend(ignored);
    Some(d)
}

/// A request that stops the response clock, and the answer that restarts it.
struct Pair {
    toll: Toll,
    ask: i64,
    reply: Option<i64>,
}

/// Pairs each request with the next answer; an unanswered request tolls
/// through `today` (the clock is stopped, so the due date is provisional).
fn pairs(
    events: &[&EventFact],
    ask: EventKind,
    answer: EventKind,
    kind: TollKind,
    from: NaiveDate,
    today: NaiveDate,
) -> Vec<Pair> {
    let mut used = Vec::new();
    let mut out = Vec::new();
    for e in events.iter().filter(|e| e.kind == ask && e.date >= from) {
        let reply = events.iter().find(|a| a.kind == answer && a.date >= e.date && !used.contains(&a.id));
        if let Some(a) = reply {
            used.push(a.id);
        }
        let end = reply.map_or(today.max(e.date), |a| a.date);
        let label = if e.label.trim().is_empty() { e.kind.label().to_string() } else { e.label.clone() };
        out.push(Pair { toll: Toll { start: e.date, end, kind, label }, ask: e.id, reply: reply.map(|a| a.id) });
    }
    out
}

fn all_pairs(events: &[&EventFact], from: NaiveDate, today: NaiveDate) -> Vec<Pair> {
    let mut all = pairs(events, EventKind::InfoRequested, EventKind::InfoAnswered, TollKind::Information, from, today);
    all.extend(pairs(events, EventKind::FeeRequested, EventKind::FeeAnswered, TollKind::Fee, from, today));
    all.sort_by_key(|p| p.toll.start);
    all
}

/// A span in which a request for information or about fees stopped the
/// response clock, as the timeline draws it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TolledSpan {
    pub kind: TollKind,
    pub start: NaiveDate,
    /// The day the answer came in; `None` while the clock is still stopped.
    pub end: Option<NaiveDate>,
    pub ask_event_id: i64,
    pub answer_event_id: Option<i64>,
}

/// The tolled spans among `events`, paired as the engine pairs them.
pub fn tolled_spans(events: &[EventFact]) -> Vec<TolledSpan> {
    all_pairs(&sorted(events), NaiveDate::MIN, NaiveDate::MIN)
        .into_iter()
        .map(|p| TolledSpan {
            kind: p.toll.kind,
            start: p.toll.start,
            end: p.reply.map(|_| p.toll.end),
            ask_event_id: p.ask,
            answer_event_id: p.reply,
        })
        .collect()
}

/// The response input with the tolls that started while the clock ran (a
/// request made after the deadline cannot toll it); returns whether an
/// unanswered request still tolls, and warnings for ignored requests.
fn tolled_input(
    cat: Catalogue,
    trigger: NaiveDate,
    extension: Option<NaiveDate>,
    events: &[&EventFact],
    cal: &Calendar,
    today: NaiveDate,
) -> (Input, bool, Vec<String>) {
    let r = rule("foia.response", cat).expect("foia.response exists");
    let mut input = Input { trigger, extension, tolls: Vec::new() };
    let (mut open, mut ignored) = (false, Vec::new());
    for Pair { toll, reply, .. } in all_pairs(events, trigger, today) {
        let unanswered = reply.is_none();
        match due_date(r, &input, cal) {
            Ok(due) if toll.start > due => ignored.push(format!(
                "{} on {} came after the response was due ({due}) and does not toll it.",
                toll.label, toll.start
            )),
            _ => {
                open |= unanswered;
                input.tolls.push(toll);
            }
        }
    }
    (input, open, ignored)
}

/// The appeal-decision clock: from receipt of the appeal (or its filing when
/// no receipt is recorded), met by the appeal decision.
fn appeal_response(
    facts: &MatterFacts,
    events: &[&EventFact],
    cal: &Calendar,
    today: NaiveDate,
) -> Option<DerivedDeadline> {
    let trigger = events
        .iter()
        .copied()
        .find(|e| e.kind == EventKind::AppealReceived)
        .or_else(|| events.iter().copied().find(|e| e.kind == EventKind::AppealFiled))?;
    let notice = events.iter().find(|e| e.kind == EventKind::ExtensionNotice && e.date >= trigger.date);
    let input = Input { extension: notice.map(|e| e.date), ..Input::new(trigger.date) };
    let met = first_on_or_after(events, EventKind::AppealDecided, trigger.date);
    let mut d = build(&Ctx { cat: facts.catalogue, cal, today }, "foia.appeal_response", trigger, input, met, false)?;
    if trigger.kind == EventKind::AppealFiled {
        d.computation.explanation.notes.push(format!(
            "No receipt of the appeal is recorded, so its filing date ({}) stands in for it.",
            trigger.date
        ));
    }
    Some(d)
}

/// Where the matter stands on constructive exhaustion (5 U.S.C.
/// 552(a)(6)(C)(i)): the latest stage (appeal, else request) decides.
pub fn exhaustion(facts: &MatterFacts, derived: &[DerivedDeadline], today: NaiveDate) -> Exhaustion {
    if matches!(facts.kind, MatterKind::Lawsuit | MatterKind::Other) {
        return Exhaustion::NotApplicable;
    }
    let stage = derived
        .iter()
        .find(|d| d.rule_id == "foia.appeal_response")
        .or_else(|| derived.iter().find(|d| d.rule_id == "foia.response"));
    match stage {
        None => Exhaustion::NotApplicable,
        Some(d) if d.met_by_event_id.is_some() => Exhaustion::Answered,
        Some(d) if d.status != DeadlineStatus::Tolled && d.due < today => {
            Exhaustion::MaySueNow { since: d.due + Duration::days(1), rule_id: d.rule_id }
        }
        Some(d) => Exhaustion::NotYet { response_due: d.due },
    }
}

/// Dates of a recurring court-ordered filing (a joint status report every
/// `every_days` days): `count` dates from `first`, each rolled forward past
/// weekends and holidays FRCP 6(a)(1)(C) style. Closure days are not skipped:
/// we owe these filings, so the earlier reading is used. Dates past the
/// calendar's range are left out.
pub fn recurring_court_dates(first: NaiveDate, every_days: u32, count: u32, cal: &Calendar) -> Vec<NaiveDate> {
    (0..count)
        .filter_map(|k| first.checked_add_signed(Duration::days(i64::from(k) * i64::from(every_days))))
        .filter_map(|d| cal.roll_forward(d, Reading::StatuteOnly))
        .collect()
}

/// A deadline a court set, once or on a schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourtOrder {
    pub title: String,
    pub first_due: NaiveDate,
    /// `(every_days, count)` for a recurring schedule (status reports).
    pub repeat: Option<(u32, u32)>,
}

impl CourtOrder {
    /// The dates the order sets: the date as ordered (a date the court
    /// names is not a period to count), or a recurring schedule's dates.
    pub fn dates(&self, cal: &Calendar) -> Vec<NaiveDate> {
        match self.repeat {
            Some((every, count)) => recurring_court_dates(self.first_due, every, count, cal),
            None => vec![self.first_due],
        }
    }
}

#[cfg(test)]
mod tests;
