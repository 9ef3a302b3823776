//! Sign-in: a plain form posted to `/login` (handled by the server), so it
//! works without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The sign-in page.
#[component]
pub fn LoginPage() -> impl IntoView {
    let query = use_query_map();
    let failed = query.read_untracked().get("error").is_some();
    let wait = query.read_untracked().get("wait");
    view! {
        <Title text="Sign in · Docket" />
        <section class="login">
            <h1>"Sign in"</h1>
            {failed.then(|| view! { <p class="form-error" role="alert">"That username and password do not match an account."</p> })}
            {wait.map(|minutes| view! { <p class="form-error" role="alert">{format!("Too many failed sign-ins for this account or from this address. Try again in {minutes} minutes.")}</p> })}
            <form method="post" action="/login">
                <label class="field"><span>"Username"</span><input name="username" autocomplete="username" required /></label>
                <label class="field"><span>"Password"</span><input name="password" type="password" autocomplete="current-password" required /></label>
                <button type="submit">"Sign in"</button>
            </form>
            <p class="sub">"The public dashboard needs no account."</p>
        </section>
    }
}
