//! The fields a column of an imported file can hold.

use serde::{Deserialize, Serialize};

/// What a column can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    TrackingNumber,
    ReceivedDate,
    SentDate,
    Requester,
    RequesterOrganization,
    Summary,
    Title,
    Component,
    Agency,
    ClosedDate,
    Disposition,
    Track,
    Kind,
    Status,
    Court,
    DocketNumber,
    FiledDate,
    ServedDate,
    /// A column the mapping names only to leave it out (no warning).
    Ignore,
    // The fields of Docket's own events and deadlines exports (the
    // `events` and `deadlines` mappings); the mapping editor does not
    // offer them.
    #[serde(rename = "date")]
    EventDate,
    EventKind,
    Details,
    Outcome,
    PagesReleased,
    PagesWithheldFull,
    PagesWithheldPart,
    Exemptions,
    Public,
    Verification,
    DueDate,
    DeadlineStatus,
    Source,
    Rule,
}

impl Field {
    /// Whether the column holds dates.
    pub fn is_date(self) -> bool {
        matches!(
            self,
            Field::ReceivedDate
                | Field::SentDate
                | Field::ClosedDate
                | Field::FiledDate
                | Field::ServedDate
                | Field::EventDate
                | Field::DueDate
        )
    }

    /// The stable code, as in a stored mapping.
    pub fn code(self) -> String {
        serde_json::to_value(self).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
    }

    /// The field whose code is `code`.
    pub fn parse(code: &str) -> Option<Field> {
        serde_json::from_value(serde_json::Value::String(code.to_string())).ok()
    }

    /// Every field a column of a FOIA log or matters file can be mapped
    /// to, in the order the mapping editor offers them (`Ignore` last).
    pub const ALL: [Field; 19] = [
        Field::TrackingNumber,
        Field::ReceivedDate,
        Field::SentDate,
        Field::Requester,
        Field::RequesterOrganization,
        Field::Summary,
        Field::Title,
        Field::Component,
        Field::Agency,
        Field::ClosedDate,
        Field::Disposition,
        Field::Track,
        Field::Kind,
        Field::Status,
        Field::Court,
        Field::DocketNumber,
        Field::FiledDate,
        Field::ServedDate,
        Field::Ignore,
    ];

    /// The fields of events and court-ordered deadlines (with the matter's
    /// agency, tracking or docket number and title from [`Field::ALL`]).
    pub const TIMELINE: [Field; 14] = [
        Field::EventDate,
        Field::EventKind,
        Field::Details,
        Field::Outcome,
        Field::PagesReleased,
        Field::PagesWithheldFull,
        Field::PagesWithheldPart,
        Field::Exemptions,
        Field::Public,
        Field::Verification,
        Field::DueDate,
        Field::DeadlineStatus,
        Field::Source,
        Field::Rule,
    ];

    /// The fields the mapping editor offers, by what rows they belong to:
    /// matters (FOIA logs, matters files), then events and deadlines.
    /// `Ignore` is offered on its own, last.
    pub fn groups() -> [(&'static str, Vec<Field>); 2] {
        [
            ("Matter (FOIA log or matters file)", Field::ALL.into_iter().filter(|f| *f != Field::Ignore).collect()),
            ("Event or deadline (events or deadlines file)", Field::TIMELINE.to_vec()),
        ]
    }

    /// What the field holds, in words.
    pub fn label(self) -> &'static str {
        match self {
            Field::TrackingNumber => "Tracking (request) number",
            Field::ReceivedDate => "Date received by the agency",
            Field::SentDate => "Date sent (submitted)",
            Field::Requester => "Requester name",
            Field::RequesterOrganization => "Requester organization",
            Field::Summary => "Subject / description",
            Field::Title => "Title",
            Field::Component => "Component / office",
            Field::Agency => "Agency",
            Field::ClosedDate => "Date closed",
            Field::Disposition => "Disposition",
            Field::Track => "Processing track",
            Field::Kind => "Matter kind",
            Field::Status => "Matter status",
            Field::Court => "Court",
            Field::DocketNumber => "Docket number",
            Field::FiledDate => "Date filed",
            Field::ServedDate => "Date served",
            Field::Ignore => "Not imported",
            Field::EventDate => "Date of the event",
            Field::EventKind => "Event kind",
            Field::Details => "Details",
            Field::Outcome => "Outcome",
            Field::PagesReleased => "Pages released",
            Field::PagesWithheldFull => "Pages withheld in full",
            Field::PagesWithheldPart => "Pages withheld in part",
            Field::Exemptions => "Exemptions claimed",
            Field::Public => "Public",
            Field::Verification => "Verification",
            Field::DueDate => "Due date",
            Field::DeadlineStatus => "Deadline status",
            Field::Source => "Source (the order that sets it)",
            Field::Rule => "Rule",
        }
    }
}
