//! The usual headers of each field, as published agency FOIA logs and
//! spreadsheets write them, and how a header is normalised before it is
//! compared with them.

use super::{Field, Target};

/// Usual headers of each field, normalised (see [`normalise`]).
const SYNONYMS: &[(Field, &[&str])] = &[
    (
        Field::TrackingNumber,
        &[
            "request number",
            "request id",
            "tracking number",
            "request tracking number",
            "case number",
            "control number",
            "request",
            "tracking",
            "agency tracking number",
            "reference number",
            "tracking id",
            "log number",
        ],
    ),
    (
        Field::ReceivedDate,
        &[
            "received date",
            "date received",
            "receipt date",
            "date of receipt",
            "received",
            "request received",
            "received on",
            "date request received",
            "initial receipt date",
            "request received date",
            "perfected date",
            "date perfected",
        ],
    ),
    (Field::SentDate, &["sent date", "date sent", "submitted date", "date submitted", "submitted", "request date"]),
    (
        Field::Requester,
        &[
            "requester",
            "requester name",
            "requestor",
            "requestor name",
            "name",
            "requester full name",
            "submitter",
            "submitter name",
            "full name",
        ],
    ),
    (
        Field::RequesterOrganization,
        &[
            "organization",
            "organisation",
            "requester organization",
            "requestor organization",
            "company",
            "affiliation",
            "requester affiliation",
            "organization name",
            "requester company",
            "firm",
        ],
    ),
    (
        Field::Summary,
        &[
            "subject",
            "description",
            "request description",
            "summary",
            "records requested",
            "request subject",
            "subject of request",
            "request summary",
            "records sought",
            "description of records",
            "description of request",
            "records description",
            "request text",
        ],
    ),
    (Field::Title, &["title", "matter", "matter title", "short title"]),
    (
        Field::Component,
        &[
            "component",
            "office",
            "agency component",
            "bureau",
            "sub agency",
            "subagency",
            "component name",
            "office name",
            "program office",
            "processing office",
            "department",
            "division",
        ],
    ),
    (Field::Agency, &["agency", "agency abbreviation", "agency name"]),
    (
        Field::ClosedDate,
        &[
            "closed date",
            "date closed",
            "close date",
            "closed",
            "completed date",
            "date completed",
            "completion date",
            "closure date",
            "final response date",
            "date of final response",
            "determination date",
            "response date",
            "date of determination",
        ],
    ),
    (
        Field::Disposition,
        &[
            "disposition",
            "final disposition",
            "disposition description",
            "outcome",
            "final action",
            "determination",
            "disposition type",
            "final disposition type",
            "decision",
        ],
    ),
    (Field::Track, &["track", "processing track", "queue", "track type", "complexity", "track name"]),
    (Field::Kind, &["kind", "matter kind", "type", "matter type"]),
    (Field::Status, &["status", "matter status", "request status"]),
    (Field::Court, &["court"]),
    (Field::DocketNumber, &["docket number", "docket", "civil action number", "case docket"]),
    (Field::FiledDate, &["filed date", "date filed", "complaint filed", "filed"]),
    (Field::ServedDate, &["served date", "date served", "served", "service date"]),
];

/// A header in the form the synonyms use: lowercase words, `#`/`no`/`num`
/// read as `number`, `foia` and punctuation dropped
/// (`FOIA Request No.` → `request number`).
pub fn normalise(header: &str) -> String {
    let spaced: String = header
        .to_lowercase()
        .replace('#', " number ")
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    spaced
        .split_whitespace()
        .filter(|w| !matches!(*w, "foia" | "the" | "of"))
        .map(|w| match w {
            "no" | "num" | "nbr" | "nr" => "number",
            "organisation" => "organization",
            other => other,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The field a header usually means, if Docket knows it.
pub fn recognise(header: &str) -> Option<Field> {
    let n = normalise(header);
    SYNONYMS.iter().find(|(_, names)| names.iter().any(|s| normalise(s) == n)).map(|(f, _)| *f)
}

/// A few usual headers of `field`, for messages.
pub fn examples(field: Field) -> Vec<&'static str> {
    [SYNONYMS, EVENT_HEADERS, DEADLINE_HEADERS]
        .into_iter()
        .flatten()
        .find(|(x, _)| *x == field)
        .map(|(_, s)| s.iter().take(3).copied().collect())
        .unwrap_or_default()
}

/// The headers of Docket's own events export, and a few usual others.
const EVENT_HEADERS: &[(Field, &[&str])] = &[
    (Field::Agency, &["agency"]),
    (Field::TrackingNumber, &["tracking number", "request number", "agency tracking number"]),
    (Field::DocketNumber, &["docket number", "docket"]),
    (Field::EventDate, &["date", "event date"]),
    (Field::EventKind, &["kind", "event kind", "event type", "type"]),
    (Field::Title, &["title", "event", "event title"]),
    (Field::Details, &["details", "description", "notes"]),
    (Field::Outcome, &["outcome", "disposition"]),
    (Field::PagesReleased, &["pages released"]),
    (Field::PagesWithheldFull, &["pages withheld full", "pages withheld in full"]),
    (Field::PagesWithheldPart, &["pages withheld part", "pages withheld in part"]),
    (Field::Exemptions, &["exemptions", "exemptions claimed"]),
    (Field::Public, &["public", "published"]),
    (Field::Verification, &["verification"]),
    // What the export adds for people, read from the matter itself.
    (Field::Ignore, &["id", "matter", "matter title"]),
];

/// The headers of Docket's own deadlines export. The computed columns are
/// left out: Docket derives them again.
const DEADLINE_HEADERS: &[(Field, &[&str])] = &[
    (Field::Agency, &["agency"]),
    (Field::TrackingNumber, &["tracking number", "request number", "agency tracking number"]),
    (Field::DocketNumber, &["docket number", "docket"]),
    (Field::Title, &["title", "deadline"]),
    (Field::DueDate, &["due date", "due", "date due"]),
    (Field::DeadlineStatus, &["status"]),
    (Field::Source, &["source", "order"]),
    (Field::Rule, &["rule"]),
    (Field::Public, &["public", "published"]),
    (Field::Verification, &["verification"]),
    (
        Field::Ignore,
        &[
            "id",
            "matter",
            "matter title",
            "owed by",
            "unsettled",
            "answered",
            "may sue since",
            "provisions",
            "explanation",
            "updated at",
        ],
    ),
];

/// The field a header usually means in a file whose rows become `target`.
pub fn recognise_for(target: Target, header: &str) -> Option<Field> {
    let table = match target {
        Target::FoiaLog | Target::Matters => return recognise(header),
        Target::Events => EVENT_HEADERS,
        Target::Deadlines => DEADLINE_HEADERS,
    };
    let n = normalise(header);
    table.iter().find(|(_, names)| names.iter().any(|s| normalise(s) == n)).map(|(f, _)| *f)
}
