use chrono::{Duration, NaiveDate};
use proptest::prelude::*;

use super::super::calendar::{Calendar, Closure, executive_order_closures};
use super::super::rules::{Catalogue, catalogue, rule};
use super::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn due(id: &str, cat: Catalogue, input: &Input) -> Computation {
    let r = rule(id, cat).unwrap();
    let c = compute(r, input, &Calendar::federal()).unwrap();
    assert_eq!(due_date(r, input, &Calendar::federal()), Ok(c.due), "fast path {id}");
    c
}

fn simple(id: &str, trigger: &str) -> NaiveDate {
    due(id, Catalogue::Statute, &Input::new(d(trigger))).due
}

#[test]
fn reference_section_8_dates() {
    let s = Catalogue::Statute;
    let cases = [
        ("foia.response", s, "2020-01-09", "2020-02-07"),
        ("foia.response", s, "2024-08-01", "2024-08-29"),
        ("foia.expedite_decision", s, "2026-01-05", "2026-01-15"),
        ("foia.response", s, "2026-01-05", "2026-02-03"),
        ("foia.appeal_window", s, "2026-02-03", "2026-05-04"),
        ("foia.appeal_window", Catalogue::Dhs, "2026-02-03", "2026-06-11"),
        ("foia.appeal_response", s, "2026-03-02", "2026-03-30"),
        ("litigation.answer", s, "2026-04-01", "2026-05-01"),
        ("litigation.notice_of_appeal_us", s, "2026-04-01", "2026-06-01"),
        ("litigation.limitations", s, "2026-03-10", "2032-03-10"),
        ("foia.response", s, "2025-12-19", "2026-01-23"),
    ];
    for (id, cat, trigger, want) in cases {
        assert_eq!(due(id, cat, &Input::new(d(trigger))).due, d(want), "{id} {trigger}");
    }
    let ext = Input { extension: Some(d("2026-01-05")), ..Input::new(d("2026-01-05")) };
    let c = due("foia.response", s, &ext);
    assert_eq!(c.due, d("2026-02-18"));
    assert_eq!(c.explanation.extension.as_ref().unwrap().unextended_due, d("2026-02-03"));
}

#[test]
fn eo_14371_closures_are_unsettled_and_the_agency_gets_the_later_date() {
    let c = due("foia.response", Catalogue::Statute, &Input::new(d("2025-12-19")));
    let u = c.unsettled.unwrap();
    assert_eq!((u.statute_only, u.with_closures, u.chosen), (d("2026-01-21"), d("2026-01-23"), d("2026-01-23")));
    assert_eq!(c.reading_used, Reading::WithClosures);
    assert!(u.why.contains("14371") && u.why.contains("later date"), "{}", u.why);
    let text = c.explanation.to_text();
    assert!(text.contains("Skipped Wed 2025-12-24: Executive order closure"), "{text}");
    assert!(text.contains("Skipped Mon 2026-01-19: Birthday of Martin Luther King, Jr. (5 U.S.C. 6103(a))"), "{text}");
    let before = Calendar::federal().closures_known_on(d("2025-12-17"));
    let r = rule("foia.response", Catalogue::Statute).unwrap();
    assert_eq!(compute(r, &Input::new(d("2025-12-19")), &before).unwrap().due, d("2026-01-21"));
}

