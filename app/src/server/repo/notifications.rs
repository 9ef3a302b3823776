//! A user's notifications: only ever their own.

use crate::{
    error::{AppError, AppResult},
    model::{DigestItem, NotificationView},
    server::{auth::CurrentUser, entities::notification},
};
use chrono::Utc;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Expr};

/// How many notifications the page lists.
const SHOWN: u64 = 30;

/// The user's latest notifications, newest first.
///
/// # Errors
/// `Internal` on a database failure or a stored digest that does not parse.
pub async fn latest(db: &impl ConnectionTrait, who: &CurrentUser) -> AppResult<Vec<NotificationView>> {
    let rows = notification::Entity::find()
        .filter(notification::Column::UserId.eq(who.id))
        .order_by_desc(notification::Column::Day)
        .order_by_desc(notification::Column::Id)
        .limit(SHOWN)
        .all(db)
        .await?;
    rows.into_iter()
        .map(|n| {
            let items: Vec<DigestItem> = serde_json::from_str(&n.items).map_err(|e| {
                tracing::error!(notification = n.id, error = %e, "stored digest does not parse");
                AppError::Internal
            })?;
            // Digests written before the totals were kept listed every line.
            let listed = |overdue: bool| items.iter().filter(|i| i.overdue() == overdue).count() as u64;
            let total = |stored: i32, overdue: bool| u64::try_from(stored).unwrap_or(0).max(listed(overdue));
            Ok(NotificationView {
                id: n.id,
                day: n.day,
                subject: n.subject,
                overdue_total: total(n.overdue_total, true),
                soon_total: total(n.soon_total, false),
                items,
                read: n.read_at.is_some(),
                emailed: n.emailed_at.is_some(),
            })
        })
        .collect()
}

/// Marks all the user's notifications read.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn mark_read(db: &impl ConnectionTrait, who: &CurrentUser) -> AppResult<()> {
    notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(Utc::now()))
        .filter(notification::Column::UserId.eq(who.id))
        .filter(notification::Column::ReadAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}
