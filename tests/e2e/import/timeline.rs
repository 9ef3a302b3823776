//! `docket import --mapping events|deadlines`: rows are added to matters
//! already in Docket, found by agency and tracking or docket number; a bad
//! file names line and column and writes nothing; a second import skips
//! what the first added; the matter's deadlines follow its new events.
//! And two imports of one file into one organisation at the same time
//! create each matter once.

use super::{args, counts, deadlines_of, fixture, matter_by_tracking, run, seeded};
use crate::support::count;
use app::server::{
    entities::{audit_entry, deadline, event},
    import::OnDuplicate,
};
use e2e::both;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

/// (file, mapping, the error it must print)
const MALFORMED: &[(&str, &str, &str)] = &[
    (
        "events_unknown_matter.csv",
        "events",
        "error: line 3: there is no matter CBP DEMO-CBP-2099-0404 in Docket: import the matters first",
    ),
    ("events_bad_outcome.csv", "events", "error: line 2, column 6 `outcome`: unknown outcome `maybe`"),
    ("events_no_kind_column.csv", "events", "error: line 1: no column holds `event_kind` (headers such as `kind`"),
    ("deadlines_unknown_rule.csv", "deadlines", "error: line 2, column 4 `rule`: unknown rule `court.maybe`"),
];

both!(bad_events_and_deadlines_files_name_line_and_column_and_write_nothing, |engine| async move {
    let (tdb, db) = seeded(engine).await?;
    let before = counts(&db).await?;
    for (file, mapping, expected) in MALFORMED {
        let (code, _, err) = run(&db, &args(fixture(file), mapping, None)).await?;
        assert_eq!(code, 2, "{file}: {err}");
        assert!(err.lines().any(|l| l.starts_with(expected)), "{file}: expected `{expected}` in:\n{err}");
        assert_eq!(counts(&db).await?, before, "{file} wrote nothing");
    }
    db.close().await?;
    tdb.cleanup().await;
    Ok(())
});

both!(imported_events_move_deadlines_and_are_not_added_twice, |engine| async move {
    let (tdb, db) = seeded(engine).await?;
    let dir = std::env::temp_dir().join(format!("docket_events_{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir)?;
    let file = dir.join("events.csv");
    // The ICE request (received 2025-12-19 in the demo, acknowledged, no
    // answer) gets a fee question and a determination: its response
    // deadline is met.
    std::fs::write(
        &file,
        "agency,tracking_number,date,kind,title,outcome,exemptions,public\n\
         ICE,DEMO-ICE-2025-0001,2026-01-09,fee_requested,Fee estimate,,,false\n\
         ICE,DEMO-ICE-2025-0001,2026-02-20,determination,Partial grant,partially_granted,\"b6, b7c\",true\n",
    )?;
    let m = matter_by_tracking(&db, "DEMO-ICE-2025-0001").await?;
    let response = |ds: &[app::server::entities::deadline::Model]| {
        ds.iter().find(|d| d.rule_id.as_deref() == Some("foia.response")).map(|d| d.status.clone())
    };
    let before = response(&deadlines_of(&db, m.id).await?);

    let mut dry = args(file.clone(), "events", None);
    dry.dry_run = true;
    let (code, out, err) = run(&db, &dry).await?;
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("would add 2 events"), "{out}");
    assert_eq!(response(&deadlines_of(&db, m.id).await?), before, "a dry run writes nothing");

    let (code, out, err) = run(&db, &args(file.clone(), "events", None)).await?;
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("imported: added 2 events (1 matter recomputed)"), "{out}");
    assert_eq!(response(&deadlines_of(&db, m.id).await?).as_deref(), Some("met"), "was {before:?}");
    // Each import leaves one audit entry saying what it did; nothing else may change.
    let without_audit =
        |c: Vec<(&'static str, i64)>| c.into_iter().filter(|(t, _)| *t != "audit_log").collect::<Vec<_>>();
    let after = without_audit(counts(&db).await?);

    let (code, out, _) = run(&db, &args(file.clone(), "events", None)).await?;
    assert_eq!(code, 0);
    assert!(out.contains("added 0 events") && out.contains("skipped 2"), "{out}");
    assert_eq!(without_audit(counts(&db).await?), after, "nothing is added twice");

    let mut update = args(file, "events", None);
    update.on_duplicate = OnDuplicate::Update;
    let (code, out, _) = run(&db, &update).await?;
    assert_eq!(code, 0);
    assert!(out.contains("updated 0, unchanged 2"), "the same values change nothing: {out}");
    std::fs::remove_dir_all(&dir)?;
    db.close().await?;
    tdb.cleanup().await;
    Ok(())
});

/// Audit entries of `entity` rows created on matter `matter_id`: (row id, what).
async fn created(db: &DatabaseConnection, entity: &str, matter_id: i32) -> anyhow::Result<Vec<(i32, String)>> {
    let rows = audit_entry::Entity::find()
        .filter(audit_entry::Column::Entity.eq(entity))
        .filter(audit_entry::Column::Action.eq("create"))
        .filter(audit_entry::Column::MatterId.eq(matter_id))
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|a| (a.entity_id, a.new_value.unwrap_or_default())).collect())
}

