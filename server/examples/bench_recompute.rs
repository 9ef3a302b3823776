//! Benchmark (not a test): 100,000 open deadlines in a SQLite database, then
//! an admin adds a closure inside every one of their counting windows, and
//! Docket recomputes them all in one transaction, end to end (load, derive,
//! write, history, audit). Prints the time, how many moved, and the ratio to
//! a baseline in the same run: one SQL statement rewriting the same rows.
//!
//! Run: `cargo run --release -p server --example bench_recompute [MATTERS]`
//! (default 50,000 matters with two deadlines each).

use app::{
    domain::vocab::Role,
    server::{
        auth::CurrentUser,
        entities::{agency, event, matter, organization, user},
        services::{calendar, deadlines},
    },
};
use chrono::{Days, NaiveDate, Utc};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DatabaseConnection, EntityTrait, TransactionTrait};
use std::time::Instant;

async fn setup(db: &DatabaseConnection, matters: usize) -> anyhow::Result<CurrentUser> {
    let org = organization::Entity::insert(organization::ActiveModel {
        slug: Set("bench".into()),
        name: Set("Bench".into()),
        description: Set(String::new()),
        ..Default::default()
    })
    .exec(db)
    .await?
    .last_insert_id;
    let admin = user::Entity::insert(user::ActiveModel {
        organization_id: Set(org),
        username: Set("admin".into()),
        name: Set("Admin".into()),
        email: Set("admin@bench.invalid".into()),
        role: Set("admin".into()),
        password_hash: Set("x".into()),
        created_at: Set(Utc::now()),
        ..Default::default()
    })
    .exec(db)
    .await?
    .last_insert_id;
    let cbp = agency::Entity::insert(agency::ActiveModel {
        slug: Set("cbp".into()),
        name: Set("U.S. Customs and Border Protection".into()),
        abbreviation: Set("CBP".into()),
        parent_id: Set(None),
        foia_contact: Set(String::new()),
        foia_url: Set(String::new()),
        regulations: Set(String::new()),
        ..Default::default()
    })
    .exec(db)
    .await?
    .last_insert_id;
    let txn = db.begin().await?;
    let first = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    let now = Utc::now();
    for chunk in (0..matters).collect::<Vec<_>>().chunks(500) {
        let rows = chunk.iter().map(|i| matter::ActiveModel {
            slug: Set(format!("bench-{i}")),
            organization_id: Set(org),
            kind: Set("foia_request".into()),
            title: Set(format!("Bench request {i}")),
            agency_id: Set(cbp),
            status: Set("submitted".into()),
            public: Set(false),
            agency_tracking_number: Set(String::new()),
            court: Set(String::new()),
            docket_number: Set(String::new()),
            summary: Set(String::new()),
            counsel: Set(String::new()),
            requester: Set(String::new()),
            verification: Set("placeholder".into()),
            verification_note: Set(String::new()),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        });
        matter::Entity::insert_many(rows).exec(&txn).await?;
    }
    let ids: Vec<i32> = (1..=i32::try_from(matters)?).collect();
    for chunk in ids.chunks(400) {
        let rows = chunk.iter().flat_map(|id| {
            let date = first.checked_add_days(Days::new(u64::try_from(*id).unwrap_or(0) % 5)).expect("date");
            ["received", "expedite_requested"].map(|kind| event::ActiveModel {
                matter_id: Set(*id),
                kind: Set(kind.into()),
                date: Set(date),
                title: Set(kind.into()),
                details: Set(String::new()),
                public: Set(false),
                verification: Set("placeholder".into()),
                outcome: Set(String::new()),
                pages_released: Set(0),
                exemptions: Set(String::new()),
                created_at: Set(now),
                ..Default::default()
            })
        });
        event::Entity::insert_many(rows).exec(&txn).await?;
    }
    txn.commit().await?;
    Ok(CurrentUser {
        id: admin,
        organization_id: org,
        role: Role::Admin,
        username: "admin".into(),
        name: "Admin".into(),
        organization: "Bench".into(),
    })
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    server::telemetry::init();
    let matters: usize = std::env::args().nth(1).map(|n| n.parse()).transpose()?.unwrap_or(50_000);
    let dir = std::env::temp_dir().join(format!("docket-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let url = format!("sqlite://{}?mode=rwc", dir.join("bench.db").display());
    let db = server::db::connect(&url).await?;
    server::db::migrate(&db).await?;
    let today = NaiveDate::from_ymd_opt(2026, 11, 28).expect("date");
    let admin = setup(&db, matters).await?;

    let txn = db.begin().await?;
    let t = Instant::now();
    let created = deadlines::recompute_open(&txn, None, today, "bench: first computation").await?;
    txn.commit().await?;
    println!(
        "first computation: {} deadlines for {} matters in {:.2?}",
        created.deadlines,
        created.matters,
        t.elapsed()
    );

    let txn = db.begin().await?;
    let t = Instant::now();
    txn.execute_unprepared("UPDATE deadlines SET due_date = due_date, explanation = explanation || ''").await?;
    txn.commit().await?;
    let baseline = t.elapsed();

    let closure = calendar::NewClosure {
        date: NaiveDate::from_ymd_opt(2026, 12, 9).expect("date"),
        name: "Emergency closure (benchmark)".into(),
        source: "benchmark".into(),
        scope: None,
    };
    let t = Instant::now();
    let report = calendar::add_closure(&db, &admin, closure, today).await?;
    let took = t.elapsed();
    println!(
        "add a closure, recompute end to end: {} deadlines of {} matters, {} moved, in {:.2?} (target under 2 s: {})",
        report.deadlines,
        report.matters,
        report.moved,
        took,
        if took.as_secs_f64() < 2.0 { "met" } else { "not met" }
    );
    println!(
        "baseline (one UPDATE rewriting the same rows): {baseline:.2?}; ratio recompute / baseline = {:.1}",
        took.as_secs_f64() / baseline.as_secs_f64()
    );
    db.close().await?;
    std::fs::remove_dir_all(dir)?;
    Ok(())
}
