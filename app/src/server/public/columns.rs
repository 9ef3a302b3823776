//! The columns the public read layer may mention, and the check of a SQL
//! statement against them.
//!
//! A column is *shown* when a public page may print it, and *filter* when
//! a query may only test it (whether a matter is published, an event
//! deleted, a note privileged) and never select it. Any other column of
//! these tables, and every column of any other table (users' e-mail and
//! passwords, sessions, tokens, assignments, the audit log), is private.

use crate::server::entities::{
    agency, calendar_closure, deadline, deadline_history, event, legal_theory, matter, matter_link, matter_provision,
    matter_theory, note, provision, rule_provision, site_setting, theory_provision, user,
};
use sea_orm::{IdenStatic, Iterable};
use std::collections::BTreeSet;

/// What the public layer may read of one table.
#[derive(Debug, Clone, Copy)]
pub struct Allowed {
    pub table: &'static str,
    /// Columns a public page may print.
    pub shown: &'static [&'static str],
    /// Columns a query may test but not select.
    pub filter: &'static [&'static str],
}

const fn t(table: &'static str, shown: &'static [&'static str], filter: &'static [&'static str]) -> Allowed {
    Allowed { table, shown, filter }
}

/// Every table the public layer reads, with the columns it may mention.
pub const ALLOWED: &[Allowed] = &[
    t(
        "matters",
        &[
            "id",
            "slug",
            "kind",
            "title",
            "agency_id",
            "status",
            "public",
            "agency_tracking_number",
            "court",
            "docket_number",
            "summary",
            "counsel",
            "requester",
            "verification",
            "verification_note",
            "updated_at",
        ],
        &["review_state"],
    ),
    t(
        "events",
        &[
            "id",
            "matter_id",
            "kind",
            "date",
            "title",
            "details",
            "public",
            "verification",
            "outcome",
            "pages_released",
            "exemptions",
            "pages_withheld_full",
            "pages_withheld_part",
        ],
        &["deleted_at"],
    ),
    t(
        "deadlines",
        &[
            "id",
            "matter_id",
            "rule_id",
            "met_by_event_id",
            "title",
            "due_date",
            "status",
            "owed_by",
            "explanation",
            "unsettled",
            "public",
            "source",
            "verification",
        ],
        &[],
    ),
    t("notes", &["id", "matter_id", "author_id", "body", "created_at"], &["privileged"]),
    t("users", &["id", "name"], &[]),
    t("deadline_history", &["id", "deadline_id", "old_due_date", "new_due_date", "reason", "changed_at"], &[]),
    t("agencies", &["id", "slug", "name", "abbreviation", "parent_id", "foia_contact", "foia_url", "regulations"], &[]),
    t("provisions", &["id", "slug", "citation", "title", "summary", "url", "kind", "verification", "source_note"], &[]),
    t("legal_theories", &["id", "slug", "name", "short_name", "description"], &[]),
    t("matter_theories", &["matter_id", "theory_id", "claim_status", "note"], &[]),
    t("matter_links", &["id", "from_matter_id", "to_matter_id", "kind"], &[]),
    t("matter_provisions", &["matter_id", "provision_id"], &[]),
    t("rule_provisions", &["rule_id", "provision_id"], &[]),
    t("theory_provisions", &["theory_id", "provision_id"], &[]),
    t(
        "calendar_closures",
        &["id", "calendar", "date", "name", "source", "verification", "known_from", "scope", "created_at"],
        &[],
    ),
    t("site_settings", &["key", "value", "updated_at"], &[]),
];

fn names<C: Iterable + IdenStatic>() -> Vec<&'static str> {
    C::iter().map(|c| c.as_str()).collect()
}

/// Every column of each table the public layer reads, from the entities.
pub fn entity_columns() -> Vec<(&'static str, Vec<&'static str>)> {
    vec![
        ("matters", names::<matter::Column>()),
        ("events", names::<event::Column>()),
        ("deadlines", names::<deadline::Column>()),
        ("notes", names::<note::Column>()),
        ("users", names::<user::Column>()),
        ("deadline_history", names::<deadline_history::Column>()),
        ("agencies", names::<agency::Column>()),
        ("provisions", names::<provision::Column>()),
        ("legal_theories", names::<legal_theory::Column>()),
        ("matter_theories", names::<matter_theory::Column>()),
        ("matter_links", names::<matter_link::Column>()),
        ("matter_provisions", names::<matter_provision::Column>()),
        ("rule_provisions", names::<rule_provision::Column>()),
        ("theory_provisions", names::<theory_provision::Column>()),
        ("calendar_closures", names::<calendar_closure::Column>()),
        ("site_settings", names::<site_setting::Column>()),
    ]
}

fn allowed(table: &str) -> Option<&'static Allowed> {
    ALLOWED.iter().find(|a| a.table == table)
}

