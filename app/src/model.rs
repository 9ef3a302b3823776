//! Read models: what the server sends to pages. Plain serialisable data, built
//! on the server from the database (already filtered for the viewer), shared
//! with the browser.

use crate::domain::vocab::{
    ClaimStatus, DeadlineStatus, EventKind, LinkKind, MatterKind, MatterStatus, ProvisionKind, Role, Verification,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

mod documents;
mod links;
mod notify;
pub mod portfolio;
mod public;
mod search;
pub use documents::{DocumentView, MatterDocuments};
pub use links::LinkChoices;
pub use notify::{DigestItem, NotificationView};
pub use public::{AgencyScorecard, Home, LATE_MATTERS_LISTED, LatePeriod, PublicEvent, PublicHome, Scorecard};
pub use search::{Fragment, HitKind, SearchHit, SearchResults};

/// Who is looking: `None` is the public.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Viewer {
    pub user: Option<SignedIn>,
}

/// A signed-in person, as pages need to know them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedIn {
    pub username: String,
    pub name: String,
    pub role: Role,
    pub organization: String,
}

/// A short reference to an agency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyRef {
    pub slug: String,
    pub name: String,
    pub abbreviation: String,
}

/// A short reference to a provision, with the link to its official text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvisionRef {
    pub slug: String,
    pub citation: String,
    pub title: String,
    pub url: String,
    pub verification: Verification,
}

/// A short reference to a matter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatterRef {
    pub slug: String,
    pub title: String,
    pub kind: MatterKind,
    pub status: MatterStatus,
}

/// One deadline in a list (dashboard, agency page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineBrief {
    pub id: i32,
    pub matter: MatterRef,
    pub title: String,
    pub due: NaiveDate,
    pub status: DeadlineStatus,
    pub rule_id: Option<String>,
    pub owed_by_agency: bool,
    pub unsettled: bool,
    /// Whether the answering event came in (possibly late).
    pub answered: bool,
    /// Set when this deadline makes its request constructively exhausted.
    pub may_sue_since: Option<NaiveDate>,
    /// Business days from today to the due date (negative when overdue).
    pub business_days_left: i64,
}

/// A request whose response clock ran out with no determination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaySue {
    /// The response deadline that ran out.
    pub deadline_id: i32,
    pub matter: MatterRef,
    pub agency: AgencyRef,
    pub since: NaiveDate,
    pub rule_id: String,
}

/// A count under a label, linking to the filtered list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    pub code: String,
    pub label: String,
    pub count: u64,
}

/// The dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    pub today: NaiveDate,
    pub total_matters: u64,
    pub by_kind: Vec<Count>,
    pub by_status: Vec<Count>,
    /// The coming deadlines, earliest first: at most
    /// `DASHBOARD_LIST_MAX` of `upcoming_total`.
    pub upcoming: Vec<DeadlineBrief>,
    pub upcoming_total: u64,
    /// The overdue deadlines, most recently due first: at most
    /// `DASHBOARD_LIST_MAX` of `overdue_total`.
    pub overdue: Vec<DeadlineBrief>,
    pub overdue_total: u64,
    /// The matters that may go to court today: at most `DASHBOARD_LIST_MAX`
    /// of `may_sue_total`, longest waiting first.
    pub may_sue: Vec<MaySue>,
    pub may_sue_total: u64,
    /// Drafts the viewer should act on: to review (attorneys, admins) or
    /// waiting or returned (a student's own).
    pub drafts: u64,
}

/// Filters of the matters list (all optional; empty strings mean "any").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct MatterFilter {
    pub kind: String,
    pub status: String,
    pub agency: String,
    pub theory: String,
    /// "yes", "no" or "" (any).
    pub public: String,
    pub q: String,
    /// The page of the list, from 1 (0 reads as 1). Exports ignore it.
    #[serde(default)]
    pub page: u32,
}

/// One row of the matters list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatterRow {
    pub matter: MatterRef,
    pub agency: AgencyRef,
    pub public: bool,
    pub number: String,
    pub next_deadline: Option<(NaiveDate, String)>,
    pub may_sue_since: Option<NaiveDate>,
}

/// A choice in a filter select.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// The matters list and the choices for its filters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatterList {
    pub rows: Vec<MatterRow>,
    /// How many matters match the filters, on every page.
    pub total: u64,
    /// The page shown (from 1) and how many rows a page holds.
    pub page: u32,
    pub per_page: u32,
    pub agencies: Vec<Choice>,
    pub theories: Vec<Choice>,
}

/// A linked matter as seen from the matter page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkView {
    pub kind: LinkKind,
    /// True when this matter is the link's origin ("this is an appeal of X").
    pub outgoing: bool,
    pub other: MatterRef,
}

/// A legal theory relied on in a matter, with the claim's status there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TheoryClaim {
    pub slug: String,
    pub name: String,
    pub claim_status: ClaimStatus,
    pub note: String,
}

/// One event on a matter's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventView {
    pub id: i32,
    pub date: NaiveDate,
    pub kind: EventKind,
    pub title: String,
    pub details: String,
    pub outcome: String,
    pub pages_released: i32,
    pub exemptions: Vec<String>,
    pub verification: Verification,
    pub public: bool,
    pub pages_withheld_full: i32,
    pub pages_withheld_part: i32,
    /// Deleted, and shown only to those who may restore it.
    pub deleted: bool,
}

/// One deadline on a matter page, with why it falls where it does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineView {
    pub id: i32,
    pub title: String,
    pub due: NaiveDate,
    pub status: DeadlineStatus,
    pub rule_id: Option<String>,
    pub owed_by_agency: bool,
    pub unsettled: bool,
    pub explanation: Vec<String>,
    pub provisions: Vec<ProvisionRef>,
    pub source: String,
    pub verification: Verification,
    /// Earlier due dates, newest first: "was X, now Y: why".
    pub history: Vec<DeadlineChange>,
    /// Business days from today, for an open deadline not yet passed.
    pub business_days: Option<i64>,
}

