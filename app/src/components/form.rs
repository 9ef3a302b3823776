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

/// The problem with the whole form (a conflict, a refusal), or a pointer to
/// the fields that need attention.
#[component]
pub fn FormProblem<T: Clone + Send + Sync + 'static>(value: ActionValue<T>) -> impl IntoView {
    move || {
        value.get().and_then(|r| r.err()).map(|e| {
            let text = match e {
                AppError::Validation { .. } | AppError::Fields(_) => {
                    "Nothing was saved. Please correct the fields marked below.".to_string()
                }
                other => format!("Nothing was saved. {other}"),
            };
            view! { <p class="form-error" role="alert">{text}</p> }
        })
    }
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
            <textarea id=id.clone() name=full rows="4" aria-invalid=invalid aria-describedby=err_id.clone()>{value}</textarea>
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
