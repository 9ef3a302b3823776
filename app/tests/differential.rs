//! Differential test: the engine's business-day counting against an
//! independent implementation, numpy.busday_offset, over 100,000 seeded
//! random inputs with triggers from 1995 to 2095.
//!
//! Mapping (see tests/busday_reference.py): Docket's "N business days after
//! receipt, receipt on a non-business day counting as the next business day"
//! is `numpy.busday_offset(trigger, N, roll='forward')` with the same holiday
//! list. The list is the engine's `federal-statute` calendar (5 U.S.C. 6103
//! holidays, no closures); the script also re-derives it independently.
//!
//! Needs python3 with numpy (`pip install numpy`); fails, never skips, without.
//! Run: `cargo test -p app --test differential`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use app::domain::calendar::{Calendar, Reading, federal_holidays};
use app::domain::engine::{Input, compute, due_date};
use app::domain::rules::{Catalogue, Rule, rule};
use chrono::{Duration, NaiveDate};

const CASES: usize = 100_000;
const FIRST_YEAR: i32 = 1994;
const LAST_YEAR: i32 = 2101;

/// SplitMix64: small, seeded, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("busday_reference.py")
}

fn require_numpy() {
    let ok = Command::new("python3").args(["-c", "import numpy"]).status().is_ok_and(|s| s.success());
    assert!(
        ok,
        "the differential test needs python3 with numpy: install it with `pip install numpy` \
         (python3 itself must be on PATH)"
    );
}

fn inputs() -> Vec<(NaiveDate, u32)> {
    let mut rng = Rng(0xD0C_4E7);
    let start = NaiveDate::from_ymd_opt(1995, 1, 1).unwrap();
    let days = (NaiveDate::from_ymd_opt(2095, 12, 31).unwrap() - start).num_days() as u64 + 1;
    (0..CASES)
        .map(|_| {
            let t = start + Duration::days(rng.below(days) as i64);
            let n = match rng.below(4) {
                0 => 20,
                1 => 30,
                2 => 90,
                _ => 1 + rng.below(130) as u32,
            };
            (t, n)
        })
        .collect()
}

fn write_files(dir: &Path, cases: &[(NaiveDate, u32)]) -> (PathBuf, PathBuf) {
    std::fs::create_dir_all(dir).unwrap();
    let mut hol = String::new();
    for h in (FIRST_YEAR..=LAST_YEAR).flat_map(federal_holidays) {
        writeln!(hol, "{}", h.date).unwrap();
    }
    let mut inp = String::new();
    for (t, n) in cases {
        writeln!(inp, "{t},{n}").unwrap();
    }
    let (h, i) = (dir.join("holidays.txt"), dir.join("inputs.csv"));
    std::fs::write(&h, hol).unwrap();
    std::fs::write(&i, inp).unwrap();
    (h, i)
}

fn numpy_dates(holidays: &Path, inputs: &Path, out: &Path) -> Vec<NaiveDate> {
    let run = Command::new("python3")
        .arg(script())
        .args(["check", &holidays.to_string_lossy(), &inputs.to_string_lossy()])
        .args([out.to_string_lossy().to_string(), FIRST_YEAR.to_string(), LAST_YEAR.to_string()])
        .output()
        .expect("python3 runs");
    assert!(run.status.success(), "busday_reference.py failed: {}", String::from_utf8_lossy(&run.stderr));
    let text = std::fs::read_to_string(out).unwrap();
    text.lines().map(|l| l.parse().expect("ISO date from numpy")).collect()
}

/// foia.response with its count replaced by `n`.
fn with_count(base: &Rule, n: u32) -> Rule {
    Rule { count: n, ..*base }
}

#[test]
fn engine_matches_numpy_busday_offset_on_100k_inputs() {
    require_numpy();
    let cases = inputs();
    let dir = std::env::temp_dir().join(format!("docket-differential-{}", std::process::id()));
    let (hol, inp) = write_files(&dir, &cases);
    let expected = numpy_dates(&hol, &inp, &dir.join("numpy.txt"));
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(expected.len(), cases.len());
    let cal = Calendar::new("federal-statute", Vec::new(), false);
    let base = rule("foia.response", Catalogue::Statute).unwrap();
    let mut bad = Vec::new();
    for (&(t, n), &want) in cases.iter().zip(&expected) {
        let r = with_count(base, n);
        let explained = compute(&r, &Input::new(t), &cal).map(|c| c.due);
        let fast = due_date(&r, &Input::new(t), &cal);
        let table = cal.busday_offset_forward(t, n, Reading::StatuteOnly);
        if explained != Ok(want) || fast != Ok(want) || table != Some(want) {
            bad.push(format!(
                "trigger {t} +{n}: numpy {want}, compute {explained:?}, due_date {fast:?}, \
                 table {table:?}"
            ));
        }
    }
    for line in &bad {
        eprintln!("DISAGREE {line}");
    }
    assert!(bad.is_empty(), "{} of {} inputs disagree with numpy (listed above)", bad.len(), cases.len());
}
