//! `/admin/import` and `/admin/import/:id`: admins upload a CSV file (a
//! plain multipart form, so no JavaScript is needed), see the dry run —
//! what each column becomes, the first rows as they will be imported and
//! every problem with its line and column — then commit. A running import
//! shows a progress bar and reloads itself each second until it is done.
//! `/admin/import/:id/mapping` ([`mapping`]) maps the columns by hand.

mod mapping;

pub use mapping::ImportMappingPage;

use crate::{
    api::import::{ProblemView, ReportView, UploadChoices, UploadView, get_upload, import_choices},
    components::{counted, loading::Loading, thousands},
    pages::render,
};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

/// A problem reported by the form post that led here (`?problem=`).
fn posted_problem() -> Option<String> {
    use_query_map().read_untracked().get("problem").filter(|p| !p.is_empty())
}

fn mapping_options(c: &UploadChoices) -> Vec<(String, String)> {
    c.mappings
        .iter()
        .map(|m| {
            let label = match (m.name.as_str(), m.source.is_empty()) {
                ("foia-log", _) => "foia-log: a published agency FOIA log".to_string(),
                ("matters", _) => "matters: Docket's own matters CSV".to_string(),
                ("events", _) => "events: Docket's own events CSV (import the matters first)".to_string(),
                ("deadlines", _) => "deadlines: court-ordered deadlines from Docket's deadlines CSV".to_string(),
                (name, true) => name.to_string(),
                (name, false) => format!("{name} (saved from {})", m.source),
            };
            (m.name.clone(), label)
        })
        .collect()
}

#[component]
fn Select(label: &'static str, name: &'static str, options: Vec<(String, String)>) -> impl IntoView {
    let id = format!("import-{name}");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id name=name>
                {options.into_iter().map(|(value, text)| view! { <option value=value>{text}</option> }).collect_view()}
            </select>
        </div>
    }
}

#[component]
fn UploadForm(c: UploadChoices) -> impl IntoView {
    let agencies = std::iter::once((String::new(), "None: every row names its agency".to_string()))
        .chain(c.agencies.iter().map(|(abbr, name)| (abbr.clone(), format!("{abbr}: {name}"))))
        .collect();
    let formats = std::iter::once((String::new(), "Detect per column".to_string()))
        .chain(c.date_formats.iter().map(|(code, example)| (code.clone(), format!("{code}: {example}"))))
        .collect();
    let duplicates = vec![
        ("skip".to_string(), "Skip them: leave the matter as it is".to_string()),
        ("update".to_string(), "Update them with the file's values".to_string()),
    ];
    view! {
        <form method="post" action="/admin/import" enctype="multipart/form-data" class="stacked panel">
            <div class="field">
                <label for="import-file">"CSV file (required)"</label>
                <input type="file" id="import-file" name="file" accept=".csv,.tsv,.txt,text/csv" required />
                <span class="hint">"UTF-8 or Windows-1252; comma, tab or semicolon separated; at most 50 MB."</span>
            </div>
            <Select label="Mapping of columns to fields" name="mapping" options=mapping_options(&c) />
            <Select label="Default agency (for rows that name none)" name="agency" options=agencies />
            <Select label="Rows already in Docket (same agency and tracking number)" name="on_duplicate"
                options=duplicates />
            <Select label="Date format" name="date_format" options=formats />
            <p class="hint">"Nothing is written yet: the next page shows what the import would do."</p>
            <div class="form-actions"><button type="submit">"Upload and preview"</button></div>
        </form>
    }
}

/// `/admin/import`: the upload form (admins only).
#[component]
pub fn ImportPage() -> impl IntoView {
    let problem = posted_problem();
    let data = Resource::new(|| (), |_| import_choices());
    view! {
        <Title text="Import · Docket" />
        <div class="page-head">
            <h1>"Import matters from a CSV file"</h1>
            <p class="lede">"An agency's published FOIA log, Docket's own matters export, or a file described by a mapping your organisation saved."</p>
        </div>
        {problem.map(|p| view! { <p id="problem" class="form-error" role="alert">{format!("Nothing was uploaded. {p}")}</p> })}
        <Suspense fallback=Loading>
            {move || Suspend::new(async move { render(data.await, |c| view! { <UploadForm c /> }) })}
        </Suspense>
    }
}

fn place(p: &ProblemView) -> String {
    match p.column {
        Some(c) => format!("line {}, column {c} `{}`", p.line, p.header),
        None => format!("line {}", p.line),
    }
}

