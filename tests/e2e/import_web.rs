//! The import page: an admin uploads a CSV file (a plain multipart form),
//! sees the dry run with every problem by line and column, commits, and
//! follows the progress until the report; nothing is written before the
//! commit or when the file has problems; only admins get in. And the round
//! trip: Docket's matters export imports into a fresh database with the
//! `matters` mapping and exports again the same.

use crate::support::count;
use app::server::{
    auth::current_user,
    entities::{deadline, import_mapping, import_upload, matter, organization, user},
    services::import_uploads::{self, NewUpload},
};
use e2e::{TestApp, both, spawn_app};
use reqwest::{
    Client, StatusCode,
    multipart::{Form, Part},
    redirect::Policy,
};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, sea_query::Expr};
use std::path::{Path, PathBuf};

mod mapping_editor;
mod round_trip;
mod stale;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/import").join(name)
}

/// Posts the upload form; returns the status and the `Location`.
async fn upload(
    base: &str,
    client: &Client,
    name: &str,
    bytes: Vec<u8>,
    fields: &[(&str, &str)],
) -> anyhow::Result<(StatusCode, String)> {
    let mut form = Form::new().part("file", Part::bytes(bytes).file_name(name.to_string()).mime_str("text/csv")?);
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    let res = client.post(format!("{base}/admin/import")).multipart(form).send().await?;
    let location = res.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_string();
    Ok((res.status(), location))
}

/// Uploads a fixture as the app's client and returns the preview's path.
async fn upload_fixture(app: &TestApp, file: &str, fields: &[(&str, &str)]) -> anyhow::Result<String> {
    let (status, location) = upload(&app.base, &app.client, file, std::fs::read(fixture(file))?, fields).await?;
    anyhow::ensure!(status == StatusCode::SEE_OTHER, "upload of {file}: {status}");
    anyhow::ensure!(location.starts_with("/admin/import/"), "upload of {file} went to {location}");
    Ok(location)
}

async fn commit(base: &str, client: &Client, page: &str, save_as: &str) -> anyhow::Result<(StatusCode, String)> {
    let res = client.post(format!("{base}{page}/commit")).form(&[("save_as", save_as)]).send().await?;
    let location = res.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_string();
    Ok((res.status(), location))
}

