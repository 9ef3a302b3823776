//! The due-date preview of the event form: as the user types, the same
//! engine the server runs on saving derives the matter's deadlines with and
//! without the draft event, in the browser, and lists what would change.
//! [`PreviewedFields`] is an island: the only part of the form the browser
//! runs; the fields themselves are server-rendered HTML.

use crate::{
    components::long_date,
    domain::{
        derive::Exhaustion,
        preview::{Change, PreviewBasis},
    },
    forms::event::EventForm,
};
use leptos::prelude::*;
use std::sync::Arc;

/// Gives the previews inside (`children`) what they derive from: an island,
/// so the matter's events and calendar travel in the page once, not once
/// per quick action.
#[island]
pub fn PreviewScope(basis: PreviewBasis, children: Children) -> impl IntoView {
    provide_context(basis);
    children()
}

/// The event form's fields (`children`, rendered on the server) followed as
/// they are typed into, and below them what saving would change, derived
/// from the [`PreviewScope`] around. `draft` is what the fields hold when the
/// page is served.
#[island]
pub fn PreviewedFields(draft: EventForm, children: Children) -> impl IntoView {
    let form = RwSignal::new(draft);
    let follow = follow(form);
    let preview = use_context::<PreviewBasis>().map(|basis| view! { <DuePreview basis form /> });
    view! {
        <div class="event-fields" on:input=follow.clone() on:change=follow>{children()}</div>
        {preview}
    }
}

/// Follows what is typed into the fields inside: returns the handler to put
/// on their container (`input` and `change` bubble up from every control).
fn follow(form: RwSignal<EventForm>) -> impl Fn(leptos::ev::Event) + Clone + 'static {
    move |ev: leptos::ev::Event| {
        let el = event_target::<leptos::web_sys::HtmlInputElement>(&ev);
        let name = el.name();
        let field = name.strip_prefix("form[").and_then(|n| n.strip_suffix(']')).unwrap_or(&name).to_string();
        let value = el.value();
        form.update(|f| f.set_for_preview(&field, value));
    }
}

fn exhaustion_text(e: &Exhaustion) -> String {
    match e {
        Exhaustion::NotApplicable => "no response clock".into(),
        Exhaustion::NotYet { response_due } => format!("response due {}", long_date(*response_due)),
        Exhaustion::MaySueNow { since, .. } => format!("may sue now (since {})", long_date(*since)),
        Exhaustion::Answered => "answered".into(),
    }
}

fn dates(list: &[chrono::NaiveDate]) -> String {
    list.iter().map(|d| long_date(*d)).collect::<Vec<_>>().join(", ")
}

fn describe(c: &Change) -> String {
    match c {
        Change::New { title, due, status, unsettled } => {
            let flag = if *unsettled { " (depends on an unsettled reading of closure days)" } else { "" };
            format!("New: {title}, due {} ({}){flag}", long_date(*due), status.label().to_lowercase())
        }
        Change::Moved { title, from, to } => format!("{title}: moves from {} to {}", long_date(*from), long_date(*to)),
        Change::Status { title, due, from, to } => {
            format!(
                "{title} (due {}): {} becomes {}",
                long_date(*due),
                from.label().to_lowercase(),
                to.label().to_lowercase()
            )
        }
        Change::Gone { title, due } => format!("{title} (due {}) would be vacated", long_date(*due)),
        Change::Ordered { title, dates: d } if d.is_empty() => format!("{title}: no date within the calendar's range"),
        Change::Ordered { title, dates: d } => format!("Court-ordered: {title}, due {}", dates(d)),
        Change::Exhaustion { from, to } => {
            format!("Exhaustion: {} becomes {}", exhaustion_text(from), exhaustion_text(to))
        }
    }
}

/// What saving the form would do to the deadlines; nothing until the form
/// holds a valid event.
#[component]
fn DuePreview(basis: PreviewBasis, form: RwSignal<EventForm>) -> impl IntoView {
    let calendar = Arc::new(basis.calendar());
    let today = basis.today;
    let lines = Memo::new(move |_| {
        let valid = form.with(|f| f.validate(today)).ok()?;
        Some(basis.changes(&calendar, &valid.draft()).iter().map(describe).collect::<Vec<_>>())
    });
    view! {
        <div class="due-preview" role="status" aria-live="polite">
            {move || lines.get().map(|lines| view! {
                <p class="preview-h">"If you save this"</p>
                {if lines.is_empty() {
                    view! { <p>"No deadline changes."</p> }.into_any()
                } else {
                    view! { <ul>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul> }.into_any()
                }}
            })}
        </div>
    }
}
