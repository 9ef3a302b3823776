//! The workspace over HTTP: a FOIA request run from creation through
//! tolling, a stale edit, deletion and restoration of an event, to the
//! lawsuit that enforces it; and the clinic's drafts and approvals.

use app::server::entities::{audit_entry, deadline, deadline_history, event, matter, matter_link, note};
use e2e::{TestApp, both, spawn_app};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;

async fn matter_by_slug(app: &TestApp, slug: &str) -> anyhow::Result<matter::Model> {
    matter::Entity::find()
        .filter(matter::Column::Slug.eq(slug))
        .one(&app.db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no {slug}"))
}

async fn response_deadline(app: &TestApp, matter_id: i32) -> anyhow::Result<deadline::Model> {
    deadline::Entity::find()
        .filter(deadline::Column::MatterId.eq(matter_id))
        .filter(deadline::Column::RuleId.eq("foia.response"))
        .one(&app.db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no response deadline"))
}

async fn create_request(app: &TestApp, title: &str) -> anyhow::Result<matter::Model> {
    let (status, body) = app
        .call(
            "matters/save",
            &[
                ("form[kind]", "foia_request"),
                ("form[title]", title),
                ("form[agency]", "cbp"),
                ("form[date_sent]", "2025-11-03"),
                ("form[date_received]", "2025-11-03"),
                ("form[fee_waiver]", "on"),
            ],
        )
        .await?;
    anyhow::ensure!(status.is_success() || status.is_redirection(), "create answered {status}: {body}");
    let slug = body.as_str().unwrap_or_default().to_string();
    matter_by_slug(app, &slug).await
}

/// Saves the demo request's form with a new title, based on `version`.
async fn edit(app: &TestApp, slug: &str, title: &str, version: &str) -> anyhow::Result<(StatusCode, Value)> {
    let form = [
        ("form[slug]", slug),
        ("form[version]", version),
        ("form[kind]", "foia_request"),
        ("form[title]", title),
        ("form[agency]", "cbp"),
        ("form[tracking_number]", "CBP-2026-000123"),
        ("form[fee_waiver]", "on"),
    ];
    app.call("matters/save", &form).await
}

both!(a_request_runs_from_creation_to_lawsuit, |engine| async move {
    let app = spawn_app(engine).await?;
    app.login("attorney", "attorney-demo").await?;

    // Bad input names every field and saves nothing.
    let before = matter::Entity::find().all(&app.db).await?.len();
    let (status, body) = app
        .call(
            "matters/save",
            &[
                ("form[kind]", "foia_request"),
                ("form[title]", ""),
                ("form[agency]", "cbp"),
                ("form[date_sent]", "11/03/2025"),
            ],
        )
        .await?;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let text = body.to_string();
    assert!(text.contains("title") && text.contains("date_sent") && text.contains("11/03/2025"), "{text}");
    assert_eq!(matter::Entity::find().all(&app.db).await?.len(), before, "nothing is saved");

    // Create: the request, its first events and its response deadline.
    let m = create_request(&app, "Biometric exit pilot records").await?;
    assert_eq!((m.status.as_str(), m.review_state.as_str(), m.fee_waiver_requested), ("submitted", "approved", true));
    let first = response_deadline(&app, m.id).await?;
    assert_eq!(
        first.due_date.to_string(),
        "2025-12-03",
        "20 business days after 3 Nov 2025 (Veterans Day, Thanksgiving skipped)"
    );

    // Acknowledgement with a tracking number.
    let (status, body) = app
        .call(
            "events/log",
            &[
                ("slug", &m.slug),
                ("form[kind]", "acknowledged"),
                ("form[date]", "2025-11-05"),
                ("form[tracking_number]", "CBP-2026-000123"),
            ],
        )
        .await?;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "acknowledged");
    let m = matter_by_slug(&app, &m.slug).await?;
    assert_eq!(m.agency_tracking_number, "CBP-2026-000123");

    // A fee request tolls the clock until our answer arrives: the date moves, with history.
    for (kind, date) in [("fee_requested", "2025-11-10"), ("fee_answered", "2025-11-17")] {
        let (status, body) =
            app.call("events/log", &[("slug", &m.slug), ("form[kind]", kind), ("form[date]", date)]).await?;
        assert_eq!(status, StatusCode::OK, "{kind}: {body}");
    }
    let tolled = response_deadline(&app, m.id).await?;
    assert!(tolled.due_date > first.due_date, "tolling moves the date: {} -> {}", first.due_date, tolled.due_date);
    let history = deadline_history::Entity::find()
        .filter(deadline_history::Column::DeadlineId.eq(tolled.id))
        .all(&app.db)
        .await?;
    assert!(history.iter().any(|h| h.new_due_date == tolled.due_date), "the move is in the deadline's history");
    // The timeline shows the span the clock was stopped, in words too.
    let page = app.page(&format!("/matters/{}", m.slug)).await?;
    assert!(
        page.contains("The response clock stops here until the fee question is answered on Mon 17 Nov 2025."),
        "the fee request says when the clock restarts"
    );
    assert!(page.contains("it was stopped from Mon 10 Nov 2025 to Mon 17 Nov 2025 by the fee question"));
    let marked = page
        .split("<li class=\"")
        .filter_map(|rest| rest.split('"').next())
        .filter(|class| class.split_whitespace().eq(["event", "tolled"]))
        .count();
    assert_eq!(marked, 2, "both ends of the span are marked");

    // Deleting the fee answer is undoable; both recompute.
    let fee_answer = event::Entity::find()
        .filter(event::Column::MatterId.eq(m.id))
        .filter(event::Column::Kind.eq("fee_answered"))
        .one(&app.db)
        .await?
        .expect("fee answer");
    let id = fee_answer.id.to_string();
    let (status, _) = app.call("events/delete", &[("slug", &m.slug), ("event_id", &id)]).await?;
    assert_eq!(status, StatusCode::OK);
    let page = app.page(&format!("/matters/{}", m.slug)).await?;
    assert!(page.contains("deleted") && page.contains("Restore"), "the deleted event is shown with a way back");
    let (status, _) = app.call("events/delete", &[("slug", &m.slug), ("event_id", &id), ("restore", "1")]).await?;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(response_deadline(&app, m.id).await?.due_date, tolled.due_date, "restoring brings the date back");

    // A stale edit is refused with what changed; the fresh one lands.
    let version = m.version.to_string();
    let (status, body) = edit(&app, &m.slug, "Biometric exit pilot: records", &version).await?;
    assert!(status.is_success() || status.is_redirection(), "{status} {body}");
    let (status, body) = edit(&app, &m.slug, "A stale title", &version).await?;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body.to_string().contains("Biometric exit pilot: records"), "the conflict says what changed: {body}");
    assert_eq!(matter_by_slug(&app, &m.slug).await?.title, "Biometric exit pilot: records");

    // The lawsuit, created from the request, linked to it, with the answer deadline from service.
    let (status, body) = app
        .call(
            "matters/save",
            &[
                ("form[kind]", "lawsuit"),
                ("form[title]", "Clinic v. CBP"),
                ("form[agency]", "cbp"),
                ("form[enforces]", &m.slug),
                ("form[court]", "D.D.C."),
                ("form[date_filed]", "2026-01-05"),
                ("form[date_served]", "2026-01-07"),
            ],
        )
        .await?;
    assert!(status.is_success() || status.is_redirection(), "{status} {body}");
    let suit = matter_by_slug(&app, body.as_str().unwrap_or_default()).await?;
    assert_eq!(suit.status, "pending");
    let link = matter_link::Entity::find().filter(matter_link::Column::FromMatterId.eq(suit.id)).one(&app.db).await?;
    assert_eq!(link.map(|l| (l.to_matter_id, l.kind)), Some((m.id, "lawsuit_enforcing".into())));
    let answer = deadline::Entity::find()
        .filter(deadline::Column::MatterId.eq(suit.id))
        .filter(deadline::Column::RuleId.eq("litigation.answer"))
        .one(&app.db)
        .await?
        .expect("answer deadline");
    assert_eq!(
        answer.due_date.to_string(),
        "2026-02-06",
        "FOIA: 30 days after service on 7 Jan 2026 (5 U.S.C. 552(a)(4)(C))"
    );

    // A request sent today: its response date says how many business days remain.
    let today = chrono::Utc::now().date_naive().to_string();
    let (status, body) = app
        .call(
            "matters/save",
            &[
                ("form[kind]", "foia_request"),
                ("form[title]", "Sent today"),
                ("form[agency]", "cbp"),
                ("form[date_sent]", &today),
            ],
        )
        .await?;
    assert!(status.is_success() || status.is_redirection(), "{status} {body}");
    let page = app.page(&format!("/matters/{}", body.as_str().unwrap_or_default())).await?;
    assert!(page.contains(" business days)</span>"), "open deadlines say how far away they are");

    // Every change is in the history, which the public may not read.
    let audits = audit_entry::Entity::find().filter(audit_entry::Column::MatterId.eq(m.id)).all(&app.db).await?;
    assert!(
        audits.iter().any(|a| a.action == "update" && a.new_value.as_deref().is_some_and(|v| v.contains("version")))
    );
    assert!(audits.iter().any(|a| a.action == "delete") && audits.iter().any(|a| a.action == "restore"));
    let history = app.page(&format!("/matters/{}/history", m.slug)).await?;
    assert!(!history.contains("A stale title") && history.contains("Biometric exit pilot: records"));
    app.cleanup().await;
    Ok(())
});

