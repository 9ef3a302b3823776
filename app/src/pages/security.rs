//! `/account/security`: the optional second sign-in factor. Setting it up
//! shows a QR code and the secret once, and a first code from the app turns
//! it on; a current code turns it off. Every form posts without JavaScript.

use crate::{
    api::security::{
        BeginTwoFactor, CancelTwoFactor, ConfirmTwoFactor, DisableTwoFactor, SecurityView, SetupView, security_status,
    },
    components::{
        form::{Field, FormProblem, field_error},
        loading::Loading,
    },
    pages::render,
};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
fn Enabled(disable: ServerAction<DisableTwoFactor>) -> impl IntoView {
    let value = disable.value();
    view! {
        <p class="feed-state">"Two-factor sign-in is on: after your password, Docket asks for the 6-digit code of your authenticator app."</p>
        <ActionForm action=disable attr:class="stacked" attr:novalidate=true>
            <FormProblem value />
            <Field label="Current code" name="code" value="" error=field_error(value, "code") prefix="" required=true
                hint="To turn it off, enter the code your app shows now." />
            <div class="form-actions"><button type="submit" class="secondary">"Turn off two-factor sign-in"</button></div>
        </ActionForm>
    }
}

#[component]
fn Setup(
    setup: SetupView,
    confirm: ServerAction<ConfirmTwoFactor>,
    cancel: ServerAction<CancelTwoFactor>,
) -> impl IntoView {
    let value = confirm.value();
    view! {
        <ol class="steps">
            <li>"Scan this code with an authenticator app (such as 1Password, Google Authenticator, Authy or FreeOTP)."</li>
        </ol>
        <figure class="qr">
            <div class="qr-code" role="img" aria-label="QR code holding your two-factor secret" inner_html=setup.qr_svg></div>
            <figcaption>"Or type this secret by hand: "<code class="secret">{setup.secret}</code></figcaption>
        </figure>
        <ActionForm action=confirm attr:class="stacked" attr:novalidate=true>
            <FormProblem value />
            <Field label="Code from the app" name="code" value="" error=field_error(value, "code") prefix="" required=true
                hint="The 6 digits the app shows now; this turns two-factor sign-in on." />
            <div class="form-actions"><button type="submit">"Turn on"</button></div>
        </ActionForm>
        <ActionForm action=cancel attr:class="inline">
            <button type="submit" class="link-button">"Cancel set-up"</button>
        </ActionForm>
    }
}

#[component]
fn SecurityBody(
    d: SecurityView,
    begin: ServerAction<BeginTwoFactor>,
    confirm: ServerAction<ConfirmTwoFactor>,
    cancel: ServerAction<CancelTwoFactor>,
    disable: ServerAction<DisableTwoFactor>,
) -> impl IntoView {
    let body = match (d.enabled, d.setup, d.allowed) {
        (true, _, _) => view! { <Enabled disable /> }.into_any(),
        (false, Some(setup), _) => view! { <Setup setup confirm cancel /> }.into_any(),
        (false, None, true) => view! {
            <p class="feed-state">"Two-factor sign-in is off."</p>
            <p class="hint">"With it on, a stolen password is not enough to open your account: Docket also asks for a code from an app on your phone."</p>
            <ActionForm action=begin attr:class="inline">
                <button type="submit">"Set up two-factor sign-in"</button>
            </ActionForm>
        }
        .into_any(),
        (false, None, false) => view! {
            <p class="feed-state">"Two-factor sign-in is available to attorneys and admins."</p>
        }
        .into_any(),
    };
    view! {
        <section class="panel" aria-labelledby="two-factor-h">
            <h2 id="two-factor-h">"Two-factor sign-in"</h2>
            {body}
        </section>
    }
}

/// `/account/security`: the caller's second sign-in factor.
#[component]
pub fn SecurityPage() -> impl IntoView {
    let begin = ServerAction::<BeginTwoFactor>::new();
    let confirm = ServerAction::<ConfirmTwoFactor>::new();
    let cancel = ServerAction::<CancelTwoFactor>::new();
    let disable = ServerAction::<DisableTwoFactor>::new();
    let data = Resource::new(
        move || (begin.version().get(), confirm.version().get(), cancel.version().get(), disable.version().get()),
        |_| security_status(),
    );
    view! {
        <Title text="Security · Docket" />
        <div class="page-head">
            <h1>"Security"</h1>
            <p class="lede">"How you sign in. To end every session of your account, use “Sign out everywhere”."</p>
        </div>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                render(data.await, |d| view! { <SecurityBody d begin confirm cancel disable /> })
            })}
        </Transition>
        <form method="post" action="/logout" class="inline">
            <input type="hidden" name="everywhere" value="1" />
            <button type="submit" class="secondary">"Sign out everywhere"</button>
        </form>
    }
}
