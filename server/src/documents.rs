//! Documents over HTTP: the matter page's upload form,
//! `POST /matters/{slug}/documents` (multipart, works without JavaScript;
//! cross-site posts are refused by `middleware`), which redirects back to
//! the page with the outcome; and `GET /documents/{id}/{name}`, the download,
//! authorised by `repo::documents` (anyone who may not read it gets 404).
//!
//! An upload over the limit is refused with 413 as early as possible: from
//! its `Content-Length` before any of the body is read, else as soon as the
//! body or the file passes the limit (as the import page does), so the
//! client may see a broken pipe instead if it is still sending.

use crate::{
    export::{error_response, principal},
    import_routes::encode,
    routes::AppState,
};
use app::{
    domain::document_format::download_name,
    error::AppError,
    server::{
        auth::{CurrentUser, Principal},
        context::AppContext,
        repo::documents::for_download,
        services::documents::{self, DocumentStore, NewDocument},
    },
};
use axum::{
    Router,
    body::Body,
    extract::{DefaultBodyLimit, Multipart, Path, Request, State, multipart::MultipartError},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use tower::ServiceExt;
use tower_http::services::ServeFile;

/// Room for the form's other fields and the multipart framing.
const FRAMING: usize = 64 * 1024;
/// The longest text field read (title, event, public).
const FIELD_MAX: usize = 4 * 1024;
/// A released document is the same for everyone; a minute, like pages, so
/// a deletion shows soon.
const RELEASED_CACHE: &str = "public, max-age=60";
/// Any other document is for this viewer only.
const PRIVATE_CACHE: &str = "private, no-store";

/// The routes of this module; uploads are limited to `store`'s size.
pub fn routes(store: &DocumentStore) -> Router<AppState> {
    let limit = store.max_bytes().saturating_add(FRAMING);
    Router::new()
        .route("/matters/{slug}/documents", post(upload).layer(DefaultBodyLimit::max(limit)))
        .route("/documents/{id}/{name}", get(download))
}

fn too_large(store: &DocumentStore) -> Response {
    let text = format!(
        "The file is too large: documents may be at most {} MB. Split it or reduce it (for a scan, a lower resolution), then upload it again.\n",
        store.max_mb()
    );
    (StatusCode::PAYLOAD_TOO_LARGE, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
}

/// Why the form could not be read.
enum Unreadable {
    TooLarge,
    Multipart(MultipartError),
    FieldTooLong(String),
}

impl From<MultipartError> for Unreadable {
    fn from(err: MultipartError) -> Self {
        if err.status() == StatusCode::PAYLOAD_TOO_LARGE { Unreadable::TooLarge } else { Unreadable::Multipart(err) }
    }
}

/// Reads a field up to `max` bytes; `None` when it is longer.
async fn read_capped(
    field: &mut axum::extract::multipart::Field<'_>,
    max: usize,
) -> Result<Option<Vec<u8>>, Unreadable> {
    let mut out = Vec::new();
    while let Some(chunk) = field.chunk().await? {
        if out.len() + chunk.len() > max {
            return Ok(None);
        }
        out.extend_from_slice(&chunk);
    }
    Ok(Some(out))
}

/// Reads the upload form's fields, stopping as soon as the file passes
/// the limit.
async fn read_form(multipart: &mut Multipart, slug: String, max: usize) -> Result<NewDocument, Unreadable> {
    let mut new = NewDocument { matter: slug, ..NewDocument::default() };
    while let Some(mut field) = multipart.next_field().await? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            new.file_name = field.file_name().unwrap_or_default().to_string();
            new.content = read_capped(&mut field, max).await?.ok_or(Unreadable::TooLarge)?;
            continue;
        }
        let Some(bytes) = read_capped(&mut field, FIELD_MAX).await? else {
            return Err(Unreadable::FieldTooLong(name));
        };
        let text = String::from_utf8_lossy(&bytes).into_owned();
        match name.as_str() {
            "title" => new.title = text,
            "event" => new.event = text,
            "public" => new.public = matches!(text.as_str(), "on" | "true" | "1"),
            _ => {}
        }
    }
    Ok(new)
}

/// Back to the matter page's documents, with `param=value`.
fn back(slug: &str, param: &str, value: &str) -> Response {
    Redirect::to(&format!("/matters/{}?{param}={}#documents", encode(slug), encode(value))).into_response()
}

