//! Privacy by construction: every statement the public read layer sends,
//! for every public page of the demo data, names only the columns
//! `public::columns` allows (checked on the SQL each engine really ran),
//! and the signed-in matter page, which does read private columns, fails
//! the same check (so the check can fail).

use app::{
    domain::vocab::Role,
    error::AppError,
    server::{
        auth::{CurrentUser, Principal},
        entities::{agency, legal_theory, matter, provision, user},
        public::{self, columns::check_sql},
        repo::matter_detail,
    },
};
use e2e::{both, spawn_app};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use std::sync::{Arc, Mutex};

/// A connection to the app's database that records every statement it runs.
fn recording(db: &DatabaseConnection) -> (DatabaseConnection, Arc<Mutex<Vec<String>>>) {
    let log = Arc::new(Mutex::new(Vec::new()));
    let mut db = db.clone();
    let sink = Arc::clone(&log);
    db.set_metric_callback(move |info| sink.lock().expect("log").push(info.statement.sql.clone()));
    (db, log)
}

fn taken(log: &Mutex<Vec<String>>) -> Vec<String> {
    std::mem::take(&mut *log.lock().expect("log"))
}

/// The slugs of every public page of the demo data, read beforehand
/// (outside the recording).
struct Slugs {
    matters: Vec<String>,
    agencies: Vec<String>,
    theories: Vec<String>,
    provisions: Vec<String>,
}

async fn slugs(db: &DatabaseConnection) -> anyhow::Result<Slugs> {
    let published = matter::Entity::find()
        .filter(matter::Column::Public.eq(true))
        .filter(matter::Column::ReviewState.eq("approved"));
    Ok(Slugs {
        matters: published.all(db).await?.into_iter().map(|m| m.slug).collect(),
        agencies: agency::Entity::find().all(db).await?.into_iter().map(|a| a.slug).collect(),
        theories: legal_theory::Entity::find().all(db).await?.into_iter().map(|t| t.slug).collect(),
        provisions: provision::Entity::find().all(db).await?.into_iter().map(|p| p.slug).collect(),
    })
}

/// Runs every public read of the demo data; returns how many pages it read.
async fn read_everything(db: &DatabaseConnection, slugs: &Slugs, unpublished: &str) -> anyhow::Result<usize> {
    let today = chrono::Utc::now().date_naive();
    public::public_home(db, today, false).await?;
    public::scorecards(db, today).await?;
    public::theories(db).await?;
    for m in &slugs.matters {
        let page = public::matter_page(db, m, today).await?;
        assert!(page.public && page.assigned.is_empty() && page.notes.iter().all(|n| !n.privileged), "{m}");
    }
    for a in &slugs.agencies {
        public::agency_scorecard(db, a, today).await?;
    }
    for t in &slugs.theories {
        public::theory_page(db, t).await?;
    }
    for p in &slugs.provisions {
        public::provision_page(db, p).await?;
    }
    let hidden = public::matter_page(db, unpublished, today).await;
    assert!(matches!(hidden, Err(AppError::NotFound(_))), "an unpublished matter is not found: {hidden:?}");
    Ok(3 + slugs.matters.len() + slugs.agencies.len() + slugs.theories.len() + slugs.provisions.len())
}

both!(the_public_layer_sends_only_allowed_columns, |engine| async move {
    let app = spawn_app(engine).await?;
    let unpublished =
        matter::Entity::find().filter(matter::Column::Public.eq(false)).one(&app.db).await?.expect("a private matter");
    let slugs = slugs(&app.db).await?;
    assert!(slugs.matters.len() > 5 && !slugs.provisions.is_empty(), "the demo data has public pages");
    // The statements the reads below send, and nothing else.
    let (db, log) = recording(&app.db);
    let pages = read_everything(&db, &slugs, &unpublished.slug).await?;
    let statements = taken(&log);
    assert!(statements.len() > pages, "every page ran queries ({} for {pages})", statements.len());
    let mut distinct = statements.clone();
    distinct.sort();
    distinct.dedup();
    let refused: Vec<String> =
        distinct.iter().filter_map(|sql| check_sql(sql).err().map(|why| format!("{why}\n  in {sql}"))).collect();
    assert!(refused.is_empty(), "public queries mention private columns:\n{}", refused.join("\n"));
    // The control: the signed-in matter page reads whole rows, private
    // columns included, and the same check catches them.
    let attorney =
        user::Entity::find().filter(user::Column::Username.eq("attorney")).one(&app.db).await?.expect("attorney");
    let who = Principal::User(CurrentUser {
        id: attorney.id,
        organization_id: attorney.organization_id,
        role: Role::Attorney,
        username: attorney.username,
        name: attorney.name,
        organization: String::new(),
    });
    matter_detail::detail(&db, &who, &unpublished.slug, chrono::Utc::now().date_naive()).await?;
    let members = taken(&log);
    assert!(members.iter().any(|sql| check_sql(sql).is_err()), "the member's page reads private columns");
    println!(
        "{engine:?}: {} public statements ({} distinct) over {pages} pages, all allowed",
        statements.len(),
        distinct.len()
    );
    app.cleanup().await;
    anyhow::Ok(())
});
