use super::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn ev(id: i64, kind: EventKind, date: &str) -> EventFact {
    EventFact { id, kind, date: d(date), outcome: None, label: String::new() }
}

fn matter(kind: MatterKind, cat: Catalogue, events: Vec<EventFact>) -> MatterFacts {
    MatterFacts { kind, catalogue: cat, events }
}

fn find<'a>(v: &'a [DerivedDeadline], id: &str) -> &'a DerivedDeadline {
    v.iter().find(|x| x.rule_id == id).unwrap_or_else(|| panic!("no {id} in {v:?}"))
}

#[test]
fn clinic_request_to_cbp_reference_item_8() {
    let mut denial = ev(3, EventKind::Determination, "2026-02-03");
    denial.outcome = Some("denied".into());
    let facts = matter(
        MatterKind::FoiaRequest,
        Catalogue::Dhs,
        vec![
            ev(1, EventKind::Received, "2026-01-05"),
            ev(2, EventKind::ExpediteRequested, "2026-01-05"),
            denial,
            ev(4, EventKind::AppealReceived, "2026-03-02"),
        ],
    );
    let today = d("2026-03-10");
    let v = derive_deadlines(&facts, &Calendar::federal(), today);
    let response = find(&v, "foia.response");
    let got = (response.due, response.status, response.met_by_event_id);
    assert_eq!(got, (d("2026-02-03"), DeadlineStatus::Met, Some(3)));
    let expedite = find(&v, "foia.expedite_decision");
    assert_eq!((expedite.due, expedite.status), (d("2026-01-15"), DeadlineStatus::Missed));
    let window = find(&v, "foia.appeal_window");
    let got = (window.due, window.status, window.owed_by);
    assert_eq!(got, (d("2026-06-11"), DeadlineStatus::Open, Party::Us));
    assert_eq!(find(&v, "foia.appeal_response").due, d("2026-03-30"));
    let want = Exhaustion::NotYet { response_due: d("2026-03-30") };
    assert_eq!(exhaustion(&facts, &v, today), want);
}

#[test]
fn unanswered_request_past_due_may_sue_now() {
    let events = vec![ev(1, EventKind::Received, "2025-12-19")];
    let facts = matter(MatterKind::FoiaRequest, Catalogue::Statute, events);
    let today = d("2026-02-01");
    let v = derive_deadlines(&facts, &Calendar::federal(), today);
    assert_eq!(v.len(), 1);
    assert_eq!((v[0].due, v[0].status), (d("2026-01-23"), DeadlineStatus::Missed));
    let want = Exhaustion::MaySueNow { since: d("2026-01-24"), rule_id: "foia.response" };
    assert_eq!(exhaustion(&facts, &v, today), want);
    let on_due = d("2026-01-23");
    let early = derive_deadlines(&facts, &Calendar::federal(), on_due);
    let want = Exhaustion::NotYet { response_due: on_due };
    assert_eq!(exhaustion(&facts, &early, on_due), want);
}

#[test]
fn submitted_stands_in_for_receipt_and_says_so() {
    let events = vec![ev(1, EventKind::Submitted, "2026-01-05")];
    let facts = matter(MatterKind::FoiaRequest, Catalogue::Statute, events);
    let v = derive_deadlines(&facts, &Calendar::federal(), d("2026-01-06"));
    assert_eq!(v[0].due, d("2026-02-03"));
    assert!(v[0].computation.explanation.notes[0].contains("No receipt date"));
    let lawsuit = matter(MatterKind::Lawsuit, Catalogue::Statute, facts.events.clone());
    assert!(derive_deadlines(&lawsuit, &Calendar::federal(), d("2026-01-06")).is_empty());
}

