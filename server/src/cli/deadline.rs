//! `docket deadline`: compute one deadline, a CSV batch of them, or list the
//! rule catalogue, with the same engine the app uses (`app::domain`).
//!
//! Batch mode (`--batch FILE.csv`): the header must name the columns `rule`,
//! `trigger`, `extension` (`0`/`1`, empty = 0) and `tolling` (empty or
//! `START..END` ranges separated by `;`). Every row is written back to
//! standard output, same columns and order, with a `due` column appended.
//! A row that cannot be computed gets an empty `due`, and its error goes to
//! standard error as `line N, column `NAME`: problem`; the other rows are
//! still answered, and the command then fails (non-zero exit) saying how many
//! rows failed.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result, anyhow, bail};
use app::domain::calendar::{Calendar, executive_order_closures};
use app::domain::engine::{Computation, Input, Toll, TollKind, compute};
use app::domain::rules::{self, Catalogue, Rule, catalogue_for_agency};
use chrono::NaiveDate;

/// Arguments of `docket deadline`.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct DeadlineArgs {
    /// Rule id, e.g. foia.response (see --list-rules).
    #[arg(long, value_name = "RULE_ID")]
    pub rule: Option<String>,
    /// Date of the triggering event.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub trigger: Option<String>,
    /// An unusual-circumstances extension notice was given (dated the trigger day).
    #[arg(long)]
    pub extension: bool,
    /// Inclusive tolling period; repeat for several (they may overlap).
    #[arg(long = "toll", value_name = "YYYY-MM-DD..YYYY-MM-DD")]
    pub tolls: Vec<String>,
    /// Calendar: federal (holidays and executive-order closures),
    /// federal-statute (no closures) or federal-inauguration.
    #[arg(long, value_name = "NAME", default_value = "federal")]
    pub calendar: String,
    /// Agency abbreviation; DHS and its components (CBP, ICE, ...) use 6 CFR part 5.
    #[arg(long, value_name = "ABBR")]
    pub agency: Option<String>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    /// Compute every row of a CSV file (see the module docs).
    #[arg(long, value_name = "FILE.csv", conflicts_with_all = ["rule", "trigger", "list_rules"])]
    pub batch: Option<PathBuf>,
    /// List the rule ids with their provisions.
    #[arg(long)]
    pub list_rules: bool,
}

/// Runs the command, writing results to `out` and batch-row errors to stderr.
pub fn run(args: &DeadlineArgs, out: &mut dyn Write) -> Result<()> {
    run_with(args, out, &mut std::io::stderr())
}

/// As [`run`], with batch-row errors written to `err`.
pub fn run_with(args: &DeadlineArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    if args.list_rules {
        return list_rules(out);
    }
    let cal = calendar(&args.calendar, args.agency.as_deref())?;
    let cat = args.agency.as_deref().map_or(Catalogue::Statute, catalogue_for_agency);
    if let Some(path) = &args.batch {
        return batch(path, &cal, cat, out, err);
    }
    let rule_id = args.rule.as_deref().ok_or_else(|| anyhow!("--rule is required"))?;
    let trigger = args.trigger.as_deref().ok_or_else(|| anyhow!("--trigger is required"))?;
    let rule = find_rule(rule_id).map_err(|e| anyhow!("--rule: {e}"))?;
    let rule = rules::rule(rule.id, cat).unwrap_or(rule);
    let trigger = parse_date(trigger).map_err(|e| anyhow!("--trigger: {e}"))?;
    let tolls =
        args.tolls.iter().map(|t| parse_toll(t).map_err(|e| anyhow!("--toll: {e}"))).collect::<Result<Vec<_>>>()?;
    let input = Input { trigger, extension: args.extension.then_some(trigger), tolls };
    let c = compute(rule, &input, &cal).map_err(|e| anyhow!("--rule {}: {e}", rule.id))?;
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&json(rule, &c, &cal))?)?;
    } else {
        writeln!(out, "{}", c.due)?;
        writeln!(out, "{}", c.explanation.to_text())?;
        for w in &c.warnings {
            writeln!(out, "Warning: {w}")?;
        }
    }
    Ok(())
}

