//! What a recomputation will write: the stored form of each derived
//! deadline, compared with what is stored by fingerprint (so explanations
//! need not be read back), sorted into updates, inserts and vacated rows.

use super::RecomputeReport;
use crate::{
    domain::{derive::DerivedDeadline, rules::Party, vocab::DeadlineStatus},
    error::{AppError, AppResult},
    server::services::deadlines::StoredExplanation,
};
use chrono::NaiveDate;

/// The stored form of one derived deadline.
pub(super) struct Row {
    pub matter_id: i32,
    pub rule_id: &'static str,
    pub trigger: i32,
    pub met_by: Option<i32>,
    pub title: String,
    pub due: NaiveDate,
    pub status: &'static str,
    pub owed_by: &'static str,
    pub explanation: String,
    pub unsettled: bool,
    pub public: bool,
    pub fingerprint: String,
}

/// A stored computed deadline, as far as comparing needs it.
pub(super) struct Existing {
    pub id: i32,
    pub matter_id: i32,
    pub rule_id: Option<String>,
    pub trigger: Option<i32>,
    pub due: NaiveDate,
    pub status: String,
    pub fingerprint: String,
}

/// 64-bit FNV-1a: stable across builds and platforms (unlike std's hasher),
/// which is what a stored fingerprint needs. Not for secrets.
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn field(&mut self, bytes: &[u8]) -> &mut Fnv {
        self.parts(&[bytes])
    }

    /// One field given in parts, hashed as their concatenation.
    fn parts(&mut self, parts: &[&[u8]]) -> &mut Fnv {
        for b in parts.iter().flat_map(|p| p.iter()).chain(&[0xff]) {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        self
    }
}

impl Row {
    pub fn new(matter_id: i32, trigger: i32, d: &DerivedDeadline, public: bool) -> AppResult<Row> {
        let stored = StoredExplanation {
            explanation: d.computation.explanation.clone(),
            warnings: d.computation.warnings.clone(),
        };
        let explanation = serde_json::to_string(&stored).map_err(|e| {
            tracing::error!(error = %e, "explanation does not serialise");
            AppError::Internal
        })?;
        let mut row = Row {
            matter_id,
            rule_id: d.rule_id,
            trigger,
            met_by: d.met_by_event_id.map(|id| i32::try_from(id).map_err(|_| AppError::Internal)).transpose()?,
            title: d.title.clone(),
            due: d.due,
            status: d.status.code(),
            owed_by: if d.owed_by == Party::Agency { "agency" } else { "us" },
            explanation,
            unsettled: d.computation.unsettled.is_some(),
            public,
            fingerprint: String::new(),
        };
        row.fingerprint = row.fingerprint_now();
        Ok(row)
    }

    /// The hash of every field a recomputation may change.
    fn fingerprint_now(&self) -> String {
        Fingerprint {
            due: self.due,
            status: self.status,
            met_by: self.met_by,
            explanation: &self.explanation,
            unsettled: self.unsettled,
            public: self.public,
            title: &self.title,
            owed_by: self.owed_by,
        }
        .hex()
    }
}

/// The fields of a stored computed deadline that a recomputation may change.
/// Whoever writes computed deadlines outside `recompute` (the importer) stores
/// this fingerprint with them, so a later recomputation finds them current.
pub struct Fingerprint<'a> {
    pub due: NaiveDate,
    pub status: &'a str,
    pub met_by: Option<i32>,
    pub explanation: &'a str,
    pub unsettled: bool,
    pub public: bool,
    pub title: &'a str,
    pub owed_by: &'a str,
}

/// A stored explanation around its calendar version (`"cv":"…"`, a date or
/// `base`): the fingerprint leaves the version out, so a calendar change
/// that alters nothing else in a deadline's computation (a closure inside a
/// calendar-day period, say) does not rewrite the row. Its explanation then
/// keeps the version it was last computed with, which gave the same result.
fn around_version(explanation: &str) -> [&[u8]; 2] {
    const KEY: &str = "\"cv\":\"";
    let Some(start) = explanation.find(KEY) else { return [explanation.as_bytes(), b""] };
    let rest = &explanation[start + KEY.len()..];
    match rest.find('"') {
        Some(end) => [&explanation.as_bytes()[..start], &rest.as_bytes()[end + 1..]],
        None => [explanation.as_bytes(), b""],
    }
}

impl Fingerprint<'_> {
    /// 64-bit FNV-1a over the fields, each ended by 0xff, in hex; the
    /// explanation without its calendar version.
    pub fn hex(&self) -> String {
        let mut h = Fnv::new();
        h.field(self.due.to_string().as_bytes())
            .field(self.status.as_bytes())
            .field(self.met_by.map(|m| m.to_string()).unwrap_or_default().as_bytes())
            .parts(&around_version(self.explanation))
            .field(&[u8::from(self.unsettled), u8::from(self.public)])
            .field(self.title.as_bytes())
            .field(self.owed_by.as_bytes());
        format!("{:016x}", h.0)
    }
}

/// One history line: deadline, matter, old date (none when new), new date, why.
pub(super) type History = (i32, i32, Option<NaiveDate>, NaiveDate, String);

/// Everything one recomputation will write.
#[derive(Default)]
pub(super) struct Plan {
    pub updates: Vec<(i32, Row)>,
    pub inserts: Vec<Row>,
    pub history: Vec<History>,
    pub vacate: Vec<(i32, i32, NaiveDate)>,
}

impl Plan {
    pub fn add_matter(&mut self, rows: Vec<Row>, existing: &[Existing], reason: &str, report: &mut RecomputeReport) {
        let mut kept = Vec::new();
        for row in rows {
            report.deadlines += 1;
            let found =
                existing.iter().find(|x| x.rule_id.as_deref() == Some(row.rule_id) && x.trigger == Some(row.trigger));
            match found {
                Some(old) => {
                    kept.push(old.id);
                    if row.fingerprint == old.fingerprint {
                        continue;
                    }
                    if old.due != row.due {
                        report.moved += 1;
                        self.history.push((old.id, old.matter_id, Some(old.due), row.due, reason.to_string()));
                    }
                    report.updated += 1;
                    self.updates.push((old.id, row));
                }
                None => {
                    report.created += 1;
                    self.inserts.push(row);
                }
            }
        }
        for stale in existing.iter().filter(|x| !kept.contains(&x.id) && x.status != DeadlineStatus::Vacated.code()) {
            report.vacated += 1;
            self.vacate.push((stale.id, stale.matter_id, stale.due));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn print(explanation: &str) -> String {
        let due = NaiveDate::from_ymd_opt(2026, 12, 11).expect("date");
        Fingerprint {
            due,
            status: "open",
            met_by: None,
            explanation,
            unsettled: false,
            public: false,
            title: "t",
            owed_by: "agency",
        }
        .hex()
    }

    #[test]
    fn the_calendar_version_alone_does_not_change_the_fingerprint() {
        let old = r#"{"v":2,"r":"foia.expedite_decision","cv":"2025-12-18","rd":"with_closures"}"#;
        let new = r#"{"v":2,"r":"foia.expedite_decision","cv":"2026-11-28","rd":"with_closures"}"#;
        assert_eq!(print(old), print(new));
        let other = r#"{"v":2,"r":"foia.expedite_decision","cv":"2026-11-28","rd":"statute_only"}"#;
        assert_ne!(print(new), print(other), "anything else still counts");
        assert_ne!(print("{\"cv\":\"base\",\"d\":1}"), print("{\"cv\":\"base\",\"d\":2}"));
        assert_ne!(print("ab"), print("a"), "parts hash as one field");
    }
}
