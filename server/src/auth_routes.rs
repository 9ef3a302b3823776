//! Sign-in and sign-out as plain form posts (they work without JavaScript).
//! Cross-site posts are refused before they get here (`middleware`).

use app::server::{
    auth::{self, SESSION_COOKIE, SESSION_LIFETIME},
    context::AppContext,
};
use axum::{
    Form,
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

/// The sign-in form.
#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
}

fn cookie(value: &str, max_age: i64, headers: &HeaderMap) -> String {
    let secure = headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()) == Some("https");
    format!(
        "{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{}",
        if secure { "; Secure" } else { "" }
    )
}

/// `POST /login`: checks the password, opens a session, goes to the dashboard.
pub async fn login(State(ctx): State<AppContext>, headers: HeaderMap, Form(form): Form<LoginForm>) -> Response {
    match auth::sign_in(&ctx.db, &form.username, &form.password).await {
        Ok(Some(token)) => {
            ([(header::SET_COOKIE, cookie(&token, SESSION_LIFETIME.num_seconds(), &headers))], Redirect::to("/"))
                .into_response()
        }
        Ok(None) => Redirect::to("/login?error=1").into_response(),
        Err(err) => (StatusCode::INTERNAL_SERVER_ERROR, err.to_string()).into_response(),
    }
}

/// `POST /logout`: ends the session and clears the cookie.
pub async fn logout(State(ctx): State<AppContext>, headers: HeaderMap) -> Response {
    if let Some(token) = auth::token_from_headers(&headers)
        && let Err(err) = auth::sign_out(&ctx.db, &token).await
    {
        return (StatusCode::INTERNAL_SERVER_ERROR, err.to_string()).into_response();
    }
    ([(header::SET_COOKIE, cookie("", 0, &headers))], Redirect::to("/")).into_response()
}
