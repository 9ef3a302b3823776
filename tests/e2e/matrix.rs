//! The role x surface x object matrix. The surfaces are generated from the
//! registered server functions and the route table, so a new one cannot be
//! forgotten: an unclassified one fails the test. For each principal (the
//! public, a student assigned and not, an attorney of the organisation and
//! of another, an admin) and each matter (published or not), every surface
//! must allow exactly what the rules say, for reading and for writing.

use app::server::{
    entities::{event, matter, matter_assignment, user},
    tokens,
};
use e2e::{TestApp, both, spawn_app};
use reqwest::{Client, StatusCode, redirect::Policy};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// Who is asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Public,
    Student,
    Attorney,
    OtherAttorney,
    Admin,
}

/// What a surface needs to allow a call, restated from the rules (not
/// taken from the code under test).
#[derive(Debug, Clone, Copy)]
enum Need {
    Anyone,
    SignedIn,
    Admin,
    /// See the matter: published, or a member of its organisation.
    Read,
    /// A member of the matter's organisation.
    Member,
    /// Edit: the organisation's attorneys and admins, students assigned to it.
    Edit,
    /// Publish and review: the organisation's attorneys and admins.
    Supervise,
    /// Attorneys and admins of any organisation (the second sign-in factor).
    Counsel,
}

/// One matter under test and the facts the rules turn on.
struct Object {
    slug: &'static str,
    public: bool,
    student_assigned: bool,
}

const OBJECTS: [Object; 4] = [
    Object { slug: "access-now-cbp-request", public: true, student_assigned: true },
    Object { slug: "noem-v-al-otro-lado-metering", public: true, student_assigned: false },
    Object { slug: "access-now-ice-request", public: false, student_assigned: true },
    Object { slug: "epic-cbp-request", public: false, student_assigned: false },
];

fn allowed(need: Need, who: Who, o: Option<&Object>) -> bool {
    let member = matches!(who, Who::Student | Who::Attorney | Who::Admin);
    let supervisor = matches!(who, Who::Attorney | Who::Admin);
    match (need, o) {
        (Need::Anyone, _) => true,
        (Need::SignedIn, _) => who != Who::Public,
        (Need::Admin, _) => who == Who::Admin,
        (Need::Counsel, _) => matches!(who, Who::Attorney | Who::OtherAttorney | Who::Admin),
        (Need::Read, Some(o)) => o.public || member,
        (Need::Member, Some(_)) => member,
        (Need::Edit, Some(o)) => supervisor || (who == Who::Student && o.student_assigned),
        (Need::Supervise, Some(_)) => supervisor,
        (_, None) => unreachable!("object surfaces need an object"),
    }
}

/// Every server function, by path: what it needs, whether it is about one
/// matter, and the form to send.
fn classify(path: &str) -> Option<(Need, bool)> {
    Some(match path.trim_start_matches("/api/") {
        "dashboard" | "viewer" | "matters/list" | "agencies/list" | "agencies/get" | "provisions/list"
        | "provisions/get" | "theories/list" | "theories/get" | "calendar/get" => (Need::Anyone, false),
        "home" | "site/public" | "agencies/scorecards" | "agencies/scorecard" => (Need::Anyone, false),
        "search" => (Need::Anyone, false),
        "matters/drafts" | "notifications/list" | "notifications/read" | "portfolio" => (Need::SignedIn, false),
        "tokens/list" | "tokens/create" | "tokens/revoke" | "tokens/feed" | "tokens/revoke_feed" => {
            (Need::SignedIn, false)
        }
        "security/status" | "security/cancel" | "security/disable" => (Need::SignedIn, false),
        "security/begin" | "security/confirm" => (Need::Counsel, false),
        "calendar/add_closure" | "users/list" | "users/add" | "users/set_role" | "users/reset_password" => {
            (Need::Admin, false)
        }
        "settings/purpose" => (Need::Admin, false),
        "imports/form" | "imports/get" | "imports/mapping" => (Need::Admin, false),
        "matters/get" => (Need::Read, true),
        "matters/history" => (Need::Member, true),
        "matters/form" | "matters/save" | "events/log" | "events/delete" | "notes/add" => (Need::Edit, true),
        "links/add_matter" | "links/remove_matter" | "links/add_theory" | "links/set_claim" => (Need::Edit, true),
        "links/remove_theory" | "links/add_provision" | "links/remove_provision" | "links/sue" => (Need::Edit, true),
        "matters/review" => (Need::Supervise, true),
        "documents/list" => (Need::Read, true),
        "documents/delete" => (Need::Edit, true),
        _ => return None,
    })
}

