//! The public home at `/` (and `/public`), the statement of purpose an admin
//! sets, and the agency scorecards checked against the database.

use crate::support::{html, seeded_matters};
use app::server::{
    entities::{agency, audit_entry, deadline, event, matter, matter_link},
    services::site_settings::DEFAULT_PURPOSE,
};
use e2e::{TestApp, both, spawn_app};
use reqwest::{Client, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashSet;

async fn body(app: &TestApp, client: &Client, path: &str) -> anyhow::Result<String> {
    let res = client.get(format!("{}{path}", app.base)).send().await?;
    anyhow::ensure!(res.status() == StatusCode::OK, "GET {path}: {}", res.status());
    Ok(e2e::unmarked(&res.text().await?))
}

/// Published matters (public and approved), straight from the database.
async fn published(app: &TestApp) -> anyhow::Result<Vec<matter::Model>> {
    Ok(matter::Entity::find()
        .filter(matter::Column::Public.eq(true))
        .filter(matter::Column::ReviewState.eq("approved"))
        .all(&app.db)
        .await?)
}

both!(the_public_sees_the_public_home_and_users_their_dashboard, |engine| async move {
    let app = spawn_app(engine).await?;
    let home = app.page("/").await?;
    assert!(home.contains(&html(DEFAULT_PURPOSE)), "the default statement of purpose");
    assert!(!home.contains("May sue now"), "not the dashboard");
    let n = published(&app).await?.len();
    assert!(home.contains(&format!("{n} published matters")), "the portfolio counts {n} published matters");
    assert!(home.contains("href=\"/matters?kind=foia_request\""), "counts link to the filtered list");
    let ids: Vec<i32> = published(&app).await?.iter().map(|m| m.id).collect();
    let newest = event::Entity::find()
        .filter(event::Column::MatterId.is_in(ids))
        .filter(event::Column::Public.eq(true))
        .filter(event::Column::DeletedAt.is_null())
        .order_by_desc(event::Column::Date)
        .order_by_desc(event::Column::Id)
        .one(&app.db)
        .await?
        .expect("a public event");
    assert!(home.contains(&html(&newest.title)), "the latest public event {}", newest.title);
    let matters = seeded_matters()?;
    let public_titles: HashSet<&String> = matters.iter().flat_map(|m| &m.public_events).collect();
    for m in &matters {
        if !m.public {
            assert!(!home.contains(&html(&m.title)), "unpublished {} is not on the public home", m.slug);
        }
        for e in m.private_events.iter().filter(|e| !public_titles.contains(e)) {
            assert!(!home.contains(&html(e)), "private event {e} is not on the public home");
        }
    }
    assert!(home.contains("How late are the agencies?") && home.contains("<svg"), "scorecards and their chart");
    let attorney = app.demo_client("attorney").await?;
    let dashboard = body(&app, &attorney, "/").await?;
    assert!(dashboard.contains("May sue now") && dashboard.contains("href=\"/public\""), "dashboard with a link");
    let public = body(&app, &attorney, "/public").await?;
    assert!(public.contains(&html(DEFAULT_PURPOSE)) && !public.contains("May sue now"), "/public is the public home");
    assert!(app.page("/public").await?.contains(&html(DEFAULT_PURPOSE)), "and the public may open it");
    app.cleanup().await;
    anyhow::Ok(())
});

both!(only_admins_set_the_statement_of_purpose, |engine| async move {
    let app = spawn_app(engine).await?;
    let text = "We track records requests & lawsuits about border biometrics.";
    let (status, _) = app.call("settings/purpose", &[("purpose", text)]).await?;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "the public");
    let attorney = app.demo_client("attorney").await?;
    let (status, _) = app.call_as(&attorney, "settings/purpose", &[("purpose", text)]).await?;
    assert_eq!(status, StatusCode::FORBIDDEN, "an attorney");
    assert!(!body(&app, &attorney, "/public").await?.contains("Edit the statement of purpose"));
    let admin = app.demo_client("admin").await?;
    assert!(body(&app, &admin, "/public").await?.contains("Edit the statement of purpose"), "the admin's form");
    let (status, _) = app.call_as(&admin, "settings/purpose", &[("purpose", "   ")]).await?;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "an empty statement is refused");
    let (status, saved) = app.call_as(&admin, "settings/purpose", &[("purpose", text)]).await?;
    assert_eq!((status, saved), (StatusCode::OK, serde_json::json!(text)));
    let home = app.page("/").await?;
    assert!(home.contains(&html(text)) && !home.contains(&html(DEFAULT_PURPOSE)), "the new statement is shown");
    let audit = audit_entry::Entity::find().filter(audit_entry::Column::Entity.eq("site_setting")).all(&app.db).await?;
    assert_eq!(audit.len(), 1, "one audit row");
    assert!(audit[0].new_value.as_deref().is_some_and(|v| v.contains("border biometrics")));
    assert!(audit[0].user_id.is_some(), "with the admin who made it");
    app.cleanup().await;
    anyhow::Ok(())
});

