//! The stored form of a computed deadline's explanation.
//!
//! A full explanation is about 1.4 KB of JSON, most of it re-derivable: the
//! rule's title, provisions and unit come from the rules catalogue, every
//! Saturday and Sunday of a business-day count is a weekend skip, a
//! holiday's name and source come from the holiday table, and every date is
//! a few days from the trigger. So the stored form (version 2) keeps only
//! what cannot be derived: dates as day offsets from the trigger, the days
//! skipped for another reason than a weekend, and any field that differs
//! from what the catalogue or the holiday table says (stored in full then).
//! It is about a sixth of the size; decoding it gives back exactly the
//! explanation that was encoded (tests check), so every reader (the "Why
//! this date?" disclosure, feeds, exports, the API) shows it in full.
//! Rows written before version 2 hold the full JSON, which still reads.

mod days;

use crate::domain::{
    calendar::Reading,
    engine::Unsettled,
    explain::{CountedSpan, Explanation, ExtensionNote, ProvisionRef, TollNote},
    rules::{Catalogue, Party, Rule, Unit, rule},
};
use chrono::{Days, NaiveDate};
use days::{Skip, decode_skips, encode_skips};
use serde::{Deserialize, Deserializer, Serialize, Serializer, de::Error as _};

/// What is stored in `deadlines.explanation`: the engine's explanation and
/// its warnings (a second information tolling, a roll-forward caveat). It
/// serialises to the compact form and reads both forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredExplanation {
    pub explanation: Explanation,
    pub warnings: Vec<String>,
}

/// The first stored form: the explanation in full.
#[derive(Deserialize)]
struct Full {
    explanation: Explanation,
    #[serde(default)]
    warnings: Vec<String>,
}

/// The rule's own fields, stored only when they differ from the catalogue's
/// (a rule changed or removed since).
#[derive(Serialize, Deserialize)]
struct RuleFields {
    title: String,
    owed_by: Party,
    provisions: Vec<ProvisionRef>,
    unit: Unit,
    count: u32,
}

/// An extension: notice and unextended due date as offsets; days and
/// provisions only when they differ from the rule's.
#[derive(Serialize, Deserialize)]
struct Ext {
    n: i64,
    u: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    days: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    p: Option<Vec<ProvisionRef>>,
}

/// The compact form. Offsets are days after the trigger `t`.
#[derive(Serialize, Deserialize)]
struct Compact {
    v: u8,
    r: String,
    c: Catalogue,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rule: Option<RuleFields>,
    t: NaiveDate,
    /// Trigger label, when it is not the rule's trigger event's label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tl: Option<String>,
    /// Counting starts.
    s: i64,
    sr: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    e: Option<Ext>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    tolls: Vec<(i64, i64, String)>,
    /// Counted spans: first, last, first day's number, days.
    k: Vec<(i64, i64, u32, u32)>,
    /// Whether the weekends inside the count were left out of `x`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    w: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    x: Vec<(i64, Skip)>,
    l: i64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    f: Vec<(i64, Skip)>,
    d: i64,
    #[serde(default = "federal", skip_serializing_if = "is_federal")]
    cal: String,
    cv: String,
    rd: Reading,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    u: Option<Unsettled>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    notes: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    warn: Vec<String>,
}

/// The stored form's version.
const VERSION: u8 = 2;

fn federal() -> String {
    super::FEDERAL.to_string()
}

fn is_federal(name: &String) -> bool {
    name == super::FEDERAL
}

fn refs(slugs: &[&str]) -> Vec<ProvisionRef> {
    let cite = |s: &str| crate::domain::rules::citation(s).unwrap_or(s).to_string();
    slugs.iter().map(|s| ProvisionRef { slug: s.to_string(), citation: cite(s) }).collect()
}

fn offset(from: NaiveDate, d: NaiveDate) -> i64 {
    (d - from).num_days()
}

/// `from` plus `days`, or `None` outside chrono's range.
fn at(from: NaiveDate, days: i64) -> Option<NaiveDate> {
    match u64::try_from(days) {
        Ok(n) => from.checked_add_days(Days::new(n)),
        Err(_) => from.checked_sub_days(Days::new(days.unsigned_abs())),
    }
}

/// The day `n` days after the trigger `t`, or why not.
fn day(t: NaiveDate, n: i64) -> Result<NaiveDate, String> {
    at(t, n).ok_or_else(|| format!("day {n} after {t} is out of range"))
}

/// The rule fields of `e` when the catalogue's rule does not give them.
fn rule_fields(e: &Explanation, r: Option<&Rule>) -> Option<RuleFields> {
    let same = r.is_some_and(|r| {
        r.title == e.rule_title
            && r.owed_by == e.owed_by
            && r.unit == e.unit
            && r.count == e.count
            && r.provisions.len() == e.provisions.len()
            && refs(r.provisions) == e.provisions
    });
    (!same).then(|| RuleFields {
        title: e.rule_title.clone(),
        owed_by: e.owed_by,
        provisions: e.provisions.clone(),
        unit: e.unit,
        count: e.count,
    })
}

fn encode_ext(x: &ExtensionNote, t: NaiveDate, r: Option<&Rule>) -> Ext {
    let own = r.and_then(|r| r.extension);
    Ext {
        n: offset(t, x.notice),
        u: offset(t, x.unextended_due),
        days: (own.map(|o| o.days) != Some(x.days)).then_some(x.days),
        p: (own.map(|o| refs(o.provisions)).as_ref() != Some(&x.provisions)).then(|| x.provisions.clone()),
    }
}

