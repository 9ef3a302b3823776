//! Calendar feeds: they parse with the Rust `icalendar` crate and with
//! Python's `icalendar`, carry exactly the deadlines each audience may see,
//! keep a deadline's UID when it is recomputed (its SEQUENCE grows), and a
//! replaced or revoked secret answers 404.

use crate::export::{MARK, clinic, plant};
use app::{
    domain::vocab::{DeadlineStatus, MatterStatus},
    server::{
        entities::{deadline, matter, user},
        feeds::business_day_before,
        services::deadlines::load_calendar,
        tokens::{self, Purpose},
    },
};
use chrono::NaiveDate;
use e2e::{TestApp, both, spawn_app};
use icalendar::{Component, DatePerhapsTime};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::{BTreeMap, BTreeSet};

/// One event as both parsers see it: (start, sequence).
type Events = BTreeMap<String, (NaiveDate, u32)>;

/// GETs a feed as a calendar app would (no cookie); checks its type;
/// parses it with the Rust crate.
async fn feed(app: &TestApp, path: &str) -> anyhow::Result<(String, Events)> {
    let res = reqwest::Client::new().get(format!("{}{path}", app.base)).send().await?;
    anyhow::ensure!(res.status() == StatusCode::OK, "GET {path}: {}", res.status());
    assert_eq!(res.headers()["content-type"], "text/calendar; charset=utf-8");
    let body = res.text().await?;
    let cal: icalendar::Calendar = body.parse().map_err(|e| anyhow::anyhow!("{path} does not parse: {e}"))?;
    let mut events = Events::new();
    for ev in cal.events() {
        let uid = ev.get_uid().expect("UID").to_string();
        let Some(DatePerhapsTime::Date(start)) = ev.get_start() else { panic!("{uid}: DTSTART is not a date") };
        let alarms = ev.components().iter().filter(|c| c.component_kind() == "VALARM").count();
        assert_eq!(alarms, 1, "{uid}: one alarm");
        assert!(ev.get_description().is_some_and(|d| d.contains("/matters/")), "{uid}: a link to the matter");
        events.insert(uid, (start, ev.get_sequence().expect("SEQUENCE")));
    }
    Ok((body, events))
}

/// Parses the feed with Python's `icalendar` (tests/feeds/check_ics.py).
fn python_check(body: &str) -> anyhow::Result<serde_json::Value> {
    let path = std::env::temp_dir().join(format!("docket-feed-{}.ics", uuid::Uuid::new_v4().simple()));
    std::fs::write(&path, body)?;
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/feeds/check_ics.py");
    let out = std::process::Command::new("python3").arg(script).arg(&path).output()?;
    let _ = std::fs::remove_file(&path);
    anyhow::ensure!(out.status.success(), "check_ics.py: {}", String::from_utf8_lossy(&out.stderr));
    Ok(serde_json::from_slice(&out.stdout)?)
}

/// The UIDs of the deadlines a feed over `matters` should hold.
async fn expected(app: &TestApp, matters: &[matter::Model], public_only: bool) -> anyhow::Result<BTreeSet<String>> {
    let open: Vec<i32> = matters
        .iter()
        .filter(|m| MatterStatus::parse(&m.status).is_ok_and(MatterStatus::is_open))
        .map(|m| m.id)
        .collect();
    let rows = deadline::Entity::find()
        .filter(deadline::Column::MatterId.is_in(open))
        .filter(deadline::Column::Status.is_in([DeadlineStatus::Open.code(), DeadlineStatus::Missed.code()]))
        .filter(deadline::Column::MetByEventId.is_null())
        .all(&app.db)
        .await?;
    Ok(rows.iter().filter(|d| d.public || !public_only).map(|d| format!("deadline-{}@127.0.0.1", d.id)).collect())
}

both!(public_feed_parses_and_shows_only_public_deadlines, |engine| async move {
    let app = spawn_app(engine).await?;
    plant(&app).await?;
    let (body, events) = feed(&app, "/feeds/public.ics").await?;
    assert!(!body.contains(MARK), "an unpublished deadline reached the public feed");
    let published = matter::Entity::find()
        .filter(matter::Column::Public.eq(true))
        .filter(matter::Column::ReviewState.eq("approved"))
        .all(&app.db)
        .await?;
    let uids: BTreeSet<String> = events.keys().cloned().collect();
    assert!(!uids.is_empty());
    assert_eq!(uids, expected(&app, &published, true).await?);
    let python = python_check(&body)?;
    let cal = load_calendar(&app.db).await?;
    for ev in python["events"].as_array().expect("events") {
        let uid = ev["uid"].as_str().expect("uid");
        let start: NaiveDate = ev["start"].as_str().expect("start").parse()?;
        assert_eq!(
            events[uid],
            (start, u32::try_from(ev["sequence"].as_u64().expect("seq"))?),
            "{uid}: both parsers agree"
        );
        let lead = (start - business_day_before(&cal, start)).num_minutes() - 9 * 60;
        assert_eq!(ev["alarm_minutes_before"].as_i64(), Some(lead), "{uid}: 9:00 on the business day before");
    }
    assert_eq!(python["events"].as_array().map(Vec::len), Some(events.len()));
    app.cleanup().await;
    Ok(())
});