both!(students_file_drafts_that_attorneys_approve, |engine| async move {
    let app = spawn_app(engine).await?;
    app.login("student", "student-demo").await?;
    let (status, body) = app
        .call(
            "matters/save",
            &[
                ("form[kind]", "foia_request"),
                ("form[title]", "Draft request for facial comparison audits"),
                ("form[agency]", "cbp"),
                ("form[date_sent]", "2025-11-03"),
                ("form[public]", "on"),
            ],
        )
        .await?;
    assert!(status.is_success() || status.is_redirection(), "{status} {body}");
    let m = matter_by_slug(&app, body.as_str().unwrap_or_default()).await?;
    assert_eq!((m.review_state.as_str(), m.public), ("draft", false), "a student's filing is an unpublished draft");
    let drafts = app.page("/drafts").await?;
    assert!(drafts.contains("Draft request for facial comparison audits"));
    let (status, body) =
        app.call("matters/review", &[("slug", &m.slug), ("decision", "approve"), ("comment", "")]).await?;
    assert_eq!((status, body), (StatusCode::FORBIDDEN, Value::String("Forbidden".into())), "students cannot approve");

    // A student edits an assigned, published matter: it stays published (only attorneys publish).
    let shown = matter_by_slug(&app, "access-now-cbp-request").await?;
    let version = shown.version.to_string();
    let form = [
        ("form[slug]", shown.slug.as_str()),
        ("form[version]", version.as_str()),
        ("form[kind]", shown.kind.as_str()),
        ("form[title]", shown.title.as_str()),
        ("form[agency]", "cbp"),
        ("form[summary]", "Edited by the student"),
    ];
    let (status, body) = app.call("matters/save", &form).await?;
    assert!(status.is_success() || status.is_redirection(), "{status} {body}");
    let after = matter_by_slug(&app, "access-now-cbp-request").await?;
    assert_eq!((after.summary.as_str(), after.public), ("Edited by the student", true));

    app.login("otherattorney", "otherattorney-demo").await?;
    let (status, _) =
        app.call("matters/review", &[("slug", &m.slug), ("decision", "approve"), ("comment", "")]).await?;
    assert_eq!(status, StatusCode::NOT_FOUND, "another organisation does not even see the draft");
    let (status, _) = app
        .call("events/log", &[("slug", &m.slug), ("form[kind]", "acknowledged"), ("form[date]", "2025-11-04")])
        .await?;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .call("events/log", &[("slug", &m.slug), ("form[kind]", "acknowledged"), ("form[date]", "31/31/2025")])
        .await?;
    assert_eq!(status, StatusCode::NOT_FOUND, "authorised before validated: no field error for another's matter");

    app.login("attorney", "attorney-demo").await?;
    assert!(app.page("/").await?.contains("1 draft awaiting approval"), "the attorney's dashboard shows the queue");
    let (status, body) =
        app.call("matters/review", &[("slug", &m.slug), ("decision", "return"), ("comment", "")]).await?;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "returning needs a comment: {body}");
    let (status, _) =
        app.call("matters/review", &[("slug", &m.slug), ("decision", "approve"), ("comment", "Good to send")]).await?;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(matter_by_slug(&app, &m.slug).await?.review_state, "approved");
    let history = app.page(&format!("/matters/{}/history", m.slug)).await?;
    assert!(history.contains("approve") && history.contains("Good to send"), "the approval is in the history");

    let public = reqwest::Client::new();
    let res = public.get(format!("{}/matters/{}/history", app.base, m.slug)).send().await?;
    assert_ne!(res.status(), StatusCode::OK, "the public may not read a history");
    app.cleanup().await;
    Ok(())
});

