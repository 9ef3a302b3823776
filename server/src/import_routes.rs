//! The import page's form posts, which work without JavaScript:
//! `POST /admin/import` (multipart: the file and its options) stores the
//! upload and redirects to its preview, `/admin/import/{id}`;
//! `POST /admin/import/{id}/commit` starts the import in the background and
//! redirects back there, where its progress shows;
//! `POST /admin/import/{id}/mapping` saves the mapping editor's choices as a
//! named mapping that the upload then uses (or sends the editor back with
//! the problems and the choices made); `POST /admin/import/{id}/retry`
//! takes a failed (or interrupted) import back to its preview. Admins only,
//! into their own organisation; cross-site posts are refused by `middleware`.

use crate::{
    export::{error_response, principal},
    routes::AppState,
};
use app::{
    domain::vocab::Role,
    error::AppError,
    server::{
        auth::{CurrentUser, Principal},
        context::AppContext,
        services::import_uploads::{self, EditedMapping, MAX_BYTES, NewUpload},
    },
};
use axum::{
    Form, Router,
    extract::{DefaultBodyLimit, Multipart, Path, State, multipart::MultipartError},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
    routing::post,
};
use serde::Deserialize;

/// Room for the form's other fields and the multipart framing.
const FRAMING: usize = 64 * 1024;

/// The routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/import", post(upload).layer(DefaultBodyLimit::max(MAX_BYTES + FRAMING)))
        .route("/admin/import/{id}/commit", post(commit))
        .route("/admin/import/{id}/mapping", post(save_mapping))
        .route("/admin/import/{id}/retry", post(retry))
}

/// The signed-in admin, or the answer for anyone else (401 for the public,
/// 403 for other roles).
async fn admin(ctx: &AppContext, headers: &HeaderMap) -> Result<CurrentUser, Response> {
    match principal(ctx, headers).await? {
        Principal::User(user) if user.role == Role::Admin => Ok(user),
        Principal::User(_) => Err(error_response(&AppError::Forbidden)),
        Principal::Public => Err(error_response(&AppError::Unauthorized)),
    }
}

/// Percent-encodes `text` for a query string.
pub(crate) fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Back to `page` with the problem shown (the page opens at it), or the
/// error's own answer.
fn refused(page: &str, err: &AppError) -> Response {
    match err {
        AppError::Validation { .. } | AppError::Conflict(_) => back_with(page, &err.sentence()),
        other => error_response(other),
    }
}

/// Redirects to `page`, showing `problem` at its `#problem` line.
fn back_with(page: &str, problem: &str) -> Response {
    Redirect::to(&format!("{page}?problem={}#problem", encode(problem))).into_response()
}

fn unreadable(err: &MultipartError) -> Response {
    let status = err.status();
    let text = if status == StatusCode::PAYLOAD_TOO_LARGE {
        format!(
            "The file is too large: the import takes files of at most {} MB. Split it into smaller files and import each.\n",
            MAX_BYTES >> 20
        )
    } else {
        format!("The upload could not be read: {}\n", err.body_text())
    };
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
}

/// Reads the upload form's fields.
async fn read_form(multipart: &mut Multipart) -> Result<NewUpload, MultipartError> {
    let mut new = NewUpload { mapping: "foia-log".into(), on_duplicate: "skip".into(), ..NewUpload::default() };
    while let Some(field) = multipart.next_field().await? {
        match field.name().unwrap_or_default() {
            "file" => {
                new.file_name = field.file_name().unwrap_or_default().to_string();
                new.content = field.bytes().await?.to_vec();
            }
            "mapping" => new.mapping = field.text().await?,
            "agency" => new.agency = field.text().await?,
            "on_duplicate" => new.on_duplicate = field.text().await?,
            "date_format" => new.date_format = field.text().await?,
            _ => {}
        }
    }
    Ok(new)
}