/// CBP's scorecard numbers, computed here from the stored rows of published
/// matters: (requests, responses due, on time, overdue, lawsuits).
async fn expected_cbp(app: &TestApp) -> anyhow::Result<(u64, u64, u64, u64, u64)> {
    let cbp = agency::Entity::find().filter(agency::Column::Slug.eq("cbp")).one(&app.db).await?.expect("cbp");
    let scope: HashSet<i32> = agency::Entity::find()
        .filter(agency::Column::ParentId.eq(cbp.id))
        .all(&app.db)
        .await?
        .iter()
        .map(|a| a.id)
        .chain([cbp.id])
        .collect();
    let published = published(app).await?;
    let ours: Vec<&matter::Model> = published.iter().filter(|m| scope.contains(&m.agency_id)).collect();
    let requests = ours.iter().filter(|m| m.kind == "foia_request").count() as u64;
    let today = chrono::Utc::now().date_naive();
    let rows = deadline::Entity::find()
        .filter(deadline::Column::MatterId.is_in(ours.iter().map(|m| m.id)))
        .filter(deadline::Column::OwedBy.eq("agency"))
        .filter(deadline::Column::Public.eq(true))
        .all(&app.db)
        .await?;
    let missed = |d: &deadline::Model| d.status == "missed" || (d.status == "open" && d.due_date < today);
    let overdue = rows.iter().filter(|d| d.met_by_event_id.is_none() && missed(d)).count() as u64;
    let responses: Vec<&deadline::Model> = rows
        .iter()
        .filter(|d| matches!(d.rule_id.as_deref(), Some("foia.response" | "foia.appeal_response")))
        .collect();
    let on_time = responses.iter().filter(|d| d.status == "met").count() as u64;
    let due = on_time + responses.iter().filter(|d| missed(d)).count() as u64;
    let requests_ids: HashSet<i32> = ours.iter().filter(|m| m.kind == "foia_request").map(|m| m.id).collect();
    let enforcing: HashSet<i32> = matter_link::Entity::find()
        .filter(matter_link::Column::Kind.eq("lawsuit_enforcing"))
        .all(&app.db)
        .await?
        .iter()
        .filter(|l| requests_ids.contains(&l.to_matter_id))
        .map(|l| l.from_matter_id)
        .collect();
    let lawsuits = published
        .iter()
        .filter(|m| m.kind == "lawsuit" && (scope.contains(&m.agency_id) || enforcing.contains(&m.id)))
        .count() as u64;
    Ok((requests, due, on_time, overdue, lawsuits))
}

both!(scorecards_count_published_matters_from_the_stored_deadlines, |engine| async move {
    let app = spawn_app(engine).await?;
    let expected = expected_cbp(&app).await?;
    assert!(expected.0 > 0 && expected.1 > 0, "the demo data gives CBP requests with responses due: {expected:?}");
    let (status, cards) = app.call("agencies/scorecards", &[]).await?;
    assert_eq!(status, StatusCode::OK);
    let cbp = cards.as_array().expect("a list").iter().find(|c| c["agency"]["slug"] == "cbp").expect("CBP's card");
    let n = |k: &str| cbp[k].as_u64().expect(k);
    assert_eq!((n("requests"), n("responses_due"), n("on_time"), n("overdue"), n("lawsuits")), expected);
    let late = cbp["days_late"].as_array().expect("days late");
    assert!(late.len() as u64 <= expected.1 - expected.2, "late responses are the ones not on time");
    assert!(late.iter().all(|d| d.as_i64().is_some_and(|d| d >= 1)), "each at least one business day late");
    let page = app.page("/agencies").await?;
    let link = format!("href=\"/matters?kind=foia_request&amp;agency=cbp\" title=\"FOIA requests\">{}<", expected.0);
    assert!(page.contains(&link), "the requests number links to the matters behind it");
    assert!(app.page("/agencies/cbp").await?.contains("id=\"scorecard\""), "the agency page has its card");
    // Signed in, the attorney's unpublished CBP request counts too.
    let attorney = app.demo_client("attorney").await?;
    let (_, theirs) = app.call_as(&attorney, "agencies/scorecards", &[]).await?;
    let theirs = theirs.as_array().expect("a list").iter().find(|c| c["agency"]["slug"] == "cbp").cloned();
    assert!(theirs.expect("CBP")["requests"].as_u64() > Some(expected.0), "members see their unpublished requests");
    println!("{engine:?}: CBP (requests, due, on time, overdue, lawsuits) = {expected:?}, days late {late:?}");
    app.cleanup().await;
    anyhow::Ok(())
});

/// One quarter: (label, responses due, on time, days late sorted, still unanswered).
type Quarter = (String, u64, u64, Vec<i64>, u64);

