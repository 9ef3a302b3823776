//! The drafts queue (students' filings awaiting an attorney) and a matter's
//! history (every change, who made it and when).

use crate::{
    api::workspace::{ReviewMatter, drafts, load_history},
    components::{
        badges::KindBadge,
        form::{FormProblem, Saved, field_error},
        loading::Loading,
        long_date,
    },
    model::{DraftRow, MatterHistory},
    pages::render,
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// Approve, or return with a comment: the attorney's two clicks.
#[component]
pub fn ReviewForm(slug: String) -> impl IntoView {
    let action = ServerAction::<ReviewMatter>::new();
    let value = action.value();
    view! {
        <ActionForm action attr:class="review-form">
            <FormProblem value />
            <input type="hidden" name="slug" value=slug.clone() />
            <label for=format!("c-{slug}")>"Comment for the student (needed to return it)"</label>
            <textarea id=format!("c-{slug}") name="comment" rows="2"></textarea>
            <span class="field-error" aria-live="polite">{move || field_error(value, "comment").get()}</span>
            <div class="form-actions">
                <button type="submit" name="decision" value="approve">"Approve"</button>
                <button type="submit" name="decision" value="return" class="secondary">"Return with comment"</button>
            </div>
            <Saved endpoint=ReviewMatter::PATH text="Done. It is recorded in the matter's history." />
        </ActionForm>
    }
}

#[component]
fn DraftItem(d: DraftRow, reviewer: bool) -> impl IntoView {
    let returned = d.review_state == "returned";
    view! {
        <li class="draft">
            <p>
                <KindBadge kind=d.matter.kind />" "
                <a href=format!("/matters/{}", d.matter.slug)>{d.matter.title.clone()}</a>
                " "<span class="sub">{format!("{} · filed by {} on {}", d.agency, d.filed_by, long_date(d.filed))}</span>
                {returned.then(|| view! { " "<span class="tag private">"returned"</span> })}
            </p>
            {(!d.comment.is_empty()).then(|| view! { <p class="sub">"Attorney's comment: "{d.comment.clone()}</p> })}
            {(reviewer && !returned).then(|| view! { <ReviewForm slug=d.matter.slug.clone() /> })}
        </li>
    }
}

/// `/drafts`: the review queue.
#[component]
pub fn DraftsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| drafts());
    view! {
        <Title text="Drafts · Docket" />
        <div class="page-head">
            <h1>"Drafts awaiting approval"</h1>
            <p class="lede">"What students file (requests, appeals, complaints) waits here until an attorney approves it or returns it with a comment."</p>
        </div>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                render(data.await, move |q| if q.rows.is_empty() {
                    view! { <p class="empty">"Nothing is waiting. New drafts from students appear here."</p> }.into_any()
                } else {
                    view! { <ul class="drafts">{q.rows.into_iter().map(|d| view! { <DraftItem d reviewer=q.reviewer /> }).collect_view()}</ul> }.into_any()
                })
            })}
        </Suspense>
    }
}

#[component]
fn HistoryView(h: MatterHistory) -> impl IntoView {
    view! {
        <Title text=format!("History: {} · Docket", h.matter.title) />
        <div class="page-head">
            <p class="crumbs"><a href=format!("/matters/{}", h.matter.slug)>{h.matter.title.clone()}</a></p>
            <h1>"History"</h1>
            <p class="lede">"Every change to this matter, newest first, with the values before and after."</p>
        </div>
        <table class="history stack">
            <thead><tr><th scope="col">"When"</th><th scope="col">"Who"</th><th scope="col">"What"</th><th scope="col">"Before"</th><th scope="col">"After"</th></tr></thead>
            <tbody>
                {h.entries.into_iter().map(|e| view! {
                    <tr>
                        <td>{e.at}</td>
                        <td>{e.who}</td>
                        <td>{format!("{} {}", e.action, e.what)}</td>
                        <td class="value list" data-label="Before">{e.old_value}</td>
                        <td class="value list" data-label="After">{e.new_value}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// `/matters/:slug/history`.
#[component]
pub fn HistoryPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(move || params.read().get("slug").unwrap_or_default(), load_history);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move { render(data.await, |h| view! { <HistoryView h /> }) })}
        </Suspense>
    }
}
