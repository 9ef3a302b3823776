//! Agency scorecards: the table (full, or short for the public home) and a
//! bar chart of business days late, whose figures the table repeats; and
//! one agency's days late over time, as a column chart and a table.

use crate::model::{LatePeriod, Scorecard};
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
                <td data-label="Part of">{s.parent.clone().map(|p| view! { <a href=format!("/agencies/{}", p.slug)>{p.abbreviation}</a> })}</td>
            })}
            <td class="num" data-label="Requests">{requests}</td>
            <td class="num" data-label="Answered on time">{on_time(&s)}</td>
            <td class="num" data-label="Median days late">{days(s.median_days_late().map(|m| m.to_string()))}</td>
            <td class="num" data-label="Worst days late">{days(s.worst_days_late().map(|w| w.to_string()))}</td>
            <td class="num" data-label="Overdue now" class:late=s.overdue.gt(&0)>{overdue}</td>
            <td class="num" data-label="Lawsuits">{lawsuits}</td>
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
            <table class="scorecards stack" id=id>
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

const T_WIDTH: i64 = 640;
const T_HEIGHT: i64 = 220;
const T_LEFT: i64 = 40;
const T_TOP: i64 = 18;
const T_BOTTOM: i64 = 40;

fn num(value: Option<String>) -> String {
    value.unwrap_or_else(|| "—".to_string())
}

/// The time chart's text alternative: each quarter's median and worst.
fn periods_summary(periods: &[LatePeriod]) -> String {
    let parts: Vec<String> = periods
        .iter()
        .filter(|p| p.responses_due > 0)
        .map(|p| match (p.median_days_late(), p.worst_days_late()) {
            (Some(m), Some(w)) => format!("{}: median {m}, worst {w}", p.label),
            _ => format!("{}: none late", p.label),
        })
        .collect();
    format!("Business days late of statutory responses, by the quarter they were due. {}.", parts.join("; "))
}

#[component]
fn PeriodBars(p: LatePeriod, x: i64, step: i64, scale: f64) -> impl IntoView {
    let base = T_HEIGHT - T_BOTTOM;
    let h = |v: f64| ((v * scale).round() as i64).max(2);
    let (wide, narrow) = ((step * 3 / 5).max(4), (step * 3 / 10).max(2));
    let bars = match (p.median_days_late(), p.worst_days_late()) {
        (Some(median), Some(worst)) => view! {
            <rect x=(x + (step - wide) / 2).to_string() y=(base - h(worst as f64)).to_string() width=wide.to_string()
                height=h(worst as f64).to_string() class="bar-worst" />
            <rect x=(x + (step - narrow) / 2).to_string() y=(base - h(median)).to_string() width=narrow.to_string()
                height=h(median).to_string() class="bar-median" />
            <text x=(x + step / 2).to_string() y=(base - h(worst as f64) - 4).to_string() class="chart-value"
                text-anchor="middle">{worst}</text>
        }
        .into_any(),
        _ if p.responses_due > 0 => view! {
            <text x=(x + step / 2).to_string() y=(base - 4).to_string() class="chart-value" text-anchor="middle">"0"</text>
        }
        .into_any(),
        _ => ().into_any(),
    };
    let quarter = p.label.split(' ').nth(1).unwrap_or_default().to_string();
    let year = p.label.split(' ').next().unwrap_or_default().to_string();
    view! {
        {bars}
        <text x=(x + step / 2).to_string() y=(base + 16).to_string() class="chart-value" text-anchor="middle">{quarter}</text>
        {(p.start.format("%m").to_string() == "01" || x == T_LEFT).then(|| view! {
            <text x=(x + step / 2).to_string() y=(base + 32).to_string() class="chart-value" text-anchor="middle">{year}</text>
        })}
    }
}