/// One move of a deadline's due date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineChange {
    pub old: NaiveDate,
    pub new: NaiveDate,
    pub reason: String,
    pub changed: NaiveDate,
}

/// A note on a matter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteView {
    pub privileged: bool,
    pub author: String,
    pub body: String,
    pub created: NaiveDate,
}

/// Constructive exhaustion of a request (5 U.S.C. 552(a)(6)(C)(i)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExhaustionView {
    NotApplicable,
    Answered,
    NotYet { response_due: NaiveDate },
    MaySueNow { since: NaiveDate },
}

/// Everything on a matter page the viewer may see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatterDetail {
    pub matter: MatterRef,
    pub agency: AgencyRef,
    pub public: bool,
    pub tracking_number: String,
    pub court: String,
    pub docket_number: String,
    pub summary: String,
    pub counsel: String,
    pub requester: String,
    pub verification: Verification,
    pub verification_note: String,
    pub assigned: Vec<String>,
    pub links: Vec<LinkView>,
    pub theories: Vec<TheoryClaim>,
    pub provisions: Vec<ProvisionRef>,
    pub events: Vec<EventView>,
    pub deadlines: Vec<DeadlineView>,
    pub notes: Vec<NoteView>,
    pub exhaustion: ExhaustionView,
    pub version: i32,
    /// What the viewer may do here.
    pub can_edit: bool,
    pub can_supervise: bool,
    /// `approved`, `draft` (awaiting an attorney) or `returned` (with a comment).
    pub review_state: String,
    pub review_comment: String,
    /// Provisions Docket has pages for (citations in text link to them).
    pub provision_slugs: Vec<String>,
    /// For those who may edit: what the matter can be linked to.
    pub link_choices: Option<LinkChoices>,
    /// For those who may edit: what the event form previews due dates from.
    pub preview: Option<crate::domain::preview::PreviewBasis>,
}

/// A provision page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvisionDetail {
    pub provision: ProvisionRef,
    /// Provisions Docket has pages for (citations in text link to them).
    pub provision_slugs: Vec<String>,
    pub kind: ProvisionKind,
    pub summary: String,
    pub source_note: String,
    pub theories: Vec<(String, String)>,
    pub rules: Vec<String>,
    pub matters: Vec<MatterRef>,
}

/// A legal theory in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TheoryRow {
    pub slug: String,
    pub name: String,
    pub short_name: String,
    pub description: String,
    pub matter_count: u64,
}

/// A legal theory page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TheoryDetail {
    pub theory: TheoryRow,
    pub provisions: Vec<ProvisionRef>,
    pub matters: Vec<(MatterRef, ClaimStatus)>,
}

/// An agency in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyRow {
    pub agency: AgencyRef,
    pub parent: Option<AgencyRef>,
    pub matter_count: u64,
    pub overdue: u64,
}

/// An agency page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyDetail {
    /// Its counts take in its components' matters, as the page's lists,
    /// scorecard, exports and link to the matters list do.
    pub row: AgencyRow,
    pub foia_contact: String,
    pub foia_url: String,
    pub regulations: String,
    pub components: Vec<AgencyRef>,
    /// The agency's matters by title: at most `AGENCY_LIST_MAX` of
    /// `matters_total`.
    pub matters: Vec<MatterRow>,
    pub matters_total: u64,
    /// Its matters' deadlines, earliest first: at most `AGENCY_LIST_MAX` of
    /// `deadlines_total`.
    pub deadlines: Vec<DeadlineBrief>,
    pub deadlines_total: u64,
}

/// A day on the business-day calendar that is not a weekend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarDay {
    pub date: NaiveDate,
    pub name: String,
    pub source: String,
    pub verification: String,
    pub known_from: Option<NaiveDate>,
    pub scope: String,
}

/// The calendar page: holidays of two years and every closure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarView {
    pub holidays: Vec<CalendarDay>,
    pub closures: Vec<CalendarDay>,
    pub can_edit: bool,
}

/// What adding a closure changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosureAdded {
    pub date: NaiveDate,
    pub matters: usize,
    pub moved: usize,
}

/// An agency to choose in a form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyOption {
    pub slug: String,
    pub label: String,
}

/// What the matter form needs: choices, and the values to start from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatterFormData {
    pub agencies: Vec<AgencyOption>,
    /// The organisation's matters (for "appeal of" and "enforces").
    pub matters: Vec<MatterRef>,
    pub form: crate::forms::MatterForm,
    pub creating: bool,
    pub can_publish: bool,
    /// Whether what the viewer files waits for an attorney's approval.
    pub files_drafts: bool,
}

/// A matter waiting for (or returned after) an attorney's review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftRow {
    pub matter: MatterRef,
    pub agency: String,
    pub filed_by: String,
    pub filed: NaiveDate,
    pub review_state: String,
    pub comment: String,
}

/// The drafts queue, and whether the viewer reviews (attorneys, admins).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftQueue {
    pub rows: Vec<DraftRow>,
    pub reviewer: bool,
}

/// One entry of a matter's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub at: String,
    pub who: String,
    pub action: String,
    pub what: String,
    pub old_value: String,
    pub new_value: String,
}

/// A matter's history page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatterHistory {
    pub matter: MatterRef,
    pub entries: Vec<HistoryEntry>,
}

/// What logging an event did, for the confirmation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventLogged {
    pub status: MatterStatus,
    pub moved: usize,
    pub created: usize,
}
