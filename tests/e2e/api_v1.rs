//! The JSON API at `/api/v1`: what the public and each token's user see
//! (restated here from the rules, not taken from the code under test),
//! keyset pagination, authentication and errors. Filters, the OpenAPI
//! document and the tokens page are in the submodules.

mod filters;
mod openapi;
mod tokens_page;

use app::{
    domain::vocab::{EventKind, Verification},
    server::{
        entities::{deadline, event, matter, user},
        services::matters::{self, NewEvent},
        tokens::{self, Purpose},
    },
};
use e2e::{TestApp, both, spawn_app};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};

/// GETs an API path with an optional bearer token; the status and JSON body.
pub async fn api(app: &TestApp, path: &str, token: Option<&str>) -> anyhow::Result<(StatusCode, Value)> {
    let mut req = reqwest::Client::new().get(format!("{}{path}", app.base));
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    let res = req.send().await?;
    let status = res.status();
    let text = res.text().await?;
    let body = serde_json::from_str(&text).map_err(|e| anyhow::anyhow!("{path}: {status} not JSON ({e}): {text}"))?;
    Ok((status, body))
}

/// Every row of a list, page by page (`limit` each), checking each page.
pub async fn walk(app: &TestApp, path: &str, token: Option<&str>, limit: usize) -> anyhow::Result<Vec<Value>> {
    walk_from(app, path, token, limit, None).await
}

/// The rows of a list after `cursor` (from the start with `None`), page by page.
async fn walk_from(
    app: &TestApp,
    path: &str,
    token: Option<&str>,
    limit: usize,
    mut cursor: Option<String>,
) -> anyhow::Result<Vec<Value>> {
    let sep = if path.contains('?') { '&' } else { '?' };
    let mut out = Vec::new();
    for _ in 0..2000 {
        let url = match &cursor {
            Some(c) => format!("{path}{sep}limit={limit}&cursor={c}"),
            None => format!("{path}{sep}limit={limit}"),
        };
        let (status, body) = api(app, &url, token).await?;
        anyhow::ensure!(status == StatusCode::OK, "{url}: {status} {body}");
        let data = body["data"].as_array().cloned().unwrap_or_default();
        anyhow::ensure!(data.len() <= limit, "{url}: {} rows", data.len());
        out.extend(data.iter().cloned());
        match body["next_cursor"].as_str() {
            Some(next) => {
                anyhow::ensure!(data.len() == limit, "{url}: a short page with a next cursor");
                cursor = Some(next.to_string());
            }
            None => return Ok(out),
        }
    }
    anyhow::bail!("{path}: more than 2000 pages")
}

/// The `key` field of each row, as text.
pub fn keys(rows: &[Value], key: &str) -> Vec<String> {
    rows.iter().map(|r| r[key].as_str().map_or_else(|| r[key].to_string(), str::to_string)).collect()
}

/// A live API token for a demo user.
pub async fn token_for(app: &TestApp, username: &str) -> anyhow::Result<String> {
    let u = user::Entity::find().filter(user::Column::Username.eq(username)).one(&app.db).await?.expect("user");
    Ok(tokens::issue(&app.db, u.id, Purpose::Api, "test").await?.secret)
}

/// What a viewer of organisation `org` (None: the public) may see, restated
/// from the rules: published and approved matters, and all of their own
/// organisation's; of those, public rows and their own organisation's rows;
/// never a deleted event.
struct Expected {
    matters: Vec<String>,
    events: BTreeSet<i32>,
    deadlines: BTreeSet<i32>,
}

