//! Throttling of failed sign-ins, per account and per address, counted in
//! the database so that several app servers share the count.
//!
//! After [`MAX_PER_ACCOUNT`] failures for one username, or
//! [`MAX_PER_ADDRESS`] from one address, within [`WINDOW`], further
//! attempts are refused without checking the password until the oldest
//! failure leaves the window. A successful sign-in clears the account's count.

use super::entities::sign_in_failure;
use crate::error::AppResult;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

/// How long a failure counts.
pub const WINDOW: Duration = Duration::minutes(15);
/// Failures allowed per username within the window.
pub const MAX_PER_ACCOUNT: usize = 5;
/// Failures allowed per address within the window.
pub const MAX_PER_ADDRESS: usize = 20;

fn account_key(username: &str) -> String {
    format!("user:{}", username.trim().to_lowercase())
}

fn address_key(address: &str) -> String {
    format!("addr:{address}")
}

/// Minutes to wait before `key` may try again, if it is over `max`.
async fn wait_for(db: &impl ConnectionTrait, key: &str, max: usize, now: DateTime<Utc>) -> AppResult<Option<i64>> {
    let recent = sign_in_failure::Entity::find()
        .filter(sign_in_failure::Column::Key.eq(key))
        .filter(sign_in_failure::Column::At.gt(now - WINDOW))
        .order_by_desc(sign_in_failure::Column::At)
        .all(db)
        .await?;
    if recent.len() < max {
        return Ok(None);
    }
    // The attempt that must leave the window before another is allowed.
    let blocking = recent[max - 1].at;
    let wait = (blocking + WINDOW - now).num_seconds().max(0);
    Ok(Some((wait + 59) / 60))
}

/// Minutes to wait before `username` may try again from `address`, if
/// either is over its limit.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn check(
    db: &impl ConnectionTrait,
    username: &str,
    address: &str,
    now: DateTime<Utc>,
) -> AppResult<Option<i64>> {
    let account = wait_for(db, &account_key(username), MAX_PER_ACCOUNT, now).await?;
    let addr = wait_for(db, &address_key(address), MAX_PER_ADDRESS, now).await?;
    Ok(account.max(addr))
}

/// Records a failed sign-in for the account and the address, and forgets
/// failures older than a day.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn record_failure(
    db: &impl ConnectionTrait,
    username: &str,
    address: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let rows = [account_key(username), address_key(address)].map(|key| sign_in_failure::ActiveModel {
        key: Set(key),
        at: Set(now),
        ..Default::default()
    });
    sign_in_failure::Entity::insert_many(rows).exec(db).await?;
    sign_in_failure::Entity::delete_many()
        .filter(sign_in_failure::Column::At.lt(now - Duration::days(1)))
        .exec(db)
        .await?;
    Ok(())
}

/// Clears the account's failures after a successful sign-in.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn clear_account(db: &impl ConnectionTrait, username: &str) -> AppResult<()> {
    sign_in_failure::Entity::delete_many()
        .filter(sign_in_failure::Column::Key.eq(account_key(username)))
        .exec(db)
        .await?;
    Ok(())
}
