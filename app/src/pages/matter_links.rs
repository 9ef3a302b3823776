//! On a matter's page, for those who may edit it: link the matter to other
//! matters, to legal theories (with the claim's status) and to provisions,
//! and remove those links; and the "Sue on this request" button. Every form
//! posts to its server function, so it works without JavaScript too.

use crate::{
    api::links::{
        AddMatterLink, AddProvision, AddTheory, RemoveMatterLink, RemoveProvision, RemoveTheory, SetClaimStatus,
        SueOnRequest,
    },
    components::form::{Choice, Control, Field, FormProblem, Refused, Saved, field_error},
    domain::vocab::{ClaimStatus, LinkKind, MatterKind},
    model::{self, LinkChoices, LinkView, MatterDetail, ProvisionRef, TheoryClaim},
    pages::matter::link_words,
};
use leptos::{prelude::*, server_fn::ServerFn};

fn options(choices: &[model::Choice], prompt: &str) -> Vec<(String, String)> {
    std::iter::once((String::new(), prompt.to_string()))
        .chain(choices.iter().map(|c| (c.value.clone(), c.label.clone())))
        .collect()
}

fn statuses() -> Vec<(String, String)> {
    ClaimStatus::ALL.iter().map(|s| (s.code().to_string(), s.label().to_string())).collect()
}

/// "Sue on this request": shown on a request or appeal that no lawsuit
/// enforces yet, to those who may edit it. One click creates the lawsuit and
/// opens its edit page.
#[component]
pub fn SueButton(m: MatterDetail) -> impl IntoView {
    let request = matches!(m.matter.kind, MatterKind::FoiaRequest | MatterKind::Appeal);
    let enforced = m.links.iter().any(|l| l.kind == LinkKind::LawsuitEnforcing && !l.outgoing);
    let may_sue = matches!(m.exhaustion, model::ExhaustionView::MaySueNow { .. });
    (m.can_edit && request && !enforced).then(|| {
        let action = ServerAction::<SueOnRequest>::new();
        let value = action.value();
        let title = "Create the lawsuit that enforces this request (FOIA theory, court D.D.C.), then edit it";
        view! {
            <ActionForm action attr:class="inline sue">
                <input type="hidden" name="slug" value=m.matter.slug.clone() />
                <button type="submit" class:link-button=!may_sue title=title>"Sue on this request"</button>
                <Refused value outcome="No lawsuit was created." />
            </ActionForm>
        }
    })
}

#[component]
fn MatterLinkItem(link: LinkView, slug: String, remove: ServerAction<RemoveMatterLink>) -> impl IntoView {
    view! {
        <li>
            {link_words(&link)}" "<a href=format!("/matters/{}", link.other.slug)>{link.other.title.clone()}</a>" "
            <ActionForm action=remove attr:class="inline">
                <input type="hidden" name="slug" value=slug />
                <input type="hidden" name="kind" value=link.kind.code() />
                <input type="hidden" name="other" value=link.other.slug.clone() />
                <button type="submit" class="link-button" title=format!("Remove the link with “{}”", link.other.title)>"Remove"</button>
            </ActionForm>
        </li>
    }
}

/// The other matter of a new link: a choice among every matter, or when
/// there are too many to list, its slug typed with the most recently updated
/// matters suggested.
#[component]
fn OtherMatter(choices: Vec<model::Choice>, more: bool, error: Signal<Option<String>>) -> impl IntoView {
    if !more {
        let options = options(&choices, "Choose a matter…");
        return view! { <Choice label="To the matter" name="other" options selected="" error prefix="" id_suffix="-link" /> }
            .into_any();
    }
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for="f-other-link">"To the matter"</label>
            <input type="text" id="f-other-link" name="other" list="f-other-link-choices" required
                autocomplete="off" aria-describedby="f-other-link-hint f-other-link-err" />
            <datalist id="f-other-link-choices">
                {choices.into_iter().map(|c| view! { <option value=c.value>{c.label}</option> }).collect_view()}
            </datalist>
            <span class="hint" id="f-other-link-hint">
                "The other matter's short name, as in its address /matters/…; the most recently updated are suggested."
            </span>
            <span class="field-error" id="f-other-link-err" aria-live="polite">{move || error.get()}</span>
        </div>
    }
    .into_any()
}

#[component]
fn MatterLinks(links: Vec<LinkView>, slug: String, choices: Vec<model::Choice>, more: bool) -> impl IntoView {
    let remove = ServerAction::<RemoveMatterLink>::new();
    let add = ServerAction::<AddMatterLink>::new();
    let value = add.value();
    let kinds: Vec<(String, String)> =
        LinkKind::ALL.iter().map(|k| (k.code().to_string(), format!("This matter is: {}", k.label()))).collect();
    view! {
        <h3>"Linked matters"</h3>
        <Saved endpoint=AddMatterLink::PATH text="Linked. Both matters' pages show the link." />
        <Saved endpoint=RemoveMatterLink::PATH text="Link removed." />
        {links.is_empty().then(|| view! { <p class="empty">"No linked matters yet. Link the request a lawsuit enforces, the request an appeal is about, or a related matter."</p> })}
        <ul class="links">
            {links.into_iter().map(|link| view! { <MatterLinkItem link slug=slug.clone() remove /> }).collect_view()}
        </ul>
        <Refused value=remove.value() outcome="Nothing was changed." />
        <ActionForm action=add attr:class="stacked link-form">
            <FormProblem value />
            <input type="hidden" name="slug" value=slug.clone() />
            <Choice label="Link" name="kind" options=kinds selected="related" error=field_error(value, "kind") prefix="" id_suffix="-link" />
            <OtherMatter choices more error=field_error(value, "other") />
            <div class="form-actions"><button type="submit">"Link matter"</button></div>
        </ActionForm>
    }
}

