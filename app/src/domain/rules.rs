//! The rule catalogue: each deadline rule is data (what triggers it, how many
//! days of which kind, how counting starts and ends, who owes it) tied to the
//! provisions it comes from. Counting follows REFERENCE.md's "Counting
//! conventions Docket uses".

use serde::{Deserialize, Serialize};

use super::vocab::EventKind;

/// The unit a rule counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Days that are not Saturdays, Sundays or legal public holidays
    /// (5 U.S.C. 552(a)(6)(A) "excepting Saturdays, Sundays, and legal public holidays").
    BusinessDays,
    /// Every day counts (FRCP 6(a)(1)(B)).
    CalendarDays,
    /// Same month and day, N years later.
    Years,
}

impl Unit {
    /// Plural noun for explanations.
    pub fn noun(self) -> &'static str {
        match self {
            Unit::BusinessDays => "business days",
            Unit::CalendarDays => "calendar days",
            Unit::Years => "years",
        }
    }
}

/// Where counting starts. The trigger day itself is never counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StartConvention {
    /// Day 1 is the day after the trigger (FRCP 6(a)(1)(A); for business-day
    /// rules, the first business day after the trigger).
    DayAfterTrigger,
    /// FOIA receipt: a request received on a non-business day counts as
    /// received on the next business day; day 1 is the business day after.
    DayAfterReceipt,
}

/// What happens when the last day is not a business day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndConvention {
    /// The last counted day is the due date (business-day counts always end
    /// on a business day).
    ExactDay,
    /// Roll forward to the next day that is not a Saturday, Sunday or holiday
    /// (FRCP 6(a)(1)(C) style).
    NextBusinessDay,
}

/// Who must act by the deadline; decides the protective reading of unsettled
/// days (later date if the agency owes it, earlier if we do).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Party {
    Agency,
    Us,
}

impl Party {
    /// Human label.
    pub fn label(self) -> &'static str {
        match self {
            Party::Agency => "the agency",
            Party::Us => "us",
        }
    }
}

/// Which set of rules applies: the statute, or an agency's own regulation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Catalogue {
    Statute,
    /// DHS and its components (6 CFR part 5).
    Dhs,
}

impl Catalogue {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Catalogue::Statute => "statute",
            Catalogue::Dhs => "dhs",
        }
    }
}

/// An extension of a rule's count, available only after a notice event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Extension {
    pub event: EventKind,
    pub days: u32,
    pub provisions: &'static [&'static str],
}

/// One deadline rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub id: &'static str,
    pub title: &'static str,
    pub trigger: EventKind,
    pub count: u32,
    pub unit: Unit,
    pub start: StartConvention,
    pub end: EndConvention,
    pub owed_by: Party,
    /// Provision slugs (the seed data defines provisions with these slugs).
    pub provisions: &'static [&'static str],
    /// One sentence, in our own words.
    pub summary: &'static str,
    /// Whether information and fee requests toll it (5 U.S.C. 552(a)(6)(A)(ii)(I)-(II)).
    pub tollable: bool,
    pub extension: Option<Extension>,
    pub catalogue: Catalogue,
}

impl Rule {
    /// Human citations of the rule's provisions, in order.
    pub fn citations(&self) -> Vec<&'static str> {
        self.provisions.iter().map(|s| citation(s).unwrap_or(s)).collect()
    }

    /// Whether the rule is counted under the court rules (FRCP 6(a) or
    /// FRAP 26(a)), where a day the President declares a holiday is a legal
    /// holiday (FRCP 6(a)(6)(B)).
    pub fn is_court_rule(&self) -> bool {
        self.provisions.iter().any(|p| matches!(*p, "frcp-6-a" | "frap-26-a"))
    }

    /// Whether the rule yields a date (constructive exhaustion is a state).
    pub fn is_state(&self) -> bool {
        self.id == "foia.constructive_exhaustion"
    }
}

/// Provision slugs and their human citations.
const CITATIONS: &[(&str, &str)] = &[
    ("usc-5-552-a-6-a-i", "5 U.S.C. 552(a)(6)(A)(i)"),
    ("usc-5-552-a-6-a-ii", "5 U.S.C. 552(a)(6)(A)(ii)"),
    ("usc-5-552-a-6-b", "5 U.S.C. 552(a)(6)(B)"),
    ("usc-5-552-a-6-c-i", "5 U.S.C. 552(a)(6)(C)(i)"),
    ("usc-5-552-a-6-e", "5 U.S.C. 552(a)(6)(E)"),
    ("usc-5-552-a-4-c", "5 U.S.C. 552(a)(4)(C)"),
    ("cfr-6-5-5", "6 CFR 5.5"),
    ("cfr-6-5-8", "6 CFR 5.8"),
    ("frcp-6-a", "Fed. R. Civ. P. 6(a)"),
    ("frap-4-a-1-b", "Fed. R. App. P. 4(a)(1)(B)"),
    ("usc-28-2107-b", "28 U.S.C. 2107(b)"),
    ("frap-26-a", "Fed. R. App. P. 26(a)"),
    ("usc-28-2401-a", "28 U.S.C. 2401(a)"),
    ("usc-5-6103", "5 U.S.C. 6103"),
];

