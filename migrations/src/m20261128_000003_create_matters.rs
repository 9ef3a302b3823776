//! Matters and everything that hangs off one: assignments, links, theories,
//! provisions, events and notes.

use crate::helpers::{create_indexes, drop_tables, fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn matters() -> TableCreateStatement {
    Table::create()
        .table("matters")
        .col(pk_auto("id"))
        .col(string_uniq("slug"))
        .col(integer("organization_id"))
        .col(string("kind").check(Expr::col("kind").is_in(["foia_request", "appeal", "lawsuit", "other"])))
        .col(string("title"))
        .col(integer("agency_id"))
        .col(string("status"))
        .col(boolean("public").default(false))
        .col(string("agency_tracking_number").default(""))
        .col(string("court").default(""))
        .col(string("docket_number").default(""))
        .col(text("summary").default(""))
        .col(string("counsel").default(""))
        .col(string("requester").default(""))
        .col(string("verification"))
        .col(text("verification_note").default(""))
        .col(integer("version").default(1))
        .col(timestamp_with_time_zone("created_at"))
        .col(timestamp_with_time_zone("updated_at"))
        .foreign_key(&mut fk("matters", "organization_id", "organizations", ForeignKeyAction::Restrict))
        .foreign_key(&mut fk("matters", "agency_id", "agencies", ForeignKeyAction::Restrict))
        .to_owned()
}

fn join(
    table: &'static str,
    left: &'static str,
    left_table: &'static str,
    right: &'static str,
    right_table: &'static str,
) -> TableCreateStatement {
    Table::create()
        .table(table)
        .col(integer(left))
        .col(integer(right))
        .primary_key(Index::create().col(left).col(right))
        .foreign_key(&mut fk(table, left, left_table, ForeignKeyAction::Cascade))
        .foreign_key(&mut fk(table, right, right_table, ForeignKeyAction::Cascade))
        .to_owned()
}

fn matter_links() -> TableCreateStatement {
    Table::create()
        .table("matter_links")
        .col(pk_auto("id"))
        .col(integer("from_matter_id"))
        .col(integer("to_matter_id"))
        .col(string("kind").check(Expr::col("kind").is_in(["appeal_of", "lawsuit_enforcing", "related"])))
        .check(Expr::col("from_matter_id").ne(Expr::col("to_matter_id")))
        .foreign_key(&mut fk("matter_links", "from_matter_id", "matters", ForeignKeyAction::Cascade))
        .foreign_key(&mut fk("matter_links", "to_matter_id", "matters", ForeignKeyAction::Cascade))
        .to_owned()
}

fn events() -> TableCreateStatement {
    Table::create()
        .table("events")
        .col(pk_auto("id"))
        .col(integer("matter_id"))
        .col(string("kind"))
        .col(date("date"))
        .col(string("title"))
        .col(text("details").default(""))
        .col(boolean("public").default(false))
        .col(string("verification"))
        .col(string("outcome").default(""))
        .col(integer("pages_released").default(0))
        .col(string("exemptions").default(""))
        .col(timestamp_with_time_zone("created_at"))
        .foreign_key(&mut fk("events", "matter_id", "matters", ForeignKeyAction::Cascade))
        .to_owned()
}

fn notes() -> TableCreateStatement {
    Table::create()
        .table("notes")
        .col(pk_auto("id"))
        .col(integer("matter_id"))
        .col(integer_null("author_id"))
        .col(boolean("privileged").default(true))
        .col(text("body"))
        .col(timestamp_with_time_zone("created_at"))
        .foreign_key(&mut fk("notes", "matter_id", "matters", ForeignKeyAction::Cascade))
        .foreign_key(&mut fk("notes", "author_id", "users", ForeignKeyAction::SetNull))
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(matters()).await?;
        manager.create_table(join("matter_assignments", "matter_id", "matters", "user_id", "users")).await?;
        manager.create_table(matter_links()).await?;
        let mut theories = join("matter_theories", "matter_id", "matters", "theory_id", "legal_theories");
        theories.col(string("claim_status")).col(text("note").default(""));
        manager.create_table(theories).await?;
        manager.create_table(join("matter_provisions", "matter_id", "matters", "provision_id", "provisions")).await?;
        manager.create_table(events()).await?;
        manager.create_table(notes()).await?;
        create_indexes(
            manager,
            vec![
                index("matters", &["organization_id"], false),
                index("matters", &["agency_id"], false),
                index("matters", &["kind", "status"], false),
                index("matters", &["public"], false),
                index("matter_assignments", &["user_id"], false),
                index("matter_links", &["from_matter_id", "to_matter_id", "kind"], true),
                index("matter_links", &["to_matter_id"], false),
                index("matter_theories", &["theory_id"], false),
                index("matter_provisions", &["provision_id"], false),
                index("events", &["matter_id", "date"], false),
                index("events", &["date"], false),
                index("notes", &["matter_id"], false),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            &[
                "notes",
                "events",
                "matter_provisions",
                "matter_theories",
                "matter_links",
                "matter_assignments",
                "matters",
            ],
        )
        .await
    }
}
