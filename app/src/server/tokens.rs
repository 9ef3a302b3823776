//! Personal tokens: API tokens and private calendar-feed secrets.
//!
//! A token is shown once, when issued; only its SHA-256 is stored, with its
//! first characters (`prefix`) so people can tell tokens apart. A revoked
//! token stops working at once. A user has at most one live feed secret:
//! issuing a new one revokes the old (that is how a leaked feed URL is
//! replaced).

use crate::{
    error::{AppError, AppResult},
    server::{
        auth::{CurrentUser, current_user, new_token, token_digest},
        entities::personal_token,
    },
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    sea_query::Expr,
};

/// What a token is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// `Authorization: Bearer …` on `/api/v1`.
    Api,
    /// The secret in a private calendar-feed URL.
    Feed,
}

impl Purpose {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Purpose::Api => "api",
            Purpose::Feed => "feed",
        }
    }
}

/// How many characters of a secret are kept in the clear.
const PREFIX_LEN: usize = 8;
/// `last_used_at` is written at most this often per token.
const USE_RESOLUTION: Duration = Duration::minutes(5);
/// The longest name a token may have.
pub const NAME_MAX: usize = 80;

/// A token just issued: its stored row and the secret, shown only now.
#[derive(Debug, Clone)]
pub struct Issued {
    pub token: personal_token::Model,
    pub secret: String,
}

/// Issues a token for `user_id`. A feed secret replaces the user's previous one.
///
/// # Errors
/// `Fields` naming `name` when it is too long; `Internal` on a database failure.
pub async fn issue(db: &impl ConnectionTrait, user_id: i32, purpose: Purpose, name: &str) -> AppResult<Issued> {
    let name = name.trim();
    if name.chars().count() > NAME_MAX {
        return Err(AppError::invalid("name", format!("Use at most {NAME_MAX} characters.")));
    }
    let now = Utc::now();
    if purpose == Purpose::Feed {
        revoke_where(db, user_id, purpose, None, now).await?;
    }
    let secret = new_token();
    let token = personal_token::ActiveModel {
        user_id: Set(user_id),
        purpose: Set(purpose.code().into()),
        name: Set(name.into()),
        token_hash: Set(token_digest(&secret)),
        prefix: Set(secret[..PREFIX_LEN].into()),
        created_at: Set(now),
        last_used_at: Set(None),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(Issued { token, secret })
}

/// The user's live tokens for `purpose`, newest first.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn live(db: &impl ConnectionTrait, user_id: i32, purpose: Purpose) -> AppResult<Vec<personal_token::Model>> {
    Ok(personal_token::Entity::find()
        .filter(personal_token::Column::UserId.eq(user_id))
        .filter(personal_token::Column::Purpose.eq(purpose.code()))
        .filter(personal_token::Column::RevokedAt.is_null())
        .order_by_desc(personal_token::Column::Id)
        .all(db)
        .await?)
}

/// Revokes the user's token `id`; `NotFound` if it is not theirs or not live.
///
/// # Errors
/// `NotFound`; `Internal` on a database failure.
pub async fn revoke(db: &impl ConnectionTrait, user_id: i32, purpose: Purpose, id: i32) -> AppResult<()> {
    match revoke_where(db, user_id, purpose, Some(id), Utc::now()).await? {
        0 => Err(AppError::NotFound("token".into())),
        _ => Ok(()),
    }
}

/// Revokes every live token of `purpose` the user has; returns how many.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn revoke_all(db: &impl ConnectionTrait, user_id: i32, purpose: Purpose) -> AppResult<u64> {
    revoke_where(db, user_id, purpose, None, Utc::now()).await
}

async fn revoke_where(
    db: &impl ConnectionTrait,
    user_id: i32,
    purpose: Purpose,
    id: Option<i32>,
    now: DateTime<Utc>,
) -> AppResult<u64> {
    let mut q = personal_token::Entity::update_many()
        .col_expr(personal_token::Column::RevokedAt, Expr::value(now))
        .filter(personal_token::Column::UserId.eq(user_id))
        .filter(personal_token::Column::Purpose.eq(purpose.code()))
        .filter(personal_token::Column::RevokedAt.is_null());
    if let Some(id) = id {
        q = q.filter(personal_token::Column::Id.eq(id));
    }
    Ok(q.exec(db).await?.rows_affected)
}

/// The user a live secret of `purpose` belongs to, or `None`.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn authenticate(db: &impl ConnectionTrait, secret: &str, purpose: Purpose) -> AppResult<Option<CurrentUser>> {
    let secret = secret.trim();
    if secret.is_empty() {
        return Ok(None);
    }
    let Some(token) = personal_token::Entity::find()
        .filter(personal_token::Column::TokenHash.eq(token_digest(secret)))
        .filter(personal_token::Column::Purpose.eq(purpose.code()))
        .filter(personal_token::Column::RevokedAt.is_null())
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let now = Utc::now();
    if token.last_used_at.is_none_or(|at| now - at > USE_RESOLUTION) {
        personal_token::Entity::update_many()
            .col_expr(personal_token::Column::LastUsedAt, Expr::value(now))
            .filter(personal_token::Column::Id.eq(token.id))
            .exec(db)
            .await?;
    }
    current_user(db, token.user_id).await
}