#[test]
fn tolling_extension_and_ignored_late_requests() {
    let base = vec![
        ev(1, EventKind::Received, "2026-01-05"),
        ev(2, EventKind::InfoRequested, "2026-01-12"),
        ev(3, EventKind::InfoAnswered, "2026-01-16"),
    ];
    let cal = Calendar::federal();
    let facts = matter(MatterKind::FoiaRequest, Catalogue::Statute, base.clone());
    assert_eq!(derive_deadlines(&facts, &cal, d("2026-01-20"))[0].due, d("2026-02-10"));
    let mut open = base[..2].to_vec();
    open.push(ev(4, EventKind::ExtensionNotice, "2026-01-06"));
    let facts = matter(MatterKind::FoiaRequest, Catalogue::Statute, open);
    let v = derive_deadlines(&facts, &cal, d("2026-01-14"));
    assert_eq!(v[0].status, DeadlineStatus::Tolled);
    let want = Exhaustion::NotYet { response_due: v[0].due };
    assert_eq!(exhaustion(&facts, &v, d("2026-01-14")), want);
    let mut late = base.clone();
    late.push(ev(5, EventKind::InfoRequested, "2026-01-20"));
    late.push(ev(6, EventKind::InfoAnswered, "2026-01-21"));
    late.push(ev(7, EventKind::FeeRequested, "2026-03-02"));
    let facts = matter(MatterKind::FoiaRequest, Catalogue::Statute, late);
    let v = derive_deadlines(&facts, &cal, d("2026-03-03"));
    let w = &v[0].computation.warnings;
    assert!(w.iter().any(|w| w.contains("only one")), "{w:?}");
    assert!(w.iter().any(|w| w.contains("does not toll")), "{w:?}");
    assert_eq!(v[0].due, d("2026-02-12"));
}

#[test]
fn lawsuit_deadlines_and_late_answer() {
    let events = vec![
        ev(1, EventKind::Service, "2026-04-01"),
        ev(2, EventKind::AnswerFiled, "2026-05-04"),
        ev(3, EventKind::Judgment, "2026-04-01"),
        ev(4, EventKind::Accrual, "2026-03-10"),
    ];
    let facts = matter(MatterKind::Lawsuit, Catalogue::Statute, events);
    let v = derive_deadlines(&facts, &Calendar::federal(), d("2026-05-10"));
    let answer = find(&v, "litigation.answer");
    let got = (answer.due, answer.status, answer.met_by_event_id);
    assert_eq!(got, (d("2026-05-01"), DeadlineStatus::Missed, Some(2)));
    assert_eq!(find(&v, "litigation.notice_of_appeal_us").due, d("2026-06-01"));
    assert_eq!(find(&v, "litigation.limitations").due, d("2032-03-10"));
    assert_eq!(exhaustion(&facts, &v, d("2026-05-10")), Exhaustion::NotApplicable);
}

#[test]
fn recurring_status_reports_roll_forward_but_not_over_closures() {
    let cal = Calendar::federal();
    let got = recurring_court_dates(d("2026-05-30"), 30, 3, &cal);
    assert_eq!(got, vec![d("2026-06-01"), d("2026-06-29"), d("2026-07-29")]);
    assert_eq!(recurring_court_dates(d("2025-12-24"), 7, 1, &cal), vec![d("2025-12-24")]);
    assert_eq!(recurring_court_dates(d("2025-12-25"), 7, 1, &cal), vec![d("2025-12-26")]);
}

#[test]
fn tolled_spans_pair_each_request_with_its_answer() {
    let events = vec![
        ev(1, EventKind::Received, "2025-11-03"),
        ev(2, EventKind::FeeRequested, "2025-11-10"),
        ev(3, EventKind::InfoRequested, "2025-11-12"),
        ev(4, EventKind::FeeAnswered, "2025-11-17"),
        ev(5, EventKind::FeeRequested, "2025-12-01"),
    ];
    let spans = tolled_spans(&events);
    let got: Vec<_> = spans.iter().map(|s| (s.kind, s.start, s.end, s.ask_event_id, s.answer_event_id)).collect();
    assert_eq!(
        got,
        vec![
            (TollKind::Fee, d("2025-11-10"), Some(d("2025-11-17")), 2, Some(4)),
            (TollKind::Information, d("2025-11-12"), None, 3, None),
            (TollKind::Fee, d("2025-12-01"), None, 5, None),
        ]
    );
}
