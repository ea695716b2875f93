//! `cargo xtask eval --benign-registry`: false alarms on real, popular npm and PyPI packages.
//!
//! Each row of `xtask/benign-registry.tsv` pins one published archive by its sha256. The archive is fetched
//! once into a cache outside the repository (plain HTTPS GETs, never an installer), checked against the pin
//! (a mismatch is reported and the package is not scanned), unpacked safely (see `unpack.rs`) and scanned
//! with the library. The report is Markdown: one line per ecosystem, then every package that came out
//! `review` or `block`, with the reasons and the findings behind them.
//!
//! Exit code: 2 on a setup error (bad list, no cache folder, a package that could not be fetched or
//! scanned: the run goes on with the rest and reports them), else 1 if any package is blocked, else 0.

use crate::eval::percent;
use crate::fetch::{self, Http};
use crate::unpack::{self, Limits};
use skill_scan::{RuleSet, ScanOptions, Scanner};
use skill_scan_model::{TargetReport, VerdictLevel};
use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

pub const HEADER: &str = "ecosystem\tname\tversion\tsha256";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ecosystem {
    Npm,
    Pypi,
}

impl Ecosystem {
    const ALL: [Ecosystem; 2] = [Ecosystem::Npm, Ecosystem::Pypi];

    fn as_str(self) -> &'static str {
        match self {
            Ecosystem::Npm => "npm",
            Ecosystem::Pypi => "pypi",
        }
    }
}

impl fmt::Display for Ecosystem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One row of the pinned list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pinned {
    pub ecosystem: Ecosystem,
    pub name: String,
    pub version: String,
    /// Lowercase hex.
    pub sha256: String,
}

impl fmt::Display for Pinned {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.ecosystem {
            Ecosystem::Npm => write!(f, "npm {}@{}", self.name, self.version),
            Ecosystem::Pypi => write!(f, "pypi {}=={}", self.name, self.version),
        }
    }
}

impl Pinned {
    /// A folder name for the unpacked package: names and versions are checked by the parser, so this
    /// holds no separator.
    pub(crate) fn slug(&self) -> String {
        format!(
            "{}-{}-{}",
            self.name.replace('/', "+"),
            self.version,
            &self.sha256[..16]
        )
    }
}

/// Parses the pinned list: the header line first, then one tab-separated row per package. Blank lines and
/// lines starting with `#` are ignored.
pub fn parse_list(text: &str) -> Result<Vec<Pinned>, String> {
    let mut rows = Vec::new();
    let mut seen = HashSet::new();
    let mut header_seen = false;
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if !header_seen {
            if line != HEADER {
                return Err(format!(
                    "line {number}: expected the header `{}`",
                    HEADER.replace('\t', "\\t")
                ));
            }
            header_seen = true;
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [ecosystem, name, version, sha256] = fields[..] else {
            return Err(format!(
                "line {number}: expected 4 tab-separated fields, found {}",
                fields.len()
            ));
        };
        let ecosystem = match ecosystem {
            "npm" => Ecosystem::Npm,
            "pypi" => Ecosystem::Pypi,
            other => {
                return Err(format!(
                    "line {number}: unknown ecosystem `{other}` (npm or pypi)"
                ))
            }
        };
        let name_ok = match ecosystem {
            Ecosystem::Npm => valid_npm_name(name),
            Ecosystem::Pypi => valid_pypi_name(name),
        };
        if !name_ok {
            return Err(format!("line {number}: invalid {ecosystem} name `{name}`"));
        }
        if !valid_version(version) {
            return Err(format!("line {number}: invalid version `{version}`"));
        }
        let sha256 = sha256.to_ascii_lowercase();
        if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(format!(
                "line {number}: sha256 must be 64 hex digits, got `{sha256}`"
            ));
        }
        if !seen.insert((ecosystem, name.to_string(), version.to_string())) {
            return Err(format!(
                "line {number}: {ecosystem} {name} {version} is listed twice"
            ));
        }
        rows.push(Pinned {
            ecosystem,
            name: name.to_string(),
            version: version.to_string(),
            sha256,
        });
    }
    if !header_seen {
        return Err("empty list: no header".to_string());
    }
    if rows.is_empty() {
        return Err("the list has no packages".to_string());
    }
    Ok(rows)
}

