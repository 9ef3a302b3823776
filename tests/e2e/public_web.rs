//! Built for the open web: robots.txt, the sitemap and the Atom feed list
//! exactly the published site, and anonymous answers carry an `ETag` that
//! survives the per-response CSP nonce (a match answers 304), while
//! signed-in answers and private feeds are never stored.

use crate::support::seeded_matters;
use app::{
    domain::vocab::{EventKind, Verification},
    server::{
        entities::{matter, user},
        services::matters::{self, NewEvent},
        tokens::{self, Purpose},
    },
};
use chrono::{DateTime, NaiveDate};
use e2e::{TestApp, both, spawn_app};
use reqwest::{Client, Response, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::BTreeSet;

const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const ATOM_NS: &str = "http://www.w3.org/2005/Atom";

fn header(res: &Response, name: &str) -> Option<String> {
    res.headers().get(name).and_then(|v| v.to_str().ok()).map(String::from)
}

/// GETs `path` as a visitor without cookies; checks 200 and the type.
async fn fetch(app: &TestApp, path: &str, content_type: &str) -> anyhow::Result<String> {
    let res = Client::new().get(format!("{}{path}", app.base)).send().await?;
    anyhow::ensure!(res.status() == StatusCode::OK, "GET {path}: {}", res.status());
    assert_eq!(header(&res, "content-type").as_deref(), Some(content_type), "{path}");
    Ok(res.text().await?)
}

/// The slugs of the matters the public may see, from the database.
async fn published_slugs(app: &TestApp) -> anyhow::Result<BTreeSet<String>> {
    let rows = matter::Entity::find()
        .filter(matter::Column::Public.eq(true))
        .filter(matter::Column::ReviewState.eq("approved"))
        .all(&app.db)
        .await?;
    Ok(rows.into_iter().map(|m| m.slug).collect())
}

fn event(date: NaiveDate, title: &str, public: bool) -> NewEvent {
    NewEvent {
        kind: EventKind::Other,
        date,
        title: title.into(),
        details: format!("{title} <details> & more"),
        public,
        verification: Verification::Verified,
        outcome: String::new(),
        pages_released: 0,
        exemptions: vec![],
        pages_withheld: (0, 0),
    }
}

both!(robots_txt_opens_the_public_site_and_names_the_sitemap, |engine| async move {
    let app = spawn_app(engine).await?;
    let robots = fetch(&app, "/robots.txt", "text/plain; charset=utf-8").await?;
    let lines: Vec<&str> = robots.lines().collect();
    for rule in ["Disallow: /admin", "Disallow: /account", "Disallow: /api/", "Disallow: /login", "Disallow: /export"] {
        assert!(lines.contains(&rule), "{rule} in {robots}");
    }
    let closed = lines.iter().position(|l| *l == "Disallow: /feeds/").expect("private feeds closed");
    for feed in ["Allow: /feeds/public.ics", "Allow: /feeds/public.atom"] {
        assert!(lines.iter().position(|l| *l == feed).is_some_and(|at| at < closed), "{feed} before {closed}");
    }
    assert!(lines.contains(&"Allow: /") && !lines.contains(&"Disallow: /"), "public pages stay open");
    assert!(lines.contains(&format!("Sitemap: {}/sitemap.xml", app.base).as_str()), "{robots}");
    app.cleanup().await;
    Ok(())
});

both!(sitemap_lists_every_published_page_and_nothing_else, |engine| async move {
    let app = spawn_app(engine).await?;
    let body = fetch(&app, "/sitemap.xml", "application/xml; charset=utf-8").await?;
    let doc = roxmltree::Document::parse(&body)?;
    let root = doc.root_element();
    assert!(root.has_tag_name((SITEMAP_NS, "urlset")), "root is a sitemaps.org urlset");
    let mut locs = BTreeSet::new();
    let mut matter_slugs = BTreeSet::new();
    for url in root.children().filter(|n| n.is_element()) {
        assert!(url.has_tag_name((SITEMAP_NS, "url")));
        let child = |name: &str| url.children().find(|n| n.has_tag_name((SITEMAP_NS, name))).and_then(|n| n.text());
        let loc = child("loc").expect("every url has a loc").to_string();
        let path = loc.strip_prefix(&app.base).expect("absolute, on this site").to_string();
        if let Some(slug) = path.strip_prefix("/matters/") {
            let lastmod = child("lastmod").expect("a matter has lastmod");
            DateTime::parse_from_rfc3339(lastmod)?;
            matter_slugs.insert(slug.to_string());
        }
        assert!(locs.insert(path), "{loc} listed once");
    }
    assert_eq!(matter_slugs, published_slugs(&app).await?, "exactly the published matters");
    for m in seeded_matters()? {
        assert_eq!(locs.contains(&format!("/matters/{}", m.slug)), m.public, "{} listed iff published", m.slug);
    }
    for path in ["/", "/matters", "/agencies", "/theories", "/provisions", "/agencies/cbp", "/theories/foia"] {
        assert!(locs.contains(path), "{path} listed");
    }
    assert!(locs.contains("/provisions/usc-5-552-a-6-a-i"));
    let visitor = Client::new();
    for path in &locs {
        let res = visitor.get(format!("{}{path}", app.base)).send().await?;
        assert_eq!(res.status(), StatusCode::OK, "{path} in the sitemap opens");
    }
    app.cleanup().await;
    Ok(())
});

/// The feed's entries as (id, title, link, updated), checked against Atom's rules.
fn atom_entries(body: &str) -> anyhow::Result<Vec<(String, String, String, String)>> {
    let doc = roxmltree::Document::parse(body)?;
    let feed = doc.root_element();
    assert!(feed.has_tag_name((ATOM_NS, "feed")));
    let text = |node: roxmltree::Node, name: &str| {
        node.children().find(|n| n.has_tag_name((ATOM_NS, name))).and_then(|n| n.text()).unwrap_or_default().to_string()
    };
    for required in ["id", "title", "updated"] {
        assert!(!text(feed, required).is_empty(), "the feed has {required}");
    }
    let mut entries = Vec::new();
    for e in feed.children().filter(|n| n.has_tag_name((ATOM_NS, "entry"))) {
        let link = e.children().find(|n| n.has_tag_name((ATOM_NS, "link"))).and_then(|n| n.attribute("href"));
        let entry = (text(e, "id"), text(e, "title"), link.unwrap_or_default().to_string(), text(e, "updated"));
        DateTime::parse_from_rfc3339(&entry.3)?;
        entries.push(entry);
    }
    let newest = entries.iter().map(|e| e.3.clone()).max();
    assert_eq!(newest, Some(text(feed, "updated")), "the feed is as new as its newest entry");
    Ok(entries)
}

both!(atom_feed_carries_the_latest_public_events_only, |engine| async move {
    let app = spawn_app(engine).await?;
    let published = published_slugs(&app).await?;
    let first = matter::Entity::find()
        .filter(matter::Column::Slug.is_in(published.iter().cloned()))
        .one(&app.db)
        .await?
        .expect("a published matter");
    let day = |d| NaiveDate::from_ymd_opt(2031, 1, d).expect("date");
    let fresh = matters::add_event(&app.db, None, first.id, event(day(2), "Fresh public ruling", true)).await?;
    matters::add_event(&app.db, None, first.id, event(day(3), "Later internal memo", false)).await?;
    let body = fetch(&app, "/feeds/public.atom", "application/atom+xml; charset=utf-8").await?;
    let entries = atom_entries(&body)?;
    assert!(entries.len() > 5 && entries.len() <= 50, "{} entries", entries.len());
    let top = &entries[0];
    assert_eq!(top.0, format!("tag:127.0.0.1,2026:event-{fresh}"), "the newest event comes first");
    assert_eq!(top.1, format!("{}: Fresh public ruling", first.title));
    assert_eq!(
        (top.2.clone(), top.3.as_str()),
        (format!("{}/matters/{}", app.base, first.slug), "2031-01-02T00:00:00Z")
    );
    assert!(body.contains("&lt;details&gt; &amp; more"), "details are escaped");
    assert!(!body.contains("Later internal memo"), "an unpublished event stays out");
    assert!(entries.windows(2).all(|w| w[0].3 >= w[1].3), "newest first");
    let ids: BTreeSet<&String> = entries.iter().map(|e| &e.0).collect();
    assert_eq!(ids.len(), entries.len(), "ids are unique");
    for (_, title, link, _) in &entries {
        let slug = link.strip_prefix(&format!("{}/matters/", app.base)).expect("links to a matter page");
        assert!(published.contains(slug), "{slug} is published");
        assert!(!title.is_empty());
    }
    let doc = roxmltree::Document::parse(&body)?;
    let text: String = doc.descendants().filter_map(|n| n.text()).collect::<Vec<_>>().join("\n");
    let matters = seeded_matters()?;
    let public_titles: BTreeSet<&String> = matters.iter().flat_map(|m| &m.public_events).collect();
    for m in &matters {
        for secret in m.private_events.iter().filter(|t| !public_titles.contains(t)) {
            assert!(!text.contains(secret.as_str()), "{secret} is unpublished");
        }
        if !m.public {
            assert!(!text.contains(&m.title), "{} is unpublished", m.slug);
        }
    }
    assert_eq!(
        fetch(&app, "/feeds/public.ics", "text/calendar; charset=utf-8").await?.lines().next(),
        Some("BEGIN:VCALENDAR")
    );
    app.cleanup().await;
    Ok(())
});

/// Two anonymous GETs of `path`: the shared `ETag` (the nonces differ on pages).
async fn stable_etag(app: &TestApp, visitor: &Client, path: &str) -> anyhow::Result<String> {
    let mut seen = Vec::new();
    for _ in 0..2 {
        let res = visitor.get(format!("{}{path}", app.base)).send().await?;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(header(&res, "cache-control").as_deref(), Some("public, max-age=60"), "{path}");
        assert!(header(&res, "vary").is_some_and(|v| v.contains("cookie")), "{path} varies by cookie");
        let csp = header(&res, "content-security-policy").unwrap_or_default();
        let etag = header(&res, "etag").unwrap_or_else(|| panic!("{path} has an ETag"));
        seen.push((etag, csp, res.text().await?));
    }
    let (a, b) = (&seen[0], &seen[1]);
    assert_eq!(a.0, b.0, "{path}: the same content gets the same tag");
    if path.starts_with("/matters") || path == "/" {
        assert!(a.1.contains("'nonce-") && a.1 != b.1, "{path}: each page has its own nonce");
        assert_ne!(a.2, b.2, "{path}: so the raw bodies differ");
    }
    Ok(a.0.clone())
}

both!(anonymous_answers_get_etags_that_survive_the_nonce, |engine| async move {
    let app = spawn_app(engine).await?;
    let slug = published_slugs(&app).await?.into_iter().next().expect("a published matter");
    let page = format!("/matters/{slug}");
    let visitor = Client::new();
    for path in ["/", page.as_str(), "/sitemap.xml", "/feeds/public.atom"] {
        let etag = stable_etag(&app, &visitor, path).await?;
        let res = visitor.get(format!("{}{path}", app.base)).header("if-none-match", &etag).send().await?;
        assert_eq!(res.status(), StatusCode::NOT_MODIFIED, "{path}");
        assert_eq!(header(&res, "etag").as_deref(), Some(etag.as_str()));
        assert_eq!(header(&res, "content-security-policy"), None, "{path}: the cached page keeps its policy");
        assert!(res.text().await?.is_empty(), "{path}: a 304 has no body");
        let res = visitor.get(format!("{}{path}", app.base)).header("if-none-match", "\"stale\"").send().await?;
        assert_eq!(res.status(), StatusCode::OK, "{path}: another tag gets the page");
        assert!(!res.text().await?.is_empty());
    }
    let before = stable_etag(&app, &visitor, &page).await?;
    // Logged through the app as an attorney: a signed-in write empties the
    // page cache, so the public page changes at once.
    app.login("attorney", "attorney-demo").await?;
    let form = [
        ("slug", slug.as_str()),
        ("form[kind]", "other"),
        ("form[date]", "2026-11-02"),
        ("form[title]", "A new public filing"),
        ("form[public]", "on"),
    ];
    let (status, body) = app.call("events/log", &form).await?;
    assert_eq!(status, StatusCode::OK, "logging the event: {body}");
    let res = visitor.get(format!("{}{page}", app.base)).header("if-none-match", &before).send().await?;
    assert_eq!(res.status(), StatusCode::OK, "a changed page is sent again");
    assert_ne!(header(&res, "etag"), Some(before), "with a new tag");
    assert!(res.text().await?.contains("A new public filing"));
    app.cleanup().await;
    Ok(())
});

both!(signed_in_answers_and_private_feeds_are_never_stored, |engine| async move {
    let app = spawn_app(engine).await?;
    let visitor = Client::new();
    let public_tag = stable_etag(&app, &visitor, "/").await?;
    app.login("attorney", "attorney-demo").await?;
    for path in ["/", "/matters", "/sitemap.xml"] {
        let res = app.client.get(format!("{}{path}", app.base)).header("if-none-match", &public_tag).send().await?;
        assert_eq!(res.status(), StatusCode::OK, "{path}: never 304 when signed in");
        assert_eq!(header(&res, "cache-control").as_deref(), Some("private, no-store"), "{path}");
        assert_eq!(header(&res, "etag"), None, "{path}");
    }
    let attorney =
        user::Entity::find().filter(user::Column::Username.eq("attorney")).one(&app.db).await?.expect("attorney");
    let issued = tokens::issue(&app.db, attorney.id, Purpose::Feed, "phone").await?;
    let res = visitor.get(format!("{}/feeds/{}.ics", app.base, issued.secret)).send().await?;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(&res, "cache-control").as_deref(), Some("private, no-store"));
    assert_eq!(header(&res, "etag"), None, "a private feed is not tagged");
    let res = visitor.get(format!("{}/feeds/public.ics", app.base)).send().await?;
    assert!(header(&res, "etag").is_some(), "the public calendar is tagged");
    assert!(header(&res, "cache-control").is_some_and(|c| c.starts_with("public")));
    let res = visitor.get(format!("{}/healthz", app.base)).send().await?;
    assert_eq!((header(&res, "etag"), header(&res, "cache-control")), (None, None), "health is left alone");
    let res = visitor.get(format!("{}/export/matters.csv", app.base)).send().await?;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(&res, "etag"), None, "exports stream, unbuffered");
    assert!(res.text().await?.lines().count() > 1, "the export still arrives whole");
    app.cleanup().await;
    Ok(())
});

