//! Documents (agency letters, complaints, productions) attached to a matter
//! and optionally to one of its events. The bytes live on disk, named by
//! their SHA-256; this table holds what they are, who may see them and who
//! uploaded them. Deletion is soft, like events'.

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
                    .table("documents")
                    .col(pk_auto("id"))
                    .col(integer("matter_id"))
                    .col(integer_null("event_id"))
                    .col(string("title"))
                    .col(string("file_name"))
                    .col(string("media_type"))
                    .col(big_integer("size"))
                    .col(string_len("sha256", 64))
                    .col(boolean("public").default(false))
                    .col(integer_null("uploaded_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("deleted_at"))
                    .foreign_key(&mut fk("documents", "matter_id", "matters", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("documents", "event_id", "events", ForeignKeyAction::SetNull))
                    .foreign_key(&mut fk("documents", "uploaded_by", "users", ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;
        create_indexes(manager, vec![index("documents", &["matter_id"], false), index("documents", &["sha256"], false)])
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, &["documents"]).await
    }
}
