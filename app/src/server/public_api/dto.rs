//! What the API answers: one struct per resource, with only the fields the
//! API shows (the OpenAPI schemas are generated from these). Codes are the
//! stable snake_case codes of `domain::vocab`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// A matter: a FOIA request, appeal, lawsuit or other proceeding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Matter {
    /// Stable identifier, used in URLs.
    #[schema(example = "access-now-cbp-request")]
    pub slug: String,
    #[schema(example = "foia_request")]
    pub kind: String,
    pub title: String,
    #[schema(example = "processing")]
    pub status: String,
    /// Slug of the agency.
    #[schema(example = "cbp")]
    pub agency: String,
    /// The agency's request or tracking number.
    pub tracking_number: String,
    pub court: String,
    pub docket_number: String,
    pub summary: String,
    /// The requester or plaintiff, as published on the matter page.
    pub requester: String,
    pub counsel: String,
    /// Whether the matter is published (always true without a token).
    pub public: bool,
    /// `verified`, `secondary`, `unverified` or `placeholder`: whether the facts are confirmed in a primary source.
    pub verification: String,
    pub updated_at: DateTime<Utc>,
}

/// A legal theory pleaded or considered in a matter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct TheoryClaim {
    /// Slug of the theory.
    #[schema(example = "foia")]
    pub theory: String,
    #[schema(example = "pleaded")]
    pub claim_status: String,
}

/// A link between two matters, from this matter's side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct MatterLink {
    /// `appeal_of`, `lawsuit_enforcing` or `related`; reads "from kind to".
    pub kind: String,
    /// `outgoing` (this matter is the "from") or `incoming`.
    pub direction: String,
    /// Slug of the other matter.
    pub matter: String,
}

/// One matter with its theories, provisions and the visible matters it links to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct MatterDetail {
    pub matter: Matter,
    pub theories: Vec<TheoryClaim>,
    /// Slugs of the provisions the matter cites.
    pub provisions: Vec<String>,
    pub links: Vec<MatterLink>,
}

/// Something that happened to a matter on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Event {
    pub id: i32,
    /// Slug of the matter.
    pub matter: String,
    pub date: NaiveDate,
    #[schema(example = "submitted")]
    pub kind: String,
    pub title: String,
    pub details: String,
    pub outcome: String,
    pub pages_released: i32,
    pub pages_withheld_full: i32,
    pub pages_withheld_part: i32,
    /// FOIA exemptions claimed, such as `b6`, `b7c`.
    pub exemptions: Vec<String>,
    pub public: bool,
}

/// A deadline, computed from a rule and a trigger event or entered from a court order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Deadline {
    pub id: i32,
    /// Slug of the matter.
    pub matter: String,
    pub title: String,
    pub due_date: NaiveDate,
    /// Status as of today: an open deadline whose day has passed is `missed`.
    #[schema(example = "open")]
    pub status: String,
    /// The rule it was computed by, such as `foia.response`; none for a court-ordered date.
    pub rule: Option<String>,
    /// `agency` or `us`: who owes the act.
    pub owed_by: String,
    /// Whether the date depends on an unsettled reading (the protective date is given).
    pub unsettled: bool,
    /// Where a court-ordered date comes from (the order); empty for computed ones.
    pub source: String,
    pub public: bool,
}

/// A federal agency or one of its components.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Agency {
    #[schema(example = "cbp")]
    pub slug: String,
    pub name: String,
    pub abbreviation: String,
    /// Slug of the parent agency (DHS for CBP).
    pub parent: Option<String>,
    /// The FOIA office.
    pub foia_contact: String,
    pub foia_url: String,
    /// The agency's FOIA regulations, such as `6 CFR Part 5`.
    pub regulations: String,
}

/// A legal theory: FOIA, APA, Fourth Amendment, …
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Theory {
    #[schema(example = "foia")]
    pub slug: String,
    pub name: String,
    pub short_name: String,
    pub description: String,
}

/// A statute, regulation, rule or other legal text, summarised in our own words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Provision {
    pub slug: String,
    #[schema(example = "5 U.S.C. 552(a)(6)(A)(i)")]
    pub citation: String,
    pub title: String,
    pub summary: String,
    /// The official text.
    pub url: String,
    #[schema(example = "statute")]
    pub kind: String,
    pub verification: String,
}

macro_rules! page {
    ($(#[$doc:meta])* $name:ident, $item:ty) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
        pub struct $name {
            pub data: Vec<$item>,
            /// Pass as `cursor` for the next page; null on the last page.
            pub next_cursor: Option<String>,
        }
    };
}

page!(
    /// A page of matters, by id.
    MatterPage,
    Matter
);
page!(
    /// A page of events, by id.
    EventPage,
    Event
);
page!(
    /// A page of deadlines, by id.
    DeadlinePage,
    Deadline
);
page!(
    /// A page of agencies, by id.
    AgencyPage,
    Agency
);
page!(
    /// A page of legal theories, by id.
    TheoryPage,
    Theory
);
page!(
    /// A page of provisions, by id.
    ProvisionPage,
    Provision
);
