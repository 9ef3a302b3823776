//! Documents on a matter: the upload form (multipart, no JavaScript) keeps
//! the file by its SHA-256 and the download gives back the same bytes to
//! those who may read it and 404 to anyone else; over-limit and mistyped
//! files are refused with nothing saved; deleting hides the document.

use crate::support::count;
use app::server::entities::{audit_entry, document, event, matter};
use e2e::{TestApp, both, spawn_app};
use reqwest::{
    Client, Response, StatusCode,
    multipart::{Form, Part},
    redirect::Policy,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::path::Path;

/// Published, with public events.
const PUBLISHED: &str = "access-now-cbp-request";
/// Not published.
const UNPUBLISHED: &str = "access-now-ice-request";

/// A PDF of `len` bytes whose body holds every byte value.
fn pdf(len: usize, seed: u8) -> Vec<u8> {
    let mut bytes = b"%PDF-1.7\n".to_vec();
    bytes.extend((0..len.saturating_sub(bytes.len())).map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed)));
    bytes
}

/// Posts the upload form of matter `slug`; returns the status and `Location`.
async fn upload(
    app: &TestApp,
    client: &Client,
    slug: &str,
    (name, bytes): (&str, Vec<u8>),
    fields: &[(&str, &str)],
) -> anyhow::Result<(StatusCode, String)> {
    let mut form = Form::new().part("file", Part::bytes(bytes).file_name(name.to_string()));
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    let res = client.post(format!("{}/matters/{slug}/documents", app.base)).multipart(form).send().await?;
    let location = res.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_string();
    Ok((res.status(), location))
}

/// Uploads as the app's client, which must succeed; returns the new row.
async fn uploaded(
    app: &TestApp,
    slug: &str,
    file: (&str, Vec<u8>),
    fields: &[(&str, &str)],
) -> anyhow::Result<document::Model> {
    let (status, location) = upload(app, &app.client, slug, file, fields).await?;
    anyhow::ensure!(status == StatusCode::SEE_OTHER, "upload answered {status}");
    let id = location
        .strip_prefix(&format!("/matters/{slug}?document_added="))
        .and_then(|rest| rest.strip_suffix("#documents"))
        .ok_or_else(|| anyhow::anyhow!("upload went to {location}"))?;
    document::Entity::find_by_id(id.parse::<i32>()?).one(&app.db).await?.ok_or_else(|| anyhow::anyhow!("no row {id}"))
}

fn url(d: &document::Model) -> String {
    app::server::repo::documents::download_path(d)
}

async fn get(app: &TestApp, client: &Client, path: &str) -> anyhow::Result<Response> {
    Ok(client.get(format!("{}{path}", app.base)).send().await?)
}

fn anonymous() -> anyhow::Result<Client> {
    Ok(Client::builder().redirect(Policy::none()).build()?)
}

/// The files kept under the documents folder.
fn stored_files(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries.filter_map(Result::ok).map(|e| if e.path().is_dir() { stored_files(&e.path()) } else { 1 }).sum()
}

async fn first_public_event(app: &TestApp, slug: &str) -> anyhow::Result<event::Model> {
    let m = matter::Entity::find().filter(matter::Column::Slug.eq(slug)).one(&app.db).await?.expect("seeded matter");
    Ok(event::Entity::find()
        .filter(event::Column::MatterId.eq(m.id))
        .filter(event::Column::Public.eq(true))
        .order_by_asc(event::Column::Id)
        .one(&app.db)
        .await?
        .expect("a public event"))
}

