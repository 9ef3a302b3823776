use super::*;
use crate::{
    domain::vocab::{DeadlineStatus, EventKind, Verification},
    server::import::{
        Report,
        mapping::builtin,
        parse,
        rows::{Directory, Rules},
    },
};
use chrono::NaiveDate;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Reads `csv` with the built-in mapping `name`; the rows or the problems as text.
fn read(name: &str, csv: &str) -> Result<Vec<TimelineRow>, Vec<String>> {
    let mapping = builtin(name).unwrap();
    let mut report = Report::default();
    let parsed = parse(csv.as_bytes(), &mapping, &mut report)
        .map_err(|p| p.iter().map(ToString::to_string).collect::<Vec<_>>())?;
    let directory = Directory::new([(2, "cbp", "U.S. Customs and Border Protection", "CBP")]);
    let rules = Rules {
        target: mapping.target,
        columns: &parsed.columns,
        headers: &parsed.table.headers,
        formats: &parsed.formats,
        directory: &directory,
        default_agency: None,
        today: d("2026-11-28"),
    };
    let build = if mapping.target == Target::Events { event_row } else { deadline_row };
    check_with(&parsed.table, &rules, build).map_err(|p| p.iter().map(ToString::to_string).collect())
}

const EVENTS: &str = "id,matter,matter_title,agency,tracking_number,docket_number,date,kind,title,details,outcome,\
pages_released,pages_withheld_full,pages_withheld_part,exemptions,verification,public\n";

#[test]
fn an_events_export_reads_as_events_of_keyed_matters() {
    let csv = format!(
        "{EVENTS}7,cbp-x,X,CBP,cbp-2026-1,,2026-02-03,determination,Partial grant,\"Two lines,\nwith a comma\",partially_granted,\
         \"1,200\",3,4,\"(b)(6); b7c\",unverified,true\n8,cbp-y,Y,CBP,,1:26-cv-1,2026-03-01,complaint_filed,,,,,,,,,false\n"
    );
    let rows = read("events", &csv).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        (rows[0].line, rows[0].key.clone(), rows[0].number.as_str()),
        (2, (2, "CBP-2026-1".into()), "cbp-2026-1")
    );
    let Item::Event(e) = &rows[0].item else { panic!("{:?}", rows[0].item) };
    assert_eq!((e.kind, e.date, e.outcome.as_str()), (EventKind::Determination, d("2026-02-03"), "partially_granted"));
    assert_eq!(e.details, "Two lines,\nwith a comma");
    assert_eq!((e.pages_released, e.pages_withheld_full, e.pages_withheld_part), (1200, 3, 4));
    assert_eq!(e.exemptions, vec!["(b)(6)", "(b)(7)(C)"]);
    assert_eq!((e.public, e.verification), (true, Verification::Unverified));
    assert_eq!(rows[1].key, (2, "docket:1:26-CV-1".into()), "a lawsuit is found by its docket number");
    let Item::Event(e) = &rows[1].item else { panic!() };
    assert_eq!(
        (e.title.as_str(), e.public, e.verification),
        (EventKind::ComplaintFiled.label(), false, Verification::Verified)
    );
}

#[test]
fn bad_event_cells_are_named_by_line_and_column() {
    let csv = format!(
        "{EVENTS}1,a,A,CBP,C-1,,2026-02-30,landed,,,,,,,,,\n\
         2,b,B,CBP,C-2,,2026-01-05,determination,,,maybe,-3,,,b10,,perhaps\n\
         3,c,C,DOJ,C-3,,2026-01-05,received,,,,,,,,,\n\
         4,d,D,CBP,,,2026-01-05,received,,,,,,,,,\n\
         5,e,E,CBP,C-5,,2027-01-05,received,,,,,,,,,\n"
    );
    let errors = read("events", &csv).unwrap_err();
    let has = |s: &str| assert!(errors.iter().any(|e| e.contains(s)), "{s} not in {errors:#?}");
    has("line 2, column 7 `date`");
    has("line 2, column 8 `kind`: event kind: unknown value `landed`");
    has("line 3, column 11 `outcome`: unknown outcome `maybe`");
    has("line 3, column 12 `pages_released`: `-3` is not a number of pages");
    has("line 3, column 15 `exemptions`: `b10` is not a FOIA exemption");
    has("line 3, column 17 `public`: `perhaps` is neither true nor false");
    has("line 4, column 4 `agency`: unknown agency `DOJ`");
    has("line 5: the row names no matter");
    has("line 6, column 7 `date`: 2027-01-05 is in the future");
}

