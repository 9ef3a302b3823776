//! The optional second sign-in factor (TOTP) for attorneys and admins:
//! setting it up (a secret shown once as a QR code, confirmed by a first
//! code), turning it off (with a current code, or by an admin on the command
//! line when a phone is lost), and finishing a sign-in that waits for a code.
//! Turning it on or off is in the audit log; secrets never are.

use crate::{
    domain::vocab::Role,
    error::{AppError, AppResult},
    server::{
        audit::{self, Change},
        auth::{self, CurrentUser, token_digest},
        entities::{session, user},
        throttle, totp,
        tx::begin_write,
    },
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, sea_query::Expr,
};

/// Roles that may turn the second factor on.
pub const ROLES: [Role; 2] = [Role::Attorney, Role::Admin];

/// The outcome of the second sign-in step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecondStep {
    /// Signed in: the new session's token.
    Opened(String),
    /// A wrong (or already used) code.
    Refused,
    /// Too many failures recently; try again after this many minutes.
    Throttled(i64),
    /// No session waits for a code (expired, or none): sign in again.
    Expired,
}

/// A secret being set up, to show once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setup {
    pub secret: String,
    pub url: String,
    pub qr_svg: String,
}

/// Where a user stands with the second factor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub enabled: bool,
    pub allowed: bool,
    pub setup: Option<Setup>,
}

fn unix(now: DateTime<Utc>) -> u64 {
    u64::try_from(now.timestamp()).unwrap_or(0)
}

async fn account(db: &impl ConnectionTrait, id: i32) -> AppResult<user::Model> {
    user::Entity::find_by_id(id).one(db).await?.ok_or(AppError::Unauthorized)
}

/// Records that the second factor of `user_id` went from `was` to `now_on`.
async fn audit_switch(
    db: &impl ConnectionTrait,
    actor: Option<i32>,
    user_id: i32,
    was: bool,
    now_on: bool,
) -> AppResult<()> {
    let value = |on: bool| Some(serde_json::json!({ "two_factor": on }).to_string());
    let change = Change {
        user_id: actor,
        action: "update",
        entity: "user",
        entity_id: user_id,
        matter_id: None,
        old_value: value(was),
        new_value: value(now_on),
    };
    audit::record(db, change).await
}

/// What the account page shows `who`.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn status(db: &DatabaseConnection, who: &CurrentUser) -> AppResult<Status> {
    let u = account(db, who.id).await?;
    let setup = match (&u.totp_secret, &u.totp_pending_secret) {
        (None, Some(secret)) => {
            let url = totp::otpauth_url(secret, &u.username)?;
            Some(Setup { secret: secret.clone(), qr_svg: totp::qr_svg(&url)?, url })
        }
        _ => None,
    };
    Ok(Status { enabled: u.totp_secret.is_some(), allowed: ROLES.contains(&who.role), setup })
}

