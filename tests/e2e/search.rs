//! Search (`/search` and the `search` server function) on both engines:
//! ranking, marked words, prefixes and phrases, what each viewer may find,
//! the index following inserts, edits and soft deletes, and hostile or
//! invalid queries.

use crate::support::summary_edit;
use app::server::entities::{document, event, matter};
use e2e::{TestApp, both, spawn_app};
use reqwest::{Client, StatusCode, redirect::Policy};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};
use serde_json::Value;

/// Published; the student is assigned to it.
const PUBLISHED: &str = "access-now-cbp-request";
/// Another published matter of the same organisation.
const OTHER_PUBLISHED: &str = "noem-v-al-otro-lado-metering";
/// Not published; the student is not assigned to it.
const UNPUBLISHED: &str = "epic-cbp-request";

async fn client(app: &TestApp, username: Option<&str>) -> anyhow::Result<Client> {
    let client = Client::builder().redirect(Policy::none()).cookie_store(true).build()?;
    if let Some(user) = username {
        let res = client
            .post(format!("{}/login", app.base))
            .form(&[("username", user), ("password", &format!("{user}-demo"))])
            .send()
            .await?;
        anyhow::ensure!(res.status() == StatusCode::SEE_OTHER, "login as {user}: {}", res.status());
    }
    Ok(client)
}

/// The hits for `q` as `client` sees them (the call must succeed).
async fn hits(app: &TestApp, client: &Client, q: &str) -> anyhow::Result<Vec<Value>> {
    let (status, body) = app.call_as(client, "search", &[("q", q)]).await?;
    anyhow::ensure!(status == StatusCode::OK, "search {q:?} answered {status}: {body}");
    Ok(body["hits"].as_array().cloned().unwrap_or_default())
}

/// `(kind, matter slug)` of each hit, in order.
fn found(hits: &[Value]) -> Vec<(String, String)> {
    hits.iter()
        .map(|h| {
            (h["kind"].as_str().unwrap_or_default().into(), h["matter"]["slug"].as_str().unwrap_or_default().into())
        })
        .collect()
}

fn has(hits: &[Value], kind: &str, slug: &str) -> bool {
    found(hits).contains(&(kind.to_string(), slug.to_string()))
}

/// The marked words of a hit's title and snippet.
fn marked(hit: &Value) -> Vec<String> {
    ["title", "snippet"]
        .iter()
        .flat_map(|f| hit[f].as_array().cloned().unwrap_or_default())
        .filter(|f| f["mark"] == true)
        .map(|f| f["text"].as_str().unwrap_or_default().to_lowercase())
        .collect()
}

