//! Agencies: the list with counts, and one agency's page.

use crate::{
    api::{
        agencies::{get_agency, list_agencies},
        site::{get_agency_scorecard, list_scorecards},
    },
    components::{
        badges::{DeadlineStatusBadge, DueChip, why_href},
        loading::Loading,
        meta::PageMeta,
        more::{EVERY_ONE, IN_THE_LIST, More},
        scorecards::{DaysLateChart, LateOverTime, ScorecardTable},
        thousands,
    },
    domain::vocab::DeadlineStatus,
    model::{AgencyDetail, AgencyRow, AgencyScorecard, DeadlineBrief, Scorecard},
    pages::{matters::MatterRowView, render},
};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// What became of a deadline that no longer counts down: met, answered
/// late (the count to today would overstate it), or vacated.
fn settled(b: &DeadlineBrief) -> Option<&'static str> {
    match b.status {
        DeadlineStatus::Met => Some("met"),
        DeadlineStatus::Missed if b.answered => Some("answered late"),
        DeadlineStatus::Vacated => Some("vacated"),
        _ => None,
    }
}

#[component]
fn AgenciesView(rows: Vec<AgencyRow>, cards: Vec<Scorecard>) -> impl IntoView {
    view! {
        <PageMeta title="Agencies" description="Federal agencies and their components: how many requests each has, how often it answers within the statutory time, and how late it is." />
        <div class="page-head"><h1>"Agencies"</h1></div>
        <p class="downloads">"Download the scorecards (how late each agency is): "<a href="/export/agencies.csv" download>"CSV"</a>" · "<a href="/export/agencies.json" download>"JSON"</a></p>
        <table class="agencies stack">
            <thead><tr><th>"Agency"</th><th>"Part of"</th><th class="num">"Matters"</th><th class="num">"Overdue now"</th></tr></thead>
            <tbody>
                {rows.into_iter().map(|r| view! {
                    <tr>
                        <td><a href=format!("/agencies/{}", r.agency.slug)>{r.agency.abbreviation.clone()}</a>" "<span class="sub">{r.agency.name.clone()}</span></td>
                        <td data-label="Part of">{r.parent.map(|p| view! { <a href=format!("/agencies/{}", p.slug)>{p.abbreviation}</a> })}</td>
                        <td class="num" data-label="Matters">{r.matter_count}</td>
                        <td class="num" data-label="Overdue now" class:late=r.overdue.gt(&0)>{r.overdue}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <section class="panel" aria-labelledby="scorecards-h">
            <h2 id="scorecards-h">"Scorecards"</h2>
            <ScorecardTable cards=cards.clone() id="scorecards" />
            <DaysLateChart cards table_id="scorecards" />
        </section>
    }
}

/// The agencies list page.
#[component]
pub fn AgenciesPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| list_agencies());
    let cards = Resource::new(|| (), |_| list_scorecards());
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let (rows, cards) = (data.await, cards.await);
                let both = rows.and_then(|rows| cards.map(|cards| (rows, cards)));
                render(both, |(rows, cards)| view! { <AgenciesView rows cards /> })
            })}
        </Suspense>
    }
}

#[component]
fn AgencyView(a: AgencyDetail, card: AgencyScorecard) -> impl IntoView {
    let slug = a.row.agency.slug.clone();
    let (matters_shown, deadlines_shown) = (a.matters.len(), a.deadlines.len());
    view! {
        <PageMeta
            title=a.row.agency.name.clone()
            description=format!("{} ({}): {} matters tracked, {} agency deadlines overdue now.", a.row.agency.name, a.row.agency.abbreviation, a.row.matter_count, a.row.overdue)
        />
        <div class="page-head">
            <p class="crumbs"><a href="/agencies">"Agencies"</a>{a.row.parent.clone().map(|p| view! { " · part of "<a href=format!("/agencies/{}", p.slug)>{p.abbreviation}</a> })}</p>
            <h1>{a.row.agency.name.clone()}" ("{a.row.agency.abbreviation.clone()}")"</h1>
            <p class="lede">{format!("{} matters{} · {} agency deadlines overdue now", thousands(a.row.matter_count), if a.components.is_empty() { "" } else { ", components included" }, thousands(a.row.overdue))}</p>
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
        <section class="panel" aria-labelledby="scorecard-h">
            <h2 id="scorecard-h">"Scorecard"</h2>
            {match card.card {
                Some(card) => view! { <ScorecardTable cards=vec![card] id="scorecard" /> }.into_any(),
                None => view! { <p class="empty">"No published requests to this agency or its components."</p> }.into_any(),
            }}
            <h3 id="late-over-time-h">"Days late over time"</h3>
            <LateOverTime periods=card.periods id="late-over-time" />
        </section>
        <section class="panel" id="deadlines">
            <h2>"Deadlines"</h2>
            {if a.deadlines.is_empty() { view! { <p class="empty">"No deadlines."</p> }.into_any() } else { view! {
                <table class="deadlines"><tbody>{a.deadlines.into_iter().map(|b| view! {
                    <tr>
                        <td><DueChip due=b.due business_days_left=b.business_days_left settled=settled(&b) why=Some(why_href(&b.matter.slug, b.id)) /></td>
                        <td><a href=format!("/matters/{}", b.matter.slug)>{b.matter.title}</a><div class="sub">{b.title}</div></td>
                        <td><DeadlineStatusBadge status=b.status /></td>
                    </tr>
                }).collect_view()}</tbody></table>
            }.into_any() }}
            <More shown=deadlines_shown total=a.deadlines_total order="earliest first" href=format!("/export/deadlines.csv?agency={slug}") link=EVERY_ONE />
        </section>
        <section class="panel">
            <h2>"Matters"</h2>
            <table class="matters"><tbody>{a.matters.into_iter().map(|row| view! { <MatterRowView row /> }).collect_view()}</tbody></table>
            <More shown=matters_shown total=a.matters_total order="by title" href=format!("/matters?agency={slug}") link=IN_THE_LIST />
        </section>
    }
}

/// One agency's page.
#[component]
pub fn AgencyPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(move || params.read().get("slug").unwrap_or_default(), get_agency);
    let card = Resource::new(move || params.read().get("slug").unwrap_or_default(), get_agency_scorecard);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let (a, card) = (data.await, card.await);
                let both = a.and_then(|a| card.map(|card| (a, card)));
                render(both, |(a, card)| view! { <AgencyView a card /> })
            })}
        </Suspense>
    }
}