/// A column chart of business days late by the quarter responses were due:
/// the worst (light, with its figure) and the median (dark) of the
/// quarter's late responses. The table `table_id` holds the same figures.
#[component]
fn LateOverTimeChart(periods: Vec<LatePeriod>, table_id: &'static str) -> impl IntoView {
    let max = periods.iter().filter_map(LatePeriod::worst_days_late).max().unwrap_or(1).max(1);
    let scale = (T_HEIGHT - T_TOP - T_BOTTOM - 14) as f64 / max as f64;
    let step = (T_WIDTH - T_LEFT - 8) / periods.len().max(1) as i64;
    let base = T_HEIGHT - T_BOTTOM;
    let top = base - (max as f64 * scale).round() as i64;
    let label = periods_summary(&periods);
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {T_WIDTH} {T_HEIGHT}") width="100%" role="img" aria-label=label
                aria-describedby=table_id focusable="false">
                <line x1=T_LEFT.to_string() x2=(T_WIDTH - 8).to_string() y1=base.to_string() y2=base.to_string() class="chart-axis" />
                <line x1=T_LEFT.to_string() x2=(T_WIDTH - 8).to_string() y1=top.to_string() y2=top.to_string() class="chart-grid" />
                <text x=(T_LEFT - 6).to_string() y=(base + 4).to_string() class="chart-value" text-anchor="end">"0"</text>
                <text x=(T_LEFT - 6).to_string() y=(top + 4).to_string() class="chart-value" text-anchor="end">{max}</text>
                {periods.into_iter().enumerate().map(|(i, p)| view! {
                    <PeriodBars p x=T_LEFT + step * i as i64 step scale />
                }).collect_view()}
            </svg>
            <figcaption class="hint">
                "Business days late by the quarter the response was due: dark bar the median, light bar the worst (its figure above it); 0 means every response due that quarter came on time. The table below gives the same numbers and the matters behind them."
            </figcaption>
        </figure>
    }
}

#[component]
fn PeriodRow(p: LatePeriod) -> impl IntoView {
    let late = p.responses_due.saturating_sub(p.on_time);
    let more = p.late_matters.saturating_sub(p.matters.len() as u64);
    view! {
        // On a phone a quarter with nothing due folds to its name.
        <tr class:none-due={p.responses_due == 0}>
            <th scope="row">{p.label.clone()}</th>
            <td class="num" data-label="Responses due">{p.responses_due}</td>
            <td class="num" data-label="On time">{p.on_time}</td>
            <td class="num" data-label="Late" class:late=late.gt(&0)>{late}</td>
            <td class="num" data-label="Median days late">{num(p.median_days_late().map(|m| m.to_string()))}</td>
            <td class="num" data-label="Worst days late">{num(p.worst_days_late().map(|w| w.to_string()))}</td>
            <td class="num" data-label="Still unanswered">{p.unanswered}</td>
            <td class="list" data-label="Matters answered late">
                <ul class="inline-list">
                    {p.matters.iter().map(|m| view! {
                        <li><a href=format!("/matters/{}", m.slug)>{m.title.clone()}</a></li>
                    }).collect_view()}
                    {(more > 0).then(|| view! { <li>{format!("and {} more", super::thousands(more))}</li> })}
                </ul>
            </td>
        </tr>
    }
}

/// Days late over time for one agency: the chart and the table that says
/// the same in words, with links to the matters whose responses were late.
#[component]
pub fn LateOverTime(periods: Vec<LatePeriod>, id: &'static str) -> impl IntoView {
    if periods.is_empty() {
        return view! { <p class="empty">"No statutory response has come due yet."</p> }.into_any();
    }
    view! {
        <LateOverTimeChart periods=periods.clone() table_id=id />
        <div class="table-scroll">
            <table class="scorecards late-periods stack" id=id>
                <caption class="hint">
                    "Statutory responses of requests and appeals by the quarter they were due, as Docket computed them. Days late are business days; a response still unanswered counts to today."
                </caption>
                <thead>
                    <tr>
                        <th scope="col">"Quarter due"</th>
                        <th scope="col" class="num">"Responses due"</th>
                        <th scope="col" class="num">"On time"</th>
                        <th scope="col" class="num">"Late"</th>
                        <th scope="col" class="num">"Median days late"</th>
                        <th scope="col" class="num">"Worst days late"</th>
                        <th scope="col" class="num">"Still unanswered"</th>
                        <th scope="col">"Matters answered late"</th>
                    </tr>
                </thead>
                <tbody>{periods.into_iter().map(|p| view! { <PeriodRow p /> }).collect_view()}</tbody>
            </table>
        </div>
    }
    .into_any()
}
