//! Helpers shared by the e2e modules: raw counts and the seed files.

use app::server::entities::{document, event, matter};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DatabaseConnection, EntityTrait, Statement};
use std::path::Path;

/// Every table of the schema.
pub const TABLES: [&str; 27] = [
    "organizations",
    "users",
    "sessions",
    "agencies",
    "provisions",
    "legal_theories",
    "theory_provisions",
    "rule_provisions",
    "matters",
    "matter_assignments",
    "matter_links",
    "matter_theories",
    "matter_provisions",
    "events",
    "notes",
    "deadlines",
    "deadline_history",
    "calendar_closures",
    "audit_log",
    "sign_in_failures",
    "import_mappings",
    "personal_tokens",
    "job_runs",
    "notifications",
    "site_settings",
    "import_uploads",
    "documents",
];

/// Row count of a table.
pub async fn count(db: &DatabaseConnection, table: &str) -> anyhow::Result<i64> {
    let stmt = Statement::from_string(db.get_database_backend(), format!("SELECT COUNT(*) AS n FROM {table}"));
    let row = db.query_one_raw(stmt).await?.ok_or_else(|| anyhow::anyhow!("no row"))?;
    Ok(row.try_get::<i64>("", "n")?)
}

/// Whether a table exists (a query on it succeeds).
pub async fn table_exists(db: &DatabaseConnection, table: &str) -> bool {
    db.execute_unprepared(&format!("SELECT 1 FROM {table} WHERE 1 = 0")).await.is_ok()
}

/// One seeded matter, as the tests need it.
#[derive(Debug, Clone)]
pub struct SeededMatter {
    pub slug: String,
    pub title: String,
    pub public: bool,
    pub assigned: Vec<String>,
    pub privileged_notes: Vec<String>,
    pub public_events: Vec<String>,
    pub private_events: Vec<String>,
    /// Titles of court-ordered deadlines, unpublished and published.
    pub private_deadlines: Vec<String>,
    pub public_deadlines: Vec<String>,
}

/// Every matter in `seed/data/matters`.
pub fn seeded_matters() -> anyhow::Result<Vec<SeededMatter>> {
    let dir = Path::new(seed::DEFAULT_DIR).join("matters");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let v: toml::Value = toml::from_str(&std::fs::read_to_string(&path)?)?;
        let s = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or_default().to_string();
        let list = |k: &str| v.get(k).and_then(|x| x.as_array()).cloned().unwrap_or_default();
        let events = list("event");
        let deadlines = list("deadline");
        let deadline_titles = |public: bool| {
            deadlines
                .iter()
                .filter(|d| d.get("public").and_then(toml::Value::as_bool).unwrap_or(false) == public)
                .filter_map(|d| d.get("title").and_then(|t| t.as_str()).map(String::from))
                .collect()
        };
        let titles = |public: bool| {
            events
                .iter()
                .filter(|e| e.get("public").and_then(toml::Value::as_bool).unwrap_or(false) == public)
                .filter_map(|e| e.get("title").and_then(|t| t.as_str()).map(String::from))
                .collect()
        };
        out.push(SeededMatter {
            slug: s("slug"),
            title: s("title"),
            public: v.get("public").and_then(toml::Value::as_bool).unwrap_or(false),
            assigned: list("assigned").iter().filter_map(|x| x.as_str().map(String::from)).collect(),
            privileged_notes: list("note")
                .iter()
                .filter(|n| n.get("privileged").and_then(toml::Value::as_bool).unwrap_or(false))
                .filter_map(|n| n.get("body").and_then(|b| b.as_str()).map(String::from))
                .collect(),
            public_events: titles(true),
            private_events: titles(false),
            private_deadlines: deadline_titles(false),
            public_deadlines: deadline_titles(true),
        });
    }
    out.sort_by(|a, b| a.slug.cmp(&b.slug));
    Ok(out)
}

/// HTML-escapes text the way the pages render it, for `contains` checks.
pub fn html(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Inserts `n` public events titled `bulk event 0`… on matter `matter_id`,
/// 500 per statement (for tests of long lists).
pub async fn insert_public_events(db: &DatabaseConnection, matter_id: i32, n: usize) -> anyhow::Result<()> {
    let now = chrono::Utc::now();
    for chunk in (0..n).collect::<Vec<_>>().chunks(500) {
        let rows = chunk.iter().map(|i| event::ActiveModel {
            matter_id: Set(matter_id),
            kind: Set("other".into()),
            date: Set(chrono::NaiveDate::from_ymd_opt(2025, 6, 2).expect("date")),
            title: Set(format!("bulk event {i}")),
            details: Set(String::new()),
            public: Set(true),
            verification: Set("verified".into()),
            outcome: Set(String::new()),
            pages_released: Set(0),
            exemptions: Set(String::new()),
            created_at: Set(now),
            deleted_at: Set(None),
            pages_withheld_full: Set(0),
            pages_withheld_part: Set(0),
            ..Default::default()
        });
        event::Entity::insert_many(rows).exec(db).await?;
    }
    Ok(())
}

/// The matter form (`matters/save`) that keeps the demo CBP matter `m` as it
/// is but for its summary, as an edit based on `version`.
pub fn summary_edit(m: &matter::Model, version: i32, summary: &str) -> Vec<(&'static str, String)> {
    vec![
        ("form[slug]", m.slug.clone()),
        ("form[version]", version.to_string()),
        ("form[kind]", m.kind.clone()),
        ("form[title]", m.title.clone()),
        ("form[agency]", "cbp".into()),
        ("form[summary]", summary.into()),
        ("form[requester]", m.requester.clone()),
        ("form[counsel]", m.counsel.clone()),
        ("form[tracking_number]", m.agency_tracking_number.clone()),
    ]
}

/// Adds a one-byte private document `title` to matter `matter_id` (no file
/// is stored: for tests of the document rows, not of their bytes); returns its id.
pub async fn insert_document(db: &DatabaseConnection, matter_id: i32, title: &str) -> anyhow::Result<i32> {
    let row = document::ActiveModel {
        matter_id: Set(matter_id),
        title: Set(title.into()),
        file_name: Set("letter.txt".into()),
        media_type: Set("text/plain".into()),
        size: Set(1),
        sha256: Set("0".repeat(64)),
        public: Set(false),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    };
    Ok(document::Entity::insert(row).exec(db).await?.last_insert_id)
}
