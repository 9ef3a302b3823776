//! Links over HTTP: a matter linked to legal theories (with the claim's
//! status), provisions and other matters, and unlinked; each change audited
//! and nothing else touched; refusals for those who may not edit and for
//! bad input; the public never sees a link to an unpublished matter; and
//! "Sue on this request" creating the linked lawsuit (a draft for students).

use app::server::entities::{audit_entry, matter, matter_assignment, matter_link, matter_provision, matter_theory};
use e2e::{TestApp, both, spawn_app};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::Value;

const REQUEST: &str = "clinic-ice-holiday-request";

async fn matter_by_slug(app: &TestApp, slug: &str) -> anyhow::Result<matter::Model> {
    matter::Entity::find()
        .filter(matter::Column::Slug.eq(slug))
        .one(&app.db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no {slug}"))
}

async fn audits(app: &TestApp, matter_id: i32) -> anyhow::Result<Vec<audit_entry::Model>> {
    Ok(audit_entry::Entity::find().filter(audit_entry::Column::MatterId.eq(matter_id)).all(&app.db).await?)
}

/// Calls `endpoint`, expects success, and returns the one audit entry the
/// call wrote on matter `matter_id`.
async fn audited(
    app: &TestApp,
    matter_id: i32,
    endpoint: &str,
    form: &[(&str, &str)],
) -> anyhow::Result<audit_entry::Model> {
    let before = audits(app, matter_id).await?.len();
    let (status, body) = app.call(endpoint, form).await?;
    anyhow::ensure!(status == StatusCode::OK, "{endpoint} {form:?} answered {status}: {body}");
    let after = audits(app, matter_id).await?;
    anyhow::ensure!(after.len() == before + 1, "{endpoint} wrote {} audit entries", after.len() - before);
    after.into_iter().max_by_key(|a| a.id).ok_or_else(|| anyhow::anyhow!("no audit entry"))
}

/// Calls `endpoint` and expects a 422 naming `field`.
async fn refused(app: &TestApp, endpoint: &str, form: &[(&str, &str)], field: &str) -> anyhow::Result<String> {
    let (status, body) = app.call(endpoint, form).await?;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{endpoint} {form:?}: {body}");
    assert_eq!(body["Validation"]["field"], field, "{endpoint} {form:?} names the field: {body}");
    Ok(body["Validation"]["message"].as_str().unwrap_or_default().to_string())
}

async fn claim(app: &TestApp, matter_id: i32) -> anyhow::Result<Vec<(String, String)>> {
    let rows = matter_theory::Entity::find().filter(matter_theory::Column::MatterId.eq(matter_id)).all(&app.db).await?;
    let theories = app::server::entities::legal_theory::Entity::find().all(&app.db).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| theories.iter().find(|t| t.id == r.theory_id).map(|t| (t.slug.clone(), r.claim_status.clone())))
        .collect())
}

