use super::*;
use crate::domain::{rules::Catalogue, vocab::MatterKind};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A request to CBP received Monday 5 January 2026: its response is due
/// Tuesday 3 February (20 business days, Martin Luther King Jr. Day on
/// 19 January skipped).
fn basis(today: &str) -> PreviewBasis {
    let received =
        EventFact { id: 1, kind: EventKind::Received, date: d("2026-01-05"), outcome: None, label: "Received".into() };
    PreviewBasis {
        facts: MatterFacts { kind: MatterKind::FoiaRequest, catalogue: Catalogue::Dhs, events: vec![received] },
        closures: Vec::new(),
        agency: "CBP".into(),
        today: d(today),
    }
}

fn draft(kind: EventKind, date: &str) -> Draft {
    Draft { kind, date: d(date), outcome: None, order: None }
}

#[test]
fn an_extension_notice_moves_the_response_by_ten_business_days() {
    let b = basis("2026-01-21");
    let got = b.changes(&b.calendar(), &draft(EventKind::ExtensionNotice, "2026-01-20"));
    // 4 Feb to 18 Feb, Presidents' Day (16 Feb) skipped.
    let want = Change::Moved { title: got_title(&got), from: d("2026-02-03"), to: d("2026-02-18") };
    assert_eq!(got, vec![want]);
}

fn got_title(changes: &[Change]) -> String {
    match changes.first() {
        Some(Change::Moved { title, .. } | Change::New { title, .. } | Change::Status { title, .. }) => title.clone(),
        other => panic!("unexpected first change {other:?}"),
    }
}

#[test]
fn a_timely_denial_meets_the_response_and_opens_the_appeal_window() {
    let b = basis("2026-01-28");
    let mut denial = draft(EventKind::Determination, "2026-01-27");
    denial.outcome = Some("denied".into());
    let got = b.changes(&b.calendar(), &denial);
    assert!(
        matches!(&got[0], Change::Status { due, from: DeadlineStatus::Open, to: DeadlineStatus::Met, .. } if *due == d("2026-02-03")),
        "{got:?}"
    );
    // DHS's 6 CFR 5.8(a)(1): 90 working days from the denial.
    assert!(matches!(&got[1], Change::New { status: DeadlineStatus::Open, .. }), "{got:?}");
    let from = Exhaustion::NotYet { response_due: d("2026-02-03") };
    assert_eq!(got.last(), Some(&Change::Exhaustion { from, to: Exhaustion::Answered }));
}

#[test]
fn the_preview_agrees_with_deriving_the_saved_matter() {
    let b = basis("2026-03-01");
    let mut denial = draft(EventKind::Determination, "2026-02-20");
    denial.outcome = Some("partially_granted".into());
    let cal = b.calendar();
    let got = b.changes(&cal, &denial);
    let mut saved = b.facts.clone();
    saved.events.push(EventFact {
        id: 2,
        kind: denial.kind,
        date: denial.date,
        outcome: denial.outcome,
        label: String::new(),
    });
    let derived = derive_deadlines(&saved, &cal, b.today);
    let window = derived.iter().find(|x| x.rule_id == "foia.appeal_window").expect("an appeal window");
    assert!(got.iter().any(|c| matches!(c, Change::New { due, .. } if *due == window.due)), "{got:?}");
    let response = derived.iter().find(|x| x.rule_id == "foia.response").expect("the response");
    let late = Change::Status {
        title: response.title.clone(),
        due: d("2026-02-03"),
        from: DeadlineStatus::Missed,
        to: DeadlineStatus::Missed,
    };
    assert!(!got.contains(&late), "a missed deadline answered late stays missed, and is not listed as a change");
    assert_eq!(response.status, DeadlineStatus::Missed);
}

#[test]
fn an_event_with_no_bearing_on_deadlines_changes_nothing() {
    let b = basis("2026-01-21");
    assert_eq!(b.changes(&b.calendar(), &draft(EventKind::Production, "2026-01-20")), Vec::new());
}

#[test]
fn a_recurring_court_order_lists_its_dates_rolled_past_holidays() {
    let b = basis("2026-01-21");
    let mut order = draft(EventKind::CourtOrder, "2026-01-20");
    // Every 14 days from Friday 29 May 2026: 12 June, then 26 June; the
    // next, 10 July, is a Friday too, and 19 June (Juneteenth) is never hit.
    order.order =
        Some(CourtOrder { title: "Joint status report".into(), first_due: d("2026-05-29"), repeat: Some((14, 3)) });
    let got = b.changes(&b.calendar(), &order);
    let dates = vec![d("2026-05-29"), d("2026-06-12"), d("2026-06-26")];
    assert_eq!(got, vec![Change::Ordered { title: "Joint status report".into(), dates }]);
    // A schedule date falling on a Saturday rolls to Monday; a single date
    // the court names is kept as ordered.
    order.order = Some(CourtOrder { title: "Production".into(), first_due: d("2026-06-20"), repeat: Some((14, 1)) });
    let got = b.changes(&b.calendar(), &order);
    assert_eq!(got, vec![Change::Ordered { title: "Production".into(), dates: vec![d("2026-06-22")] }]);
    order.order = Some(CourtOrder { title: "Production".into(), first_due: d("2026-07-04"), repeat: None });
    let got = b.changes(&b.calendar(), &order);
    assert_eq!(got, vec![Change::Ordered { title: "Production".into(), dates: vec![d("2026-07-04")] }]);
}

#[test]
fn closures_sent_with_the_page_apply_to_the_matters_agency_only() {
    let mut b = basis("2026-01-06");
    let closure = |scope: &str| Closure {
        date: d("2026-01-07"),
        name: "Emergency closure".into(),
        source: "test".into(),
        verification: String::new(),
        known_from: d("2026-01-06"),
        scope: Some(scope.into()),
    };
    b.closures = vec![closure("ICE")];
    let other = b.changes(&b.calendar(), &draft(EventKind::ExtensionNotice, "2026-01-06"));
    b.closures = vec![closure("CBP")];
    let own = b.changes(&b.calendar(), &draft(EventKind::ExtensionNotice, "2026-01-06"));
    let to = |c: &[Change]| match c.first() {
        Some(Change::Moved { to, .. }) => *to,
        other => panic!("{other:?}"),
    };
    // The agency owes the response: the protective reading skips the
    // closure day, one business day later.
    assert_eq!(to(&own), to(&other).succ_opt().unwrap());
}
