//! From a row's cells to the matter and events it stands for: a FOIA log
//! row is a request received (and perhaps decided) by an agency; a matters
//! row is any kind of matter with its dates.

use super::{ImportRow, Reading, RowEvent, agency};
use crate::{
    domain::{
        vocab::{EventKind, MatterKind, MatterStatus},
        workflow::status_after,
    },
    server::import::{mapping::Field, table::truncate},
};
use chrono::NaiveDate;

/// What a log's disposition means for the matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Disposition {
    /// A determination with one of the outcomes the engine knows.
    Determination(&'static str),
    /// Closed without a determination (withdrawn, duplicate, referred…).
    Closed,
    /// Closed with a determination whose outcome the log does not say.
    Other,
}

/// Reads a disposition as agency logs and DOJ's annual reports word them.
pub fn disposition(text: &str) -> Disposition {
    let t = text.to_lowercase();
    let has = |w: &str| t.contains(w);
    if has("no record") || has("no responsive") {
        Disposition::Determination("no_records")
    } else if has("partial") {
        Disposition::Determination("partially_granted")
    } else if has("deni") || has("withheld in full") {
        Disposition::Determination("denied")
    } else if has("grant") || has("released in full") || has("full release") {
        Disposition::Determination("granted")
    } else if has("withdr") || has("duplicate") || has("referr") || has("improper") || has("abandon") {
        Disposition::Closed
    } else {
        Disposition::Other
    }
}

fn event(kind: EventKind, date: NaiveDate, outcome: &str, title: String) -> RowEvent {
    RowEvent { kind, date, outcome: outcome.into(), title }
}

/// The status after the events, starting from a draft; a matter closed
/// without a known outcome is closed.
fn status_of(kind: MatterKind, events: &[RowEvent], closed: bool) -> MatterStatus {
    let mut sorted: Vec<&RowEvent> = events.iter().collect();
    sorted.sort_by_key(|e| e.date);
    let s = sorted.iter().fold(MatterStatus::Draft, |s, e| status_after(kind, s, e.kind, &e.outcome));
    if closed
        && s.is_open()
        && !matches!(
            s,
            MatterStatus::Granted | MatterStatus::PartiallyGranted | MatterStatus::Denied | MatterStatus::NoRecords
        )
    {
        MatterStatus::Closed
    } else {
        s
    }
}

/// The determination or closing a closed date and disposition stand for.
fn closing(r: &mut Reading, start: Option<NaiveDate>, decided: EventKind) -> (Option<RowEvent>, bool) {
    let closed = r.date(Field::ClosedDate);
    let text = r.text(Field::Disposition, 200);
    let Some(date) = closed else {
        if !text.is_empty() && r.rules.columns.of(Field::ClosedDate).is_some_and(|i| r.record.cell(i).is_empty()) {
            let i = r.rules.columns.of(Field::Disposition).unwrap_or_default();
            r.fail(i, format!("disposition `{}` has no closed date", truncate(&text, 40)));
        }
        return (None, false);
    };
    if let Some(s) = start.filter(|s| date < *s) {
        let i = r.rules.columns.of(Field::ClosedDate).unwrap_or_default();
        r.fail(i, format!("closed on {date}, before the request was received ({s})"));
    }
    let label = if text.is_empty() { "no disposition given".to_string() } else { text.clone() };
    let ev = match disposition(&text) {
        Disposition::Determination(outcome) => event(decided, date, outcome, format!("{}: {label}", decided.label())),
        Disposition::Closed => event(EventKind::Closed, date, "", format!("Closed: {label}")),
        Disposition::Other => event(decided, date, "", format!("{} ({label})", decided.label())),
    };
    let closed_without_outcome = ev.outcome.is_empty();
    (Some(ev), closed_without_outcome)
}

fn requester(r: &mut Reading) -> String {
    let name = r.text(Field::Requester, 200);
    let org = r.text(Field::RequesterOrganization, 200);
    match (name.is_empty(), org.is_empty()) {
        (false, false) => format!("{name} ({org})"),
        (true, _) => org,
        (false, true) => name,
    }
}

