//! CSV files uploaded on the import page, kept between the preview and the
//! commit (in the database, so any app server behind one PostgreSQL can
//! show the preview and run the import), with the import's progress and
//! its final report.

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
                    .table("import_uploads")
                    .col(string_len("id", 32).primary_key())
                    .col(integer("organization_id"))
                    .col(integer_null("created_by"))
                    .col(string("file_name"))
                    .col(blob("content"))
                    .col(string("mapping_name"))
                    .col(string("agency").default(""))
                    .col(string("on_duplicate"))
                    .col(string("date_format").default(""))
                    .col(string("state"))
                    .col(string("phase").default(""))
                    .col(integer("done").default(0))
                    .col(integer("total").default(0))
                    .col(text_null("report"))
                    .col(text("error").default(""))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut fk(
                        "import_uploads",
                        "organization_id",
                        "organizations",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk("import_uploads", "created_by", "users", ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;
        create_indexes(manager, vec![index("import_uploads", &["created_at"], false)]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, &["import_uploads"]).await
    }
}
