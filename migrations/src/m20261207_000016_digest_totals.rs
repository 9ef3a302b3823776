//! How many deadlines a digest counted in each of its two groups, beside the
//! lines it lists: after an agency's FOIA log is imported an attorney may
//! have tens of thousands overdue, and a digest lists only the first of each
//! group. Zero on digests written before (their lines were all of them).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

const COLUMNS: [&str; 2] = ["overdue_total", "soon_total"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        for name in COLUMNS {
            let table =
                Table::alter().table("notifications").add_column(integer(name).default(0).to_owned()).to_owned();
            manager.alter_table(table).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for name in COLUMNS {
            manager.alter_table(Table::alter().table("notifications").drop_column(name).to_owned()).await?;
        }
        Ok(())
    }
}
