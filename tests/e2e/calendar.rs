//! Adding a closure recomputes open deadlines in one transaction, keeps the
//! old dates in history, and only admins may do it.

use app::{
    domain::calendar::{Calendar, Reading},
    server::entities::{deadline, deadline_history, event, matter},
};
use chrono::Days;
use e2e::{both, spawn_app};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

both!(adding_a_closure_moves_open_deadlines_with_history, |engine| async move {
    let app = spawn_app(engine).await?;
    // An open matter's FOIA response deadline, and a business day inside its count.
    let mut target = None;
    for d in deadline::Entity::find().filter(deadline::Column::RuleId.eq("foia.response")).all(&app.db).await? {
        let m = matter::Entity::find_by_id(d.matter_id).one(&app.db).await?.expect("matter");
        if ["closed", "settled", "decided"].contains(&m.status.as_str()) {
            continue;
        }
        let trigger =
            event::Entity::find_by_id(d.trigger_event_id.expect("trigger")).one(&app.db).await?.expect("event");
        let cal = Calendar::federal();
        let day = trigger
            .date
            .iter_days()
            .skip(2)
            .find(|x| cal.is_business_day(*x, Reading::WithClosures))
            .expect("a business day");
        if day < d.due_date {
            target = Some((d, m, day));
            break;
        }
    }
    let (before, m, day) = target.expect("an open FOIA request in the demo data");
    let form = [
        ("date", day.to_string()),
        ("name", "Emergency closure (test)".to_string()),
        ("source", "Test order".to_string()),
        ("scope", String::new()),
    ];
    let url = format!("{}/api/calendar/add_closure", app.base);
    let res = app.client.post(&url).header("accept", "application/json").form(&form).send().await?;
    assert!(!res.status().is_success(), "the public may not add a closure");
    app.login("attorney", "attorney-demo").await?;
    let res = app.client.post(&url).header("accept", "application/json").form(&form).send().await?;
    let body: serde_json::Value = res.json().await?;
    assert_eq!(body, serde_json::json!("Forbidden"), "an attorney may not add a closure");
    app.login("admin", "admin-demo").await?;
    let res = app.client.post(&url).header("accept", "application/json").form(&form).send().await?;
    assert_eq!(res.status(), StatusCode::OK);
    let added: serde_json::Value = res.json().await?;
    assert!(added["moved"].as_u64().unwrap_or(0) >= 1, "{added}");
    let after = deadline::Entity::find_by_id(before.id).one(&app.db).await?.expect("deadline");
    assert_eq!(
        after.due_date,
        before
            .due_date
            .checked_add_days(Days::new(1))
            .map(|d| {
                let cal = Calendar::federal();
                d.iter_days().find(|x| cal.is_business_day(*x, Reading::WithClosures)).expect("next business day")
            })
            .expect("date"),
        "the agency's deadline moves one business day later"
    );
    let history = deadline_history::Entity::find()
        .filter(deadline_history::Column::DeadlineId.eq(before.id))
        .all(&app.db)
        .await?;
    assert!(history.iter().any(|h| h.old_due_date == Some(before.due_date)
        && h.new_due_date == after.due_date
        && h.reason.contains("closure added")));
    let page = app.page(&format!("/matters/{}", m.slug)).await?;
    assert!(
        page.contains("Was ") && page.contains("closure added"),
        "the matter page shows the old date and why it moved"
    );
    let dup = app.client.post(&url).header("accept", "application/json").form(&form).send().await?;
    let body: serde_json::Value = dup.json().await?;
    assert_eq!(body["Validation"]["field"], "date", "a duplicate closure is refused, naming the field: {body}");
    app.cleanup().await;
    anyhow::Ok(())
});
