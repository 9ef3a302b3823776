//! Sign-in and sign-out as plain form posts (they work without JavaScript).
//! Cross-site posts are refused before they get here (`middleware`).

use app::server::{
    auth::{self, SECOND_FACTOR_TIMEOUT, SESSION_COOKIE, SESSION_LIFETIME, SignIn},
    context::AppContext,
    request,
    services::second_factor::{self, SecondStep},
};
use axum::{
    Form,
    extract::{ConnectInfo, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use std::net::SocketAddr;

/// The sign-in form.
#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
}

fn cookie(value: &str, max_age: i64, headers: &HeaderMap) -> String {
    let secure = request::behind_https(headers);
    format!(
        "{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{}",
        if secure { "; Secure" } else { "" }
    )
}

/// The client's address: the first `X-Forwarded-For` hop when a proxy
/// set one, else the peer.
fn client_address(headers: &HeaderMap, peer: SocketAddr) -> String {
    headers
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| peer.ip().to_string())
}

/// `POST /login`: checks the password, opens a new session (ending the one
/// the browser had, so a session id from before sign-in is never reused),
/// and goes to the dashboard.
pub async fn login(
    State(ctx): State<AppContext>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let address = client_address(&headers, peer);
    match auth::sign_in(&ctx.db, &form.username, &form.password, &address).await {
        Ok(SignIn::Opened(token)) => replace_session(&ctx, &headers, &token, SESSION_LIFETIME.num_seconds(), "/").await,
        Ok(SignIn::SecondFactor(token)) => {
            replace_session(&ctx, &headers, &token, SECOND_FACTOR_TIMEOUT.num_seconds(), SECOND_STEP).await
        }
        Ok(SignIn::Refused) => Redirect::to("/login?error=1").into_response(),
        Ok(SignIn::Throttled(minutes)) => Redirect::to(&format!("/login?wait={minutes}")).into_response(),
        Err(err) => (StatusCode::INTERNAL_SERVER_ERROR, err.to_string()).into_response(),
    }
}

/// Ends the browser's old session, if any, and sets the cookie to `token`.
async fn replace_session(ctx: &AppContext, headers: &HeaderMap, token: &str, max_age: i64, to: &str) -> Response {
    if let Some(old) = auth::token_from_headers(headers)
        && let Err(err) = auth::sign_out(&ctx.db, &old).await
    {
        return (StatusCode::INTERNAL_SERVER_ERROR, err.to_string()).into_response();
    }
    ([(header::SET_COOKIE, cookie(token, max_age, headers))], Redirect::to(to)).into_response()
}

/// Where a sign-in with a second factor asks for the code.
pub const SECOND_STEP: &str = "/login/two-factor";

/// The second sign-in step's form.
#[derive(Deserialize)]
pub struct CodeForm {
    code: String,
}

/// `POST /login/two-factor`: checks the code of the session that waits for
/// one and, when right, replaces it by a signed-in session.
pub async fn login_second_step(
    State(ctx): State<AppContext>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<CodeForm>,
) -> Response {
    let address = client_address(&headers, peer);
    let Some(waiting) = auth::token_from_headers(&headers) else {
        return Redirect::to("/login?expired=1").into_response();
    };
    match second_factor::finish_sign_in(&ctx.db, &waiting, &form.code, &address).await {
        Ok(SecondStep::Opened(token)) => {
            ([(header::SET_COOKIE, cookie(&token, SESSION_LIFETIME.num_seconds(), &headers))], Redirect::to("/"))
                .into_response()
        }
        Ok(SecondStep::Refused) => Redirect::to(&format!("{SECOND_STEP}?error=1")).into_response(),
        Ok(SecondStep::Throttled(minutes)) => Redirect::to(&format!("{SECOND_STEP}?wait={minutes}")).into_response(),
        Ok(SecondStep::Expired) => Redirect::to("/login?expired=1").into_response(),
        Err(err) => (StatusCode::INTERNAL_SERVER_ERROR, err.to_string()).into_response(),
    }
}

/// `POST /logout`: ends the session (or, with the form field `everywhere`,
/// all the account's sessions) and clears the cookie. The body may be empty.
pub async fn logout(State(ctx): State<AppContext>, headers: HeaderMap, body: String) -> Response {
    let everywhere = body.split('&').any(|pair| pair == "everywhere" || pair.starts_with("everywhere="));
    if let Some(token) = auth::token_from_headers(&headers) {
        let result = if everywhere {
            auth::sign_out_everywhere(&ctx.db, &token).await.map(|_| ())
        } else {
            auth::sign_out(&ctx.db, &token).await
        };
        if let Err(err) = result {
            return (StatusCode::INTERNAL_SERVER_ERROR, err.to_string()).into_response();
        }
    }
    ([(header::SET_COOKIE, cookie("", 0, &headers))], Redirect::to("/")).into_response()
}
