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

/// A due date with how far away it is in business days.
#[component]
pub fn DueChip(due: NaiveDate, business_days_left: i64) -> impl IntoView {
    let (class, words) = match business_days_left {
        n if n < 0 => ("due overdue", format!("{} business days late", -n)),
        0 => ("due soon", "due today".to_string()),
        1 => ("due soon", "1 business day".to_string()),
        n if n <= 5 => ("due soon", format!("{n} business days")),
        n => ("due later", format!("{n} business days")),
    };
    view! {
        <span class=class>
            <time datetime=due.to_string()>{long_date(due)}</time>
            <span class="due-words">{words}</span>
        </span>
    }
}