/// CBP's statutory responses by the quarter they were due, computed here
/// from the stored public rows of published matters: (quarter, due, on
/// time, days late sorted, still unanswered), oldest first (quarters with
/// nothing due left out).
async fn expected_cbp_quarters(app: &TestApp) -> anyhow::Result<Vec<Quarter>> {
    use app::{domain::calendar::Calendar, server::repo::scorecards::business_days_late};
    use chrono::Datelike;
    use std::collections::BTreeMap;
    let cbp = agency::Entity::find().filter(agency::Column::Slug.eq("cbp")).one(&app.db).await?.expect("cbp");
    let components = agency::Entity::find().filter(agency::Column::ParentId.eq(cbp.id)).all(&app.db).await?;
    let scope: HashSet<i32> = components.iter().map(|a| a.id).chain([cbp.id]).collect();
    let ours: Vec<i32> = published(app).await?.iter().filter(|m| scope.contains(&m.agency_id)).map(|m| m.id).collect();
    let rows = deadline::Entity::find()
        .filter(deadline::Column::MatterId.is_in(ours))
        .filter(deadline::Column::OwedBy.eq("agency"))
        .filter(deadline::Column::Public.eq(true))
        .filter(deadline::Column::RuleId.is_in(["foia.response", "foia.appeal_response"]))
        .all(&app.db)
        .await?;
    let today = chrono::Utc::now().date_naive();
    let cal = Calendar::federal();
    let mut by_quarter: BTreeMap<(i32, u32), Quarter> = BTreeMap::new();
    for d in rows {
        let missed = d.status == "missed" || (d.status == "open" && d.due_date < today);
        if d.status != "met" && !missed {
            continue;
        }
        let (year, quarter) = (d.due_date.year(), d.due_date.month0() / 3 + 1);
        let q = by_quarter.entry((year, quarter)).or_insert_with(|| (format!("{year} Q{quarter}"), 0, 0, vec![], 0));
        q.1 += 1;
        if d.status == "met" {
            q.2 += 1;
            continue;
        }
        let answer = match d.met_by_event_id {
            Some(id) => event::Entity::find_by_id(id)
                .filter(event::Column::Public.eq(true))
                .filter(event::Column::DeletedAt.is_null())
                .one(&app.db)
                .await?
                .map(|e| e.date),
            None => Some(today),
        };
        q.3.extend(answer.map(|on| business_days_late(&cal, d.due_date, on)));
        q.3.sort_unstable();
        q.4 += u64::from(d.met_by_event_id.is_none());
    }
    Ok(by_quarter.into_values().collect())
}

both!(agency_days_late_over_time_come_from_the_stored_deadlines, |engine| async move {
    let app = spawn_app(engine).await?;
    let expected = expected_cbp_quarters(&app).await?;
    assert!(expected.iter().any(|q| !q.3.is_empty()), "the demo data gives CBP late responses: {expected:?}");
    let (status, got) = app.call("agencies/scorecard", &[("slug", "cbp")]).await?;
    assert_eq!(status, StatusCode::OK, "{got}");
    let periods = got["periods"].as_array().expect("periods");
    let n = |p: &serde_json::Value, k: &str| p[k].as_u64().expect(k);
    let actual: Vec<Quarter> = periods
        .iter()
        .filter(|p| n(p, "responses_due") > 0)
        .map(|p| {
            let late = p["days_late"].as_array().expect("days late").iter().filter_map(|d| d.as_i64()).collect();
            (
                p["label"].as_str().expect("label").to_string(),
                n(p, "responses_due"),
                n(p, "on_time"),
                late,
                n(p, "unanswered"),
            )
        })
        .collect();
    assert_eq!(actual, expected, "quarters of CBP's responses");
    // The quarters add up to the scorecard (the same tallies).
    let card = &got["card"];
    let mut all: Vec<i64> = actual.iter().flat_map(|q| q.3.clone()).collect();
    all.sort_unstable();
    let card_late: Vec<i64> = card["days_late"].as_array().expect("card").iter().filter_map(|d| d.as_i64()).collect();
    assert_eq!(all, card_late, "the quarters hold the scorecard's late responses");
    assert_eq!(actual.iter().map(|q| q.1).sum::<u64>(), n(card, "responses_due"));
    let (_, cards) = app.call("agencies/scorecards", &[]).await?;
    let listed = cards.as_array().expect("a list").iter().find(|c| c["agency"]["slug"] == "cbp").cloned();
    assert_eq!(listed.as_ref(), Some(card), "the same card as the scorecards list");
    // The page: a chart described by its table, real figures, linked matters.
    let page = app.page("/agencies/cbp").await?;
    assert!(page.contains("aria-describedby=\"late-over-time\"") && page.contains("id=\"late-over-time\""));
    let latest = actual.iter().rfind(|q| !q.3.is_empty()).expect("a late quarter");
    let row = page.split(&format!("<th scope=\"row\">{}</th>", latest.0)).nth(1).expect("the quarter's row");
    let row = row.split("</tr>").next().unwrap_or_default();
    let max = latest.3.last().expect("late").to_string();
    assert!(row.contains(&format!(">{max}</td>")), "the worst days late {max} in {row}");
    let late_slug = periods
        .iter()
        .find(|p| p["label"] == latest.0.as_str())
        .and_then(|p| p["matters"][0]["slug"].as_str())
        .expect("a matter behind the quarter");
    assert!(row.contains(&format!("href=\"/matters/{late_slug}\"")), "links to the matters behind it");
    println!("{engine:?}: CBP by quarter (label, due, on time, days late, unanswered) = {actual:?}");
    app.cleanup().await;
    anyhow::Ok(())
});
