//! Sign-in: plain forms posted to `/login` and, for accounts with a second
//! factor, `/login/two-factor` (handled by the server), so they work without
//! JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The "try again later" message of a throttled sign-in.
fn throttled(minutes: String) -> impl IntoView {
    view! {
        <p class="form-error" role="alert">
            {format!("Too many failed sign-ins for this account or from this address. Try again in {minutes} minutes.")}
        </p>
    }
}

/// The sign-in page.
#[component]
pub fn LoginPage() -> impl IntoView {
    let query = use_query_map();
    let failed = query.read_untracked().get("error").is_some();
    let expired = query.read_untracked().get("expired").is_some();
    let wait = query.read_untracked().get("wait");
    view! {
        <Title text="Sign in · Docket" />
        <section class="login">
            <h1>"Sign in"</h1>
            {failed.then(|| view! { <p class="form-error" role="alert">"That username and password do not match an account."</p> })}
            {expired.then(|| view! { <p class="form-error" role="alert">"The sign-in took too long. Enter your password again."</p> })}
            {wait.map(throttled)}
            <form method="post" action="/login">
                <label class="field"><span>"Username"</span><input name="username" autocomplete="username" required /></label>
                <label class="field"><span>"Password"</span><input name="password" type="password" autocomplete="current-password" required /></label>
                <button type="submit">"Sign in"</button>
            </form>
            <p class="sub">"The public dashboard needs no account."</p>
        </section>
    }
}

/// The second sign-in step: the code of the authenticator app.
#[component]
pub fn SecondFactorPage() -> impl IntoView {
    let query = use_query_map();
    let failed = query.read_untracked().get("error").is_some();
    let wait = query.read_untracked().get("wait");
    view! {
        <Title text="Two-factor code · Docket" />
        <section class="login">
            <h1>"Enter your code"</h1>
            <p>"Your account has two-factor sign-in. Enter the 6-digit code your authenticator app shows now."</p>
            {failed.then(|| view! { <p class="form-error" role="alert">"That code does not match (or was used already). Try the current one."</p> })}
            {wait.map(throttled)}
            <form method="post" action="/login/two-factor">
                <label class="field">
                    <span>"Code"</span>
                    <input name="code" inputmode="numeric" pattern="[0-9 ]*" autocomplete="one-time-code" required autofocus />
                </label>
                <button type="submit">"Continue"</button>
            </form>
            <p class="sub"><a href="/login">"Start again"</a>" · Lost your phone? An admin can turn the second factor off for you."</p>
        </section>
    }
}
