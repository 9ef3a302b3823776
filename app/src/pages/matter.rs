//! One matter: its facts, links, theories, provisions, and a timeline of
//! events and deadlines where each date says why it falls there.

use crate::domain::{
    derive::{EventFact, TolledSpan, tolled_spans},
    engine::TollKind,
};
use crate::{
    api::matters::get_matter,
    components::{
        badges::{DeadlineStatusBadge, KindBadge, StatusBadge, VerificationTag},
        cited::{Cited, KnownProvisions},
        loading::Loading,
        long_date,
        meta::PageMeta,
    },
    model::{DeadlineView, EventView, ExhaustionView, LinkView, MatterDetail, NoteView, ProvisionRef},
    pages::{
        matter_actions::{ActionBar, EventDelete, EventDeleteOutcome, NoteForm, QuickActions, ReviewPanel},
        matter_documents::DocumentsSection,
        matter_links::LinkEditor,
        render,
    },
};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// A list of provisions, each linked to our page and to the official text.
#[component]
pub fn ProvisionList(provisions: Vec<ProvisionRef>) -> impl IntoView {
    view! {
        <ul class="provisions">
            {provisions
                .into_iter()
                .map(|p| view! {
                    <li>
                        <a href=format!("/provisions/{}", p.slug) class="cite">{p.citation.clone()}</a>
                        " "<span class="sub">{p.title.clone()}</span>" "
                        {(!p.url.is_empty()).then(|| view! {
                            <a href=p.url.clone() class="official" rel="noopener noreferrer" target="_blank">"official text"</a>
                        })}
                        <VerificationTag verification=p.verification />
                    </li>
                })
                .collect_view()}
        </ul>
    }
}

/// How a link reads from this matter's side.
pub fn link_words(link: &LinkView) -> &'static str {
    use crate::domain::vocab::LinkKind::*;
    match (link.kind, link.outgoing) {
        (AppealOf, true) => "Appeal of",
        (AppealOf, false) => "Appealed by",
        (LawsuitEnforcing, true) => "Lawsuit enforcing",
        (LawsuitEnforcing, false) => "Enforced by lawsuit",
        (Related, _) => "Related to",
    }
}

enum Entry {
    Event(EventView),
    Deadline(DeadlineView),
}

impl Entry {
    fn date(&self) -> NaiveDate {
        match self {
            Entry::Event(e) => e.date,
            Entry::Deadline(d) => d.due,
        }
    }
}

/// Where the timeline shows the response clock stopped: the spans between
/// a request for information or about fees and its answer.
struct Tolling(Vec<TolledSpan>);

impl Tolling {
    fn of(events: &[EventView]) -> Tolling {
        let facts: Vec<EventFact> = events
            .iter()
            .filter(|e| !e.deleted)
            .map(|e| EventFact {
                id: i64::from(e.id),
                kind: e.kind,
                date: e.date,
                outcome: None,
                label: e.title.clone(),
            })
            .collect();
        Tolling(tolled_spans(&facts))
    }

    /// Whether the clock is stopped on `day` (a span's own days included).
    fn covers(&self, day: NaiveDate) -> bool {
        self.0.iter().any(|s| s.start <= day && s.end.is_none_or(|end| day <= end))
    }

    /// What the timeline says beside the event that starts or ends a span.
    fn note(&self, event_id: i32) -> Option<String> {
        let id = i64::from(event_id);
        self.0.iter().find_map(|s| {
            let what = match s.kind {
                TollKind::Fee => "fee question",
                TollKind::Information => "request for information",
            };
            if s.ask_event_id == id {
                Some(match s.end {
                    Some(end) => format!("The response clock stops here until the {what} is answered on {}.", long_date(end)),
                    None => format!("The response clock stops here until the {what} is answered; no answer is logged yet, so the due date is provisional."),
                })
            } else if s.answer_event_id == Some(id) {
                let end = s.end.unwrap_or(s.start);
                Some(format!("The response clock restarts: it was stopped from {} to {} by the {what}.", long_date(s.start), long_date(end)))
            } else {
                None
            }
        })
    }
}

