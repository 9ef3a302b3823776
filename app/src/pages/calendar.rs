//! The business-day calendar: legal public holidays, executive-order and
//! emergency closures, and (for admins) a form to add a closure.

use crate::{
    api::calendar::{AddClosure, get_calendar},
    components::{
        form::{Refused, Saved, typed},
        loading::Loading,
        long_date,
        meta::PageMeta,
    },
    model::{CalendarDay, CalendarView},
    pages::render,
};
use leptos::{prelude::*, server_fn::ServerFn};

#[component]
fn DayTable(days: Vec<CalendarDay>, closures: bool) -> impl IntoView {
    view! {
        <table class="calendar stack">
            <thead><tr><th>"Day"</th><th>"What"</th><th>"Source"</th>{closures.then(|| view! { <th>"Known from"</th><th>"Applies to"</th> })}</tr></thead>
            <tbody>
                {days.into_iter().map(|d| view! {
                    <tr>
                        <td><time datetime=d.date.to_string()>{long_date(d.date)}</time></td>
                        <td>{d.name}</td>
                        <td class="sub" data-label="Source">{d.source}{(!["verified", "[V]", ""].contains(&d.verification.as_str())).then(|| view! { " "<span class="tag verification-unverified">{d.verification.clone()}</span> })}</td>
                        {closures.then(|| view! {
                            <td data-label="Known from">{d.known_from.map(long_date)}</td>
                            <td data-label="Applies to">{if d.scope.is_empty() { "all agencies".to_string() } else { d.scope.clone() }}</td>
                        })}
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn AddClosureForm() -> impl IntoView {
    let action = ServerAction::<AddClosure>::new();
    let result = action.value();
    // Refused without JavaScript: the form comes back with what was typed.
    let t = typed::<AddClosure>(AddClosure::PATH).unwrap_or(AddClosure {
        date: String::new(),
        name: String::new(),
        source: String::new(),
        scope: String::new(),
    });
    view! {
        <section class="panel" aria-labelledby="add-h">
            <h2 id="add-h">"Add a closure"</h2>
            <p class="hint">"Every open deadline is recomputed in one transaction; each date that moves keeps its old value in its history."</p>
            <ActionForm action attr:class="stacked">
                <label class="field"><span>"Day closed"</span><input type="date" name="date" value=t.date required /></label>
                <label class="field"><span>"What it is"</span><input name="name" value=t.name required placeholder="Executive order closure (day after Christmas)" /></label>
                <label class="field"><span>"Source"</span><input name="source" value=t.source required placeholder="Executive Order 14371, 90 FR …" /></label>
                <label class="field"><span>"Only this agency (abbreviation; empty for all)"</span><input name="scope" value=t.scope placeholder="CBP" /></label>
                <button type="submit">"Add closure"</button>
            </ActionForm>
            <Saved endpoint=AddClosure::PATH text="Closure added. Every open matter's deadlines were recomputed; the history of each deadline shows what moved." />
            <Refused value=result outcome="Nothing was added." />
        </section>
    }
}

#[component]
fn CalendarPageView(c: CalendarView) -> impl IntoView {
    view! {
        <PageMeta title="Calendar" description="The federal holidays and agency closures Docket counts business days on, with their sources." />
        <div class="page-head">
            <h1>"Business-day calendar"</h1>
            <p class="lede">"Legal public holidays of 5 U.S.C. 6103(a), as observed, and the days agencies were closed. Whether a closure day counts for FOIA is unsettled: Docket computes both readings and uses the protective one."</p>
        </div>
        <p class="downloads">"Subscribe to the deadlines of published matters in your calendar app: "<a href="/feeds/public.ics">"public calendar feed"</a>". Download open deadlines: "<a href="/export/deadlines.csv?status=open" download>"CSV"</a>" · "<a href="/export/deadlines.json?status=open" download>"JSON"</a></p>
        {c.can_edit.then(|| view! { <AddClosureForm /> })}
        <section class="panel"><h2>"Closures"</h2><DayTable days=c.closures closures=true /></section>
        <section class="panel"><h2>"Holidays this year and next"</h2><DayTable days=c.holidays closures=false /></section>
    }
}

/// The calendar page.
#[component]
pub fn CalendarPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_calendar());
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move { render(data.await, |c| view! { <CalendarPageView c /> }) })}
        </Suspense>
    }
}
