//! The `deadline_history` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "deadline_history")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub deadline_id: i32,
    pub old_due_date: Option<Date>,
    pub new_due_date: Date,
    pub reason: String,
    pub changed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