/// Column names that are private wherever they appear: a column of a
/// public table not allowed there, whose name no table allows.
pub fn private_names() -> BTreeSet<&'static str> {
    let ok: BTreeSet<&str> = ALLOWED.iter().flat_map(|a| a.shown.iter().chain(a.filter)).copied().collect();
    entity_columns().into_iter().flat_map(|(_, cols)| cols).filter(|c| !ok.contains(c)).collect()
}

/// The double-quoted identifiers of `sql`, with the byte offset of each.
fn quoted(sql: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut rest = sql;
    let mut base = 0;
    while let Some(open) = rest.find('"') {
        let Some(len) = rest[open + 1..].find('"') else { break };
        out.push((base + open, &rest[open + 1..open + 1 + len]));
        let next = open + len + 2;
        base += next;
        rest = &rest[next..];
    }
    out
}

/// Checks one statement the public layer sent: every table it names is
/// listed in [`ALLOWED`], every `"table"."column"` is allowed there (and
/// filter-only columns are not selected), every other quoted name is an
/// alias or an allowed column, and no private column name appears even
/// unquoted.
///
/// # Errors
/// What is wrong, naming the table and column.
pub fn check_sql(sql: &str) -> Result<(), String> {
    let projection_end = sql.find(" FROM ").unwrap_or(0);
    let idents = quoted(sql);
    let aliases: BTreeSet<&str> =
        idents.iter().filter(|(at, _)| sql[..*at].ends_with("AS ")).map(|(_, n)| *n).collect();
    let any_column: BTreeSet<&str> = ALLOWED.iter().flat_map(|a| a.shown.iter().chain(a.filter)).copied().collect();
    let mut i = 0;
    while i < idents.len() {
        let (at, name) = idents[i];
        let qualified = idents.get(i + 1).filter(|(next, _)| *next == at + name.len() + 3);
        if let Some((_, column)) = qualified {
            let Some(a) = allowed(name) else { return Err(format!("table `{name}` is not public")) };
            let selected = at < projection_end;
            if !a.shown.contains(column) && (selected || !a.filter.contains(column)) {
                return Err(format!(
                    "column `{name}.{column}` is private{}",
                    if selected { " (selected)" } else { "" }
                ));
            }
            i += 2;
            continue;
        }
        if allowed(name).is_none() && !aliases.contains(name) && !any_column.contains(name) {
            return Err(format!("`{name}` is neither a public table, an allowed column nor an alias"));
        }
        i += 1;
    }
    let private = private_names();
    let words = sql.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'));
    match words.into_iter().find(|w| private.contains(w)) {
        Some(w) => Err(format!("private column name `{w}` appears")),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::{auth::Principal, policy};
    use sea_orm::{DbBackend, EntityTrait, QueryFilter, QuerySelect, QueryTrait};

    #[test]
    fn every_allowed_column_exists_and_the_private_ones_are_known() {
        let entities = entity_columns();
        for a in ALLOWED {
            let (_, cols) = entities.iter().find(|(t, _)| *t == a.table).expect(a.table);
            for c in a.shown.iter().chain(a.filter) {
                assert!(cols.contains(c), "{}.{c} is a column", a.table);
            }
        }
        let private = private_names();
        for c in ["organization_id", "review_comment", "email", "password_hash", "fee_category", "fingerprint"] {
            assert!(private.contains(c), "{c} is private");
        }
    }

    #[test]
    fn a_public_query_passes_on_both_engines() {
        for backend in [DbBackend::Sqlite, DbBackend::Postgres] {
            let q = matter::Entity::find()
                .select_only()
                .columns([matter::Column::Id, matter::Column::Slug, matter::Column::Title])
                .filter(policy::visible_matters(&Principal::Public))
                .build(backend);
            assert_eq!(check_sql(&q.sql), Ok(()), "{}", q.sql);
        }
    }

    #[test]
    fn private_columns_tables_and_selected_filters_are_refused() {
        for backend in [DbBackend::Sqlite, DbBackend::Postgres] {
            let whole = matter::Entity::find().filter(policy::visible_matters(&Principal::Public)).build(backend);
            assert!(check_sql(&whole.sql).is_err_and(|e| e.contains("matters.organization_id")), "{}", whole.sql);
            let review = matter::Entity::find().select_only().column(matter::Column::ReviewState).build(backend);
            assert!(check_sql(&review.sql).is_err_and(|e| e.contains("(selected)")), "{}", review.sql);
            let emails = user::Entity::find().select_only().column(user::Column::Email).build(backend);
            assert!(check_sql(&emails.sql).is_err_and(|e| e.contains("users.email")), "{}", emails.sql);
            let notes = note::Entity::find().build(backend);
            assert!(check_sql(&notes.sql).is_err_and(|e| e.contains("privileged")), "{}", notes.sql);
        }
        assert!(check_sql(r#"SELECT "token" FROM "sessions""#).is_err());
        assert!(check_sql("SELECT review_comment FROM matters").is_err_and(|e| e.contains("review_comment")));
        assert_eq!(check_sql(r#"SELECT "matters"."slug" AS "matter" FROM "matters""#), Ok(()));
    }
}
