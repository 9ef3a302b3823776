//! The closed vocabularies of Docket's domain: kinds, statuses and roles.
//!
//! Each enum has a stable snake_case code (stored in the database, used in URLs
//! and seed files) and a human label. Parsing a code that is not in the list is
//! an error naming the field, never a silent default.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An unknown code for one of the vocabularies below.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: unknown value `{value}` (expected one of: {expected})")]
pub struct UnknownCode {
    pub field: &'static str,
    pub value: String,
    pub expected: String,
}

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $field:literal { $($variant:ident => ($code:literal, $label:literal)),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code stored in the database and used in URLs.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The label shown to people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Parses a stable code.
            ///
            /// # Errors
            /// [`UnknownCode`] naming the field when the code is not in the list.
            pub fn parse(code: &str) -> Result<Self, UnknownCode> {
                match code.trim() {
                    $($code => Ok($name::$variant),)+
                    other => Err(UnknownCode {
                        field: $field,
                        value: other.to_string(),
                        expected: [$($code),+].join(", "),
                    }),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

vocabulary!(
    /// What a matter is.
    MatterKind, "kind" {
        FoiaRequest => ("foia_request", "FOIA request"),
        Appeal => ("appeal", "Administrative appeal"),
        Lawsuit => ("lawsuit", "Lawsuit"),
        Other => ("other", "Other proceeding"),
    }
);

vocabulary!(
    /// Where a matter stands.
    MatterStatus, "status" {
        Draft => ("draft", "Draft"),
        Submitted => ("submitted", "Submitted"),
        Acknowledged => ("acknowledged", "Acknowledged"),
        Processing => ("processing", "Processing"),
        PartiallyGranted => ("partially_granted", "Partially granted"),
        Granted => ("granted", "Granted"),
        Denied => ("denied", "Denied"),
        NoRecords => ("no_records", "No records"),
        Appealed => ("appealed", "Appealed"),
        InLitigation => ("in_litigation", "In litigation"),
        Pending => ("pending", "Pending"),
        Settled => ("settled", "Settled"),
        Decided => ("decided", "Decided"),
        Closed => ("closed", "Closed"),
    }
);

impl MatterStatus {
    /// Whether the matter still needs work (its deadlines are live).
    pub fn is_open(self) -> bool {
        !matches!(self, MatterStatus::Settled | MatterStatus::Closed | MatterStatus::Decided)
    }

    /// The codes of the open statuses, for filtering matters in the database.
    pub fn open_codes() -> Vec<&'static str> {
        MatterStatus::ALL.iter().filter(|s| s.is_open()).map(|s| s.code()).collect()
    }
}

vocabulary!(
    /// Something that happened to a matter on a date. Events are the timeline
    /// and the triggers of deadlines.
    EventKind, "event kind" {
        Submitted => ("submitted", "Request sent"),
        Received => ("received", "Received by the agency"),
        Acknowledged => ("acknowledged", "Acknowledged by the agency"),
        ExpediteRequested => ("expedite_requested", "Expedited processing requested"),
        ExpediteDecided => ("expedite_decided", "Expedited processing decided"),
        InfoRequested => ("info_requested", "Agency asked for information (tolls)"),
        InfoAnswered => ("info_answered", "Our answer to the information request received"),
        FeeRequested => ("fee_requested", "Agency asked about fees (tolls)"),
        FeeAnswered => ("fee_answered", "Our answer on fees received"),
        ExtensionNotice => ("extension_notice", "Unusual-circumstances extension notice"),
        Determination => ("determination", "Determination"),
        Production => ("production", "Production of records"),
        AppealFiled => ("appeal_filed", "Appeal filed"),
        AppealReceived => ("appeal_received", "Appeal received by the agency"),
        AppealDecided => ("appeal_decided", "Appeal decided"),
        ComplaintFiled => ("complaint_filed", "Complaint filed"),
        Service => ("service", "Served on the U.S. Attorney"),
        AnswerFiled => ("answer_filed", "Answer filed"),
        CourtOrder => ("court_order", "Court order"),
        Judgment => ("judgment", "Judgment entered"),
        NoticeOfAppeal => ("notice_of_appeal", "Notice of appeal filed"),
        Accrual => ("accrual", "Claim accrued (injury or exhaustion)"),
        Settlement => ("settlement", "Settlement"),
        Closed => ("closed", "Closed"),
        Other => ("other", "Other"),
    }
);

vocabulary!(
    /// How two matters relate. The link reads "from `kind` to".
    LinkKind, "link kind" {
        AppealOf => ("appeal_of", "Appeal of"),
        LawsuitEnforcing => ("lawsuit_enforcing", "Lawsuit enforcing"),
        Related => ("related", "Related to"),
    }
);

vocabulary!(
    /// Where a legal theory stands in one matter.
    ClaimStatus, "claim status" {
        Pleaded => ("pleaded", "Pleaded"),
        Pending => ("pending", "Pending"),
        Dismissed => ("dismissed", "Dismissed"),
        Survived => ("survived", "Survived"),
        Won => ("won", "Won"),
        Lost => ("lost", "Lost"),
        Settled => ("settled", "Settled"),
        Contemplated => ("contemplated", "Contemplated"),
    }
);

vocabulary!(
    /// What sort of legal text a provision is.
    ProvisionKind, "provision kind" {
        Statute => ("statute", "Statute"),
        Regulation => ("regulation", "Regulation"),
        FederalRegister => ("federal_register", "Federal Register document"),
        CourtRule => ("court_rule", "Court rule"),
        ExecutiveOrder => ("executive_order", "Executive order"),
        Case => ("case", "Court decision"),
        Constitution => ("constitution", "Constitution"),
        Report => ("report", "Report"),
    }
);

vocabulary!(
    /// How well a fact has been checked (REFERENCE.md tags).
    Verification, "verification" {
        Verified => ("verified", "Verified in the cited source"),
        Secondary => ("secondary", "Seen only in a secondary source"),
        Unverified => ("unverified", "UNVERIFIED"),
        Placeholder => ("placeholder", "PLACEHOLDER (invented for the demo)"),
    }
);

vocabulary!(
    /// A signed-in person's role. Anonymous visitors are the public.
    Role, "role" {
        Admin => ("admin", "Admin"),
        Attorney => ("attorney", "Attorney"),
        Student => ("student", "Student"),
    }
);

vocabulary!(
    /// Where a deadline stands.
    DeadlineStatus, "deadline status" {
        Open => ("open", "Open"),
        Met => ("met", "Met"),
        Missed => ("missed", "Missed"),
        Tolled => ("tolled", "Tolled"),
        Vacated => ("vacated", "Vacated"),
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_for_every_vocabulary() {
        for k in MatterKind::ALL {
            assert_eq!(MatterKind::parse(k.code()), Ok(*k));
        }
        for s in MatterStatus::ALL {
            assert_eq!(MatterStatus::parse(s.code()), Ok(*s));
        }
        for e in EventKind::ALL {
            assert_eq!(EventKind::parse(e.code()), Ok(*e));
        }
        for r in Role::ALL {
            assert_eq!(Role::parse(r.code()), Ok(*r));
        }
    }

    #[test]
    fn unknown_code_names_the_field_and_the_choices() {
        let err = MatterKind::parse("subpoena").unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("kind: unknown value `subpoena`"), "{text}");
        assert!(text.contains("foia_request"), "{text}");
    }

    #[test]
    fn serde_uses_the_codes() {
        let json = serde_json::to_string(&EventKind::ExtensionNotice).unwrap();
        assert_eq!(json, "\"extension_notice\"");
    }
}