both!(editors_link_and_unlink_theories_provisions_and_matters, |engine| async move {
    let app = spawn_app(engine).await?;
    app.login("attorney", "attorney-demo").await?;
    let m = matter_by_slug(&app, REQUEST).await?;
    let s = REQUEST;

    // A theory with its claim status, then the status changes, then it goes.
    assert!(!claim(&app, m.id).await?.iter().any(|(t, _)| t == "apa"));
    let form = [("slug", s), ("theory", "apa"), ("status", "pleaded"), ("note", "Arbitrary withholding policy")];
    let a = audited(&app, m.id, "links/add_theory", &form).await?;
    assert_eq!((a.action.as_str(), a.entity.as_str()), ("create", "matter_theory"));
    assert!(claim(&app, m.id).await?.contains(&("apa".into(), "pleaded".into())));
    let message = refused(&app, "links/add_theory", &form, "theory").await?;
    assert!(message.contains("already relies on"), "{message}");
    refused(&app, "links/add_theory", &[("slug", s), ("theory", "nope"), ("status", "pleaded")], "theory").await?;
    let message =
        refused(&app, "links/add_theory", &[("slug", s), ("theory", "bipa"), ("status", "maybe")], "status").await?;
    assert!(message.contains("maybe") && message.contains("survived"), "the message lists the statuses: {message}");
    let a = audited(&app, m.id, "links/set_claim", &[("slug", s), ("theory", "apa"), ("status", "survived")]).await?;
    assert_eq!(
        (a.action.as_str(), a.old_value.as_deref(), a.new_value.as_deref()),
        ("update", Some("pleaded"), Some("survived"))
    );
    assert!(claim(&app, m.id).await?.contains(&("apa".into(), "survived".into())));
    let a = audited(&app, m.id, "links/remove_theory", &[("slug", s), ("theory", "apa")]).await?;
    assert_eq!((a.action.as_str(), a.entity.as_str()), ("delete", "matter_theory"));
    assert!(!claim(&app, m.id).await?.iter().any(|(t, _)| t == "apa"));
    refused(&app, "links/remove_theory", &[("slug", s), ("theory", "apa")], "theory").await?;

    // A provision.
    let p = app::server::entities::provision::Entity::find()
        .filter(app::server::entities::provision::Column::Slug.eq("frcp-6-a"))
        .one(&app.db)
        .await?
        .expect("provision");
    assert_eq!(cites(&app, m.id, p.id).await?, 0);
    let a = audited(&app, m.id, "links/add_provision", &[("slug", s), ("provision", "frcp-6-a")]).await?;
    assert_eq!((a.action.as_str(), a.entity.as_str(), a.entity_id), ("create", "matter_provision", p.id));
    assert_eq!(cites(&app, m.id, p.id).await?, 1);
    refused(&app, "links/add_provision", &[("slug", s), ("provision", "frcp-6-a")], "provision").await?;
    refused(&app, "links/add_provision", &[("slug", s), ("provision", "no-such-rule")], "provision").await?;
    let a = audited(&app, m.id, "links/remove_provision", &[("slug", s), ("provision", "frcp-6-a")]).await?;
    assert_eq!((a.action.as_str(), a.old_value.as_deref()), ("delete", Some(p.citation.as_str())));
    assert_eq!(cites(&app, m.id, p.id).await?, 0);

    // Another matter: related, refused twice (either way round), to itself, of a wrong kind.
    let other = matter_by_slug(&app, "epic-cbp-request").await?;
    let form = [("slug", s), ("kind", "related"), ("other", "epic-cbp-request")];
    let a = audited(&app, m.id, "links/add_matter", &form).await?;
    assert_eq!((a.action.as_str(), a.entity.as_str()), ("create", "matter_link"));
    assert_eq!(between(&app, m.id, other.id).await?.iter().map(|l| l.kind.as_str()).collect::<Vec<_>>(), ["related"]);
    refused(&app, "links/add_matter", &form, "other").await?;
    refused(&app, "links/add_matter", &[("slug", "epic-cbp-request"), ("kind", "related"), ("other", s)], "other")
        .await?;
    let message = refused(&app, "links/add_matter", &[("slug", s), ("kind", "related"), ("other", s)], "other").await?;
    assert!(message.contains("itself"), "{message}");
    refused(&app, "links/add_matter", &[("slug", s), ("kind", "cousin_of"), ("other", "epic-cbp-request")], "kind")
        .await?;
    refused(&app, "links/add_matter", &[("slug", s), ("kind", "appeal_of"), ("other", "epic-cbp-request")], "kind")
        .await?;
    refused(&app, "links/add_matter", &[("slug", s), ("kind", "related"), ("other", "no-such-matter")], "other")
        .await?;
    let page = app.page(&format!("/matters/{s}")).await?;
    assert!(page.contains("Links, theories and provisions") && page.contains("Link matter"), "the editor's panel");
    assert!(page.contains(&crate::support::html(&other.title)), "the linked matter is listed");
    let a = audited(&app, m.id, "links/remove_matter", &form).await?;
    assert_eq!((a.action.as_str(), a.entity.as_str()), ("delete", "matter_link"));
    assert!(between(&app, m.id, other.id).await?.is_empty());
    refused(&app, "links/remove_matter", &form, "other").await?;

    // Linking bumps nothing else: the matter's version and update time stay.
    let after = matter_by_slug(&app, s).await?;
    assert_eq!((after.version, after.updated_at), (m.version, m.updated_at));
    app.cleanup().await;
    Ok(())
});

