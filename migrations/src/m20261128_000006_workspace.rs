//! The workspace: fields that fit each kind of matter, the clinic's review of
//! drafts, soft-deleted events (so a deletion can be undone) and the record
//! of failed sign-ins that throttling counts.

use crate::helpers::{create_indexes, drop_tables, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Columns added to `matters`, one statement each (SQLite alters one at a time).
fn matter_columns() -> Vec<ColumnDef> {
    vec![
        string("review_state").default("approved").to_owned(),
        text("review_comment").default("").to_owned(),
        integer_null("created_by").to_owned(),
        string("fee_category").default("").to_owned(),
        boolean("fee_waiver_requested").default(false).to_owned(),
        boolean("expedited_requested").default(false).to_owned(),
        text("parties").default("").to_owned(),
        string("judge").default("").to_owned(),
    ]
}

/// Columns added to `events`.
fn event_columns() -> Vec<ColumnDef> {
    vec![
        timestamp_with_time_zone_null("deleted_at").to_owned(),
        integer("pages_withheld_full").default(0).to_owned(),
        integer("pages_withheld_part").default(0).to_owned(),
    ]
}

const EVENT_COLUMNS: [&str; 3] = ["deleted_at", "pages_withheld_full", "pages_withheld_part"];

const MATTER_COLUMNS: [&str; 8] = [
    "review_state",
    "review_comment",
    "created_by",
    "fee_category",
    "fee_waiver_requested",
    "expedited_requested",
    "parties",
    "judge",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for mut col in matter_columns() {
            manager.alter_table(Table::alter().table("matters").add_column(&mut col).to_owned()).await?;
        }
        for mut col in event_columns() {
            manager.alter_table(Table::alter().table("events").add_column(&mut col).to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table("sign_in_failures")
                    .col(pk_auto("id"))
                    .col(string("key"))
                    .col(timestamp_with_time_zone("at"))
                    .to_owned(),
            )
            .await?;
        create_indexes(
            manager,
            vec![index("sign_in_failures", &["key", "at"], false), index("matters", &["review_state"], false)],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("idx_matters_review_state").table("matters").to_owned()).await?;
        drop_tables(manager, &["sign_in_failures"]).await?;
        for col in EVENT_COLUMNS.iter().rev() {
            manager.alter_table(Table::alter().table("events").drop_column(*col).to_owned()).await?;
        }
        for col in MATTER_COLUMNS.iter().rev() {
            manager.alter_table(Table::alter().table("matters").drop_column(*col).to_owned()).await?;
        }
        Ok(())
    }
}