/// Starts setting up: stores a new secret, not yet in force.
///
/// # Errors
/// `Forbidden` for students; `Validation` naming `code` when it is already on.
pub async fn begin(db: &DatabaseConnection, who: &CurrentUser) -> AppResult<()> {
    if !ROLES.contains(&who.role) {
        return Err(AppError::Forbidden);
    }
    let txn = begin_write(db).await?;
    let u = account(&txn, who.id).await?;
    if u.totp_secret.is_some() {
        return Err(AppError::invalid("code", "Two-factor sign-in is already on."));
    }
    let mut active = u.into_active_model();
    active.totp_pending_secret = Set(Some(totp::new_secret()));
    active.update(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// Drops a secret being set up.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn cancel(db: &DatabaseConnection, who: &CurrentUser) -> AppResult<()> {
    user::Entity::update_many()
        .col_expr(user::Column::TotpPendingSecret, Expr::value(Option::<String>::None))
        .filter(user::Column::Id.eq(who.id))
        .exec(db)
        .await?;
    Ok(())
}

/// Turns the second factor on once `code` proves the app holds the secret.
///
/// # Errors
/// `Validation` naming `code` when nothing is being set up or the code is wrong.
pub async fn confirm(db: &DatabaseConnection, who: &CurrentUser, code: &str) -> AppResult<()> {
    if !ROLES.contains(&who.role) {
        return Err(AppError::Forbidden);
    }
    let txn = begin_write(db).await?;
    let u = account(&txn, who.id).await?;
    let Some(secret) = u.totp_pending_secret.clone() else {
        return Err(AppError::invalid("code", "Start the set-up first."));
    };
    let Some(step) = totp::accepted_step(&secret, code, unix(Utc::now()), None)? else {
        return Err(AppError::invalid("code", "That code does not match. Enter the 6 digits your app shows now."));
    };
    let mut active = u.into_active_model();
    active.totp_secret = Set(Some(secret));
    active.totp_pending_secret = Set(None);
    active.totp_last_step = Set(Some(step));
    active.update(&txn).await?;
    audit_switch(&txn, Some(who.id), who.id, false, true).await?;
    txn.commit().await?;
    Ok(())
}

/// Turns the second factor off, given a current code.
///
/// # Errors
/// `Validation` naming `code` when it is off or the code is wrong.
pub async fn disable(db: &DatabaseConnection, who: &CurrentUser, code: &str) -> AppResult<()> {
    let txn = begin_write(db).await?;
    let u = account(&txn, who.id).await?;
    let Some(secret) = u.totp_secret.clone() else {
        return Err(AppError::invalid("code", "Two-factor sign-in is not on."));
    };
    if totp::accepted_step(&secret, code, unix(Utc::now()), u.totp_last_step)?.is_none() {
        return Err(AppError::invalid("code", "That code does not match. Enter the 6 digits your app shows now."));
    }
    switch_off(&txn, Some(who.id), u).await?;
    txn.commit().await?;
    Ok(())
}

/// Turns off the second factor of `username` (an admin's recovery when a
/// phone is lost) and ends their sessions. Returns whether it was on.
///
/// # Errors
/// `NotFound` for an unknown username.
pub async fn reset(db: &DatabaseConnection, actor: Option<i32>, username: &str) -> AppResult<bool> {
    let txn = begin_write(db).await?;
    let u = super::users::existing(&txn, username).await?;
    let was_on = u.totp_secret.is_some();
    let id = u.id;
    switch_off(&txn, actor, u).await?;
    session::Entity::delete_many().filter(session::Column::UserId.eq(id)).exec(&txn).await?;
    txn.commit().await?;
    Ok(was_on)
}

async fn switch_off(db: &impl ConnectionTrait, actor: Option<i32>, u: user::Model) -> AppResult<()> {
    let (id, was_on) = (u.id, u.totp_secret.is_some());
    let mut active = u.into_active_model();
    active.totp_secret = Set(None);
    active.totp_pending_secret = Set(None);
    active.totp_last_step = Set(None);
    active.update(db).await?;
    if was_on {
        audit_switch(db, actor, id, true, false).await?;
    }
    Ok(())
}

/// Finishes a sign-in that waits for a code: on the right code, the waiting
/// session is replaced by a signed-in one. Wrong codes count towards the
/// same throttle as wrong passwords.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn finish_sign_in(db: &DatabaseConnection, token: &str, code: &str, address: &str) -> AppResult<SecondStep> {
    let now = Utc::now();
    let txn = begin_write(db).await?;
    let waiting = session::Entity::find_by_id(token_digest(token))
        .one(&txn)
        .await?
        .filter(|s| s.awaiting_second_factor && s.expires_at > now);
    let Some(sess) = waiting else { return Ok(SecondStep::Expired) };
    let u = account(&txn, sess.user_id).await?;
    let Some(secret) = u.totp_secret.as_deref() else { return Ok(SecondStep::Expired) };
    if let Some(minutes) = throttle::check(&txn, &u.username, address, now).await? {
        return Ok(SecondStep::Throttled(minutes));
    }
    let step = totp::accepted_step(secret, code, unix(now), u.totp_last_step)?;
    let claimed = match step {
        Some(step) => claim_step(&txn, u.id, step).await?,
        None => false,
    };
    if !claimed {
        throttle::record_failure(&txn, &u.username, address, now).await?;
        txn.commit().await?;
        return Ok(SecondStep::Refused);
    }
    session::Entity::delete_by_id(sess.id).exec(&txn).await?;
    throttle::clear_account(&txn, &u.username).await?;
    let token = auth::open_session(&txn, u.id, false, now).await?;
    txn.commit().await?;
    Ok(SecondStep::Opened(token))
}

/// Records `step` as the last one used, unless a later or equal one already
/// is (then the code was used already, perhaps by a concurrent request).
async fn claim_step(db: &impl ConnectionTrait, user_id: i32, step: i64) -> AppResult<bool> {
    let res = user::Entity::update_many()
        .col_expr(user::Column::TotpLastStep, Expr::value(step))
        .filter(user::Column::Id.eq(user_id))
        .filter(Condition::any().add(user::Column::TotpLastStep.is_null()).add(user::Column::TotpLastStep.lt(step)))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}