async fn cites(app: &TestApp, matter_id: i32, provision_id: i32) -> anyhow::Result<u64> {
    Ok(matter_provision::Entity::find()
        .filter(matter_provision::Column::MatterId.eq(matter_id))
        .filter(matter_provision::Column::ProvisionId.eq(provision_id))
        .count(&app.db)
        .await?)
}

async fn between(app: &TestApp, a: i32, b: i32) -> anyhow::Result<Vec<matter_link::Model>> {
    Ok(matter_link::Entity::find()
        .filter(matter_link::Column::FromMatterId.is_in([a, b]))
        .filter(matter_link::Column::ToMatterId.is_in([a, b]))
        .all(&app.db)
        .await?)
}

both!(without_javascript_the_form_posts_back_and_shows_the_error_by_its_field, |engine| async move {
    let app = spawn_app(engine).await?;
    app.login("attorney", "attorney-demo").await?;
    let page = format!("{}/matters/{REQUEST}", app.base);
    let post = |form: Vec<(&'static str, &'static str)>| {
        app.client
            .post(format!("{}/api/links/add_theory", app.base))
            .header("accept", "text/html")
            .header("referer", page.clone())
            .form(&form)
            .send()
    };
    let res = post(vec![("slug", REQUEST), ("theory", "nope"), ("status", "pleaded"), ("note", "")]).await?;
    assert!(res.status().is_redirection(), "{}", res.status());
    let back = res.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_string();
    assert!(back.starts_with(&page), "back to the matter page: {back}");
    let body = app.client.get(&back).send().await?.text().await?;
    let error = body.split("id=\"f-theory-link-err\"").nth(1).unwrap_or_default();
    assert!(error.contains("there is no legal theory `nope`"), "the message is next to the field");
    let res = post(vec![("slug", REQUEST), ("theory", "privacy-act"), ("status", "pending"), ("note", "")]).await?;
    let back = res.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_string();
    assert!(back.starts_with(&page) && !back.contains("__err"), "back to the page, without the old error: {back}");
    let body = app.page(&format!("/matters/{REQUEST}")).await?;
    assert!(body.contains("Status of the Privacy Act of 1974 claim"), "the new theory is listed with its status form");
    app.cleanup().await;
    Ok(())
});

