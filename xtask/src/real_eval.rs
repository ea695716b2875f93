//! `cargo xtask eval --real DIR [--jobs N] [--only SOURCE,…]` (sources or labels, `benign`/`malicious`): the corpus eval's scoring over the training
//! corpus that `cargo xtask corpus` built in `DIR` (see `corpus.rs`).
//!
//! Same definitions as `eval.rs`: recall counts a malicious target caught at `review` or `block`, block
//! recall only at `block`; the false-positive rate counts a benign target flagged at `review` or `block`,
//! block FPR only at `block`. Figures per source, per ecosystem and per category (where a source gives
//! one), plus time per target. Every miss and false alarm is listed with its top findings in
//! `DIR/reports/real-eval-<time>.md`, and every target's verdict and findings go to
//! `DIR/reports/real-eval-latest.jsonl` for grouping misses by behaviour. Those reports hold names and
//! snippets of live malware: they stay outside the repository, with the corpus.

use crate::eval::percent;
use crate::manifest::{self, Entry, Label};
use skill_scan::{RuleSet, ScanOptions, Scanner};
use skill_scan_model::{Finding, TargetReport, VerdictLevel};
use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Counts behind one row of figures.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Score {
    pub malicious: usize,
    pub caught: usize,
    pub blocked: usize,
    pub benign: usize,
    pub flagged: usize,
    pub benign_blocked: usize,
    pub failed: usize,
}

impl Score {
    pub fn add(&mut self, label: Label, verdict: VerdictLevel) {
        match label {
            Label::Malicious => {
                self.malicious += 1;
                self.caught += usize::from(verdict >= VerdictLevel::Review);
                self.blocked += usize::from(verdict == VerdictLevel::Block);
            }
            Label::Benign => {
                self.benign += 1;
                self.flagged += usize::from(verdict >= VerdictLevel::Review);
                self.benign_blocked += usize::from(verdict == VerdictLevel::Block);
            }
        }
    }

    pub fn row(&self, name: &str) -> String {
        format!(
            "| {name} | {} | {} | {} | {} | {} | {} | {} |",
            self.malicious,
            percent(self.caught, self.malicious),
            percent(self.blocked, self.malicious),
            self.benign,
            percent(self.flagged, self.benign),
            percent(self.benign_blocked, self.benign),
            self.failed
        )
    }
}

const TABLE_HEAD: &str =
    "| malicious | recall | block recall | benign | FPR | block FPR | not scanned |";

fn table(title: &str, rows: &BTreeMap<String, Score>, total: Option<&Score>) -> String {
    let mut out = format!("| {title} {TABLE_HEAD}\n|---|---|---|---|---|---|---|---|\n");
    for (name, score) in rows {
        out.push_str(&score.row(name));
        out.push('\n');
    }
    if let Some(total) = total {
        out.push_str(&total.row("**all**"));
        out.push('\n');
    }
    out
}

struct Outcome {
    entry: Entry,
    result: Result<TargetReport, String>,
    took: Duration,
}

/// The findings worth showing first: highest action, then rules not yet shown.
fn top_findings(report: &TargetReport, n: usize) -> Vec<&Finding> {
    let mut findings: Vec<&Finding> = report.findings.iter().collect();
    findings.sort_by(|a, b| b.action.cmp(&a.action).then(a.rule_id.cmp(&b.rule_id)));
    let mut seen = Vec::new();
    findings
        .into_iter()
        .filter(|f| {
            let new = !seen.contains(&f.rule_id);
            seen.push(f.rule_id.clone());
            new
        })
        .take(n)
        .collect()
}

fn describe(outcome: &Outcome) -> String {
    let Ok(report) = &outcome.result else {
        return String::new();
    };
    let top: Vec<String> = top_findings(report, 4)
        .iter()
        .map(|f| format!("`{}` {} {}:{}", f.rule_id, f.action, f.path, f.line))
        .collect();
    format!(
        "- `{}` ({}, {} ms): {}",
        outcome.entry.target,
        report.verdict,
        outcome.took.as_millis(),
        if top.is_empty() {
            "no findings".to_string()
        } else {
            top.join("; ")
        }
    )
}

fn json_line(outcome: &Outcome) -> serde_json::Value {
    let e = &outcome.entry;
    let mut value = serde_json::json!({
        "target": e.target, "label": e.label.to_string(), "source": e.source,
        "ecosystem": e.ecosystem, "category": e.category, "ms": outcome.took.as_millis() as u64,
    });
    match &outcome.result {
        Ok(report) => {
            value["verdict"] = serde_json::json!(report.verdict.to_string());
            value["findings"] = serde_json::json!(report
                .findings
                .iter()
                .map(|f| serde_json::json!({
                    "rule": f.rule_id, "category": f.category.to_string(),
                    "action": f.action.to_string(), "path": f.path, "line": f.line,
                    "message": f.message,
                }))
                .collect::<Vec<_>>());
            value["files"] = serde_json::json!(report.files_scanned);
        }
        Err(e) => value["error"] = serde_json::json!(e),
    }
    value
}

