//! Exports: what each viewer gets (the public never an unpublished matter,
//! event or deadline, nor a note), the filters of the list pages, formula
//! escaping, streaming of a large list, and the CLI.

use app::{
    domain::vocab::{EventKind, MatterKind, MatterStatus, Verification},
    server::{
        entities::{event, matter, organization},
        services::matters::{self, MatterExtras, NewEvent, NewManualDeadline, NewMatter},
    },
};
use e2e::{TestApp, both, spawn_app};
use reqwest::{Client, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, sea_query::Expr};
use std::collections::BTreeSet;

/// A marker hidden in rows only members may see.
pub const MARK: &str = "Exportcanary4q";
/// A marker in a privileged note, which no export carries.
const NOTE_MARK: &str = "Privnote9z";
/// A marker on a deleted event, which no export carries.
const DELETED_MARK: &str = "Deletedev2k";

/// The demo clinic (the `attorney` account's organisation) and its agency of choice.
pub async fn clinic(app: &TestApp) -> anyhow::Result<(i32, matter::Model)> {
    let org = organization::Entity::find()
        .filter(organization::Column::Slug.eq("border-privacy-clinic"))
        .one(&app.db)
        .await?
        .expect("the clinic");
    let published = matter::Entity::find()
        .filter(matter::Column::OrganizationId.eq(org.id))
        .filter(matter::Column::Public.eq(true))
        .filter(matter::Column::ReviewState.eq("approved"))
        .order_by_asc(matter::Column::Id)
        .one(&app.db)
        .await?
        .expect("a published clinic matter");
    Ok((org.id, published))
}

fn new_event(title: &str, public: bool) -> NewEvent {
    NewEvent {
        kind: EventKind::Other,
        date: chrono::NaiveDate::from_ymd_opt(2025, 3, 3).expect("date"),
        title: title.into(),
        details: format!("{title} details"),
        public,
        verification: Verification::Verified,
        outcome: String::new(),
        pages_released: 0,
        exemptions: vec![],
        pages_withheld: (0, 0),
    }
}

/// A new matter of `org` against the published matter's agency.
pub fn new_matter(slug: &str, title: &str, org: i32, agency: i32, public: bool) -> NewMatter {
    NewMatter {
        slug: slug.into(),
        organization_id: org,
        kind: MatterKind::FoiaRequest,
        title: title.into(),
        agency_id: agency,
        status: MatterStatus::Submitted,
        public,
        agency_tracking_number: String::new(),
        court: String::new(),
        docket_number: String::new(),
        summary: String::new(),
        counsel: String::new(),
        requester: String::new(),
        verification: Verification::Verified,
        verification_note: String::new(),
        extras: MatterExtras::default(),
    }
}

/// Hides markers where only the clinic's members may look: an unpublished
/// event and an unpublished (open, future) deadline on a published matter,
/// an unpublished matter; and a privileged note and a deleted event, which
/// nobody gets. Returns the published matter's slug.
pub async fn plant(app: &TestApp) -> anyhow::Result<String> {
    let (org, published) = clinic(app).await?;
    matters::add_note(&app.db, None, published.id, true, &format!("{NOTE_MARK} strategy")).await?;
    matters::add_event(&app.db, None, published.id, new_event(&format!("{MARK} internal call"), false)).await?;
    let gone = matters::add_event(&app.db, None, published.id, new_event(DELETED_MARK, true)).await?;
    event::Entity::update_many()
        .col_expr(event::Column::DeletedAt, Expr::value(chrono::Utc::now()))
        .filter(event::Column::Id.eq(gone))
        .exec(&app.db)
        .await?;
    let due = chrono::Utc::now().date_naive() + chrono::Days::new(40);
    let deadline = NewManualDeadline {
        title: format!("{MARK} status report"),
        due,
        source: "Minute order".into(),
        verification: Verification::Verified,
        public: false,
    };
    matters::add_manual_deadline(&app.db, None, published.id, deadline).await?;
    let hidden = new_matter("export-private", &format!("{MARK} unpublished request"), org, published.agency_id, false);
    matters::create(&app.db, None, hidden).await?;
    Ok(published.slug)
}

async fn fetch(app: &TestApp, client: &Client, path: &str) -> anyhow::Result<String> {
    let res = client.get(format!("{}{path}", app.base)).send().await?;
    anyhow::ensure!(res.status() == StatusCode::OK, "GET {path}: {}", res.status());
    Ok(res.text().await?)
}

/// Rows of a CSV export as maps from column to cell.
fn csv_rows(body: &str) -> anyhow::Result<Vec<std::collections::HashMap<String, String>>> {
    let body = body.strip_prefix('\u{feff}').unwrap_or(body);
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let header = reader.headers()?.clone();
    reader.records().map(|r| Ok(header.iter().map(String::from).zip(r?.iter().map(String::from)).collect())).collect()
}

