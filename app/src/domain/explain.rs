//! The structured "Why this date?" of every computed deadline, and its plain
//! English rendering. The server stores it as JSON; the CLI prints the text.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::calendar::Reading;
use super::engine::Unsettled;
use super::rules::{Catalogue, Party, Unit};

/// A provision slug with its human citation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvisionRef {
    pub slug: String,
    pub citation: String,
}

/// Why a day was not counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SkipReason {
    Saturday,
    Sunday,
    Holiday {
        name: String,
        source: String,
    },
    Closure {
        name: String,
        source: String,
    },
    Inauguration,
    /// A business day inside a tolling period (5 U.S.C. 552(a)(6)(A)(ii)).
    Tolled {
        label: String,
    },
}

impl SkipReason {
    /// Whether this is a plain weekend day.
    pub fn is_weekend(&self) -> bool {
        matches!(self, SkipReason::Saturday | SkipReason::Sunday)
    }

    /// Plain-English reason.
    pub fn describe(&self) -> String {
        match self {
            SkipReason::Saturday => "Saturday".to_string(),
            SkipReason::Sunday => "Sunday".to_string(),
            SkipReason::Holiday { name, source } => format!("{name} ({source})"),
            SkipReason::Closure { name, source } => format!("{name}, {source}"),
            SkipReason::Inauguration => {
                "Inauguration Day, a holiday in the Washington DC area (5 U.S.C. 6103(c))".to_string()
            }
            SkipReason::Tolled { label } => format!("clock tolled ({label})"),
        }
    }
}

/// One day that was not counted, or that the due date rolled past.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedDay {
    pub date: NaiveDate,
    pub reason: SkipReason,
}

/// A run of counted days, unbroken except by weekends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountedSpan {
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// Number of the first day of the run in the count (1-based).
    pub from_day: u32,
    /// Days (or years) counted in the run, in the rule's unit.
    pub count: u32,
}

/// A tolling period as applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TollNote {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub label: String,
}

/// An extension as applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtensionNote {
    /// Date of the written notice.
    pub notice: NaiveDate,
    pub days: u32,
    pub provisions: Vec<ProvisionRef>,
    /// Where the count would have ended without the extension.
    pub unextended_due: NaiveDate,
}

/// Why a deadline falls where it does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    pub rule_id: String,
    pub rule_title: String,
    pub catalogue: Catalogue,
    pub owed_by: Party,
    pub provisions: Vec<ProvisionRef>,
    pub trigger: NaiveDate,
    pub trigger_label: String,
    pub unit: Unit,
    /// The rule's own count, without any extension.
    pub count: u32,
    /// First calendar day looked at by the count.
    pub counting_starts: NaiveDate,
    pub start_reason: String,
    pub extension: Option<ExtensionNote>,
    pub tolls: Vec<TollNote>,
    pub counted: Vec<CountedSpan>,
    /// Every day inside the count that was not counted, with its reason.
    pub skipped: Vec<SkippedDay>,
    pub last_counted_day: NaiveDate,
    /// Days the due date rolled past because they were not business days.
    pub roll_forward: Vec<SkippedDay>,
    pub due: NaiveDate,
    pub calendar: String,
    pub calendar_version: String,
    pub reading: Reading,
    pub unsettled: Option<Unsettled>,
    pub notes: Vec<String>,
}

/// `Mon 2026-01-19`.
pub fn day(d: NaiveDate) -> String {
    d.format("%a %Y-%m-%d").to_string()
}

impl Explanation {
    /// Total counted, in the rule's unit: the rule's count plus any extension.
    pub fn counted_total(&self) -> u32 {
        self.counted.iter().map(|s| s.count).sum()
    }

    /// Plain-English, multi-line explanation.
    pub fn to_text(&self) -> String {
        let mut lines = self.header();
        lines.push(format!("Counting starts {}, {}", day(self.counting_starts), self.start_reason));
        lines.extend(self.count_lines());
        lines.extend(self.tail_lines());
        lines.join("\n")
    }