both!(upload_and_download_give_back_the_same_bytes_kept_once, |engine| async move {
    let app = spawn_app(engine).await?;
    app.login("attorney", "attorney-demo").await?;
    let e = first_public_event(&app, PUBLISHED).await?;
    let bytes = pdf(300 * 1024, 7);
    let event_id = e.id.to_string();
    let fields = [("title", "CBP acknowledgement letter"), ("event", event_id.as_str()), ("public", "on")];
    let d = uploaded(&app, PUBLISHED, ("CBP ack (final).pdf", bytes.clone()), &fields).await?;
    assert_eq!(
        (d.title.as_str(), d.event_id, d.public, d.size),
        ("CBP acknowledgement letter", Some(e.id), true, 300 * 1024)
    );
    assert_eq!(d.media_type, "application/pdf");
    let res = get(&app, &app.client, &url(&d)).await?;
    assert_eq!(res.status(), StatusCode::OK);
    let header = |name: &str| res.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    assert_eq!(header("content-type"), "application/pdf");
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert!(header("content-disposition").starts_with("attachment; filename=\"CBP-ack--final-.pdf\""));
    assert_eq!(res.bytes().await?.as_ref(), bytes.as_slice(), "byte-identical");
    let page = app.page(&format!("/matters/{PUBLISHED}")).await?;
    assert!(page.contains("CBP acknowledgement letter") && page.contains("Released") && page.contains(&e.title));
    assert!(page.contains(r#"enctype="multipart/form-data""#) && page.contains(r#"for="document-file""#));
    // The same bytes on another matter: a second record, one file.
    let again = uploaded(&app, UNPUBLISHED, ("copy.pdf", bytes.clone()), &[]).await?;
    assert_eq!((again.sha256.as_str(), again.title.as_str(), again.public), (d.sha256.as_str(), "copy", false));
    assert_eq!(stored_files(&app.documents), 1, "content-addressed: kept once");
    assert_eq!(get(&app, &app.client, &url(&again)).await?.bytes().await?.as_ref(), bytes.as_slice());
    let audited = audit_entry::Entity::find().filter(audit_entry::Column::Entity.eq("document")).all(&app.db).await?;
    assert_eq!(audited.len(), 2, "each upload is audited");
    app.cleanup().await;
    Ok(())
});

both!(an_upload_over_the_limit_is_refused_with_413_and_nothing_saved, |engine| async move {
    let app = spawn_app(engine).await?;
    app.login("attorney", "attorney-demo").await?;
    // Over the limit by its Content-Length, and by the file alone (the body
    // is within the limit's allowance for the form's other fields).
    for len in [26 << 20, (25 << 20) + 1] {
        let file = Part::bytes(pdf(len, 1)).file_name("big.pdf");
        let sent = app
            .client
            .post(format!("{}/matters/{PUBLISHED}/documents", app.base))
            .multipart(Form::new().text("title", "big").part("file", file))
            .send()
            .await;
        // Refused as soon as it is known: the client sees the answer or,
        // still writing, a broken pipe.
        match sent {
            Ok(res) => {
                assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE, "{len} bytes");
                assert!(res.text().await?.contains("documents may be at most 25 MB"));
            }
            Err(e) => {
                let why = format!("{e:?}");
                assert!(why.contains("Broken pipe") || why.contains("reset"), "refused mid-body, not otherwise: {why}");
            }
        }
    }
    assert_eq!(count(&app.db, "documents").await?, 0, "nothing recorded");
    assert_eq!(stored_files(&app.documents), 0, "nothing kept on disk");
    app.cleanup().await;
    Ok(())
});

both!(a_wrong_type_is_refused_naming_the_field, |engine| async move {
    let app = spawn_app(engine).await?;
    app.login("attorney", "attorney-demo").await?;
    let cases = [
        ("letter.pdf", b"<html><script>alert(1)</script>".to_vec(), "not a PDF"),
        ("tool.exe", b"MZ\x90\x00".to_vec(), "Files of type .exe are not accepted"),
    ];
    for (name, bytes, says) in cases {
        let (status, location) = upload(&app, &app.client, PUBLISHED, (name, bytes), &[]).await?;
        assert_eq!(status, StatusCode::SEE_OTHER, "{name}");
        assert!(location.contains("document_problem=file%3A"), "{location}");
        let page = app.page(location.trim_end_matches("#documents")).await?;
        assert!(page.contains("Nothing was uploaded. file: ") && page.contains(says), "{name}: {says}");
    }
    let (status, location) =
        upload(&app, &app.client, PUBLISHED, ("a.pdf", pdf(10, 0)), &[("event", "999999")]).await?;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.contains("document_problem=event%3A"), "{location}");
    // A post from another site is refused before it is read.
    let res = app
        .client
        .post(format!("{}/matters/{PUBLISHED}/documents", app.base))
        .header("origin", "http://evil.example")
        .multipart(Form::new().part("file", Part::bytes(pdf(10, 0)).file_name("a.pdf")))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Only those who may edit the matter upload.
    let (status, _) = upload(&app, &anonymous()?, PUBLISHED, ("a.pdf", pdf(10, 0)), &[]).await?;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let other = app.demo_client("otherattorney").await?;
    let (status, _) = upload(&app, &other, UNPUBLISHED, ("a.pdf", pdf(10, 0)), &[]).await?;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = upload(&app, &other, PUBLISHED, ("a.pdf", pdf(10, 0)), &[]).await?;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(count(&app.db, "documents").await?, 0);
    assert_eq!(stored_files(&app.documents), 0);
    app.cleanup().await;
    Ok(())
});