async fn matter_of(app: &TestApp, slug: &str) -> anyhow::Result<matter::Model> {
    matter::Entity::find()
        .filter(matter::Column::Slug.eq(slug))
        .one(&app.db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no matter {slug}"))
}

async fn retitle(app: &TestApp, slug: &str, title: &str) -> anyhow::Result<()> {
    let mut m = matter_of(app, slug).await?.into_active_model();
    m.title = Set(title.into());
    m.update(&app.db).await?;
    Ok(())
}

async fn add_event(app: &TestApp, slug: &str, title: &str, details: &str, public: bool) -> anyhow::Result<i32> {
    let m = matter_of(app, slug).await?;
    let e = event::ActiveModel {
        matter_id: Set(m.id),
        kind: Set("other".into()),
        date: Set(chrono::NaiveDate::from_ymd_opt(2025, 6, 2).expect("date")),
        title: Set(title.into()),
        details: Set(details.into()),
        public: Set(public),
        verification: Set("verified".into()),
        outcome: Set(String::new()),
        pages_released: Set(0),
        exemptions: Set(String::new()),
        created_at: Set(chrono::Utc::now()),
        deleted_at: Set(None),
        pages_withheld_full: Set(0),
        pages_withheld_part: Set(0),
        ..Default::default()
    };
    Ok(e.insert(&app.db).await?.id)
}

async fn add_note(app: &TestApp, attorney: &Client, slug: &str, body: &str, privileged: bool) -> anyhow::Result<()> {
    let mut form = vec![("slug", slug), ("body", body)];
    if privileged {
        form.push(("privileged", "on"));
    }
    let (status, answer) = app.call_as(attorney, "notes/add", &form).await?;
    anyhow::ensure!(status == StatusCode::OK, "notes/add answered {status}: {answer}");
    Ok(())
}

both!(a_title_outranks_a_note_and_matched_words_are_marked, |engine| async move {
    let app = spawn_app(engine).await?;
    let attorney = client(&app, Some("attorney")).await?;
    add_note(&app, &attorney, OTHER_PUBLISHED, "Call the zephyrquartz vendor about the gate cameras.", false).await?;
    retitle(&app, PUBLISHED, "Zephyrquartz biometric exit records").await?;
    let h = hits(&app, &attorney, "zephyrquartz").await?;
    assert_eq!(found(&h), vec![("Matter".into(), PUBLISHED.into()), ("Note".into(), OTHER_PUBLISHED.into())]);
    assert_eq!(marked(&h[0]), vec!["zephyrquartz"], "the title's word is marked: {}", h[0]);
    assert_eq!(marked(&h[1]), vec!["zephyrquartz"], "the note's word is marked: {}", h[1]);
    let page = app.page("/search?q=zephyrquartz").await?;
    assert!(page.contains("<mark>Zephyrquartz</mark>"), "the page marks the title");
    assert!(page.contains(&format!("href=\"/matters/{PUBLISHED}\"")), "the hit links to its matter");
    assert!(page.contains("for=\"search-q\""), "the search box has its label");
    app.cleanup().await;
    anyhow::Ok(())
});

both!(prefixes_and_phrases, |engine| async move {
    let app = spawn_app(engine).await?;
    let attorney = client(&app, Some("attorney")).await?;
    retitle(&app, PUBLISHED, "Zephyrquartz biometric exit records").await?;
    add_event(&app, PUBLISHED, "Agency call", "They said the quokka marmoset files were sent.", true).await?;
    assert!(has(&hits(&app, &attorney, "zephyrq").await?, "Matter", PUBLISHED), "the last word is a prefix");
    assert!(hits(&app, &attorney, "zephyrq records").await?.is_empty(), "only the last word is a prefix");
    assert!(has(&hits(&app, &attorney, "\"quokka marmoset\"").await?, "Event", PUBLISHED), "a phrase in order");
    assert!(hits(&app, &attorney, "\"marmoset quokka\"").await?.is_empty(), "a phrase out of order is not found");
    let both_words = hits(&app, &attorney, "marmoset quokka").await?;
    assert!(has(&both_words, "Event", PUBLISHED), "words in any order");
    assert_eq!(marked(&both_words[0]), vec!["quokka", "marmoset"]);
    app.cleanup().await;
    anyhow::Ok(())
});

both!(privileged_notes_only_for_those_who_may_read_them, |engine| async move {
    let app = spawn_app(engine).await?;
    let attorney = client(&app, Some("attorney")).await?;
    let (student, other, public) =
        (client(&app, Some("student")).await?, client(&app, Some("otherattorney")).await?, client(&app, None).await?);
    add_note(&app, &attorney, PUBLISHED, "Privileged: xylograph strategy memo.", true).await?;
    add_note(&app, &attorney, PUBLISHED, "Plain: xylophonic filing schedule.", false).await?;
    add_note(&app, &attorney, UNPUBLISHED, "Privileged: xylograph settlement view.", true).await?;
    add_note(&app, &attorney, UNPUBLISHED, "Plain: xylophonic call log.", false).await?;
    let priv_hits = hits(&app, &attorney, "xylograph").await?;
    assert!(has(&priv_hits, "Note", PUBLISHED) && has(&priv_hits, "Note", UNPUBLISHED), "{priv_hits:?}");
    assert_eq!(
        found(&hits(&app, &student, "xylograph").await?),
        vec![("Note".into(), PUBLISHED.into())],
        "assigned only"
    );
    assert!(hits(&app, &other, "xylograph").await?.is_empty(), "another organisation");
    assert!(hits(&app, &public, "xylograph").await?.is_empty(), "the public");
    assert_eq!(hits(&app, &student, "xylophonic").await?.len(), 2, "plain notes: the whole organisation");
    assert_eq!(found(&hits(&app, &other, "xylophonic").await?), vec![("Note".into(), PUBLISHED.into())]);
    assert_eq!(found(&hits(&app, &public, "xylophonic").await?), vec![("Note".into(), PUBLISHED.into())]);
    let page = app.get("/search?q=xylograph").await?.1;
    assert!(!page.contains("strategy memo"), "the public page shows nothing of it");
    app.cleanup().await;
    anyhow::Ok(())
});

both!(unpublished_matters_and_private_or_deleted_events_are_not_found, |engine| async move {
    let app = spawn_app(engine).await?;
    let attorney = client(&app, Some("attorney")).await?;
    let (other, public) = (client(&app, Some("otherattorney")).await?, client(&app, None).await?);
    retitle(&app, UNPUBLISHED, "Wombatine retention request").await?;
    assert!(has(&hits(&app, &attorney, "wombatine").await?, "Matter", UNPUBLISHED));
    assert!(hits(&app, &public, "wombatine").await?.is_empty(), "unpublished: not for the public");
    assert!(hits(&app, &other, "wombatine").await?.is_empty(), "unpublished: not for another organisation");
    add_event(&app, PUBLISHED, "Narwhalian production", "", true).await?;
    add_event(&app, PUBLISHED, "Narwhalian internal call", "", false).await?;
    assert_eq!(hits(&app, &attorney, "narwhalian").await?.len(), 2);
    assert_eq!(hits(&app, &public, "narwhalian").await?.len(), 1, "only the public event");
    let public_id = add_event(&app, PUBLISHED, "Kestrelish letter", "", true).await?.to_string();
    assert_eq!(hits(&app, &public, "kestrelish").await?.len(), 1);
    let delete = [("slug", PUBLISHED), ("event_id", public_id.as_str())];
    assert_eq!(app.call_as(&attorney, "events/delete", &delete).await?.0, StatusCode::OK);
    assert!(hits(&app, &attorney, "kestrelish").await?.is_empty(), "a deleted event is not found");
    assert!(hits(&app, &public, "kestrelish").await?.is_empty());
    let restore = [("slug", PUBLISHED), ("event_id", public_id.as_str()), ("restore", "1")];
    assert_eq!(app.call_as(&attorney, "events/delete", &restore).await?.0, StatusCode::OK);
    assert_eq!(hits(&app, &public, "kestrelish").await?.len(), 1, "a restored event is found again");
    app.cleanup().await;
    anyhow::Ok(())
});

async fn add_document(app: &TestApp, slug: &str, title: &str, public: bool, deleted: bool) -> anyhow::Result<()> {
    let m = matter_of(app, slug).await?;
    let now = chrono::Utc::now();
    document::ActiveModel {
        matter_id: Set(m.id),
        event_id: Set(None),
        title: Set(title.into()),
        file_name: Set("letter.pdf".into()),
        media_type: Set("application/pdf".into()),
        size: Set(10),
        sha256: Set("0".repeat(64)),
        public: Set(public),
        uploaded_by: Set(None),
        created_at: Set(now),
        deleted_at: Set(deleted.then_some(now)),
        ..Default::default()
    }
    .insert(&app.db)
    .await?;
    Ok(())
}

both!(document_titles_follow_the_document_rules, |engine| async move {
    let app = spawn_app(engine).await?;
    let attorney = client(&app, Some("attorney")).await?;
    let public = client(&app, None).await?;
    add_document(&app, PUBLISHED, "Ocelotine released letter", true, false).await?;
    add_document(&app, PUBLISHED, "Ocelotine draft complaint", false, false).await?;
    add_document(&app, PUBLISHED, "Ocelotine withdrawn letter", true, true).await?;
    add_document(&app, UNPUBLISHED, "Ocelotine unpublished letter", true, false).await?;
    let all = hits(&app, &attorney, "ocelotine").await?;
    assert_eq!(all.len(), 3, "members: every undeleted document: {all:?}");
    assert!(
        all.iter().all(|h| h["kind"] == "Document" && h["url"].as_str().is_some_and(|u| u.ends_with("#documents")))
    );
    let seen = hits(&app, &public, "ocelotine").await?;
    assert_eq!(seen.len(), 1, "the public: the released one on the published matter");
    assert_eq!(marked(&seen[0]), vec!["ocelotine"]);
    app.cleanup().await;
    anyhow::Ok(())
});

both!(an_edited_title_is_found_at_once, |engine| async move {
    let app = spawn_app(engine).await?;
    let attorney = client(&app, Some("attorney")).await?;
    let m = matter_of(&app, PUBLISHED).await?;
    for (version, title) in
        [(m.version, "Pangolinesque records request"), (m.version + 1, "Armadillian records request")]
    {
        let mut form = summary_edit(&m, version, &m.summary);
        form.iter_mut().filter(|(k, _)| *k == "form[title]").for_each(|(_, v)| *v = title.into());
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, body) = app.call_as(&attorney, "matters/save", &form).await?;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    assert!(hits(&app, &attorney, "pangolinesque").await?.is_empty(), "the old title is gone from the index");
    assert!(has(&hits(&app, &attorney, "armadillian").await?, "Matter", PUBLISHED), "the new title is found");
    app.cleanup().await;
    anyhow::Ok(())
});

both!(hostile_and_invalid_queries, |engine| async move {
    let app = spawn_app(engine).await?;
    let public = client(&app, None).await?;
    let hostile = ["\"", "*", "OR", "NEAR(", "-", "AND OR NOT", "\"unclosed", "a*b", "'; DROP TABLE matters; --"];
    for q in hostile.into_iter().chain(["\\", ":*", "(b)(6)", "x:y", "^", "cbp NEAR(\"exit", "'", "&|!"]) {
        hits(&app, &public, q).await?;
        let path = format!("/search?q={}", urlencode(q));
        let (status, _) = app.get(&path).await?;
        assert_eq!(status, StatusCode::OK, "{path}");
    }
    assert!(crate::support::table_exists(&app.db, "matters").await);
    for q in ["", "   ", &"x".repeat(201)] {
        let (status, body) = app.call_as(&public, "search", &[("q", q)]).await?;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{q:?}: {body}");
        assert_eq!(body["Validation"]["field"], "q", "{body}");
    }
    // A call without its argument is the caller's mistake, named, not a 500.
    let (status, body) = app.call_as(&public, "search", &[]).await?;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["Validation"]["field"], "q", "{body}");
    let (status, page) = app.get(&format!("/search?q={}", "x".repeat(201))).await?;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("at most 200 characters"), "the page says what is wrong");
    let help = app.page("/search").await?;
    assert!(help.contains("What you can search"), "an empty search explains what to search");
    let home = app.page("/").await?;
    assert!(home.contains("action=\"/search\""), "the header has a search box");
    app.cleanup().await;
    anyhow::Ok(())
});