both!(private_feed_follows_its_secret, |engine| async move {
    let app = spawn_app(engine).await?;
    plant(&app).await?;
    let (org, _) = clinic(&app).await?;
    let attorney =
        user::Entity::find().filter(user::Column::Username.eq("attorney")).one(&app.db).await?.expect("attorney");
    let first = tokens::issue(&app.db, attorney.id, Purpose::Feed, "phone").await?;
    let (body, events) = feed(&app, &format!("/feeds/{}.ics", first.secret)).await?;
    assert!(body.contains(MARK), "the clinic's unpublished deadline is in its private feed");
    assert!(body.contains("CLASS:PRIVATE"));
    let own = matter::Entity::find().filter(matter::Column::OrganizationId.eq(org)).all(&app.db).await?;
    assert_eq!(events.keys().cloned().collect::<BTreeSet<_>>(), expected(&app, &own, false).await?);
    python_check(&body)?;
    let second = tokens::issue(&app.db, attorney.id, Purpose::Feed, "laptop").await?;
    assert_eq!(app.get(&format!("/feeds/{}.ics", first.secret)).await?.0, StatusCode::NOT_FOUND, "replaced");
    feed(&app, &format!("/feeds/{}.ics", second.secret)).await?;
    tokens::revoke(&app.db, attorney.id, Purpose::Feed, second.token.id).await?;
    assert_eq!(app.get(&format!("/feeds/{}.ics", second.secret)).await?.0, StatusCode::NOT_FOUND, "revoked");
    let api = tokens::issue(&app.db, attorney.id, Purpose::Api, "script").await?;
    assert_eq!(
        app.get(&format!("/feeds/{}.ics", api.secret)).await?.0,
        StatusCode::NOT_FOUND,
        "an API token is no feed"
    );
    assert_eq!(app.get("/feeds/not-a-secret.ics").await?.0, StatusCode::NOT_FOUND);
    app.cleanup().await;
    Ok(())
});

/// A business day inside `d`'s count (after its first counted day) that is
/// not a closure yet: closing it moves an agency's deadline a day later.
async fn day_to_close(app: &TestApp, d: &deadline::Model) -> anyhow::Result<Option<NaiveDate>> {
    let stored: app::server::services::deadlines::StoredExplanation = serde_json::from_str(&d.explanation)?;
    let cal = load_calendar(&app.db).await?;
    let first = stored.explanation.counted.first().map(|s| s.first);
    Ok(first.and_then(|f| {
        f.iter_days()
            .skip(1)
            .take_while(|day| *day < d.due_date)
            .find(|day| cal.is_business_day(*day, app::domain::calendar::Reading::WithClosures))
    }))
}

both!(recomputed_deadline_keeps_its_uid, |engine| async move {
    let app = spawn_app(engine).await?;
    let (_, before) = feed(&app, "/feeds/public.ics").await?;
    let mut target = None;
    for uid in before.keys() {
        let id: i32 = uid.trim_start_matches("deadline-").split('@').next().expect("id").parse()?;
        let d = deadline::Entity::find_by_id(id).one(&app.db).await?.expect("deadline");
        if d.owed_by == "agency"
            && d.rule_id.as_deref() == Some("foia.response")
            && let Some(day) = day_to_close(&app, &d).await?
        {
            target = Some((uid.clone(), d, day));
            break;
        }
    }
    let (uid, old, day) = target.expect("an agency response deadline in the public feed");
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    // The admin adds it through the app, as in production: the public feed
    // (kept by the page cache for anonymous readers) must show it at once.
    app.login("admin", "admin-demo").await?;
    let date = day.to_string();
    let form = [("date", date.as_str()), ("name", "Test closure"), ("source", "Executive Order (test)"), ("scope", "")];
    let (status, added) = app.call("calendar/add_closure", &form).await?;
    assert_eq!(status, StatusCode::OK, "{added}");
    let moved = deadline::Entity::find_by_id(old.id).one(&app.db).await?.expect("deadline");
    assert!(moved.due_date > old.due_date, "closing {day} moves {} later", old.due_date);
    let (_, after) = feed(&app, "/feeds/public.ics").await?;
    let (start, sequence) = after[&uid];
    assert_eq!(start, moved.due_date, "the same UID carries the new date");
    assert!(sequence > before[&uid].1, "SEQUENCE grows: {} -> {sequence}", before[&uid].1);
    assert_eq!(after.len(), before.len(), "nothing duplicated");
    app.cleanup().await;
    Ok(())
});
