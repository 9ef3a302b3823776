//! Background jobs that must run once however many app servers there are:
//! a claimed run per job and day (`job_runs`, unique on job and key), and the
//! notifications the daily reminder writes (one per user, kind and day).

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
                    .table("job_runs")
                    .col(pk_auto("id"))
                    .col(string("job"))
                    .col(string("run_key"))
                    .col(string("owner"))
                    .col(timestamp_with_time_zone("started_at"))
                    .col(timestamp_with_time_zone_null("finished_at"))
                    .col(text("outcome").default(""))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("notifications")
                    .col(pk_auto("id"))
                    .col(integer("user_id"))
                    .col(string("kind"))
                    .col(date("day"))
                    .col(string("subject"))
                    .col(text("body"))
                    .col(text("items"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("read_at"))
                    .col(timestamp_with_time_zone_null("emailed_at"))
                    .foreign_key(&mut fk("notifications", "user_id", "users", ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        create_indexes(
            manager,
            vec![
                index("job_runs", &["job", "run_key"], true),
                index("notifications", &["user_id", "kind", "day"], true),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, &["notifications", "job_runs"]).await
    }
}
