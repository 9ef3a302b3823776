use super::StoredExplanation;
use crate::domain::{
    calendar::{Calendar, Closure},
    engine::{Input, Toll, TollKind, compute},
    explain::SkipReason,
    rules::catalogue,
};
use chrono::{Days, NaiveDate};
use proptest::prelude::*;

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn stored(rule_id: &str, input: &Input, cal: &Calendar) -> StoredExplanation {
    let rule = catalogue().iter().find(|r| r.id == rule_id).unwrap();
    let c = compute(rule, input, cal).unwrap();
    StoredExplanation { explanation: c.explanation, warnings: c.warnings }
}

fn round_trip(s: &StoredExplanation) -> String {
    let json = serde_json::to_string(s).unwrap();
    let back: StoredExplanation = serde_json::from_str(&json).unwrap();
    assert_eq!(&back, s, "{json}");
    json
}

/// The full form, as rows written before the compact one hold it.
fn full_json(s: &StoredExplanation) -> String {
    serde_json::json!({ "explanation": s.explanation, "warnings": s.warnings }).to_string()
}

fn closure(date: NaiveDate, scope: Option<&str>) -> Closure {
    Closure {
        date,
        name: "Emergency closure".into(),
        source: "Executive Order (test)".into(),
        verification: "test".into(),
        known_from: ymd(2026, 11, 28),
        scope: scope.map(String::from),
    }
}

#[test]
fn a_response_deadline_is_a_sixth_of_the_full_form_and_reads_back_whole() {
    let s = stored("foia.response", &Input::new(ymd(2026, 12, 2)), &Calendar::federal());
    let json = round_trip(&s);
    assert!(json.len() * 5 < full_json(&s).len(), "{} vs {} bytes: {json}", json.len(), full_json(&s).len());
    assert!(!json.contains("Christmas") && !json.contains("saturday"), "derivable parts are left out: {json}");
    let text = s.explanation.to_text();
    assert!(text.contains("Skipped Fri 2026-12-25: Christmas Day") && text.contains("(8 skipped)"), "{text}");
}

#[test]
fn rows_in_the_full_form_still_read() {
    let s = stored("foia.response", &Input::new(ymd(2025, 12, 19)), &Calendar::federal());
    let back: StoredExplanation = serde_json::from_str(&full_json(&s)).unwrap();
    assert_eq!(back, s);
}

#[test]
fn closures_tolls_extensions_labels_and_warnings_survive() {
    let cal = Calendar::federal().with_closure(closure(ymd(2026, 12, 9), None)).with_agency("CBP");
    let toll = |a, b, kind, label: &str| Toll { start: a, end: b, kind, label: label.into() };
    let input = Input {
        trigger: ymd(2026, 12, 1),
        extension: Some(ymd(2026, 12, 20)),
        tolls: vec![
            toll(ymd(2026, 12, 3), ymd(2026, 12, 7), TollKind::Information, "information request of Dec 3"),
            toll(ymd(2026, 12, 14), ymd(2026, 12, 15), TollKind::Information, "second request"),
        ],
    };
    let mut s = stored("foia.response", &input, &cal);
    assert!(s.explanation.unsettled.is_some() && !s.warnings.is_empty() && s.explanation.extension.is_some());
    assert!(s.explanation.skipped.iter().any(|d| matches!(d.reason, SkipReason::Closure { .. })));
    s.explanation.trigger_label = "Request received by CBP's FOIA office".into();
    let json = round_trip(&s);
    assert!(json.contains("Executive Order (test)") && json.contains("second request"), "{json}");
}

#[test]
fn what_the_catalogue_no_longer_says_is_stored_in_full() {
    let mut s = stored("foia.response", &Input::new(ymd(2026, 3, 2)), &Calendar::federal());
    s.explanation.rule_title = "An older title".into();
    s.explanation.provisions.pop();
    s.explanation.skipped.retain(|d| d.reason != SkipReason::Sunday);
    let json = round_trip(&s);
    assert!(json.contains("An older title") && json.contains("\"sa\""), "{json}");
    s.explanation.rule_id = "foia.retired_rule".into();
    round_trip(&s);
    let mut renamed = stored("foia.response", &Input::new(ymd(2026, 5, 20)), &Calendar::federal());
    for d in &mut renamed.explanation.skipped {
        if let SkipReason::Holiday { name, .. } = &mut d.reason {
            *name = "Decoration Day".into();
        }
    }
    assert!(round_trip(&renamed).contains("Decoration Day"));
}

#[test]
fn a_bad_stored_row_is_an_error_not_a_guess() {
    let s = stored("foia.response", &Input::new(ymd(2026, 12, 2)), &Calendar::federal());
    let json = serde_json::to_string(&s).unwrap();
    let unknown = json.replace("\"foia.response\"", "\"no.such_rule\"");
    let err = serde_json::from_str::<StoredExplanation>(&unknown).unwrap_err().to_string();
    assert!(err.contains("unknown rule no.such_rule"), "{err}");
    assert!(serde_json::from_str::<StoredExplanation>(&json.replace("\"v\":2", "\"v\":9")).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    /// Every rule, trigger, toll, extension and calendar reads back exactly.
    #[test]
    fn every_computation_reads_back_exactly(
        rule in 0..catalogue().len(),
        day in 0u64..36_500,
        toll in proptest::option::of((0u64..40, 0u64..15)),
        extension in proptest::option::of(0u64..40),
        (inauguration, closed) in (any::<bool>(), proptest::option::of(0u64..40)),
    ) {
        let r = &catalogue()[rule];
        prop_assume!(!r.is_state());
        let trigger = ymd(1995, 1, 1) + Days::new(day);
        let plus = |n: u64| trigger + Days::new(n);
        let mut cal = Calendar::new("federal", Calendar::federal().closures().to_vec(), inauguration);
        if let Some(n) = closed {
            cal = cal.with_closure(closure(plus(n), None));
        }
        let tolls = toll
            .map(|(a, len)| Toll { start: plus(a), end: plus(a + len), kind: TollKind::Fee, label: "fee letter".into() })
            .into_iter()
            .collect();
        let input = Input { trigger, extension: extension.map(plus), tolls };
        let c = compute(r, &input, &cal).unwrap();
        round_trip(&StoredExplanation { explanation: c.explanation, warnings: c.warnings });
    }
}
