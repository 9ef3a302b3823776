//! Legal theories: the list, and one theory with its provisions and matters.

use crate::{
    api::reference::{get_theory, list_theories},
    components::{loading::Loading, meta::PageMeta},
    model::{TheoryDetail, TheoryRow},
    pages::{matter::ProvisionList, render},
};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
fn TheoriesView(rows: Vec<TheoryRow>) -> impl IntoView {
    view! {
        <PageMeta title="Legal theories" description="The legal theories the clinic relies on (FOIA, the APA, the Fourth Amendment, due process, the Privacy Act) and the published matters that invoke each." />
        <div class="page-head"><h1>"Legal theories"</h1></div>
        <ul class="cards">
            {rows.into_iter().map(|t| view! {
                <li class="card">
                    <h2><a href=format!("/theories/{}", t.slug)>{t.name}</a></h2>
                    <p>{t.description}</p>
                    <p class="sub">{format!("{} matters", t.matter_count)}</p>
                </li>
            }).collect_view()}
        </ul>
    }
}

/// The theories list page.
#[component]
pub fn TheoriesPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| list_theories());
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move { render(data.await, |rows| view! { <TheoriesView rows /> }) })}
        </Suspense>
    }
}

#[component]
fn TheoryView(t: TheoryDetail) -> impl IntoView {
    view! {
        <PageMeta title=t.theory.name.clone() description=t.theory.description.clone() />
        <div class="page-head">
            <p class="crumbs"><a href="/theories">"Legal theories"</a></p>
            <h1>{t.theory.name.clone()}</h1>
        </div>
        <p class="summary">{t.theory.description.clone()}</p>
        <section class="panel"><h2>"Provisions"</h2><ProvisionList provisions=t.provisions /></section>
        <section class="panel">
            <h2>"Matters relying on it"</h2>
            {if t.matters.is_empty() {
                view! { <p class="empty">"No matters you can see rely on this yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="matter-links">{t.matters.into_iter().map(|(m, claim)| view! {
                        <li>
                            <a href=format!("/matters/{}", m.slug)>{m.title}</a>" "
                            <span class=format!("badge claim-{}", claim.code())>{claim.label()}</span>
                        </li>
                    }).collect_view()}</ul>
                }.into_any()
            }}
        </section>
    }
}

/// One theory's page.
#[component]
pub fn TheoryPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(move || params.read().get("slug").unwrap_or_default(), get_theory);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move { render(data.await, |t| view! { <TheoryView t /> }) })}
        </Suspense>
    }
}
