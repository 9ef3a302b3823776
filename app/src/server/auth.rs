//! Sessions and the signed-in principal.
//!
//! A session is a random token in an HttpOnly cookie; the database keeps only
//! its SHA-256 hash, so a copy of the database does not let anyone sign in.
//! Sessions live in the database so several app servers can share them.

use super::{
    context::ctx,
    entities::{organization, session, user},
    throttle,
};
use crate::{
    domain::vocab::Role,
    error::{AppError, AppResult},
    model::{SignedIn, Viewer},
};
use chrono::{DateTime, Duration, Utc};
use leptos::prelude::use_context;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

/// A real hash checked for unknown usernames, so they cost as much as known ones.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| password_auth::generate_hash(new_token()));

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "docket_session";
/// The longest a session lasts after sign-in, however active.
pub const SESSION_LIFETIME: Duration = Duration::days(7);
/// A session ends after this long without a request.
pub const IDLE_TIMEOUT: Duration = Duration::hours(12);
/// How long a session waits for the second factor.
pub const SECOND_FACTOR_TIMEOUT: Duration = Duration::minutes(5);

/// The outcome of a sign-in attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignIn {
    /// A new session, with its token.
    Opened(String),
    /// The password was right and the account has a second factor: a
    /// session that waits for the code (it signs no one in until then).
    SecondFactor(String),
    /// Wrong username or password (the same answer for both).
    Refused,
    /// Too many failures recently; try again after this many minutes.
    Throttled(i64),
}

/// A signed-in user, as the server knows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentUser {
    pub id: i32,
    pub organization_id: i32,
    pub role: Role,
    pub username: String,
    pub name: String,
    pub organization: String,
}

/// Whoever makes the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    Public,
    User(CurrentUser),
}

impl Principal {
    /// What pages may know about the principal.
    pub fn viewer(&self) -> Viewer {
        match self {
            Principal::Public => Viewer { user: None },
            Principal::User(u) => Viewer {
                user: Some(SignedIn {
                    username: u.username.clone(),
                    name: u.name.clone(),
                    role: u.role,
                    organization: u.organization.clone(),
                }),
            },
        }
    }
}

/// Hashes a password with argon2id (PHC string).
pub fn hash_password(password: &str) -> String {
    password_auth::generate_hash(password)
}

/// The hex SHA-256 of a secret token: what is stored in its place.
pub fn token_digest(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// A fresh random secret (256 bits from two v4 UUIDs, 64 hex characters).
pub fn new_token() -> String {
    format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple())
}

/// Reads the session token from a request's `Cookie` headers.
pub fn token_from_headers(headers: &http::HeaderMap) -> Option<String> {
    super::request::cookie(headers, SESSION_COOKIE)
}

/// The principal a session token stands for (`Public` if none or expired).
///
/// # Errors
/// `Internal` on a database failure.
pub async fn principal_for_token(
    db: &impl ConnectionTrait,
    token: Option<&str>,
    now: DateTime<Utc>,
) -> AppResult<Principal> {
    let Some(token) = token.filter(|t| !t.is_empty()) else {
        return Ok(Principal::Public);
    };
    let Some(sess) = session::Entity::find_by_id(token_digest(token)).one(db).await? else {
        return Ok(Principal::Public);
    };
    if sess.expires_at <= now || sess.awaiting_second_factor {
        return Ok(Principal::Public);
    }
    keep_alive(db, &sess, now).await?;
    Ok(current_user(db, sess.user_id).await?.map_or(Principal::Public, Principal::User))
}

/// The user with id `user_id`, with role and organization, if they exist.
///
/// # Errors
/// `Internal` on a database failure or a stored role that does not parse.
pub async fn current_user(db: &impl ConnectionTrait, user_id: i32) -> AppResult<Option<CurrentUser>> {
    let Some(u) = user::Entity::find_by_id(user_id).one(db).await? else {
        return Ok(None);
    };
    let org = organization::Entity::find_by_id(u.organization_id).one(db).await?;
    let role = Role::parse(&u.role).map_err(|e| {
        tracing::error!(error = %e, user = u.id, "stored role is invalid");
        AppError::Internal
    })?;
    Ok(Some(CurrentUser {
        id: u.id,
        organization_id: u.organization_id,
        role,
        username: u.username,
        name: u.name,
        organization: org.map(|o| o.name).unwrap_or_default(),
    }))
}

