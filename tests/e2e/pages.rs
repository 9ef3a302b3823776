//! Every page renders the seeded content to the public, without JavaScript,
//! and unknown addresses answer 404.

use crate::support::{html, seeded_matters};
use e2e::{both, spawn_app};
use reqwest::StatusCode;

both!(public_pages_render_the_seeded_content, |engine| async move {
    let app = spawn_app(engine).await?;
    let matters = seeded_matters()?;
    let home = app.page("/").await?;
    assert!(home.contains("How late are the agencies?") && !home.contains("May sue now"), "the public home renders");
    let list = app.page("/matters").await?;
    for m in &matters {
        assert_eq!(list.contains(&html(&m.title)), m.public, "{} listed publicly iff published", m.slug);
    }
    // Unpublished deadlines of published matters never reach the public.
    let published: Vec<&String> =
        matters.iter().flat_map(|m| m.public_deadlines.iter().chain(&m.public_events)).collect();
    let secret: Vec<&String> = matters
        .iter()
        .filter(|m| m.public)
        .flat_map(|m| &m.private_deadlines)
        .filter(|t| !published.contains(t))
        .collect();
    assert!(!secret.is_empty(), "the demo data has unpublished deadlines on published matters");
    for path in ["/", "/matters", "/agencies/cbp", "/agencies/ice"] {
        let body = app.page(path).await?;
        for t in &secret {
            assert!(!body.contains(&html(t)), "{path} leaks the unpublished deadline {t}");
        }
    }
    for m in matters.iter().filter(|m| m.public) {
        let page = app.page(&format!("/matters/{}", m.slug)).await?;
        for t in &secret {
            assert!(!page.contains(&html(t)), "{} leaks the unpublished deadline {t}", m.slug);
        }
        assert!(page.contains(&html(&m.title)), "{} shows its title", m.slug);
        for e in &m.public_events {
            assert!(page.contains(&html(e)), "{} shows public event {e}", m.slug);
        }
        for e in m.private_events.iter().filter(|e| !m.public_events.contains(e)) {
            assert!(!page.contains(&html(e)), "{} hides unpublished event {e}", m.slug);
        }
        for n in &m.privileged_notes {
            assert!(!page.contains(&html(n)), "{} hides its privileged note from the public", m.slug);
        }
    }
    for m in matters.iter().filter(|m| !m.public) {
        let (status, _) = app.get(&format!("/matters/{}", m.slug)).await?;
        assert_eq!(status, StatusCode::NOT_FOUND, "unpublished {} is not revealed", m.slug);
    }
    let provisions = app.page("/provisions").await?;
    assert!(provisions.contains("5 U.S.C."));
    let p = app.page("/provisions/usc-5-552-a-6-a-i").await?;
    assert!(p.contains("552(a)(6)(A)(i)") && p.contains("foia.response"), "provision page lists the rule citing it");
    let t = app.page("/theories/foia").await?;
    assert!(t.contains("Freedom of Information Act"));
    assert!(app.page("/theories").await?.contains("Fourth Amendment"));
    let a = app.page("/agencies/cbp").await?;
    assert!(a.contains("CBP"));
    // A department's page takes in its components, as its scorecard, its
    // exports and its link to the matters list do: the counts agree.
    let dhs = app.page("/agencies/dhs").await?;
    let lede = |page: &str| page.split("<p class=\"lede\">").nth(1).and_then(|l| l.split(' ').next()).map(String::from);
    let listed = app.page("/matters?agency=dhs").await?;
    assert!(dhs.contains(" matters, components included · "), "the lede says the count takes in components");
    assert_eq!(lede(&dhs), lede(&listed), "the DHS page counts what its matters list holds");
    for m in matters.iter().filter(|m| m.public) {
        if a.contains(&format!("href=\"/matters/{}\"", m.slug)) {
            assert!(dhs.contains(&format!("href=\"/matters/{}\"", m.slug)), "{} (CBP) is on the DHS page", m.slug);
        }
    }
    assert!(app.page("/agencies").await?.contains("OBIM"));
    for path in
        ["/matters/no-such-matter", "/provisions/no-such", "/theories/no-such", "/agencies/no-such", "/no/such/page"]
    {
        assert_eq!(app.get(path).await?.0, StatusCode::NOT_FOUND, "{path}");
    }
    app.cleanup().await;
    anyhow::Ok(())
});