async fn expected(app: &TestApp, org: Option<i32>) -> anyhow::Result<Expected> {
    let mut all = matter::Entity::find().all(&app.db).await?;
    all.sort_by_key(|m| m.id);
    let visible: HashMap<i32, bool> = all
        .iter()
        .filter(|m| (m.public && m.review_state == "approved") || Some(m.organization_id) == org)
        .map(|m| (m.id, Some(m.organization_id) == org))
        .collect();
    let matters = all.iter().filter(|m| visible.contains_key(&m.id)).map(|m| m.slug.clone()).collect();
    let shown = |matter_id: i32, public: bool| visible.get(&matter_id).is_some_and(|member| public || *member);
    let events = event::Entity::find().all(&app.db).await?;
    let deadlines = deadline::Entity::find().all(&app.db).await?;
    Ok(Expected {
        matters,
        events: events
            .iter()
            .filter(|e| e.deleted_at.is_none() && shown(e.matter_id, e.public))
            .map(|e| e.id)
            .collect(),
        deadlines: deadlines.iter().filter(|d| shown(d.matter_id, d.public)).map(|d| d.id).collect(),
    })
}

fn ids(rows: &[Value]) -> Vec<i32> {
    rows.iter().filter_map(|r| r["id"].as_i64()).filter_map(|id| i32::try_from(id).ok()).collect()
}

async fn org_of(app: &TestApp, username: &str) -> anyhow::Result<i32> {
    let u = user::Entity::find().filter(user::Column::Username.eq(username)).one(&app.db).await?.expect("user");
    Ok(u.organization_id)
}

/// Checks the API's view for `token` against the rules for `org`.
async fn check_view(app: &TestApp, token: Option<&str>, org: Option<i32>) -> anyhow::Result<()> {
    let want = expected(app, org).await?;
    let matters = walk(app, "/api/v1/matters", token, 7).await?;
    assert_eq!(keys(&matters, "slug"), want.matters, "matters, in id order ({org:?})");
    let events = ids(&walk(app, "/api/v1/events", token, 11).await?);
    assert!(events.windows(2).all(|w| w[0] < w[1]), "events in id order ({org:?})");
    assert_eq!(events.into_iter().collect::<BTreeSet<_>>(), want.events, "events ({org:?})");
    let deadlines = ids(&walk(app, "/api/v1/deadlines", token, 5).await?);
    assert!(deadlines.windows(2).all(|w| w[0] < w[1]), "deadlines in id order ({org:?})");
    assert_eq!(deadlines.into_iter().collect::<BTreeSet<_>>(), want.deadlines, "deadlines ({org:?})");
    Ok(())
}

both!(each_principal_sees_exactly_what_the_rules_allow, |engine| async move {
    let app = spawn_app(engine).await?;
    check_view(&app, None, None).await?;
    let attorney = token_for(&app, "attorney").await?;
    check_view(&app, Some(&attorney), Some(org_of(&app, "attorney").await?)).await?;
    let other = token_for(&app, "otherattorney").await?;
    check_view(&app, Some(&other), Some(org_of(&app, "otherattorney").await?)).await?;
    // The private view really has more: unpublished matters, private rows.
    let (public, private) = (expected(&app, None).await?, expected(&app, Some(org_of(&app, "attorney").await?)).await?);
    assert!(private.matters.len() > public.matters.len() && private.events.len() > public.events.len());
    assert!(private.deadlines.len() > public.deadlines.len());
    // Notes are never part of the API, privileged or not.
    let seeded = crate::support::seeded_matters()?;
    let mut text = String::new();
    for list in ["matters", "events", "deadlines"] {
        text.push_str(&serde_json::to_string(&walk(&app, &format!("/api/v1/{list}"), Some(&attorney), 500).await?)?);
    }
    for m in &seeded {
        let (_, detail) = api(&app, &format!("/api/v1/matters/{}", m.slug), Some(&attorney)).await?;
        text.push_str(&detail.to_string());
        for note in &m.privileged_notes {
            assert!(!text.contains(note.as_str()), "a privileged note of {} is in the API", m.slug);
        }
    }
    app.cleanup().await;
    Ok(())
});