/// `POST /admin/import`: stores the file for its preview.
async fn upload(State(ctx): State<AppContext>, headers: HeaderMap, mut multipart: Multipart) -> Response {
    let who = match admin(&ctx, &headers).await {
        Ok(who) => who,
        Err(res) => return res,
    };
    let new = match read_form(&mut multipart).await {
        Ok(new) => new,
        Err(err) => return unreadable(&err),
    };
    match import_uploads::create(&ctx.db, &who, new).await {
        Ok(id) => Redirect::to(&format!("/admin/import/{id}")).into_response(),
        Err(err) => refused("/admin/import", &err),
    }
}

/// The commit form.
#[derive(Debug, Deserialize)]
struct CommitForm {
    #[serde(default)]
    save_as: String,
}

/// `POST /admin/import/{id}/commit`: starts the import.
async fn commit(
    State(ctx): State<AppContext>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<CommitForm>,
) -> Response {
    let who = match admin(&ctx, &headers).await {
        Ok(who) => who,
        Err(res) => return res,
    };
    let page = format!("/admin/import/{}", encode(&id));
    match import_uploads::start(&ctx.db, &who, &id, &form.save_as, ctx.today()).await {
        Ok(()) => Redirect::to(&page).into_response(),
        Err(err) => refused(&page, &err),
    }
}

/// The editor's form: `name`, `target`, `date_format` and `column_N`.
fn edited(form: &[(String, String)]) -> EditedMapping {
    let mut edit = EditedMapping::default();
    for (key, value) in form {
        match key.as_str() {
            "name" => edit.name.clone_from(value),
            "target" => edit.target.clone_from(value),
            "date_format" => edit.date_format.clone_from(value),
            other => {
                if let Some(n) = other.strip_prefix("column_").and_then(|n| n.parse().ok()) {
                    edit.columns.push((n, value.clone()));
                }
            }
        }
    }
    edit
}

/// `POST /admin/import/{id}/mapping`: saves the mapping and shows the
/// preview with it, or the editor again with every problem and the choices.
async fn save_mapping(
    State(ctx): State<AppContext>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let who = match admin(&ctx, &headers).await {
        Ok(who) => who,
        Err(res) => return res,
    };
    let page = format!("/admin/import/{}", encode(&id));
    let problem = match import_uploads::save_mapping(&ctx.db, &who, &id, edited(&form)).await {
        Ok(_) => return Redirect::to(&page).into_response(),
        Err(AppError::Validation { field, message }) if field == "mapping" => message,
        Err(AppError::Validation { field, message }) => format!("{field}: {message}"),
        Err(err @ AppError::Conflict(_)) => return back_with(&page, &err.sentence()),
        Err(other) => return error_response(&other),
    };
    let sent: String = form.iter().map(|(k, v)| format!("&{}={}", encode(k), encode(v))).collect();
    Redirect::to(&format!("{page}/mapping?problem={}{sent}#problem", encode(&problem))).into_response()
}

/// `POST /admin/import/{id}/retry`: back to the preview of a failed import.
async fn retry(State(ctx): State<AppContext>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    let who = match admin(&ctx, &headers).await {
        Ok(who) => who,
        Err(res) => return res,
    };
    let page = format!("/admin/import/{}", encode(&id));
    match import_uploads::retry(&ctx.db, &who, &id).await {
        Ok(()) => Redirect::to(&page).into_response(),
        Err(err) => refused(&page, &err),
    }
}

#[cfg(test)]
mod tests {
    use super::{edited, encode};

    #[test]
    fn problems_are_encoded_for_the_query_string() {
        assert_eq!(encode("mapping: no `x` (a, b)"), "mapping%3A%20no%20%60x%60%20%28a%2C%20b%29");
        assert_eq!(encode("ok-1_2.3~"), "ok-1_2.3~");
    }

    #[test]
    fn the_editor_form_reads_each_column_by_number() {
        let form = [("name", "cbp"), ("target", "foia_log"), ("column_2", "received_date"), ("column_x", "y")];
        let edit = edited(&form.map(|(k, v)| (k.to_string(), v.to_string())));
        assert_eq!((edit.name.as_str(), edit.target.as_str()), ("cbp", "foia_log"));
        assert_eq!(edit.columns, [(2, "received_date".to_string())]);
    }
}