/// The wasm bundle: compressed copies are sent only to browsers that accept
/// them, shared caches key it by `Accept-Encoding`, and it is revalidated
/// each use (a new release's HTML must not hydrate with an old bundle).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bundle_is_revalidated_and_varies_by_encoding() -> anyhow::Result<()> {
    let app = spawn_app(e2e::Engine::Sqlite).await?;
    let site = std::env::temp_dir().join(format!("docket_site_{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(site.join("pkg"))?;
    std::fs::write(site.join("pkg/app.js"), "console.log('plain');")?;
    std::fs::write(site.join("pkg/app.js.br"), b"brotli bytes")?;
    let server = server::startup::Application::build(app.db.clone(), "127.0.0.1:0".parse()?, &site, None).await?;
    let base = format!("http://{}/pkg/app.js", server.addr());
    tokio::spawn(server.run());
    let raw = Client::builder().no_brotli().no_gzip().build()?;
    let plain = raw.get(&base).header("accept-encoding", "identity").send().await?;
    assert_eq!(plain.status(), StatusCode::OK);
    assert_eq!(header(&plain, "content-encoding"), None);
    assert_eq!(header(&plain, "cache-control").as_deref(), Some("public, no-cache"));
    assert!(header(&plain, "vary").is_some_and(|v| v.contains("accept-encoding")), "{:?}", header(&plain, "vary"));
    let modified = header(&plain, "last-modified").expect("Last-Modified");
    assert_eq!(plain.text().await?, "console.log('plain');");
    let br = raw.get(&base).header("accept-encoding", "br").send().await?;
    assert_eq!(header(&br, "content-encoding").as_deref(), Some("br"));
    assert!(header(&br, "vary").is_some_and(|v| v.contains("accept-encoding")));
    assert_eq!(br.bytes().await?.as_ref(), b"brotli bytes");
    let again = raw.get(&base).header("if-modified-since", &modified).send().await?;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "an unchanged bundle is not sent again");
    let _ = std::fs::remove_dir_all(&site);
    app.cleanup().await;
    Ok(())
}
