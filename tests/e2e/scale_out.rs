//! Scale-out on PostgreSQL: two `docket serve` processes on different ports
//! over one database, a client alternating between them. Sessions, edits
//! (with conflicts), deadline recomputation and feeds behave as with one
//! process, and the daily job runs once, not once per process.

use crate::support::summary_edit;
use app::server::entities::{deadline, job_run, matter, notification};
use e2e::{Engine, TestDb};
use reqwest::{Client, StatusCode, redirect::Policy};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::{path::Path, time::Duration};
use tokio::process::Child;

const TODAY: &str = "2026-11-30";
const SLUG: &str = "clinic-tvs-request";

/// One `docket serve` process running the daily job every second; its log goes to `log`.
async fn serve(url: &str, log: &Path) -> anyhow::Result<(Child, String)> {
    let env = [("DOCKET_TODAY", TODAY), ("DOCKET_JOBS_HOUR", "0"), ("DOCKET_JOBS_EVERY", "1"), ("RUST_LOG", "info")];
    e2e::serve_process(url, &env, Some(log)).await
}

/// The public feed, unfolded, with the server's address and stamps taken out.
async fn public_feed(base: &str) -> anyhow::Result<String> {
    let ics = reqwest::get(format!("{base}/feeds/public.ics")).await?.text().await?;
    let unfolded = ics.replace("\r\n ", "").replace("\n ", "");
    let lines: Vec<&str> = unfolded.lines().filter(|l| !l.starts_with("DTSTAMP")).collect();
    Ok(lines.join("\n").replace(base, "BASE"))
}

async fn save(
    client: &Client,
    base: &str,
    m: &matter::Model,
    version: i32,
    summary: &str,
) -> anyhow::Result<StatusCode> {
    let form = summary_edit(m, version, summary);
    let res =
        client.post(format!("{base}/api/matters/save")).header("accept", "application/json").form(&form).send().await?;
    Ok(res.status())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_share_sessions_edits_recomputation_feeds_and_run_jobs_once() -> anyhow::Result<()> {
    let test_db = TestDb::create(Engine::Postgres).await?;
    let db = test_db.connect().await?;
    server::db::migrate(&db).await?;
    seed::load_dir(&db, Path::new(seed::DEFAULT_DIR)).await?;
    let logs = std::env::temp_dir().join(format!("docket_scale_{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&logs)?;
    let (_a, base_a) = serve(&test_db.url, &logs.join("a.log")).await?;
    let (_b, base_b) = serve(&test_db.url, &logs.join("b.log")).await?;
    let bases = [base_a.as_str(), base_b.as_str()];

    // Sessions: signed in on A is signed in on B; signing out on B ends it on A.
    let client = Client::builder().redirect(Policy::none()).cookie_store(true).build()?;
    let res = client
        .post(format!("{base_a}/login"))
        .form(&[("username", "attorney"), ("password", "attorney-demo")])
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(client.get(format!("{base_b}/drafts")).send().await?.status(), StatusCode::OK, "B knows A's session");

    // Edits alternate between the servers; a stale version is refused by the other one.
    for (i, base) in bases.iter().cycle().take(20).enumerate() {
        let m = matter::Entity::find().filter(matter::Column::Slug.eq(SLUG)).one(&db).await?.expect("demo");
        assert_eq!(
            save(&client, base, &m, m.version, &format!("edit {i}")).await?,
            StatusCode::OK,
            "edit {i} on {base}"
        );
    }
    let m = matter::Entity::find().filter(matter::Column::Slug.eq(SLUG)).one(&db).await?.expect("demo");
    assert_eq!(m.summary, "edit 19", "every alternating edit landed in order");
    assert_eq!(save(&client, &base_a, &m, m.version, "from A").await?, StatusCode::OK);
    assert_eq!(save(&client, &base_b, &m, m.version, "stale on B").await?, StatusCode::CONFLICT);

    // Recomputation: a request created on A, tolled by events logged on B; A shows the new date.
    let form = [
        ("form[kind]", "foia_request"),
        ("form[title]", "Scale-out request"),
        ("form[agency]", "cbp"),
        ("form[date_sent]", "2026-11-02"),
        ("form[date_received]", "2026-11-02"),
    ];
    let res = client
        .post(format!("{base_a}/api/matters/save"))
        .header("accept", "application/json")
        .form(&form)
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    let slug: String = res.json().await?;
    let created = matter::Entity::find().filter(matter::Column::Slug.eq(&slug)).one(&db).await?.expect("created");
    let response = || async {
        deadline::Entity::find()
            .filter(deadline::Column::MatterId.eq(created.id))
            .filter(deadline::Column::RuleId.eq("foia.response"))
            .one(&db)
            .await
    };
    let first = response().await?.expect("a response deadline").due_date;
    for (kind, date) in [("fee_requested", "2026-11-09"), ("fee_answered", "2026-11-16")] {
        let form = [("slug", slug.as_str()), ("form[kind]", kind), ("form[date]", date)];
        let res = client
            .post(format!("{base_b}/api/events/log"))
            .header("accept", "application/json")
            .form(&form)
            .send()
            .await?;
        assert_eq!(res.status(), StatusCode::OK, "{kind} on B");
    }
    let moved = response().await?.expect("still there").due_date;
    assert!(moved > first, "tolling on B moved the date: {first} -> {moved}");
    let page_a = client.get(format!("{base_a}/matters/{slug}")).send().await?.text().await?;
    assert!(page_a.contains(&format!("datetime=\"{moved}\"")), "A shows the date B's events produced");

    // Feeds: both servers answer the same public calendar (links name the server asked).
    let (feed_a, feed_b) = (public_feed(&base_a).await?, public_feed(&base_b).await?);
    assert!(feed_a.contains("BEGIN:VEVENT"), "the public feed has events");
    assert!(feed_a == feed_b, "the feed does not depend on the server");

    // A load of public and signed-in pages spread over both: every answer is 200.
    for (i, base) in bases.iter().cycle().take(100).enumerate() {
        let path = ["/", "/matters", "/agencies", "/calendar"][i % 4];
        assert_eq!(client.get(format!("{base}{path}")).send().await?.status(), StatusCode::OK, "{base}{path}");
    }

    // The daily job (checked every second by both) ran once for the day.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let runs = job_run::Entity::find().filter(job_run::Column::RunKey.eq(TODAY)).all(&db).await?;
    assert_eq!(runs.len(), 1);
    assert!(runs[0].finished_at.is_some(), "the run finished: {:?}", runs[0]);
    let ran: usize = ["a.log", "b.log"]
        .iter()
        .map(|f| std::fs::read_to_string(logs.join(f)).unwrap_or_default().matches("daily job:").count())
        .sum();
    assert_eq!(ran, 1, "exactly one process ran the daily job");
    assert!(notification::Entity::find().count(&db).await? > 0, "its digests were written");

    drop((_a, _b));
    let _ = std::fs::remove_dir_all(&logs);
    let _ = db.close().await;
    test_db.cleanup().await;
    Ok(())
}
