//! The search on SQLite: one FTS5 match over `search_index` (see the
//! migration `m20261130_000015_search`), joined to the rows it copies so
//! that visibility is decided on the live rows, ranked by bm25 and marked
//! by `highlight()` and `snippet()`.

use super::{
    START, STOP,
    query::{Term, fts5},
    visibility,
};
use crate::server::{
    auth::Principal,
    entities::{document, event, matter, note},
};
use sea_orm::sea_query::{Alias, Condition, Expr, ExprTrait, Order, Query, SelectStatement};

const INDEX: &str = "search_index";

/// The kind code of an index row (its rowid is `id * 4 + kind`).
fn kind() -> Expr {
    Expr::cust("\"search_index\".\"rowid\" % 4")
}

/// The id of the row an index row copies.
fn row_id() -> Expr {
    Expr::cust("\"search_index\".\"rowid\" / 4")
}

/// bm25 with the title column four times the body, scaled by kind so that
/// a matter outranks an event or document, and those a note, for the same
/// words (bm25 is negative: lower is better).
const RANK: &str = "bm25(\"search_index\", 4.0, 1.0) * \
    CASE \"search_index\".\"rowid\" % 4 WHEN 0 THEN 1.0 WHEN 2 THEN 0.3 ELSE 0.5 END";

/// The ranked hits `who` may see, at most `limit`.
pub fn statement(who: &Principal, terms: &[Term], limit: u64) -> SelectStatement {
    let marks = format!("char({}), char({})", START as u32, STOP as u32);
    let joined = |k: i32, id: Expr| Condition::all().add(id.eq(row_id())).add(kind().eq(k));
    let kinds = Condition::any()
        .add(kind().eq(0))
        .add(Condition::all().add(kind().eq(1)).add(visibility::event(who)))
        .add(Condition::all().add(kind().eq(2)).add(visibility::note(who)))
        .add(Condition::all().add(kind().eq(3)).add(visibility::document(who)));
    Query::select()
        .expr_as(kind(), Alias::new("kind"))
        .expr_as(row_id(), Alias::new("row_id"))
        .expr_as(Expr::col((Alias::new(INDEX), Alias::new("matter_id"))), Alias::new("matter_id"))
        .expr_as(Expr::cust(format!("highlight(\"search_index\", 0, {marks})")), Alias::new("title"))
        .expr_as(Expr::cust(format!("snippet(\"search_index\", 1, {marks}, '…', 24)")), Alias::new("body"))
        .from(Alias::new(INDEX))
        .inner_join(
            matter::Entity,
            Expr::col((matter::Entity, matter::Column::Id)).equals((Alias::new(INDEX), Alias::new("matter_id"))),
        )
        .left_join(event::Entity, joined(1, Expr::col((event::Entity, event::Column::Id))))
        .left_join(note::Entity, joined(2, Expr::col((note::Entity, note::Column::Id))))
        .left_join(document::Entity, joined(3, Expr::col((document::Entity, document::Column::Id))))
        .and_where(Expr::cust_with_values("\"search_index\" MATCH ?", [fts5(terms)]))
        .cond_where(visibility::matter(who))
        .cond_where(kinds)
        .order_by_expr(Expr::cust(RANK), Order::Asc)
        .order_by_expr(kind(), Order::Asc)
        .order_by_expr(row_id(), Order::Asc)
        .limit(limit)
        .to_owned()
}
