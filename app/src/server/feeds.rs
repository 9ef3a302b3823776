//! Calendar feeds (iCalendar, RFC 5545) of deadlines still to be met: the
//! public feed of published matters' public deadlines, and each user's
//! private feed, at a secret URL (`tokens`, purpose `Feed`), of the deadlines
//! of their organisation's matters. A deadline is in a feed while it is open
//! or missed and unanswered, and its matter is open; its event keeps its UID
//! across recomputations, and its SEQUENCE grows with each change.

mod vevent;

pub use vevent::{Site, business_day_before, sequence, texts, uid, vevent};

use crate::{
    domain::{
        calendar::Calendar,
        vocab::{DeadlineStatus, MatterStatus},
    },
    error::{AppError, AppResult},
    server::{
        auth::Principal,
        entities::{deadline, matter},
        export::{ByteStream, PAGE, Pager, events::Parents, into_stream, scope},
        services::deadlines::load_calendar,
        tokens::{self, Purpose},
    },
};
use icalendar::{Component, Property};
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// The `Content-Type` of a feed.
pub const CONTENT_TYPE: &str = "text/calendar; charset=utf-8";

/// Deadlines still to be met in open matters `who` may see that also meet `matters`.
fn pending(who: &Principal, matters: Condition) -> Condition {
    let open = MatterStatus::open_codes();
    let matter_ids = scope::visible_matter_ids(who, matters.add(matter::Column::Status.is_in(open)));
    Condition::all()
        .add(deadline::Column::MatterId.in_subquery(matter_ids))
        .add(scope::row_visible(who, deadline::Column::Public, deadline::Column::MatterId))
        .add(deadline::Column::Status.is_in([DeadlineStatus::Open.code(), DeadlineStatus::Missed.code()]))
        .add(deadline::Column::MetByEventId.is_null())
}

/// The public feed: published matters' public deadlines.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn public_feed(db: DatabaseConnection, site: Site) -> AppResult<ByteStream> {
    let cond = pending(&Principal::Public, Condition::all());
    let cal = load_calendar(&db).await?;
    Ok(into_stream(Feed::new(db, cond, cal, site, "Docket: public deadlines".into(), false)))
}

/// The private feed behind `secret`: the deadlines of the owner's
/// organisation's matters. `None` when the secret is unknown or revoked.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn private_feed(db: DatabaseConnection, secret: &str, site: Site) -> AppResult<Option<ByteStream>> {
    let Some(user) = tokens::authenticate(&db, secret, Purpose::Feed).await? else {
        return Ok(None);
    };
    let name = format!("Docket: {} deadlines", user.organization);
    let own = Condition::all().add(matter::Column::OrganizationId.eq(user.organization_id));
    let cond = pending(&Principal::User(user), own);
    let cal = load_calendar(&db).await?;
    Ok(Some(into_stream(Feed::new(db, cond, cal, site, name, true))))
}

/// Writes a feed page by page.
struct Feed {
    db: DatabaseConnection,
    cond: Condition,
    cal: Calendar,
    site: Site,
    name: String,
    private: bool,
    /// Where the next page starts; `None` once the feed is written.
    cursor: Option<i32>,
}

impl Feed {
    fn new(db: DatabaseConnection, cond: Condition, cal: Calendar, site: Site, name: String, private: bool) -> Feed {
        Feed { db, cond, cal, site, name, private, cursor: Some(0) }
    }

    fn header(&self) -> AppResult<String> {
        let mut out = String::from("BEGIN:VCALENDAR\r\n");
        let properties = [
            Property::new("VERSION", "2.0"),
            Property::new("PRODID", "-//Docket//Deadlines//EN"),
            Property::new("CALSCALE", "GREGORIAN"),
            Property::new("METHOD", "PUBLISH"),
            Property::new("X-WR-CALNAME", &self.name),
            Property::new("REFRESH-INTERVAL", "PT1H").add_parameter("VALUE", "DURATION").done(),
            Property::new("X-PUBLISHED-TTL", "PT1H"),
        ];
        for p in properties {
            let line: String = p.try_into().map_err(internal)?;
            out.push_str(&line);
        }
        Ok(out)
    }

    async fn events(&self, after: i32) -> AppResult<(String, usize, Option<i32>)> {
        let found = deadline::Entity::find()
            .filter(self.cond.clone())
            .filter(deadline::Column::Id.gt(after))
            .order_by_asc(deadline::Column::Id)
            .limit(PAGE)
            .all(&self.db)
            .await?;
        let parents = Parents::load(&self.db, found.iter().map(|d| d.matter_id)).await?;
        let mut out = String::new();
        for d in &found {
            let Some(m) = parents.matters.get(&d.matter_id) else { continue };
            let (_, _, agency) = parents.get(d.matter_id);
            let event = vevent(d, m, &agency, &self.cal, &self.site, self.private);
            out.push_str(&event.try_into_string().map_err(internal)?);
        }
        Ok((out, found.len(), found.last().map(|d| d.id)))
    }
}

fn internal(err: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %err, "feed encoding failed");
    AppError::Internal
}

impl Pager for Feed {
    async fn next_chunk(&mut self) -> AppResult<Option<Vec<u8>>> {
        let Some(after) = self.cursor else { return Ok(None) };
        let mut out = if after == 0 { self.header()? } else { String::new() };
        let (events, read, last) = self.events(after).await?;
        out.push_str(&events);
        self.cursor = last.filter(|_| u64::try_from(read).unwrap_or(u64::MAX) >= PAGE);
        if self.cursor.is_none() {
            out.push_str("END:VCALENDAR\r\n");
        }
        Ok(Some(out.into_bytes()))
    }
}
