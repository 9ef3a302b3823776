//! The `matters` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "matters")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub slug: String,
    pub organization_id: i32,
    pub kind: String,
    pub title: String,
    pub agency_id: i32,
    pub status: String,
    pub public: bool,
    pub agency_tracking_number: String,
    pub court: String,
    pub docket_number: String,
    pub summary: String,
    pub counsel: String,
    pub requester: String,
    pub verification: String,
    pub verification_note: String,
    pub version: i32,
    pub review_state: String,
    pub review_comment: String,
    pub created_by: Option<i32>,
    pub fee_category: String,
    pub fee_waiver_requested: bool,
    pub expedited_requested: bool,
    pub parties: String,
    pub judge: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