fn urlencode(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { char::from(b).to_string() } else { format!("%{b:02X}") }).collect()
}

/// PostgreSQL can answer the search's matches from the GIN indexes of the
/// migration: the vectors are written twice (migration and query) and must
/// agree word for word.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_search_vectors_match_the_indexes() -> anyhow::Result<()> {
    use app::server::repo::search::postgres::VECTORS;
    use sea_orm::{ConnectionTrait, Statement, TransactionTrait};
    let tdb = e2e::TestDb::create(e2e::Engine::Postgres).await?;
    let db = tdb.connect().await?;
    server::db::migrate(&db).await?;
    let tables = [
        ("matters", ""),
        ("events", " AND deleted_at IS NULL"),
        ("notes", ""),
        ("documents", " AND deleted_at IS NULL"),
    ];
    for ((table, partial), vector) in tables.iter().zip(VECTORS) {
        let txn = db.begin().await?;
        txn.execute_unprepared("SET LOCAL enable_seqscan = off").await?;
        let sql = format!("EXPLAIN SELECT 1 FROM {table} WHERE ({vector}) @@ to_tsquery('english', 'exit'){partial}");
        let rows = txn.query_all_raw(Statement::from_string(db.get_database_backend(), sql)).await?;
        let plan: Vec<String> = rows.iter().filter_map(|r| r.try_get_by_index::<String>(0).ok()).collect();
        txn.rollback().await?;
        let plan = plan.join("\n");
        assert!(plan.contains(&format!("idx_{table}_search")), "{table}: the index is not used:\n{plan}");
    }
    db.close().await?;
    tdb.cleanup().await;
    Ok(())
}