/// The named calendar, seen from `agency` when given.
fn calendar(name: &str, agency: Option<&str>) -> Result<Calendar> {
    let cal = match name {
        "" | "federal" => Calendar::federal(),
        "federal-statute" => Calendar::new("federal-statute", Vec::new(), false),
        "federal-inauguration" => Calendar::new("federal-inauguration", executive_order_closures(), true),
        other => bail!(
            "--calendar: unknown calendar `{other}` (expected federal, federal-statute or \
             federal-inauguration)"
        ),
    };
    Ok(match agency {
        Some(a) if !a.trim().is_empty() => cal.with_agency(a),
        _ => cal,
    })
}

fn find_rule(id: &str) -> Result<&'static Rule, String> {
    rules::rule(id.trim(), Catalogue::Statute).ok_or_else(|| {
        let mut ids: Vec<&str> = rules::catalogue().iter().map(|r| r.id).collect();
        ids.dedup();
        format!("unknown rule `{}` (expected one of: {})", id.trim(), ids.join(", "))
    })
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("invalid date `{s}` (expected YYYY-MM-DD)"))
}

fn parse_toll(s: &str) -> Result<Toll, String> {
    let (a, b) = s
        .trim()
        .split_once("..")
        .ok_or_else(|| format!("invalid range `{}` (expected YYYY-MM-DD..YYYY-MM-DD)", s.trim()))?;
    let (start, end) = (parse_date(a)?, parse_date(b)?);
    if end < start {
        return Err(format!("range `{}` ends before it starts", s.trim()));
    }
    let label = format!("--toll {start}..{end}");
    Ok(Toll { start, end, kind: TollKind::Fee, label })
}

fn json(rule: &Rule, c: &Computation, cal: &Calendar) -> serde_json::Value {
    serde_json::json!({
        "due": c.due,
        "rule": rule.id,
        "title": rule.title,
        "catalogue": rule.catalogue,
        "owed_by": rule.owed_by,
        "provisions": c.explanation.provisions,
        "trigger": c.explanation.trigger,
        "calendar": cal.name(),
        "calendar_version": cal.version(),
        "reading_used": c.reading_used,
        "unsettled": c.unsettled,
        "warnings": c.warnings,
        "explanation": c.explanation,
        "explanation_text": c.explanation.to_text(),
    })
}

fn list_rules(out: &mut dyn Write) -> Result<()> {
    for r in rules::catalogue() {
        let count = if r.count == 0 { "no count".to_string() } else { format!("{} {}", r.count, r.unit.noun()) };
        let mut cites = r.citations().join("; ");
        if let Some(e) = r.extension {
            let ext: Vec<&str> = e.provisions.iter().filter_map(|p| rules::citation(p)).collect();
            cites.push_str(&format!("; extension +{} on {}: {}", e.days, e.event.code(), ext.join("; ")));
        }
        let trigger = r.trigger.code();
        writeln!(out, "{:<31} {:<7} {count:<17} after {trigger:<18} {cites}", r.id, r.catalogue.code())?;
    }
    Ok(())
}

/// Column positions of a batch file.
struct Columns {
    rule: usize,
    trigger: usize,
    extension: usize,
    tolling: usize,
}

fn columns(header: &csv::StringRecord) -> Result<Columns> {
    let find = |name: &str| {
        header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
            .ok_or_else(|| anyhow!("line 1: the header has no `{name}` column"))
    };
    Ok(Columns {
        rule: find("rule")?,
        trigger: find("trigger")?,
        extension: find("extension")?,
        tolling: find("tolling")?,
    })
}