/// Pushes an active session's expiry to `IDLE_TIMEOUT` from now (at most
/// `SESSION_LIFETIME` after sign-in), writing only when it gains a while.
async fn keep_alive(db: &impl ConnectionTrait, sess: &session::Model, now: DateTime<Utc>) -> AppResult<()> {
    let wanted = (now + IDLE_TIMEOUT).min(sess.created_at + SESSION_LIFETIME);
    if wanted - sess.expires_at > Duration::minutes(10) {
        session::Entity::update_many()
            .col_expr(session::Column::ExpiresAt, sea_orm::sea_query::Expr::value(wanted))
            .filter(session::Column::Id.eq(sess.id.clone()))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// The principal of the request being served (from the Leptos context).
///
/// # Errors
/// `Internal` on a database failure or missing context.
pub async fn principal() -> AppResult<Principal> {
    let ctx = ctx()?;
    let token = use_context::<http::request::Parts>().and_then(|parts| token_from_headers(&parts.headers));
    principal_for_token(&ctx.db, token.as_deref(), Utc::now()).await
}

/// The signed-in user of this request.
///
/// # Errors
/// `Unauthorized` for the public.
pub async fn require_user() -> AppResult<CurrentUser> {
    match principal().await? {
        Principal::User(user) => Ok(user),
        Principal::Public => Err(AppError::Unauthorized),
    }
}

/// The signed-in user, who must hold one of `roles`.
///
/// # Errors
/// `Unauthorized` for the public, `Forbidden` for another role.
pub async fn require_role(roles: &[Role]) -> AppResult<CurrentUser> {
    let user = require_user().await?;
    if roles.contains(&user.role) { Ok(user) } else { Err(AppError::Forbidden) }
}

/// Checks a username and password and opens a session. Unknown users and
/// wrong passwords get the same answer and take the same time, so sign-in
/// does not reveal which accounts exist; repeated failures per account or
/// per `address` are throttled (see `throttle`).
///
/// # Errors
/// `Internal` on a database failure.
pub async fn sign_in(db: &impl ConnectionTrait, username: &str, password: &str, address: &str) -> AppResult<SignIn> {
    let now = Utc::now();
    if let Some(minutes) = throttle::check(db, username, address, now).await? {
        return Ok(SignIn::Throttled(minutes));
    }
    let found = user::Entity::find().filter(user::Column::Username.eq(username.trim())).one(db).await?;
    let hash = found.as_ref().map_or_else(|| DUMMY_HASH.clone(), |u| u.password_hash.clone());
    let password = password.to_string();
    let ok = tokio::task::spawn_blocking(move || password_auth::verify_password(password, &hash).is_ok())
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "password check panicked");
            AppError::Internal
        })?;
    let Some(u) = found.filter(|_| ok) else {
        throttle::record_failure(db, username, address, now).await?;
        return Ok(SignIn::Refused);
    };
    throttle::clear_account(db, username).await?;
    if u.totp_secret.is_some() {
        return Ok(SignIn::SecondFactor(open_session(db, u.id, true, now).await?));
    }
    Ok(SignIn::Opened(open_session(db, u.id, false, now).await?))
}

/// Stores a new session for `user_id` and returns its token. A session
/// `awaiting_second_factor` lasts `SECOND_FACTOR_TIMEOUT` and signs no one in.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn open_session(
    db: &impl ConnectionTrait,
    user_id: i32,
    awaiting_second_factor: bool,
    now: DateTime<Utc>,
) -> AppResult<String> {
    let token = new_token();
    let lasts = if awaiting_second_factor { SECOND_FACTOR_TIMEOUT } else { IDLE_TIMEOUT };
    session::Entity::insert(session::ActiveModel {
        id: Set(token_digest(&token)),
        user_id: Set(user_id),
        created_at: Set(now),
        expires_at: Set(now + lasts),
        awaiting_second_factor: Set(awaiting_second_factor),
    })
    .exec(db)
    .await?;
    Ok(token)
}

/// Ends every session of the user behind `token` (sign out everywhere).
///
/// # Errors
/// `Internal` on a database failure.
pub async fn sign_out_everywhere(db: &impl ConnectionTrait, token: &str) -> AppResult<u64> {
    let Some(sess) = session::Entity::find_by_id(token_digest(token)).one(db).await? else {
        return Ok(0);
    };
    let res = session::Entity::delete_many().filter(session::Column::UserId.eq(sess.user_id)).exec(db).await?;
    Ok(res.rows_affected)
}

/// Ends the session behind `token`, if any.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn sign_out(db: &impl ConnectionTrait, token: &str) -> AppResult<()> {
    session::Entity::delete_by_id(token_digest(token)).exec(db).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_session_cookie_among_others() {
        let mut headers = http::HeaderMap::new();
        headers.insert(http::header::COOKIE, "a=1; docket_session=abc; b=2".parse().unwrap());
        assert_eq!(token_from_headers(&headers).as_deref(), Some("abc"));
        assert_eq!(token_from_headers(&http::HeaderMap::new()), None);
    }

    #[test]
    fn digests_are_hex_sha256() {
        assert_eq!(token_digest("abc").len(), 64);
        assert_ne!(token_digest("abc"), token_digest("abd"));
    }
}