async fn form_for(app: &TestApp, path: &str, o: Option<&Object>) -> anyhow::Result<Vec<(String, String)>> {
    let pairs: Vec<(&str, String)> = match (path.trim_start_matches("/api/"), o) {
        ("matters/list", _) => {
            let fields = ["q", "kind", "status", "agency", "theory", "public"];
            return Ok(fields.map(|f| (format!("filter[{f}]"), String::new())).to_vec());
        }
        ("agencies/get" | "agencies/scorecard", _) => vec![("slug", "cbp".into())],
        ("provisions/get", _) => vec![("slug", "usc-5-552-a-6-a-i".into())],
        ("theories/get", _) => vec![("slug", "foia".into())],
        ("portfolio", _) => vec![("grouping", "Theory".into())],
        ("calendar/add_closure", _) => {
            vec![("date", "nope".into()), ("name", String::new()), ("source", String::new()), ("scope", String::new())]
        }
        ("users/add" | "users/set_role" | "users/reset_password", _) => vec![("username", String::new())],
        ("imports/get" | "imports/mapping", _) => vec![("id", crate::import_web::sample_upload(app).await?)],
        ("matters/save", Some(o)) => {
            let m = matter::Entity::find().filter(matter::Column::Slug.eq(o.slug)).one(&app.db).await?.expect("matter");
            vec![
                ("form[slug]", m.slug),
                ("form[version]", m.version.to_string()),
                ("form[kind]", m.kind),
                ("form[title]", m.title),
                ("form[agency]", "cbp".into()),
                ("form[court]", m.court),
                ("form[summary]", m.summary),
                ("form[requester]", m.requester),
                ("form[counsel]", m.counsel),
                ("form[tracking_number]", m.agency_tracking_number),
                ("form[docket_number]", m.docket_number),
                ("form[parties]", m.parties),
                ("form[judge]", m.judge),
                ("form[fee_category]", m.fee_category),
                ("form[public]", if m.public { "on".into() } else { String::new() }),
            ]
        }
        ("events/log", Some(o)) => {
            vec![("slug", o.slug.into()), ("form[kind]", "other".into()), ("form[date]", "2025-01-02".into())]
        }
        ("events/delete", Some(o)) => {
            let m = matter::Entity::find().filter(matter::Column::Slug.eq(o.slug)).one(&app.db).await?.expect("matter");
            let e =
                event::Entity::find().filter(event::Column::MatterId.eq(m.id)).one(&app.db).await?.expect("an event");
            vec![("slug", o.slug.into()), ("event_id", e.id.to_string()), ("restore", "1".into())]
        }
        ("documents/delete", Some(o)) => {
            let m = matter::Entity::find().filter(matter::Column::Slug.eq(o.slug)).one(&app.db).await?.expect("matter");
            let id = crate::support::insert_document(&app.db, m.id, "Matrix letter").await?;
            vec![("slug", o.slug.into()), ("id", id.to_string())]
        }
        ("notes/add", Some(o)) => vec![("slug", o.slug.into()), ("body", "Matrix note".into())],
        ("links/add_matter" | "links/remove_matter", Some(o)) => {
            vec![("slug", o.slug.into()), ("kind", "related".into()), ("other", "clinic-tvs-request".into())]
        }
        ("links/add_theory" | "links/set_claim" | "links/remove_theory", Some(o)) => {
            vec![("slug", o.slug.into()), ("theory", "bipa".into()), ("status", "won".into()), ("note", String::new())]
        }
        ("links/add_provision" | "links/remove_provision", Some(o)) => {
            vec![("slug", o.slug.into()), ("provision", "frcp-6-a".into())]
        }
        ("matters/review", Some(o)) => {
            vec![("slug", o.slug.into()), ("decision", "approve".into()), ("comment", String::new())]
        }
        (_, Some(o)) => vec![("slug", o.slug.into())],
        (_, None) => vec![],
    };
    Ok(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

/// Whether the answer means the call got past authorisation (it may still
/// be refused for its input: 409, 422).
fn passed(status: StatusCode) -> bool {
    !matches!(status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::NOT_FOUND)
}

async fn client_for(app: &TestApp, who: Who) -> anyhow::Result<Client> {
    let client = Client::builder().redirect(Policy::none()).cookie_store(true).build()?;
    let user = match who {
        Who::Public => return Ok(client),
        Who::Student => "student",
        Who::Attorney => "attorney",
        Who::OtherAttorney => "otherattorney",
        Who::Admin => "admin",
    };
    let res = client
        .post(format!("{}/login", app.base))
        .form(&[("username", user), ("password", &format!("{user}-demo"))])
        .send()
        .await?;
    anyhow::ensure!(res.headers().get("location").is_some_and(|l| l == "/"), "sign-in as {user}");
    Ok(client)
}

/// Checks the facts the matrix is built on still hold in the demo data.
async fn check_objects(app: &TestApp) -> anyhow::Result<()> {
    let student =
        user::Entity::find().filter(user::Column::Username.eq("student")).one(&app.db).await?.expect("student");
    for o in &OBJECTS {
        let m = matter::Entity::find().filter(matter::Column::Slug.eq(o.slug)).one(&app.db).await?.expect("matter");
        let assigned = matter_assignment::Entity::find()
            .filter(matter_assignment::Column::MatterId.eq(m.id))
            .filter(matter_assignment::Column::UserId.eq(student.id))
            .one(&app.db)
            .await?
            .is_some();
        assert_eq!((m.public, assigned), (o.public, o.student_assigned), "{} is not what the matrix assumes", o.slug);
    }
    Ok(())
}

const WHO: [Who; 5] = [Who::Public, Who::Student, Who::Attorney, Who::OtherAttorney, Who::Admin];

async fn functions(app: &TestApp, failures: &mut Vec<String>) -> anyhow::Result<usize> {
    let mut paths: Vec<&str> = leptos::server_fn::axum::server_fn_paths().map(|(p, _)| p).collect();
    paths.sort_unstable();
    paths.dedup();
    let unclassified: Vec<&&str> = paths.iter().filter(|p| classify(p).is_none()).collect();
    assert!(unclassified.is_empty(), "add these server functions to the matrix: {unclassified:?}");
    let mut checked = 0;
    for who in WHO {
        let client = client_for(app, who).await?;
        for path in &paths {
            let (need, per_object) = classify(path).expect("classified");
            let objects: Vec<Option<&Object>> =
                if per_object { OBJECTS.iter().map(Some).collect() } else { vec![None] };
            for o in objects {
                let form = form_for(app, path, o).await?;
                let res = client
                    .post(format!("{}{path}", app.base))
                    .header("accept", "application/json")
                    .form(&form)
                    .send()
                    .await?;
                let status = res.status();
                checked += 1;
                if passed(status) != allowed(need, who, o) {
                    failures.push(format!("{who:?} {path} {:?}: {status} {}", o.map(|o| o.slug), res.text().await?));
                }
            }
        }
    }
    Ok(checked)
}

/// Pages: every route, with `:slug` filled by each matter (matter routes) or
/// a known slug (reference pages).
async fn pages(app: &TestApp, failures: &mut Vec<String>) -> anyhow::Result<usize> {
    // The server's own list: generating it here would stall other tests'
    // pages (see `server::routes::route_list`).
    let routes: Vec<String> = server::routes::route_list().iter().map(|r| r.path().to_string()).collect();
    let upload = crate::import_web::sample_upload(app).await?;
    let mut checked = 0;
    for who in WHO {
        let client = client_for(app, who).await?;
        for route in &routes {
            let cases: Vec<(String, Need, Option<&Object>)> = match route.as_str() {
                "/matters/{slug}" => {
                    OBJECTS.iter().map(|o| (format!("/matters/{}", o.slug), Need::Read, Some(o))).collect()
                }
                "/matters/{slug}/edit" => {
                    OBJECTS.iter().map(|o| (format!("/matters/{}/edit", o.slug), Need::Edit, Some(o))).collect()
                }
                "/matters/{slug}/history" => {
                    OBJECTS.iter().map(|o| (format!("/matters/{}/history", o.slug), Need::Member, Some(o))).collect()
                }
                "/agencies/{slug}" => vec![("/agencies/cbp".into(), Need::Anyone, None)],
                "/theories/{slug}" => vec![("/theories/foia".into(), Need::Anyone, None)],
                "/provisions/{slug}" => vec![("/provisions/frcp-6-a".into(), Need::Anyone, None)],
                "/drafts" | "/matters/new" | "/notifications" | "/account/tokens" | "/account/security"
                | "/portfolio" => {
                    vec![(route.clone(), Need::SignedIn, None)]
                }
                "/admin/users" | "/admin/import" => vec![(route.clone(), Need::Admin, None)],
                "/admin/import/{id}" => vec![(format!("/admin/import/{upload}"), Need::Admin, None)],
                "/admin/import/{id}/mapping" => vec![(format!("/admin/import/{upload}/mapping"), Need::Admin, None)],
                r if r.contains('{') => panic!("add the route {r} to the matrix"),
                r => vec![(r.to_string(), Need::Anyone, None)],
            };
            for (url, need, o) in cases {
                let status = client.get(format!("{}{url}", app.base)).send().await?.status();
                checked += 1;
                if (status == StatusCode::OK) != allowed(need, who, o) {
                    failures.push(format!("{who:?} GET {url}: {status}"));
                }
            }
        }
    }
    Ok(checked)
}

/// The JSON API's `/api/v1/matters/{slug}`, as the public (no token) and
/// with each user's personal API token.
async fn api_routes(app: &TestApp, failures: &mut Vec<String>) -> anyhow::Result<usize> {
    let mut checked = 0;
    for who in WHO {
        let username = match who {
            Who::Public => None,
            Who::Student => Some("student"),
            Who::Attorney => Some("attorney"),
            Who::OtherAttorney => Some("otherattorney"),
            Who::Admin => Some("admin"),
        };
        let mut token = None;
        if let Some(name) = username {
            let u = user::Entity::find().filter(user::Column::Username.eq(name)).one(&app.db).await?.expect("user");
            token = Some(tokens::issue(&app.db, u.id, tokens::Purpose::Api, "matrix").await?.secret);
        }
        for o in &OBJECTS {
            let url = format!("{}/api/v1/matters/{}", app.base, o.slug);
            let mut req = Client::new().get(&url);
            if let Some(t) = &token {
                req = req.bearer_auth(t);
            }
            let status = req.send().await?.status();
            checked += 1;
            if (status == StatusCode::OK) != allowed(Need::Read, who, Some(o)) {
                failures.push(format!("{who:?} GET {url} (API token): {status}"));
            }
        }
    }
    Ok(checked)
}

both!(every_surface_allows_exactly_what_the_rules_say, |engine| async move {
    let app = spawn_app(engine).await?;
    check_objects(&app).await?;
    let mut failures = Vec::new();
    let calls = functions(&app, &mut failures).await?;
    let gets = pages(&app, &mut failures).await? + api_routes(&app, &mut failures).await?;
    assert!(failures.is_empty(), "{} of {} checks failed:\n{}", failures.len(), calls + gets, failures.join("\n"));
    println!("{engine:?}: {calls} server-function calls and {gets} page loads as expected");
    app.cleanup().await;
    Ok(())
});
