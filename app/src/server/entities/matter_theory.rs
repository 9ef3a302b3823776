//! The `matter_theories` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "matter_theories")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub matter_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub theory_id: i32,
    pub claim_status: String,
    pub note: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// Its matter: the portfolio reads the links of the matters it may show.
    #[sea_orm(belongs_to = "super::matter::Entity", from = "Column::MatterId", to = "super::matter::Column::Id")]
    Matter,
}

impl ActiveModelBehavior for ActiveModel {}
