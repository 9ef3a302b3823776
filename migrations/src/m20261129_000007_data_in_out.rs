//! Data in and out: the column mappings CSV imports remember per source, and
//! personal tokens (API tokens and private calendar-feed URLs), stored hashed.

use crate::helpers::{create_indexes, drop_tables, fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("import_mappings")
                    .col(pk_auto("id"))
                    .col(integer("organization_id"))
                    .col(string("name"))
                    .col(text("source").default(""))
                    .col(text("mapping"))
                    .col(integer_null("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut fk(
                        "import_mappings",
                        "organization_id",
                        "organizations",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("personal_tokens")
                    .col(pk_auto("id"))
                    .col(integer("user_id"))
                    .col(string("purpose"))
                    .col(string("name").default(""))
                    .col(string("token_hash"))
                    .col(string("prefix").default(""))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("last_used_at"))
                    .col(timestamp_with_time_zone_null("revoked_at"))
                    .foreign_key(&mut fk("personal_tokens", "user_id", "users", ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        create_indexes(
            manager,
            vec![
                index("import_mappings", &["organization_id", "name"], true),
                index("personal_tokens", &["token_hash"], true),
                index("personal_tokens", &["user_id", "purpose"], false),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, &["personal_tokens", "import_mappings"]).await
    }
}
