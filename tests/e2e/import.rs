//! CSV import (`docket import`): malformed files name the line and column
//! and write nothing; good files, in every encoding and date format, become
//! matters with their events and the deadlines the engine computes; a second
//! import skips or updates, never duplicates.

use crate::support::{TABLES, count, table_exists};
use app::server::{
    entities::{deadline, event, matter},
    import::{OnDuplicate, mapping::Mapping, stored},
    services::deadlines::recompute_matter,
};
use e2e::{Engine, TestDb, both};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use server::cli::{
    deadline::DeadlineArgs,
    import::{ImportArgs, execute},
};
use std::path::{Path, PathBuf};

mod timeline;

const TODAY: &str = "2026-03-01";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/import").join(name)
}

fn args(file: PathBuf, mapping: &str, agency: Option<&str>) -> ImportArgs {
    ImportArgs {
        file,
        mapping: mapping.into(),
        dry_run: false,
        organization: Some("border-privacy-clinic".into()),
        on_duplicate: OnDuplicate::Skip,
        agency: agency.map(String::from),
        date_format: None,
        save_mapping: None,
        today: TODAY.parse().ok(),
    }
}

/// Runs the import; returns the exit code, standard output and errors.
async fn run(db: &DatabaseConnection, a: &ImportArgs) -> anyhow::Result<(u8, String, String)> {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = execute(db, a, &mut out, &mut err, false).await?;
    Ok((code, String::from_utf8(out)?, String::from_utf8(err)?))
}

async fn seeded(engine: Engine) -> anyhow::Result<(TestDb, DatabaseConnection)> {
    let tdb = TestDb::create(engine).await?;
    let db = tdb.connect().await?;
    server::db::migrate(&db).await?;
    seed::load_dir(&db, Path::new(seed::DEFAULT_DIR)).await?;
    Ok((tdb, db))
}

async fn counts(db: &DatabaseConnection) -> anyhow::Result<Vec<(&'static str, i64)>> {
    let mut out = Vec::new();
    for t in TABLES {
        out.push((t, count(db, t).await?));
    }
    Ok(out)
}

async fn matter_by_tracking(db: &DatabaseConnection, tracking: &str) -> anyhow::Result<matter::Model> {
    matter::Entity::find()
        .filter(matter::Column::AgencyTrackingNumber.eq(tracking))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no matter {tracking}"))
}

async fn deadlines_of(db: &DatabaseConnection, id: i32) -> anyhow::Result<Vec<deadline::Model>> {
    Ok(deadline::Entity::find()
        .filter(deadline::Column::MatterId.eq(id))
        .order_by_asc(deadline::Column::Id)
        .all(db)
        .await?)
}

/// (file, default agency, the error it must print)
const MALFORMED: &[(&str, Option<&str>, &str)] = &[
    ("empty.csv", None, "error: line 1: the file is empty: there is no header and no row"),
    ("blank_lines_only.csv", None, "error: line 1: the file is empty"),
    ("only_header.csv", None, "error: line 1: the file has a header but no rows"),
    ("impossible_date.csv", None, "error: line 4, column 2 `Received Date`: `2025-02-30` is not a calendar date"),
    (
        "wrong_column_count.csv",
        None,
        "error: line 3: the row has 10 cells but the header has 9 columns; a cell with a comma must be quoted",
    ),
    ("unknown_agency.csv", Some("CBP"), "error: line 3, column 3 `Agency`: unknown agency `FBI` (known: CBP, DHS"),
    ("unknown_component.csv", None, "error: line 2, column 6 `Component`: unknown agency `FEMA`"),
    ("no_tracking_column.csv", None, "error: line 1: no column holds `tracking_number`"),
    ("missing_tracking_number.csv", None, "error: line 3, column 1 `Request Number`: `tracking_number` is required"),
    ("future_date.csv", None, "error: line 2, column 2 `Received Date`: 2027-01-04 is in the future"),
    ("closed_before_received.csv", None, "error: line 2, column 7 `Closed Date`: closed on 2025-10-01, before"),
    (
        "disposition_without_closed_date.csv",
        None,
        "error: line 2, column 8 `Disposition`: disposition `Full Grant` has no closed date",
    ),
    ("unclosed_quote.csv", None, "error: line 3: a quoted cell that starts in this row is never closed"),
    ("duplicate_header.csv", None, "error: line 1, column 3 `received date`: repeats the header of column 2"),
    ("windows1252_bad_date.csv", None, "error: line 3, column 2 `Received Date`: `13/45/2025` is not a calendar date"),
    (
        "mixed_date_formats.csv",
        None,
        "error: line 4, column 2 `Received Date`: `2025-11-05` is not a date written like 12/26/2025",
    ),
    ("no_agency.csv", None, "error: line 2: the row names no agency and no default agency was given (use --agency)"),
];

