//! The documents section of a matter page: the documents the viewer may
//! see (on a published matter, the public sees only released ones) and,
//! for those who may edit the matter, the upload form and a delete button
//! on each. The upload is a plain multipart form posted to
//! `/matters/{slug}/documents`, which redirects back here with the outcome
//! in the query string; both work without JavaScript.

use crate::{
    api::documents::{DeleteDocument, list_documents},
    components::{
        form::{Refused, Saved},
        long_date,
    },
    domain::document_format::{accept_attribute, size_words},
    model::{Choice, DocumentView, MatterDocuments},
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_query_map;

/// The query parameter the upload's problem comes back in.
pub const PROBLEM_PARAM: &str = "document_problem";
/// The query parameter set after a successful upload.
pub const ADDED_PARAM: &str = "document_added";

/// The documents section of a matter page.
#[component]
pub fn DocumentsSection(slug: String) -> impl IntoView {
    let data = Resource::new(move || slug.clone(), list_documents);
    let delete = ServerAction::<DeleteDocument>::new();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => view! { <DocumentsPanel d delete /> }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{format!("The documents could not be loaded: {e}")}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// What the last upload did, read from the query string.
#[component]
fn UploadOutcome() -> impl IntoView {
    let query = use_query_map();
    move || {
        let q = query.read();
        if let Some(problem) = q.get(PROBLEM_PARAM) {
            Some(
                view! { <p class="form-error" role="alert">{format!("Nothing was uploaded. {problem}")}</p> }
                    .into_any(),
            )
        } else {
            q.get(ADDED_PARAM).map(|_| view! { <p class="form-ok" role="status">"Document uploaded."</p> }.into_any())
        }
    }
}

#[component]
fn DocumentsPanel(d: MatterDocuments, delete: ServerAction<DeleteDocument>) -> impl IntoView {
    let MatterDocuments { slug, documents, can_edit, events } = d;
    (can_edit || !documents.is_empty()).then(|| {
        let empty = documents.is_empty();
        view! {
            <section class="panel" id="documents" aria-labelledby="documents-h">
                <h2 id="documents-h">"Documents"</h2>
                <UploadOutcome />
                <Saved endpoint=DeleteDocument::PATH text="Document deleted." />
                {empty.then(|| view! { <p class="empty">"No documents yet. Upload the agency's letters, the complaint or a production below."</p> })}
                {(!empty).then(|| view! { <DocumentTable documents slug=slug.clone() can_edit delete /> })}
                <Refused value=delete.value() outcome="Nothing was deleted." />
                {can_edit.then(|| view! { <UploadForm slug events /> })}
            </section>
        }
    })
}

#[component]
fn DocumentTable(
    documents: Vec<DocumentView>,
    slug: String,
    can_edit: bool,
    delete: ServerAction<DeleteDocument>,
) -> impl IntoView {
    view! {
        <table class="documents">
            <thead>
                <tr>
                    <th scope="col">"Title"</th>
                    <th scope="col">"Type"</th>
                    <th scope="col">"Size"</th>
                    <th scope="col">"Event"</th>
                    <th scope="col">"Visibility"</th>
                    {can_edit.then(|| view! { <th scope="col">"Actions"</th> })}
                </tr>
            </thead>
            <tbody>
                {documents.into_iter().map(|doc| view! { <DocumentRow doc slug=slug.clone() can_edit delete /> }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn DocumentRow(doc: DocumentView, slug: String, can_edit: bool, delete: ServerAction<DeleteDocument>) -> impl IntoView {
    let uploaded = if doc.uploaded_by.is_empty() {
        format!("Added {}", long_date(doc.uploaded))
    } else {
        format!("Added {} by {}", long_date(doc.uploaded), doc.uploaded_by)
    };
    let confirm = format!("Delete “{}” from this matter (it stays in the history)", doc.title);
    view! {
        <tr>
            <td>
                <a href=doc.url.clone() download=doc.file_name.clone()>{doc.title.clone()}</a>
                <div class="sub">{doc.file_name.clone()}" · "{uploaded}</div>
            </td>
            <td>{doc.kind.clone()}</td>
            <td>{size_words(doc.size)}</td>
            <td>{doc.event.clone().unwrap_or_else(|| "—".to_string())}</td>
            <td>
                {if doc.public {
                    view! { <span class="tag public">"Released"</span> }.into_any()
                } else {
                    view! { <span class="tag private">"Private"</span> }.into_any()
                }}
            </td>
            {can_edit.then(|| view! {
                <td>
                    <ActionForm action=delete attr:class="inline">
                        <input type="hidden" name="slug" value=slug />
                        <input type="hidden" name="id" value=doc.id />
                        <button type="submit" class="link-button" title=confirm>"Delete"</button>
                    </ActionForm>
                </td>
            })}
        </tr>
    }
}

#[component]
fn UploadForm(slug: String, events: Vec<Choice>) -> impl IntoView {
    let action = format!("/matters/{slug}/documents");
    view! {
        <form method="post" action=action enctype="multipart/form-data" class="stacked document-form">
            <h3>"Upload a document"</h3>
            <div class="field">
                <label for="document-file">"File (required)"</label>
                <input type="file" id="document-file" name="file" required accept=accept_attribute() aria-describedby="document-file-hint" />
                <span class="hint" id="document-file-hint">"PDF, Word, Excel, PowerPoint, OpenDocument, RTF, text, CSV or an image (PNG, JPEG, GIF, TIFF)."</span>
            </div>
            <div class="field">
                <label for="document-title">"Title"</label>
                <input type="text" id="document-title" name="title" maxlength="200" aria-describedby="document-title-hint" />
                <span class="hint" id="document-title-hint">"Leave empty to use the file's name."</span>
            </div>
            <div class="field">
                <label for="document-event">"Event it belongs to"</label>
                <select id="document-event" name="event">
                    <option value="">"None (the matter as a whole)"</option>
                    {events.into_iter().map(|e| view! { <option value=e.value>{e.label}</option> }).collect_view()}
                </select>
            </div>
            <div class="field check">
                <input type="checkbox" id="document-public" name="public" value="on" aria-describedby="document-public-hint" />
                <label for="document-public">"Released"</label>
                <span class="hint" id="document-public-hint">"Shown on the public page while the matter is published (and its event, if any, is public)."</span>
            </div>
            <div class="form-actions"><button type="submit">"Upload"</button></div>
        </form>
    }
}