both!(filters_and_search_narrow_the_list, |engine| async move {
    let app = spawn_app(engine).await?;
    let lawsuits = app.page("/matters?kind=lawsuit").await?;
    let requests = app.page("/matters?kind=foia_request").await?;
    let matters = seeded_matters()?;
    let public: Vec<_> = matters.iter().filter(|m| m.public).collect();
    assert!(public.iter().any(|m| lawsuits.contains(&html(&m.title))));
    for m in &public {
        assert!(
            !(lawsuits.contains(&html(&m.title)) && requests.contains(&html(&m.title))),
            "{} in one kind only",
            m.slug
        );
    }
    let probe = &public[0];
    let word = probe.title.split_whitespace().max_by_key(|w| w.len()).unwrap_or("CBP").to_lowercase();
    let found = app.page(&format!("/matters?q={}", word.trim_matches(|c: char| !c.is_alphanumeric()))).await?;
    assert!(found.contains(&html(&probe.title)), "search finds {}", probe.title);
    let (status, body) = app.get("/matters?kind=subpoena").await?;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("kind"), "the error names the field");
    app.cleanup().await;
    anyhow::Ok(())
});

both!(server_functions_answer_json, |engine| async move {
    let app = spawn_app(engine).await?;
    let res =
        app.client.post(format!("{}/api/dashboard", app.base)).header("accept", "application/json").send().await?;
    assert_eq!(res.status(), StatusCode::OK);
    let json: serde_json::Value = res.json().await?;
    assert!(json["total_matters"].as_u64().unwrap_or(0) > 0);
    let res = app.client.post(format!("{}/api/matters/get", app.base)).form(&[("slug", "no-such")]).send().await?;
    assert!(!res.status().is_success(), "an error is not a success: {}", res.status());
    let body: serde_json::Value = res.json().await?;
    assert!(body.get("NotFound").is_some(), "not found crosses the wire as NotFound: {body}");
    assert_eq!(app.get("/healthz").await?, (StatusCode::OK, "ok".to_string()));
    app.cleanup().await;
    anyhow::Ok(())
});

both!(pages_send_a_content_security_policy_with_a_fresh_nonce, |engine| async move {
    let app = spawn_app(engine).await?;
    let header = |res: &reqwest::Response, name: &str| {
        res.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
    };
    // A visitor's page loads no bundle (only Leptos's two inline lines of
    // bookkeeping remain); a signed-in user's loads the islands, every
    // script with this response's nonce.
    let visitor = app.client.get(format!("{}/matters", app.base)).send().await?.text().await?;
    assert!(visitor.contains("<table class=\"matters"), "the list is there");
    assert!(!visitor.contains("type=\"module\"") && !visitor.contains("/pkg/"), "no bundle for a visitor");
    let attorney = app.demo_client("attorney").await?;
    let mut nonces = Vec::new();
    for _ in 0..2 {
        let res = attorney.get(format!("{}/matters", app.base)).send().await?;
        let csp = header(&res, "content-security-policy");
        assert_eq!(header(&res, "x-content-type-options"), "nosniff");
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self' 'nonce-"), "{csp}");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        let nonce = csp.split("'nonce-").nth(1).and_then(|s| s.split('\'').next()).unwrap_or_default().to_string();
        let body = res.text().await?;
        assert!(body.contains(&format!("nonce=\"{nonce}\"")), "the inline hydration script carries the nonce");
        let inline_scripts = body.matches("<script").count();
        assert_eq!(body.matches(&format!("nonce=\"{nonce}\"")).count(), inline_scripts, "every script has it");
        nonces.push(nonce);
    }
    assert_ne!(nonces[0], nonces[1], "each response has its own nonce");
    let res = app.client.get(format!("{}/docket.css", app.base)).send().await?;
    assert!(header(&res, "content-security-policy").contains("default-src 'self'"));
    assert_eq!(res.status(), StatusCode::OK);
    app.cleanup().await;
    Ok(())
});