/// The human citation of a provision slug.
pub fn citation(slug: &str) -> Option<&'static str> {
    CITATIONS.iter().find(|(s, _)| *s == slug).map(|(_, c)| *c)
}

/// The unusual-circumstances extension: written notice, at most 10 more
/// working days (5 U.S.C. 552(a)(6)(B)(i)).
const UNUSUAL_CIRCUMSTANCES: Extension =
    Extension { event: EventKind::ExtensionNotice, days: 10, provisions: &["usc-5-552-a-6-b"] };

const FOIA_RESPONSE: Rule = Rule {
    id: "foia.response",
    title: "Agency determination on the request",
    trigger: EventKind::Received,
    count: 20,
    unit: Unit::BusinessDays,
    start: StartConvention::DayAfterReceipt,
    end: EndConvention::ExactDay,
    owed_by: Party::Agency,
    provisions: &["usc-5-552-a-6-a-i", "usc-5-552-a-6-a-ii", "usc-5-6103"],
    summary: "The agency must decide whether it will comply within 20 business days after \
              the responsible component receives the request.",
    tollable: true,
    extension: Some(UNUSUAL_CIRCUMSTANCES),
    catalogue: Catalogue::Statute,
};

const EXPEDITE: Rule = Rule {
    id: "foia.expedite_decision",
    title: "Decision on expedited processing",
    trigger: EventKind::ExpediteRequested,
    count: 10,
    unit: Unit::CalendarDays,
    start: StartConvention::DayAfterTrigger,
    end: EndConvention::NextBusinessDay,
    owed_by: Party::Agency,
    provisions: &["usc-5-552-a-6-e", "usc-5-6103"],
    summary: "The agency must decide whether to expedite, and tell the requester, within 10 \
              days of the request; Docket counts calendar days, as agency rules commonly do.",
    tollable: false,
    extension: None,
    catalogue: Catalogue::Statute,
};

const APPEAL_WINDOW: Rule = Rule {
    id: "foia.appeal_window",
    title: "Last day to file an administrative appeal",
    trigger: EventKind::Determination,
    count: 90,
    unit: Unit::CalendarDays,
    start: StartConvention::DayAfterTrigger,
    end: EndConvention::NextBusinessDay,
    owed_by: Party::Us,
    provisions: &["usc-5-552-a-6-a-i", "usc-5-6103"],
    summary: "An adverse determination must leave the requester at least 90 days to appeal; \
              this is the statutory floor.",
    tollable: false,
    extension: None,
    catalogue: Catalogue::Statute,
};

const APPEAL_RESPONSE: Rule = Rule {
    id: "foia.appeal_response",
    title: "Agency decision on the appeal",
    trigger: EventKind::AppealReceived,
    count: 20,
    unit: Unit::BusinessDays,
    start: StartConvention::DayAfterReceipt,
    end: EndConvention::ExactDay,
    owed_by: Party::Agency,
    provisions: &["usc-5-552-a-6-a-ii", "usc-5-6103"],
    summary: "The agency must decide an administrative appeal within 20 business days after \
              it receives it.",
    tollable: false,
    extension: Some(UNUSUAL_CIRCUMSTANCES),
    catalogue: Catalogue::Statute,
};

const EXHAUSTION: Rule = Rule {
    id: "foia.constructive_exhaustion",
    title: "Constructive exhaustion (may sue now)",
    trigger: EventKind::Received,
    count: 0,
    unit: Unit::CalendarDays,
    start: StartConvention::DayAfterTrigger,
    end: EndConvention::ExactDay,
    owed_by: Party::Agency,
    provisions: &["usc-5-552-a-6-c-i"],
    summary: "When the agency misses the response or appeal time limit, the requester is \
              treated as having exhausted administrative remedies and may sue; a state, not a date.",
    tollable: false,
    extension: None,
    catalogue: Catalogue::Statute,
};

const ANSWER: Rule = Rule {
    id: "litigation.answer",
    title: "Government's answer to the FOIA complaint",
    trigger: EventKind::Service,
    count: 30,
    unit: Unit::CalendarDays,
    start: StartConvention::DayAfterTrigger,
    end: EndConvention::NextBusinessDay,
    owed_by: Party::Agency,
    provisions: &["usc-5-552-a-4-c", "frcp-6-a"],
    summary: "In a FOIA suit the government answers within 30 days after service, unless the \
              court orders otherwise; FRCP 12(a)(2)'s 60 days does not apply.",
    tollable: false,
    extension: None,
    catalogue: Catalogue::Statute,
};

const NOTICE_OF_APPEAL: Rule = Rule {
    id: "litigation.notice_of_appeal_us",
    title: "Notice of appeal (United States a party)",
    trigger: EventKind::Judgment,
    count: 60,
    unit: Unit::CalendarDays,
    start: StartConvention::DayAfterTrigger,
    end: EndConvention::NextBusinessDay,
    owed_by: Party::Us,
    provisions: &["frap-4-a-1-b", "usc-28-2107-b", "frap-26-a"],
    summary: "When the United States, an agency or an officer is a party, any party may file \
              a notice of appeal within 60 days after entry of judgment.",
    tollable: false,
    extension: None,
    catalogue: Catalogue::Statute,
};