/// Reloads the upload's page until the import has ended; returns the page.
async fn finished(base: &str, client: &Client, page: &str) -> anyhow::Result<String> {
    for _ in 0..240 {
        let body = client.get(format!("{base}{page}")).send().await?.text().await?;
        if !body.contains("Importing…") {
            return Ok(body);
        }
        assert!(body.contains(r#"http-equiv="refresh""#), "a running import's page reloads itself");
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    anyhow::bail!("the import of {page} did not end in 60 s")
}

async fn core_counts(db: &DatabaseConnection) -> anyhow::Result<[i64; 4]> {
    Ok([
        count(db, "matters").await?,
        count(db, "events").await?,
        count(db, "deadlines").await?,
        count(db, "import_mappings").await?,
    ])
}

/// An upload of the good FOIA log by the demo admin, made through the
/// service (for the access matrix); returns its id.
pub async fn sample_upload(app: &TestApp) -> anyhow::Result<String> {
    let admin = user::Entity::find().filter(user::Column::Username.eq("admin")).one(&app.db).await?;
    let admin = admin.ok_or_else(|| anyhow::anyhow!("no admin"))?;
    let who = current_user(&app.db, admin.id).await?.ok_or_else(|| anyhow::anyhow!("no admin"))?;
    let new = NewUpload {
        file_name: "good_foia_log.csv".into(),
        content: std::fs::read(fixture("good_foia_log.csv"))?,
        mapping: "foia-log".into(),
        agency: "DHS".into(),
        on_duplicate: "skip".into(),
        date_format: String::new(),
    };
    Ok(import_uploads::create(&app.db, &who, new).await?)
}

both!(an_admin_previews_then_imports_a_foia_log, |engine| async move {
    let app = spawn_app(engine).await?;
    app.login("admin", "admin-demo").await?;
    let before = core_counts(&app.db).await?;
    let form = app.page("/admin/import").await?;
    assert!(form.contains(r#"enctype="multipart/form-data""#) && form.contains("foia-log"), "{form}");
    let page = upload_fixture(&app, "good_foia_log.csv", &[("mapping", "foia-log"), ("agency", "DHS")]).await?;
    let preview = app.page(&page).await?;
    assert!(preview.contains("The import would create 5 matters (9 events, 7 deadlines)"), "{preview}");
    assert!(preview.contains("DHS-2026-000301") && preview.contains("CBP-2025-000101"), "the first rows: {preview}");
    assert!(preview.contains("2025-12-26 (detected)"), "the detected date format: {preview}");
    assert!(preview.contains("the row has 8 of 9 cells"), "the warnings: {preview}");
    assert!(preview.contains("Import 5 rows") && preview.contains(&format!("{page}/commit")), "{preview}");
    assert_eq!(core_counts(&app.db).await?, before, "a preview writes nothing");

    assert_eq!(commit(&app.base, &app.client, &page, "dhs-log").await?, (StatusCode::SEE_OTHER, page.clone()));
    let done = finished(&app.base, &app.client, &page).await?;
    assert!(done.contains("Imported: created 5 matters (9 events, 7 deadlines)"), "{done}");
    assert!(done.contains(r#"href="/matters""#), "links to the matters: {done}");
    let id = page.trim_start_matches("/admin/import/").to_string();
    let row = import_upload::Entity::find_by_id(id).one(&app.db).await?.ok_or_else(|| anyhow::anyhow!("upload"))?;
    assert_eq!((row.state.as_str(), row.done, row.total, row.content.len()), ("done", 5, 5, 0), "the file is dropped");
    let after = core_counts(&app.db).await?;
    assert_eq!(after, [before[0] + 5, before[1] + 9, before[2] + 7, before[3] + 1]);
    let m =
        matter::Entity::find().filter(matter::Column::AgencyTrackingNumber.eq("CBP-2025-000101")).one(&app.db).await?;
    let m = m.ok_or_else(|| anyhow::anyhow!("the imported request"))?;
    let org = organization::Entity::find_by_id(m.organization_id).one(&app.db).await?.map(|o| o.slug);
    assert_eq!(org.as_deref(), Some("border-privacy-clinic"), "imported into the admin's organisation");
    let ds = deadline::Entity::find().filter(deadline::Column::MatterId.eq(m.id)).all(&app.db).await?;
    assert_eq!(
        ds.iter().filter_map(|d| d.rule_id.clone()).collect::<Vec<_>>(),
        ["foia.response", "foia.appeal_window"]
    );

    let (status, again) = commit(&app.base, &app.client, &page, "").await?;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(again.contains("problem=") && again.contains("imported%20already"), "{again}");
    assert_eq!(core_counts(&app.db).await?, after, "a second commit imports nothing");
    let saved = import_mapping::Entity::find().filter(import_mapping::Column::Name.eq("dhs-log")).one(&app.db).await?;
    assert_eq!(saved.map(|m| m.source), Some("good_foia_log.csv".to_string()));
    assert!(app.page("/admin/import").await?.contains("dhs-log (saved from good_foia_log.csv)"));
    app.cleanup().await;
    Ok(())
});

both!(a_running_import_shows_a_progress_bar, |engine| async move {
    let app = spawn_app(engine).await?;
    app.login("admin", "admin-demo").await?;
    let id = sample_upload(&app).await?;
    import_upload::Entity::update_many()
        .col_expr(import_upload::Column::State, Expr::value("running"))
        .col_expr(import_upload::Column::Phase, Expr::value("writing"))
        .col_expr(import_upload::Column::Done, Expr::value(1000))
        .col_expr(import_upload::Column::Total, Expr::value(4000))
        .filter(import_upload::Column::Id.eq(id.as_str()))
        .exec(&app.db)
        .await?;
    let page = app.page(&format!("/admin/import/{id}")).await?;
    assert!(page.contains(r#"<meta http-equiv="refresh" content="1""#), "{page}");
    assert!(page.contains("<progress") && page.contains(r#"max="4000""#) && page.contains(r#"value="1000""#), "{page}");
    assert!(page.contains("writing: 1,000 of 4,000 rows"), "{page}");
    app.cleanup().await;
    Ok(())
});

both!(a_file_with_problems_lists_each_and_writes_nothing, |engine| async move {
    let app = spawn_app(engine).await?;
    app.login("admin", "admin-demo").await?;
    let before = core_counts(&app.db).await?;
    let page = upload_fixture(&app, "impossible_date.csv", &[("mapping", "foia-log")]).await?;
    let preview = app.page(&page).await?;
    assert!(preview.contains("1 problems: nothing can be imported"), "{preview}");
    assert!(preview.contains("title=\"line 4, column 2 `Received Date`\""), "line and column: {preview}");
    assert!(preview.contains("`2025-02-30` is not a calendar date"), "{preview}");
    assert!(!preview.contains("/commit"), "no commit button: {preview}");
    let page = upload_fixture(&app, "wrong_column_count.csv", &[("mapping", "foia-log")]).await?;
    let preview = app.page(&page).await?;
    assert!(preview.contains("title=\"line 3\"") && preview.contains("the row has 10 cells"), "{preview}");
    assert_eq!(commit(&app.base, &app.client, &page, "").await?.0, StatusCode::SEE_OTHER);
    let done = finished(&app.base, &app.client, &page).await?;
    assert!(done.contains("Nothing was imported: 1 problems."), "a forced commit imports nothing: {done}");
    assert_eq!(core_counts(&app.db).await?, before);

    let (status, location) = upload(&app.base, &app.client, "empty.csv", Vec::new(), &[]).await?;
    assert_eq!((status, location.starts_with("/admin/import?problem=")), (StatusCode::SEE_OTHER, true));
    assert!(location.ends_with("#problem"), "the page opens at the problem: {location}");
    let shown = app.page(&location).await?;
    let problem = shown.split("id=\"problem\"").nth(1).and_then(|p| p.split("</p>").next()).unwrap_or_default();
    assert!(problem.contains(">Nothing was uploaded. file: choose a CSV file"), "{shown}");
    let (status, location) =
        upload(&app.base, &app.client, "x.csv", b"a\n1\n".to_vec(), &[("mapping", "nope")]).await?;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(app.page(&location).await?.contains("there is no mapping `nope`"), "{location}");
    let (status, location) =
        upload(&app.base, &app.client, "big.csv", vec![b'x'; import_uploads::MAX_BYTES + 1], &[]).await?;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(app.page(&location).await?.contains("the file is larger than 50 MB"), "{location}");
    let big = vec![b'x'; import_uploads::MAX_BYTES + (1 << 20)];
    let sent = app
        .client
        .post(format!("{}/admin/import", app.base))
        .multipart(Form::new().part("file", Part::bytes(big).file_name("big.csv")))
        .send()
        .await;
    // The server answers 413 once the body passes the limit and reads no
    // further: the client sees that answer or, still writing, a broken pipe.
    match sent {
        Ok(res) => {
            assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
            assert!(res.text().await?.contains("at most 50 MB"));
        }
        Err(e) => {
            let why = format!("{e:?}");
            assert!(why.contains("Broken pipe") || why.contains("reset"), "refused mid-body, not otherwise: {why}");
        }
    }
    assert_eq!(core_counts(&app.db).await?, before, "nothing is written");
    app.cleanup().await;
    Ok(())
});

both!(only_admins_import_and_cross_site_posts_are_refused, |engine| async move {
    let app = spawn_app(engine).await?;
    let id = sample_upload(&app).await?;
    let page = format!("/admin/import/{id}");
    let bytes = std::fs::read(fixture("good_foia_log.csv"))?;
    for (who, want) in [(None, StatusCode::UNAUTHORIZED), (Some("attorney"), StatusCode::FORBIDDEN)] {
        let client = Client::builder().redirect(Policy::none()).cookie_store(true).build()?;
        if let Some(name) = who {
            let form = [("username", name.to_string()), ("password", format!("{name}-demo"))];
            client.post(format!("{}/login", app.base)).form(&form).send().await?;
        }
        for path in ["/admin/import", page.as_str(), &format!("{page}/mapping")] {
            let status = client.get(format!("{}{path}", app.base)).send().await?.status();
            assert_eq!(status, want, "{who:?} GET {path}");
        }
        let (status, _) = upload(&app.base, &client, "log.csv", bytes.clone(), &[]).await?;
        assert_eq!(status, want, "{who:?} uploads");
        assert_eq!(commit(&app.base, &client, &page, "").await?.0, want, "{who:?} commits");
        for (action, form) in [("mapping", [("name", "x"), ("target", "foia_log")]), ("retry", [("x", ""), ("y", "")])]
        {
            let status = client.post(format!("{}{page}/{action}", app.base)).form(&form).send().await?.status();
            assert_eq!(status, want, "{who:?} posts {action}");
        }
        for endpoint in ["imports/get", "imports/mapping"] {
            let (status, _) = app.call_as(&client, endpoint, &[("id", id.as_str())]).await?;
            assert_eq!(status, want, "{who:?} {endpoint}");
        }
    }
    assert_eq!(count(&app.db, "import_uploads").await?, 1);
    assert_eq!(count(&app.db, "matters").await?, core_counts(&app.db).await?[0]);
    let before = core_counts(&app.db).await?;
    app.login("admin", "admin-demo").await?;
    let form = Form::new().part("file", Part::bytes(bytes).file_name("log.csv"));
    let res = app
        .client
        .post(format!("{}/admin/import", app.base))
        .header("origin", "http://evil.example")
        .multipart(form)
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "a cross-site upload");
    let res = app
        .client
        .post(format!("{}{page}/commit", app.base))
        .header("origin", "http://evil.example")
        .form(&[("save_as", "")])
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "a cross-site commit");
    let res = app
        .client
        .post(format!("{}{page}/mapping", app.base))
        .header("origin", "http://evil.example")
        .form(&[("name", "evil"), ("target", "foia_log")])
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "a cross-site mapping");
    assert_eq!(count(&app.db, "import_uploads").await?, 1);
    let state = import_upload::Entity::find_by_id(id.clone()).one(&app.db).await?.map(|u| u.state);
    assert_eq!(state.as_deref(), Some("uploaded"));
    assert_eq!(core_counts(&app.db).await?, before);
    app.cleanup().await;
    Ok(())
});
