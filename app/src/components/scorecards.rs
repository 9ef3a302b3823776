//! Agency scorecards: the table (full, or short for the public home) and a
//! bar chart of business days late, whose figures the table repeats.

use crate::model::Scorecard;
use leptos::prelude::*;

/// A number that links to the matters behind it.
fn linked(n: u64, href: String, what: &'static str) -> AnyView {
    if n == 0 {
        return view! { "0" }.into_any();
    }
    view! { <a href=href title=what>{n}</a> }.into_any()
}

fn days(value: Option<String>) -> String {
    value.unwrap_or_else(|| "—".to_string())
}

/// "75% (3 of 4)", or a dash when no response has come due.
fn on_time(s: &Scorecard) -> String {
    s.on_time_percent().map_or_else(|| "—".to_string(), |p| format!("{p}% ({} of {})", s.on_time, s.responses_due))
}

#[component]
fn ScorecardRow(s: Scorecard, short: bool) -> impl IntoView {
    let slug = s.agency.slug.clone();
    let requests = linked(s.requests, format!("/matters?kind=foia_request&agency={slug}"), "FOIA requests");
    let lawsuits = linked(s.lawsuits, format!("/matters?kind=lawsuit&agency={slug}"), "Lawsuits against the agency");
    let overdue = linked(s.overdue, format!("/agencies/{slug}#deadlines"), "Deadlines overdue now");
    view! {
        <tr>
            <th scope="row">
                <a href=format!("/agencies/{slug}")>{s.agency.abbreviation.clone()}</a>
                {(!short).then(|| view! { " "<span class="sub">{s.agency.name.clone()}</span> })}
            </th>
            {(!short).then(|| view! {
                <td>{s.parent.clone().map(|p| view! { <a href=format!("/agencies/{}", p.slug)>{p.abbreviation}</a> })}</td>
            })}
            <td class="num">{requests}</td>
            <td class="num">{on_time(&s)}</td>
            <td class="num">{days(s.median_days_late().map(|m| m.to_string()))}</td>
            <td class="num">{days(s.worst_days_late().map(|w| w.to_string()))}</td>
            <td class="num" class:late=s.overdue.gt(&0)>{overdue}</td>
            <td class="num">{lawsuits}</td>
        </tr>
    }
}

/// The scorecards as a table; `short` leaves out names and parents.
#[component]
pub fn ScorecardTable(cards: Vec<Scorecard>, #[prop(optional)] short: bool, id: &'static str) -> impl IntoView {
    if cards.is_empty() {
        return view! { <p class="empty">"No published requests yet."</p> }.into_any();
    }
    view! {
        <div class="table-scroll">
            <table class="scorecards" id=id>
                <caption class="hint">
                    "Statutory response deadlines (20 business days, plus a noticed extension) of requests and appeals, as Docket computed them. Days late are business days. An agency includes its components."
                </caption>
                <thead>
                    <tr>
                        <th scope="col">"Agency"</th>
                        {(!short).then(|| view! { <th scope="col">"Part of"</th> })}
                        <th scope="col" class="num">"Requests"</th>
                        <th scope="col" class="num">"Answered on time"</th>
                        <th scope="col" class="num">"Median days late"</th>
                        <th scope="col" class="num">"Worst days late"</th>
                        <th scope="col" class="num">"Overdue now"</th>
                        <th scope="col" class="num">"Lawsuits"</th>
                    </tr>
                </thead>
                <tbody>{cards.into_iter().map(|s| view! { <ScorecardRow s short /> }).collect_view()}</tbody>
            </table>
        </div>
    }
    .into_any()
}

const WIDTH: i64 = 640;
const LABEL: i64 = 72;
const ROW: i64 = 30;

/// The chart's text alternative: every agency's median and worst.
fn summary(cards: &[&Scorecard]) -> String {
    let parts: Vec<String> = cards
        .iter()
        .map(|s| {
            let median = s.median_days_late().map(|m| m.to_string()).unwrap_or_default();
            let worst = s.worst_days_late().unwrap_or_default();
            format!("{}: median {median}, worst {worst}", s.agency.abbreviation)
        })
        .collect();
    format!("Business days late per agency. {}.", parts.join("; "))
}

#[component]
fn ChartRow(s: Scorecard, y: i64, scale: f64) -> impl IntoView {
    let bar = |v: f64| ((v * scale).round() as i64).max(2).to_string();
    let worst = s.worst_days_late().unwrap_or_default();
    let median = s.median_days_late().unwrap_or_default();
    let worst_w = bar(worst as f64);
    let label_end = LABEL + (worst as f64 * scale).round() as i64 + 6;
    view! {
        <text x=(LABEL - 8).to_string() y=(y + 19).to_string() class="chart-label" text-anchor="end">{s.agency.abbreviation.clone()}</text>
        <rect x=LABEL.to_string() y=(y + 6).to_string() width=worst_w height="18" class="bar-worst" />
        <rect x=LABEL.to_string() y=(y + 10).to_string() width=bar(median) height="10" class="bar-median" />
        <text x=label_end.to_string() y=(y + 19).to_string() class="chart-value">{format!("{median} / {worst}")}</text>
    }
}

/// A bar chart of business days late per agency: the worst (light) and the
/// median (dark) of its late responses. The table `table_id` holds the
/// same figures.
#[component]
pub fn DaysLateChart(cards: Vec<Scorecard>, table_id: &'static str) -> impl IntoView {
    let late: Vec<Scorecard> = cards.into_iter().filter(|s| !s.days_late.is_empty()).collect();
    if late.is_empty() {
        return view! { <p class="empty">"No late responses among published requests."</p> }.into_any();
    }
    let max = late.iter().filter_map(Scorecard::worst_days_late).max().unwrap_or(1).max(1);
    let scale = (WIDTH - LABEL - 90) as f64 / max as f64;
    let height = ROW * late.len() as i64 + 8;
    let label = summary(&late.iter().collect::<Vec<_>>());
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {WIDTH} {height}") width="100%" role="img" aria-label=label
                aria-describedby=table_id focusable="false">
                {late.into_iter().enumerate().map(|(i, s)| view! { <ChartRow s y=ROW * i as i64 scale /> }).collect_view()}
            </svg>
            <figcaption class="hint">
                "Business days late per agency: dark bar the median, light bar the worst (figures as median / worst). The table gives the same numbers."
            </figcaption>
        </figure>
    }
    .into_any()
}
