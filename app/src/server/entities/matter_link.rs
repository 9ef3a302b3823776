//! The `matter_links` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "matter_links")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub from_matter_id: i32,
    pub to_matter_id: i32,
    pub kind: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
