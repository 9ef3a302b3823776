//! The matters list: filters (kind, status, agency, theory, public) and text
//! search, as a plain GET form so it works without JavaScript.

use crate::{
    api::matters::list_matters,
    components::{
        badges::{KindBadge, StatusBadge},
        loading::Loading,
        long_date,
        meta::PageMeta,
        thousands,
    },
    domain::vocab::{MatterKind, MatterStatus},
    model::{Choice, MatterFilter, MatterList, MatterRow},
    pages::render,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
fn Select(name: &'static str, label: &'static str, choices: Vec<Choice>, selected: String) -> impl IntoView {
    view! {
        <label class="field">
            <span>{label}</span>
            <select name=name>
                <option value="" selected=selected.is_empty()>"Any"</option>
                {choices
                    .into_iter()
                    .map(|c| {
                        let is = c.value == selected;
                        view! { <option value=c.value selected=is>{c.label}</option> }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

fn vocab_choices<T: Copy>(all: &[T], code: fn(T) -> &'static str, label: fn(T) -> &'static str) -> Vec<Choice> {
    all.iter().map(|v| Choice { value: code(*v).into(), label: label(*v).into() }).collect()
}

#[component]
fn FilterForm(filter: MatterFilter, agencies: Vec<Choice>, theories: Vec<Choice>) -> impl IntoView {
    let public = vec![
        Choice { value: "yes".into(), label: "Published".into() },
        Choice { value: "no".into(), label: "Not published".into() },
    ];
    view! {
        <form method="get" action="/matters" class="filters" role="search">
            <label class="field grow">
                <span>"Search"</span>
                <input type="search" name="q" value=filter.q.clone() placeholder="Title, docket or tracking number, court…" />
            </label>
            <Select name="kind" label="Kind" choices=vocab_choices(MatterKind::ALL, MatterKind::code, MatterKind::label) selected=filter.kind />
            <Select name="status" label="Status" choices=vocab_choices(MatterStatus::ALL, MatterStatus::code, MatterStatus::label) selected=filter.status />
            <Select name="agency" label="Agency" choices=agencies selected=filter.agency />
            <Select name="theory" label="Theory" choices=theories selected=filter.theory />
            <Select name="public" label="Public" choices=public selected=filter.public />
            <div class="actions">
                <button type="submit">"Filter"</button>
                <a href="/matters" class="reset">"Clear"</a>
            </div>
        </form>
    }
}

/// One row of the list.
#[component]
pub fn MatterRowView(row: MatterRow) -> impl IntoView {
    view! {
        <tr>
            <td>
                <a href=format!("/matters/{}", row.matter.slug) class="title">{row.matter.title.clone()}</a>
                <div class="sub">
                    <KindBadge kind=row.matter.kind />
                    {(!row.number.is_empty()).then(|| view! { <span class="number">{row.number.clone()}</span> })}
                    {(!row.public).then(|| view! { <span class="tag private">"not published"</span> })}
                </div>
            </td>
            <td><a href=format!("/agencies/{}", row.agency.slug) title=row.agency.name.clone()>{row.agency.abbreviation.clone()}</a></td>
            <td><StatusBadge status=row.matter.status /></td>
            <td>
                {row.may_sue_since.map(|d| view! { <span class="tag may-sue">{format!("may sue since {}", long_date(d))}</span> })}
                {row.next_deadline.map(|(due, title)| view! {
                    <div><time datetime=due.to_string()>{long_date(due)}</time><div class="sub">{title}</div></div>
                })}
            </td>
        </tr>
    }
}

/// `?kind=…&agency=…` with the list's current filters, for the export links.
fn filter_query(f: &MatterFilter) -> String {
    let encode = |v: &str| -> String {
        v.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                    char::from(b).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    };
    let pairs = [
        ("q", &f.q),
        ("kind", &f.kind),
        ("status", &f.status),
        ("agency", &f.agency),
        ("theory", &f.theory),
        ("public", &f.public),
    ];
    let set: Vec<String> =
        pairs.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("{k}={}", encode(v))).collect();
    if set.is_empty() { String::new() } else { format!("?{}", set.join("&")) }
}

/// How many matters match, and which of them this page shows when they
/// do not fit on one.
fn count_line(list: &MatterList, first: u64) -> String {
    let (total, shown) = (list.total, list.rows.len() as u64);
    let noun = if total == 1 { "matter" } else { "matters" };
    let all = thousands(total);
    if list.page <= 1 && shown >= total {
        format!("{all} {noun}")
    } else if shown == 0 {
        format!("{all} {noun}; this page is past the last one")
    } else {
        format!("{}–{} of {all} {noun}, most recently updated first", thousands(first + 1), thousands(first + shown))
    }
}

/// Links to the newer and older pages of the list, with its filters.
#[component]
fn Pager(list_page: u32, more: bool, query: String) -> impl IntoView {
    let link = move |p: u32| {
        let sep = if query.is_empty() { "?" } else { "&" };
        format!("/matters{query}{sep}page={p}")
    };
    (list_page > 1 || more).then(|| {
        view! {
            <nav class="pager" aria-label="Pages of the list">
                {(list_page > 1).then(|| view! { <a rel="prev" href=link(list_page - 1)>"← Newer matters"</a> })}
                {more.then(|| view! { <a rel="next" href=link(list_page + 1)>"Older matters →"</a> })}
            </nav>
        }
    })
}

#[component]
fn MattersView(list: MatterList, filter: MatterFilter) -> impl IntoView {
    let query = filter_query(&filter);
    let page = list.page.max(1);
    // How many matters come before this page.
    let first = u64::from(page - 1) * u64::from(list.per_page);
    let count = count_line(&list, first);
    let more = first + (list.rows.len() as u64) < list.total;
    let pager = view! { <Pager list_page=page more query=query.clone() /> };
    view! {
        <PageMeta title="Matters" description="FOIA requests, administrative appeals and lawsuits against federal agencies, with their status, agency and next deadline." />
        <div class="page-head">
            <h1>"Matters"</h1>
            <p class="lede">{count}</p>
        </div>
        <FilterForm filter agencies=list.agencies theories=list.theories />
        <p class="downloads">"Download these matters: "<a href=format!("/export/matters.csv{query}") download>"CSV"</a>" · "<a href=format!("/export/matters.json{query}") download>"JSON"</a></p>
        {if list.rows.is_empty() {
            view! { <p class="empty">"No matters match these filters."</p> }.into_any()
        } else {
            view! {
                <table class="matters">
                    <thead><tr><th>"Matter"</th><th>"Agency"</th><th>"Status"</th><th>"Next deadline"</th></tr></thead>
                    <tbody>{list.rows.into_iter().map(|row| view! { <MatterRowView row /> }).collect_view()}</tbody>
                </table>
            }.into_any()
        }}
        {pager}
    }
}

/// The matters list page.
#[component]
pub fn MattersPage() -> impl IntoView {
    let query = use_query_map();
    let filter = move || {
        let q = query.read();
        let get = |k: &str| q.get(k).unwrap_or_default();
        MatterFilter {
            kind: get("kind"),
            status: get("status"),
            agency: get("agency"),
            theory: get("theory"),
            public: get("public"),
            q: get("q"),
            page: get("page").trim().parse().unwrap_or(1),
        }
    };
    let data = Resource::new(filter, list_matters);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let f = filter();
                render(data.await, |list| view! { <MattersView list filter=f /> })
            })}
        </Suspense>
    }
}