/// A row of an agency FOIA log: a request received on the received date.
pub(super) fn foia_row(r: &mut Reading) -> Option<ImportRow> {
    let tracking = r.required(Field::TrackingNumber, 100);
    let received = r.date(Field::ReceivedDate);
    if received.is_none() && r.rules.columns.of(Field::ReceivedDate).is_some_and(|i| r.record.cell(i).is_empty()) {
        r.fail(r.rules.columns.of(Field::ReceivedDate).unwrap_or_default(), "`received_date` is required".into());
    }
    let sent = r.date(Field::SentDate);
    let summary = r.text(Field::Summary, 10_000);
    let title = r.text(Field::Title, 200);
    let track = r.text(Field::Track, 100);
    let requester = requester(r);
    let (closing, closed) = closing(r, received, EventKind::Determination);
    let (ag, component) = agency(r)?;
    let received = received?;
    let mut events = Vec::new();
    if let Some(d) = sent.filter(|d| *d <= received) {
        events.push(event(EventKind::Submitted, d, "", EventKind::Submitted.label().into()));
    }
    events.push(event(EventKind::Received, received, "", EventKind::Received.label().into()));
    events.extend(closing);
    let notes: Vec<String> = [("Component", &component), ("Track", &track)]
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}: {v}"))
        .collect();
    let summary = [summary.clone()].into_iter().chain(notes).filter(|s| !s.is_empty()).collect::<Vec<_>>().join("\n");
    let title_given = !title.is_empty();
    let title = if title_given {
        title
    } else if let Some(first) = summary.lines().next().filter(|l| !l.trim().is_empty()) {
        truncate(first.trim(), 120)
    } else {
        format!("{} FOIA request {tracking}", ag.abbreviation)
    };
    Some(ImportRow {
        line: r.record.line,
        kind: MatterKind::FoiaRequest,
        agency_id: ag.id,
        agency: ag.abbreviation,
        tracking_number: tracking,
        docket_number: String::new(),
        title,
        title_given,
        summary,
        requester,
        court: String::new(),
        expedited: track.to_lowercase().contains("expedit"),
        status: status_of(MatterKind::FoiaRequest, &events, closed),
        events,
    })
}

fn vocabulary<T: Copy>(
    r: &mut Reading,
    field: Field,
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Option<T> {
    let i = r.rules.columns.of(field)?;
    let value = r.record.cell(i).to_lowercase();
    if value.is_empty() {
        return None;
    }
    let found = all.iter().copied().find(|v| code(*v) == value || label(*v).to_lowercase() == value);
    if found.is_none() {
        let codes: Vec<&str> = all.iter().map(|v| code(*v)).collect();
        r.fail(
            i,
            format!("unknown {} `{}` (expected one of: {})", field.code(), truncate(&value, 40), codes.join(", ")),
        );
    }
    found
}

/// A row of Docket's own matters CSV.
pub(super) fn matter_row(r: &mut Reading) -> Option<ImportRow> {
    let kind = vocabulary(r, Field::Kind, MatterKind::ALL, MatterKind::code, MatterKind::label);
    if kind.is_none() && r.rules.columns.of(Field::Kind).is_some_and(|i| r.record.cell(i).is_empty()) {
        r.fail(r.rules.columns.of(Field::Kind).unwrap_or_default(), "`kind` is required".into());
    }
    let status = vocabulary(r, Field::Status, MatterStatus::ALL, MatterStatus::code, MatterStatus::label);
    let title = r.required(Field::Title, 200);
    let tracking = r.text(Field::TrackingNumber, 100);
    let docket = r.text(Field::DocketNumber, 100);
    let court = r.text(Field::Court, 200);
    let summary = r.text(Field::Summary, 10_000);
    let requester = requester(r);
    let appeal = kind == Some(MatterKind::Appeal);
    let (sent_kind, received_kind) = if appeal {
        (EventKind::AppealFiled, EventKind::AppealReceived)
    } else {
        (EventKind::Submitted, EventKind::Received)
    };
    let dated = [
        (sent_kind, r.date(Field::SentDate)),
        (received_kind, r.date(Field::ReceivedDate)),
        (EventKind::ComplaintFiled, r.date(Field::FiledDate)),
        (EventKind::Service, r.date(Field::ServedDate)),
    ];
    let start = dated[1].1.or(dated[0].1);
    let decided = if appeal { EventKind::AppealDecided } else { EventKind::Determination };
    let (closing, closed) = closing(r, start, decided);
    let (ag, _) = agency(r)?;
    if tracking.is_empty() && docket.is_empty() {
        r.fail_row(
            "the row needs a tracking number or a docket number, so that a later import finds the matter again".into(),
        );
    }
    let kind = kind?;
    let mut events: Vec<RowEvent> =
        dated.iter().filter_map(|(k, d)| d.map(|d| event(*k, d, "", k.label().into()))).collect();
    events.extend(closing);
    Some(ImportRow {
        line: r.record.line,
        kind,
        agency_id: ag.id,
        agency: ag.abbreviation,
        tracking_number: tracking,
        docket_number: docket,
        title,
        title_given: true,
        summary,
        requester,
        court,
        expedited: false,
        status: status.unwrap_or_else(|| status_of(kind, &events, closed)),
        events,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dispositions_read_as_outcomes() {
        for (text, want) in [
            ("Full Grant", Disposition::Determination("granted")),
            ("Granted in full", Disposition::Determination("granted")),
            ("Partial Grant/Partial Denial", Disposition::Determination("partially_granted")),
            ("Full Denial Based on Exemptions", Disposition::Determination("denied")),
            ("No Records", Disposition::Determination("no_records")),
            ("Request Withdrawn", Disposition::Closed),
            ("Duplicate Request", Disposition::Closed),
            ("Fee-Related Reason", Disposition::Other),
            ("", Disposition::Other),
        ] {
            assert_eq!(disposition(text), want, "{text}");
        }
    }
}
