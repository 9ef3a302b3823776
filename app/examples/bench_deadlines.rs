//! Benchmark (not a test): 1,000,000 FOIA-response due dates (20 business
//! days, or 30 with an unusual-circumstances notice) from random triggers
//! 1995..2095, computed by the engine and by numpy.busday_offset on the same
//! inputs in the same run. Prints both times, the ratio and the mismatch count.
//!
//! Run (release): `cargo run -p app --release --example bench_deadlines`.
//! Needs python3 with numpy (`pip install numpy`). Only numpy's
//! busday_offset call is timed on the Python side; on ours, the due-date
//! path the server uses for bulk recomputation (`engine::due_date`).

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use app::domain::calendar::{Calendar, federal_holidays};
use app::domain::engine::{Input, compute, due_date};
use app::domain::rules::{Catalogue, rule};
use chrono::{Duration, NaiveDate};

const N: usize = 1_000_000;
const EXPLAINED: usize = 100_000;

/// SplitMix64: small, seeded, deterministic.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn inputs() -> Vec<Input> {
    let mut s = 42u64;
    let start = NaiveDate::from_ymd_opt(1995, 1, 1).unwrap();
    let span = (NaiveDate::from_ymd_opt(2095, 12, 31).unwrap() - start).num_days() as u64 + 1;
    (0..N)
        .map(|_| {
            let t = start + Duration::days((splitmix(&mut s) % span) as i64);
            let extension = splitmix(&mut s).is_multiple_of(4).then_some(t);
            Input { trigger: t, extension, tolls: Vec::new() }
        })
        .collect()
}

fn numpy(inputs: &[Input]) -> (f64, Vec<NaiveDate>) {
    let dir = std::env::temp_dir().join(format!("docket-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut hol = String::new();
    for h in (1994..=2101).flat_map(federal_holidays) {
        writeln!(hol, "{}", h.date).unwrap();
    }
    let mut inp = String::with_capacity(inputs.len() * 14);
    for i in inputs {
        writeln!(inp, "{},{}", i.trigger, if i.extension.is_some() { 30 } else { 20 }).unwrap();
    }
    let (h, i, o) = (dir.join("holidays.txt"), dir.join("inputs.csv"), dir.join("numpy.txt"));
    std::fs::write(&h, hol).unwrap();
    std::fs::write(&i, inp).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/busday_reference.py");
    let run = Command::new("python3")
        .arg(script)
        .arg("bench")
        .args([&h, &i, &o])
        .args(["1994", "2101"])
        .output()
        .expect("python3 with numpy (pip install numpy)");
    assert!(run.status.success(), "numpy failed: {}", String::from_utf8_lossy(&run.stderr));
    let secs: f64 = String::from_utf8_lossy(&run.stdout).trim().parse().expect("seconds");
    let text = std::fs::read_to_string(&o).unwrap();
    std::fs::remove_dir_all(&dir).ok();
    (secs, text.lines().map(|l| l.parse().unwrap()).collect())
}

fn main() {
    let inputs = inputs();
    let r = rule("foia.response", Catalogue::Statute).unwrap();

    let t0 = Instant::now();
    let cal = Calendar::new("federal-statute", Vec::new(), false);
    black_box(cal.is_business_day(inputs[0].trigger, app::domain::calendar::Reading::StatuteOnly));
    let build = t0.elapsed().as_secs_f64();

    let t1 = Instant::now();
    let ours: Vec<NaiveDate> = inputs.iter().map(|i| due_date(r, black_box(i), &cal).unwrap()).collect();
    let engine = t1.elapsed().as_secs_f64();

    let t2 = Instant::now();
    let explained = inputs[..EXPLAINED].iter().map(|i| compute(r, i, &cal).unwrap().due);
    let explained_ok = explained.zip(&ours).filter(|(a, b)| a == *b).count();
    let explain_secs = t2.elapsed().as_secs_f64();

    let (np_secs, theirs) = numpy(&inputs);
    let mismatches = ours.iter().zip(&theirs).filter(|(a, b)| a != b).count() + ours.len().abs_diff(theirs.len());
    println!("due dates:            {N}");
    println!("calendar table build: {:.3} ms", build * 1e3);
    println!("engine (due_date):    {:.3} ms", engine * 1e3);
    println!("numpy.busday_offset:  {:.3} ms", np_secs * 1e3);
    println!("ratio numpy/engine:   {:.2}x", np_secs / engine);
    println!("mismatches:           {mismatches}");
    println!(
        "with explanations:    {EXPLAINED} in {:.3} ms ({:.2} us each), {} agree with due_date",
        explain_secs * 1e3,
        explain_secs * 1e6 / EXPLAINED as f64,
        explained_ok
    );
}