both!(downloads_are_for_members_and_released_documents_of_published_matters, |engine| async move {
    let app = spawn_app(engine).await?;
    app.login("attorney", "attorney-demo").await?;
    let private = uploaded(&app, PUBLISHED, ("draft-complaint.docx", b"PK\x03\x04draft".to_vec()), &[]).await?;
    let released = uploaded(&app, PUBLISHED, ("production.pdf", pdf(2048, 3)), &[("public", "on")]).await?;
    let unpublished = uploaded(&app, UNPUBLISHED, ("ice.pdf", pdf(2048, 4)), &[("public", "on")]).await?;
    let public = anonymous()?;
    let status = |res: &Response| res.status();
    assert_eq!(status(&get(&app, &public, &url(&private)).await?), StatusCode::NOT_FOUND);
    assert_eq!(status(&get(&app, &public, &url(&unpublished)).await?), StatusCode::NOT_FOUND);
    let res = get(&app, &public, &url(&released)).await?;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["cache-control"], "public, max-age=60");
    assert_eq!(res.bytes().await?.as_ref(), pdf(2048, 3).as_slice());
    let wrong_name = format!("/documents/{}/other.pdf", released.id);
    assert_eq!(status(&get(&app, &public, &wrong_name).await?), StatusCode::NOT_FOUND);
    let other = app.demo_client("otherattorney").await?;
    assert_eq!(status(&get(&app, &other, &url(&private)).await?), StatusCode::NOT_FOUND);
    assert_eq!(status(&get(&app, &other, &url(&unpublished)).await?), StatusCode::NOT_FOUND);
    assert_eq!(status(&get(&app, &other, &url(&released)).await?), StatusCode::OK);
    let student = app.demo_client("student").await?;
    let res = get(&app, &student, &url(&private)).await?;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["cache-control"], "private, no-store");
    let page = public.get(format!("{}/matters/{PUBLISHED}", app.base)).send().await?.text().await?;
    assert!(page.contains(&url(&released)) && !page.contains(&url(&private)), "the public sees released ones only");
    assert!(!page.contains("Upload a document"));
    app.cleanup().await;
    Ok(())
});

both!(a_deleted_document_is_hidden_and_audited, |engine| async move {
    let app = spawn_app(engine).await?;
    app.login("attorney", "attorney-demo").await?;
    let d = uploaded(&app, PUBLISHED, ("letter.pdf", pdf(4096, 5)), &[("public", "on")]).await?;
    let id = d.id.to_string();
    let other = app.demo_client("otherattorney").await?;
    let (status, _) = app.call_as(&other, "documents/delete", &[("slug", PUBLISHED), ("id", &id)]).await?;
    assert_eq!(status, StatusCode::FORBIDDEN, "only those who may edit the matter delete");
    let (status, _) = app.call("documents/delete", &[("slug", PUBLISHED), ("id", &id)]).await?;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(get(&app, &app.client, &url(&d)).await?.status(), StatusCode::NOT_FOUND);
    assert_eq!(get(&app, &anonymous()?, &url(&d)).await?.status(), StatusCode::NOT_FOUND);
    assert!(!app.page(&format!("/matters/{PUBLISHED}")).await?.contains(&url(&d)));
    let (status, _) = app.call("documents/delete", &[("slug", PUBLISHED), ("id", &id)]).await?;
    assert_eq!(status, StatusCode::NOT_FOUND, "already deleted");
    let row = document::Entity::find_by_id(d.id).one(&app.db).await?.expect("kept for the record");
    assert!(row.deleted_at.is_some());
    let deleted = audit_entry::Entity::find()
        .filter(audit_entry::Column::Entity.eq("document"))
        .filter(audit_entry::Column::Action.eq("delete"))
        .all(&app.db)
        .await?;
    assert_eq!(deleted.len(), 1);
    app.cleanup().await;
    Ok(())
});
