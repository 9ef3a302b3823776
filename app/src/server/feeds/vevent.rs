//! One deadline as an iCalendar VEVENT (RFC 5545): an all-day event on the
//! due date with a stable UID, the matter and rule in the summary, the
//! explanation and its provisions in the description, and an alarm one
//! business day before.

use crate::{
    domain::calendar::{Calendar, Reading},
    server::{
        entities::{deadline, matter},
        export::explain_deadline,
    },
};
use chrono::{DateTime, Days, Duration, NaiveDate, TimeZone, Utc};
use icalendar::{Alarm, Class, Component, Event, EventLike, EventStatus, Property};

pub use crate::server::request::Site;

/// The hour (local, floating) the alarm goes off on the business day before.
const ALARM_HOUR: i64 = 9;

/// The UID of a deadline's event: the same for as long as the deadline
/// exists, whatever its date, so calendar apps update the event in place.
pub fn uid(deadline_id: i32, host: &str) -> String {
    format!("deadline-{deadline_id}@{host}")
}

/// The SEQUENCE of a version of an event: seconds from 2024-01-01 UTC to its
/// last change, so every recomputation that changes a deadline raises it
/// (and it fits the 31 bits RFC 5545 allows until the 2080s).
pub fn sequence(updated_at: DateTime<Utc>) -> u32 {
    let epoch = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).single().unwrap_or(DateTime::UNIX_EPOCH);
    u32::try_from((updated_at - epoch).num_seconds().max(0)).unwrap_or(u32::MAX >> 1)
}

/// The business day before `due` (closure days are not business days: the
/// office is shut), or the day before when the calendar does not cover it.
pub fn business_day_before(cal: &Calendar, due: NaiveDate) -> NaiveDate {
    due.iter_days()
        .rev()
        .skip(1)
        .take(31)
        .find(|d| cal.is_business_day(*d, Reading::WithClosures))
        .unwrap_or_else(|| due.checked_sub_days(Days::new(1)).unwrap_or(due))
}

/// An RFC 5545 duration `lead` before the start: `-P2DT15H`.
fn trigger(lead: Duration) -> String {
    let hours = lead.num_hours();
    match (hours / 24, hours % 24) {
        (0, h) => format!("-PT{h}H"),
        (d, 0) => format!("-P{d}D"),
        (d, h) => format!("-P{d}DT{h}H"),
    }
}

/// What the event says, beyond the dates.
pub struct Texts {
    pub summary: String,
    pub description: String,
    pub url: String,
}

/// The summary, description and link of a deadline's event.
pub fn texts(d: &deadline::Model, m: &matter::Model, agency: &str, site: &Site) -> Texts {
    let url = format!("{}/matters/{}", site.base_url, m.slug);
    let explained = explain_deadline(&d.explanation);
    let rule = explained.rule_title.filter(|r| !d.title.contains(r.as_str()));
    let summary = match &rule {
        Some(rule) => format!("{} ({rule}): {}", d.title, m.title),
        None => format!("{}: {}", d.title, m.title),
    };
    let owed = if d.owed_by == "agency" { format!("owed by {agency}") } else { "owed by us".to_string() };
    let mut lines = vec![
        format!("{} — {}", m.title, agency),
        format!("{}: due {}, {owed}.", d.title, d.due_date.format("%A %-d %B %Y")),
    ];
    if d.unsettled {
        lines.push("Unsettled reading: Docket uses the protective date.".to_string());
    }
    if explained.text.is_none() && !explained.citations.is_empty() {
        lines.push(format!("Provisions: {}", explained.citations.join("; ")));
    }
    if !d.source.is_empty() {
        lines.push(format!("Source: {}", d.source));
    }
    if let Some(text) = explained.text {
        lines.push(String::new());
        lines.push("Why this date:".to_string());
        lines.push(text);
    }
    lines.push(String::new());
    lines.push(url.clone());
    Texts { summary, description: lines.join("\n"), url }
}

/// The VEVENT of deadline `d` of matter `m`.
pub fn vevent(
    d: &deadline::Model,
    m: &matter::Model,
    agency: &str,
    cal: &Calendar,
    site: &Site,
    private: bool,
) -> Event {
    let t = texts(d, m, agency, site);
    let before = business_day_before(cal, d.due_date);
    let lead = Duration::days((d.due_date - before).num_days()) - Duration::hours(ALARM_HOUR);
    let alarm = Alarm::display(&format!("Due {}: {}", d.due_date.format("%a %-d %b"), t.summary), -lead)
        .append_property(Property::new("TRIGGER", trigger(lead)))
        .uid(&format!("deadline-{}-alarm@{}", d.id, site.host))
        .timestamp(d.updated_at)
        .done();
    Event::new()
        .uid(&uid(d.id, &site.host))
        .timestamp(d.updated_at)
        .last_modified(d.updated_at)
        .created(d.created_at)
        .sequence(sequence(d.updated_at))
        .starts(d.due_date)
        .ends(d.due_date.checked_add_days(Days::new(1)).unwrap_or(d.due_date))
        .summary(&t.summary)
        .description(&t.description)
        .url(&t.url)
        .status(EventStatus::Confirmed)
        .class(if private { Class::Private } else { Class::Public })
        .append_property(Property::new("TRANSP", "TRANSPARENT"))
        .alarm(alarm)
        .done()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alarm_day_skips_weekends_and_holidays() {
        let cal = Calendar::federal();
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
        // Due Tuesday 2026-01-20: Monday the 19th is Martin Luther King Jr. Day.
        assert_eq!(business_day_before(&cal, day(2026, 1, 20)), day(2026, 1, 16));
        // Due Monday 2026-02-09: the business day before is Friday the 6th.
        assert_eq!(business_day_before(&cal, day(2026, 2, 9)), day(2026, 2, 6));
        assert_eq!(business_day_before(&cal, day(2026, 2, 11)), day(2026, 2, 10));
    }

    #[test]
    fn sequence_grows_with_updates() {
        let t = Utc.with_ymd_and_hms(2026, 1, 5, 12, 0, 0).single().expect("time");
        assert!(sequence(t + Duration::seconds(1)) > sequence(t));
        assert_eq!(sequence(Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).single().expect("time")), 0);
        assert_eq!(uid(42, "docket.example.org"), "deadline-42@docket.example.org");
        assert_eq!(trigger(Duration::hours(63)), "-P2DT15H");
        assert_eq!(trigger(Duration::hours(15)), "-PT15H");
        assert_eq!(trigger(Duration::hours(48)), "-P2D");
    }
}
