//! Provisions: the list by kind, and one provision with what relies on it.

use crate::{
    api::reference::{get_provision, list_provisions},
    components::cited::Cited,
    components::{badges::VerificationTag, loading::Loading, meta::PageMeta},
    domain::vocab::ProvisionKind,
    model::{MatterRef, ProvisionDetail, ProvisionRef},
    pages::render,
};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// Matters as a linked list.
#[component]
pub fn MatterLinks(matters: Vec<MatterRef>) -> impl IntoView {
    if matters.is_empty() {
        return view! { <p class="empty">"No matters you can see rely on this yet."</p> }.into_any();
    }
    view! {
        <ul class="matter-links">
            {matters.into_iter().map(|m| view! {
                <li><a href=format!("/matters/{}", m.slug)>{m.title}</a>" "<span class="sub">{m.kind.label()}" · "{m.status.label()}</span></li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn ProvisionsView(rows: Vec<(ProvisionRef, ProvisionKind)>) -> impl IntoView {
    let groups: Vec<(ProvisionKind, Vec<ProvisionRef>)> = ProvisionKind::ALL
        .iter()
        .map(|k| (*k, rows.iter().filter(|(_, kind)| kind == k).map(|(p, _)| p.clone()).collect::<Vec<_>>()))
        .filter(|(_, ps)| !ps.is_empty())
        .collect();
    view! {
        <PageMeta title="Provisions" description="The statutes, regulations and rules behind each deadline and claim, with citations and the matters that cite them." />
        <div class="page-head"><h1>"Provisions"</h1><p class="lede">"Statutes, regulations, rules and documents our matters and deadlines rely on, summarised in our own words."</p></div>
        {groups.into_iter().map(|(kind, ps)| view! {
            <section class="panel">
                <h2>{kind.label()}</h2>
                <ul class="provisions">{ps.into_iter().map(|p| view! {
                    <li><a href=format!("/provisions/{}", p.slug) class="cite">{p.citation}</a>" "<span class="sub">{p.title}</span><VerificationTag verification=p.verification /></li>
                }).collect_view()}</ul>
            </section>
        }).collect_view()}
    }
}

/// The provisions list page.
#[component]
pub fn ProvisionsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| list_provisions());
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move { render(data.await, |rows| view! { <ProvisionsView rows /> }) })}
        </Suspense>
    }
}

#[component]
fn ProvisionView(p: ProvisionDetail) -> impl IntoView {
    view! {
        <PageMeta title=p.provision.citation.clone() description=p.summary.clone() />
        <div class="page-head">
            <p class="crumbs"><a href="/provisions">"Provisions"</a>" · "{p.kind.label()}</p>
            <h1>{p.provision.citation.clone()}</h1>
            <p class="lede">{p.provision.title.clone()}" "<VerificationTag verification=p.provision.verification /></p>
        </div>
        <p class="summary"><Cited text=p.summary.clone() known=std::sync::Arc::new(p.provision_slugs.clone()) /></p>
        {(!p.provision.url.is_empty()).then(|| view! {
            <p><a href=p.provision.url.clone() class="official" rel="noopener noreferrer">"Read the official text"</a></p>
        })}
        {(!p.source_note.is_empty()).then(|| view! { <p class="sub">"Source: "{p.source_note.clone()}</p> })}
        {(!p.rules.is_empty()).then(|| view! {
            <section class="panel"><h2>"Deadline rules citing it"</h2><ul>{p.rules.iter().map(|r| view! { <li><code>{r.clone()}</code></li> }).collect_view()}</ul></section>
        })}
        {(!p.theories.is_empty()).then(|| view! {
            <section class="panel"><h2>"Legal theories"</h2><ul>{p.theories.iter().map(|(slug, name)| view! { <li><a href=format!("/theories/{slug}")>{name.clone()}</a></li> }).collect_view()}</ul></section>
        })}
        <section class="panel"><h2>"Matters relying on it"</h2><MatterLinks matters=p.matters /></section>
    }
}

/// One provision's page.
#[component]
pub fn ProvisionPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(move || params.read().get("slug").unwrap_or_default(), get_provision);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move { render(data.await, |p| view! { <ProvisionView p /> }) })}
        </Suspense>
    }
}
