//! Load benchmark of the public pages (not a test; run by `dev/bench-public`).
//!
//! Seeds a fresh SQLite database with the reference data and 10,000
//! published FOIA requests with 100,000 public events (and their computed
//! deadlines), serves it in this process, and drives the public home and one
//! matter page with `wrk` on loopback; in the same run `nginx` serves the same
//! HTML bytes as static files to the same `wrk`. Repeat views of a public
//! page are answered from the server's page cache (`server/src/page_cache.rs`),
//! so the example also times pages rendered afresh. Prints requests per second,
//! p99 latency and the ratio to nginx (target: the home page at 0.3 of
//! nginx or better), and the wasm bundle's brotli size (target: under
//! 400 KB). Needs `wrk`, `nginx` and `brotli` on PATH and the bundle in
//! `target/site` (the script installs and builds them).
//!
//! Run: `cargo run --release -p server --example load_public [MATTERS] [EVENTS_PER_MATTER] [SECONDS]`.

use anyhow::{Context, bail};
use app::server::{
    entities::{agency, event, matter},
    services::{deadlines, directory},
};
use chrono::{Days, NaiveDate, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, TransactionTrait};
use std::{
    path::{Path, PathBuf},
    process::{Child, Command},
};

/// Throughput and tail latency of one `wrk` run, and how many requests
/// timed out (wrk's latencies leave those out).
struct Load {
    per_second: f64,
    p99_ms: f64,
    timeouts: u64,
}

async fn seed(db: &DatabaseConnection, matters: usize, events_per: usize) -> anyhow::Result<()> {
    seed::load_reference(db, Path::new(seed::DEFAULT_DIR)).await?;
    let org = directory::ensure_organization(db, "load", "Load Clinic", "").await?;
    let cbp = agency::Entity::find().filter(agency::Column::Slug.eq("cbp")).one(db).await?.context("no cbp")?;
    let first = NaiveDate::from_ymd_opt(2025, 6, 2).context("date")?;
    let now = Utc::now();
    let txn = db.begin().await?;
    for chunk in (0..matters).collect::<Vec<_>>().chunks(500) {
        let rows = chunk.iter().map(|i| matter::ActiveModel {
            slug: Set(format!("load-{i}")),
            organization_id: Set(org),
            kind: Set("foia_request".into()),
            title: Set(format!("Records of biometric exit checks, request {i}")),
            agency_id: Set(cbp.id),
            status: Set("submitted".into()),
            public: Set(true),
            review_state: Set("approved".into()),
            summary: Set("A published request generated for the load benchmark.".into()),
            verification: Set("placeholder".into()),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        });
        matter::Entity::insert_many(rows).exec(&txn).await?;
    }
    let ids: Vec<i32> = (1..=i32::try_from(matters)?).collect();
    for chunk in ids.chunks(50) {
        let rows = chunk.iter().flat_map(|id| {
            (0..events_per).map(move |k| {
                let day = u64::try_from(*id).unwrap_or(0) % 90 + u64::try_from(k).unwrap_or(0) * 7;
                let (kind, title) =
                    if k == 0 { ("received", "Received by the agency") } else { ("other", "Correspondence") };
                event::ActiveModel {
                    matter_id: Set(*id),
                    kind: Set(kind.into()),
                    date: Set(first.checked_add_days(Days::new(day)).unwrap_or(first)),
                    title: Set(title.into()),
                    public: Set(true),
                    verification: Set("placeholder".into()),
                    created_at: Set(now),
                    ..Default::default()
                }
            })
        });
        event::Entity::insert_many(rows).exec(&txn).await?;
    }
    deadlines::recompute_open(&txn, None, Utc::now().date_naive(), "load benchmark").await?;
    txn.commit().await?;
    Ok(())
}

/// Runs `wrk` on `url` for `seconds` with 2 threads and 16 connections.
fn wrk(url: &str, seconds: u32) -> anyhow::Result<Load> {
    let out = Command::new("wrk")
        .args(["-t2", "-c16", &format!("-d{seconds}s"), "--latency", url])
        .output()
        .context("running wrk (install it: apt-get install wrk)")?;
    let text = String::from_utf8_lossy(&out.stdout);
    let field = |prefix: &str| text.lines().map(str::trim).find_map(|l| l.strip_prefix(prefix)).map(str::trim);
    let per_second: f64 = field("Requests/sec:").context("wrk printed no Requests/sec")?.parse()?;
    let p99 = field("99%").context("wrk printed no 99% latency")?;
    if text.contains("Non-2xx") {
        bail!("{url} answered errors under load:\n{text}");
    }
    // "Socket errors: connect 0, read 0, write 0, timeout 151"
    let timeouts =
        field("Socket errors:").and_then(|e| e.rsplit_once("timeout ")).map_or(Ok(0), |(_, n)| n.trim().parse())?;
    Ok(Load { per_second, p99_ms: millis(p99)?, timeouts })
}

