//! The form that creates or edits a matter, with fields that fit its kind.

use super::{Issues, ticked};
use crate::{domain::vocab::MatterKind, error::AppError};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The fee categories of FOIA, 5 U.S.C. 552(a)(4)(A)(ii).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FeeCategory {
    Commercial,
    Educational,
    NewsMedia,
    Other,
}

impl FeeCategory {
    /// Every category, with its stable code and label.
    pub const ALL: [(FeeCategory, &'static str, &'static str); 4] = [
        (FeeCategory::NewsMedia, "news_media", "Representative of the news media"),
        (FeeCategory::Educational, "educational", "Educational or noncommercial scientific institution"),
        (FeeCategory::Other, "other", "All other requesters"),
        (FeeCategory::Commercial, "commercial", "Commercial use"),
    ];

    /// The stable code.
    pub fn code(self) -> &'static str {
        Self::ALL.iter().find(|(c, _, _)| *c == self).map_or("other", |(_, code, _)| code)
    }

    /// Parses a code; empty means not stated.
    fn parse(code: &str) -> Result<Option<Self>, ()> {
        match code.trim() {
            "" => Ok(None),
            code => Self::ALL.iter().find(|(_, c, _)| *c == code).map(|(f, _, _)| Some(*f)).ok_or(()),
        }
    }
}

/// A matter as typed into the form. `slug` is empty when creating; `version`
/// is the version the edit is based on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MatterForm {
    pub slug: String,
    pub version: i32,
    pub kind: String,
    pub title: String,
    pub agency: String,
    pub summary: String,
    pub requester: String,
    pub counsel: String,
    pub public: Option<String>,
    // A request.
    pub tracking_number: String,
    pub date_sent: String,
    pub date_received: String,
    pub fee_category: String,
    pub fee_waiver: Option<String>,
    pub expedited: Option<String>,
    // An appeal: the request it appeals.
    pub appeal_of: String,
    // A lawsuit: the request or appeal it enforces, and the court.
    pub enforces: String,
    pub court: String,
    pub docket_number: String,
    pub parties: String,
    pub judge: String,
    pub date_filed: String,
    pub date_served: String,
}

/// A checked matter form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidMatter {
    pub kind: MatterKind,
    pub title: String,
    pub agency: String,
    pub summary: String,
    pub requester: String,
    pub counsel: String,
    pub public: bool,
    pub tracking_number: String,
    pub date_sent: Option<NaiveDate>,
    pub date_received: Option<NaiveDate>,
    pub fee_category: Option<FeeCategory>,
    pub fee_waiver: bool,
    pub expedited: bool,
    pub appeal_of: Option<String>,
    pub enforces: Option<String>,
    pub court: String,
    pub docket_number: String,
    pub parties: String,
    pub judge: String,
    pub date_filed: Option<NaiveDate>,
    pub date_served: Option<NaiveDate>,
}

fn slug_ref(value: &str) -> Option<String> {
    Some(value.trim().to_string()).filter(|s| !s.is_empty())
}

impl MatterForm {
    /// Checks the form against `today`; `creating` requires the dates that
    /// start the clocks (on edit they are events of their own).
    ///
    /// # Errors
    /// `Validation` or `Fields` naming every field that needs attention.
    pub fn validate(&self, today: NaiveDate, creating: bool) -> Result<ValidMatter, AppError> {
        let mut is = Issues::default();
        let kind = MatterKind::parse(&self.kind).map_err(|e| is.add("kind", e.to_string())).ok();
        let fee_category = FeeCategory::parse(&self.fee_category)
            .map_err(|()| is.add("fee_category", "choose one of the listed fee categories"))
            .ok()
            .flatten();
        let date_sent = is.past_date("date_sent", &self.date_sent, today);
        let date_received = is.past_date("date_received", &self.date_received, today);
        if let (Some(sent), Some(received)) = (date_sent, date_received)
            && received < sent
        {
            is.add("date_received", "is before the date the request was sent");
        }
        let date_filed = is.past_date("date_filed", &self.date_filed, today);
        let date_served = is.past_date("date_served", &self.date_served, today);
        if let (Some(filed), Some(served)) = (date_filed, date_served)
            && served < filed
        {
            is.add("date_served", "is before the complaint was filed");
        }
        let v = ValidMatter {
            kind: kind.unwrap_or(MatterKind::Other),
            title: is.text("title", &self.title, true, 300),
            agency: is.text("agency", &self.agency, true, 100),
            summary: is.text("summary", &self.summary, false, 10_000),
            requester: is.text("requester", &self.requester, false, 300),
            counsel: is.text("counsel", &self.counsel, false, 300),
            public: ticked(self.public.as_ref()),
            tracking_number: is.text("tracking_number", &self.tracking_number, false, 100),
            date_sent,
            date_received,
            fee_category,
            fee_waiver: ticked(self.fee_waiver.as_ref()),
            expedited: ticked(self.expedited.as_ref()),
            appeal_of: slug_ref(&self.appeal_of),
            enforces: slug_ref(&self.enforces),
            court: is.text("court", &self.court, false, 200),
            docket_number: is.text("docket_number", &self.docket_number, false, 100),
            parties: is.text("parties", &self.parties, false, 2_000),
            judge: is.text("judge", &self.judge, false, 200),
            date_filed,
            date_served,
        };
        if let Some(kind) = kind {
            kind_rules(&mut is, kind, &v, creating);
        }
        is.finish(v)
    }
}

