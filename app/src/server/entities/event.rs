//! The `events` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub matter_id: i32,
    pub kind: String,
    pub date: Date,
    pub title: String,
    pub details: String,
    pub public: bool,
    pub verification: String,
    pub outcome: String,
    pub pages_released: i32,
    pub exemptions: String,
    pub created_at: DateTimeUtc,
    pub deleted_at: Option<DateTimeUtc>,
    pub pages_withheld_full: i32,
    pub pages_withheld_part: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// Its matter: lists that read the matter's columns beside its own join it.
    #[sea_orm(belongs_to = "super::matter::Entity", from = "Column::MatterId", to = "super::matter::Column::Id")]
    Matter,
}

impl ActiveModelBehavior for ActiveModel {}
