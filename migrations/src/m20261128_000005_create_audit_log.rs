//! The audit log: who changed what, when, with the old and new values.

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
                    .table("audit_log")
                    .col(pk_auto("id"))
                    .col(timestamp_with_time_zone("at"))
                    .col(integer_null("user_id"))
                    .col(string("action"))
                    .col(string("entity"))
                    .col(integer("entity_id"))
                    .col(integer_null("matter_id"))
                    .col(text_null("old_value"))
                    .col(text_null("new_value"))
                    .foreign_key(&mut fk("audit_log", "user_id", "users", ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;
        create_indexes(
            manager,
            vec![index("audit_log", &["entity", "entity_id"], false), index("audit_log", &["matter_id", "at"], false)],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, &["audit_log"]).await
    }
}