#[test]
fn holiday_weekend_and_year_end_edges() {
    // Saturday receipt counts as Monday receipt.
    assert_eq!(simple("foia.response", "2026-01-03"), simple("foia.response", "2026-01-05"));
    // Receipt on MLK Day counts as receipt on Tuesday 2026-01-20.
    assert_eq!(simple("foia.response", "2026-01-19"), simple("foia.response", "2026-01-20"));
    // 2021-12-31 is New Year's Day 2022 observed: day 1 is Mon 2022-01-03.
    assert_eq!(simple("foia.response", "2021-12-30"), d("2022-01-31"));
    // Juneteenth first observed Fri 2021-06-18.
    assert_eq!(simple("foia.response", "2021-06-17"), d("2021-07-19"));
    assert_eq!(simple("foia.expedite_decision", "2021-06-08"), d("2021-06-21"));
    assert_eq!(simple("foia.expedite_decision", "2020-06-09"), d("2020-06-19"));
    // Thanksgiving, Christmas observed on a Friday.
    assert_eq!(simple("foia.expedite_decision", "2026-11-16"), d("2026-11-27"));
    assert_eq!(simple("litigation.answer", "2021-11-24"), d("2021-12-27"));
    // Limitations from February 29 ends February 28 (Thursday 2030-02-28).
    assert_eq!(simple("litigation.limitations", "2024-02-29"), d("2030-02-28"));
    // A Sunday 60th day rolls to Monday; it is not an unsettled reading.
    let c = due("litigation.notice_of_appeal_us", Catalogue::Statute, &Input::new(d("2026-04-01")));
    assert_eq!(c.explanation.roll_forward.len(), 1);
    assert!(c.unsettled.is_none());
}

#[test]
fn each_closure_makes_the_readings_differ() {
    for closure in executive_order_closures() {
        let trigger = closure.date - Duration::days(7);
        let c = due("foia.response", Catalogue::Statute, &Input::new(trigger));
        let u = c.unsettled.unwrap_or_else(|| panic!("{}", closure.date));
        assert_eq!(u.with_closures, c.due);
        assert!(u.statute_only < u.with_closures, "{}", closure.date);
        assert!(u.why.contains(&closure.source), "{}", u.why);
    }
}

#[test]
fn court_rules_skip_closures_for_the_agency_but_we_file_by_the_earlier_date() {
    let answer = due("litigation.answer", Catalogue::Statute, &Input::new(d("2018-11-24")));
    assert_eq!(answer.due, d("2018-12-26"));
    assert!(answer.unsettled.unwrap().why.contains("6(a)(6)(B)"));
    let noa = due("litigation.notice_of_appeal_us", Catalogue::Statute, &Input::new(d("2025-10-25")));
    let u = noa.unsettled.unwrap();
    assert_eq!((noa.due, u.with_closures), (d("2025-12-24"), d("2025-12-29")));
    assert_eq!(noa.reading_used, Reading::StatuteOnly);
}

fn toll(start: &str, end: &str, kind: TollKind) -> Toll {
    Toll { start: d(start), end: d(end), kind, label: format!("{kind:?} {start}") }
}

#[test]
fn tolling_overlaps_and_the_one_information_request_warning() {
    let mut input = Input::new(d("2026-01-05"));
    input.tolls =
        vec![toll("2026-01-12", "2026-01-14", TollKind::Fee), toll("2026-01-13", "2026-01-16", TollKind::Fee)];
    let c = due("foia.response", Catalogue::Statute, &input);
    assert_eq!(c.due, d("2026-02-10"));
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    input.tolls = vec![
        toll("2026-01-12", "2026-01-12", TollKind::Information),
        toll("2026-01-20", "2026-01-21", TollKind::Information),
    ];
    let c = due("foia.response", Catalogue::Statute, &input);
    assert_eq!(c.due, d("2026-02-06"));
    assert!(c.warnings[0].contains("only one") && c.warnings[0].contains("2026-02-04"), "{:?}", c.warnings);
    let bad = Input { tolls: vec![toll("2026-01-12", "2026-01-10", TollKind::Fee)], ..input };
    let err = compute(rule("foia.response", Catalogue::Statute).unwrap(), &bad, &Calendar::federal());
    assert!(err.unwrap_err().to_string().contains("before it starts"));
}

