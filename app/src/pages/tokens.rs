//! `/account/tokens`: a signed-in user's API tokens and private calendar
//! feed. The forms post without JavaScript; a new secret is shown once, right
//! after the form that made it.

use crate::{
    api::tokens::{CreateFeed, CreateToken, Issued, RevokeFeed, RevokeToken, TokenEntry, TokensView, list_tokens},
    components::{
        form::{Field, FormProblem, Refused, field_error},
        loading::Loading,
    },
    pages::render,
};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_meta::Title;

fn when(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// A secret, shown once.
#[component]
fn IssuedSecret(issued: Issued) -> impl IntoView {
    let (what, secret, hint) = match issued {
        Issued::Api { secret } => (
            "Your new API token, shown only this once:",
            secret,
            "Send it as the header Authorization: Bearer <token>. Keep it like a password: it reads what you can read.",
        ),
        Issued::Feed { url } => (
            "Your private calendar feed, shown only this once:",
            url,
            "Subscribe to this address in Outlook, Google Calendar or Apple Calendar. Anyone with it sees your deadlines.",
        ),
    };
    view! {
        <div class="form-ok password-once" role="status">
            <p>{what}" "<code class="secret">{secret}</code></p>
            <p class="hint">{hint}</p>
        </div>
    }
}

#[component]
fn TokenRow(t: TokenEntry, revoke: ServerAction<RevokeToken>) -> impl IntoView {
    let label = format!("Revoke the token {}", t.name);
    view! {
        <tr>
            <td>{t.name}</td>
            <td><code>{format!("{}…", t.prefix)}</code></td>
            <td>{when(t.created)}</td>
            <td>{t.last_used.map_or_else(|| "never".to_string(), when)}</td>
            <td>
                <ActionForm action=revoke attr:class="inline">
                    <input type="hidden" name="id" value=t.id.to_string() />
                    <button type="submit" class="link-button" aria-label=label>"Revoke"</button>
                </ActionForm>
            </td>
        </tr>
    }
}

#[component]
fn ApiTokens(
    tokens: Vec<TokenEntry>,
    issued: Option<Issued>,
    create: ServerAction<CreateToken>,
    revoke: ServerAction<RevokeToken>,
) -> impl IntoView {
    let value = create.value();
    let revoked = revoke.value();
    let list = if tokens.is_empty() {
        view! { <p class="empty">"You have no API tokens."</p> }.into_any()
    } else {
        view! {
            <table class="tokens">
                <thead><tr><th>"Name"</th><th>"Starts with"</th><th>"Created"</th><th>"Last used"</th><th></th></tr></thead>
                <tbody>{tokens.into_iter().map(|t| view! { <TokenRow t revoke /> }).collect_view()}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <section class="panel" aria-labelledby="api-tokens-h">
            <h2 id="api-tokens-h">"API tokens"</h2>
            <p class="hint">"A token lets a script read the JSON API at /api/v1 as you (see /api/v1/openapi.json)."</p>
            <ActionForm action=create attr:class="stacked" attr:novalidate=true>
                <FormProblem value />
                <Field label="Name" name="name" value="" error=field_error(value, "name") prefix="" required=true
                    hint="Where it will be used, such as \"deadline sync script\"" />
                <div class="form-actions"><button type="submit">"Create token"</button></div>
            </ActionForm>
            {issued.map(|issued| view! { <IssuedSecret issued /> })}
            <Refused value=revoked outcome="Nothing was revoked." />
            {list}
        </section>
    }
}

#[component]
fn CalendarFeed(
    feed: Option<TokenEntry>,
    issued: Option<Issued>,
    create: ServerAction<CreateFeed>,
    revoke: ServerAction<RevokeFeed>,
) -> impl IntoView {
    let has_feed = feed.is_some();
    let state = match feed {
        Some(f) => format!(
            "You have a private feed URL (created {}, last read {}). Its address was shown when it was created; \
             replace it to get a new one.",
            when(f.created),
            f.last_used.map_or_else(|| "never".to_string(), when)
        ),
        None => "You have no private feed URL.".to_string(),
    };
    view! {
        <section class="panel" aria-labelledby="feed-h">
            <h2 id="feed-h">"Calendar feed"</h2>
            <p class="feed-state">{state}</p>
            <p class="hint">"The private feed lists the deadlines of your matters; creating a new address stops the old one."</p>
            <ActionForm action=create attr:class="inline">
                <button type="submit">{if has_feed { "Replace feed URL" } else { "Create feed URL" }}</button>
            </ActionForm>
            {has_feed.then(|| view! {
                <ActionForm action=revoke attr:class="inline">
                    <button type="submit" class="secondary">"Revoke feed URL"</button>
                </ActionForm>
            })}
            {issued.map(|issued| view! { <IssuedSecret issued /> })}
            <p class="hint">"Everyone can also subscribe to the public feed of published matters: "<a href="/feeds/public.ics">"/feeds/public.ics"</a>"."</p>
        </section>
    }
}

#[component]
fn TokensBody(
    d: TokensView,
    create: ServerAction<CreateToken>,
    revoke: ServerAction<RevokeToken>,
    feed: ServerAction<CreateFeed>,
    unfeed: ServerAction<RevokeFeed>,
) -> impl IntoView {
    let (api_issued, feed_issued) = match d.issued {
        Some(i @ Issued::Api { .. }) => (Some(i), None),
        other => (None, other),
    };
    view! {
        <ApiTokens tokens=d.api issued=api_issued create revoke />
        <CalendarFeed feed=d.feed issued=feed_issued create=feed revoke=unfeed />
    }
}

/// `/account/tokens`: personal API tokens and the private calendar feed.
#[component]
pub fn TokensPage() -> impl IntoView {
    let create = ServerAction::<CreateToken>::new();
    let revoke = ServerAction::<RevokeToken>::new();
    let feed = ServerAction::<CreateFeed>::new();
    let unfeed = ServerAction::<RevokeFeed>::new();
    let data = Resource::new(
        move || (create.version().get(), revoke.version().get(), feed.version().get(), unfeed.version().get()),
        |_| list_tokens(),
    );
    view! {
        <Title text="Tokens · Docket" />
        <div class="page-head">
            <h1>"Tokens"</h1>
            <p class="lede">"Personal secrets that let programs read Docket as you: API tokens and your calendar feed. Revoking one stops it at once."</p>
        </div>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                render(data.await, |d| view! { <TokensBody d create revoke feed unfeed /> })
            })}
        </Transition>
    }
}
