//! Counts under labels: a bar chart drawn on the server, and the same
//! figures as links to the matters list filtered to each.

use crate::model::Count;
use leptos::prelude::*;

const WIDTH: i64 = 420;
const LABEL: i64 = 150;
const BAR: i64 = 16;
const GAP: i64 = 6;

#[component]
fn CountBars(counts: Vec<Count>, title: &'static str, list_id: String) -> impl IntoView {
    let max = counts.iter().map(|c| c.count).max().unwrap_or(1).max(1) as i64;
    let height = counts.len() as i64 * (BAR + GAP) + GAP;
    let plot = WIDTH - LABEL - 40;
    let label = format!(
        "{title}: {}",
        counts.iter().map(|c| format!("{} {}", c.count, c.label)).collect::<Vec<_>>().join(", ")
    );
    view! {
        <svg class="count-bars" viewBox=format!("0 0 {WIDTH} {height}") width="100%" role="img" aria-label=label
            aria-describedby=list_id focusable="false">
            {counts.into_iter().enumerate().map(|(i, c)| {
                let y = GAP + i as i64 * (BAR + GAP);
                let w = (c.count as i64 * plot / max).max(2);
                view! {
                    <text x=(LABEL - 6).to_string() y=(y + BAR - 4).to_string() class="chart-value" text-anchor="end">{c.label.clone()}</text>
                    <rect x=LABEL.to_string() y=y.to_string() width=w.to_string() height=BAR.to_string() class="bar" />
                    <text x=(LABEL + w + 5).to_string() y=(y + BAR - 4).to_string() class="chart-value">{c.count}</text>
                }
            }).collect_view()}
        </svg>
    }
}

/// Counts under labels, each linking to the matters list filtered by `param`.
#[component]
pub fn Counts(title: &'static str, param: &'static str, counts: Vec<Count>) -> impl IntoView {
    let list_id = format!("counts-{}", title.to_lowercase().replace(|c: char| !c.is_ascii_alphanumeric(), "-"));
    view! {
        <section class="panel counts">
            <h2>{title}</h2>
            {if counts.is_empty() {
                view! { <p class="empty">"None yet."</p> }.into_any()
            } else {
                view! { <CountBars counts=counts.clone() title list_id=list_id.clone() /> }.into_any()
            }}
            <ul id=list_id>
                {counts
                    .into_iter()
                    .map(|c| view! {
                        <li><a href=format!("/matters?{param}={}", c.code)><span class="n">{c.count}</span>" "{c.label}</a></li>
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
