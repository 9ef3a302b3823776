//! `GET /feeds/public.atom`: an Atom feed (RFC 4287) of the latest public
//! events of published matters, newest first, each linking to its matter's
//! page. Entry ids are `tag:` URIs (RFC 4151) made from the event's id, so
//! a reader sees an event once however often the feed is fetched. Its
//! static path is matched before the `/feeds/{file}` calendar route.

use crate::{export::error_response, routes::AppState, xml};
use app::server::{
    context::AppContext,
    public_api::open_web::{self, RecentEvent},
    request::{self, Site},
};
use axum::{
    Router,
    extract::State,
    http::{HeaderMap, header},
    response::{IntoResponse, Response},
    routing::get,
};
use chrono::NaiveDate;
use std::fmt::Write;

/// The feed's address.
pub const PATH: &str = "/feeds/public.atom";
/// The `Content-Type` of the feed.
pub const CONTENT_TYPE: &str = "application/atom+xml; charset=utf-8";
/// How many events the feed carries.
pub const ENTRIES: u64 = 50;
/// The date in the `tag:` URIs: when the scheme was minted, fixed forever.
const TAG_DATE: &str = "2026";

/// The routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new().route(PATH, get(feed))
}

/// `date` at midnight UTC, as an RFC 3339 date-time.
fn timestamp(date: NaiveDate) -> String {
    format!("{}T00:00:00Z", date.format("%Y-%m-%d"))
}

fn entry(out: &mut String, site: &Site, e: &RecentEvent) {
    let link = format!("{}/matters/{}", site.base_url, xml::path_segment(&e.matter_slug));
    let _ = write!(
        out,
        "<entry>\n<id>tag:{host},{TAG_DATE}:event-{id}</id>\n<title>{title}</title>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{link}\"/>\n<updated>{updated}</updated>\n\
         <category term=\"{kind}\"/>\n<category term=\"agency:{agency}\"/>\n",
        host = xml::escape(&site.host),
        id = e.id,
        title = xml::escape(&format!("{}: {}", e.matter_title, e.title)),
        link = xml::escape(&link),
        updated = timestamp(e.date),
        kind = xml::escape(&e.kind),
        agency = xml::escape(&e.agency),
    );
    let summary = if e.details.trim().is_empty() { &e.title } else { &e.details };
    let _ = writeln!(out, "<summary type=\"text\">{}</summary>\n</entry>", xml::escape(summary));
}

/// The feed over `events` (newest first). Its `updated` is the newest
/// entry's, so the document only changes when the events do; an empty
/// feed says 1970-01-01.
pub fn atom_xml(site: &Site, events: &[RecentEvent]) -> String {
    let updated = events.iter().map(|e| e.date).max().map_or_else(|| "1970-01-01T00:00:00Z".into(), timestamp);
    let base = xml::escape(&site.base_url);
    let mut out =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    let _ = write!(
        out,
        "<id>tag:{host},{TAG_DATE}:public-events</id>\n<title>Docket: public events</title>\n\
         <subtitle>The latest public events of the matters the clinic publishes.</subtitle>\n\
         <link rel=\"self\" type=\"application/atom+xml\" href=\"{base}{PATH}\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{base}/\"/>\n\
         <updated>{updated}</updated>\n<author><name>Docket</name></author>\n\
         <generator>Docket</generator>\n",
        host = xml::escape(&site.host),
    );
    for e in events {
        entry(&mut out, site, e);
    }
    out.push_str("</feed>\n");
    out
}

async fn feed(State(ctx): State<AppContext>, headers: HeaderMap) -> Response {
    let site = request::site(&headers);
    match open_web::recent_events(&ctx.db, ENTRIES).await {
        Ok(events) => ([(header::CONTENT_TYPE, CONTENT_TYPE)], atom_xml(&site, &events)).into_response(),
        Err(err) => error_response(&err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(id: i32, day: u32, title: &str) -> RecentEvent {
        RecentEvent {
            id,
            date: NaiveDate::from_ymd_opt(2025, 5, day).expect("date"),
            kind: "other".into(),
            title: title.into(),
            details: String::new(),
            matter_slug: "m-1".into(),
            matter_title: "EPIC v. CBP".into(),
            agency: "cbp".into(),
        }
    }

    #[test]
    fn entries_are_escaped_and_the_feed_dates_from_the_newest() {
        let site = Site { base_url: "https://d.example".into(), host: "d.example".into() };
        let doc = atom_xml(&site, &[event(7, 9, "Reply <filed> & served"), event(3, 2, "Filed")]);
        assert!(doc.contains("<title>EPIC v. CBP: Reply &lt;filed&gt; &amp; served</title>"), "{doc}");
        assert!(doc.contains("<id>tag:d.example,2026:event-7</id>"));
        assert!(doc.contains("href=\"https://d.example/matters/m-1\""));
        assert_eq!(doc.matches("<updated>2025-05-09T00:00:00Z</updated>").count(), 2, "feed and newest entry");
        assert!(doc.contains("<summary type=\"text\">Filed</summary>"));
    }

    #[test]
    fn an_empty_feed_is_still_valid() {
        let site = Site { base_url: "http://localhost".into(), host: "localhost".into() };
        let doc = atom_xml(&site, &[]);
        assert!(doc.contains("<updated>1970-01-01T00:00:00Z</updated>") && !doc.contains("<entry>"));
    }
}
