//! A fingerprint of each computed deadline's stored fields (due date,
//! status, explanation...), so that a recomputation can tell what changed
//! without reading every explanation back.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter().table("deadlines").add_column(string("fingerprint").default("").to_owned()).to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table("deadlines").drop_column("fingerprint").to_owned()).await
    }
}