#[component]
fn TheoryItem(
    t: TheoryClaim,
    slug: String,
    set: ServerAction<SetClaimStatus>,
    remove: ServerAction<RemoveTheory>,
) -> impl IntoView {
    let id = format!("claim-{}", t.slug);
    let label = format!("Status of the {} claim", t.name);
    let title = format!("Remove the {} theory from this matter", t.name);
    let current = t.claim_status;
    let (slug2, theory2) = (slug.clone(), t.slug.clone());
    view! {
        <li>
            <a href=format!("/theories/{}", t.slug)>{t.name}</a>
            {(!t.note.is_empty()).then(|| view! { <div class="sub">{t.note}</div> })}
            <ActionForm action=set attr:class="inline claim-status">
                <input type="hidden" name="slug" value=slug />
                <input type="hidden" name="theory" value=t.slug />
                <label for=id.clone()>{label}</label>" "
                <select id=id name="status">
                    {ClaimStatus::ALL.iter().map(|s| view! { <option value=s.code() selected=*s == current>{s.label()}</option> }).collect_view()}
                </select>" "
                <button type="submit" class="secondary">"Change"</button>
            </ActionForm>" "
            <ActionForm action=remove attr:class="inline">
                <input type="hidden" name="slug" value=slug2 />
                <input type="hidden" name="theory" value=theory2 />
                <button type="submit" class="link-button" title=title>"Remove"</button>
            </ActionForm>
        </li>
    }
}

#[component]
fn Theories(theories: Vec<TheoryClaim>, slug: String, choices: Vec<model::Choice>) -> impl IntoView {
    let set = ServerAction::<SetClaimStatus>::new();
    let remove = ServerAction::<RemoveTheory>::new();
    let add = ServerAction::<AddTheory>::new();
    let value = add.value();
    view! {
        <h3>"Legal theories"</h3>
        <Saved endpoint=AddTheory::PATH text="Theory added." />
        <Saved endpoint=SetClaimStatus::PATH text="Claim status changed." />
        <Saved endpoint=RemoveTheory::PATH text="Theory removed." />
        {theories.is_empty().then(|| view! { <p class="empty">"No legal theories yet. Add the claims this matter makes or may make, with where each stands."</p> })}
        <ul class="theories">
            {theories.into_iter().map(|t| view! { <TheoryItem t slug=slug.clone() set remove /> }).collect_view()}
        </ul>
        <Refused value=set.value() outcome="Nothing was changed." />
        <Refused value=remove.value() outcome="Nothing was changed." />
        <ActionForm action=add attr:class="stacked link-form">
            <FormProblem value />
            <input type="hidden" name="slug" value=slug.clone() />
            <Choice label="Legal theory" name="theory" options=options(&choices, "Choose a theory…") selected="" error=field_error(value, "theory") prefix="" id_suffix="-link" />
            <Choice label="Claim status" name="status" options=statuses() selected="pleaded" error=field_error(value, "status") prefix="" id_suffix="-link" />
            <Field label="Note on the claim" name="note" value="" error=field_error(value, "note") prefix="" id_suffix="-link" control=Control::Text />
            <div class="form-actions"><button type="submit">"Add theory"</button></div>
        </ActionForm>
    }
}

#[component]
fn Provisions(provisions: Vec<ProvisionRef>, slug: String, choices: Vec<model::Choice>) -> impl IntoView {
    let remove = ServerAction::<RemoveProvision>::new();
    let add = ServerAction::<AddProvision>::new();
    let value = add.value();
    view! {
        <h3>"Provisions"</h3>
        <Saved endpoint=AddProvision::PATH text="Provision added." />
        <Saved endpoint=RemoveProvision::PATH text="Provision removed." />
        {provisions.is_empty().then(|| view! { <p class="empty">"No provisions yet. Add the statutes, regulations and rules this matter relies on."</p> })}
        <ul class="provisions">
            {provisions.into_iter().map(|p| {
                let (slug, title) = (slug.clone(), format!("Remove {} from this matter", p.citation));
                view! {
                    <li>
                        <a href=format!("/provisions/{}", p.slug) class="cite">{p.citation}</a>" "
                        <ActionForm action=remove attr:class="inline">
                            <input type="hidden" name="slug" value=slug />
                            <input type="hidden" name="provision" value=p.slug />
                            <button type="submit" class="link-button" title=title>"Remove"</button>
                        </ActionForm>
                    </li>
                }
            }).collect_view()}
        </ul>
        <Refused value=remove.value() outcome="Nothing was changed." />
        <ActionForm action=add attr:class="stacked link-form">
            <FormProblem value />
            <input type="hidden" name="slug" value=slug.clone() />
            <Choice label="Provision" name="provision" options=options(&choices, "Choose a provision…") selected="" error=field_error(value, "provision") prefix="" id_suffix="-link" />
            <div class="form-actions"><button type="submit">"Add provision"</button></div>
        </ActionForm>
    }
}

/// The links panel of the matter page; shown only to those who may edit.
#[component]
pub fn LinkEditor(m: MatterDetail) -> impl IntoView {
    m.link_choices.clone().map(|LinkChoices { matters, more_matters, theories, provisions }| {
        let slug = m.matter.slug.clone();
        view! {
            <section class="panel link-editor" aria-labelledby="links-h">
                <h2 id="links-h">"Links, theories and provisions"</h2>
                <p class="hint">"Each change is recorded in the matter's history. The public sees only links to published matters."</p>
                <MatterLinks links=m.links.clone() slug=slug.clone() choices=matters more=more_matters />
                <Theories theories=m.theories.clone() slug=slug.clone() choices=theories />
                <Provisions provisions=m.provisions.clone() slug choices=provisions />
            </section>
        }
    })
}
