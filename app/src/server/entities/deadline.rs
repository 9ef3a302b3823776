//! The `deadlines` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "deadlines")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub matter_id: i32,
    pub rule_id: Option<String>,
    pub trigger_event_id: Option<i32>,
    pub met_by_event_id: Option<i32>,
    pub title: String,
    pub due_date: Date,
    pub status: String,
    pub owed_by: String,
    pub explanation: String,
    pub unsettled: bool,
    pub public: bool,
    pub source: String,
    pub verification: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// A hash of the computed fields (empty for entered deadlines); see
    /// `services::recompute`.
    pub fingerprint: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// Its matter: lists that read the matter's columns beside its own join it.
    #[sea_orm(belongs_to = "super::matter::Entity", from = "Column::MatterId", to = "super::matter::Column::Id")]
    Matter,
    /// The event that met it (one of the same matter's): the scorecards read
    /// its date beside the deadline.
    #[sea_orm(belongs_to = "super::event::Entity", from = "Column::MetByEventId", to = "super::event::Column::Id")]
    MetBy,
}

impl ActiveModelBehavior for ActiveModel {}
