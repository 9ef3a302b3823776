//! Benchmark (not a test): generates a 100,000-row, 8-column agency FOIA log,
//! imports it into a fresh SQLite database with the real import (decoding,
//! validation, duplicate checks, deadline derivation, one transaction), and
//! in the same run times the `sqlite3` shell's `.import` of the same file
//! into a plain table. Prints both times and the ratio.
//!
//! Run: `cargo run --release -p server --example bench_import [ROWS]`
//! (`DOCKET_BENCH_KEEP=1` keeps the databases and the file, and says where).

use app::server::{
    entities::organization,
    import::{self, Importer, OnDuplicate, Options, mapping::builtin},
};
use chrono::{Days, NaiveDate};
use sea_orm::EntityTrait;
use std::{
    fmt::Write as _,
    path::Path,
    process::Command,
    time::{Duration, Instant},
};

const COMPONENTS: [&str; 5] = ["CBP", "ICE", "USCIS", "OBIM", "TSA"];
const DISPOSITIONS: [&str; 6] = [
    "Full Grant",
    "Partial Grant/Partial Denial",
    "Full Denial Based on Exemptions",
    "No Records",
    "Request Withdrawn",
    "",
];

/// A small deterministic generator (no dependency, same file every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

fn generate(rows: usize) -> String {
    let mut rng = Lcg(7);
    let start = NaiveDate::from_ymd_opt(2024, 1, 2).expect("date");
    let mut csv = String::from(
        "Request Number,Received Date,Requester Name,Requester Organization,Subject,Component,Closed Date,Disposition\n",
    );
    for i in 0..rows {
        let component = COMPONENTS[usize::try_from(rng.next(5)).unwrap_or(0)];
        let received = start + Days::new(rng.next(600));
        let closed = (rng.next(2) == 0).then(|| received + Days::new(5 + rng.next(120)));
        let disposition = if closed.is_some() { DISPOSITIONS[usize::try_from(rng.next(6)).unwrap_or(0)] } else { "" };
        let _ = writeln!(
            csv,
            "{component}-2024-{i:06},{received},Requester {},\"Org {}, Inc.\",\"Records about biometric program {}, 2019-2024\",{component},{},{disposition}",
            rng.next(5000),
            rng.next(300),
            rng.next(1000),
            closed.map(|d| d.to_string()).unwrap_or_default(),
        );
    }
    csv
}

async fn docket_import(dir: &Path, file: &Path) -> anyhow::Result<(Duration, import::Report)> {
    let url = format!("sqlite://{}?mode=rwc", dir.join("docket.db").display());
    let db = server::db::connect(&url).await?;
    server::db::migrate(&db).await?;
    seed::load_dir(&db, Path::new(seed::DEFAULT_DIR)).await?;
    let org = organization::Entity::find().one(&db).await?.ok_or_else(|| anyhow::anyhow!("no organisation"))?;
    let opts = Options {
        source: "foia-log.csv".into(),
        mapping_name: "foia-log".into(),
        mapping: builtin("foia-log").ok_or_else(|| anyhow::anyhow!("no mapping"))?,
        agency: None,
        on_duplicate: OnDuplicate::Skip,
        dry_run: false,
        today: NaiveDate::from_ymd_opt(2026, 3, 1).expect("date"),
    };
    let who = Importer { organization_id: org.id, actor: None };
    let dry = Options { dry_run: true, ..opts.clone() };
    let started = Instant::now();
    import::run(&db, who, &std::fs::read(file)?, &dry, &mut |_| {}).await?;
    println!("  dry run (read, check, derive every deadline, no writes): {:.3} s", started.elapsed().as_secs_f64());
    let started = Instant::now();
    let bytes = std::fs::read(file)?;
    let mut checked = None;
    let mut progress = |p: import::Progress| {
        if p.phase == "checking" {
            println!("  read and parsed: {:.3} s", started.elapsed().as_secs_f64());
        } else if checked.is_none() {
            checked = Some(started.elapsed());
            println!("  first batch written: {:.3} s", started.elapsed().as_secs_f64());
        }
    };
    let report = import::run(&db, who, &bytes, &opts, &mut progress).await?;
    let took = started.elapsed();
    anyhow::ensure!(report.committed, "the import failed: {:?}", report.errors.first());
    Ok((took, report))
}

fn sqlite3_import(dir: &Path, file: &Path) -> Option<Duration> {
    let db = dir.join("plain.db");
    let started = Instant::now();
    let out = Command::new("sqlite3")
        .arg(&db)
        .arg(".mode csv")
        .arg(format!(".import {} foia_log", file.display()))
        .output()
        .ok()?;
    let took = started.elapsed();
    if !out.status.success() {
        eprintln!("sqlite3 failed: {}", String::from_utf8_lossy(&out.stderr));
        return None;
    }
    Some(took)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let rows: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let dir = std::env::temp_dir().join(format!("docket-bench-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let file = dir.join("foia-log.csv");
    std::fs::write(&file, generate(rows))?;
    println!("{rows} rows x 8 columns, {} bytes", std::fs::metadata(&file)?.len());
    let (ours, report) = docket_import(&dir, &file).await?;
    println!(
        "docket import: {:.3} s ({} matters, {} events, {} deadlines)",
        ours.as_secs_f64(),
        report.created,
        report.events,
        report.deadlines
    );
    match sqlite3_import(&dir, &file) {
        Some(base) => {
            println!("sqlite3 .import: {:.3} s", base.as_secs_f64());
            println!("ratio: {:.2}x sqlite3's time (target: within 3x)", ours.as_secs_f64() / base.as_secs_f64());
        }
        None => println!("sqlite3 is not available (apt-get install -y sqlite3): no baseline"),
    }
    if std::env::var_os("DOCKET_BENCH_KEEP").is_some() {
        println!("kept: {}", dir.display());
    } else {
        std::fs::remove_dir_all(&dir)?;
    }
    Ok(())
}
