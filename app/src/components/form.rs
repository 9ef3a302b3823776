//! Form controls with their label, hint and the server's message for that
//! field right beside them (also read out by screen readers).

use crate::error::AppError;
use leptos::prelude::*;

/// The latest result of a server action.
pub type ActionValue<T> = MappedSignal<Option<Result<T, AppError>>>;

/// The message for `field` in the latest result of an action, if any.
pub fn field_error<T: Clone + Send + Sync + 'static>(
    value: ActionValue<T>,
    field: &'static str,
) -> Signal<Option<String>> {
    Signal::derive(move || value.get().and_then(|r| r.err()).and_then(|e| e.about(field)))
}

/// What was typed into the form posted to `endpoint` (a server function's
/// path), when the server refused it without JavaScript and sent the
/// browser back here: the server adds the posted fields to that redirect
/// (`__form`, see the server's `typed_input`), so the form can show them
/// again instead of what was stored. `None` otherwise.
pub fn typed<T: serde::de::DeserializeOwned>(endpoint: &str) -> Option<T> {
    use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
    let query = leptos_router::hooks::use_query_map();
    let query = query.read_untracked();
    if query.get_str("__path") != Some(endpoint) {
        return None;
    }
    let posted = URL_SAFE_NO_PAD.decode(query.get_str("__form")?).ok()?;
    // Read as the server function read it (brackets may come percent-encoded).
    serde_qs::Config::new(5, false).deserialize_bytes(&posted).ok()
}

/// Whether this page was reached right after the server function at
/// `endpoint` succeeded: the server marks that redirect back `__done` (see
/// the server's `typed_input`), so the page can say the change was saved.
pub fn done(endpoint: &str) -> bool {
    leptos_router::hooks::use_query_map().read_untracked().get_str("__done") == Some(endpoint)
}

/// A status line saying `text`, shown when the page was reached right after
/// the server function at `endpoint` succeeded. The server's redirect ends
/// in `#saved`, so the browser scrolls to it.
#[component]
pub fn Saved(endpoint: &'static str, text: &'static str) -> impl IntoView {
    done(endpoint).then(|| view! { <p id="saved" class="form-ok" role="status">{text}</p> })
}

/// The problem with the whole form (a conflict, a refusal), or a pointer to
/// the fields that need attention.
#[component]
pub fn FormProblem<T: Clone + Send + Sync + 'static>(value: ActionValue<T>) -> impl IntoView {
    move || {
        value.get().and_then(|r| r.err()).map(|e| match e {
            AppError::Validation { .. } | AppError::Fields(_) => {
                problem_line("Nothing was saved. Please correct the fields marked below.".to_string())
            }
            other => problem_line(format!("Nothing was saved. {}", other.sentence())),
        })
    }
}

/// Why the latest call of an action was refused, after `outcome` ("Nothing
/// was changed."), when it was.
#[component]
pub fn Refused<T: Clone + Send + Sync + 'static>(value: ActionValue<T>, outcome: &'static str) -> impl IntoView {
    move || value.get().and_then(Result::err).map(|e| problem_line(format!("{outcome} {}", e.sentence())))
}

/// The refusal line. Its id is `problem`: a refused post without JavaScript
/// comes back to `…#problem`, so the browser scrolls to it.
fn problem_line(text: String) -> impl IntoView {
    view! { <p id="problem" class="form-error" role="alert">{text}</p> }
}

/// How the control is drawn.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Control {
    Text,
    Date,
    Number,
    Area,
    Check,
}

/// One labelled control named `prefix[name]` (or `name` without a prefix).
#[component]
pub fn Field(
    label: &'static str,
    name: &'static str,
    #[prop(into)] value: String,
    error: Signal<Option<String>>,
    #[prop(default = Control::Text)] control: Control,
    #[prop(default = "form")] prefix: &'static str,
    #[prop(optional)] hint: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] id_suffix: String,
) -> impl IntoView {
    let id = format!("f-{name}{id_suffix}");
    let err_id = format!("{id}-err");
    let full = if prefix.is_empty() { name.to_string() } else { format!("{prefix}[{name}]") };
    let invalid = move || error.get().is_some().then_some("true");
    let input = match control {
        Control::Area => view! {
            <textarea id=id.clone() name=full rows="4" aria-invalid=invalid aria-describedby=err_id.clone()>{textarea_text(value)}</textarea>
        }
        .into_any(),
        Control::Check => view! {
            <input type="checkbox" id=id.clone() name=full checked=!value.is_empty() aria-describedby=err_id.clone() />
        }
        .into_any(),
        other => {
            let kind = match other {
                Control::Date => "date",
                Control::Number => "number",
                _ => "text",
            };
            view! {
                <input type=kind id=id.clone() name=full value=value required=required
                    aria-invalid=invalid aria-describedby=err_id.clone() />
            }
            .into_any()
        }
    };
    view! {
        <div class="field" class:check=control == Control::Check class:has-error=move || error.get().is_some()>
            <label for=id>{label}{required.then_some(" (required)")}</label>
            {input}
            {(!hint.is_empty()).then(|| view! { <span class="hint">{hint}</span> })}
            <span class="field-error" id=err_id aria-live="polite">{move || error.get()}</span>
        </div>
    }
}

/// The text of a `<textarea>`. Leptos writes a textarea's children
/// unescaped on the server (as for `<script>`), so stored or typed text
/// holding `</textarea>` would close the control and the rest would become
/// markup. The server escapes it here (the browser decodes the references
/// inside a textarea); in the browser it becomes a text node as it is.
fn textarea_text(value: String) -> String {
    if cfg!(feature = "ssr") { value.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;") } else { value }
}

/// A labelled choice among `options` (`(value, label)`).
#[component]
pub fn Choice(
    label: &'static str,
    name: &'static str,
    options: Vec<(String, String)>,
    #[prop(into)] selected: String,
    error: Signal<Option<String>>,
    #[prop(default = "form")] prefix: &'static str,
    #[prop(optional)] hint: &'static str,
    #[prop(optional, into)] id_suffix: String,
) -> impl IntoView {
    let id = format!("f-{name}{id_suffix}");
    let err_id = format!("{id}-err");
    let full = if prefix.is_empty() { name.to_string() } else { format!("{prefix}[{name}]") };
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=id.clone()>{label}</label>
            <select id=id name=full aria-describedby=err_id.clone()>
                {options.into_iter().map(|(value, text)| {
                    let on = value == selected;
                    view! { <option value=value selected=on>{text}</option> }
                }).collect_view()}
            </select>
            {(!hint.is_empty()).then(|| view! { <span class="hint">{hint}</span> })}
            <span class="field-error" id=err_id aria-live="polite">{move || error.get()}</span>
        </div>
    }
}