both!(editors_add_notes_privileged_by_default_and_nobody_else_sees_them, |engine| async move {
    let app = spawn_app(engine).await?;
    let slug = "clinic-tvs-request";
    app.login("attorney", "attorney-demo").await?;
    let page = app.page(&format!("/matters/{slug}")).await?;
    assert!(
        page.contains("Add a note") && page.contains("name=\"privileged\" value=\"on\" checked"),
        "privileged by default"
    );
    let (status, body) = app.call("notes/add", &[("slug", slug), ("body", "   ")]).await?;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["Validation"]["field"], "body", "the empty field is named: {body}");
    let (status, _) =
        app.call("notes/add", &[("slug", slug), ("body", "Strategy: sue after 20 days"), ("privileged", "on")]).await?;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = app.call("notes/add", &[("slug", slug), ("body", "Called the FOIA office")]).await?;
    assert_eq!(status, StatusCode::OK);
    let m = matter_by_slug(&app, slug).await?;
    let notes = note::Entity::find().filter(note::Column::MatterId.eq(m.id)).all(&app.db).await?;
    let added: Vec<(bool, &str)> = notes
        .iter()
        .filter(|n| n.body.contains("Strategy") || n.body.contains("FOIA office"))
        .map(|n| (n.privileged, n.body.as_str()))
        .collect();
    assert_eq!(added, vec![(true, "Strategy: sue after 20 days"), (false, "Called the FOIA office")]);
    let page = app.page(&format!("/matters/{slug}")).await?;
    assert!(page.contains("Strategy: sue after 20 days") && page.contains("Called the FOIA office"));

    app.login("otherattorney", "otherattorney-demo").await?;
    let (status, _) = app.call("notes/add", &[("slug", slug), ("body", "intrusion")]).await?;
    assert_eq!(status, StatusCode::NOT_FOUND, "another organisation cannot even find the matter");
    app.cleanup().await;
    Ok(())
});
