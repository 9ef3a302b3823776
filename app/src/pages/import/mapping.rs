//! `/admin/import/:id/mapping`: the mapping editor. Each column of the
//! uploaded file, with its header and a sample value, gets a select of the
//! fields Docket imports, prefilled from the upload's mapping (or from a
//! mapping saved for files with the same columns); the user picks what each
//! row becomes and the date format, names the mapping and saves it (a plain
//! form posted to the same path), and the preview then uses it. After a
//! refused post the page shows the problems and the choices that were sent.

use crate::{
    api::import::{EditorColumn, MappingEditorView, get_mapping_editor},
    components::loading::Loading,
    pages::render,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    hooks::{use_params_map, use_query_map},
    params::ParamsMap,
};

/// What the refused post sent, to show again (`?name=…&column_3=…`).
#[derive(Debug, Clone, Default)]
struct Sent {
    problems: Vec<String>,
    query: ParamsMap,
}

impl Sent {
    fn read() -> Sent {
        let query = use_query_map().read_untracked().clone();
        let problems = query.get("problem").map(|p| p.lines().map(str::to_string).collect()).unwrap_or_default();
        Sent { problems, query }
    }

    fn get(&self, key: &str) -> Option<String> {
        self.query.get(key)
    }
}

#[component]
fn Choice(id: String, name: String, options: Vec<(String, String)>, chosen: String) -> impl IntoView {
    view! {
        <select id=id name=name>
            {options
                .into_iter()
                .map(|(value, text)| {
                    let selected = value == chosen;
                    view! { <option value=value selected=selected>{text}</option> }
                })
                .collect_view()}
        </select>
    }
}

/// The fields offered, in groups `(label, [(code, label)])`, and `ignore`.
type Fields = (Vec<(String, Vec<(String, String)>)>, (String, String));

/// The select of the field a column holds: "(not imported)", the fields by
/// what rows they belong to, then `ignore`.
#[component]
fn FieldChoice(id: String, name: String, fields: Fields, chosen: String) -> impl IntoView {
    let option = |(value, text): (String, String)| {
        let selected = value == chosen;
        view! { <option value=value selected=selected>{text}</option> }
    };
    let (groups, ignore) = fields;
    let groups = groups
        .into_iter()
        .map(|(label, fields)| view! { <optgroup label=label>{fields.into_iter().map(option).collect_view()}</optgroup> })
        .collect_view();
    view! {
        <select id=id name=name>
            {option((String::new(), "(not imported)".to_string()))}
            {groups}
            {option(ignore)}
        </select>
    }
}

#[component]
fn ColumnRow(c: EditorColumn, fields: Fields, chosen: String) -> impl IntoView {
    let id = format!("map-column-{}", c.number);
    view! {
        <tr>
            <th scope="row">
                <label for=id.clone()>{format!("Column {} `{}`", c.number, c.header)}</label>
            </th>
            <td class="import-sample">{c.sample}</td>
            <td>{(!c.detected.is_empty()).then(|| format!("dates like {}", c.detected))}</td>
            <td><FieldChoice id name=format!("column_{}", c.number) fields chosen /></td>
        </tr>
    }
}

fn date_options(e: &MappingEditorView) -> Vec<(String, String)> {
    let detected: Vec<String> = e
        .columns
        .iter()
        .filter(|c| !c.detected.is_empty())
        .map(|c| format!("{} in column {}", c.detected, c.number))
        .collect();
    let detect = if detected.is_empty() {
        "Detect per column".to_string()
    } else {
        format!("Detect per column (detected here: {})", detected.join(", "))
    };
    std::iter::once((String::new(), detect))
        .chain(e.date_formats.iter().map(|(code, example)| (code.clone(), format!("{code}: {example}"))))
        .collect()
}

#[component]
fn EditorForm(e: MappingEditorView, sent: Sent) -> impl IntoView {
    let targets = e.targets.iter().map(|(c, l, needs)| (c.clone(), format!("{l}; needs {needs}"))).collect();
    let dates = date_options(&e);
    let target = sent.get("target").unwrap_or_else(|| e.target.clone());
    let date_format = sent.get("date_format").unwrap_or_else(|| e.date_format.clone());
    let name = sent.get("name").unwrap_or_else(|| e.name.clone());
    let rows = e
        .columns
        .iter()
        .map(|c| {
            let chosen = sent.get(&format!("column_{}", c.number)).unwrap_or_else(|| c.field.clone());
            view! { <ColumnRow c=c.clone() fields=(e.fields.clone(), e.ignore.clone()) chosen /> }
        })
        .collect_view();
    view! {
        <form method="post" action=format!("/admin/import/{}/mapping", e.id) class="stacked panel">
            <div class="field">
                <label for="map-target">"Each row becomes"</label>
                <Choice id="map-target".into() name="target".into() options=targets chosen=target />
            </div>
            <table class="import-mapping">
                <caption>"What each column of the file holds"</caption>
                <thead><tr><th scope="col">"Column"</th><th scope="col">"First value"</th><th scope="col">"Looks like"</th><th scope="col">"Imported as"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <div class="field">
                <label for="map-date-format">"Date format of the date columns"</label>
                <Choice id="map-date-format".into() name="date_format".into() options=dates chosen=date_format />
            </div>
            <div class="field">
                <label for="map-name">"Save the mapping as (required)"</label>
                <input type="text" id="map-name" name="name" maxlength="60" required value=name />
                <span class="hint">"Letters, digits, - and _. Saved for your organisation, and offered again for files with these columns (and in "<code>"docket import FILE --mapping NAME"</code>")."</span>
            </div>
            <div class="form-actions"><button type="submit">"Save the mapping and preview"</button></div>
        </form>
    }
}

#[component]
fn EditorBody(e: MappingEditorView, sent: Sent) -> impl IntoView {
    let head = format!("{} · mapping {} now", e.file_name, e.mapping);
    let back = format!("/admin/import/{}", e.id);
    let remembered = e.remembered.clone().map(|n| {
        view! { <p class="hint">{format!("Prefilled from your mapping `{n}`, saved for files with these columns.")}</p> }
    });
    let body = if e.problems.is_empty() {
        view! { <EditorForm e=e.clone() sent /> }.into_any()
    } else {
        let list =
            e.problems.iter().map(|p| view! { <li>{format!("line {}: {}", p.line, p.message)}</li> }).collect_view();
        view! {
            <p class="form-error" role="alert">"The file cannot be read as a table, so its columns cannot be mapped:"</p>
            <ul>{list}</ul>
        }
        .into_any()
    };
    view! {
        <Title text=format!("Map the columns of {} · Docket", e.file_name) />
        <div class="page-head">
            <h1>"Map the columns"</h1>
            <p class="lede">{head}</p>
        </div>
        {remembered}
        {body}
        <p><a href=back>"Back to the preview"</a></p>
    }
}

/// `/admin/import/:id/mapping`: the mapping editor (admins only).
#[component]
pub fn ImportMappingPage() -> impl IntoView {
    let params = use_params_map();
    let sent = Sent::read();
    let problems = sent.problems.clone();
    let data = Resource::new(move || params.read().get("id").unwrap_or_default(), get_mapping_editor);
    view! {
        {(!problems.is_empty()).then(|| view! {
            <div id="problem" class="form-error" role="alert">
                <p>"The mapping was not saved:"</p>
                <ul>{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
            </div>
        })}
        <Suspense fallback=Loading>
            {move || {
                let sent = sent.clone();
                Suspend::new(async move { render(data.await, |e| view! { <EditorBody e sent /> }) })
            }}
        </Suspense>
    }
}
