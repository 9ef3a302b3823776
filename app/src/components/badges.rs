//! Small labels: statuses, kinds, verification tags, deadline chips.

use crate::{
    components::long_date,
    domain::vocab::{DeadlineStatus, MatterKind, MatterStatus, Verification},
};
use chrono::NaiveDate;
use leptos::prelude::*;

/// A matter's status.
#[component]
pub fn StatusBadge(status: MatterStatus) -> impl IntoView {
    view! { <span class=format!("badge status-{}", status.code())>{status.label()}</span> }
}

/// A matter's kind.
#[component]
pub fn KindBadge(kind: MatterKind) -> impl IntoView {
    view! { <span class=format!("badge kind-{}", kind.code())>{kind.label()}</span> }
}

/// A deadline's status.
#[component]
pub fn DeadlineStatusBadge(status: DeadlineStatus) -> impl IntoView {
    view! { <span class=format!("badge deadline-{}", status.code())>{status.label()}</span> }
}

/// Shown only for facts that are not verified in a primary source.
#[component]
pub fn VerificationTag(verification: Verification) -> impl IntoView {
    (verification != Verification::Verified).then(|| {
        view! {
            <span class=format!("tag verification-{}", verification.code()) title=verification.label()>
                {match verification {
                    Verification::Secondary => "secondary source",
                    Verification::Unverified => "UNVERIFIED",
                    Verification::Placeholder => "PLACEHOLDER",
                    Verification::Verified => "",
                }}
            </span>
        }
    })
}

/// Where a deadline's date is explained: its place on its matter's
/// timeline, with "Why this date?" open.
pub fn why_href(matter_slug: &str, deadline_id: i32) -> String {
    format!("/matters/{matter_slug}?why={deadline_id}#deadline-{deadline_id}")
}

/// A due date with how far away it is in business days, or (`settled`)
/// with what became of it instead: a met deadline is not days late. With
/// `why` (see [`why_href`]) the date links to its explanation.
#[component]
pub fn DueChip(
    due: NaiveDate,
    business_days_left: i64,
    #[prop(default = None)] settled: Option<&'static str>,
    #[prop(default = None)] why: Option<String>,
) -> impl IntoView {
    let (class, words) = match (settled, business_days_left) {
        (Some(words), _) => ("due settled", words.to_string()),
        (None, n) if n < 0 => ("due overdue", format!("{} business days late", -n)),
        (None, 0) => ("due soon", "due today".to_string()),
        (None, 1) => ("due soon", "1 business day".to_string()),
        (None, n) if n <= 5 => ("due soon", format!("{n} business days")),
        (None, n) => ("due later", format!("{n} business days")),
    };
    let date = view! { <time datetime=due.to_string()>{long_date(due)}</time> };
    view! {
        <span class=class>
            {match why {
                Some(href) => view! { <a href=href title="Why this date?">{date}</a> }.into_any(),
                None => date.into_any(),
            }}
            <span class="due-words">{words}</span>
        </span>
    }
}
