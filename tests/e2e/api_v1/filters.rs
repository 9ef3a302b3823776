//! Each filter returns exactly the rows of the unfiltered list that meet it
//! (checked here, row by row, from the unfiltered answer).

use super::{api, keys, token_for, walk};
use e2e::{TestApp, both, spawn_app};
use serde_json::Value;
use std::collections::BTreeSet;

/// Asserts that `path?query` lists exactly the rows of `all` that `keep`
/// (compared by `key`), and that it lists some.
async fn same_as(
    app: &TestApp,
    token: Option<&str>,
    all: &[Value],
    path_and_query: &str,
    key: &str,
    keep: impl Fn(&Value) -> bool,
) -> anyhow::Result<usize> {
    let got = keys(&walk(app, path_and_query, token, 3).await?, key);
    let want: Vec<Value> = all.iter().filter(|r| keep(r)).cloned().collect();
    assert_eq!(got, keys(&want, key), "{path_and_query}");
    assert!(!got.is_empty(), "{path_and_query} matches something in the demo data");
    Ok(got.len())
}

fn text<'a>(row: &'a Value, field: &str) -> &'a str {
    row[field].as_str().unwrap_or_default()
}

async fn matter_filters(app: &TestApp, token: &str) -> anyhow::Result<()> {
    let all = walk(app, "/api/v1/matters", Some(token), 500).await?;
    let t = Some(token);
    same_as(app, t, &all, "/api/v1/matters?kind=lawsuit", "slug", |m| text(m, "kind") == "lawsuit").await?;
    same_as(app, t, &all, "/api/v1/matters?status=in_litigation", "slug", |m| text(m, "status") == "in_litigation")
        .await?;
    let dhs: BTreeSet<String> = std::iter::once("dhs".to_string())
        .chain(keys(&walk(app, "/api/v1/agencies?parent=dhs", t, 500).await?, "slug"))
        .collect();
    assert!(dhs.contains("cbp") && dhs.contains("ice"), "{dhs:?}");
    same_as(app, t, &all, "/api/v1/matters?agency=dhs", "slug", |m| dhs.contains(text(m, "agency"))).await?;
    same_as(app, t, &all, "/api/v1/matters?agency=cbp&kind=lawsuit", "slug", |m| {
        text(m, "agency") == "cbp" && text(m, "kind") == "lawsuit"
    })
    .await?;
    let mut pleading_apa = BTreeSet::new();
    for slug in keys(&all, "slug") {
        let (_, detail) = api(app, &format!("/api/v1/matters/{slug}"), t).await?;
        if detail["theories"].as_array().into_iter().flatten().any(|c| c["theory"] == "apa") {
            pleading_apa.insert(slug);
        }
    }
    let n =
        same_as(app, t, &all, "/api/v1/matters?theory=apa", "slug", |m| pleading_apa.contains(text(m, "slug"))).await?;
    assert!(n < all.len(), "the theory filter filters");
    Ok(())
}

async fn timeline_filters(app: &TestApp, token: &str) -> anyhow::Result<()> {
    let t = Some(token);
    let events = walk(app, "/api/v1/events", t, 500).await?;
    let slug = "clinic-tvs-request";
    same_as(app, t, &events, &format!("/api/v1/events?matter={slug}"), "id", |e| text(e, "matter") == slug).await?;
    same_as(app, t, &events, "/api/v1/events?kind=submitted", "id", |e| text(e, "kind") == "submitted").await?;
    let (from, to) = ("2025-06-01", "2025-12-31");
    same_as(app, t, &events, &format!("/api/v1/events?from={from}&to={to}"), "id", |e| {
        (from..=to).contains(&text(e, "date"))
    })
    .await?;
    same_as(app, t, &events, &format!("/api/v1/events?matter={slug}&kind=submitted"), "id", |e| {
        text(e, "matter") == slug && text(e, "kind") == "submitted"
    })
    .await?;

    let deadlines = walk(app, "/api/v1/deadlines", t, 500).await?;
    let today = chrono::Utc::now().date_naive().to_string();
    for status in ["open", "missed", "met"] {
        let path = format!("/api/v1/deadlines?status={status}");
        let got = walk(app, &path, t, 500).await?;
        assert_eq!(
            keys(&got, "id"),
            keys(&deadlines.iter().filter(|d| text(d, "status") == status).cloned().collect::<Vec<_>>(), "id")
        );
        for d in &got {
            match status {
                "open" => assert!(text(d, "due_date") >= today.as_str(), "{d}"),
                "missed" => assert!(text(d, "due_date") < today.as_str(), "{d}"),
                _ => {}
            }
        }
    }
    same_as(app, t, &deadlines, "/api/v1/deadlines?rule=foia.response", "id", |d| text(d, "rule") == "foia.response")
        .await?;
    same_as(app, t, &deadlines, &format!("/api/v1/deadlines?matter={slug}&from=2025-01-01"), "id", |d| {
        text(d, "matter") == slug && text(d, "due_date") >= "2025-01-01"
    })
    .await?;
    Ok(())
}

async fn reference_filters(app: &TestApp) -> anyhow::Result<()> {
    let provisions = walk(app, "/api/v1/provisions", None, 500).await?;
    same_as(app, None, &provisions, "/api/v1/provisions?kind=statute", "slug", |p| text(p, "kind") == "statute")
        .await?;
    let foia = keys(&walk(app, "/api/v1/provisions?theory=foia", None, 500).await?, "slug");
    assert!(!foia.is_empty() && foia.len() < provisions.len(), "a theory's provisions: {foia:?}");
    assert!(foia.iter().any(|s| s.starts_with("usc-5-552")), "FOIA rests on 5 U.S.C. 552: {foia:?}");
    let agencies = walk(app, "/api/v1/agencies", None, 500).await?;
    same_as(app, None, &agencies, "/api/v1/agencies?parent=dhs", "slug", |a| a["parent"] == "dhs").await?;
    Ok(())
}

both!(filters_select_exactly_the_matching_rows, |engine| async move {
    let app = spawn_app(engine).await?;
    let token = token_for(&app, "attorney").await?;
    matter_filters(&app, &token).await?;
    timeline_filters(&app, &token).await?;
    reference_filters(&app).await?;
    // Filters never widen what the public sees.
    let (_, body) = api(&app, "/api/v1/events?matter=access-now-cbp-request&limit=500", None).await?;
    assert!(body["data"].as_array().into_iter().flatten().all(|e| e["public"] == true), "{body}");
    app.cleanup().await;
    Ok(())
});
