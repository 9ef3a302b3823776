//! The canary: a unique marker put in a privileged note, an unpublished
//! event, an unpublished matter, an unapproved draft marked public and a
//! user's e-mail must appear on no public surface: every page reachable by
//! links from the dashboard, searches for it, every public server function,
//! and every list of the JSON API without a token.

use app::{
    domain::vocab::{EventKind, LinkKind, MatterKind, MatterStatus, Verification},
    server::{
        entities::{matter, user},
        services::matters::{self, MatterExtras, NewEvent, NewMatter},
    },
};
use e2e::{TestApp, both, spawn_app};
use reqwest::Client;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use std::collections::{BTreeSet, VecDeque};

const MARK: &str = "Canary7f3aQ";

fn hidden_matter(slug: &str, org: i32, agency: i32, public: bool, review: &str) -> NewMatter {
    NewMatter {
        slug: slug.into(),
        organization_id: org,
        kind: MatterKind::FoiaRequest,
        title: format!("{MARK} secret request"),
        agency_id: agency,
        status: MatterStatus::Submitted,
        public,
        agency_tracking_number: format!("{MARK}-TRK"),
        court: String::new(),
        docket_number: String::new(),
        summary: format!("{MARK} summary"),
        counsel: String::new(),
        requester: String::new(),
        verification: Verification::Verified,
        verification_note: String::new(),
        extras: MatterExtras { review_state: review.into(), ..Default::default() },
    }
}

/// Hides the marker everywhere the public must not look.
async fn plant(app: &TestApp) -> anyhow::Result<()> {
    let published =
        matter::Entity::find().filter(matter::Column::Public.eq(true)).one(&app.db).await?.expect("a public matter");
    matters::add_note(&app.db, None, published.id, true, &format!("{MARK} privileged strategy")).await?;
    let event = NewEvent {
        kind: EventKind::Other,
        date: chrono::NaiveDate::from_ymd_opt(2025, 1, 6).expect("date"),
        title: format!("{MARK} internal call"),
        details: format!("{MARK} details"),
        public: false,
        verification: Verification::Verified,
        outcome: String::new(),
        pages_released: 0,
        exemptions: vec![],
        pages_withheld: (0, 0),
    };
    matters::add_event(&app.db, None, published.id, event).await?;
    let (org, agency) = (published.organization_id, published.agency_id);
    let private = matters::create(&app.db, None, hidden_matter("canary-private", org, agency, false, "")).await?;
    matters::link(&app.db, None, published.id, private, LinkKind::Related).await?;
    matters::create(&app.db, None, hidden_matter("canary-draft", org, agency, true, "draft")).await?;
    let student =
        user::Entity::find().filter(user::Column::Username.eq("student")).one(&app.db).await?.expect("student");
    let mut student: user::ActiveModel = student.into();
    student.email = Set(format!("{MARK}@example.org"));
    student.update(&app.db).await?;
    Ok(())
}

/// Same-site links in a page.
fn links(body: &str) -> Vec<String> {
    body.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|href| href.starts_with('/') && !href.starts_with("//") && !href.starts_with("/pkg/"))
        .map(|href| href.split('#').next().unwrap_or(href).replace("&amp;", "&"))
        .collect()
}

fn assert_clean(what: &str, body: &str) {
    assert!(!body.to_lowercase().contains(&MARK.to_lowercase()), "the marker leaked on {what}");
}

/// Every page the public reaches by following links, and a search for the
/// hidden matter's title (without the marker, which a search page echoes).
async fn crawl(app: &TestApp, public: &Client) -> anyhow::Result<usize> {
    let mut seen = BTreeSet::new();
    let mut queue: VecDeque<String> = [
        "/",
        "/matters?q=secret+request",
        "/matters/canary-private",
        "/matters/canary-draft",
        "/robots.txt",
        "/sitemap.xml",
        "/feeds/public.atom",
    ]
    .map(String::from)
    .into();
    while let Some(path) = queue.pop_front() {
        if !seen.insert(path.clone()) || seen.len() > 800 {
            continue;
        }
        let body = public.get(format!("{}{path}", app.base)).send().await?.text().await?;
        assert_clean(&path, &body);
        queue.extend(links(&body).into_iter().filter(|l| !seen.contains(l)));
    }
    Ok(seen.len())
}

