//! Text in which legal citations become links: to Docket's provision page
//! when it has one, otherwise to the official text (see `domain::cite`).

use crate::domain::cite::{Segment, linkify};
use leptos::prelude::*;
use std::sync::Arc;

/// The provision slugs Docket has pages for.
pub type KnownProvisions = Arc<Vec<String>>;

/// `text`, with each citation it contains as a link. The known provisions
/// come from `known`, else from the context (a page provides them once).
#[component]
pub fn Cited(#[prop(into)] text: String, #[prop(optional)] known: Option<KnownProvisions>) -> impl IntoView {
    let known: KnownProvisions = known.or_else(use_context).unwrap_or_default();
    linkify(&text, |slug| known.iter().any(|k| k == slug))
        .into_iter()
        .map(|segment| match segment {
            Segment::Text(t) => t.into_any(),
            Segment::Cite { text, href, internal: true } => view! { <a class="cite" href=href>{text}</a> }.into_any(),
            Segment::Cite { text, href, internal: false } => view! {
                <a class="cite official" href=href rel="noopener noreferrer" title="Official text">{text}</a>
            }
            .into_any(),
        })
        .collect_view()
}