#[component]
fn EventItem(e: EventView, slug: String, can_edit: bool, tolled: bool, toll_note: Option<String>) -> impl IntoView {
    let deleted = e.deleted;
    view! {
        <li class="event" class:deleted=deleted class:tolled=tolled>
            <time datetime=e.date.to_string()>{long_date(e.date)}</time>
            <div class="body">
                <strong>{e.title.clone()}</strong>
                {deleted.then(|| view! { " "<span class="tag private">"deleted"</span> })}
                <VerificationTag verification=e.verification />
                {(!e.public).then(|| view! { <span class="tag private">"not published"</span> })}
                {(!e.outcome.is_empty()).then(|| view! { <span class="tag outcome">{e.outcome.replace('_', " ")}</span> })}
                {(!e.details.is_empty()).then(|| view! { <p><Cited text=e.details.clone() /></p> })}
                {(e.pages_released > 0).then(|| view! { <p class="sub">{format!("{} pages released", e.pages_released)}</p> })}
                {(e.pages_withheld_full > 0 || e.pages_withheld_part > 0).then(|| view! { <p class="sub">{format!("{} pages withheld in full, {} in part", e.pages_withheld_full, e.pages_withheld_part)}</p> })}
                {(!e.exemptions.is_empty()).then(|| view! { <p class="sub">{format!("Exemptions claimed: {}", e.exemptions.join(", "))}</p> })}
                {toll_note.map(|n| view! { <p class="toll-note">{n}</p> })}
                {can_edit.then(|| view! { <EventDelete slug event_id=e.id deleted /> })}
            </div>
        </li>
    }
}

#[component]
fn DeadlineItem(d: DeadlineView, tolled: bool) -> impl IntoView {
    let who = if d.owed_by_agency { "The agency owes this" } else { "We owe this" };
    // Arriving from a date elsewhere (`?why=ID#deadline-ID`), its
    // explanation is open, with or without JavaScript.
    let asked = use_query_map().with_untracked(|q| q.get("why")) == Some(d.id.to_string());
    view! {
        <li id=format!("deadline-{}", d.id) class=format!("deadline deadline-{}", d.status.code()) class:tolled=tolled>
            <time datetime=d.due.to_string()>
                {long_date(d.due)}
                {d.business_days.map(|n| view! { <span class="due-words">{match n { 0 => " (due today)".to_string(), 1 => " (in 1 business day)".to_string(), n => format!(" (in {n} business days)") }}</span> })}
            </time>
            <div class="body">
                <strong>{d.title.clone()}</strong>
                " "<DeadlineStatusBadge status=d.status />
                {d.unsettled.then(|| view! { <span class="tag unsettled" title="Executive-order closure days change this date; the protective reading is used">"unsettled reading"</span> })}
                <VerificationTag verification=d.verification />
                <p class="sub">{who}{d.rule_id.clone().map(|r| format!(" · rule {r}"))}</p>
                {(!d.source.is_empty()).then(|| view! { <p class="sub">{d.source.clone()}</p> })}
                {d.history.iter().map(|h| view! {
                    <p class="moved">{format!("Was {}, now {}: {}", long_date(h.old), long_date(h.new), h.reason)}</p>
                }).collect_view()}
                {(!d.explanation.is_empty() || !d.provisions.is_empty()).then(|| view! {
                    <details class="why" open=asked>
                        <summary>"Why this date?"</summary>
                        {(!d.explanation.is_empty()).then(|| view! {
                            <ol class="explanation">{d.explanation.iter().map(|line| view! { <li><Cited text=line.clone() /></li> }).collect_view()}</ol>
                        })}
                        <ProvisionList provisions=d.provisions.clone() />
                    </details>
                })}
            </div>
        </li>
    }
}

#[component]
fn Timeline(events: Vec<EventView>, deadlines: Vec<DeadlineView>, slug: String, can_edit: bool) -> impl IntoView {
    let tolling = Tolling::of(&events);
    let mut entries: Vec<Entry> =
        events.into_iter().map(Entry::Event).chain(deadlines.into_iter().map(Entry::Deadline)).collect();
    entries.sort_by_key(Entry::date);
    view! {
        <ol class="timeline">
            {entries
                .into_iter()
                .map(|entry| {
                    let tolled = tolling.covers(entry.date());
                    match entry {
                        Entry::Event(e) => {
                            let toll_note = if e.deleted { None } else { tolling.note(e.id) };
                            view! { <EventItem e slug=slug.clone() can_edit tolled toll_note /> }.into_any()
                        }
                        Entry::Deadline(d) => view! { <DeadlineItem d tolled /> }.into_any(),
                    }
                })
                .collect_view()}
        </ol>
        {(!tolling.0.is_empty()).then(|| view! {
            <p class="hint legend"><span class="toll-swatch" aria-hidden="true"></span>" A hatched band beside the timeline marks the days the response clock was stopped."</p>
        })}
    }
}

#[component]
fn Exhaustion(state: ExhaustionView) -> impl IntoView {
    match state {
        ExhaustionView::MaySueNow { since } => Some(view! {
            <p class="banner may-sue">
                <strong>"May sue now. "</strong>
                {format!("The response deadline passed with no determination; the request is constructively exhausted since {} (5 U.S.C. 552(a)(6)(C)(i)).", long_date(since))}
            </p>
        }.into_any()),
        ExhaustionView::NotYet { response_due } => Some(view! {
            <p class="banner waiting">{format!("The agency's determination is due {}.", long_date(response_due))}</p>
        }.into_any()),
        ExhaustionView::Answered | ExhaustionView::NotApplicable => None,
    }
}

