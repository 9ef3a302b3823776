//! The optional second sign-in factor (TOTP, RFC 6238): each user's secret,
//! a secret being set up, the last time step accepted (so a code cannot be
//! used twice), and sessions that still wait for the second factor.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        for column in [
            string_null("totp_secret").to_owned(),
            string_null("totp_pending_secret").to_owned(),
            big_integer_null("totp_last_step").to_owned(),
        ] {
            manager.alter_table(Table::alter().table("users").add_column(column).to_owned()).await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table("sessions")
                    .add_column(boolean("awaiting_second_factor").default(false).to_owned())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table("sessions").drop_column("awaiting_second_factor").to_owned()).await?;
        for column in ["totp_secret", "totp_pending_secret", "totp_last_step"] {
            manager.alter_table(Table::alter().table("users").drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
