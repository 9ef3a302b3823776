//! Export → import → export: the matters list an attorney downloads
//! (`/export/matters.csv`) imports with the built-in `matters` mapping into
//! a fresh database (reference data and one admin, no matters), and that
//! database exports the same matters again.
//!
//! Compared: title, kind, status, agency, tracking and docket numbers,
//! court, requester and summary — every column the `matters` mapping reads.
//! Not compared, because the matters CSV cannot carry them back:
//! - `slug`, `created_at`, `updated_at`: made anew by the import;
//! - `public`, `verification`: an import files private, verified matters
//!   (publishing is an attorney's decision, made in Docket);
//! - `agency_name`: the agency's name, not read (the `agency` column is);
//! - `judge`, `parties`, `counsel`, `fee_category`, `fee_waiver_requested`,
//!   `expedited_requested`: no import field holds them;
//! - `next_deadline`, `next_deadline_title`, `may_sue_since`: derived from
//!   the events, which are in the events export, not in the matters CSV.
//!
//! Then the events and the deadlines: the events export imports with the
//! `events` mapping (in the app) and the deadlines export with `deadlines`
//! (`docket import`, which keeps court-ordered deadlines and leaves the
//! computed ones to the engine); exported again, every event and every
//! deadline is the same in every column but `id`, `matter` (the slug) and
//! `updated_at`, including each deadline's explanation and provisions.
//!
//! Matters with neither a tracking nor a docket number do not round-trip:
//! the engine refuses such rows (a later import could not find the matter
//! again, and would duplicate it). The test checks that the whole export is
//! refused for exactly those rows, then imports the others.

use super::{commit, finished, upload};
use app::{
    domain::vocab::Role,
    server::services::directory::{NewUser, ensure_organization, ensure_user},
};
use e2e::{TestDb, both, signed_in, spawn_app};
use reqwest::{Client, StatusCode};
use sea_orm::ConnectionTrait;
use std::path::PathBuf;

const COMPARED: [&str; 9] =
    ["title", "kind", "status", "agency", "tracking_number", "docket_number", "court", "requester", "summary"];

/// The export without its rows that have no tracking or docket number,
/// and how many those were.
fn keyed_only(csv_text: &str) -> anyhow::Result<(String, usize)> {
    let mut reader = csv::Reader::from_reader(csv_text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers()?.clone();
    let col = |name: &str| headers.iter().position(|h| h == name).ok_or_else(|| anyhow::anyhow!("no column {name}"));
    let (tracking, docket) = (col("tracking_number")?, col("docket_number")?);
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&headers)?;
    let mut dropped = 0;
    for record in reader.records() {
        let record = record?;
        if record.get(tracking).unwrap_or_default().is_empty() && record.get(docket).unwrap_or_default().is_empty() {
            dropped += 1;
        } else {
            writer.write_record(&record)?;
        }
    }
    Ok((String::from_utf8(writer.into_inner()?)?, dropped))
}

/// The compared columns of each row of a matters export.
fn rows(csv_text: &str) -> anyhow::Result<Vec<Vec<String>>> {
    let mut reader = csv::Reader::from_reader(csv_text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers()?.clone();
    let index: Vec<usize> = COMPARED
        .iter()
        .map(|c| headers.iter().position(|h| h == *c).ok_or_else(|| anyhow::anyhow!("no column {c}")))
        .collect::<anyhow::Result<_>>()?;
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record?;
        out.push(index.iter().map(|i| record.get(*i).unwrap_or_default().to_string()).collect());
    }
    Ok(out)
}

/// Every row of an export, as `header=value` cells without the columns
/// `skip`, sorted (ids and slugs differ between databases).
fn sorted(csv_text: &str, skip: &[&str]) -> anyhow::Result<Vec<Vec<String>>> {
    let mut reader = csv::Reader::from_reader(csv_text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers()?.clone();
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record?;
        let cells =
            headers.iter().zip(record.iter()).filter(|(h, _)| !skip.contains(h)).map(|(h, v)| format!("{h}={v}"));
        out.push(cells.collect());
    }
    out.sort();
    Ok(out)
}

