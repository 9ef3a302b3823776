//! `/` and `/public`: the public home (statement of purpose, the published
//! portfolio, the latest public events, the agency scorecards). Visitors
//! who are not signed in get it at `/`; signed-in users get their dashboard
//! there and the public home at `/public`. Admins edit the statement here.

use crate::{
    api::site::{SetPurpose, get_home, get_public_home},
    components::{
        counts::Counts,
        form::{Control, Field, FormProblem, Saved, field_error},
        loading::Loading,
        long_date,
        meta::PageMeta,
        scorecards::{DaysLateChart, ScorecardTable},
        thousands,
    },
    model::{Home, PublicEvent, PublicHome},
    pages::{
        dashboard::{DashboardView, window_from_query},
        render,
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_query_map;

#[component]
fn LatestEvents(events: Vec<PublicEvent>) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="latest-h">
            <h2 id="latest-h">"Latest events"</h2>
            {if events.is_empty() {
                view! { <p class="empty">"Nothing published yet."</p> }.into_any()
            } else {
                view! {
                    <ol class="latest-events">
                        {events.into_iter().map(|e| view! {
                            <li>
                                <time datetime=e.date.to_string()>{long_date(e.date)}</time>
                                <a href=format!("/matters/{}", e.matter_slug)>{e.matter_title}</a>
                                <span class="sub">{e.title}</span>
                            </li>
                        }).collect_view()}
                    </ol>
                    <p class="hint"><a href="/feeds/public.atom">"Follow these events (Atom feed)"</a></p>
                }.into_any()
            }}
        </section>
    }
}

/// The admin's form to change the statement of purpose.
#[component]
fn PurposeForm(current: String) -> impl IntoView {
    let save = ServerAction::<SetPurpose>::new();
    let value = save.value();
    view! {
        <details class="purpose-edit">
            <summary>"Edit the statement of purpose"</summary>
            <ActionForm action=save attr:class="stacked" attr:novalidate=true>
                <FormProblem value />
                <Field label="Statement of purpose" name="purpose" value=current error=field_error(value, "purpose")
                    control=Control::Area prefix="" required=true hint="Shown to everyone at the top of the public home." />
                <div class="form-actions"><button type="submit">"Save statement"</button></div>
            </ActionForm>
            <Saved endpoint=SetPurpose::PATH text="Saved: the statement above is the new one." />
        </details>
    }
}

/// The public home's content.
#[component]
pub fn PublicHomeView(home: PublicHome) -> impl IntoView {
    let matters = if home.total_matters == 1 { "matter" } else { "matters" };
    view! {
        <PageMeta title="FOIA requests and lawsuits, in public" description=home.purpose.clone() />
        <div class="page-head public-home">
            <h1>"FOIA requests and lawsuits, in public"</h1>
            <p class="purpose">{home.purpose.clone()}</p>
            <p class="lede">{format!("{} published {matters} · as of {}", thousands(home.total_matters), long_date(home.today))}</p>
        </div>
        {home.may_edit_purpose.then(|| view! { <PurposeForm current=home.purpose.clone() /> })}
        <div class="grid">
            <Counts title="Published, by kind" param="kind" counts=home.by_kind />
            <Counts title="Published, by status" param="status" counts=home.by_status />
        </div>
        <LatestEvents events=home.latest />
        <section class="panel" aria-labelledby="scorecards-h">
            <h2 id="scorecards-h">"How late are the agencies?"</h2>
            <ScorecardTable cards=home.scorecards.clone() short=true id="home-scorecards" />
            <DaysLateChart cards=home.scorecards table_id="home-scorecards" />
            <p class="hint"><a href="/agencies">"Every agency's scorecard"</a></p>
        </section>
    }
}

/// `/`: the dashboard for a signed-in user, the public home for the public.
#[component]
pub fn HomePage() -> impl IntoView {
    let query = use_query_map();
    let initial = window_from_query(query.read_untracked().get("within"));
    let data = Resource::new(|| (), |_| get_home());
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render(data.await, |home| match home {
                    Home::Dashboard(d) => view! { <DashboardView d initial /> }.into_any(),
                    Home::Public(home) => view! { <PublicHomeView home /> }.into_any(),
                })
            })}
        </Suspense>
    }
}

/// `/public`: the public home, for anyone.
#[component]
pub fn PublicPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_public_home());
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move { render(data.await, |home| view! { <PublicHomeView home /> }) })}
        </Suspense>
    }
}