#[test]
fn errors_name_the_problem() {
    let r = rule("foia.response", Catalogue::Statute).unwrap();
    let e = compute(r, &Input::new(d("1950-01-01")), &Calendar::federal()).unwrap_err();
    assert!(e.to_string().starts_with("trigger: 1950-01-01 is outside"), "{e}");
    let e = compute(r, &Input::new(d("2102-12-20")), &Calendar::federal()).unwrap_err();
    assert_eq!(e, EngineError::BeyondRange);
    let state = rule("foia.constructive_exhaustion", Catalogue::Statute).unwrap();
    assert!(compute(state, &Input::new(d("2026-01-05")), &Calendar::federal()).is_err());
    let court = rule("court.ordered", Catalogue::Statute).unwrap();
    assert_eq!(compute(court, &Input::new(d("2026-05-31")), &Calendar::federal()).unwrap().due, d("2026-05-31"));
}

fn date_strategy() -> impl Strategy<Value = NaiveDate> {
    (0i64..(365 * 105)).prop_map(|n| d("1990-01-01") + Duration::days(n))
}

fn rules() -> Vec<&'static Rule> {
    catalogue().iter().filter(|r| !r.is_state()).collect()
}

fn input_strategy() -> impl Strategy<Value = (usize, Input)> {
    let tolls = prop::collection::vec((0i64..60, 0i64..20, any::<bool>()), 0..3);
    (0..rules().len(), date_strategy(), any::<bool>(), tolls).prop_map(|(i, t, ext, tolls)| {
        let tolls = tolls
            .into_iter()
            .map(|(off, len, info)| Toll {
                start: t + Duration::days(off),
                end: t + Duration::days(off + len),
                kind: if info { TollKind::Information } else { TollKind::Fee },
                label: "toll".into(),
            })
            .collect();
        (i, Input { trigger: t, extension: ext.then_some(t), tolls })
    })
}

proptest! {
    #[test]
    fn due_is_never_before_the_trigger_and_counts_add_up((i, input) in input_strategy()) {
        let r = rules()[i];
        let cal = Calendar::federal();
        let c = compute(r, &input, &cal).unwrap();
        prop_assert!(c.due >= input.trigger);
        let ext = extension_of(r, &input).map_or(0, |(_, e)| e.days);
        prop_assert_eq!(c.explanation.counted_total(), r.count + ext);
        prop_assert_eq!(due_date(r, &input, &cal).unwrap(), c.due);
    }

    #[test]
    fn a_later_trigger_never_gives_an_earlier_due((i, input) in input_strategy(), later in 0i64..40) {
        let r = rules()[i];
        let cal = Calendar::federal();
        let moved = Input { trigger: input.trigger + Duration::days(later), ..input.clone() };
        prop_assert!(due_date(r, &moved, &cal).unwrap() >= due_date(r, &input, &cal).unwrap());
    }

    #[test]
    fn more_closed_or_tolled_days_never_give_an_earlier_due((i, input) in input_strategy(), off in 0i64..60) {
        let r = rules()[i];
        let cal = Calendar::federal();
        let before = compute(r, &input, &cal).unwrap().due;
        let extra_day = input.trigger + Duration::days(off);
        let closure = Closure {
            date: extra_day, name: "test".into(), source: "test".into(),
            verification: "test".into(), known_from: extra_day, scope: None,
        };
        prop_assert!(compute(r, &input, &cal.clone().with_closure(closure)).unwrap().due >= before);
        let dc = Calendar::new("dc", executive_order_closures(), true);
        prop_assert!(compute(r, &input, &dc).unwrap().due >= before);
        let mut tolled = input.clone();
        tolled.tolls.push(Toll { start: extra_day, end: extra_day, kind: TollKind::Fee, label: "x".into() });
        prop_assert!(compute(r, &tolled, &cal).unwrap().due >= before);
    }
}

#[test]
fn computation_round_trips_through_json() {
    let c = due("foia.response", Catalogue::Statute, &Input::new(d("2025-12-19")));
    let json = serde_json::to_string(&c).unwrap();
    assert!(json.contains("\"reading_used\":\"with_closures\""), "{json}");
    let back: Computation = serde_json::from_str(&json).unwrap();
    assert_eq!(back, c);
}