/// `YYYY-MM-DD HH:MM UTC` from the system clock (days-to-civil, proleptic Gregorian).
pub fn utc_stamp(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        rem / 3600,
        rem % 3600 / 60
    )
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let index = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

pub fn run(args: &[String]) -> ExitCode {
    match run_inner(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run_inner(args: &[String]) -> Result<(), String> {
    let (mut dir, mut jobs, mut only) = (None::<PathBuf>, 1usize, None::<String>);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = || args.next().cloned().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--jobs" => {
                jobs = value()?
                    .parse()
                    .map_err(|_| "--jobs takes a number".to_string())?
            }
            "--only" => only = Some(value()?),
            other if dir.is_none() && !other.starts_with('-') => dir = Some(PathBuf::from(other)),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let root = crate::corpus::training_dir(dir)?;
    let manifest_path = root.join("manifest.tsv");
    let entries = manifest::parse(
        &fs::read_to_string(&manifest_path)
            .map_err(|e| format!("cannot read {}: {e}", manifest_path.display()))?,
    )?;
    let entries: Vec<Entry> = entries
        .into_iter()
        .filter(|e| {
            only.as_deref().is_none_or(|o| {
                o.split(',')
                    .any(|s| s == e.source || s == e.label.to_string())
            })
        })
        .collect();
    if entries.is_empty() {
        return Err(format!(
            "no target of {} matches --only",
            manifest_path.display()
        ));
    }
    let scanner =
        Scanner::new(RuleSet::embedded(&skill_scan::DETECTORS).map_err(|e| e.to_string())?);
    let started = Instant::now();
    let reports = root.join("reports");
    fs::create_dir_all(&reports)
        .map_err(|e| format!("cannot create {}: {e}", reports.display()))?;
    let progress = fs::File::create(reports.join("real-eval-progress.jsonl")).ok();
    let outcomes = scan_all(&scanner, &root, &entries, jobs.max(1), progress);
    let wall = started.elapsed();
    let report = summarise(&outcomes, wall);
    print!("{report}");
    let reports = root.join("reports");
    fs::create_dir_all(&reports)
        .map_err(|e| format!("cannot create {}: {e}", reports.display()))?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let stamp = utc_stamp(now);
    let md = reports.join(format!(
        "real-eval-{}.md",
        stamp.replace([' ', ':'], "-").trim_end_matches("-UTC")
    ));
    let mut full = format!("# Real-corpus evaluation, {stamp}\n\n{report}");
    for (title, label) in [
        ("Misses", Label::Malicious),
        ("False alarms", Label::Benign),
    ] {
        let listed: Vec<String> = outcomes
            .iter()
            .filter(|o| o.entry.label == label)
            .filter(|o| match (&o.result, label) {
                (Ok(r), Label::Malicious) => r.verdict == VerdictLevel::Allow,
                (Ok(r), Label::Benign) => r.verdict >= VerdictLevel::Review,
                (Err(_), _) => false,
            })
            .map(describe)
            .collect();
        full.push_str(&format!(
            "\n## {title} ({})\n\n{}\n",
            listed.len(),
            listed.join("\n")
        ));
    }
    fs::write(&md, full).map_err(|e| format!("cannot write {}: {e}", md.display()))?;
    let jsonl = reports.join("real-eval-latest.jsonl");
    let mut file =
        fs::File::create(&jsonl).map_err(|e| format!("cannot write {}: {e}", jsonl.display()))?;
    for outcome in &outcomes {
        writeln!(file, "{}", json_line(outcome)).map_err(|e| e.to_string())?;
    }
    eprintln!("wrote {} and {}", md.display(), jsonl.display());
    Ok(())
}

/// Outcomes by manifest index, and the progress file.
type Finished = (Vec<(usize, Outcome)>, Option<fs::File>);

/// Scans every entry on `jobs` threads. Each outcome is also appended to `progress` (JSON lines, in the
/// order they finish) as it comes, so a long run can be read before it ends.
fn scan_all(
    scanner: &Scanner,
    root: &Path,
    entries: &[Entry],
    jobs: usize,
    progress: Option<fs::File>,
) -> Vec<Outcome> {
    let next = AtomicUsize::new(0);
    let done: Mutex<Finished> = Mutex::new((Vec::new(), progress));
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(entry) = entries.get(i) else { break };
                let path = root.join(&entry.target);
                let started = Instant::now();
                let result = scanner
                    .scan_path(&path.to_string_lossy(), &ScanOptions::default())
                    .map_err(|e| e.to_string());
                let outcome = Outcome {
                    entry: entry.clone(),
                    result,
                    took: started.elapsed(),
                };
                if (i + 1) % 500 == 0 {
                    eprintln!("{} / {}", i + 1, entries.len());
                }
                if let Ok(mut done) = done.lock() {
                    if let Some(file) = done.1.as_mut() {
                        let _ = writeln!(file, "{}", json_line(&outcome));
                    }
                    done.0.push((i, outcome));
                }
            });
        }
    });
    let mut done = done.into_inner().map(|d| d.0).unwrap_or_default();
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, o)| o).collect()
}