#[component]
fn Notes(notes: Vec<NoteView>, slug: String, can_edit: bool) -> impl IntoView {
    (can_edit || !notes.is_empty()).then(|| {
        view! {
            <section class="panel" aria-labelledby="notes-h">
                <h2 id="notes-h">"Notes"</h2>
                {(can_edit && notes.is_empty()).then(|| view! { <p class="empty">"No notes yet."</p> })}
                <ul class="notes">
                    {notes.into_iter().map(|n| view! {
                        <li class:privileged=n.privileged>
                            {n.privileged.then(|| view! { <span class="tag privileged">"Privileged"</span> })}
                            <p><Cited text=n.body /></p>
                            <p class="sub">{n.author}" · "{long_date(n.created)}</p>
                        </li>
                    }).collect_view()}
                </ul>
                {can_edit.then(|| view! { <NoteForm slug=slug.clone() /> })}
            </section>
        }
    })
}

fn fact(label: &'static str, value: String) -> Option<AnyView> {
    (!value.is_empty()).then(|| view! { <dt>{label}</dt><dd>{value}</dd> }.into_any())
}

#[component]
fn MatterView(m: MatterDetail) -> impl IntoView {
    provide_context::<KnownProvisions>(std::sync::Arc::new(m.provision_slugs.clone()));
    view! {
        <PageMeta title=m.matter.title.clone() description=m.summary.clone() />
        <div class="page-head">
            <p class="crumbs"><a href="/matters">"Matters"</a></p>
            <h1>{m.matter.title.clone()}</h1>
            <p class="badges">
                <KindBadge kind=m.matter.kind /> <StatusBadge status=m.matter.status />
                " "<a href=format!("/agencies/{}", m.agency.slug)>{m.agency.name.clone()}</a>
                {if m.public { view! { <span class="tag public">"Published"</span> }.into_any() } else { view! { <span class="tag private">"Not published"</span> }.into_any() }}
                <VerificationTag verification=m.verification />
            </p>
        </div>
        <ActionBar m=m.clone() />
        <ReviewPanel m=m.clone() />
        <Exhaustion state=m.exhaustion.clone() />
        <div class="matter-grid">
            <div class="main-col">
                {(!m.summary.is_empty()).then(|| view! { <p class="summary"><Cited text=m.summary.clone() /></p> })}
                {(!m.verification_note.is_empty()).then(|| view! { <p class="verification-note"><strong>"About these facts: "</strong><Cited text=m.verification_note.clone() /></p> })}
                <section aria-labelledby="timeline-h">
                    <h2 id="timeline-h">"Timeline"</h2>
                    <EventDeleteOutcome />
                    <Timeline events=m.events.clone() deadlines=m.deadlines.clone() slug=m.matter.slug.clone() can_edit=m.can_edit />
                </section>
                <QuickActions m=m.clone() />
                <Notes notes=m.notes.clone() slug=m.matter.slug.clone() can_edit=m.can_edit />
                <DocumentsSection slug=m.matter.slug.clone() />
                <LinkEditor m=m.clone() />
            </div>
            <aside class="side-col">
                <dl class="facts">
                    {fact("Agency tracking number", m.tracking_number.clone())}
                    {fact("Court", m.court.clone())}
                    {fact("Docket number", m.docket_number.clone())}
                    {fact("Counsel", m.counsel.clone())}
                    {fact("Requester", m.requester.clone())}
                    {fact("Assigned", m.assigned.join(", "))}
                </dl>
                {(!m.links.is_empty()).then(|| view! {
                    <h2>"Linked matters"</h2>
                    <ul class="links">{m.links.iter().map(|l| view! {
                        <li>{link_words(l)}" "<a href=format!("/matters/{}", l.other.slug)>{l.other.title.clone()}</a></li>
                    }).collect_view()}</ul>
                })}
                {(!m.theories.is_empty()).then(|| view! {
                    <h2>"Legal theories"</h2>
                    <ul class="theories">{m.theories.iter().map(|t| view! {
                        <li>
                            <a href=format!("/theories/{}", t.slug)>{t.name.clone()}</a>
                            " "<span class=format!("badge claim-{}", t.claim_status.code())>{t.claim_status.label()}</span>
                            {(!t.note.is_empty()).then(|| view! { <div class="sub">{t.note.clone()}</div> })}
                        </li>
                    }).collect_view()}</ul>
                })}
                {(!m.provisions.is_empty()).then(|| view! { <h2>"Provisions"</h2><ProvisionList provisions=m.provisions.clone() /> })}
            </aside>
        </div>
    }
}

/// The matter page.
#[component]
pub fn MatterPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let data = Resource::new(slug, get_matter);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move { render(data.await, |m| view! { <MatterView m /> }) })}
        </Suspense>
    }
}