fn batch(path: &PathBuf, cal: &Calendar, cat: Catalogue, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    let file = std::fs::File::open(path).with_context(|| format!("--batch: cannot open {}", path.display()))?;
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(file);
    let header = reader.headers().context("--batch: cannot read the header")?.clone();
    let cols = columns(&header).map_err(|e| anyhow!("--batch: {e}"))?;
    let mut writer = csv::Writer::from_writer(out);
    let mut head: Vec<&str> = header.iter().collect();
    head.push("due");
    writer.write_record(&head)?;
    let (mut rows, mut failed) = (0usize, 0usize);
    for record in reader.records() {
        rows += 1;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                failed += 1;
                writeln!(err, "line {}: unreadable CSV row: {e}", rows + 1)?;
                continue;
            }
        };
        let line = record.position().map_or(rows as u64 + 1, |p| p.line());
        let due = match row(&record, &cols, cal, cat) {
            Ok(d) => d.to_string(),
            Err(e) => {
                failed += 1;
                writeln!(err, "line {line}, {e}")?;
                String::new()
            }
        };
        let mut fields: Vec<&str> = record.iter().collect();
        fields.push(&due);
        writer.write_record(&fields)?;
    }
    writer.flush()?;
    if failed > 0 {
        bail!("--batch: {failed} of {rows} rows failed (errors above; their `due` is empty)");
    }
    Ok(())
}

