//! Without JavaScript, a refused form comes back with each message beside
//! its field and with what was typed still in it; nothing is saved; secrets
//! are never put in the URL. A saved form comes back to its place on the
//! page, which says what was done.

use crate::support::html;
use app::server::entities::{event, matter, user};
use e2e::{TestApp, both, spawn_app};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

/// Posts `form` to the server function `endpoint` as a browser without
/// JavaScript does (from `page`), follows the redirect back, and returns
/// the redirect's target and the page it shows.
async fn post_without_js(
    app: &TestApp,
    endpoint: &str,
    page: &str,
    form: &[(&str, &str)],
) -> anyhow::Result<(String, String)> {
    let res = app
        .client
        .post(format!("{}/api/{endpoint}", app.base))
        .header("accept", "text/html,application/xhtml+xml")
        .header("referer", format!("{}{page}", app.base))
        .form(form)
        .send()
        .await?;
    anyhow::ensure!(res.status().is_redirection(), "{endpoint}: {}", res.status());
    let location = res.headers()["location"].to_str()?.to_string();
    let res = app.client.get(&location).send().await?;
    assert_eq!(res.status(), StatusCode::OK, "{location}");
    Ok((location, res.text().await?))
}

both!(a_refused_form_keeps_what_was_typed, |engine| async move {
    let app = spawn_app(engine).await?;
    app.login("attorney", "attorney-demo").await?;
    let title = "Records of the biometric exit pilot at Dulles & Newark";
    // Text that would close the textarea, were it not escaped.
    let summary = "All <contracts> with the vendor</textarea><b id=\"x\">2023-2025</b>; see 5 U.S.C. 552(a)(3).";
    let form = [
        ("form[slug]", ""),
        ("form[version]", "0"),
        ("form[kind]", "foia_request"),
        ("form[title]", title),
        ("form[agency]", ""),
        ("form[summary]", summary),
        ("form[tracking_number]", "CBP-2026-000123"),
        ("form[date_sent]", "2026-13-45"),
        ("form[fee_waiver]", "on"),
    ];
    let (location, page) = post_without_js(&app, "matters/save", "/matters/new?kind=foia_request", &form).await?;
    assert!(location.contains("__form="), "{location}");
    assert!(location.ends_with("#problem"), "the browser lands on the refusal: {location}");
    assert_eq!(page.matches("id=\"problem\"").count(), 1, "one message to land on");
    assert!(page.contains(&format!("value=\"{}\"", html(title))), "the title is still typed in");
    assert!(page.contains(&html(summary)), "and the summary, escaped");
    assert!(!page.contains("<b id=\"x\">"), "typed text never becomes markup");
    assert!(page.contains("value=\"CBP-2026-000123\""), "and the tracking number");
    assert!(page.contains("value=\"2026-13-45\""), "and the date as typed, to correct");
    assert!(page.contains("id=\"f-agency-err\" aria-live=\"polite\" class=\"field-error\">is required"));
    assert!(page.contains("is not a date"), "each message beside its field");
    assert!(page.contains("Nothing was saved"));
    let saved = matter::Entity::find().filter(matter::Column::Title.eq(title)).count(&app.db).await?;
    assert_eq!(saved, 0, "nothing was saved");

    // A form too large to keep still gets its messages, only not its text.
    let long = "x".repeat(70 * 1024);
    let mut large = form.to_vec();
    large.push(("form[parties]", long.as_str()));
    let (location, page) = post_without_js(&app, "matters/save", "/matters/new?kind=foia_request", &large).await?;
    assert!(location.contains("__err=") && !location.contains("__form="), "{}", &location[..120.min(location.len())]);
    assert!(page.contains("is not a date"), "the messages still show");

    // The quick actions share one endpoint: only the one posted opens, with
    // what was typed; the others stay closed and empty.
    let slug = "clinic-ice-holiday-request";
    let m = matter::Entity::find().filter(matter::Column::Slug.eq(slug)).one(&app.db).await?.expect("demo matter");
    let before = event::Entity::find().filter(event::Column::MatterId.eq(m.id)).count(&app.db).await?;
    let details = "Letter of 3 March: records withheld under (b)(7)(E)";
    let form = [
        ("slug", slug),
        ("form[kind]", "determination"),
        ("form[date]", ""),
        ("form[outcome]", "denied"),
        ("form[details]", details),
    ];
    let (location, page) = post_without_js(&app, "events/log", &format!("/matters/{slug}"), &form).await?;
    assert!(location.ends_with("#problem"), "{location}");
    let problem = page.split("id=\"problem\"").nth(1).unwrap_or_default();
    assert!(problem.contains("Nothing was saved"), "the quick action's own message is the one landed on");
    let opened: Vec<&str> = page.split("<details open class=\"quick\">").skip(1).collect();
    assert_eq!(opened.len(), 1, "one quick action open");
    assert!(opened[0].starts_with("<summary>Determination"), "{}", &opened[0][..80.min(opened[0].len())]);
    assert_eq!(page.matches("Nothing was saved").count(), 1, "its message, in that form only");
    assert_eq!(page.matches(&html(details)).count(), 1, "what was typed, in that form only");
    assert!(page.contains("<option value=\"denied\" selected"), "the outcome chosen");
    let after = event::Entity::find().filter(event::Column::MatterId.eq(m.id)).count(&app.db).await?;
    assert_eq!(after, before, "no event was logged");
    app.cleanup().await;
    Ok(())
});