both!(those_who_may_not_edit_or_see_are_refused, |engine| async move {
    let app = spawn_app(engine).await?;
    let theory = |slug: &'static str| [("slug", slug), ("theory", "apa"), ("status", "pleaded"), ("note", "")];
    let public = reqwest::Client::new();
    let (status, _) = app.call_as(&public, "links/add_theory", &theory(REQUEST)).await?;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "the public");
    let (status, _) = app.call_as(&public, "links/sue", &[("slug", REQUEST)]).await?;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "the public cannot sue");

    // The student edits only what they are assigned to.
    app.login("student", "student-demo").await?;
    for slug in ["noem-v-al-otro-lado-metering", "epic-cbp-request"] {
        let (status, body) = app.call("links/add_theory", &theory(slug)).await?;
        assert_eq!(status, StatusCode::FORBIDDEN, "student not assigned to {slug}: {body}");
        let (status, _) =
            app.call("links/add_matter", &[("slug", slug), ("kind", "related"), ("other", REQUEST)]).await?;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let (status, _) = app.call("links/sue", &[("slug", "epic-cbp-request")]).await?;
    assert_eq!(status, StatusCode::FORBIDDEN, "nor sue on a request not assigned");
    let (status, body) = app.call("links/add_theory", &theory(REQUEST)).await?;
    assert_eq!(status, StatusCode::OK, "assigned: {body}");
    let page = app.page("/matters/noem-v-al-otro-lado-metering").await?;
    assert!(!page.contains("Link matter"), "no link forms where the student may not edit");

    // Another organisation: its unpublished matter cannot be linked to, and ours cannot be changed.
    app.login("otherattorney", "otherattorney-demo").await?;
    let (status, body) = app
        .call(
            "matters/save",
            &[
                ("form[kind]", "foia_request"),
                ("form[title]", "Second clinic's own request"),
                ("form[agency]", "cbp"),
                ("form[date_sent]", "2025-11-03"),
            ],
        )
        .await?;
    assert!(status.is_success() || status.is_redirection(), "{status} {body}");
    let theirs = body.as_str().unwrap_or_default().to_string();
    let (status, _) = app.call("links/add_theory", &theory(REQUEST)).await?;
    assert_eq!(status, StatusCode::FORBIDDEN, "a published matter of another organisation is read-only");
    let (status, _) = app.call("links/add_theory", &theory("epic-cbp-request")).await?;
    assert_eq!(status, StatusCode::NOT_FOUND, "an unpublished one is not even found");
    app.login("attorney", "attorney-demo").await?;
    let m = matter_by_slug(&app, REQUEST).await?;
    let links_before = matter_link::Entity::find().count(&app.db).await?;
    let audits_before = audits(&app, m.id).await?.len();
    let message =
        refused(&app, "links/add_matter", &[("slug", REQUEST), ("kind", "related"), ("other", &theirs)], "other")
            .await?;
    assert!(message.contains("you can see"), "{message}");
    assert_eq!(matter_link::Entity::find().count(&app.db).await?, links_before, "nothing linked");
    assert_eq!(audits(&app, m.id).await?.len(), audits_before, "and nothing audited");
    app.cleanup().await;
    Ok(())
});

both!(the_public_never_sees_a_link_to_an_unpublished_matter, |engine| async move {
    let app = spawn_app(engine).await?;
    app.login("attorney", "attorney-demo").await?;
    let title = "Unpublished sibling request LinkMark42";
    let (status, body) = app
        .call(
            "matters/save",
            &[
                ("form[kind]", "foia_request"),
                ("form[title]", title),
                ("form[agency]", "cbp"),
                ("form[date_sent]", "2025-11-03"),
            ],
        )
        .await?;
    assert!(status.is_success() || status.is_redirection(), "{status} {body}");
    let hidden = body.as_str().unwrap_or_default().to_string();
    let published = "aclu-nyclu-v-dhs";
    assert!(matter_by_slug(&app, published).await?.public);
    let (status, body) =
        app.call("links/add_matter", &[("slug", published), ("kind", "related"), ("other", &hidden)]).await?;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(app.page(&format!("/matters/{published}")).await?.contains("LinkMark42"), "members see the link");

    let public = reqwest::Client::new();
    let page = public.get(format!("{}/matters/{published}", app.base)).send().await?;
    assert_eq!(page.status(), StatusCode::OK);
    let page = page.text().await?;
    assert!(!page.contains("LinkMark42") && !page.contains(&hidden), "the public page hides the link");
    assert!(!page.contains("Link matter"), "and offers no link forms");
    let (status, body) = app.call_as(&public, "matters/get", &[("slug", published)]).await?;
    assert_eq!(status, StatusCode::OK);
    assert!(!body.to_string().contains("LinkMark42") && body["link_choices"].is_null(), "{body}");
    let api = public.get(format!("{}/api/v1/matters/{published}", app.base)).send().await?.text().await?;
    assert!(api.contains("links") && !api.contains(&hidden), "the JSON API hides it too: {api}");
    app.cleanup().await;
    Ok(())
});