fn name_part_ok(part: &str) -> bool {
    !part.is_empty()
        && !part.starts_with('.')
        && part
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~'))
}

/// `name` or `@scope/name`.
fn valid_npm_name(name: &str) -> bool {
    if name.len() > 214 {
        return false;
    }
    match name.strip_prefix('@') {
        Some(scoped) => match scoped.split_once('/') {
            Some((scope, rest)) => name_part_ok(scope) && name_part_ok(rest),
            None => false,
        },
        None => name_part_ok(name),
    }
}

fn valid_pypi_name(name: &str) -> bool {
    name.len() <= 200
        && name
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphanumeric())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

fn valid_version(version: &str) -> bool {
    version.len() <= 100
        && version
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphanumeric())
        && version
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'+' | b'!'))
}

/// The default cache: `$XDG_CACHE_HOME/skill-scan-eval`, else `~/.cache/skill-scan-eval`.
pub fn default_cache() -> Option<PathBuf> {
    let xdg = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute());
    let home = || {
        std::env::var_os("HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .map(|h| h.join(".cache"))
    };
    xdg.or_else(home).map(|base| base.join("skill-scan-eval"))
}

/// A package ready to scan.
struct Prepared {
    dir: PathBuf,
    archive_bytes: u64,
    unpacked_bytes: u64,
    unpack_skipped: Vec<String>,
}

pub(crate) struct Cache {
    archives: PathBuf,
    unpacked: PathBuf,
}

impl Cache {
    pub(crate) fn open(root: &Path) -> Result<Cache, String> {
        let cache = Cache {
            archives: root.join("archives"),
            unpacked: root.join("unpacked"),
        };
        for dir in [&cache.archives, &cache.unpacked] {
            fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create the cache folder {}: {e}", dir.display()))?;
        }
        Ok(cache)
    }