/// The answer to a refused upload: validation problems go back to the form.
fn refused(slug: &str, err: &AppError) -> Response {
    use app::pages::matter_documents::PROBLEM_PARAM;
    match err {
        AppError::Validation { field, message } => back(slug, PROBLEM_PARAM, &format!("{field}: {message}")),
        other => error_response(other),
    }
}

/// The signed-in user, or the answer for the public (401).
async fn signed_in(ctx: &AppContext, headers: &HeaderMap) -> Result<CurrentUser, Response> {
    match principal(ctx, headers).await? {
        Principal::User(user) => Ok(user),
        Principal::Public => Err(error_response(&AppError::Unauthorized)),
    }
}

fn declared_length(headers: &HeaderMap) -> Option<usize> {
    headers.get(header::CONTENT_LENGTH)?.to_str().ok()?.parse().ok()
}

/// `POST /matters/{slug}/documents`: keeps the file and records it.
async fn upload(
    State(ctx): State<AppContext>,
    State(store): State<DocumentStore>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    let who = match signed_in(&ctx, &headers).await {
        Ok(who) => who,
        Err(res) => return res,
    };
    if declared_length(&headers).is_some_and(|n| n > store.max_bytes().saturating_add(FRAMING)) {
        return too_large(&store);
    }
    let new = match read_form(&mut multipart, slug.clone(), store.max_bytes()).await {
        Ok(new) => new,
        Err(Unreadable::TooLarge) => return too_large(&store),
        Err(Unreadable::FieldTooLong(name)) => {
            return refused(&slug, &AppError::invalid(name, format!("Keep it under {FIELD_MAX} bytes.")));
        }
        Err(Unreadable::Multipart(err)) => {
            let text = format!("The upload could not be read: {}\n", err.body_text());
            return (err.status(), [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response();
        }
    };
    match documents::upload(&ctx.db, &store, &who, new).await {
        Ok(d) => back(&slug, app::pages::matter_documents::ADDED_PARAM, &d.id.to_string()),
        Err(err) => refused(&slug, &err),
    }
}

/// `Content-Disposition`: always a download (never shown in the site's own
/// origin), with an ASCII name and the original name for browsers that
/// read `filename*` (RFC 6266).
fn disposition(file_name: &str) -> HeaderValue {
    let value =
        format!("attachment; filename=\"{}\"; filename*=UTF-8''{}", download_name(file_name), encode(file_name));
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

/// `GET /documents/{id}/{name}`: the file, to those who may read it.
async fn download(
    State(ctx): State<AppContext>,
    State(store): State<DocumentStore>,
    Path((id, name)): Path<(String, String)>,
    req: Request,
) -> Response {
    let not_found = || error_response(&AppError::NotFound(format!("document `{id}`")));
    let who = match principal(&ctx, req.headers()).await {
        Ok(who) => who,
        Err(res) => return res,
    };
    let Ok(number) = id.parse::<i32>() else { return not_found() };
    let (doc, released) = match for_download(&ctx.db, &who, number).await {
        Ok(found) => found,
        Err(err) => return error_response(&err),
    };
    if name != download_name(&doc.file_name) {
        return not_found();
    }
    let Some(path) = store.path_of(&doc.sha256).filter(|p| p.is_file()) else {
        tracing::error!(document = doc.id, sha256 = %doc.sha256, dir = %store.dir().display(), "a document's file is missing");
        return error_response(&AppError::Internal);
    };
    let served = match ServeFile::new(path).oneshot(req).await {
        Ok(res) => res.map(Body::new),
        Err(err) => {
            tracing::error!(error = %err, document = doc.id, "could not read a document");
            return error_response(&AppError::Internal);
        }
    };
    let (mut parts, body) = served.into_parts();
    let h = &mut parts.headers;
    if let Ok(media_type) = HeaderValue::from_str(&doc.media_type) {
        h.insert(header::CONTENT_TYPE, media_type);
    }
    h.insert(header::CONTENT_DISPOSITION, disposition(&doc.file_name));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    let cache = if released { RELEASED_CACHE } else { PRIVATE_CACHE };
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'; sandbox"));
    Response::from_parts(parts, body)
}

#[cfg(test)]
mod tests {
    use super::disposition;

    #[test]
    fn the_disposition_keeps_the_original_name_for_modern_browsers() {
        assert_eq!(
            disposition("Réponse CBP.pdf"),
            "attachment; filename=\"R-ponse-CBP.pdf\"; filename*=UTF-8''R%C3%A9ponse%20CBP.pdf"
        );
    }
}
