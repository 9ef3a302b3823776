//! Creating and editing a matter: one form whose fields fit the kind. It
//! posts without JavaScript (and shows the server's messages beside each
//! field); with JavaScript it saves in place and then opens the matter.

use crate::{
    api::workspace::{SaveMatter, load_matter_form},
    components::{
        form::{ActionValue, Choice, Control, Field, FormProblem, field_error, typed},
        loading::Loading,
    },
    domain::vocab::MatterKind,
    forms::{FeeCategory, MatterForm},
    model::MatterFormData,
    pages::render,
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn kind_of(code: &str) -> MatterKind {
    MatterKind::parse(code).unwrap_or(MatterKind::FoiaRequest)
}

#[component]
fn KindTabs(current: MatterKind) -> impl IntoView {
    view! {
        <nav class="kind-tabs" aria-label="Kind of matter">
            {MatterKind::ALL.iter().map(|k| {
                let here = *k == current;
                view! {
                    <a href=format!("/matters/new?kind={}", k.code()) aria-current=here.then_some("page") class:current=here>{k.label()}</a>
                }
            }).collect_view()}
        </nav>
    }
}

/// `(value, label)` choices after a first, empty one.
fn choices(empty: &str, rest: impl Iterator<Item = (String, String)>) -> Vec<(String, String)> {
    std::iter::once((String::new(), empty.to_string())).chain(rest).collect()
}

#[component]
fn MatterFormView(d: MatterFormData) -> impl IntoView {
    let action = ServerAction::<SaveMatter>::new();
    let value = action.value();
    let err = move |field: &'static str| field_error(value, field);
    // Refused without JavaScript: show what was typed, not what is stored.
    let f = typed::<SaveMatter>(SaveMatter::PATH).map_or_else(|| d.form.clone(), |typed| typed.form);
    let kind = kind_of(&f.kind);
    let agencies = choices("Choose an agency…", d.agencies.iter().map(|a| (a.slug.clone(), a.label.clone())));
    let heading = if d.creating { format!("New: {}", kind.label()) } else { format!("Edit: {}", d.form.title) };
    let submit = if d.creating { "Create" } else { "Save changes" };
    let cancel = if d.creating { "/matters".to_string() } else { format!("/matters/{}", f.slug) };
    view! {
        <Title text=format!("{heading} · Docket") />
        <div class="page-head">
            <p class="crumbs"><a href="/matters">"Matters"</a></p>
            <h1>{heading}</h1>
            {d.files_drafts.then(|| view! { <p class="lede">"What you file is a draft until an attorney of your organisation approves it."</p> })}
        </div>
        {d.creating.then(|| view! { <KindTabs current=kind /> })}
        <ActionForm action attr:class="matter-form" attr:novalidate=true>
            <FormProblem value />
            <input type="hidden" name="form[slug]" value=f.slug.clone() />
            <input type="hidden" name="form[version]" value=f.version.to_string() />
            <input type="hidden" name="form[kind]" value=kind.code() />
            <fieldset>
                <legend>"The matter"</legend>
                <Field label="Title" name="title" value=f.title.clone() error=err("title") required=true hint="What people will call it, e.g. “CBP biometric exit records request”" />
                <Choice label="Agency" name="agency" options=agencies selected=f.agency.clone() error=err("agency") hint="Choose the component (e.g. CBP) when the request goes to one" />
                <Field label="Summary" name="summary" value=f.summary.clone() error=err("summary") control=Control::Area hint="What is asked for and why; citations such as 5 U.S.C. 552(a)(6)(A)(i) become links" />
                <Field label="Requester" name="requester" value=f.requester.clone() error=err("requester") />
                <Field label="Counsel" name="counsel" value=f.counsel.clone() error=err("counsel") />
                {d.can_publish.then(|| view! {
                    <Field label="Published on the public dashboard" name="public" value=f.public.clone().unwrap_or_default() error=err("public") control=Control::Check hint="Only what is marked public (events, deadlines, notes) shows there" />
                })}
            </fieldset>
            {match kind {
                MatterKind::FoiaRequest | MatterKind::Appeal => view! { <RequestFields d=d.clone() f=f.clone() kind value /> }.into_any(),
                MatterKind::Lawsuit => view! { <LawsuitFields d=d.clone() f=f.clone() value /> }.into_any(),
                _ => ().into_any(),
            }}
            <div class="form-actions">
                <button type="submit">{submit}</button>
                <a href=cancel>"Cancel"</a>
            </div>
        </ActionForm>
    }
}

/// The matters of `d` of the `kinds`, as choices after "None".
fn matter_choices(d: &MatterFormData, kinds: &[MatterKind]) -> Vec<(String, String)> {
    choices("None", d.matters.iter().filter(|m| kinds.contains(&m.kind)).map(|m| (m.slug.clone(), m.title.clone())))
}

/// A request's or an appeal's own fields.
#[component]
fn RequestFields(d: MatterFormData, f: MatterForm, kind: MatterKind, value: ActionValue<String>) -> impl IntoView {
    let err = move |field: &'static str| field_error(value, field);
    let appealable = matter_choices(&d, &[MatterKind::FoiaRequest]);
    let fees = choices(
        "Not stated",
        FeeCategory::ALL.iter().map(|(_, code, label)| ((*code).to_string(), (*label).to_string())),
    );
    view! {
        <fieldset>
            <legend>{if kind == MatterKind::Appeal { "The appeal" } else { "The request" }}</legend>
            {(kind == MatterKind::Appeal).then(|| view! {
                <Choice label="Appeal of" name="appeal_of" options=appealable.clone() selected=f.appeal_of.clone() error=err("appeal_of") />
            })}
            <Field label="Agency tracking number" name="tracking_number" value=f.tracking_number.clone() error=err("tracking_number") />
            {d.creating.then(|| view! {
                <Field label="Date sent" name="date_sent" value=f.date_sent.clone() error=err("date_sent") control=Control::Date hint="Starts the agency's clock (with the date received)" />
                <Field label="Date received by the agency" name="date_received" value=f.date_received.clone() error=err("date_received") control=Control::Date hint="If known; otherwise Docket counts from the date sent" />
            })}
            {(kind == MatterKind::FoiaRequest).then(|| view! {
                <Choice label="Fee category" name="fee_category" options=fees.clone() selected=f.fee_category.clone() error=err("fee_category") />
                <Field label="Fee waiver requested" name="fee_waiver" value=f.fee_waiver.clone().unwrap_or_default() error=err("fee_waiver") control=Control::Check />
                <Field label="Expedited processing requested" name="expedited" value=f.expedited.clone().unwrap_or_default() error=err("expedited") control=Control::Check />
            })}
        </fieldset>
    }
}

/// A lawsuit's own fields.
#[component]
fn LawsuitFields(d: MatterFormData, f: MatterForm, value: ActionValue<String>) -> impl IntoView {
    let err = move |field: &'static str| field_error(value, field);
    let enforceable = matter_choices(&d, &[MatterKind::FoiaRequest, MatterKind::Appeal]);
    view! {
        <fieldset>
            <legend>"The lawsuit"</legend>
            <Choice label="Enforces" name="enforces" options=enforceable selected=f.enforces.clone() error=err("enforces") hint="The request or appeal this suit enforces" />
            <Field label="Court" name="court" value=f.court.clone() error=err("court") required=true />
            <Field label="Docket number" name="docket_number" value=f.docket_number.clone() error=err("docket_number") />
            <Field label="Parties" name="parties" value=f.parties.clone() error=err("parties") control=Control::Area />
            <Field label="Judge" name="judge" value=f.judge.clone() error=err("judge") />
            {d.creating.then(|| view! {
                <Field label="Date filed" name="date_filed" value=f.date_filed.clone() error=err("date_filed") control=Control::Date />
                <Field label="Date served on the U.S. Attorney" name="date_served" value=f.date_served.clone() error=err("date_served") control=Control::Date hint="Starts the government's 30 days to answer a FOIA complaint (5 U.S.C. 552(a)(4)(C))" />
            })}
        </fieldset>
    }
}

/// `/matters/new?kind=…&from=…`: a new matter.
#[component]
pub fn NewMatterPage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(
        move || (query.read().get("kind"), query.read().get("from")),
        |(kind, from)| load_matter_form(None, kind, from),
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move { render(data.await, |d| view! { <MatterFormView d /> }) })}
        </Suspense>
    }
}

/// `/matters/:slug/edit`: edit a matter.
#[component]
pub fn EditMatterPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(move || params.read().get("slug"), |slug| load_matter_form(slug, None, None));
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move { render(data.await, |d| view! { <MatterFormView d /> }) })}
        </Suspense>
    }
}