const DEADLINES: &str = "id,matter,matter_title,agency,tracking_number,docket_number,title,rule,due_date,status,owed_by,\
unsettled,answered,may_sue_since,provisions,explanation,source,verification,public,updated_at\n";

#[test]
fn a_deadlines_export_keeps_court_orders_and_leaves_computed_ones() {
    let csv = format!(
        "{DEADLINES}1,a,A,CBP,,1:26-cv-1,Joint status report (1 of 3),court.ordered,2027-01-15,open,us,false,,,,,\"Minute order, Jan. 5\",verified,true,x\n\
         2,a,A,CBP,C-1,,Response due,foia.response,2026-02-01,missed,agency,false,,,,,,verified,false,x\n\
         3,a,A,CBP,C-1,,Made up,foia.nonsense,2026-02-01,open,agency,false,,,,,,verified,false,x\n\
         4,a,A,CBP,C-1,,No date,court.ordered,,open,us,false,,,,,,verified,false,x\n"
    );
    let errors = read("deadlines", &csv).unwrap_err();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(errors[0].starts_with("line 4, column 8 `rule`: unknown rule `foia.nonsense`"), "{}", errors[0]);
    assert!(errors[1].starts_with("line 5, column 9 `due_date`: `due_date` is required"), "{}", errors[1]);

    let good: String = csv.lines().take(3).map(|l| format!("{l}\n")).collect();
    let rows = read("deadlines", &good).unwrap();
    let Item::Deadline(dl) = &rows[0].item else { panic!("{:?}", rows[0].item) };
    assert_eq!(
        (dl.due, dl.status, dl.public),
        (d("2027-01-15"), DeadlineStatus::Open, true),
        "a due date may lie ahead"
    );
    assert_eq!(dl.source, "Minute order, Jan. 5");
    assert_eq!(rows[1].item, Item::Computed);
}

fn event(title: &str, outcome: &str) -> Item {
    Item::Event(EventItem {
        kind: EventKind::Determination,
        date: d("2026-02-03"),
        title: title.into(),
        details: String::new(),
        outcome: outcome.into(),
        pages_released: 0,
        pages_withheld_full: 0,
        pages_withheld_part: 0,
        exemptions: Vec::new(),
        public: false,
        verification: Verification::Verified,
    })
}

fn row(line: u64, item: Item) -> (i32, TimelineRow) {
    (9, TimelineRow { line, key: (2, "C-1".into()), agency: "CBP".into(), number: "C-1".into(), item })
}

#[test]
fn rows_already_there_are_skipped_or_updated_never_duplicated() {
    let stored = HashMap::from([
        (item_key(9, &event("Same", "granted")), (70, event("Same", "granted"))),
        (item_key(9, &event("Changed", "granted")), (71, event("Changed", "granted"))),
    ]);
    let rows = || {
        vec![
            row(2, event("Same", "granted")),
            row(3, event("Changed", "denied")),
            row(4, event("New", "denied")),
            row(5, event("New", "denied")),
        ]
    };
    let actions = |on| {
        let mut warnings = Vec::new();
        let out: Vec<Action> = decide(rows(), &stored, on, &mut warnings).iter().map(|p| p.action).collect();
        (out, warnings.iter().map(ToString::to_string).collect::<Vec<_>>())
    };
    let (skip, warnings) = actions(OnDuplicate::Skip);
    assert_eq!(skip, vec![Action::Skip, Action::Skip, Action::New, Action::Skip]);
    assert_eq!(warnings, vec!["line 5: the same as line 4; this row is skipped"]);
    let (update, _) = actions(OnDuplicate::Update);
    assert_eq!(update, vec![Action::Unchanged, Action::Update(71), Action::New, Action::Skip]);
}
