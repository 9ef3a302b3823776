//! Provisions (statutes, regulations, rules, FR documents, cases) and legal theories.

use crate::helpers::{drop_tables, fk};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("provisions")
                    .col(pk_auto("id"))
                    .col(string_uniq("slug"))
                    .col(string("citation"))
                    .col(string("title"))
                    .col(text("summary"))
                    .col(string("url"))
                    .col(string("kind"))
                    .col(string("verification"))
                    .col(text("source_note").default(""))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("legal_theories")
                    .col(pk_auto("id"))
                    .col(string_uniq("slug"))
                    .col(string("name"))
                    .col(string("short_name"))
                    .col(text("description"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("theory_provisions")
                    .col(integer("theory_id"))
                    .col(integer("provision_id"))
                    .primary_key(Index::create().col("theory_id").col("provision_id"))
                    .foreign_key(&mut fk("theory_provisions", "theory_id", "legal_theories", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("theory_provisions", "provision_id", "provisions", ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("rule_provisions")
                    .col(string("rule_id"))
                    .col(integer("provision_id"))
                    .primary_key(Index::create().col("rule_id").col("provision_id"))
                    .foreign_key(&mut fk("rule_provisions", "provision_id", "provisions", ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, &["rule_provisions", "theory_provisions", "legal_theories", "provisions"]).await
    }
}