/// Every server function a public client can call.
async fn functions(app: &TestApp, public: &Client) -> anyhow::Result<()> {
    let calls: [(&str, Vec<(&str, &str)>); 17] = [
        ("dashboard", vec![]),
        ("viewer", vec![]),
        (
            "matters/list",
            vec![
                ("filter[q]", "secret request"),
                ("filter[kind]", ""),
                ("filter[status]", ""),
                ("filter[agency]", ""),
                ("filter[theory]", ""),
                ("filter[public]", ""),
            ],
        ),
        (
            "matters/list",
            vec![
                ("filter[q]", ""),
                ("filter[kind]", ""),
                ("filter[status]", ""),
                ("filter[agency]", ""),
                ("filter[theory]", ""),
                ("filter[public]", ""),
            ],
        ),
        ("matters/get", vec![("slug", "canary-private")]),
        ("matters/get", vec![("slug", "canary-draft")]),
        ("matters/history", vec![("slug", "canary-private")]),
        ("matters/form", vec![("slug", "canary-private")]),
        ("matters/drafts", vec![]),
        ("agencies/list", vec![]),
        ("agencies/get", vec![("slug", "cbp")]),
        ("agencies/scorecard", vec![("slug", "cbp")]),
        ("provisions/list", vec![]),
        ("theories/list", vec![]),
        ("theories/get", vec![("slug", "foia")]),
        ("calendar/get", vec![]),
        ("provisions/get", vec![("slug", "usc-5-552-a-6-a-i")]),
    ];
    for (endpoint, form) in calls {
        let res = public
            .post(format!("{}/api/{endpoint}", app.base))
            .header("accept", "application/json")
            .form(&form)
            .send()
            .await?;
        assert_clean(endpoint, &res.text().await?);
    }
    Ok(())
}

/// Every list of the JSON API without a token, page by page, and the
/// hidden matters by slug (which must not be found).
async fn json_api(app: &TestApp, public: &Client) -> anyhow::Result<()> {
    for list in ["matters", "events", "deadlines", "agencies", "theories", "provisions"] {
        let mut url = format!("{}/api/v1/{list}?limit=500", app.base);
        for _ in 0..100 {
            let body: serde_json::Value = public.get(&url).send().await?.json().await?;
            assert_clean(&url, &body.to_string());
            assert!(body["data"].as_array().is_some_and(|rows| !rows.is_empty()), "{url} lists rows: {body}");
            let Some(next) = body["next_cursor"].as_str() else { break };
            url = format!("{}/api/v1/{list}?limit=500&cursor={next}", app.base);
        }
    }
    for slug in ["canary-private", "canary-draft"] {
        let res = public.get(format!("{}/api/v1/matters/{slug}", app.base)).send().await?;
        assert_eq!(res.status(), reqwest::StatusCode::NOT_FOUND, "{slug}");
        assert_clean(slug, &res.text().await?);
    }
    Ok(())
}

both!(a_marker_in_private_data_reaches_no_public_surface, |engine| async move {
    let app = spawn_app(engine).await?;
    plant(&app).await?;
    let public = Client::builder().timeout(std::time::Duration::from_secs(60)).build()?;
    let pages = crawl(&app, &public).await?;
    assert!(pages > 50, "the crawl reached the public site ({pages} pages)");
    functions(&app, &public).await?;
    json_api(&app, &public).await?;
    // The marker is really there for those allowed: the attorney finds it.
    app.login("attorney", "attorney-demo").await?;
    let body = app.page(&format!("/matters?q={MARK}")).await?;
    assert!(body.contains(MARK), "members find the unpublished matter");
    app.cleanup().await;
    Ok(())
});
