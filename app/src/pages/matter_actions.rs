//! What can be done from a matter's page: edit it, see its history, review a
//! draft, start the appeal or the lawsuit, log an event with one of the
//! quick actions, and delete or restore an event.

use crate::{
    api::workspace::{AddNote, DeleteEvent, LogEvent},
    components::form::{ActionValue, Choice, Control, Field, FormProblem, Refused, Saved, field_error, typed},
    domain::vocab::{EventKind, MatterKind},
    forms::event::{EventForm, OUTCOMES},
    model::{EventLogged, MatterDetail},
    pages::{
        matter_links::SueButton,
        matter_preview::{PreviewScope, PreviewedFields},
        workspace::ReviewForm,
    },
};
use leptos::{prelude::*, server_fn::ServerFn};

/// Prints the page; shown once the page is interactive (an island).
#[island]
fn PrintButton() -> impl IntoView {
    let print = |_| {
        #[cfg(feature = "hydrate")]
        let _ = window().print();
    };
    view! { <button type="button" class="link-button js-only" on:click=print>"Print"</button> }
}

/// Edit, history, and the next step of the matter.
#[component]
pub fn ActionBar(m: MatterDetail) -> impl IntoView {
    let slug = m.matter.slug.clone();
    let member = !m.review_state.is_empty();
    view! {
        <nav class="matter-actions" aria-label="Matter actions">
            {m.can_edit.then(|| view! { <a class="button" href=format!("/matters/{slug}/edit")>"Edit"</a> })}
            {member.then(|| view! { <a href=format!("/matters/{slug}/history")>"History"</a> })}
            {(m.can_edit && m.matter.kind == MatterKind::FoiaRequest).then(|| view! {
                <a href=format!("/matters/new?kind=appeal&from={slug}")>"File an appeal"</a>
            })}
            <SueButton m=m.clone() />
            <PrintButton />
        </nav>
    }
}

/// The review state of a draft, and (for attorneys) approve or return.
#[component]
pub fn ReviewPanel(m: MatterDetail) -> impl IntoView {
    let state = m.review_state.clone();
    (state == "draft" || state == "returned").then(|| {
        let text = if state == "draft" {
            "Draft: waiting for an attorney's approval. It is not published until approved."
        } else {
            "Returned to the student for changes."
        };
        view! {
            <section class="panel review" aria-labelledby="review-h">
                <h2 id="review-h">{text}</h2>
                {(!m.review_comment.is_empty()).then(|| view! { <p>"Comment: "{m.review_comment.clone()}</p> })}
                {(m.can_supervise && state == "draft").then(|| view! { <ReviewForm slug=m.matter.slug.clone() /> })}
            </section>
        }
    })
}

/// Which quick actions fit a matter of `kind`.
fn quick_actions(kind: MatterKind) -> &'static [EventKind] {
    use EventKind::*;
    match kind {
        MatterKind::FoiaRequest => &[
            Acknowledged,
            FeeRequested,
            FeeAnswered,
            InfoRequested,
            InfoAnswered,
            ExtensionNotice,
            Determination,
            Production,
            AppealFiled,
            Closed,
        ],
        MatterKind::Appeal => &[AppealReceived, Acknowledged, ExtensionNotice, AppealDecided, Production, Closed],
        MatterKind::Lawsuit => &[
            ComplaintFiled,
            Service,
            AnswerFiled,
            CourtOrder,
            Production,
            Judgment,
            NoticeOfAppeal,
            Settlement,
            Closed,
        ],
        MatterKind::Other => &[CourtOrder, Other, Closed],
    }
}

fn outcome_options() -> Vec<(String, String)> {
    std::iter::once((String::new(), "Choose…".to_string()))
        .chain(OUTCOMES.iter().map(|(c, l)| ((*c).to_string(), (*l).to_string())))
        .collect()
}