fn summarise(outcomes: &[Outcome], wall: Duration) -> String {
    let mut total = Score::default();
    let mut per_source: BTreeMap<String, Score> = BTreeMap::new();
    let mut per_ecosystem: BTreeMap<String, Score> = BTreeMap::new();
    let mut per_category: BTreeMap<String, Score> = BTreeMap::new();
    let mut times = Vec::new();
    for outcome in outcomes {
        let e = &outcome.entry;
        let Ok(report) = &outcome.result else {
            total.failed += 1;
            per_source.entry(e.source.clone()).or_default().failed += 1;
            per_ecosystem.entry(e.ecosystem.clone()).or_default().failed += 1;
            continue;
        };
        times.push(outcome.took);
        total.add(e.label, report.verdict);
        per_source
            .entry(e.source.clone())
            .or_default()
            .add(e.label, report.verdict);
        per_ecosystem
            .entry(e.ecosystem.clone())
            .or_default()
            .add(e.label, report.verdict);
        if e.category != "-" {
            per_category
                .entry(e.category.clone())
                .or_default()
                .add(e.label, report.verdict);
        }
    }
    times.sort();
    let sum: Duration = times.iter().sum();
    let mut out = table("source", &per_source, Some(&total));
    out.push('\n');
    out.push_str(&table("ecosystem", &per_ecosystem, None));
    if !per_category.is_empty() {
        out.push('\n');
        out.push_str(&table("category", &per_category, None));
    }
    out.push_str(&format!(
        "\n{} targets scanned in {:.1} s wall; per target: mean {:.0} ms, median {:.0} ms, p95 {:.0} ms, max {:.0} ms.\n",
        times.len(),
        wall.as_secs_f64(),
        if times.is_empty() { 0.0 } else { sum.as_secs_f64() * 1000.0 / times.len() as f64 },
        percentile(&times, 0.5).as_secs_f64() * 1000.0,
        percentile(&times, 0.95).as_secs_f64() * 1000.0,
        percentile(&times, 1.0).as_secs_f64() * 1000.0,
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_like_the_corpus_eval() {
        let mut s = Score::default();
        s.add(Label::Malicious, VerdictLevel::Block);
        s.add(Label::Malicious, VerdictLevel::Review);
        s.add(Label::Malicious, VerdictLevel::Allow);
        s.add(Label::Malicious, VerdictLevel::Allow);
        s.add(Label::Benign, VerdictLevel::Allow);
        s.add(Label::Benign, VerdictLevel::Review);
        s.add(Label::Benign, VerdictLevel::Allow);
        s.add(Label::Benign, VerdictLevel::Allow);
        assert_eq!((s.malicious, s.caught, s.blocked), (4, 2, 1));
        assert_eq!((s.benign, s.flagged, s.benign_blocked), (4, 1, 0));
        assert_eq!(
            s.row("x"),
            "| x | 4 | 50.0% | 25.0% | 4 | 25.0% | 0.0% | 0 |"
        );
        assert_eq!(
            Score::default().row("none"),
            "| none | 0 | – | – | 0 | – | – | 0 |"
        );
    }

    #[test]
    fn percentiles_and_dates() {
        let ms = |n| Duration::from_millis(n);
        let times = [ms(1), ms(2), ms(3), ms(4), ms(100)];
        assert_eq!(percentile(&times, 0.5), ms(3));
        assert_eq!(percentile(&times, 1.0), ms(100));
        assert_eq!(percentile(&[], 0.5), Duration::ZERO);
        assert_eq!(utc_stamp(0), "1970-01-01 00:00 UTC");
        // 2024-02-29 12:34 UTC, a leap day.
        assert_eq!(utc_stamp(1_709_210_040), "2024-02-29 12:34 UTC");
    }
}