/// The twin of [`encode_ext`]: days and provisions the row leaves out are
/// the rule's.
fn decode_ext(x: Ext, t: NaiveDate, r: Option<&Rule>) -> Result<ExtensionNote, String> {
    let own = r.and_then(|r| r.extension);
    Ok(ExtensionNote {
        notice: day(t, x.n)?,
        days: x.days.or(own.map(|o| o.days)).ok_or("extension without days")?,
        provisions: x.p.or_else(|| own.map(|o| refs(o.provisions))).ok_or("extension without provisions")?,
        unextended_due: day(t, x.u)?,
    })
}

impl Compact {
    fn encode(s: &StoredExplanation) -> Compact {
        let e = &s.explanation;
        let t = e.trigger;
        let r = rule(&e.rule_id, e.catalogue).filter(|r| r.id == e.rule_id && r.catalogue == e.catalogue);
        let (w, x) = encode_skips(e);
        Compact {
            v: VERSION,
            r: e.rule_id.clone(),
            c: e.catalogue,
            rule: rule_fields(e, r),
            t,
            tl: (r.map(|r| r.trigger.label()) != Some(e.trigger_label.as_str())).then(|| e.trigger_label.clone()),
            s: offset(t, e.counting_starts),
            sr: e.start_reason.clone(),
            e: e.extension.as_ref().map(|x| encode_ext(x, t, r)),
            tolls: e.tolls.iter().map(|n| (offset(t, n.start), offset(t, n.end), n.label.clone())).collect(),
            k: e.counted.iter().map(|k| (offset(t, k.first), offset(t, k.last), k.from_day, k.count)).collect(),
            w,
            x,
            l: offset(t, e.last_counted_day),
            f: e.roll_forward.iter().map(|d| (offset(t, d.date), Skip::of(d.date, &d.reason))).collect(),
            d: offset(t, e.due),
            cal: e.calendar.clone(),
            cv: e.calendar_version.clone(),
            rd: e.reading,
            u: e.unsettled.clone(),
            notes: e.notes.clone(),
            warn: s.warnings.clone(),
        }
    }

    fn decode(self) -> Result<StoredExplanation, String> {
        let t = self.t;
        let date = |n: i64| day(t, n);
        let r = rule(&self.r, self.c).filter(|r| r.id == self.r && r.catalogue == self.c);
        let fields = match (self.rule, r) {
            (Some(f), _) => f,
            (None, Some(r)) => RuleFields {
                title: r.title.to_string(),
                owed_by: r.owed_by,
                provisions: refs(r.provisions),
                unit: r.unit,
                count: r.count,
            },
            (None, None) => return Err(format!("unknown rule {} ({})", self.r, self.c.code())),
        };
        let trigger_label = match (self.tl, r) {
            (Some(label), _) => label,
            (None, Some(r)) => r.trigger.label().to_string(),
            (None, None) => return Err(format!("rule {} has no trigger label", self.r)),
        };
        let extension = self.e.map(|x| decode_ext(x, t, r)).transpose()?;
        let counting_starts = date(self.s)?;
        let last_counted_day = date(self.l)?;
        let explanation = Explanation {
            rule_id: self.r,
            rule_title: fields.title,
            catalogue: self.c,
            owed_by: fields.owed_by,
            provisions: fields.provisions,
            trigger: t,
            trigger_label,
            unit: fields.unit,
            count: fields.count,
            counting_starts,
            start_reason: self.sr,
            extension,
            tolls: self
                .tolls
                .into_iter()
                .map(|(a, b, label)| Ok(TollNote { start: date(a)?, end: date(b)?, label }))
                .collect::<Result<_, String>>()?,
            counted: self
                .k
                .into_iter()
                .map(|(a, b, from_day, count)| Ok(CountedSpan { first: date(a)?, last: date(b)?, from_day, count }))
                .collect::<Result<_, String>>()?,
            skipped: decode_skips(t, self.x, self.w.then_some((counting_starts, last_counted_day)))?,
            last_counted_day,
            roll_forward: decode_skips(t, self.f, None)?,
            due: date(self.d)?,
            calendar: self.cal,
            calendar_version: self.cv,
            reading: self.rd,
            unsettled: self.u,
            notes: self.notes,
        };
        Ok(StoredExplanation { explanation, warnings: self.warn })
    }
}

impl Serialize for StoredExplanation {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Compact::encode(self).serialize(serializer)
    }
}

/// Either stored form, told apart by the compact form's version field.
#[derive(Deserialize)]
#[serde(untagged)]
enum AnyForm {
    Compact(Compact),
    Full(Full),
}

impl<'de> Deserialize<'de> for StoredExplanation {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match AnyForm::deserialize(deserializer)? {
            AnyForm::Compact(c) if c.v == VERSION => c.decode().map_err(D::Error::custom),
            AnyForm::Compact(c) => Err(D::Error::custom(format!("unknown explanation format {}", c.v))),
            AnyForm::Full(f) => Ok(StoredExplanation { explanation: f.explanation, warnings: f.warnings }),
        }
    }
}

#[cfg(test)]
mod tests;
