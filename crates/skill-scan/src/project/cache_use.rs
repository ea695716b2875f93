//! The content cache (`skill-scan-cache`) as the scanner uses it: which results are stored, under which
//! key, and how a stored result becomes a report again.
//!
//! Every complete result is stored, allow, review and block alike: the whole report (findings, reasons,
//! calibration, origin) with the parts JSON output leaves out (each finding's rule name, explanation and
//! underline, and the line fingerprints baselines and SARIF use), so a result read back renders exactly as
//! the fresh one did. A result cut short (time budget, limits) is not stored: a second run may finish it.
//! The key holds everything that decides a result: the package's bytes (their sha256, or the hash the
//! lockfile pins), the rule pack, the binary, the user's policy and the scan limits.

use crate::ScanOptions;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use skill_scan_cache::{Cache, Key, Lookup};
use skill_scan_model::{Finding, LineHashes, TargetReport};
use skill_scan_rules::RuleSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

pub(crate) struct ResultCache {
    cache: Cache,
    /// Rule pack, binary, policy and limits, hashed once.
    setup: String,
    pub(crate) hits: AtomicUsize,
    pub(crate) misses: AtomicUsize,
    /// Corrupt entries met (each ignored and removed).
    pub(crate) notes: Mutex<Vec<String>>,
}

/// What is kept of a package's result.
#[derive(Debug, Serialize, Deserialize)]
struct Stored {
    report: TargetReport,
    /// The fields of each finding that JSON output skips, in the order of `report.findings`.
    hidden: Vec<Hidden>,
    /// The same for `report.suppressed`.
    hidden_suppressed: Vec<Hidden>,
    line_hashes: LineHashes,
}

#[derive(Debug, Serialize, Deserialize)]
struct Hidden {
    rule_name: String,
    why: String,
    snippet_highlight: (usize, usize),
}

impl Hidden {
    fn of(finding: &Finding) -> Hidden {
        Hidden {
            rule_name: finding.rule_name.clone(),
            why: finding.why.clone(),
            snippet_highlight: finding.snippet_highlight,
        }
    }

    fn restore(self, finding: &mut Finding) {
        finding.rule_name = self.rule_name;
        finding.why = self.why;
        finding.snippet_highlight = self.snippet_highlight;
    }
}

impl ResultCache {
    pub(crate) fn new(
        cache: Cache,
        rules: &RuleSet,
        options: &ScanOptions,
        policy_digest: &str,
        extra: &str,
    ) -> ResultCache {
        let mut hasher = Sha256::new();
        for rule in &rules.rules {
            hasher.update(format!("{:?}\n", rule.spec).as_bytes());
        }
        let rules_digest = hex(&hasher.finalize());
        let limits = format!(
            "{} {:?} {:?} {:?} {extra}",
            options.max_file_size, options.archive, options.limits, options.time_budget
        );
        let setup = Key::new(&[
            ("rules", &rules_digest),
            ("binary", &build_id()),
            ("policy", policy_digest),
            ("limits", &limits),
        ]);
        ResultCache {
            cache,
            setup: setup.as_str().to_string(),
            hits: AtomicUsize::new(0),
            misses: AtomicUsize::new(0),
            notes: Mutex::new(Vec::new()),
        }
    }

    /// The key of a package whose bytes are named by `content` (`sha256:…` of the archive or folder, or the
    /// hashes a lockfile pins), scanned as `target`.
    pub(crate) fn key(&self, content: &str) -> Key {
        Key::new(&[("setup", &self.setup), ("content", content)])
    }

    /// The stored report for `key`, rebuilt for `target`.
    pub(crate) fn get(&self, key: &Key, target: &str) -> Option<TargetReport> {
        match self.cache.get(key) {
            Lookup::Hit(bytes) => {
                let rebuilt = serde_json::from_slice::<Stored>(&bytes)
                    .map_err(|e| e.to_string())
                    .and_then(|stored| {
                        rebuild(stored, target).ok_or_else(|| {
                            "findings and their details differ in number".to_string()
                        })
                    });
                match rebuilt {
                    Ok(report) => {
                        self.hits.fetch_add(1, Ordering::Relaxed);
                        Some(report)
                    }
                    Err(e) => {
                        self.note(format!("cache entry {}: {e}; scanned again", key.as_str()));
                        None
                    }
                }
            }
            Lookup::Miss => None,
            Lookup::Corrupt(why) => {
                self.note(why);
                None
            }
        }
    }

    /// Counts a package that had to be scanned although the cache was on.
    pub(crate) fn count_miss(&self) {
        self.misses.fetch_add(1, Ordering::Relaxed);
    }

    /// Stores `report` under each of `keys` unless it was cut short (see the module comment).
    pub(crate) fn put(&self, keys: &[Key], report: &TargetReport) {
        if report.incomplete.is_some() {
            return;
        }
        let stored = Stored {
            report: report.clone(),
            hidden: report.findings.iter().map(Hidden::of).collect(),
            hidden_suppressed: report
                .suppressed
                .iter()
                .map(|s| Hidden::of(&s.finding))
                .collect(),
            line_hashes: report.line_hashes.clone(),
        };
        let Ok(bytes) = serde_json::to_vec(&stored) else {
            return;
        };
        for key in keys {
            if let Err(e) = self.cache.put(key, &bytes) {
                self.note(e.to_string());
                return;
            }
        }
    }

    pub(crate) fn dir(&self) -> &std::path::Path {
        self.cache.dir()
    }

    pub(crate) fn note(&self, message: String) {
        if let Ok(mut notes) = self.notes.lock() {
            notes.push(message);
        }
    }

    /// Keeps the folder under its bound; called once a run is over.
    pub(crate) fn finish(&self) {
        if let Err(e) = self.cache.prune() {
            self.note(e.to_string());
        }
    }
}

/// The stored report as `target`, with the parts JSON leaves out put back; `None` when the entry does not
/// hold one of them for each finding (a damaged entry is scanned again).
fn rebuild(stored: Stored, target: &str) -> Option<TargetReport> {
    let Stored {
        mut report,
        hidden,
        hidden_suppressed,
        line_hashes,
    } = stored;
    if hidden.len() != report.findings.len() || hidden_suppressed.len() != report.suppressed.len() {
        return None;
    }
    for (finding, hidden) in report.findings.iter_mut().zip(hidden) {
        hidden.restore(finding);
    }
    for (suppressed, hidden) in report.suppressed.iter_mut().zip(hidden_suppressed) {
        hidden.restore(&mut suppressed.finding);
    }
    report.target = target.to_string();
    report.line_hashes = line_hashes;
    Some(report)
}

/// The binary's version plus its size and modification time, so a rebuilt binary (new detectors, same
/// version number) does not read results of the old one.
fn build_id() -> String {
    let exe = std::env::current_exe()
        .ok()
        .and_then(|path| std::fs::metadata(path).ok())
        .map(|meta| {
            let modified = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{}:{modified}", meta.len())
        })
        .unwrap_or_default();
    format!("{} {exe}", env!("CARGO_PKG_VERSION"))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