both!(pages_neither_repeat_nor_skip_rows, |engine| async move {
    let app = spawn_app(engine).await?;
    let token = token_for(&app, "attorney").await?;
    for (list, key) in [
        ("matters", "slug"),
        ("events", "id"),
        ("deadlines", "id"),
        ("agencies", "slug"),
        ("theories", "slug"),
        ("provisions", "slug"),
    ] {
        let path = format!("/api/v1/{list}");
        let whole = keys(&walk(&app, &path, Some(&token), 500).await?, key);
        assert!(whole.len() > 2, "{list} has rows to page through");
        for limit in [1, 2, 7] {
            let paged = keys(&walk(&app, &path, Some(&token), limit).await?, key);
            assert_eq!(paged, whole, "{list} by {limit}: same rows, same order");
        }
        let unique: BTreeSet<&String> = whole.iter().collect();
        assert_eq!(unique.len(), whole.len(), "{list}: no duplicates");
        let (_, first) = api(&app, &format!("{path}?limit=500"), Some(&token)).await?;
        assert_eq!(first["next_cursor"], Value::Null, "{list}: one page holds everything");
        let (_, default) = api(&app, &path, Some(&token)).await?;
        assert_eq!(default["data"].as_array().map(Vec::len), Some(whole.len().min(50)), "{list}: 50 by default");
    }

    // A row added while a client is paging shows up once, at the end.
    let (_, first) = api(&app, "/api/v1/events?limit=4", None).await?;
    let cursor = first["next_cursor"].as_str().expect("more pages").to_string();
    let m = matter::Entity::find()
        .filter(matter::Column::Public.eq(true))
        .filter(matter::Column::ReviewState.eq("approved"))
        .one(&app.db)
        .await?
        .expect("a published matter");
    let new_event = NewEvent {
        kind: EventKind::Other,
        date: chrono::NaiveDate::from_ymd_opt(2020, 1, 2).expect("date"),
        title: "Added while paging".into(),
        details: String::new(),
        public: true,
        verification: Verification::Verified,
        outcome: String::new(),
        pages_released: 0,
        exemptions: vec![],
        pages_withheld: (0, 0),
    };
    let added = matters::add_event(&app.db, None, m.id, new_event).await?;
    let rest = ids(&walk_from(&app, "/api/v1/events", None, 4, Some(cursor)).await?);
    let mut seen = ids(first["data"].as_array().expect("rows"));
    seen.extend(rest);
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "no row twice, in order");
    assert_eq!(seen.last(), Some(&added), "the new row comes last");
    assert_eq!(seen.into_iter().collect::<BTreeSet<_>>(), expected(&app, None).await?.events, "no row skipped");
    app.cleanup().await;
    Ok(())
});

/// The error body's code and field.
pub fn error_of(body: &Value) -> (String, Option<String>) {
    let e = &body["error"];
    assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()), "an error message: {body}");
    (e["code"].as_str().unwrap_or_default().to_string(), e["field"].as_str().map(str::to_string))
}

