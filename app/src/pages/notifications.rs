//! `/notifications`: the daily digests of what is due and what is late on
//! the signed-in user's matters (also e-mailed when SMTP is configured).

use crate::{
    api::notifications::{MarkNotificationsRead, notifications},
    components::{
        loading::Loading,
        long_date,
        more::{EVERY_ONE, More},
    },
    model::{DigestItem, NotificationView},
    pages::render,
};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
fn ItemLine(i: DigestItem) -> impl IntoView {
    let when = match i.business_days_left {
        n if n < 0 => format!("{} business days late", -n),
        0 => "due today".to_string(),
        1 => "in 1 business day".to_string(),
        n => format!("in {n} business days"),
    };
    let who = if i.owed_by_agency { "agency owes" } else { "we owe" };
    view! {
        <li class:overdue=i.overdue()>
            <time datetime=i.due.to_string()>{long_date(i.due)}</time>" "
            <span class="sub">{format!("({when}; {who})")}</span>" "
            {i.title.clone()}" — "
            <a href=format!("/matters/{}", i.matter_slug)>{i.matter_title.clone()}</a>
        </li>
    }
}

#[component]
fn Digest(n: NotificationView) -> impl IntoView {
    let (late, soon): (Vec<DigestItem>, Vec<DigestItem>) = n.items.into_iter().partition(DigestItem::overdue);
    let group = |heading: &'static str, items: Vec<DigestItem>, total: u64, order: &'static str, status: &str| {
        (!items.is_empty()).then(|| {
            let shown = items.len();
            view! {
                <h3>{heading}</h3>
                <ul class="digest">{items.into_iter().map(|i| view! { <ItemLine i /> }).collect_view()}</ul>
                <More shown total order href=format!("/export/deadlines.csv?status={status}") link=EVERY_ONE />
            }
        })
    };
    view! {
        <article class="notification" class:unread=!n.read>
            <h2>{long_date(n.day)}</h2>
            <p class="sub">{n.subject.clone()}{n.emailed.then_some(" · e-mailed")}</p>
            {group("Overdue", late, n.overdue_total, "most recently due first", "missed")}
            {group("Due within 5 business days", soon, n.soon_total, "earliest first", "open")}
        </article>
    }
}

/// `/notifications`.
#[component]
pub fn NotificationsPage() -> impl IntoView {
    let read = ServerAction::<MarkNotificationsRead>::new();
    let data = Resource::new(move || read.version().get(), |_| notifications());
    view! {
        <Title text="Notifications · Docket" />
        <div class="page-head">
            <h1>"Notifications"</h1>
            <p class="lede">"Each morning Docket writes you what is due within five business days and what is overdue on your matters."</p>
        </div>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render(data.await, move |list| if list.is_empty() {
                    view! { <p class="empty">"No notifications yet. The first digest comes the morning after something of yours falls due within five business days."</p> }.into_any()
                } else {
                    let unread = list.iter().any(|n| !n.read);
                    view! {
                        {unread.then(|| view! {
                            <ActionForm action=read attr:class="inline-form">
                                <button type="submit" class="secondary">"Mark all read"</button>
                            </ActionForm>
                        })}
                        {list.into_iter().map(|n| view! { <Digest n /> }).collect_view()}
                    }.into_any()
                })
            })}
        </Suspense>
    }
}
