//! The `notifications` table: what the app tells a user (the daily digest of
//! deadlines), shown in the app and, when SMTP is configured, e-mailed.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notifications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: i32,
    pub kind: String,
    pub day: Date,
    pub subject: String,
    /// Plain text, as e-mailed.
    pub body: String,
    /// The digest's lines as JSON (`Vec<model::DigestItem>`), for the page.
    pub items: String,
    /// How many deadlines were overdue, and due soon, that day: `items`
    /// lists the first of each (0 on digests that listed all of theirs).
    pub overdue_total: i32,
    pub soon_total: i32,
    pub created_at: DateTimeUtc,
    pub read_at: Option<DateTimeUtc>,
    pub emailed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
