//! `/metrics` in Prometheus' text format: requests by route and status,
//! their latencies as a histogram, and the deadlines that are open, due
//! within five business days, and overdue.
//!
//! Routes are counted by their template (`/matters/{slug}`), never the
//! concrete path, so the number of series stays bounded. The page answers
//! only to loopback clients: put it behind the reverse proxy's internal
//! listener (see the README's deployment section), never on the public site.

use crate::routes::AppState;
use app::{
    domain::calendar::{Calendar, Reading},
    server::context::AppContext,
};
use axum::{
    extract::{ConnectInfo, MatchedPath, Request, State},
    http::{StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use sea_orm::{ConnectionTrait, Statement, Value};
use std::{
    collections::BTreeMap,
    fmt::Write as _,
    net::SocketAddr,
    sync::{Arc, Mutex},
    time::Instant,
};

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 11] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

#[derive(Default)]
struct Latency {
    buckets: [u64; BUCKETS.len()],
    sum: f64,
    count: u64,
}

#[derive(Default)]
struct Tables {
    /// (method, route, status) → requests.
    requests: BTreeMap<(String, String, u16), u64>,
    /// route → latency histogram.
    latency: BTreeMap<String, Latency>,
}

/// The process's request counters (shared by every handler).
#[derive(Clone, Default)]
pub struct Metrics {
    tables: Arc<Mutex<Tables>>,
}

impl Metrics {
    fn record(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let Ok(mut t) = self.tables.lock() else { return };
        *t.requests.entry((method.to_string(), route.to_string(), status)).or_default() += 1;
        let l = t.latency.entry(route.to_string()).or_default();
        for (slot, bound) in l.buckets.iter_mut().zip(BUCKETS) {
            if seconds <= bound {
                *slot += 1;
            }
        }
        l.sum += seconds;
        l.count += 1;
    }

    fn render_requests(&self, out: &mut String) {
        let Ok(t) = self.tables.lock() else { return };
        out.push_str("# HELP docket_http_requests_total HTTP requests answered, by route template and status.\n");
        out.push_str("# TYPE docket_http_requests_total counter\n");
        for ((method, route, status), n) in &t.requests {
            let _ = writeln!(
                out,
                "docket_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {n}",
                escape(route)
            );
        }
        out.push_str("# HELP docket_http_request_duration_seconds Time to answer, by route template.\n");
        out.push_str("# TYPE docket_http_request_duration_seconds histogram\n");
        for (route, l) in &t.latency {
            let route = escape(route);
            for (bound, n) in BUCKETS.iter().zip(l.buckets) {
                let _ = writeln!(
                    out,
                    "docket_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {n}"
                );
            }
            let _ = writeln!(
                out,
                "docket_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                l.count
            );
            let _ = writeln!(out, "docket_http_request_duration_seconds_sum{{route=\"{route}\"}} {}", l.sum);
            let _ = writeln!(out, "docket_http_request_duration_seconds_count{{route=\"{route}\"}} {}", l.count);
        }
    }
}

fn escape(label: &str) -> String {
    label.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

/// Middleware: counts and times every request by its route template.
pub async fn track(State(metrics): State<Metrics>, req: Request, next: Next) -> Response {
    let route = req.extensions().get::<MatchedPath>().map_or("(unmatched)", MatchedPath::as_str).to_string();
    let method = req.method().to_string();
    let start = Instant::now();
    let res = next.run(req).await;
    metrics.record(&method, &route, res.status().as_u16(), start.elapsed().as_secs_f64());
    res
}

/// Open, due-soon (within 5 business days) and overdue deadlines, counted now.
async fn deadline_gauges(ctx: &AppContext) -> Result<[(&'static str, i64); 3], sea_orm::DbErr> {
    let today = ctx.today();
    let soon = Calendar::federal().add_business_days(today, 5, Reading::StatuteOnly).unwrap_or(today);
    let backend = ctx.db.get_database_backend();
    let sql = "SELECT \
        COUNT(*) AS open, \
        COALESCE(SUM(CASE WHEN due_date >= $1 AND due_date <= $2 THEN 1 ELSE 0 END), 0) AS soon, \
        COALESCE(SUM(CASE WHEN due_date < $1 THEN 1 ELSE 0 END), 0) AS overdue \
        FROM deadlines WHERE status = 'open'";
    let stmt = Statement::from_sql_and_values(backend, sql, [Value::from(today), Value::from(soon)]);
    let row = ctx.db.query_one_raw(stmt).await?;
    let get = |name: &str| row.as_ref().and_then(|r| r.try_get::<i64>("", name).ok()).unwrap_or(0);
    Ok([("open", get("open")), ("due_soon", get("soon")), ("overdue", get("overdue"))])
}

/// `GET /metrics`, for loopback clients only.
pub async fn page(State(state): State<AppState>, ConnectInfo(peer): ConnectInfo<SocketAddr>) -> Response {
    if !peer.ip().is_loopback() {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    let mut out = String::new();
    state.metrics.render_requests(&mut out);
    match deadline_gauges(&state.ctx).await {
        Ok(gauges) => {
            out.push_str("# HELP docket_deadlines Open deadlines: all, due within 5 business days, overdue.\n");
            out.push_str("# TYPE docket_deadlines gauge\n");
            for (state, n) in gauges {
                let _ = writeln!(out, "docket_deadlines{{state=\"{state}\"}} {n}");
            }
        }
        Err(err) => tracing::error!(error = %err, "metrics: could not count deadlines"),
    }
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], out).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histograms_are_cumulative_and_labels_escaped() {
        let m = Metrics::default();
        m.record("GET", "/matters/{slug}", 200, 0.02);
        m.record("GET", "/matters/{slug}", 404, 3.0);
        m.record("GET", "/a\"b", 200, 0.001);
        let mut out = String::new();
        m.render_requests(&mut out);
        assert!(out.contains("docket_http_requests_total{method=\"GET\",route=\"/matters/{slug}\",status=\"200\"} 1"));
        assert!(out.contains("route=\"/matters/{slug}\",le=\"0.025\"} 1\n"));
        assert!(out.contains("route=\"/matters/{slug}\",le=\"5\"} 2\n"));
        assert!(out.contains("docket_http_request_duration_seconds_count{route=\"/matters/{slug}\"} 2"));
        assert!(out.contains("route=\"/a\\\"b\""));
    }
}