async fn sued(app: &TestApp, request: &matter::Model, body: &Value) -> anyhow::Result<matter::Model> {
    let suit = matter_by_slug(app, body.as_str().unwrap_or_default()).await?;
    assert_eq!(
        (suit.kind.as_str(), suit.title.clone(), suit.court.as_str(), suit.agency_id),
        ("lawsuit", format!("{} — lawsuit", request.title), "D.D.C.", request.agency_id)
    );
    let link = matter_link::Entity::find().filter(matter_link::Column::FromMatterId.eq(suit.id)).all(&app.db).await?;
    assert_eq!(
        link.iter().map(|l| (l.to_matter_id, l.kind.as_str())).collect::<Vec<_>>(),
        [(request.id, "lawsuit_enforcing")]
    );
    assert_eq!(claim(app, suit.id).await?, [("foia".to_string(), "contemplated".to_string())]);
    let entities: Vec<String> = audits(app, suit.id).await?.into_iter().map(|a| a.entity).collect();
    for e in ["matter", "matter_link", "matter_theory"] {
        assert!(entities.iter().any(|x| x == e), "{e} is audited: {entities:?}");
    }
    Ok(suit)
}

both!(sue_on_this_request_creates_the_linked_lawsuit, |engine| async move {
    let app = spawn_app(engine).await?;
    app.login("attorney", "attorney-demo").await?;
    let request = matter_by_slug(&app, REQUEST).await?;
    let page = app.page(&format!("/matters/{REQUEST}")).await?;
    assert!(page.contains("action=\"/api/links/sue\""), "the request's page has the one-click form");
    let (status, body) = app.call("links/sue", &[("slug", REQUEST)]).await?;
    assert_eq!(status, StatusCode::OK, "{body}");
    let suit = sued(&app, &request, &body).await?;
    assert_eq!(suit.review_state, "approved", "an attorney's lawsuit needs no review");
    assert!(app.page(&format!("/matters/{}/edit", suit.slug)).await?.contains("D.D.C."), "its edit page opens");
    let message = refused(&app, "links/sue", &[("slug", REQUEST)], "slug").await?;
    assert!(message.contains("already enforces"), "no second lawsuit by a double click: {message}");
    assert!(!app.page(&format!("/matters/{REQUEST}")).await?.contains("action=\"/api/links/sue\""));
    refused(&app, "links/sue", &[("slug", "aclu-nyclu-v-dhs")], "slug").await?;

    // Without JavaScript the click lands on the new lawsuit's edit page; a student's is a draft.
    app.login("student", "student-demo").await?;
    let slug = "clinic-obim-retention-request";
    let request = matter_by_slug(&app, slug).await?;
    let res = app
        .client
        .post(format!("{}/api/links/sue", app.base))
        .header("accept", "text/html")
        .header("referer", format!("{}/matters/{slug}", app.base))
        .form(&[("slug", slug)])
        .send()
        .await?;
    assert!(res.status().is_redirection(), "{}", res.status());
    let location = res.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_string();
    let new_slug = location.trim_start_matches("/matters/").trim_end_matches("/edit").to_string();
    assert_eq!(location, format!("/matters/{new_slug}/edit"));
    let suit = sued(&app, &request, &Value::String(new_slug)).await?;
    assert_eq!((suit.review_state.as_str(), suit.public), ("draft", false), "a student's lawsuit is a draft");
    let student = app::server::entities::user::Entity::find()
        .filter(app::server::entities::user::Column::Username.eq("student"))
        .one(&app.db)
        .await?
        .expect("student");
    let assigned = matter_assignment::Entity::find()
        .filter(matter_assignment::Column::MatterId.eq(suit.id))
        .filter(matter_assignment::Column::UserId.eq(student.id))
        .count(&app.db)
        .await?;
    assert_eq!(assigned, 1, "the student is assigned to the draft and can edit it");
    assert_eq!(app.get(&location).await?.0, StatusCode::OK);
    assert!(app.page("/drafts").await?.contains(&suit.slug), "it waits in the drafts queue");
    app.cleanup().await;
    Ok(())
});
