//! After an agency's FOIA log is imported an organisation may have tens of
//! thousands of open requests. More than a statement can bind: SQLite takes
//! 32,766 values and PostgreSQL 65,535, and the dashboard, the agencies,
//! the portfolio and the daily job used to put every matter's id in one
//! `IN (…)` list and fail. Each page also listed every row (the dashboard
//! weighed 44 MB at 100,000 matters, a matter page 11 MB for its link form).
//! Now the lists show their first hundred and say how many there are.

use app::components::thousands;
use chrono::Utc;
use e2e::{both, spawn_app};
use sea_orm::ConnectionTrait;
use server::jobs::run_daily;

/// More open requests than PostgreSQL binds in one statement.
const MATTERS: u32 = 66_000;

/// Copies the demo's clinic request `MATTERS` times as open requests to CBP
/// (`scale-1`…), each with an agency response deadline a month past (in
/// the latest quarter of CBP's days late), in statements that both engines
/// read alike.
async fn many_open_requests(db: &impl ConnectionTrait) -> anyhow::Result<()> {
    let due = Utc::now().date_naive() - chrono::Days::new(30);
    db.execute_unprepared(&format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {MATTERS}) \
         INSERT INTO matters (slug, organization_id, kind, title, agency_id, status, public, \
           agency_tracking_number, verification, created_at, updated_at, review_state) \
         SELECT 'scale-' || n.i, t.organization_id, 'foia_request', 'Scale request ' || n.i, a.id, 'submitted', \
           t.public, 'SCALE-' || n.i, t.verification, t.created_at, t.updated_at, 'approved' \
         FROM n, matters t, agencies a WHERE t.slug = 'clinic-tvs-request' AND a.slug = 'cbp'"
    ))
    .await?;
    db.execute_unprepared(&format!(
        "INSERT INTO deadlines (matter_id, rule_id, title, due_date, status, owed_by, created_at, updated_at) \
         SELECT m.id, 'foia.response', 'Determination on the request', '{due}', 'open', 'agency', \
           m.created_at, m.updated_at \
         FROM matters m WHERE m.slug LIKE 'scale-%'"
    ))
    .await?;
    // The events of a request ICE has not answered, so that the daily job's
    // recomputation keeps each response deadline overdue.
    db.execute_unprepared(
        "INSERT INTO events (matter_id, kind, date, title, details, public, verification, outcome, \
           pages_released, exemptions, created_at, pages_withheld_full, pages_withheld_part) \
         SELECT m.id, e.kind, e.date, e.title, e.details, e.public, e.verification, e.outcome, \
           e.pages_released, e.exemptions, e.created_at, e.pages_withheld_full, e.pages_withheld_part \
         FROM matters m, matters t, events e \
         WHERE m.slug LIKE 'scale-%' AND t.slug = 'clinic-ice-holiday-request' AND e.matter_id = t.id \
           AND e.deleted_at IS NULL",
    )
    .await?;
    Ok(())
}

/// The figures of "Showing 100 of 66,012, <order>." on `page`.
fn shown_of(page: &str, order: &str) -> Option<(u64, u64)> {
    let line = page
        .split("Showing ")
        .skip(1)
        .map(|rest| rest.split(". ").next().unwrap_or(rest))
        .find(|l| l.contains(order))?;
    let (shown, rest) = line.split_once(" of ")?;
    let total = rest.split(", ").next()?.replace(',', "");
    Some((shown.parse().ok()?, total.parse().ok()?))
}

both!(pages_list_their_first_hundred_of_more_matters_than_a_statement_binds, |engine| async move {
    let app = spawn_app(engine).await?;
    many_open_requests(&app.db).await?;
    app.login("attorney", "attorney-demo").await?;
    let small = 1_500_000;

    let home = app.page("/").await?;
    assert!(home.len() < small, "the dashboard weighs {} bytes", home.len());
    let (shown, total) = shown_of(&home, "most recently due first").expect("the overdue list says it is cut short");
    assert_eq!(shown, 100);
    assert!(total > u64::from(MATTERS), "every overdue deadline is counted: {total}");
    let (shown, total) = shown_of(&home, "longest waiting first").expect("so does the may-sue list");
    assert!(shown == 100 && total >= u64::from(MATTERS), "{shown} of {total}");
    assert!(home.contains("/export/deadlines.csv?status=missed"), "a link to every one");

    let agency = app.page("/agencies/cbp").await?;
    assert!(agency.len() < small, "the agency page weighs {} bytes", agency.len());
    let (shown, total) = shown_of(&agency, "by title").expect("the agency's matters are cut short");
    assert!(shown == 100 && total > u64::from(MATTERS), "{shown} of {total}");
    assert!(agency.contains("href=\"/matters?agency=cbp\""), "the matters list has them all");
    assert!(app.page("/agencies").await?.contains("CBP"));
    // Its days late by quarter: the quarter they were all due in names five
    // of its late matters (by title) and counts the rest.
    let counted = agency.split("<li>and ").skip(1).filter_map(|r| r.split(" more").next());
    let more = counted.filter_map(|n| n.replace(',', "").parse::<u64>().ok()).max();
    let more = more.expect("a quarter counts the late matters it does not name");
    assert!(more + 5 >= u64::from(MATTERS), "and {more} more");

    let portfolio = app.page("/portfolio").await?;
    assert!(portfolio.len() < small, "the portfolio weighs {} bytes", portfolio.len());
    let (shown, total) = shown_of(&portfolio, "longest open first").expect("CBP's group is cut short");
    assert!(shown == 100 && total > u64::from(MATTERS), "{shown} of {total}");
    app.page("/portfolio?group=theory").await?;

    let matter = app.page("/matters/scale-1").await?;
    assert!(matter.len() < 500_000, "a matter page weighs {} bytes", matter.len());
    assert!(
        matter.contains("list=\"f-other-link-choices\"") && !matter.contains("<select id=\"f-other-link\""),
        "too many matters to list: the link form takes a slug, with suggestions"
    );

    let today = Utc::now().date_naive();
    let report = run_daily(&app.db, today, "https://docket.example", true).await?;
    assert!(report.is_some(), "the daily job ran over every matter");
    let digests = app.page("/notifications").await?;
    assert!(digests.len() < small, "the attorney's digest page weighs {} bytes", digests.len());
    let (shown, total) = shown_of(&digests, "most recently due first")
        .unwrap_or_else(|| panic!("the digest is cut short: {}", &digests[digests.len().saturating_sub(3000)..]));
    assert!(shown == 50 && total > u64::from(MATTERS), "{shown} of {total}");
    assert!(digests.contains(&format!("{} overdue", thousands(total))), "the subject counts them all");
    app.cleanup().await;
    Ok(())
});
