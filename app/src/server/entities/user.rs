//! The `users` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organization_id: i32,
    #[sea_orm(unique)]
    pub username: String,
    pub name: String,
    pub email: String,
    pub role: String,
    pub password_hash: String,
    pub created_at: DateTimeUtc,
    /// The base32 TOTP secret, when the second factor is on.
    pub totp_secret: Option<String>,
    /// A secret shown for setting up, not yet confirmed by a code.
    pub totp_pending_secret: Option<String>,
    /// The last TOTP time step accepted (a code is good once).
    pub totp_last_step: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
