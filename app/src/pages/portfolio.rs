//! `/portfolio`: every open matter the signed-in user may see on one time
//! axis, grouped by agency (`?group=agency`, the default) or by legal
//! theory (`?group=theory`), with a table that says the same in words and
//! counts by agency and theory linking to the filtered lists.

use crate::{
    api::portfolio::get_portfolio,
    components::{
        badges::{KindBadge, StatusBadge},
        counts::Counts,
        loading::Loading,
        long_date,
        meta::PageMeta,
        more::{IN_THE_LIST, More},
        thousands,
        timeline_chart::PortfolioChart,
    },
    model::portfolio::{Group, Grouping, Portfolio},
    pages::render,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

const TABLE_ID: &str = "portfolio-table";

#[component]
fn GroupToggle(current: Grouping) -> impl IntoView {
    view! {
        <div class="toggle" role="group" aria-label="Group the timeline by">
            {[(Grouping::Agency, "By agency"), (Grouping::Theory, "By legal theory")].into_iter().map(|(g, label)| view! {
                <a class="toggle-option" href=format!("/portfolio?group={}", g.code()) aria-current=(g == current).then_some("true")>{label}</a>
            }).collect_view()}
        </div>
    }
}

#[component]
fn GroupRows(g: Group, today: chrono::NaiveDate) -> impl IntoView {
    let heading = match g.href.clone() {
        Some(href) => view! { <a href=href>{g.label.clone()}</a> }.into_any(),
        None => view! { {g.label.clone()} }.into_any(),
    };
    let (shown, total, list) = (g.rows.len(), g.total, g.list.clone());
    view! {
        <tbody>
            <tr class="group"><th scope="rowgroup" colspan="5">{heading}{format!(" · {} open", thousands(total))}</th></tr>
            {g.rows.into_iter().map(|r| {
                let next = r.next(today).map(|m| format!("{}: {}", long_date(m.due), m.title));
                let missed = r.missed();
                view! {
                    <tr>
                        <th scope="row"><a href=format!("/matters/{}", r.matter.slug)>{r.matter.title.clone()}</a></th>
                        <td><KindBadge kind=r.matter.kind />" "<StatusBadge status=r.matter.status /></td>
                        <td><time datetime=r.opened.to_string()>{long_date(r.opened)}</time></td>
                        <td>{next.unwrap_or_else(|| "—".into())}</td>
                        <td class="num" class:late=missed.gt(&0)>{missed}</td>
                    </tr>
                }
            }).collect_view()}
            {list.filter(|_| total > shown as u64).map(|href| view! {
                <tr class="more-row"><td colspan="5"><More shown total order="longest open first" href link=IN_THE_LIST /></td></tr>
            })}
        </tbody>
    }
}

#[component]
fn PortfolioView(p: Portfolio) -> impl IntoView {
    let today = p.today;
    let empty = p.groups.is_empty();
    let (by_agency, by_theory) = (p.by_agency.clone(), p.by_theory.clone());
    let groups = p.groups.clone();
    view! {
        <PageMeta title="Portfolio" description="Every open matter on one time axis, grouped by agency or legal theory." />
        <div class="page-head">
            <h1>"Portfolio"</h1>
            <p class="lede">"Every open matter you may see on one time axis: when it began, what happened, and what is due next."</p>
            <GroupToggle current=p.grouping />
        </div>
        {if empty {
            view! { <p class="empty">"No open matters. "<a href="/matters/new?kind=foia_request">"File a FOIA request"</a>" to start."</p> }.into_any()
        } else {
            view! {
                <section class="panel" aria-labelledby="timeline-h">
                    <h2 id="timeline-h">"Timeline"</h2>
                    <PortfolioChart p table_id=TABLE_ID />
                    <div class="table-scroll">
                        <table class="portfolio" id=TABLE_ID>
                            <caption class="hint">"The timeline in words: each open matter, the day of its first event, its next open deadline and how many deadlines were missed."</caption>
                            <thead><tr><th scope="col">"Matter"</th><th scope="col">"Kind and status"</th><th scope="col">"Since"</th><th scope="col">"Next deadline"</th><th scope="col">"Missed"</th></tr></thead>
                            {groups.into_iter().map(|g| view! { <GroupRows g today /> }).collect_view()}
                        </table>
                    </div>
                </section>
            }.into_any()
        }}
        <div class="grid">
            <Counts title="Open, by agency" param="agency" counts=by_agency />
            <Counts title="Open, by legal theory" param="theory" counts=by_theory />
        </div>
    }
}

/// `/portfolio`.
#[component]
pub fn PortfolioPage() -> impl IntoView {
    let query = use_query_map();
    let grouping = move || Grouping::from_query(query.read().get("group").as_deref());
    let data = Resource::new(grouping, get_portfolio);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move { render(data.await, |p| view! { <PortfolioView p /> }) })}
        </Suspense>
    }
}