/// One batch row's due date; errors name the column.
fn row(record: &csv::StringRecord, cols: &Columns, cal: &Calendar, cat: Catalogue) -> Result<NaiveDate, String> {
    let field =
        |i: usize, name: &str| record.get(i).ok_or_else(|| format!("column `{name}`: missing (the row is too short)"));
    let rule = find_rule(field(cols.rule, "rule")?).map_err(|e| format!("column `rule`: {e}"))?;
    let rule = rules::rule(rule.id, cat).unwrap_or(rule);
    let trigger = parse_date(field(cols.trigger, "trigger")?).map_err(|e| format!("column `trigger`: {e}"))?;
    let extension = match field(cols.extension, "extension")?.trim() {
        "" | "0" => false,
        "1" => true,
        other => return Err(format!("column `extension`: invalid value `{other}` (expected 0 or 1)")),
    };
    let tolls = field(cols.tolling, "tolling")?
        .split(';')
        .filter(|s| !s.trim().is_empty())
        .map(|s| parse_toll(s).map_err(|e| format!("column `tolling`: {e}")))
        .collect::<Result<Vec<_>, _>>()?;
    let input = Input { trigger, extension: extension.then_some(trigger), tolls };
    compute(rule, &input, cal).map(|c| c.due).map_err(|e| format!("column `rule` ({}): {e}", rule.id))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(rule: &str, trigger: &str) -> DeadlineArgs {
        DeadlineArgs {
            rule: Some(rule.into()),
            trigger: Some(trigger.into()),
            calendar: "federal".into(),
            ..DeadlineArgs::default()
        }
    }

    fn output(a: &DeadlineArgs) -> (Result<()>, String, String) {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let r = run_with(a, &mut out, &mut err);
        (r, String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap())
    }

    fn first_line(a: &DeadlineArgs) -> String {
        let (r, out, _) = output(a);
        r.unwrap();
        out.lines().next().unwrap().to_string()
    }

    #[test]
    fn due_date_alone_on_the_first_line_then_the_explanation() {
        let (r, out, _) = output(&args("foia.response", "2026-01-05"));
        r.unwrap();
        let mut lines = out.lines();
        assert_eq!(lines.next(), Some("2026-02-03"));
        assert!(out.contains("Skipped Mon 2026-01-19: Birthday of Martin Luther King, Jr."), "{out}");
        assert!(out.contains("5 U.S.C. 552(a)(6)(A)(i)"), "{out}");
    }

    #[test]
    fn extension_tolls_agency_and_calendars() {
        let mut a = args("foia.response", "2026-01-05");
        a.extension = true;
        assert_eq!(first_line(&a), "2026-02-18");
        a.extension = false;
        a.tolls = vec!["2026-01-12..2026-01-14".into(), "2026-01-13..2026-01-16".into()];
        assert_eq!(first_line(&a), "2026-02-10");
        let mut a = args("foia.appeal_window", "2026-02-03");
        assert_eq!(first_line(&a), "2026-05-04");
        a.agency = Some("CBP".into());
        assert_eq!(first_line(&a), "2026-06-11");
        let mut a = args("foia.response", "2025-12-19");
        assert_eq!(first_line(&a), "2026-01-23");
        a.calendar = "federal-statute".into();
        assert_eq!(first_line(&a), "2026-01-21");
        let mut a = args("foia.response", "2017-01-19");
        let plain = first_line(&a);
        a.calendar = "federal-inauguration".into();
        assert!(first_line(&a) > plain);
    }

    #[test]
    fn json_has_due_explanation_and_both_readings() {
        let mut a = args("foia.response", "2025-12-19");
        a.json = true;
        let (r, out, _) = output(&a);
        r.unwrap();
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["due"], "2026-01-23");
        assert_eq!(v["unsettled"]["statute_only"], "2026-01-21");
        assert_eq!(v["explanation"]["rule_id"], "foia.response");
        assert!(v["explanation_text"].as_str().unwrap().contains("Unsettled"));
    }

    #[test]
    fn bad_input_names_the_flag() {
        let (r, _, _) = output(&args("foia.nope", "2026-01-05"));
        assert!(r.unwrap_err().to_string().starts_with("--rule: unknown rule `foia.nope`"));
        let (r, _, _) = output(&args("foia.response", "2026-02-30"));
        assert!(r.unwrap_err().to_string().starts_with("--trigger: invalid date `2026-02-30`"));
        let mut a = args("foia.response", "2026-01-05");
        a.tolls = vec!["2026-01-12".into()];
        assert!(output(&a).0.unwrap_err().to_string().starts_with("--toll:"));
        a.tolls.clear();
        a.calendar = "lunar".into();
        assert!(output(&a).0.unwrap_err().to_string().starts_with("--calendar:"));
        let (r, _, _) = output(&DeadlineArgs { calendar: "federal".into(), ..Default::default() });
        assert!(r.unwrap_err().to_string().contains("--rule is required"));
    }

    #[test]
    fn list_rules_shows_ids_and_citations() {
        let a = DeadlineArgs { list_rules: true, ..Default::default() };
        let (r, out, _) = output(&a);
        r.unwrap();
        for id in ["foia.response", "foia.appeal_window", "litigation.limitations", "court.ordered"] {
            assert!(out.lines().any(|l| l.starts_with(id)), "{id}\n{out}");
        }
        assert!(out.contains("28 U.S.C. 2401(a)") && out.contains("6 CFR 5.8"), "{out}");
    }

    #[test]
    fn batch_answers_good_rows_and_reports_bad_ones_by_line_and_column() {
        let path = std::env::temp_dir().join(format!("docket-batch-{}.csv", std::process::id()));
        std::fs::write(
            &path,
            "rule,trigger,extension,tolling\n\
             foia.response,2026-01-05,0,\n\
             foia.response,2026-01-05,1,\n\
             foia.response,2026-13-01,0,\n\
             foia.response,2026-01-05,0,2026-01-12..2026-01-14;2026-01-13..2026-01-16\n\
             nope,2026-01-05,0,\n\
             foia.response,2026-01-05,2,\n",
        )
        .unwrap();
        let a = DeadlineArgs { batch: Some(path.clone()), calendar: "federal".into(), ..Default::default() };
        let (r, out, err) = output(&a);
        std::fs::remove_file(&path).unwrap();
        assert!(r.unwrap_err().to_string().contains("3 of 6 rows failed"));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "rule,trigger,extension,tolling,due");
        assert_eq!(lines[1], "foia.response,2026-01-05,0,,2026-02-03");
        assert_eq!(lines[2], "foia.response,2026-01-05,1,,2026-02-18");
        assert_eq!(lines[3], "foia.response,2026-13-01,0,,");
        assert!(lines[4].ends_with(",2026-02-10"), "{}", lines[4]);
        assert_eq!(lines.len(), 7);
        assert!(err.contains("line 4, column `trigger`: invalid date `2026-13-01`"), "{err}");
        assert!(err.contains("line 6, column `rule`: unknown rule `nope`"), "{err}");
        assert!(err.contains("line 7, column `extension`"), "{err}");
    }
}
