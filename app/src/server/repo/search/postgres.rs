//! The search on PostgreSQL: each table matched through the GIN expression
//! index of the migration `m20261130_000015_search` (the vectors below must
//! stay word for word the same as there), ranked by `ts_rank` over the
//! weights A (matter titles) to C (details and notes), the best `limit`
//! taken, and only those marked by `ts_headline`.

use super::{
    START, STOP,
    query::{Term, tsquery_prefix},
    visibility,
};
use crate::server::{
    auth::Principal,
    entities::{document, event, matter, note},
};
use sea_orm::sea_query::{Alias, Asterisk, Condition, Expr, ExprTrait, Order, Query, SelectStatement, UnionType};

/// The indexed vector of each kind (matters, events, notes, documents),
/// over its table's columns.
pub const VECTORS: [&str; 4] = [
    "setweight(to_tsvector('english', \"matters\".\"title\"), 'A') || setweight(to_tsvector('english', \
     \"matters\".\"summary\" || ' ' || \"matters\".\"agency_tracking_number\" || ' ' || \"matters\".\"docket_number\"), 'B')",
    "setweight(to_tsvector('english', \"events\".\"title\"), 'B') || \
     setweight(to_tsvector('english', \"events\".\"details\"), 'C')",
    "setweight(to_tsvector('english', \"notes\".\"body\"), 'C')",
    "setweight(to_tsvector('english', \"documents\".\"title\"), 'B')",
];

/// The title and body each kind shows, marked.
const TEXTS: [(&str, &str); 4] = [
    (
        "\"matters\".\"title\"::text",
        "\"matters\".\"summary\" || ' ' || \"matters\".\"agency_tracking_number\" || ' ' || \"matters\".\"docket_number\"",
    ),
    ("\"events\".\"title\"::text", "\"events\".\"details\""),
    ("''::text", "\"notes\".\"body\""),
    ("\"documents\".\"title\"::text", "''::text"),
];

/// The query: every term found (a phrase as a phrase, the last word as a
/// prefix). The user's text only ever reaches PostgreSQL as the argument of
/// `phraseto_tsquery`, which reads no operators, or as a quoted word of
/// letters and digits.
fn tsquery(terms: &[Term]) -> Expr {
    let parts = terms.iter().map(|t| {
        if t.prefix {
            Expr::cust_with_values("to_tsquery('english', $1)", [tsquery_prefix(t)])
        } else {
            Expr::cust_with_values("phraseto_tsquery('english', $1)", [t.text.clone()])
        }
    });
    parts.reduce(|a, b| Expr::cust_with_exprs("($1 && $2)", [a, b])).unwrap_or_else(|| Expr::cust("''::tsquery"))
}

/// The matches of one kind that `who` may see, with their rank.
fn branch(who: &Principal, q: &Expr, kind: usize) -> SelectStatement {
    let vector = Expr::cust(VECTORS[kind]);
    let (title, body) = TEXTS[kind];
    let mut select = Query::select();
    select
        .expr_as(Expr::cust(kind.to_string()), Alias::new("kind"))
        .expr_as(Expr::cust_with_exprs("ts_rank($1, $2)::float8", [vector.clone(), q.clone()]), Alias::new("rank"))
        .expr_as(Expr::col((matter::Entity, matter::Column::Id)), Alias::new("matter_id"))
        .expr_as(Expr::cust(title), Alias::new("title"))
        .expr_as(Expr::cust(body), Alias::new("body"))
        .and_where(Expr::cust_with_exprs("$1 @@ $2", [vector, q.clone()]))
        .cond_where(visibility::matter(who));
    let on = |matter_id: Expr| Condition::all().add(Expr::col((matter::Entity, matter::Column::Id)).eq(matter_id));
    match kind {
        0 => select.expr_as(Expr::col((matter::Entity, matter::Column::Id)), Alias::new("row_id")).from(matter::Entity),
        1 => select
            .expr_as(Expr::col((event::Entity, event::Column::Id)), Alias::new("row_id"))
            .from(event::Entity)
            .inner_join(matter::Entity, on(Expr::col((event::Entity, event::Column::MatterId))))
            .cond_where(visibility::event(who)),
        2 => select
            .expr_as(Expr::col((note::Entity, note::Column::Id)), Alias::new("row_id"))
            .from(note::Entity)
            .inner_join(matter::Entity, on(Expr::col((note::Entity, note::Column::MatterId))))
            .cond_where(visibility::note(who)),
        _ => select
            .expr_as(Expr::col((document::Entity, document::Column::Id)), Alias::new("row_id"))
            .from(document::Entity)
            .inner_join(matter::Entity, on(Expr::col((document::Entity, document::Column::MatterId))))
            .cond_where(visibility::document(who)),
    };
    select
}

fn ranked(select: &mut SelectStatement) -> &mut SelectStatement {
    select
        .order_by(Alias::new("rank"), Order::Desc)
        .order_by(Alias::new("kind"), Order::Asc)
        .order_by(Alias::new("row_id"), Order::Asc)
}

/// The ranked hits `who` may see, at most `limit`.
pub fn statement(who: &Principal, terms: &[Term], limit: u64) -> SelectStatement {
    let q = tsquery(terms);
    let mut all = branch(who, &q, 0);
    for kind in 1..VECTORS.len() {
        all.union(UnionType::All, branch(who, &q, kind));
    }
    let mut best = Query::select();
    best.column(Asterisk).from_subquery(all, Alias::new("hits"));
    ranked(&mut best).limit(limit);
    let title = format!("HighlightAll=true, StartSel={START}, StopSel={STOP}");
    let body = format!(
        "MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=\" … \", StartSel={START}, StopSel={STOP}"
    );
    let headline = |column: &'static str, options: String| {
        Expr::cust_with_exprs(
            format!("ts_headline('english', \"best\".\"{column}\", $1, $2)"),
            [q.clone(), Expr::val(options)],
        )
    };
    let mut out = Query::select();
    out.columns([Alias::new("kind"), Alias::new("row_id"), Alias::new("matter_id")])
        .expr_as(headline("title", title), Alias::new("title"))
        .expr_as(headline("body", body), Alias::new("body"))
        .from_subquery(best, Alias::new("best"));
    ranked(&mut out).to_owned()
}