/// The median time, in milliseconds, of `n` sequential requests for `path`
/// that each miss the page cache (a query string of its own makes each a
/// different page): what a visitor waits when the page must be rendered.
fn cold_ms(base: &str, path: &str, n: usize) -> anyhow::Result<f64> {
    let mut times = Vec::with_capacity(n);
    for i in 0..n {
        let url = format!("{base}{path}?cold={i}");
        let out = Command::new("curl").args(["-fsS", "-o", "/dev/null", "-w", "%{time_total}", &url]).output()?;
        if !out.status.success() {
            bail!("GET {url} failed");
        }
        times.push(String::from_utf8_lossy(&out.stdout).trim().parse::<f64>()? * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    Ok(times[n / 2])
}

/// `wrk`'s latency ("850.00us", "12.31ms", "1.02s") in milliseconds.
fn millis(value: &str) -> anyhow::Result<f64> {
    let split = value.find(|c: char| c.is_ascii_alphabetic()).context("no unit")?;
    let (n, unit) = value.split_at(split);
    let n: f64 = n.parse()?;
    Ok(match unit {
        "us" => n / 1000.0,
        "ms" => n,
        "s" => n * 1000.0,
        "m" => n * 60_000.0,
        other => bail!("unknown unit {other}"),
    })
}

/// Starts nginx serving `root` on `port`, with its files under `dir`.
fn nginx(dir: &Path, root: &Path, port: u16) -> anyhow::Result<Child> {
    let conf = dir.join("nginx.conf");
    std::fs::write(
        &conf,
        format!(
            "worker_processes 1; pid {pid}; error_log {log};\nevents {{ worker_connections 1024; }}\n\
             http {{ access_log off; server {{ listen 127.0.0.1:{port}; root {root}; \
             location / {{ default_type text/html; }} }} }}\n",
            pid = dir.join("nginx.pid").display(),
            log = dir.join("nginx-error.log").display(),
            root = root.display(),
        ),
    )?;
    let child = Command::new("nginx")
        .args(["-p", &dir.display().to_string(), "-c", &conf.display().to_string(), "-g", "daemon off;"])
        .spawn()
        .context("starting nginx (install it: apt-get install nginx)")?;
    std::thread::sleep(std::time::Duration::from_millis(500));
    Ok(child)
}

/// The brotli size (quality 11) of `file`, in bytes.
fn brotli_size(file: &Path) -> anyhow::Result<usize> {
    let out = Command::new("brotli")
        .args(["-c", "-q", "11"])
        .arg(file)
        .output()
        .context("brotli (apt-get install brotli)")?;
    if !out.status.success() {
        bail!("brotli failed on {}", file.display());
    }
    Ok(out.stdout.len())
}

fn arg(n: usize, default: usize) -> anyhow::Result<usize> {
    Ok(std::env::args().nth(n).map(|v| v.parse()).transpose()?.unwrap_or(default))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let (matters, events_per, seconds) = (arg(1, 10_000)?, arg(2, 10)?, u32::try_from(arg(3, 10)?)?);
    let dir = std::env::temp_dir().join(format!("docket-load-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("static"))?;
    let db = server::db::connect(&format!("sqlite://{}?mode=rwc", dir.join("load.db").display())).await?;
    server::db::migrate(&db).await?;
    let t = std::time::Instant::now();
    seed(&db, matters, events_per).await?;
    println!("seeded {matters} published matters with {} public events in {:.1?}", matters * events_per, t.elapsed());

    let site = PathBuf::from("target/site");
    let app = server::startup::Application::build(db, "127.0.0.1:0".parse()?, &site, None).await?;
    let base = format!("http://{}", app.addr());
    tokio::spawn(app.run());
    let matter_path = format!("/matters/load-{}", matters / 2);
    for (path, file) in [("/", "home.html"), (matter_path.as_str(), "matter.html")] {
        let body = Command::new("curl").args(["-fsS", &format!("{base}{path}")]).output()?;
        if !body.status.success() {
            bail!("GET {path} failed");
        }
        std::fs::write(dir.join("static").join(file), &body.stdout)?;
        println!("{path}: {} bytes of HTML", body.stdout.len());
    }
    let port = 20_000 + u16::try_from(std::process::id() % 20_000)?;
    let mut server = nginx(&dir, &dir.join("static"), port)?;
    let wrk_in = |url: String| tokio::task::spawn_blocking(move || wrk(&url, seconds));
    let home = wrk_in(format!("{base}/")).await??;
    let matter_page = wrk_in(format!("{base}{matter_path}")).await??;
    let static_home = wrk_in(format!("http://127.0.0.1:{port}/home.html")).await??;
    let static_matter = wrk_in(format!("http://127.0.0.1:{port}/matter.html")).await??;
    let _ = server.kill();
    let _ = server.wait();
    let cold_home = cold_ms(&base, "/", 5)?;
    let cold_matter = cold_ms(&base, &matter_path, 5)?;

    println!("{:<28} {:>10} {:>10} {:>14} {:>9}", "page", "req/s", "p99 ms", "vs nginx", "timeouts");
    for (name, app, nginx) in [("public home /", &home, &static_home), ("matter page", &matter_page, &static_matter)] {
        println!(
            "{name:<28} {:>10.0} {:>10.1} {:>13.3}x {:>9}",
            app.per_second,
            app.p99_ms,
            app.per_second / nginx.per_second,
            app.timeouts
        );
        println!("{:<28} {:>10.0} {:>10.1}", format!("  nginx, same bytes"), nginx.per_second, nginx.p99_ms);
    }
    println!(
        "rendered afresh (a page cache miss, median of 5): public home {cold_home:.0} ms, matter page {cold_matter:.0} ms"
    );
    let ratio = home.per_second / static_home.per_second;
    println!(
        "public home at {ratio:.3} of nginx's throughput (target 0.3 or better: {})",
        if ratio >= 0.3 { "met" } else { "not met" }
    );
    let wasm = site.join("pkg/app_bg.wasm");
    let size = brotli_size(&wasm)?;
    println!(
        "wasm bundle: {} KB with brotli (target under 400 KB: {})",
        size / 1024,
        if size < 400 * 1024 { "met" } else { "not met" }
    );
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}