both!(malformed_files_name_line_and_column_and_write_nothing, |engine| async move {
    let (tdb, db) = seeded(engine).await?;
    let before = counts(&db).await?;
    for (file, agency, expected) in MALFORMED {
        let (code, _, err) = run(&db, &args(fixture(file), "foia-log", *agency)).await?;
        assert_eq!(code, 2, "{file}: {err}");
        assert!(err.lines().any(|l| l.starts_with(expected)), "{file}: expected `{expected}` in:\n{err}");
        assert!(err.contains("nothing was imported"), "{file}: {err}");
        assert_eq!(counts(&db).await?, before, "{file} wrote nothing");
    }
    let mut dry = args(fixture("good_foia_log.csv"), "foia-log", Some("DHS"));
    dry.dry_run = true;
    let (code, out, _) = run(&db, &dry).await?;
    assert_eq!(code, 0);
    assert!(out.contains("would create 5 matters (9 events, 7 deadlines)"), "{out}");
    assert!(out.contains("line 8 [new] DHS DHS-2026-000301"), "the preview: {out}");
    assert_eq!(counts(&db).await?, before, "a dry run writes nothing");
    let (code, _, err) = run(&db, &args(fixture("good_foia_log.csv"), "foia-log", Some("FBI"))).await?;
    assert_eq!(
        (code, err.trim()),
        (2, "error: agency: unknown agency `FBI` (known: CBP, DHS, DOJ, ICE, OBIM, OIP, TSA, USCIS)")
    );
    tdb.cleanup().await;
    anyhow::Ok(())
});

fn cli_due(rule: &str, trigger: &str) -> anyhow::Result<String> {
    let a = DeadlineArgs {
        rule: Some(rule.into()),
        trigger: Some(trigger.into()),
        agency: Some("CBP".into()),
        calendar: "federal".into(),
        ..Default::default()
    };
    let mut out = Vec::new();
    server::cli::deadline::run(&a, &mut out)?;
    Ok(String::from_utf8(out)?.lines().next().unwrap_or_default().to_string())
}

both!(a_foia_log_becomes_requests_with_events_and_deadlines, |engine| async move {
    let (tdb, db) = seeded(engine).await?;
    let sqlite = engine == Engine::Sqlite;
    assert!(!(sqlite && table_exists(&db, "sqlite_stat1").await), "no planner statistics before");
    let before = (count(&db, "matters").await?, count(&db, "events").await?, count(&db, "deadlines").await?);
    let (code, out, err) = run(&db, &args(fixture("good_foia_log.csv"), "foia-log", Some("DHS"))).await?;
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("imported: created 5 matters (9 events, 7 deadlines)"), "{out}");
    assert!(err.contains("warning: line 7: the row has 8 of 9 cells"), "{err}");
    let after = (count(&db, "matters").await?, count(&db, "events").await?, count(&db, "deadlines").await?);
    assert_eq!(after, (before.0 + 5, before.1 + 9, before.2 + 7));

    let m = matter_by_tracking(&db, "CBP-2025-000101").await?;
    assert_eq!((m.kind.as_str(), m.status.as_str(), m.public), ("foia_request", "partially_granted", false));
    assert_eq!(m.requester, "Ana Lopez (Border Privacy Clinic)");
    assert_eq!(m.title, "Records of facial comparison at San Ysidro, 2024-2025");
    assert!(m.summary.ends_with("Track: Complex"), "{}", m.summary);
    let ds = deadlines_of(&db, m.id).await?;
    let rules: Vec<(&str, &str)> = ds.iter().map(|d| (d.rule_id.as_deref().unwrap_or(""), d.status.as_str())).collect();
    assert_eq!(
        rules,
        vec![("foia.response", "missed"), ("foia.appeal_window", "open")],
        "decided after the response was due"
    );
    assert_eq!(ds[0].due_date.to_string(), cli_due("foia.response", "2025-11-03")?, "the engine's date");
    assert_eq!(ds[1].due_date.to_string(), cli_due("foia.appeal_window", "2025-12-15")?);
    let determination = event::Entity::find_by_id(ds[0].met_by_event_id.unwrap_or_default()).one(&db).await?;
    assert_eq!(determination.map(|e| (e.kind, e.outcome)), Some(("determination".into(), "partially_granted".into())));

    let open = matter_by_tracking(&db, "CBP-2025-000102").await?;
    assert_eq!(open.summary, "Biometric exit pilot\ncontracts and statements of work\nTrack: Simple");
    assert_eq!(deadlines_of(&db, open.id).await?[0].status, "missed", "no answer by {TODAY}");
    let dhs = matter_by_tracking(&db, "DHS-2026-000301").await?;
    assert!(dhs.summary.contains("Component: PRIV"), "{}", dhs.summary);
    assert_eq!(matter_by_tracking(&db, "CBP-2025-000103").await?.status, "closed", "withdrawn");
    assert!(matter_by_tracking(&db, "ICE-2025-000201").await?.expedited_requested);

    for tracking in ["CBP-2025-000101", "CBP-2025-000102", "ICE-2025-000201", "CBP-2025-000103", "DHS-2026-000301"] {
        let m = matter_by_tracking(&db, tracking).await?;
        let r = recompute_matter(&db, None, m.id, TODAY.parse()?, "check").await?;
        assert_eq!((r.updated, r.created, r.vacated), (0, 0, 0), "{tracking}: stored as recompute would store it");
    }
    if sqlite {
        let analysed = count(&db, "sqlite_stat1 WHERE tbl = 'matters'").await?;
        assert!(analysed > 0, "the commit brought SQLite's planner statistics up to date");
    }
    tdb.cleanup().await;
    anyhow::Ok(())
});