const FILES: [&str; 8] = [
    "matters.csv",
    "matters.json",
    "events.csv",
    "events.json",
    "deadlines.csv",
    "deadlines.json",
    "agencies.csv",
    "agencies.json",
];

both!(each_viewer_gets_what_it_may_see, |engine| async move {
    let app = spawn_app(engine).await?;
    plant(&app).await?;
    let public = Client::new();
    for file in FILES {
        let res = public.get(format!("{}/export/{file}", app.base)).send().await?;
        assert_eq!(res.status(), StatusCode::OK, "{file}");
        let disposition = res.headers()["content-disposition"].to_str()?.to_string();
        assert!(disposition.starts_with("attachment; filename=\"docket-"), "{disposition}");
        let body = res.text().await?;
        for mark in [MARK, NOTE_MARK, DELETED_MARK] {
            assert!(!body.contains(mark), "{mark} leaked into the public {file}");
        }
    }
    let public_events = csv_rows(&fetch(&app, &public, "/export/events.csv").await?)?;
    assert!(public_events.iter().all(|r| r["public"] == "true"), "the public gets public events only");
    let attorney = app.demo_client("attorney").await?;
    let other = app.demo_client("otherattorney").await?;
    for (file, expected) in
        [("matters.csv", "export-private"), ("events.csv", "internal call"), ("deadlines.json", "status report")]
    {
        let mine = fetch(&app, &attorney, &format!("/export/{file}")).await?;
        assert!(mine.contains(expected) && !mine.contains(NOTE_MARK) && !mine.contains(DELETED_MARK), "{file}");
        let theirs = fetch(&app, &other, &format!("/export/{file}")).await?;
        assert!(!theirs.contains(MARK), "another organisation got the clinic's {file}");
    }
    app.cleanup().await;
    Ok(())
});

/// The slugs the matters page lists for a filter.
async fn listed(app: &TestApp, filter: &[(&str, &str)]) -> anyhow::Result<BTreeSet<String>> {
    let mut form: Vec<(String, String)> = ["q", "kind", "status", "agency", "theory", "public"]
        .iter()
        .map(|k| (format!("filter[{k}]"), String::new()))
        .collect();
    for (k, v) in filter {
        form.retain(|(key, _)| key != &format!("filter[{k}]"));
        form.push((format!("filter[{k}]"), (*v).to_string()));
    }
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (status, list) = app.call("matters/list", &form).await?;
    anyhow::ensure!(status == StatusCode::OK, "matters/list: {status} {list}");
    Ok(list["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["matter"]["slug"].as_str().expect("slug").to_string())
        .collect())
}

both!(filters_match_the_list_pages, |engine| async move {
    let app = spawn_app(engine).await?;
    let filters: [&[(&str, &str)]; 5] = [
        &[],
        &[("kind", "lawsuit")],
        &[("agency", "dhs")],
        &[("status", "in_litigation")],
        &[("q", "biometric"), ("agency", "cbp")],
    ];
    for filter in filters {
        let query: Vec<String> = filter.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let rows = csv_rows(&app.page(&format!("/export/matters.csv?{}", query.join("&"))).await?)?;
        let exported: BTreeSet<String> = rows.iter().map(|r| r["slug"].clone()).collect();
        assert_eq!(exported, listed(&app, filter).await?, "filter {filter:?}");
        assert!(!exported.is_empty() || filter.len() > 1, "filter {filter:?} should match a demo matter");
    }
    let page = app.page("/matters?kind=lawsuit&agency=cbp").await?;
    assert!(page.contains("/export/matters.csv?kind=lawsuit&amp;agency=cbp"), "the download link keeps the filters");
    let today = chrono::Utc::now().date_naive().to_string();
    let open = csv_rows(&app.page("/export/deadlines.csv?status=open&owed_by=agency").await?)?;
    assert!(open.iter().all(|r| r["status"] == "open" && r["owed_by"] == "agency" && r["due_date"] >= today));
    let missed = csv_rows(&app.page("/export/deadlines.csv?status=missed").await?)?;
    assert!(!missed.is_empty() && missed.iter().all(|r| r["status"] == "missed" && r["due_date"] < today));
    let events: Vec<serde_json::Value> =
        serde_json::from_str(&app.page("/export/events.json?kind=submitted&from=2025-01-01").await?)?;
    assert!(
        !events.is_empty()
            && events.iter().all(|e| e["kind"] == "submitted" && e["date"].as_str() >= Some("2025-01-01"))
    );
    let (status, body) = app.get("/export/deadlines.csv?status=someday").await?;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.starts_with("status:"), "{body}");
    assert_eq!(app.get("/export/notes.csv").await?.0, StatusCode::NOT_FOUND);
    let (_, agencies) = app.call("agencies/list", &[]).await?;
    let cards = csv_rows(&app.page("/export/agencies.csv").await?)?;
    for a in agencies.as_array().expect("agencies") {
        let card = cards.iter().find(|c| c["agency"] == a["agency"]["abbreviation"]).expect("a scorecard per agency");
        assert_eq!(card["overdue_now"], a["overdue"].to_string(), "overdue now agrees with the agencies page");
        assert_eq!(card["matters"], a["matter_count"].to_string());
    }
    app.cleanup().await;
    Ok(())
});

