//! Agencies: the list with counts, and one agency's page.

use crate::{
    api::agencies::{get_agency, list_agencies},
    components::{
        badges::{DeadlineStatusBadge, DueChip},
        loading::Loading,
    },
    model::{AgencyDetail, AgencyRow},
    pages::{matters::MatterRowView, render},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
fn AgenciesView(rows: Vec<AgencyRow>) -> impl IntoView {
    view! {
        <Title text="Agencies · Docket" />
        <div class="page-head"><h1>"Agencies"</h1></div>
        <p class="downloads">"Download the scorecards (how late each agency is): "<a href="/export/agencies.csv" download>"CSV"</a>" · "<a href="/export/agencies.json" download>"JSON"</a></p>
        <table class="agencies">
            <thead><tr><th>"Agency"</th><th>"Part of"</th><th class="num">"Matters"</th><th class="num">"Overdue now"</th></tr></thead>
            <tbody>
                {rows.into_iter().map(|r| view! {
                    <tr>
                        <td><a href=format!("/agencies/{}", r.agency.slug)>{r.agency.abbreviation.clone()}</a>" "<span class="sub">{r.agency.name.clone()}</span></td>
                        <td>{r.parent.map(|p| view! { <a href=format!("/agencies/{}", p.slug)>{p.abbreviation}</a> })}</td>
                        <td class="num">{r.matter_count}</td>
                        <td class="num" class:late=r.overdue.gt(&0)>{r.overdue}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// The agencies list page.
#[component]
pub fn AgenciesPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| list_agencies());
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move { render(data.await, |rows| view! { <AgenciesView rows /> }) })}
        </Suspense>
    }
}

#[component]
fn AgencyView(a: AgencyDetail) -> impl IntoView {
    view! {
        <Title text=format!("{} · Docket", a.row.agency.name) />
        <div class="page-head">
            <p class="crumbs"><a href="/agencies">"Agencies"</a>{a.row.parent.clone().map(|p| view! { " · part of "<a href=format!("/agencies/{}", p.slug)>{p.abbreviation}</a> })}</p>
            <h1>{a.row.agency.name.clone()}" ("{a.row.agency.abbreviation.clone()}")"</h1>
            <p class="lede">{format!("{} matters · {} agency deadlines overdue now", a.row.matter_count, a.row.overdue)}</p>
        </div>
        <dl class="facts">
            {(!a.regulations.is_empty()).then(|| view! { <dt>"FOIA regulations"</dt><dd>{a.regulations.clone()}</dd> })}
            {(!a.foia_contact.is_empty()).then(|| view! { <dt>"FOIA office"</dt><dd>{a.foia_contact.clone()}</dd> })}
            {(!a.foia_url.is_empty()).then(|| view! { <dt>"FOIA page"</dt><dd><a href=a.foia_url.clone() rel="noopener noreferrer">{a.foia_url.clone()}</a></dd> })}
        </dl>
        {(!a.components.is_empty()).then(|| view! {
            <section class="panel"><h2>"Components"</h2><ul class="inline-list">{a.components.iter().map(|c| view! {
                <li><a href=format!("/agencies/{}", c.slug)>{c.abbreviation.clone()}</a></li>
            }).collect_view()}</ul></section>
        })}
        <p class="downloads">"Download: matters "<a href=format!("/export/matters.csv?agency={}", a.row.agency.slug) download>"CSV"</a>" · "<a href=format!("/export/matters.json?agency={}", a.row.agency.slug) download>"JSON"</a>"; deadlines "<a href=format!("/export/deadlines.csv?agency={}", a.row.agency.slug) download>"CSV"</a>" · "<a href=format!("/export/deadlines.json?agency={}", a.row.agency.slug) download>"JSON"</a>"; events "<a href=format!("/export/events.csv?agency={}", a.row.agency.slug) download>"CSV"</a></p>
        <section class="panel">
            <h2>"Deadlines"</h2>
            {if a.deadlines.is_empty() { view! { <p class="empty">"No deadlines."</p> }.into_any() } else { view! {
                <table class="deadlines"><tbody>{a.deadlines.into_iter().map(|b| view! {
                    <tr>
                        <td><DueChip due=b.due business_days_left=b.business_days_left /></td>
                        <td><a href=format!("/matters/{}", b.matter.slug)>{b.matter.title}</a><div class="sub">{b.title}</div></td>
                        <td><DeadlineStatusBadge status=b.status /></td>
                    </tr>
                }).collect_view()}</tbody></table>
            }.into_any() }}
        </section>
        <section class="panel">
            <h2>"Matters"</h2>
            <table class="matters"><tbody>{a.matters.into_iter().map(|row| view! { <MatterRowView row /> }).collect_view()}</tbody></table>
        </section>
    }
}

/// One agency's page.
#[component]
pub fn AgencyPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(move || params.read().get("slug").unwrap_or_default(), get_agency);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move { render(data.await, |a| view! { <AgencyView a /> }) })}
        </Suspense>
    }
}