/// Imports a deadlines export with `docket import --mapping deadlines`.
async fn import_deadlines(db: &sea_orm::DatabaseConnection, csv_text: &str) -> anyhow::Result<()> {
    let file = std::env::temp_dir().join(format!("docket_deadlines_{}.csv", uuid::Uuid::new_v4().simple()));
    std::fs::write(&file, csv_text)?;
    let args = server::cli::import::ImportArgs {
        file,
        mapping: "deadlines".into(),
        dry_run: false,
        organization: Some("restored".into()),
        on_duplicate: app::server::import::OnDuplicate::Skip,
        agency: None,
        date_format: None,
        save_mapping: None,
        today: None,
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = server::cli::import::execute(db, &args, &mut out, &mut err, false).await;
    std::fs::remove_file(&args.file)?;
    let code = code?;
    let (out, err) = (String::from_utf8(out)?, String::from_utf8(err)?);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("imported: added") && out.contains("court-ordered deadlines"), "{out}");
    assert!(err.contains("computes from the events"), "computed deadlines are named, not imported: {err}");
    Ok(())
}

async fn export(base: &str, client: &Client) -> anyhow::Result<String> {
    export_list(base, client, "matters").await
}

async fn export_list(base: &str, client: &Client, list: &str) -> anyhow::Result<String> {
    let res = client.get(format!("{base}/export/{list}.csv")).send().await?;
    anyhow::ensure!(res.status() == StatusCode::OK, "export: {}", res.status());
    Ok(res.text().await?)
}