both!(a_long_timeline_is_written_in_batches_each_row_with_its_audit_entry, |engine| async move {
    let (tdb, db) = seeded(engine).await?;
    let dir = std::env::temp_dir().join(format!("docket_batches_{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir)?;
    // 2,345 events and 1,234 court-ordered deadlines: several statements each.
    let mut events = String::from("agency,tracking_number,date,kind,title,details\n");
    for i in 0..2345 {
        events.push_str(&format!("ICE,DEMO-ICE-2025-0001,2026-01-09,other,Letter {i},Note {i}\n"));
    }
    let mut deadlines = String::from("agency,tracking_number,due_date,title,status,source\n");
    for i in 0..1234 {
        deadlines.push_str(&format!("ICE,DEMO-ICE-2025-0001,2027-02-01,Filing {i},open,Order of the court\n"));
    }
    let (events_file, deadlines_file) = (dir.join("events.csv"), dir.join("deadlines.csv"));
    std::fs::write(&events_file, events)?;
    std::fs::write(&deadlines_file, deadlines)?;
    let m = matter_by_tracking(&db, "DEMO-ICE-2025-0001").await?;
    let (events_before, audit_before) = (created(&db, "event", m.id).await?.len(), count(&db, "audit_log").await?);

    let (code, out, err) = run(&db, &args(events_file, "events", None)).await?;
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("imported: added 2,345 events (1 matter recomputed)"), "{out}");
    let (code, out, err) = run(&db, &args(deadlines_file, "deadlines", None)).await?;
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("imported: added 1,234 court-ordered deadlines"), "{out}");

    let stored = event::Entity::find()
        .filter(event::Column::MatterId.eq(m.id))
        .filter(event::Column::Kind.eq("other"))
        .all(&db)
        .await?;
    let letters: Vec<&event::Model> = stored.iter().filter(|e| e.title.starts_with("Letter ")).collect();
    assert_eq!(letters.len(), 2345, "every row, once");
    let e = letters.iter().find(|e| e.title == "Letter 1999").expect("a row of the second statement");
    assert_eq!((e.details.as_str(), e.date.to_string().as_str()), ("Note 1999", "2026-01-09"));
    let audit: std::collections::HashMap<i32, String> = created(&db, "event", m.id).await?.into_iter().collect();
    assert_eq!(audit.len(), events_before + 2345, "one audit entry per event");
    assert!(letters.iter().all(|e| audit.get(&e.id).map(String::as_str) == Some("other 2026-01-09")));

    let filings: Vec<deadline::Model> =
        deadlines_of(&db, m.id).await?.into_iter().filter(|d| d.title.starts_with("Filing ")).collect();
    assert_eq!(filings.len(), 1234);
    assert!(filings.iter().all(|d| d.rule_id.as_deref() == Some("court.ordered") && d.source == "Order of the court"));
    let audit: std::collections::HashMap<i32, String> = created(&db, "deadline", m.id).await?.into_iter().collect();
    let f = filings.iter().find(|d| d.title == "Filing 1200").expect("a row of the second statement");
    assert_eq!(audit.get(&f.id).map(String::as_str), Some("Filing 1200 due 2027-02-01 (imported from deadlines.csv)"));
    // One entry per new row, one per import, and the recomputation's own.
    assert!(count(&db, "audit_log").await? >= audit_before + 2345 + 1234 + 2);
    std::fs::remove_dir_all(&dir)?;
    db.close().await?;
    tdb.cleanup().await;
    Ok(())
});

both!(concurrent_imports_of_one_file_create_each_matter_once, |engine| async move {
    let (tdb, db) = seeded(engine).await?;
    let a = args(fixture("good_foia_log.csv"), "foia-log", Some("CBP"));
    let (first, second) = tokio::join!(run(&db, &a), run(&db, &a));
    let (first, second) = (first?, second?);
    assert_eq!((first.0, second.0), (0, 0), "{first:?}\n{second:?}");
    let created: Vec<&str> = [&first.1, &second.1].iter().map(|o| o.lines().last().unwrap_or_default()).collect();
    assert!(
        created.iter().any(|l| l.contains("created 0 matters")),
        "one import finds the other's matters and skips them: {created:?}"
    );
    db.close().await?;
    tdb.cleanup().await;
    Ok(())
});