#[component]
fn Problems(title: &'static str, list: Vec<ProblemView>, class: &'static str) -> impl IntoView {
    (!list.is_empty()).then(|| {
        view! {
            <section class=format!("panel {class}")>
                <h2>{format!("{title} ({})", list.len())}</h2>
                <table class="import-problems">
                    <thead><tr><th>"Line"</th><th>"Column"</th><th>"Problem"</th></tr></thead>
                    <tbody>
                        {list.into_iter().map(|p| {
                            let at = place(&p);
                            view! {
                                <tr title=at>
                                    <td>{p.line}</td>
                                    <td>{p.column.map(|c| format!("{c} `{}`", p.header)).unwrap_or_default()}</td>
                                    <td>{p.message}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
        }
    })
}

#[component]
fn Columns(r: ReportView) -> impl IntoView {
    view! {
        <section class="panel">
            <h2>"Columns"</h2>
            <p>{format!("{} rows, read as {}.", r.rows, r.encoding)}</p>
            <table class="import-columns">
                <thead><tr><th>"Column"</th><th>"Header"</th><th>"Imported as"</th><th>"Dates written like"</th></tr></thead>
                <tbody>
                    {r.columns.into_iter().map(|c| {
                        let field = if c.field.is_empty() { "(not imported)".to_string() } else { c.field };
                        let date = match (c.date_format.is_empty(), c.detected) {
                            (true, _) => String::new(),
                            (false, true) => format!("{} (detected)", c.date_format),
                            (false, false) => c.date_format,
                        };
                        view! { <tr><td>{c.number}</td><td>{c.header}</td><td>{field}</td><td>{date}</td></tr> }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn Rows(r: ReportView, title: &'static str) -> impl IntoView {
    (!r.preview.is_empty()).then(|| {
        view! {
            <section class="panel">
                <h2>{title}</h2>
                <table class="import-rows">
                    <thead><tr><th>"Line"</th><th>"Action"</th><th>"Kind"</th><th>"Agency"</th><th>"Tracking number"</th><th>"Title"</th><th>"Status"</th><th>"Events"</th></tr></thead>
                    <tbody>
                        {r.preview.into_iter().map(|p| view! {
                            <tr>
                                <td>{p.line}</td><td>{p.action}</td><td>{p.kind}</td><td>{p.agency}</td>
                                <td>{p.tracking_number}</td><td>{p.title}</td><td>{p.status}</td><td>{p.events}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
        }
    })
}

/// What the import did (`done`) or would do, in one sentence.
fn counts(r: &ReportView, done: bool) -> String {
    let rest = format!("updated {}, unchanged {}, skipped {}.", r.updated, r.unchanged, r.skipped);
    let (events, deadlines) = (counted(r.events, "event"), counted(r.deadlines, "deadline"));
    let ordered = counted(r.deadlines, "court-ordered deadline");
    match (r.target.as_str(), done) {
        ("events", true) => {
            format!("Imported: added {events} ({} recomputed); {rest}", counted(r.recomputed, "matter"))
        }
        ("events", false) => format!("Nothing is written yet. The import would add {events}; {rest}"),
        ("deadlines", true) => format!("Imported: added {ordered}; {rest}"),
        ("deadlines", false) => format!("Nothing is written yet. The import would add {ordered}; {rest}"),
        (_, true) => format!("Imported: created {} ({events}, {deadlines}); {rest}", counted(r.created, "matter")),
        (_, false) => format!(
            "Nothing is written yet. The import would create {} ({events}, {deadlines}); {rest}",
            counted(r.created, "matter")
        ),
    }
}

#[component]
fn CommitForm(id: String, rows: usize) -> impl IntoView {
    view! {
        <form method="post" action=format!("/admin/import/{id}/commit") class="stacked panel">
            <div class="field">
                <label for="import-save-as">"Save this mapping as (optional)"</label>
                <input type="text" id="import-save-as" name="save_as" maxlength="60" />
                <span class="hint">"Letters, digits, - and _: offered next time for files like this one."</span>
            </div>
            <div class="form-actions"><button type="submit">{format!("Import {}", counted(rows, "row"))}</button></div>
        </form>
    }
}

#[component]
fn Preview(u: UploadView, r: ReportView) -> impl IntoView {
    let ok = r.errors.is_empty();
    let rows = r.updated
        + match r.target.as_str() {
            "events" => r.events,
            "deadlines" => r.deadlines,
            _ => r.created,
        };
    let summary = if ok {
        counts(&r, false)
    } else {
        format!("{} problems: nothing can be imported until the file is fixed.", r.errors.len())
    };
    let edit = format!("/admin/import/{}/mapping", u.id);
    view! {
        <p class=if ok { "form-ok" } else { "form-error" } role="status">{summary}</p>
        <p><a href=edit>"Map the columns to fields by hand"</a>" (saved as a mapping for files like this one)"</p>
        <Problems title="Problems" list=r.errors.clone() class="import-errors" />
        {(ok && rows > 0).then(|| view! { <CommitForm id=u.id.clone() rows /> })}
        {(ok && rows == 0).then(|| view! {
            <p class="panel">"Nothing to import: every row is already in Docket, or skipped (see the warnings)."</p>
        })}
        <Columns r=r.clone() />
        <Rows r=r.clone() title="The first rows, as they will be imported" />
        <Problems title="Warnings" list=r.warnings.clone() class="import-warnings" />
        <p><a href="/admin/import">"Upload another file"</a></p>
    }
}

#[component]
fn Running(u: UploadView) -> impl IntoView {
    let phase = if u.phase.is_empty() { "starting".to_string() } else { u.phase.clone() };
    let label = format!("{phase}: {} of {} rows", thousands(u.done), thousands(u.total));
    view! {
        <Meta http_equiv="refresh" content="1" />
        <section class="panel" aria-live="polite">
            <h2>"Importing…"</h2>
            <progress id="import-progress" max=u.total.max(1) value=u.done aria-label="Import progress">{label.clone()}</progress>
            <p>{label}</p>
            <p class="hint">"This page reloads itself until the import is done. You may leave it: the import goes on."</p>
        </section>
    }
}

#[component]
fn Finished(r: ReportView) -> impl IntoView {
    if !r.committed {
        let n = r.errors.len();
        return view! {
            <p class="form-error" role="alert">{format!("Nothing was imported: {n} problems.")}</p>
            <Problems title="Problems" list=r.errors class="import-errors" />
        }
        .into_any();
    }
    view! {
        <p class="form-ok" role="status">{counts(&r, true)}</p>
        <p><a href="/matters">"See the imported matters"</a>" · "<a href="/admin/import">"Import another file"</a></p>
        <Rows r=r.clone() title="The first rows imported" />
        <Problems title="Warnings" list=r.warnings class="import-warnings" />
    }
    .into_any()
}

#[component]
fn UploadBody(u: UploadView) -> impl IntoView {
    let head = format!("{} · mapping {} · duplicates: {}", u.file_name, u.mapping, u.on_duplicate);
    let body = match (u.state.as_str(), u.report.clone()) {
        ("uploaded", Some(r)) => view! { <Preview u=u.clone() r /> }.into_any(),
        ("done", Some(r)) => view! { <Finished r /> }.into_any(),
        ("failed", _) => view! {
            <p class="form-error" role="alert">{format!("The import failed; nothing was imported. {}", u.error)}</p>
            <form method="post" action=format!("/admin/import/{}/retry", u.id) class="panel">
                <p class="hint">"Retrying shows the preview of the same file again, to import it from there."</p>
                <div class="form-actions"><button type="submit">"Retry this import"</button></div>
            </form>
            <p><a href="/admin/import">"Upload the file again"</a></p>
        }
        .into_any(),
        _ => view! { <Running u=u.clone() /> }.into_any(),
    };
    view! {
        <Title text=format!("Import {} · Docket", u.file_name) />
        <div class="page-head">
            <h1>"Import"</h1>
            <p class="lede">{head}</p>
        </div>
        {body}
    }
}

/// `/admin/import/:id`: an upload's preview, progress or report (admins only).
#[component]
pub fn ImportUploadPage() -> impl IntoView {
    let params = use_params_map();
    let problem = posted_problem();
    let data = Resource::new(move || params.read().get("id").unwrap_or_default(), get_upload);
    view! {
        {problem.map(|p| view! { <p id="problem" class="form-error" role="alert">{format!("Nothing was imported. {p}")}</p> })}
        <Suspense fallback=Loading>
            {move || Suspend::new(async move { render(data.await, |u| view! { <UploadBody u /> }) })}
        </Suspense>
    }
}