both!(formula_cells_are_escaped, |engine| async move {
    let app = spawn_app(engine).await?;
    let (org, published) = clinic(&app).await?;
    let mut m = new_matter("formula", "=HYPERLINK(\"http://evil.example\",\"x\")", org, published.agency_id, true);
    m.summary = "+1+1".into();
    m.requester = "@SUM(A1)".into();
    m.court = "\tcmd".into();
    let id = matters::create(&app.db, None, m).await?;
    matters::add_event(&app.db, None, id, new_event("-2+3", true)).await?;
    let rows = csv_rows(&app.page("/export/matters.csv?q=hyperlink").await?)?;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["title"], "'=HYPERLINK(\"http://evil.example\",\"x\")");
    assert_eq!((rows[0]["summary"].as_str(), rows[0]["requester"].as_str()), ("'+1+1", "'@SUM(A1)"));
    assert_eq!(rows[0]["court"], "'\tcmd");
    let events = csv_rows(&app.page("/export/events.csv?matter=formula").await?)?;
    assert_eq!(events[0]["title"], "'-2+3");
    let json: serde_json::Value = serde_json::from_str(&app.page("/export/matters.json?q=hyperlink").await?)?;
    assert_eq!(json[0]["summary"], "+1+1", "JSON keeps values as they are");
    app.cleanup().await;
    Ok(())
});

both!(large_lists_stream, |engine| async move {
    let app = spawn_app(engine).await?;
    let (_, published) = clinic(&app).await?;
    let before = csv_rows(&app.page("/export/events.csv").await?)?.len();
    const N: usize = 20_000;
    crate::support::insert_public_events(&app.db, published.id, N).await?;
    let mut res = app.client.get(format!("{}/export/events.csv", app.base)).send().await?;
    assert!(res.headers().get("content-length").is_none(), "an export is streamed, not sized in advance");
    let (mut chunks, mut body) = (0, Vec::new());
    while let Some(chunk) = res.chunk().await? {
        chunks += 1;
        body.extend_from_slice(&chunk);
    }
    assert!(chunks > 1, "the body came in one piece");
    let rows = csv_rows(std::str::from_utf8(&body)?)?;
    assert_eq!(rows.len(), before + N);
    let ids: BTreeSet<&str> = rows.iter().map(|r| r["id"].as_str()).collect();
    assert_eq!(ids.len(), rows.len(), "keyset pages neither repeat nor skip rows");
    let json: Vec<serde_json::Value> = serde_json::from_str(&app.page("/export/events.json").await?)?;
    assert_eq!(json.len(), before + N);
    app.cleanup().await;
    Ok(())
});

both!(cli_exports_what_the_user_may_see, |engine| async move {
    use server::cli::export::{ExportArgs, FilterArgs, run};
    let app = spawn_app(engine).await?;
    plant(&app).await?;
    let dir = std::env::temp_dir().join(format!("docket-export-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir)?;
    let args = |as_user: Option<&str>, file: &str| ExportArgs {
        list: "deadlines".into(),
        format: "json".into(),
        output: Some(dir.join(file)),
        as_user: as_user.map(String::from),
        today: None,
        filter: FilterArgs { status: Some("open".into()), ..Default::default() },
    };
    assert_eq!(run(&app.test_db.url, args(None, "public.json")).await?, std::process::ExitCode::SUCCESS);
    assert_eq!(run(&app.test_db.url, args(Some("attorney"), "mine.json")).await?, std::process::ExitCode::SUCCESS);
    let public = std::fs::read_to_string(dir.join("public.json"))?;
    assert_eq!(public, app.page("/export/deadlines.json?status=open").await?, "the CLI and HTTP agree");
    assert!(!public.contains(MARK));
    let mine = std::fs::read_to_string(dir.join("mine.json"))?;
    assert!(mine.contains(MARK));
    let client = app.demo_client("attorney").await?;
    assert_eq!(mine, fetch(&app, &client, "/export/deadlines.json?status=open").await?);
    assert_eq!(run(&app.test_db.url, args(Some("nobody"), "x.json")).await?, std::process::ExitCode::from(2));
    let mut bad = args(None, "y.json");
    bad.filter.agency = Some("no-such-agency".into());
    assert_eq!(run(&app.test_db.url, bad).await?, std::process::ExitCode::from(2));
    let _ = std::fs::remove_dir_all(&dir);
    app.cleanup().await;
    Ok(())
});