both!(reimports_skip_or_update_and_never_duplicate, |engine| async move {
    let (tdb, db) = seeded(engine).await?;
    let good = args(fixture("good_foia_log.csv"), "foia-log", Some("DHS"));
    assert_eq!(run(&db, &good).await?.0, 0);
    let core = ["matters", "events", "deadlines"];
    let snapshot = |db: DatabaseConnection| async move {
        let mut v = Vec::new();
        for t in core {
            v.push(count(&db, t).await?);
        }
        anyhow::Ok(v)
    };
    let once = snapshot(db.clone()).await?;
    let (code, out, _) = run(&db, &good).await?;
    assert_eq!(code, 0);
    assert!(out.contains("created 0 matters (0 events, 0 deadlines), updated 0, unchanged 0, skipped 5"), "{out}");
    assert_eq!(snapshot(db.clone()).await?, once);

    let changed = std::fs::read_to_string(fixture("good_foia_log.csv"))?.replace(
        "Sam Reyes,,\"Biometric exit pilot\ncontracts and statements of work\",CBP,,,Simple",
        "Sam Reyes,,\"Biometric exit pilot\ncontracts and statements of work\",CBP,2026-02-20,Full Denial Based on Exemptions,Simple",
    );
    let path = std::env::temp_dir().join(format!("docket-import-{}.csv", uuid::Uuid::new_v4().simple()));
    std::fs::write(&path, changed)?;
    let mut update = args(path.clone(), "foia-log", Some("DHS"));
    update.on_duplicate = OnDuplicate::Update;
    let (code, out, err) = run(&db, &update).await?;
    std::fs::remove_file(&path)?;
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("created 0 matters (1 event, 0 deadlines), updated 1, unchanged 4, skipped 0"), "{out}");
    let m = matter_by_tracking(&db, "CBP-2025-000102").await?;
    assert_eq!(m.status, "denied");
    let rules: Vec<String> = deadlines_of(&db, m.id).await?.into_iter().filter_map(|d| d.rule_id).collect();
    assert_eq!(rules, vec!["foia.response", "foia.appeal_window"]);
    assert_eq!(snapshot(db.clone()).await?, vec![once[0], once[1] + 1, once[2] + 1]);

    let (code, out, err) = run(&db, &args(fixture("duplicates_in_file.csv"), "foia-log", None)).await?;
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("warning: line 4: CBP cbp-1 is also on line 2; this row is skipped"), "{err}");
    assert!(out.contains("created 2 matters"), "{out}");
    assert_eq!(snapshot(db.clone()).await?[0], once[0] + 2);
    tdb.cleanup().await;
    anyhow::Ok(())
});