both!(citations_in_text_become_links, |engine| async move {
    let app = spawn_app(engine).await?;
    app.login("attorney", "attorney-demo").await?;
    let page = app.page("/matters/clinic-tvs-request").await?;
    // The summary cites 90 FR 48604, which Docket has a page for.
    assert!(page.contains(r#"<a href="/provisions/fr-90-48604" class="cite">90 FR 48604</a>"#), "internal link");
    // Explanations cite the statute; the most specific provision Docket knows is linked.
    assert!(page.contains(r#"href="/provisions/usc-5-552-a-6-a-i""#), "explanations link the statute");
    app.cleanup().await;
    Ok(())
});

/// The slugs of the matters a list page shows (its rows' title links).
fn listed(page: &str) -> Vec<String> {
    page.split("<a ")
        .skip(1)
        .filter_map(|tag| tag.split_once('>').map(|(attrs, _)| attrs))
        .filter(|attrs| attrs.contains("class=\"title\""))
        .filter_map(|attrs| attrs.split("href=\"/matters/").nth(1)?.split('"').next().map(String::from))
        .collect()
}

both!(the_matters_list_pages_through_more_matters_than_fit_on_one, |engine| async move {
    use app::server::entities::matter;
    use sea_orm::{ActiveModelTrait, ActiveValue::NotSet, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
    let app = spawn_app(engine).await?;
    let template = matter::Entity::find()
        .filter(matter::Column::Slug.eq("clinic-tvs-request"))
        .one(&app.db)
        .await?
        .expect("the demo's clinic request");
    let rows: Vec<matter::ActiveModel> = (0..520)
        .map(|i| {
            let mut a = matter::ActiveModel::from(template.clone()).reset_all();
            a.id = NotSet;
            a.slug = Set(format!("paged-matter-{i:03}"));
            a.title = Set(format!("Paged matter {i:03}"));
            a.agency_tracking_number = Set(format!("PAGED-{i:03}"));
            a
        })
        .collect();
    for chunk in rows.chunks(100) {
        matter::Entity::insert_many(chunk.to_vec()).exec(&app.db).await?;
    }
    app.login("attorney", "attorney-demo").await?;

    let first = app.page("/matters?q=paged").await?;
    assert!(first.contains("1–500 of 520 matters, most recently updated first"), "{first}");
    assert!(first.contains("page=2") && first.contains("Older matters →"), "a link to the rest");
    assert!(!first.contains("Newer matters"), "nothing before the first page");
    let second = app.page("/matters?q=paged&page=2").await?;
    assert!(second.contains("501–520 of 520 matters"), "{second}");
    assert!(second.contains("Newer matters") && !second.contains("Older matters"));
    let (a, b) = (listed(&first), listed(&second));
    assert_eq!((a.len(), b.len()), (500, 20));
    let mut all: Vec<&String> = a.iter().chain(&b).collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 520, "every matter once, on one page or the other");
    assert!(all.iter().all(|s| s.starts_with("paged-matter-")), "the filter holds on every page");
    let past = app.page("/matters?q=paged&page=9").await?;
    assert!(past.contains("520 matters; this page is past the last one") && past.contains("Newer matters"));
    let all_list = app.page("/matters").await?;
    assert!(
        all_list.contains("1–500 of ") && listed(&all_list).len() == 500,
        "unfiltered, the count is of every matter"
    );
    app.cleanup().await;
    Ok(())
});

both!(an_agency_page_counts_down_only_what_is_still_owed, |engine| async move {
    let app = spawn_app(engine).await?;
    let page = app.page("/agencies/cbp").await?;
    let panel = page.split("id=\"deadlines\"").nth(1).expect("the deadlines panel");
    let rows: Vec<&str> = panel.split("</section>").next().unwrap_or_default().split("<tr").skip(1).collect();
    // A met deadline says so; counting its days late to today would
    // overstate an agency that answered.
    let met: Vec<&&str> = rows.iter().filter(|r| r.contains("badge deadline-met")).collect();
    assert!(!met.is_empty(), "the demo gives CBP a met deadline: {rows:?}");
    for row in met {
        assert!(row.contains("class=\"due settled\"") && row.contains("class=\"due-words\">met<"), "{row}");
        assert!(!row.contains("business days"), "a met deadline does not count days: {row}");
    }
    // One still unanswered counts its business days late.
    let unanswered = rows.iter().filter(|r| r.contains("badge deadline-missed") && !r.contains("due settled"));
    assert!(unanswered.clone().count() > 0, "CBP has an unanswered overdue deadline: {rows:?}");
    assert!(unanswered.into_iter().all(|r| r.contains("business days late")));
    app.cleanup().await;
    anyhow::Ok(())
});

both!(a_date_on_the_dashboard_opens_why_it_falls_there, |engine| async move {
    let app = spawn_app(engine).await?;
    app.login("attorney", "attorney-demo").await?;
    let dashboard = app.page("/").await?;
    // Every due date in the dashboard's lists links to its deadline.
    let links: Vec<String> = dashboard
        .split("<a href=\"/matters/")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter(|href| href.contains("?why="))
        .map(|href| format!("/matters/{}", href.replace("&amp;", "&")))
        .collect();
    // Due dates, and the days since which a request may be taken to court.
    let dates = dashboard.matches("<span class=\"due ").count() + dashboard.matches("class=\"since\"").count();
    assert!(!links.is_empty() && links.len() == dates, "{} links for {dates} dates", links.len());
    for href in &links {
        let (path, anchor) = href.split_once('#').expect("an anchor");
        let id = anchor.strip_prefix("deadline-").expect("a deadline anchor");
        assert!(path.ends_with(&format!("?why={id}")), "{href}");
        let page = app.page(path).await?;
        let item = page.split(&format!("<li id=\"{anchor}\"")).nth(1).expect("the deadline on its matter's timeline");
        let item = item.split("</details>").next().unwrap_or_default();
        // The `<details>` tags that are open (attributes in any order).
        let open = |html: &str| {
            html.split("<details").skip(1).filter(|t| t.split('>').next().is_some_and(|a| a.contains(" open"))).count()
        };
        assert_eq!(open(item), 1, "its explanation is open: {item}");
        assert_eq!(open(&page), 1, "only the deadline asked about opens: {href}");
        if item.contains(" · rule ") {
            assert!(item.contains("href=\"/provisions/"), "the explanation links the rule's provision: {item}");
        }
    }
    app.cleanup().await;
    anyhow::Ok(())
});