const LIMITATIONS: Rule = Rule {
    id: "litigation.limitations",
    title: "Six-year limitation period",
    trigger: EventKind::Accrual,
    count: 6,
    unit: Unit::Years,
    start: StartConvention::DayAfterTrigger,
    end: EndConvention::NextBusinessDay,
    owed_by: Party::Us,
    provisions: &["usc-28-2401-a", "frcp-6-a"],
    summary: "A civil action against the United States must be filed within six years after \
              the claim accrues (for FOIA, at exhaustion).",
    tollable: false,
    extension: None,
    catalogue: Catalogue::Statute,
};

const COURT_ORDERED: Rule = Rule {
    id: "court.ordered",
    title: "Court-ordered deadline",
    trigger: EventKind::CourtOrder,
    count: 0,
    unit: Unit::CalendarDays,
    start: StartConvention::DayAfterTrigger,
    end: EndConvention::ExactDay,
    owed_by: Party::Us,
    provisions: &["frcp-6-a"],
    summary: "A date set by the court; the trigger is the ordered date itself.",
    tollable: false,
    extension: None,
    catalogue: Catalogue::Statute,
};

static CATALOGUE: &[Rule] = &[
    FOIA_RESPONSE,
    Rule {
        provisions: &["usc-5-552-a-6-a-i", "usc-5-552-a-6-a-ii", "cfr-6-5-5", "usc-5-6103"],
        catalogue: Catalogue::Dhs,
        ..FOIA_RESPONSE
    },
    EXPEDITE,
    APPEAL_WINDOW,
    Rule {
        unit: Unit::BusinessDays,
        end: EndConvention::ExactDay,
        provisions: &["cfr-6-5-8", "usc-5-552-a-6-a-i", "usc-5-6103"],
        summary: "DHS components accept an appeal sent within 90 working days after the date \
                  of the component's response (6 CFR 5.8(a)(1)).",
        catalogue: Catalogue::Dhs,
        ..APPEAL_WINDOW
    },
    APPEAL_RESPONSE,
    EXHAUSTION,
    ANSWER,
    NOTICE_OF_APPEAL,
    LIMITATIONS,
    COURT_ORDERED,
];

/// Every rule, statute variants and agency variants.
pub fn catalogue() -> &'static [Rule] {
    CATALOGUE
}

/// The rule `id` under `catalogue`: the agency's own variant if there is one,
/// else the statute's.
pub fn rule(id: &str, catalogue: Catalogue) -> Option<&'static Rule> {
    let find = |c: Catalogue| CATALOGUE.iter().find(|r| r.id == id && r.catalogue == c);
    find(catalogue).or_else(|| find(Catalogue::Statute))
}

/// DHS and the components that follow 6 CFR part 5 subpart A.
const DHS_COMPONENTS: &[&str] = &["DHS", "CBP", "ICE", "OBIM", "USCIS", "TSA", "FEMA", "USSS", "USCG", "CISA"];

/// Which catalogue an agency's deadlines follow (case-insensitive abbreviation).
pub fn catalogue_for_agency(abbrev: &str) -> Catalogue {
    let abbrev = abbrev.trim();
    if DHS_COMPONENTS.iter().any(|c| c.eq_ignore_ascii_case(abbrev)) { Catalogue::Dhs } else { Catalogue::Statute }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_ids_exist_and_every_slug_has_a_citation() {
        for id in [
            "foia.response",
            "foia.expedite_decision",
            "foia.appeal_window",
            "foia.appeal_response",
            "foia.constructive_exhaustion",
            "litigation.answer",
            "litigation.notice_of_appeal_us",
            "litigation.limitations",
            "court.ordered",
        ] {
            assert!(rule(id, Catalogue::Statute).is_some(), "{id}");
        }
        for r in catalogue() {
            let ext = r.extension.iter().flat_map(|e| e.provisions.iter());
            for slug in r.provisions.iter().chain(ext) {
                assert!(citation(slug).is_some(), "{} {slug}", r.id);
            }
        }
    }

    #[test]
    fn dhs_variant_first_then_statute() {
        let dhs = rule("foia.appeal_window", catalogue_for_agency("cbp")).unwrap();
        assert_eq!((dhs.unit, dhs.catalogue), (Unit::BusinessDays, Catalogue::Dhs));
        let statute = rule("foia.appeal_window", catalogue_for_agency("FBI")).unwrap();
        assert_eq!((statute.unit, statute.count), (Unit::CalendarDays, 90));
        let answer = rule("litigation.answer", Catalogue::Dhs).unwrap();
        assert_eq!(answer.catalogue, Catalogue::Statute);
        assert!(answer.is_court_rule() && !statute.is_court_rule());
        assert_eq!(rule("foia.response", Catalogue::Statute).unwrap().citations()[0], "5 U.S.C. 552(a)(6)(A)(i)");
    }
}