both!(encodings_date_formats_and_mappings_import, |engine| async move {
    let (tdb, db) = seeded(engine).await?;
    for (file, mapping, agency, expected) in [
        ("bom_us_dates.csv", "foia-log", Some("ICE"), "created 2 matters (3 events, 3 deadlines)"),
        ("windows1252.csv", "foia-log", Some("CBP"), "created 2 matters (2 events, 2 deadlines)"),
        ("serial_dates.csv", "foia-log", Some("OBIM"), "created 2 matters (3 events, 3 deadlines)"),
        ("tab_separated.tsv", "foia-log", None, "created 1 matter (1 event, 1 deadline)"),
        ("matters.csv", "matters", None, "created 3 matters (5 events, 3 deadlines)"),
    ] {
        let (code, out, err) = run(&db, &args(fixture(file), mapping, agency)).await?;
        assert_eq!(code, 0, "{file}: {out}{err}");
        assert!(out.contains(expected), "{file}: {out}");
    }
    let ice = matter_by_tracking(&db, "2026-ICFO-00011").await?;
    assert_eq!((ice.requester.as_str(), ice.status.as_str()), ("Ana López", "denied"));
    let cafe = matter_by_tracking(&db, "CBP-2025-7001").await?;
    assert_eq!((cafe.requester.as_str(), cafe.title.as_str()), ("Café Ñandú", "“Biometric exit” – Atlanta airport"));
    assert!(matter_by_tracking(&db, "CBP-2025-7002").await?.summary.contains("Component: Office of Field Operations"));
    let obim = matter_by_tracking(&db, "OBIM-2025-01").await?;
    let dates: Vec<String> = event::Entity::find()
        .filter(event::Column::MatterId.eq(obim.id))
        .order_by_asc(event::Column::Date)
        .all(&db)
        .await?
        .into_iter()
        .map(|e| format!("{} {}", e.kind, e.date))
        .collect();
    assert_eq!(dates, vec!["received 2025-11-03", "determination 2025-12-26"]);
    let suit = matter::Entity::find().filter(matter::Column::DocketNumber.eq("1:26-cv-00123")).one(&db).await?;
    let suit = suit.ok_or_else(|| anyhow::anyhow!("the lawsuit"))?;
    assert_eq!((suit.kind.as_str(), suit.status.as_str(), suit.court.as_str()), ("lawsuit", "pending", "D.D.C."));
    let answer = deadlines_of(&db, suit.id).await?;
    assert_eq!(answer.iter().filter_map(|d| d.rule_id.as_deref()).collect::<Vec<_>>(), vec!["litigation.answer"]);
    assert_eq!(matter_by_tracking(&db, "CBP-APP-2026-5").await?.status, "appealed", "a status column wins");
    tdb.cleanup().await;
    anyhow::Ok(())
});

both!(stored_mappings_name_columns_and_formats, |engine| async move {
    let (tdb, db) = seeded(engine).await?;
    let org = app::server::entities::organization::Entity::find()
        .filter(app::server::entities::organization::Column::Slug.eq("border-privacy-clinic"))
        .one(&db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("org"))?;
    let mapping: Mapping = serde_json::from_str(
        r#"{"target":"foia_log","columns":{"Ref":"tracking_number","In":"received_date","Notes":"ignore"},"date_format":"day_month_name","agency":"TSA"}"#,
    )?;
    stored::save(&db, org.id, None, "tsa-log", "tsa.csv", &mapping).await?;
    assert!(stored::save(&db, org.id, None, "foia-log", "x", &mapping).await.is_err(), "built-in names are taken");
    let path = std::env::temp_dir().join(format!("docket-import-{}.csv", uuid::Uuid::new_v4().simple()));
    std::fs::write(&path, "Ref,In,Notes\nTSA-1,05-Jan-2026,x\nTSA-2,2026-01-06,y\n")?;
    let (code, _, err) = run(&db, &args(path.clone(), "tsa-log", None)).await?;
    assert_eq!(code, 2);
    assert!(err.contains("error: line 3, column 2 `In`: `2026-01-06` is not a date written like 26-Dec-2025"), "{err}");
    std::fs::write(&path, "Ref,In,Notes\nTSA-1,05-Jan-2026,x\n")?;
    let (code, out, err) = run(&db, &args(path.clone(), "tsa-log", None)).await?;
    std::fs::remove_file(&path)?;
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("column 3 `Notes` -> (not imported)") && out.contains("created 1 matter "), "{out}");
    let tsa = matter_by_tracking(&db, "TSA-1").await?;
    assert_eq!(tsa.title, "TSA FOIA request TSA-1");
    let (code, _, err) = run(&db, &args(fixture("good_foia_log.csv"), "nope", None)).await?;
    assert_eq!(
        (code, err.trim()),
        (2, "error: mapping: there is no mapping `nope` (known: foia-log, matters, events, deadlines, tsa-log)")
    );
    tdb.cleanup().await;
    anyhow::Ok(())
});
