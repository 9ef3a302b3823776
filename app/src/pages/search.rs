//! `/search?q=…`: matters, events, notes and documents' titles that match,
//! best first, with the matched words marked. A plain GET form, so it works
//! without JavaScript.

use crate::{
    api::search::search,
    components::{badges::KindBadge, error_view::ErrorView, loading::Loading, meta::PageMeta},
    error::AppError,
    model::{Fragment, HitKind, SearchHit, SearchResults},
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Text with its matched words in `<mark>` (the text itself is escaped).
#[component]
fn Marked(fragments: Vec<Fragment>) -> impl IntoView {
    fragments
        .into_iter()
        .map(|f| if f.mark { view! { <mark>{f.text}</mark> }.into_any() } else { f.text.into_any() })
        .collect_view()
}

/// The search box with its label, hint and the message about `q`.
#[component]
fn SearchForm(q: String, error: Option<String>) -> impl IntoView {
    let invalid = error.is_some();
    view! {
        <form method="get" action="/search" class="search-form" role="search" aria-label="Search">
            <label for="search-q">"Search matters, events, notes and documents"</label>
            <div class="search-row">
                <input id="search-q" type="search" name="q" value=q maxlength="200" aria-invalid=invalid.then_some("true")
                    aria-describedby="search-q-hint search-q-err" />
                <button type="submit">"Search"</button>
            </div>
            <p id="search-q-hint" class="hint">
                "Every word must appear. Put \"quotes\" around words that belong together; the last word also finds words that begin with it."
            </p>
            <p id="search-q-err" class="field-error" role="alert">{error}</p>
        </form>
    }
}

/// What to search for, before anything is typed.
#[component]
fn SearchHelp() -> impl IntoView {
    view! {
        <section class="panel search-help">
            <h2>"What you can search"</h2>
            <ul>
                <li>"Matters: title, summary, agency tracking number and court docket number"</li>
                <li>"Events on a matter's timeline: title and details"</li>
                <li>"Notes (privileged notes only if you may read them) and documents' titles"</li>
            </ul>
            <p>"For example "<a href="/search?q=biometric">"biometric"</a>", "
                <a href="/search?q=%22entry%2Fexit%22">"\"entry/exit\""</a>" or a tracking number."</p>
        </section>
    }
}

#[component]
fn Hit(hit: SearchHit) -> impl IntoView {
    let title = match hit.kind {
        HitKind::Note => view! { "Note on "{hit.matter.title.clone()} }.into_any(),
        _ => view! { <Marked fragments=hit.title /> }.into_any(),
    };
    let on = (hit.kind != HitKind::Matter).then(|| {
        view! { <span class="sub">"in "<a href=format!("/matters/{}", hit.matter.slug)>{hit.matter.title.clone()}</a></span> }
    });
    view! {
        <li class=format!("hit hit-{}", hit.kind.code())>
            <div class="hit-head">
                <span class=format!("tag hit-kind {}", hit.kind.code())>{hit.kind.label()}</span>
                <a href=hit.url class="title">{title}</a>
                {(hit.kind == HitKind::Matter).then(|| view! { <KindBadge kind=hit.matter.kind /> })}
            </div>
            {on}
            {(!hit.snippet.is_empty()).then(|| view! { <p class="snippet"><Marked fragments=hit.snippet /></p> })}
        </li>
    }
}

#[component]
fn Results(q: String, results: SearchResults) -> impl IntoView {
    let count = results.hits.len();
    let summary = match (count, results.more) {
        _ if results.terms.is_empty() => format!("“{q}” has no letters or digits to search for."),
        (0, _) => format!("Nothing you may see matches {}.", results.terms.join(" ")),
        (n, true) => format!("The best {n} matches for {}; add words to narrow the search.", results.terms.join(" ")),
        (1, false) => format!("1 match for {}.", results.terms.join(" ")),
        (n, false) => format!("{n} matches for {}.", results.terms.join(" ")),
    };
    view! {
        <p class="lede" role="status">{summary}</p>
        {(count > 0).then(|| view! {
            <ol class="search-hits">{results.hits.into_iter().map(|hit| view! { <Hit hit /> }).collect_view()}</ol>
        })}
    }
}

#[component]
fn SearchView(q: String, result: Option<Result<SearchResults, AppError>>) -> impl IntoView {
    let error = result.as_ref().and_then(|r| r.as_ref().err()).and_then(|e| e.about("q"));
    #[cfg(feature = "ssr")]
    if error.is_some()
        && let Some(response) = use_context::<leptos_axum::ResponseOptions>()
    {
        response.set_status(http::StatusCode::UNPROCESSABLE_ENTITY);
    }
    let body = match result {
        None => view! { <SearchHelp /> }.into_any(),
        Some(Ok(results)) => view! { <Results q=q.clone() results /> }.into_any(),
        Some(Err(_)) if error.is_some() => ().into_any(),
        Some(Err(error)) => view! { <ErrorView error /> }.into_any(),
    };
    view! {
        <PageMeta title="Search" description="Search FOIA requests, appeals and lawsuits, their events, notes and documents." />
        <div class="page-head"><h1>"Search"</h1></div>
        <SearchForm q error />
        {body}
    }
}

/// The search page.
#[component]
pub fn SearchPage() -> impl IntoView {
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let data = Resource::new(q, |q| async move { if q.trim().is_empty() { None } else { Some(search(q).await) } });
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let q = q();
                let result = data.await;
                view! { <SearchView q result /> }
            })}
        </Suspense>
    }
}
