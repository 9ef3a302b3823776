//! The dashboard: what is due, what is late, what may go to court today.

use crate::{
    components::{
        badges::{DeadlineStatusBadge, DueChip, why_href},
        counted,
        counts::Counts,
        long_date,
        more::{EVERY_ONE, More},
        thousands,
    },
    model::{Dashboard, DeadlineBrief},
};
use leptos::prelude::*;
use leptos_meta::Title;

/// How far ahead the upcoming list looks, in business days (None = all).
pub fn window_from_query(value: Option<String>) -> Option<i64> {
    value.and_then(|v| v.parse::<i64>().ok()).filter(|n| *n > 0)
}

#[component]
fn WindowToggle(window: RwSignal<Option<i64>>) -> impl IntoView {
    let choices: [(Option<i64>, &str, &str); 3] =
        [(Some(5), "5 business days", "/?within=5"), (Some(14), "14 business days", "/?within=14"), (None, "All", "/")];
    view! {
        <div class="toggle" role="group" aria-label="Show deadlines due within">
            {choices
                .into_iter()
                .map(|(value, label, href)| {
                    view! {
                        <a
                            href=href
                            class="toggle-option"
                            aria-current=move || (window.get() == value).to_string()
                            on:click=move |ev| {
                                ev.prevent_default();
                                window.set(value);
                            }
                        >
                            {label}
                        </a>
                    }
                })
                .collect_view()}
        </div>
    }
}

#[component]
fn DeadlineRow(brief: DeadlineBrief) -> impl IntoView {
    let party = if brief.owed_by_agency { "agency owes" } else { "we owe" };
    view! {
        <tr>
            <td><DueChip due=brief.due business_days_left=brief.business_days_left why=Some(why_href(&brief.matter.slug, brief.id)) /></td>
            <td>
                <a href=format!("/matters/{}", brief.matter.slug)>{brief.matter.title.clone()}</a>
                <div class="sub">{brief.title.clone()} {brief.unsettled.then(|| view! { <span class="tag unsettled">"unsettled reading"</span> })}</div>
            </td>
            <td class="party">{party}</td>
            <td><DeadlineStatusBadge status=brief.status /></td>
        </tr>
    }
}

/// The coming deadlines, filtered in place by the window toggle: an island,
/// the one part of the dashboard the browser runs. Without JavaScript the
/// toggle's links (`/?within=5`) ask the server for the filtered page.
#[island]
fn Upcoming(upcoming: Vec<DeadlineBrief>, total: u64, initial: Option<i64>) -> impl IntoView {
    let window = RwSignal::new(initial);
    let shown = upcoming.len();
    let rows = StoredValue::new(upcoming);
    view! {
        <section class="panel" aria-labelledby="upcoming-h">
            <div class="panel-head">
                <h2 id="upcoming-h">"Coming up"</h2>
                <WindowToggle window />
            </div>
            <table class="deadlines" id="upcoming">
                <thead><tr><th>"Due"</th><th>"Matter"</th><th>"Who"</th><th>"Status"</th></tr></thead>
                <tbody>
                    {move || {
                        let limit = window.get();
                        let shown: Vec<DeadlineBrief> = rows
                            .get_value()
                            .into_iter()
                            .filter(|b| limit.is_none_or(|n| b.business_days_left <= n))
                            .collect();
                        if shown.is_empty() {
                            view! { <tr><td colspan="4" class="empty">"Nothing due in this window."</td></tr> }.into_any()
                        } else {
                            shown.into_iter().map(|brief| view! { <DeadlineRow brief /> }).collect_view().into_any()
                        }
                    }}
                </tbody>
            </table>
            <More shown total order="earliest first" href="/export/deadlines.csv?status=open" link=EVERY_ONE />
        </section>
    }
}

/// The dashboard's content, as `/` shows it to a signed-in user.
#[component]
pub fn DashboardView(d: Dashboard, initial: Option<i64>) -> impl IntoView {
    let matters = if d.total_matters == 1 { "matter" } else { "matters" };
    let (may_sue_shown, overdue_shown) = (d.may_sue.len(), d.overdue.len());
    view! {
        <Title text="Dashboard · Docket" />
        <div class="page-head">
            <h1>"Dashboard"</h1>
            <p class="lede">{format!("{} {matters} · today is {}", thousands(d.total_matters), long_date(d.today))}</p>
            <p class="sub"><a href="/portfolio">"Portfolio timeline"</a>" of every open matter · "<a href="/public">"Public view"</a>": the home page as visitors who are not signed in see it"</p>
        </div>
        {(d.drafts > 0).then(|| view! {
            <p class="banner waiting"><a href="/drafts">{format!("{} awaiting approval", counted(d.drafts as usize, "draft"))}</a></p>
        })}
        <section class="panel alert" aria-labelledby="sue-h">
            <h2 id="sue-h">"May sue now"</h2>
            <p class="hint">"Requests whose response deadline passed with no determination: constructively exhausted under 5 U.S.C. 552(a)(6)(C)(i)."</p>
            {if d.may_sue.is_empty() {
                view! { <p class="empty">"None today."</p> }.into_any()
            } else {
                view! {
                    <ul class="may-sue">
                        {d.may_sue.into_iter().map(|s| view! {
                            <li>
                                <a href=format!("/matters/{}", s.matter.slug)>{s.matter.title}</a>
                                " · "<a href=format!("/agencies/{}", s.agency.slug)>{s.agency.abbreviation}</a>
                                <span class="sub">" since "<a class="since" href=why_href(&s.matter.slug, s.deadline_id) title="Why this date?">{long_date(s.since)}</a></span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <More shown=may_sue_shown total=d.may_sue_total order="longest waiting first" href="/export/deadlines.csv?status=missed&owed_by=agency" link=EVERY_ONE />
        </section>
        <Upcoming upcoming=d.upcoming total=d.upcoming_total initial />
        <section class="panel" aria-labelledby="overdue-h">
            <h2 id="overdue-h">"Overdue"</h2>
            <p class="hint">"Deadlines that passed with nothing recorded to meet them: late agencies, and anything we still owe."</p>
            {if d.overdue.is_empty() {
                view! { <p class="empty">"Nothing overdue."</p> }.into_any()
            } else {
                view! {
                    <table class="deadlines">
                        <thead><tr><th>"Was due"</th><th>"Matter"</th><th>"Who"</th><th>"Status"</th></tr></thead>
                        <tbody>{d.overdue.into_iter().map(|brief| view! { <DeadlineRow brief /> }).collect_view()}</tbody>
                    </table>
                }.into_any()
            }}
            <More shown=overdue_shown total=d.overdue_total order="most recently due first" href="/export/deadlines.csv?status=missed" link=EVERY_ONE />
        </section>
        <div class="grid">
            <Counts title="By kind" param="kind" counts=d.by_kind />
            <Counts title="By status" param="status" counts=d.by_status />
        </div>
    }
}
