//! For search engines: `GET /robots.txt` (public pages open, sign-in,
//! accounts, server functions, exports and private feeds closed) and
//! `GET /sitemap.xml` (sitemaps.org 0.9), listing the public pages and every
//! published matter, agency, theory and provision page. Both use the site's
//! address from the request (`request::site`).

use crate::{export::error_response, routes::AppState, xml};
use app::server::{
    context::AppContext,
    public_api::open_web::{self, SITEMAP_MAX_URLS, SitemapEntries},
    request::{self, Site},
};
use axum::{
    Router,
    extract::State,
    http::{HeaderMap, header},
    response::{IntoResponse, Response},
    routing::get,
};
use chrono::SecondsFormat;
use std::fmt::Write;

/// The `Content-Type` of the sitemap.
pub const SITEMAP_TYPE: &str = "application/xml; charset=utf-8";

/// The list pages every visitor may open.
const LIST_PAGES: [&str; 5] = ["/", "/matters", "/agencies", "/theories", "/provisions"];

/// The routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new().route("/robots.txt", get(robots)).route("/sitemap.xml", get(sitemap))
}

/// The rules, most specific first (crawlers that take the first match and
/// those that take the longest agree): the two public feeds stay open
/// although the other feeds (secret addresses) are closed.
pub fn robots_txt(site: &Site) -> String {
    let mut out = String::from("User-agent: *\nAllow: /feeds/public.ics\nAllow: /feeds/public.atom\n");
    for path in ["/feeds/", "/admin", "/account", "/api/", "/login", "/logout", "/export", "/drafts", "/notifications"]
    {
        let _ = writeln!(out, "Disallow: {path}");
    }
    for page in ["edit", "history"] {
        let _ = writeln!(out, "Disallow: /matters/*/{page}");
    }
    out.push_str("Disallow: /matters/new\nAllow: /\n\n");
    let _ = writeln!(out, "Sitemap: {}/sitemap.xml", site.base_url);
    out
}

async fn robots(headers: HeaderMap) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], robots_txt(&request::site(&headers)))
}

/// One `<url>`: the escaped absolute address and its `lastmod`, if known.
fn url(out: &mut String, loc: &str, lastmod: Option<&str>) {
    let _ = write!(out, "<url><loc>{}</loc>", xml::escape(loc));
    if let Some(lastmod) = lastmod {
        let _ = write!(out, "<lastmod>{}</lastmod>", xml::escape(lastmod));
    }
    out.push_str("</url>\n");
}

/// The sitemap document over `entries`, with addresses under `base`
/// (at most [`SITEMAP_MAX_URLS`], the list pages first).
pub fn sitemap_xml(base: &str, entries: &SitemapEntries) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let max = usize::try_from(SITEMAP_MAX_URLS).unwrap_or(usize::MAX);
    let mut urls = LIST_PAGES.iter().map(|page| (format!("{base}{page}"), None)).collect::<Vec<_>>();
    urls.extend(entries.matters.iter().map(|m| {
        let lastmod = m.updated_at.to_rfc3339_opts(SecondsFormat::Secs, true);
        (format!("{base}/matters/{}", xml::path_segment(&m.slug)), Some(lastmod))
    }));
    for (prefix, slugs) in
        [("agencies", &entries.agencies), ("theories", &entries.theories), ("provisions", &entries.provisions)]
    {
        urls.extend(slugs.iter().map(|slug| (format!("{base}/{prefix}/{}", xml::path_segment(slug)), None)));
    }
    for (loc, lastmod) in urls.iter().take(max) {
        url(&mut out, loc, lastmod.as_deref());
    }
    out.push_str("</urlset>\n");
    out
}

async fn sitemap(State(ctx): State<AppContext>, headers: HeaderMap) -> Response {
    let site = request::site(&headers);
    match open_web::sitemap_entries(&ctx.db, SITEMAP_MAX_URLS).await {
        Ok(entries) => ([(header::CONTENT_TYPE, SITEMAP_TYPE)], sitemap_xml(&site.base_url, &entries)).into_response(),
        Err(err) => error_response(&err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::server::public_api::open_web::MatterUrl;
    use chrono::TimeZone;

    #[test]
    fn robots_opens_the_public_feeds_and_names_the_sitemap() {
        let site = Site { base_url: "https://docket.example.org".into(), host: "docket.example.org".into() };
        let text = robots_txt(&site);
        let allow = text.find("Allow: /feeds/public.atom").expect("atom allowed");
        assert!(allow < text.find("Disallow: /feeds/").expect("feeds closed"), "the exception comes first");
        assert!(text.ends_with("Sitemap: https://docket.example.org/sitemap.xml\n"), "{text}");
    }

    #[test]
    fn sitemap_escapes_addresses_and_dates_matters() {
        let when = chrono::Utc.with_ymd_and_hms(2025, 3, 4, 5, 6, 7).single().expect("date");
        let entries = SitemapEntries {
            matters: vec![MatterUrl { slug: "a&b".into(), updated_at: when }],
            agencies: vec!["cbp".into()],
            theories: vec![],
            provisions: vec!["x<y".into()],
        };
        let doc = sitemap_xml("http://h?x=1&y=2", &entries);
        assert!(doc.contains("<url><loc>http://h?x=1&amp;y=2/matters/a%26b</loc><lastmod>2025-03-04T05:06:07Z"));
        assert!(doc.contains("<loc>http://h?x=1&amp;y=2/provisions/x%3Cy</loc></url>"), "{doc}");
        assert_eq!(doc.matches("<url>").count(), 5 + 3);
    }
}