/// The fields one kind of event asks for, holding `t` (what was typed
/// into a refused form, or nothing), with the action's messages when
/// `mine` (the refused form was this one).
#[component]
fn EventFields(kind: EventKind, value: ActionValue<EventLogged>, t: EventForm, mine: bool) -> impl IntoView {
    let err = move |field: &'static str| if mine { field_error(value, field) } else { Signal::derive(|| None) };
    let k = kind.code();
    let decides = matches!(kind, EventKind::Determination | EventKind::AppealDecided);
    view! {
        <Field label="Date" name="date" value=t.date.clone() error=err("date") control=Control::Date required=true id_suffix=k />
        {(kind == EventKind::Acknowledged).then(|| view! {
            <Field label="Tracking number" name="tracking_number" value=t.tracking_number.clone() error=err("tracking_number") id_suffix=k />
        })}
        {decides.then(|| view! {
            <Choice label="Outcome" name="outcome" options=outcome_options() selected=t.outcome.clone() error=err("outcome") id_suffix=k />
            <Field label="Exemptions claimed" name="exemptions" value=t.exemptions.clone() error=err("exemptions") hint="e.g. (b)(5), (b)(6), (b)(7)(C), (b)(7)(E)" id_suffix=k />
        })}
        {(kind == EventKind::Production || decides).then(|| view! {
            <Field label="Pages released" name="pages_released" value=t.pages_released.clone() error=err("pages_released") control=Control::Number id_suffix=k />
            <Field label="Pages withheld in full" name="pages_withheld_full" value=t.pages_withheld_full.clone() error=err("pages_withheld_full") control=Control::Number id_suffix=k />
            <Field label="Pages withheld in part" name="pages_withheld_part" value=t.pages_withheld_part.clone() error=err("pages_withheld_part") control=Control::Number id_suffix=k />
        })}
        {(kind == EventKind::CourtOrder).then(|| view! {
            <Field label="Deadline the order sets" name="order_due" value=t.order_due.clone() error=err("order_due") control=Control::Date id_suffix=k />
            <Field label="What is due" name="order_title" value=t.order_title.clone() error=err("order_title") hint="e.g. Joint status report" id_suffix=k />
            <Field label="Repeats every (days)" name="repeat_every_days" value=t.repeat_every_days.clone() error=err("repeat_every_days") control=Control::Number id_suffix=k />
            <Field label="How many times" name="repeat_count" value=t.repeat_count.clone() error=err("repeat_count") control=Control::Number id_suffix=k />
        })}
        <Field label="Details" name="details" value=t.details.clone() error=err("details") control=Control::Area id_suffix=k />
        <Field label="Public (shown on the public dashboard if the matter is published)" name="public" value=t.public.clone().unwrap_or_default() error=err("public") control=Control::Check id_suffix=k />
    }
}

#[component]
fn QuickAction(slug: String, kind: EventKind, preview: bool) -> impl IntoView {
    let action = ServerAction::<LogEvent>::new();
    let value = action.value();
    // Refused without JavaScript: every quick action shares the endpoint, so
    // only the one whose kind was posted opens, with what was typed.
    let typed = typed::<LogEvent>(LogEvent::PATH);
    let posted_here = typed.as_ref().is_none_or(|t| t.form.kind == kind.code());
    let typed = typed.filter(|_| posted_here).map(|t| t.form).unwrap_or_default();
    let draft = EventForm { kind: kind.code().to_string(), ..typed.for_preview() };
    let open = move || posted_here && value.get().is_some_and(|r| r.is_err());
    let problem = posted_here.then(|| view! { <FormProblem value /> });
    view! {
        <details class="quick" open=open>
            <summary>{kind.label()}</summary>
            <ActionForm action attr:class="stacked">
                {problem}
                <input type="hidden" name="slug" value=slug />
                <input type="hidden" name="form[kind]" value=kind.code() />
                {if preview {
                    view! {
                        <PreviewedFields draft>
                            <EventFields kind value t=typed mine=posted_here />
                        </PreviewedFields>
                    }.into_any()
                } else {
                    view! {
                        <div class="event-fields"><EventFields kind value t=typed mine=posted_here /></div>
                    }.into_any()
                }}
                <button type="submit">{format!("Log: {}", kind.label())}</button>
            </ActionForm>
        </details>
    }
}

