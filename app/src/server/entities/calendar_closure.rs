//! The `calendar_closures` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "calendar_closures")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub calendar: String,
    pub date: Date,
    pub name: String,
    pub source: String,
    pub verification: String,
    pub known_from: Date,
    pub scope: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