both!(the_admin_forms_keep_what_was_typed, |engine| async move {
    let app = spawn_app(engine).await?;
    app.login("admin", "admin-demo").await?;
    let form = [
        ("username", "Rosa Parks!"),
        ("name", "Rosa Parks"),
        ("email", "rosa@example.org"),
        ("role", "attorney"),
        ("organization", "border-privacy-clinic"),
    ];
    let (location, page) = post_without_js(&app, "users/add", "/admin/users", &form).await?;
    assert!(location.contains("__form="), "{location}");
    assert!(page.contains("Nothing was saved"), "the refusal shows");
    for kept in ["value=\"Rosa Parks!\"", "value=\"Rosa Parks\"", "value=\"rosa@example.org\""] {
        assert!(page.contains(kept), "{kept} is still typed in");
    }
    assert!(page.contains("<option value=\"attorney\" selected"), "the role chosen");
    assert!(page.contains("<option value=\"border-privacy-clinic\" selected"), "the organisation chosen");
    let users = user::Entity::find().filter(user::Column::Name.eq("Rosa Parks")).count(&app.db).await?;
    assert_eq!(users, 0, "nobody was added");

    let form =
        [("date", "2026-02-30"), ("name", "Snow day in Washington"), ("source", "OPM announcement"), ("scope", "")];
    let (location, page) = post_without_js(&app, "calendar/add_closure", "/calendar", &form).await?;
    assert!(location.contains("__form="), "{location}");
    for kept in ["value=\"2026-02-30\"", "value=\"Snow day in Washington\"", "value=\"OPM announcement\""] {
        assert!(page.contains(kept), "{kept} is still typed in");
    }
    app.cleanup().await;
    Ok(())
});

/// A form posted: its endpoint, its fields, and what the page then says.
type Step<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str);

both!(every_form_on_a_matter_page_says_what_it_did_where_it_was, |engine| async move {
    let app = spawn_app(engine).await?;
    app.login("attorney", "attorney-demo").await?;
    let slug = "clinic-ice-holiday-request";
    let page = format!("/matters/{slug}");
    let m = matter::Entity::find().filter(matter::Column::Slug.eq(slug)).one(&app.db).await?.expect("demo matter");
    let e = event::Entity::find().filter(event::Column::MatterId.eq(m.id)).one(&app.db).await?.expect("an event");
    let doc_id = crate::support::insert_document(&app.db, m.id, "Acknowledgment letter").await?.to_string();
    let event_id = e.id.to_string();
    let link = [("slug", slug), ("kind", "related"), ("other", "epic-cbp-request")];
    let theory = [("slug", slug), ("theory", "apa"), ("status", "pleaded"), ("note", "")];
    let claim = [("slug", slug), ("theory", "apa"), ("status", "survived")];
    let provision = [("slug", slug), ("provision", "frcp-6-a")];
    let steps: [Step; 10] = [
        ("links/add_matter", &link, "Linked."),
        ("links/remove_matter", &link, "Link removed."),
        ("links/add_theory", &theory, "Theory added."),
        ("links/set_claim", &claim, "Claim status changed."),
        ("links/remove_theory", &theory[..2], "Theory removed."),
        ("links/add_provision", &provision, "Provision added."),
        ("links/remove_provision", &provision, "Provision removed."),
        ("events/delete", &[("slug", slug), ("event_id", &event_id)], "a deleted event can be restored"),
        ("events/delete", &[("slug", slug), ("event_id", &event_id), ("restore", "1")], "a deleted event can be"),
        ("documents/delete", &[("slug", slug), ("id", &doc_id)], "Document deleted."),
    ];
    for (endpoint, form, said) in steps {
        let (location, shown) = post_without_js(&app, endpoint, &page, form).await?;
        assert!(location.ends_with("#saved") && location.contains("__done="), "{endpoint}: {location}");
        assert_eq!(shown.matches("id=\"saved\"").count(), 1, "{endpoint}: one line to land on");
        let line = shown.split("id=\"saved\"").nth(1).and_then(|l| l.split("</p>").next()).unwrap_or_default();
        assert!(line.contains(said), "{endpoint} says {said:?}, not {line:?}");
    }
    let deleted = event::Entity::find_by_id(e.id).one(&app.db).await?.expect("event");
    assert!(deleted.deleted_at.is_none(), "deleted, then restored");

    // Refused (an event of another matter): said once, at the top of the
    // timeline, not on every row (each row's form posts to one endpoint).
    let other = event::Entity::find().filter(event::Column::MatterId.ne(m.id)).one(&app.db).await?.expect("an event");
    let other_id = other.id.to_string();
    let form = [("slug", slug), ("event_id", other_id.as_str())];
    let (location, shown) = post_without_js(&app, "events/delete", &page, &form).await?;
    assert!(location.ends_with("#problem"), "{location}");
    assert_eq!(shown.matches("id=\"problem\"").count(), 1, "once, not on every row");
    let problem = shown.split("id=\"problem\"").nth(1).unwrap_or_default();
    let line = problem.split("</p>").next().unwrap_or_default();
    assert!(
        line.contains(">Nothing was changed. Event ") && line.contains("was not found: it may have been deleted"),
        "{line}"
    );
    app.cleanup().await;
    Ok(())
});