    /// The archive, content-addressed by its pinned sha256: fetched if missing, re-checked if present.
    pub(crate) fn archive(&self, http: &Http, pin: &Pinned) -> Result<(PathBuf, u64), String> {
        let path = self.archives.join(&pin.sha256);
        if path.is_file() {
            let actual = fetch::sha256_file(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            if actual == pin.sha256 {
                let size = fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
                return Ok((path, size));
            }
            eprintln!(
                "warning: {pin}: cached archive {} is corrupt, fetching it again",
                path.display()
            );
            fs::remove_file(&path).map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
        }
        let url = match pin.ecosystem {
            Ecosystem::Npm => http.npm_archive_url(&pin.name, &pin.version)?,
            Ecosystem::Pypi => http.pypi_archive_url(&pin.name, &pin.version, &pin.sha256)?,
        };
        eprintln!("fetching {pin} from {url}");
        let partial = self.archives.join(format!("{}.partial", pin.sha256));
        let downloaded = http.download(&url, &partial);
        let (actual, size) = match downloaded {
            Ok(done) => done,
            Err(e) => {
                let _ = fs::remove_file(&partial);
                return Err(e);
            }
        };
        if actual != pin.sha256 {
            let _ = fs::remove_file(&partial);
            return Err(format!(
                "sha256 mismatch for {url}: pinned {}, downloaded {actual}; not scanned",
                pin.sha256
            ));
        }
        fs::rename(&partial, &path).map_err(|e| format!("cannot store {}: {e}", path.display()))?;
        Ok((path, size))
    }

    /// The unpacked folder; a `.done` file beside it records a finished unpack (files, bytes, skipped
    /// entries), so an interrupted one is redone.
    fn unpack(&self, pin: &Pinned, archive: &Path) -> Result<(PathBuf, unpack::Unpacked), String> {
        let parent = self.unpacked.join(pin.ecosystem.as_str());
        fs::create_dir_all(&parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        let dir = parent.join(pin.slug());
        let done = parent.join(format!("{}.done", pin.slug()));
        if dir.is_dir() {
            if let Some(previous) = fs::read_to_string(&done).ok().and_then(|t| parse_done(&t)) {
                return Ok((dir, previous));
            }
        }
        let _ = fs::remove_file(&done);
        if fs::symlink_metadata(&dir).is_ok() {
            fs::remove_dir_all(&dir)
                .map_err(|e| format!("cannot remove {}: {e}", dir.display()))?;
        }
        match unpack::unpack_file(archive, &dir, &Limits::default()) {
            Ok(unpacked) => {
                fs::write(&done, format_done(&unpacked))
                    .map_err(|e| format!("cannot write {}: {e}", done.display()))?;
                Ok((dir, unpacked))
            }
            Err(e) => {
                let _ = fs::remove_dir_all(&dir);
                Err(format!("cannot unpack: {e}"))
            }
        }
    }

    fn prepare(&self, http: &Http, pin: &Pinned) -> Result<Prepared, String> {
        let (archive, archive_bytes) = self.archive(http, pin)?;
        let (dir, unpacked) = self.unpack(pin, &archive)?;
        Ok(Prepared {
            dir,
            archive_bytes,
            unpacked_bytes: unpacked.bytes,
            unpack_skipped: unpacked.skipped,
        })
    }
}

fn format_done(unpacked: &unpack::Unpacked) -> String {
    let mut text = format!("{}\t{}\n", unpacked.files, unpacked.bytes);
    for skipped in &unpacked.skipped {
        text.push_str(&skipped.replace('\n', " "));
        text.push('\n');
    }
    text
}

fn parse_done(text: &str) -> Option<unpack::Unpacked> {
    let mut lines = text.lines();
    let (files, bytes) = lines.next()?.split_once('\t')?;
    Some(unpack::Unpacked {
        files: files.parse().ok()?,
        bytes: bytes.parse().ok()?,
        skipped: lines.map(str::to_string).collect(),
    })
}

struct Scanned {
    pin: Pinned,
    prepared: Prepared,
    report: TargetReport,
    took: Duration,
}

#[derive(Default)]
struct Tally {
    scanned: usize,
    allow: usize,
    review: usize,
    block: usize,
    failed: usize,
    archive_bytes: u64,
    unpacked_bytes: u64,
    files: usize,
    files_skipped: usize,
    took: Duration,
}

impl Tally {
    fn add(&mut self, scanned: &Scanned) {
        self.scanned += 1;
        match scanned.report.verdict {
            VerdictLevel::Allow => self.allow += 1,
            VerdictLevel::Review => self.review += 1,
            VerdictLevel::Block => self.block += 1,
        }
        self.archive_bytes += scanned.prepared.archive_bytes;
        self.unpacked_bytes += scanned.prepared.unpacked_bytes;
        self.files += scanned.report.files_scanned;
        self.files_skipped += scanned.report.skipped.len();
        self.took += scanned.took;
    }

    fn row(&self, label: &str) -> String {
        let share = |n: usize| format!("{n} ({})", percent(n, self.scanned));
        format!(
            "| {label} | {} | {} | {} | {} | {} | {} | {} | {} | {:.1} s |",
            self.scanned,
            share(self.allow),
            share(self.review),
            share(self.block),
            self.failed,
            mib(self.archive_bytes),
            mib(self.unpacked_bytes),
            format_args!("{} ({} skipped)", self.files, self.files_skipped),
            self.took.as_secs_f64()
        )
    }
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// How many places to show per rule behind one reason.
const PLACES_PER_RULE: usize = 5;
/// Characters shown of a reason's rationale, and of the line of a rule's first hit.
const MAX_RATIONALE: usize = 400;
const MAX_SNIPPET: usize = 160;

/// The reasons behind a `review` or `block`, each with its rules and their places.
fn explain(scanned: &Scanned) -> String {
    let report = &scanned.report;
    let mut out = format!(
        "### {} — **{}**\n\n",
        scanned.pin,
        report.verdict.to_string().to_uppercase()
    );
    if !report.package.install_scripts.is_empty() {
        let scripts: Vec<String> = report
            .package
            .install_scripts
            .iter()
            .map(|(hook, command)| format!("`{hook}`: `{}`", one_line(command, 120)))
            .collect();
        out.push_str(&format!("Install scripts: {}\n\n", scripts.join("; ")));
    }
    let by_id: BTreeMap<&str, &skill_scan_model::Finding> =
        report.findings.iter().map(|f| (f.id.as_str(), f)).collect();
    for reason in &report.reasons {
        out.push_str(&format!(
            "- {} / {} / {}{}: {}\n",
            reason.scope,
            reason.category,
            reason.signal,
            if reason.compound { " (compound)" } else { "" },
            one_line(&reason.rationale, MAX_RATIONALE)
        ));
        // rule id → places (and the first hit's line), in report order.
        let mut rules: Vec<(&str, Vec<String>, &str)> = Vec::new();
        for id in &reason.finding_ids {
            let Some(finding) = by_id.get(id.as_str()) else {
                continue;
            };
            let place = format!("{}:{}", finding.path, finding.line);
            match rules
                .iter_mut()
                .find(|(rule, _, _)| *rule == finding.rule_id)
            {
                Some((_, places, _)) => places.push(place),
                None => rules.push((
                    finding.rule_id.as_str(),
                    vec![place],
                    finding.snippet.as_str(),
                )),
            }
        }
        for (rule, places, snippet) in rules {
            let shown: Vec<String> = places
                .iter()
                .take(PLACES_PER_RULE)
                .map(|p| format!("`{p}`"))
                .collect();
            let more = places.len().saturating_sub(PLACES_PER_RULE);
            out.push_str(&format!(
                "  - `{rule}` ×{}: {}{}\n    `{}`\n",
                places.len(),
                shown.join(", "),
                if more > 0 {
                    format!(" (+{more} more)")
                } else {
                    String::new()
                },
                one_line(snippet.trim(), MAX_SNIPPET).replace('`', "'")
            ));
        }
    }
    let referenced: HashSet<&str> = report
        .reasons
        .iter()
        .flat_map(|r| r.finding_ids.iter().map(String::as_str))
        .collect();
    let mut others: BTreeMap<&str, usize> = BTreeMap::new();
    for finding in &report.findings {
        if !referenced.contains(finding.id.as_str()) {
            *others.entry(finding.rule_id.as_str()).or_default() += 1;
        }
    }
    if !others.is_empty() {
        let list: Vec<String> = others
            .iter()
            .map(|(rule, n)| format!("`{rule}` ×{n}"))
            .collect();
        out.push_str(&format!(
            "- other findings, behind no reason: {}\n",
            list.join(", ")
        ));
    }
    out
}

fn one_line(text: &str, max: usize) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if flat.chars().count() > max {
        format!("{}…", flat.chars().take(max).collect::<String>())
    } else {
        flat
    }
}

/// The pins of a list file, nothing fetched.
pub fn read_list(list: &Path) -> Result<Vec<Pinned>, String> {
    let text =
        fs::read_to_string(list).map_err(|e| format!("cannot read {}: {e}", list.display()))?;
    parse_list(&text).map_err(|e| format!("{}: {e}", list.display()))
}

/// Fetches (if not cached) and unpacks the given pins, returning each one's folder. Used by
/// `cargo xtask bench`, which prepares only the packages of the sets it measures.
pub fn prepare_pins(
    pins: Vec<Pinned>,
    cache_root: &Path,
) -> Result<Vec<(Pinned, PathBuf)>, String> {
    let cache = Cache::open(cache_root)?;
    let http = Http::new();
    pins.into_iter()
        .map(|pin| {
            let prepared = cache
                .prepare(&http, &pin)
                .map_err(|e| format!("{pin}: {e}"))?;
            Ok((pin, prepared.dir))
        })
        .collect()
}

pub fn run(list: &Path, cache: Option<PathBuf>) -> ExitCode {
    let pins = match fs::read_to_string(list)
        .map_err(|e| format!("cannot read {}: {e}", list.display()))
        .and_then(|text| parse_list(&text).map_err(|e| format!("{}: {e}", list.display())))
    {
        Ok(pins) => pins,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let Some(cache_root) = cache.or_else(default_cache) else {
        eprintln!("error: no cache folder: set XDG_CACHE_HOME or HOME, or pass --cache DIR");
        return ExitCode::from(2);
    };
    let cache = match Cache::open(&cache_root) {
        Ok(cache) => cache,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let scanner = match RuleSet::embedded(&skill_scan::DETECTORS) {
        Ok(rules) => Scanner::new(rules),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let http = Http::new();
    let started = Instant::now();
    let mut scanned = Vec::new();
    let mut failures: Vec<(Pinned, String)> = Vec::new();
    for pin in &pins {
        let prepared = match cache.prepare(&http, pin) {
            Ok(prepared) => prepared,
            Err(e) => {
                eprintln!("error: {pin}: {e}");
                failures.push((pin.clone(), e));
                continue;
            }
        };
        let clock = Instant::now();
        let target = prepared.dir.to_string_lossy().into_owned();
        match scanner.scan_path(&target, &ScanOptions::default()) {
            Ok(report) => scanned.push(Scanned {
                pin: pin.clone(),
                prepared,
                report,
                took: clock.elapsed(),
            }),
            Err(e) => {
                let e = format!("scan failed: {e}");
                eprintln!("error: {pin}: {e}");
                failures.push((pin.clone(), e));
            }
        }
    }

    let mut tallies: BTreeMap<Ecosystem, Tally> = Ecosystem::ALL
        .iter()
        .map(|e| (*e, Tally::default()))
        .collect();
    let mut all = Tally::default();
    for s in &scanned {
        tallies.entry(s.pin.ecosystem).or_default().add(s);
        all.add(s);
    }
    for (pin, _) in &failures {
        tallies.entry(pin.ecosystem).or_default().failed += 1;
        all.failed += 1;
    }

    println!("# Benign registry eval\n");
    println!(
        "{} pinned packages from `{}`; cache `{}`; {:.1} s in all.\n",
        pins.len(),
        list.file_name().map_or_else(
            || list.display().to_string(),
            |n| n.to_string_lossy().into_owned()
        ),
        cache_root.display(),
        started.elapsed().as_secs_f64()
    );
    println!("| ecosystem | scanned | allow | review | block | failed | archives | unpacked | files | scan time |");
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for (ecosystem, tally) in &tallies {
        println!("{}", tally.row(ecosystem.as_str()));
    }
    println!("{}", all.row("**all**"));

    if !failures.is_empty() {
        println!("\n## Not scanned ({})\n", failures.len());
        for (pin, e) in &failures {
            println!("- {pin}: {e}");
        }
    }

    let mut flagged: Vec<&Scanned> = scanned
        .iter()
        .filter(|s| s.report.verdict >= VerdictLevel::Review)
        .collect();
    flagged.sort_by_key(|s| (std::cmp::Reverse(s.report.verdict), s.pin.ecosystem));
    println!("\n## Review and block ({})", flagged.len());
    if flagged.is_empty() {
        println!("\nNone: every scanned package was allowed.");
    }
    for s in &flagged {
        print!("\n{}", explain(s));
    }

    let unpack_notes: Vec<&Scanned> = scanned
        .iter()
        .filter(|s| !s.prepared.unpack_skipped.is_empty())
        .collect();
    if !unpack_notes.is_empty() {
        println!("\n## Archive entries not unpacked\n");
        for s in unpack_notes {
            let skipped = &s.prepared.unpack_skipped;
            let shown: Vec<String> = skipped.iter().take(5).map(|n| format!("`{n}`")).collect();
            println!(
                "- {}: {}{}",
                s.pin,
                shown.join(", "),
                if skipped.len() > 5 {
                    format!(" (+{} more)", skipped.len() - 5)
                } else {
                    String::new()
                }
            );
        }
    }

    let mut not_read: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for s in &scanned {
        for skipped in &s.report.skipped {
            let kind = skipped.reason.split(':').next().unwrap_or_default();
            not_read
                .entry(one_line(kind, 60))
                .or_default()
                .push(format!("{} `{}`", s.pin, skipped.path));
        }
    }
    if !not_read.is_empty() {
        println!("\n## Files the scan did not read, by reason\n");
        for (reason, places) in &not_read {
            let shown: Vec<&str> = places.iter().take(3).map(String::as_str).collect();
            println!(
                "- {reason} ×{}: {}{}",
                places.len(),
                shown.join(", "),
                if places.len() > 3 { ", …" } else { "" }
            );
        }
    }

    if !failures.is_empty() {
        ExitCode::from(2)
    } else if all.block > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA: &str = "26394d0c5a1f1d2b8a7e0c1b6f9e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6";

    #[test]
    fn parses_the_pinned_list() {
        let text = format!(
            "# comment\n{HEADER}\nnpm\treact\t19.3.1\t{SHA}\n\nnpm\t@aws-sdk/client-s3\t3.1.0\t{}\r\npypi\tpython-dateutil\t4.0.0\t{SHA}\n",
            SHA.to_uppercase()
        );
        let rows = parse_list(&text).unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].ecosystem, Ecosystem::Npm);
        assert_eq!(rows[0].name, "react");
        assert_eq!(rows[1].name, "@aws-sdk/client-s3");
        assert_eq!(rows[1].sha256, SHA);
        assert_eq!(rows[1].slug(), "@aws-sdk+client-s3-3.1.0-26394d0c5a1f1d2b");
        assert_eq!(rows[2].ecosystem, Ecosystem::Pypi);
        assert_eq!(rows[2].to_string(), "pypi python-dateutil==4.0.0");
    }

    #[test]
    fn refuses_bad_lists() {
        let bad = |body: &str| parse_list(&format!("{HEADER}\n{body}\n")).unwrap_err();
        assert!(parse_list("npm\treact\t1\tx\n")
            .unwrap_err()
            .contains("header"));
        assert!(parse_list(&format!("{HEADER}\n"))
            .unwrap_err()
            .contains("no packages"));
        assert!(bad(&format!("cargo\tserde\t1.0.0\t{SHA}")).contains("unknown ecosystem"));
        assert!(bad("npm\treact\t1.0.0").contains("4 tab-separated"));
        assert!(bad(&format!("npm react 1.0.0 {SHA}")).contains("4 tab-separated"));
        assert!(bad("npm\treact\t1.0.0\tabc").contains("64 hex"));
        assert!(bad(&format!("npm\t../etc\t1.0.0\t{SHA}")).contains("invalid npm name"));
        assert!(bad(&format!("npm\t@scope/a/b\t1.0.0\t{SHA}")).contains("invalid npm name"));
        assert!(bad(&format!("pypi\t@x/y\t1.0.0\t{SHA}")).contains("invalid pypi name"));
        assert!(bad(&format!("npm\treact\t../1\t{SHA}")).contains("invalid version"));
        assert!(bad(&format!("npm\treact\t1/2\t{SHA}")).contains("invalid version"));
        let twice = format!("npm\treact\t1.0.0\t{SHA}\nnpm\treact\t1.0.0\t{SHA}");
        assert!(bad(&twice).contains("line 3: npm react 1.0.0 is listed twice"));
    }

    #[test]
    fn the_committed_list_parses() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("benign-registry.tsv");
        let rows = parse_list(&fs::read_to_string(path).unwrap()).unwrap();
        let npm = rows
            .iter()
            .filter(|r| r.ecosystem == Ecosystem::Npm)
            .count();
        let pypi = rows.len() - npm;
        assert!(npm >= 60 && pypi >= 30, "npm {npm}, pypi {pypi}");
    }

    #[test]
    fn unpack_records_round_trip() {
        let unpacked = unpack::Unpacked {
            files: 3,
            bytes: 1234,
            skipped: vec!["a: symlink".to_string(), "b: `..` in path".to_string()],
        };
        assert_eq!(parse_done(&format_done(&unpacked)), Some(unpacked));
        assert_eq!(parse_done("garbage"), None);
    }
}