/// What each kind of matter needs.
fn kind_rules(is: &mut Issues, kind: MatterKind, v: &ValidMatter, creating: bool) {
    match kind {
        MatterKind::FoiaRequest
            if creating && v.date_sent.is_none() && v.date_received.is_none() && !is.has("date_sent") =>
        {
            is.add("date_sent", "give the date the request was sent (or received), so its clocks can start");
        }
        MatterKind::Appeal if creating && v.appeal_of.is_none() => {
            is.add("appeal_of", "choose the request this appeal is about");
        }
        MatterKind::Lawsuit if v.court.is_empty() => is.add("court", "is required for a lawsuit"),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 10).unwrap()
    }

    fn request() -> MatterForm {
        MatterForm {
            kind: "foia_request".into(),
            title: "  Biometric exit records ".into(),
            agency: "cbp".into(),
            date_sent: "2026-01-05".into(),
            fee_waiver: Some("on".into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_good_request_is_trimmed_and_ticked() {
        let v = request().validate(today(), true).unwrap();
        assert_eq!(v.title, "Biometric exit records");
        assert!(v.fee_waiver && !v.expedited && !v.public);
        assert_eq!(v.date_sent, NaiveDate::from_ymd_opt(2026, 1, 5));
    }

    #[test]
    fn every_bad_field_is_named() {
        let form = MatterForm {
            title: String::new(),
            date_sent: "05/01/2026".into(),
            date_received: "2027-01-01".into(),
            fee_category: "pirate".into(),
            ..request()
        };
        let Err(AppError::Fields(issues)) = form.validate(today(), true) else { panic!("expected field issues") };
        let fields: Vec<&str> = issues.iter().map(|i| i.field.as_str()).collect();
        assert_eq!(fields, ["fee_category", "date_sent", "date_received", "title"]);
        assert!(issues[1].message.contains("05/01/2026"));
    }

    #[test]
    fn each_kind_asks_for_what_it_needs() {
        let appeal = MatterForm { kind: "appeal".into(), date_sent: String::new(), ..request() };
        assert_eq!(
            appeal.validate(today(), true),
            Err(AppError::invalid("appeal_of", "choose the request this appeal is about"))
        );
        let suit = MatterForm { kind: "lawsuit".into(), ..request() };
        assert!(matches!(suit.validate(today(), false), Err(AppError::Validation { field, .. }) if field == "court"));
        let undated = MatterForm { date_sent: String::new(), ..request() };
        assert!(undated.validate(today(), true).is_err());
        assert!(undated.validate(today(), false).is_ok(), "an edit does not re-enter the dates");
        let backwards = MatterForm { date_received: "2026-01-04".into(), ..request() };
        assert!(
            matches!(backwards.validate(today(), true), Err(AppError::Validation { field, .. }) if field == "date_received")
        );
    }

    #[test]
    fn unknown_kind_is_refused_by_name() {
        let form = MatterForm { kind: "petition".into(), ..request() };
        assert!(matches!(form.validate(today(), true), Err(AppError::Validation { field, .. }) if field == "kind"));
    }
}
