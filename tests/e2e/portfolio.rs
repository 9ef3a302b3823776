//! The portfolio timeline (`/portfolio`) on both engines: open matters only,
//! grouped by agency or theory, drawn as SVG with the same facts in a
//! table, and only what the viewer may open.

use e2e::{TestApp, both, spawn_app, unmarked};
use reqwest::{Client, StatusCode};

/// Unpublished and open.
const UNPUBLISHED: &str = "client-ab-privacy-act-request";
/// Closed (and unpublished).
const CLOSED: &str = "epic-cbp-request";
/// Published and open.
const PUBLISHED: &str = "access-now-cbp-request";

async fn get(app: &TestApp, client: &Client, path: &str) -> anyhow::Result<(StatusCode, String)> {
    let res = client.get(format!("{}{path}", app.base)).send().await?;
    let status = res.status();
    Ok((status, unmarked(&res.text().await?)))
}

/// The matters the page's table links to, in order.
fn listed(page: &str) -> Vec<String> {
    let table = &page[page.find("id=\"portfolio-table\"").unwrap_or(0)..];
    table
        .split("<th scope=\"row\"><a href=\"/matters/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_string)
        .collect()
}

both!(open_matters_by_agency_and_theory_as_the_viewer_may_see_them, |engine| async move {
    let app = spawn_app(engine).await?;
    let attorney = app.demo_client("attorney").await?;
    let (status, page) = get(&app, &attorney, "/portfolio").await?;
    assert_eq!(status, StatusCode::OK);
    let mine = listed(&page);
    assert!(mine.contains(&UNPUBLISHED.to_string()) && mine.contains(&PUBLISHED.to_string()), "{mine:?}");
    assert!(!mine.contains(&CLOSED.to_string()), "closed matters are not on the timeline");
    assert!(
        page.contains("<svg") && page.contains("role=\"img\"") && page.contains("aria-describedby=\"portfolio-table\"")
    );
    assert!(page.contains("href=\"/agencies/cbp\""), "groups link to their agency");
    assert!(page.contains("class=\"today-line\""), "today is marked");
    assert!(page.contains("/matters?agency=cbp"), "counts link to the filtered list");

    // By theory: a matter appears under each theory it relies on.
    let (status, by_theory) = get(&app, &attorney, "/portfolio?group=theory").await?;
    assert_eq!(status, StatusCode::OK);
    assert!(by_theory.contains("href=\"/theories/foia\""), "groups link to their theory");
    assert!(
        by_theory.contains("href=\"/portfolio?group=theory\" aria-current=\"true\""),
        "the grouping in use is marked"
    );
    let mut once = listed(&by_theory);
    once.sort();
    once.dedup();
    let mut by_agency = mine.clone();
    by_agency.sort();
    assert_eq!(once, by_agency, "the same matters, grouped differently");

    // Another organisation's attorney sees only published matters, and
    // may open each one listed.
    let other = app.demo_client("otherattorney").await?;
    let (_, theirs) = get(&app, &other, "/portfolio").await?;
    let theirs = listed(&theirs);
    assert!(theirs.contains(&PUBLISHED.to_string()), "{theirs:?}");
    assert!(!theirs.contains(&UNPUBLISHED.to_string()), "an unpublished matter of another organisation: {theirs:?}");
    for slug in &theirs {
        let (status, _) = get(&app, &other, &format!("/matters/{slug}")).await?;
        assert_eq!(status, StatusCode::OK, "{slug} is listed, so it may be opened");
    }
    let (status, _) = get(&app, &other, &format!("/matters/{UNPUBLISHED}")).await?;
    assert_eq!(status, StatusCode::NOT_FOUND, "the unpublished matter stays closed to them");

    // Without an account there is no portfolio.
    let (status, page) = app.get("/portfolio").await?;
    assert_ne!(status, StatusCode::OK);
    assert!(!page.contains(UNPUBLISHED) && !page.contains(PUBLISHED));
    app.cleanup().await;
    anyhow::Ok(())
});

// The due-date preview's basis (the matter's live events, private ones
// included) goes only to those who may log events on the matter.
both!(the_preview_basis_goes_only_to_those_who_may_log_events, |engine| async move {
    let app = spawn_app(engine).await?;
    let basis = |body: &serde_json::Value| body["preview"].clone();
    for (user, wanted) in [("attorney", true), ("student", true), ("otherattorney", false)] {
        let client = app.demo_client(user).await?;
        let (status, body) = app.call_as(&client, "matters/get", &[("slug", PUBLISHED)]).await?;
        assert_eq!(status, StatusCode::OK, "{user}: {body}");
        assert_eq!(!basis(&body).is_null(), wanted, "{user} gets a preview basis: {}", basis(&body));
        if wanted {
            assert!(basis(&body)["facts"]["events"].as_array().is_some_and(|e| !e.is_empty()), "{user}");
        }
    }
    let public = Client::new();
    let (status, body) = app.call_as(&public, "matters/get", &[("slug", PUBLISHED)]).await?;
    assert_eq!(status, StatusCode::OK);
    assert!(basis(&body).is_null(), "the public gets none");
    app.cleanup().await;
    anyhow::Ok(())
});
