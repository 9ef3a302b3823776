//! The portfolio timeline drawn as SVG on the server: one row per matter on
//! a shared time axis, group headings, month ticks, a line for today,
//! events as dots and deadlines as diamonds coloured by status. The table
//! beside it on the page says the same in words.

use crate::{
    domain::vocab::DeadlineStatus,
    model::portfolio::{Portfolio, Row},
};
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;

const WIDTH: i64 = 960;
const LABEL: i64 = 250;
const RIGHT: i64 = 12;
const TOP: i64 = 34;
const ROW: i64 = 22;
const HEADING: i64 = 26;

/// Where dates fall on the axis.
#[derive(Clone, Copy)]
struct Axis {
    start: NaiveDate,
    days: i64,
}

impl Axis {
    fn x(self, d: NaiveDate) -> i64 {
        let plot = WIDTH - LABEL - RIGHT;
        LABEL + ((d - self.start).num_days().clamp(0, self.days) * plot) / self.days.max(1)
    }

    fn holds(self, d: NaiveDate) -> bool {
        let off = (d - self.start).num_days();
        (0..=self.days).contains(&off)
    }
}

/// The first of each month inside the axis, every `step` months so that
/// labels do not crowd.
fn months(axis: Axis, end: NaiveDate) -> Vec<NaiveDate> {
    let step = match axis.days {
        days if days <= 200 => 1,
        days if days <= 400 => 2,
        days if days <= 800 => 3,
        _ => 6,
    };
    let mut d = NaiveDate::from_ymd_opt(axis.start.year(), axis.start.month(), 1).unwrap_or(axis.start);
    let mut out = Vec::new();
    while d <= end {
        if d >= axis.start && d.month0().is_multiple_of(step) {
            out.push(d);
        }
        d = d.checked_add_months(chrono::Months::new(1)).unwrap_or(end + chrono::Duration::days(1));
    }
    out
}

fn shorten(title: &str) -> String {
    const MAX: usize = 34;
    if title.chars().count() <= MAX {
        title.to_string()
    } else {
        format!("{}…", title.chars().take(MAX - 1).collect::<String>().trim_end())
    }
}

fn status_class(s: DeadlineStatus) -> &'static str {
    match s {
        DeadlineStatus::Met => "mark-met",
        DeadlineStatus::Missed => "mark-missed",
        DeadlineStatus::Tolled => "mark-tolled",
        DeadlineStatus::Vacated => "mark-vacated",
        DeadlineStatus::Open => "mark-open",
    }
}

#[component]
fn MatterRow(row: Row, y: i64, axis: Axis, today: NaiveDate) -> impl IntoView {
    let mid = y + ROW / 2;
    let from = axis.x(row.opened);
    let to = axis.x(today);
    let next = row.next(today).map(|m| axis.x(m.due));
    view! {
        <g class="chart-row">
            <text x=(LABEL - 8).to_string() y=(mid + 4).to_string() class="chart-value" text-anchor="end">{shorten(&row.matter.title)}</text>
            <line x1=from.to_string() x2=to.to_string() y1=mid.to_string() y2=mid.to_string() class="life" />
            {next.filter(|n| *n > to).map(|n| view! {
                <line x1=to.to_string() x2=n.to_string() y1=mid.to_string() y2=mid.to_string() class="life-ahead" />
            })}
            {row.events.iter().filter(|d| axis.holds(**d)).map(|d| view! {
                <circle cx=axis.x(*d).to_string() cy=mid.to_string() r="3" class="event-dot" />
            }).collect_view()}
            {row.deadlines.iter().filter(|m| axis.holds(m.due)).map(|m| {
                let (cx, s) = (axis.x(m.due), 5);
                let points = format!("{},{} {},{} {},{} {},{}", cx, mid - s, cx + s, mid, cx, mid + s, cx - s, mid);
                view! { <polygon points=points class=status_class(m.status) /> }
            }).collect_view()}
        </g>
    }
}

/// The chart; `table_id` names the table that repeats it in words.
#[component]
pub fn PortfolioChart(p: Portfolio, table_id: &'static str) -> impl IntoView {
    let axis = Axis { start: p.start, days: (p.end - p.start).num_days().max(1) };
    let rows: usize = p.groups.iter().map(|g| g.rows.len()).sum();
    let height = TOP + HEADING * p.groups.len() as i64 + ROW * rows as i64 + 8;
    let label = format!(
        "Timeline of {rows} open matters in {} groups from {} to {}; today marked. The table below lists the same matters, their next deadline and missed deadlines.",
        p.groups.len(),
        p.start.format("%b %Y"),
        p.end.format("%b %Y")
    );
    let today = p.today;
    let mut y = TOP;
    let mut body = Vec::new();
    for g in p.groups {
        body.push(
            view! {
                <text x="4" y=(y + HEADING - 8).to_string() class="chart-label">{g.label.clone()}</text>
            }
            .into_any(),
        );
        y += HEADING;
        for row in g.rows {
            body.push(view! { <MatterRow row y axis today /> }.into_any());
            y += ROW;
        }
    }
    let bottom = height - 4;
    view! {
        <figure class="chart portfolio-chart">
            <svg viewBox=format!("0 0 {WIDTH} {height}") width="100%" role="img" aria-label=label aria-describedby=table_id focusable="false">
                {months(axis, p.end).into_iter().map(|m| view! {
                    <line x1=axis.x(m).to_string() x2=axis.x(m).to_string() y1="18" y2=bottom.to_string() class="chart-grid" />
                    {(axis.x(m) + 60 < WIDTH).then(|| view! {
                        <text x=(axis.x(m) + 3).to_string() y="14" class="chart-value">{m.format("%b %Y").to_string()}</text>
                    })}
                }).collect_view()}
                {body}
                {axis.holds(today).then(|| view! {
                    <line x1=axis.x(today).to_string() x2=axis.x(today).to_string() y1="20" y2=bottom.to_string() class="today-line" />
                    <text x=(axis.x(today) + 3).to_string() y="30" class="chart-value today-label">"today"</text>
                })}
            </svg>
            <figcaption class="hint">
                "Each line runs from the matter's first event to today, dashed on to its next open deadline. Dots are events; diamonds are deadlines: amber open, red missed, green met, grey tolled or vacated."
            </figcaption>
        </figure>
    }
}
