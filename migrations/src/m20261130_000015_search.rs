//! Full-text search over matters (title, summary, tracking and docket
//! numbers), events (title, details), notes (body) and documents (title).
//!
//! On SQLite one FTS5 table, `search_index`, holds a copy of the text, kept
//! current by triggers. Its rowid encodes what a row is: `id * 4 + kind`,
//! kind 0 a matter, 1 an event, 2 a note, 3 a document, so a trigger finds
//! its row by rowid. Soft-deleted events and documents are left out.
//!
//! On PostgreSQL there is no copy: GIN indexes on `to_tsvector('english', …)`
//! expressions of the tables themselves, weighted A (matter titles) to C
//! (details and notes). The search queries (`app/src/server/repo/search`)
//! repeat these expressions word for word, so that PostgreSQL uses the
//! indexes; a test checks that it does.

use sea_orm_migration::{prelude::*, sea_orm::DatabaseBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The FTS5 table: `title` and `body` are searched, `matter_id` is carried.
const SQLITE_TABLE: &str = "CREATE VIRTUAL TABLE search_index USING fts5(\
    title, body, matter_id UNINDEXED, \
    tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3')";

/// One source table's place in the index: its kind code, the SQL of its
/// title and body (over `new.`/`old.` or the bare table), which columns
/// change them, and the condition for a row to be indexed.
struct Source {
    table: &'static str,
    kind: i32,
    title: &'static str,
    body: &'static str,
    columns: &'static str,
    indexed_when: &'static str,
}

const SOURCES: [Source; 4] = [
    Source {
        table: "matters",
        kind: 0,
        title: "{r}title",
        body: "{r}summary || ' ' || {r}agency_tracking_number || ' ' || {r}docket_number",
        columns: "title, summary, agency_tracking_number, docket_number",
        indexed_when: "1 = 1",
    },
    Source {
        table: "events",
        kind: 1,
        title: "{r}title",
        body: "{r}details",
        columns: "title, details, matter_id, deleted_at",
        indexed_when: "{r}deleted_at IS NULL",
    },
    Source { table: "notes", kind: 2, title: "''", body: "{r}body", columns: "body, matter_id", indexed_when: "1 = 1" },
    Source {
        table: "documents",
        kind: 3,
        title: "{r}title",
        body: "''",
        columns: "title, matter_id, deleted_at",
        indexed_when: "{r}deleted_at IS NULL",
    },
];

impl Source {
    fn matter_id(&self) -> &'static str {
        if self.table == "matters" { "{r}id" } else { "{r}matter_id" }
    }

    /// `INSERT INTO search_index … SELECT …` of the rows `r` (`new.` in a
    /// trigger, `t.` over the whole table) that are to be indexed.
    fn insert(&self, r: &str, from: &str) -> String {
        let sql = format!(
            "INSERT INTO search_index (rowid, title, body, matter_id) \
             SELECT {{r}}id * 4 + {kind}, {title}, {body}, {matter_id}{from} WHERE {when}",
            kind = self.kind,
            title = self.title,
            body = self.body,
            matter_id = self.matter_id(),
            when = self.indexed_when,
        );
        sql.replace("{r}", r)
    }

    fn delete_old(&self) -> String {
        format!("DELETE FROM search_index WHERE rowid = old.id * 4 + {}", self.kind)
    }

    fn triggers(&self) -> [String; 3] {
        let t = self.table;
        [
            format!("CREATE TRIGGER search_{t}_insert AFTER INSERT ON {t} BEGIN {}; END", self.insert("new.", "")),
            format!(
                "CREATE TRIGGER search_{t}_update AFTER UPDATE OF {} ON {t} BEGIN {}; {}; END",
                self.columns,
                self.delete_old(),
                self.insert("new.", "")
            ),
            format!("CREATE TRIGGER search_{t}_delete AFTER DELETE ON {t} BEGIN {}; END", self.delete_old()),
        ]
    }
}

/// The GIN expression indexes of PostgreSQL: (name, table, vector, partial
/// index condition).
const PG_INDEXES: [(&str, &str, &str, &str); 4] = [
    (
        "idx_matters_search",
        "matters",
        "setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', \
         summary || ' ' || agency_tracking_number || ' ' || docket_number), 'B')",
        "",
    ),
    (
        "idx_events_search",
        "events",
        "setweight(to_tsvector('english', title), 'B') || setweight(to_tsvector('english', details), 'C')",
        " WHERE deleted_at IS NULL",
    ),
    ("idx_notes_search", "notes", "setweight(to_tsvector('english', body), 'C')", ""),
    ("idx_documents_search", "documents", "setweight(to_tsvector('english', title), 'B')", " WHERE deleted_at IS NULL"),
];

async fn run(manager: &SchemaManager<'_>, statements: Vec<String>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    for sql in statements {
        db.execute_unprepared(&sql).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        match manager.get_database_backend() {
            DatabaseBackend::Sqlite => {
                let mut sql = vec![SQLITE_TABLE.to_string()];
                for s in &SOURCES {
                    sql.push(s.insert("t.", &format!(" FROM {} AS t", s.table)));
                    sql.extend(s.triggers());
                }
                run(manager, sql).await
            }
            _ => {
                let sql = PG_INDEXES
                    .iter()
                    .map(|(name, table, vector, when)| {
                        format!("CREATE INDEX {name} ON {table} USING GIN (({vector})){when}")
                    })
                    .collect();
                run(manager, sql).await
            }
        }
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        match manager.get_database_backend() {
            DatabaseBackend::Sqlite => {
                let mut sql = Vec::new();
                for s in &SOURCES {
                    for op in ["insert", "update", "delete"] {
                        sql.push(format!("DROP TRIGGER IF EXISTS search_{}_{op}", s.table));
                    }
                }
                sql.push("DROP TABLE IF EXISTS search_index".to_string());
                run(manager, sql).await
            }
            _ => {
                run(manager, PG_INDEXES.iter().map(|(name, ..)| format!("DROP INDEX IF EXISTS {name}")).collect()).await
            }
        }
    }
}