    fn header(&self) -> Vec<String> {
        let cites: Vec<&str> = self.provisions.iter().map(|p| p.citation.as_str()).collect();
        let total = if self.count == 0 { String::new() } else { format!(" ({} {})", self.count, self.unit.noun()) };
        vec![
            format!("{}: {}{total}, owed by {}", self.rule_id, self.rule_title, self.owed_by.label()),
            format!("Provisions: {}", cites.join("; ")),
            format!("Trigger: {}, {}.", day(self.trigger), self.trigger_label),
        ]
    }

    /// Counted runs interleaved with the skipped days that are not weekends.
    fn count_lines(&self) -> Vec<String> {
        let mut dated: Vec<(NaiveDate, String)> = Vec::new();
        for s in &self.counted {
            let noun = match self.unit {
                Unit::BusinessDays => "business days",
                Unit::CalendarDays => "days",
                Unit::Years => "years",
            };
            let text = if s.count == 1 && self.unit != Unit::Years {
                format!("Counted {noun} {}: {}.", s.from_day, day(s.first))
            } else if self.unit == Unit::Years {
                format!("Counted {} {noun}: to {}.", s.count, day(s.last))
            } else {
                let to = s.from_day + s.count - 1;
                format!("Counted {noun} {}-{to}: {} to {}.", s.from_day, day(s.first), day(s.last))
            };
            dated.push((s.first, text));
        }
        for s in self.skipped.iter().filter(|s| !s.reason.is_weekend()) {
            dated.push((s.date, format!("Skipped {}: {}.", day(s.date), s.reason.describe())));
        }
        dated.sort_by_key(|(d, _)| *d);
        let mut lines: Vec<String> = dated.into_iter().map(|(_, t)| t).collect();
        let weekends = self.skipped.iter().filter(|s| s.reason.is_weekend()).count();
        if weekends > 0 {
            lines.push(format!("Saturdays and Sundays are not counted ({weekends} skipped)."));
        }
        for t in &self.tolls {
            lines.push(format!(
                "Tolled from {} through {} ({}): no business day in that span counts.",
                day(t.start),
                day(t.end),
                t.label
            ));
        }
        lines
    }

    /// The court rule that rolls the last day forward, if the rule is one.
    fn roll_citation(&self) -> &'static str {
        let has = |slug: &str| self.provisions.iter().any(|p| p.slug == slug);
        if has("frap-26-a") {
            " (FRAP 26(a)(1)(C))"
        } else if has("frcp-6-a") {
            " (FRCP 6(a)(1)(C))"
        } else {
            ""
        }
    }

    fn tail_lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some(e) = &self.extension {
            let cites: Vec<&str> = e.provisions.iter().map(|p| p.citation.as_str()).collect();
            lines.push(format!(
                "Extended by {} {} by the written notice of {} ({}); without it the due date \
                 would be {}.",
                e.days,
                self.unit.noun(),
                day(e.notice),
                cites.join("; "),
                day(e.unextended_due)
            ));
        }
        if !self.roll_forward.is_empty() {
            lines.push(format!(
                "The last day, {}, is not a business day, so the period runs to the next day \
                 that is{}:",
                day(self.last_counted_day),
                self.roll_citation()
            ));
            for s in &self.roll_forward {
                lines.push(format!("  rolled past {}: {}.", day(s.date), s.reason.describe()));
            }
        }
        lines.push(format!("Due {}.", day(self.due)));
        lines.push(format!(
            "Calendar: {} (version {}); reading: {}.",
            self.calendar,
            self.calendar_version,
            self.reading.label()
        ));
        if let Some(u) = &self.unsettled {
            lines.push(format!(
                "Unsettled: {} with closure days counted as business days, {} with them \
                 skipped; using {}. {}",
                u.statute_only, u.with_closures, u.chosen, u.why
            ));
        }
        lines.extend(self.notes.iter().map(|n| format!("Note: {n}")));
        lines
    }
}