both!(exported_matters_import_into_a_fresh_database_and_export_the_same, |engine| async move {
    let first = spawn_app(engine).await?;
    // Cells the export escapes against spreadsheet formulas (`'=…`) must
    // read back as written.
    let tvs = "(SELECT id FROM matters WHERE agency_tracking_number = 'DEMO-CBP-2026-0001')";
    for sql in [
        format!("UPDATE matters SET title = '=HYPERLINK(\"x\") TVS request' WHERE id = {tvs}"),
        format!(
            "UPDATE events SET details = '-3 days, +2 pages' WHERE id = (SELECT MIN(id) FROM events WHERE matter_id = {tvs})"
        ),
    ] {
        first.db.execute_unprepared(&sql).await?;
    }
    let exported = export(&first.base, &signed_in(&first.base, "attorney", "attorney-demo").await?).await?;
    assert!(exported.contains("'=HYPERLINK"), "the export escapes the formula-like title");
    let (keyed, keyless) = keyed_only(&exported)?;
    let expected = rows(&keyed)?;
    assert!(expected.len() >= 5 && keyless > 0, "the demo data exports both kinds: {exported}");

    let fresh = TestDb::create(engine).await?;
    let db = fresh.connect().await?;
    server::db::migrate(&db).await?;
    seed::load_reference(&db, std::path::Path::new(seed::DEFAULT_DIR)).await?;
    let org = ensure_organization(&db, "restored", "Restored clinic", "").await?;
    let admin = NewUser {
        username: "restorer",
        name: "Re Storer",
        email: "",
        role: Role::Admin,
        organization_id: org,
        password: "restorer-pass-1",
    };
    ensure_user(&db, admin).await?;
    let site_root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/site");
    let second = server::startup::Application::build(db.clone(), "127.0.0.1:0".parse()?, &site_root, None).await?;
    let base = format!("http://{}", second.addr());
    tokio::spawn(second.run());
    let client = signed_in(&base, "restorer", "restorer-pass-1").await?;

    let (_, page) = upload(&base, &client, "matters.csv", exported.into_bytes(), &[("mapping", "matters")]).await?;
    let refused = client.get(format!("{base}{page}")).send().await?.text().await?;
    assert!(refused.contains(&format!("{keyless} problems: nothing can be imported")), "{refused}");
    assert_eq!(refused.matches("<td>the row needs a tracking number or a docket number").count(), keyless);
    let (status, page) = upload(&base, &client, "matters.csv", keyed.into_bytes(), &[("mapping", "matters")]).await?;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    let preview = client.get(format!("{base}{page}")).send().await?.text().await?;
    assert!(preview.contains(&format!("Import {} rows", expected.len())), "{preview}");
    commit(&base, &client, &page, "").await?;
    let done = finished(&base, &client, &page).await?;
    assert!(done.contains(&format!("Imported: created {} matters", expected.len())), "{done}");

    let again = rows(&export(&base, &client).await?)?;
    assert_eq!(again.len(), expected.len());
    for (a, b) in expected.iter().zip(&again) {
        assert_eq!(a, b, "columns {COMPARED:?}");
    }

    let source = signed_in(&first.base, "attorney", "attorney-demo").await?;
    let (events, _) = keyed_only(&export_list(&first.base, &source, "events").await?)?;
    let (deadlines, _) = keyed_only(&export_list(&first.base, &source, "deadlines").await?)?;
    let (status, page) =
        upload(&base, &client, "events.csv", events.clone().into_bytes(), &[("mapping", "events")]).await?;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    let preview = client.get(format!("{base}{page}")).send().await?.text().await?;
    assert!(events.contains("'-3 days, +2 pages"), "the export escapes the formula-like cell");
    let n = sorted(&events, &[])?.len();
    assert!(n >= 30, "the demo's keyed matters have their timelines: {n} events");
    assert!(preview.contains(&format!("The import would add {n} events")), "{preview}");
    commit(&base, &client, &page, "").await?;
    let done = finished(&base, &client, &page).await?;
    assert!(done.contains(&format!("Imported: added {n} events")), "{done}");
    let (_, page) = upload(&base, &client, "events.csv", events.clone().into_bytes(), &[("mapping", "events")]).await?;
    let again = client.get(format!("{base}{page}")).send().await?.text().await?;
    assert!(again.contains(&format!("would add 0 events; updated 0, unchanged 0, skipped {n}")), "{again}");
    assert!(again.contains("Nothing to import") && !again.contains("Import 0 rows"), "no button to import nothing");
    import_deadlines(&db, &deadlines).await?;
    // The export's `'` guard is not part of the value: the import stores the
    // text as it was (comparing exports alone could not tell).
    for (sql, want) in [
        (format!("SELECT title FROM matters WHERE id = {tvs}"), "=HYPERLINK(\"x\") TVS request"),
        (
            format!("SELECT details FROM events WHERE matter_id = {tvs} AND details LIKE '%3 days%'"),
            "-3 days, +2 pages",
        ),
    ] {
        let row = db.query_one_raw(sea_orm::Statement::from_string(db.get_database_backend(), sql)).await?;
        let got: String = row.ok_or_else(|| anyhow::anyhow!("no row for {want}"))?.try_get_by_index(0)?;
        assert_eq!(got, want);
    }

    let same_events = sorted(&export_list(&base, &client, "events").await?, &["id", "matter"])?;
    assert_eq!(same_events, sorted(&events, &["id", "matter"])?);
    let skip = ["id", "matter", "updated_at"];
    let same_deadlines = sorted(&export_list(&base, &client, "deadlines").await?, &skip)?;
    let want = sorted(&deadlines, &skip)?;
    assert!(want.iter().any(|r| r.contains(&"rule=court.ordered".to_string())), "the demo has court-ordered deadlines");
    assert!(want.len() >= 10, "{} deadlines", want.len());
    assert_eq!(same_deadlines.len(), want.len());
    for (a, b) in want.iter().zip(&same_deadlines) {
        assert_eq!(a, b);
    }
    db.close().await?;
    fresh.cleanup().await;
    first.cleanup().await;
    Ok(())
});