both!(bad_requests_name_the_parameter_and_hidden_matters_are_not_found, |engine| async move {
    let app = spawn_app(engine).await?;
    for (path, field) in [
        ("/api/v1/matters?kind=memo", "kind"),
        ("/api/v1/matters?status=lost-in-the-mail", "status"),
        ("/api/v1/matters?agency=no-such-agency", "agency"),
        ("/api/v1/matters?theory=no-such-theory", "theory"),
        ("/api/v1/matters?kidn=lawsuit", "kidn"),
        ("/api/v1/matters?kind=lawsuit&kind=appeal", "kind"),
        ("/api/v1/matters?limit=0", "limit"),
        ("/api/v1/matters?limit=501", "limit"),
        ("/api/v1/matters?limit=ten", "limit"),
        ("/api/v1/matters?cursor=not-a-cursor", "cursor"),
        ("/api/v1/events?from=2025-13-01", "from"),
        ("/api/v1/events?from=2025-02-01&to=2025-01-01", "to"),
        ("/api/v1/events?kind=phone_call", "kind"),
        ("/api/v1/events?matter=epic-cbp-request", "matter"),
        ("/api/v1/events?matter=no-such-matter", "matter"),
        ("/api/v1/deadlines?status=late", "status"),
        ("/api/v1/deadlines?to=tomorrow", "to"),
        ("/api/v1/agencies?parent=nope", "parent"),
        ("/api/v1/provisions?kind=poem", "kind"),
        ("/api/v1/theories?sort=name", "sort"),
    ] {
        let (status, body) = api(&app, path, None).await?;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}: {body}");
        assert_eq!(error_of(&body), ("invalid_parameter".into(), Some(field.into())), "{path}: {body}");
    }
    // An unpublished matter is as unknown as a missing one, to the public
    // and to another organisation; its own organisation reads it.
    let other = token_for(&app, "otherattorney").await?;
    for (slug, token) in [("epic-cbp-request", None), ("epic-cbp-request", Some(other.as_str())), ("nope", None)] {
        let (status, body) = api(&app, &format!("/api/v1/matters/{slug}"), token).await?;
        assert_eq!((status, error_of(&body).0.as_str()), (StatusCode::NOT_FOUND, "not_found"), "{slug}: {body}");
        assert!(!body.to_string().contains("EPIC"), "nothing about the matter: {body}");
    }
    let attorney = token_for(&app, "attorney").await?;
    let (status, body) = api(&app, "/api/v1/matters/epic-cbp-request", Some(&attorney)).await?;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (body["matter"]["slug"].as_str(), body["matter"]["public"].as_bool()),
        (Some("epic-cbp-request"), Some(false))
    );
    let (status, body) = api(&app, "/api/v1/nothing-here", None).await?;
    assert_eq!((status, error_of(&body).0.as_str()), (StatusCode::NOT_FOUND, "not_found"));
    app.cleanup().await;
    Ok(())
});

both!(bad_or_revoked_tokens_are_refused, |engine| async move {
    let app = spawn_app(engine).await?;
    let attorney = user::Entity::find().filter(user::Column::Username.eq("attorney")).one(&app.db).await?.expect("u");
    let issued = tokens::issue(&app.db, attorney.id, Purpose::Api, "script").await?;
    let feed = tokens::issue(&app.db, attorney.id, Purpose::Feed, "").await?;
    let (status, _) = api(&app, "/api/v1/matters/epic-cbp-request", Some(&issued.secret)).await?;
    assert_eq!(status, StatusCode::OK, "a live token reads private data");
    let client = reqwest::Client::new();
    for header in ["Bearer", "Bearer ", "Basic YXR0b3JuZXk6YXR0b3JuZXktZGVtbw==", "Token abc", &issued.secret] {
        let res = client.get(format!("{}/api/v1/matters", app.base)).header("authorization", header).send().await?;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "Authorization: {header}");
        assert!(res.headers().contains_key("www-authenticate"));
        assert_eq!(error_of(&res.json().await?).0, "unauthorized");
    }
    for bad in ["0123456789abcdef", &issued.secret[..20], &feed.secret] {
        for path in ["/api/v1/matters", "/api/v1/agencies", "/api/v1/matters/access-now-cbp-request"] {
            let (status, body) = api(&app, path, Some(bad)).await?;
            assert_eq!((status, error_of(&body).0.as_str()), (StatusCode::UNAUTHORIZED, "unauthorized"), "{path}");
        }
    }
    tokens::revoke(&app.db, attorney.id, Purpose::Api, issued.token.id).await?;
    let (status, body) = api(&app, "/api/v1/matters", Some(&issued.secret)).await?;
    assert_eq!((status, error_of(&body).0.as_str()), (StatusCode::UNAUTHORIZED, "unauthorized"), "revoked");
    // Without a token the same list is the public view, not an error.
    let (status, body) = api(&app, "/api/v1/matters?limit=500", None).await?;
    assert_eq!(status, StatusCode::OK);
    assert!(body["data"].as_array().into_iter().flatten().all(|m| m["public"] == Value::Bool(true)));
    app.cleanup().await;
    Ok(())
});
