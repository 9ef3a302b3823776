//! `GET /export/{kind}.{csv|json}?…filters…`: a filtered list as a download,
//! streamed page by page. The viewer is the session's principal; what each
//! one may see is decided in `app::server::export`.

use crate::routes::AppState;
use app::{
    error::AppError,
    server::{
        auth::{Principal, principal_for_token, token_from_headers},
        context::AppContext,
        export::{self, ExportFilter, Format, Kind},
    },
};
use axum::{
    Router,
    body::Body,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};

/// The routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new().route("/export/{file}", get(download))
}

/// The error as a plain-text answer with its status (validation errors name the field).
pub fn error_response(err: &AppError) -> Response {
    let status = StatusCode::from_u16(err.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], format!("{err}\n")).into_response()
}

/// `kind.format` from the last path segment.
/// Who is asking: the signed-in user the request's session names, or the
/// public; a database failure is answered for the caller to return.
pub async fn principal(ctx: &AppContext, headers: &HeaderMap) -> Result<Principal, Response> {
    let token = token_from_headers(headers);
    principal_for_token(&ctx.db, token.as_deref(), chrono::Utc::now()).await.map_err(|err| error_response(&err))
}

fn parse_file(file: &str) -> Option<(Kind, Format)> {
    let (kind, ext) = file.rsplit_once('.')?;
    Some((Kind::parse(kind).ok()?, Format::parse(ext).ok()?))
}

async fn download(
    State(ctx): State<AppContext>,
    Path(file): Path<String>,
    Query(filter): Query<ExportFilter>,
    headers: HeaderMap,
) -> Response {
    let Some((kind, format)) = parse_file(&file) else {
        return error_response(&AppError::NotFound(format!("export `{file}`")));
    };
    let who = match principal(&ctx, &headers).await {
        Ok(who) => who,
        Err(res) => return res,
    };
    let today = ctx.today();
    match export::export(ctx.db.clone(), who, kind, format, &filter, today).await {
        Ok(stream) => (
            [
                (header::CONTENT_TYPE, format.content_type().to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{}\"", export::file_name(kind, format, today)),
                ),
                (header::CACHE_CONTROL, "private, no-store".to_string()),
            ],
            Body::from_stream(stream),
        )
            .into_response(),
        Err(err) => error_response(&err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_pick_kind_and_format() {
        assert_eq!(parse_file("matters.csv"), Some((Kind::Matters, Format::Csv)));
        assert_eq!(parse_file("agencies.json"), Some((Kind::Agencies, Format::Json)));
        assert_eq!(parse_file("notes.csv"), None);
        assert_eq!(parse_file("events.xlsx"), None);
        assert_eq!(parse_file("events"), None);
    }
}