/// One quick action per kind of event that fits a matter of `kind`.
#[component]
fn QuickActionList(slug: String, kind: MatterKind, preview: bool) -> impl IntoView {
    quick_actions(kind).iter().map(|k| view! { <QuickAction slug=slug.clone() kind=*k preview /> }).collect_view()
}

/// The quick actions for logging what happened.
#[component]
pub fn QuickActions(m: MatterDetail) -> impl IntoView {
    m.can_edit.then(|| {
        let slug = m.matter.slug.clone();
        view! {
            <section class="panel quick-actions" aria-labelledby="log-h">
                <h2 id="log-h">"Log what happened"</h2>
                <p class="hint">"Saving an event recomputes this matter's deadlines; each date that moves keeps its old value in its history. As you type a date, the form shows what would change."</p>
                <Saved endpoint=LogEvent::PATH text="Logged. The timeline, the status and the deadlines on this page include it." />
                {match m.preview {
                    Some(basis) => view! { <PreviewScope basis><QuickActionList slug kind=m.matter.kind preview=true /></PreviewScope> }.into_any(),
                    None => view! { <QuickActionList slug kind=m.matter.kind preview=false /> }.into_any(),
                }}
            </section>
        }
    })
}

/// Says, at the top of the timeline, that an event was deleted or
/// restored, or why not: once, whichever row's form was posted.
#[component]
pub fn EventDeleteOutcome() -> impl IntoView {
    let text = "Done. The timeline and the deadlines show the change; a deleted event can be restored below.";
    let value = ServerAction::<DeleteEvent>::new().value();
    view! {
        <Saved endpoint=DeleteEvent::PATH text />
        <Refused value outcome="Nothing was changed." />
    }
}

/// Delete an event (or restore a deleted one); the outcome shows at the
/// top of the timeline ([`EventDeleteOutcome`]).
#[component]
pub fn EventDelete(slug: String, event_id: i32, deleted: bool) -> impl IntoView {
    let action = ServerAction::<DeleteEvent>::new();
    let label = if deleted { "Restore" } else { "Delete" };
    let title = if deleted {
        "Restore this event; the matter's deadlines are recomputed"
    } else {
        "Delete this event; its deadlines are recomputed, and you can restore it afterwards"
    };
    view! {
        <ActionForm action attr:class="inline event-delete">
            <input type="hidden" name="slug" value=slug />
            <input type="hidden" name="event_id" value=event_id.to_string() />
            {deleted.then(|| view! { <input type="hidden" name="restore" value="1" /> })}
            <button type="submit" class="link-button" title=title>{label}</button>
        </ActionForm>
    }
}

/// Add a note; privileged (work product) unless the box is cleared.
#[component]
pub fn NoteForm(slug: String) -> impl IntoView {
    let action = ServerAction::<AddNote>::new();
    let value = action.value();
    view! {
        <ActionForm action attr:class="note-form">
            <FormProblem value />
            <input type="hidden" name="slug" value=slug />
            <label for="note-body">"Add a note"</label>
            <textarea id="note-body" name="body" rows="3" required></textarea>
            <span class="field-error" aria-live="polite">{move || field_error(value, "body").get()}</span>
            <label class="check">
                <input type="checkbox" name="privileged" value="on" checked />
                " Privileged (work product: only attorneys and assigned students see it)"
            </label>
            <div class="form-actions"><button type="submit">"Add note"</button></div>
            <Saved endpoint=AddNote::PATH text="Note added." />
        </ActionForm>
    }
}
