//! Organisations, people, sessions and agencies.

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
                    .table("organizations")
                    .col(pk_auto("id"))
                    .col(string_uniq("slug"))
                    .col(string("name"))
                    .col(text("description").default(""))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("users")
                    .col(pk_auto("id"))
                    .col(integer("organization_id"))
                    .col(string_uniq("username"))
                    .col(string("name"))
                    .col(string("email"))
                    .col(string("role").check(Expr::col("role").is_in(["admin", "attorney", "student"])))
                    .col(string("password_hash"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk("users", "organization_id", "organizations", ForeignKeyAction::Restrict))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("sessions")
                    .col(string("id").primary_key())
                    .col(integer("user_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .foreign_key(&mut fk("sessions", "user_id", "users", ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("agencies")
                    .col(pk_auto("id"))
                    .col(string_uniq("slug"))
                    .col(string("name"))
                    .col(string_uniq("abbreviation"))
                    .col(integer_null("parent_id"))
                    .col(text("foia_contact").default(""))
                    .col(string("foia_url").default(""))
                    .col(string("regulations").default(""))
                    .foreign_key(&mut fk("agencies", "parent_id", "agencies", ForeignKeyAction::Restrict))
                    .to_owned(),
            )
            .await?;
        create_indexes(
            manager,
            vec![
                index("users", &["organization_id"], false),
                index("sessions", &["user_id"], false),
                index("agencies", &["parent_id"], false),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, &["agencies", "sessions", "users", "organizations"]).await
    }
}
