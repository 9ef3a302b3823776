//! The `import_uploads` table: a CSV file uploaded on the import page, its
//! import options, and the import's state, progress and report.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "import_uploads")]
pub struct Model {
    /// A random id (32 hex digits), the upload's URL.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub organization_id: i32,
    pub created_by: Option<i32>,
    pub file_name: String,
    /// The file as uploaded (emptied once the import has run).
    pub content: Vec<u8>,
    pub mapping_name: String,
    /// The default agency (abbreviation or slug), or empty.
    pub agency: String,
    /// `skip` or `update`.
    pub on_duplicate: String,
    /// A date format's code, or empty to detect it per column.
    pub date_format: String,
    /// `uploaded`, `running`, `done` or `failed`.
    pub state: String,
    pub phase: String,
    pub done: i32,
    pub total: i32,
    /// The import's report as JSON, once it has run.
    pub report: Option<String>,
    /// Why the import failed.
    pub error: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
