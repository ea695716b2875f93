//! The content cache (`skill-scan-cache`) as the scanner uses it: which results are stored, under which
//! key, and how a stored result becomes a report again.
//!
//! Only `allow` results are stored. A package at review or block is scanned again every time, so its
//! findings are always shown in full and never from a summary; the packages a project has hundreds of are
//! the allowed ones, and those are what a second scan skips. The key holds everything that decides a
//! result: the package's bytes (their sha256, or the hash the lockfile pins), the rule pack, the binary, the
//! user's policy and the scan limits.

use crate::ScanOptions;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use skill_scan_cache::{Cache, Key, Lookup};
use skill_scan_model::{
    Origin, PackageKind, PackageSummary, RegistryOrigin, TargetReport, VerdictLevel,
};
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

/// What is kept of an allowed package.
#[derive(Debug, Serialize, Deserialize)]
struct Stored {
    kind: PackageKind,
    files_scanned: usize,
    name: Option<String>,
    version: Option<String>,
    archive: Option<String>,
    sha256: Option<String>,
    size: Option<u64>,
    registry: Option<StoredRegistry>,
}

#[derive(Debug, Serialize, Deserialize)]
struct StoredRegistry {
    ecosystem: String,
    name: String,
    version: String,
    url: String,
    verified: String,
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
            Lookup::Hit(bytes) => match serde_json::from_slice::<Stored>(&bytes) {
                Ok(stored) => {
                    self.hits.fetch_add(1, Ordering::Relaxed);
                    Some(rebuild(stored, target))
                }
                Err(e) => {
                    self.note(format!("cache entry {}: {e}; scanned again", key.as_str()));
                    None
                }
            },
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

    /// Stores `report` under each of `keys` when it is `allow` (see the module comment).
    pub(crate) fn put(&self, keys: &[Key], report: &TargetReport) {
        if report.verdict != VerdictLevel::Allow || report.incomplete.is_some() {
            return;
        }
        let origin = report.origin.as_ref();
        let stored = Stored {
            kind: report.kind,
            files_scanned: report.files_scanned,
            name: report.package.name.clone(),
            version: report.package.version.clone(),
            archive: origin.map(|o| o.archive.clone()),
            sha256: origin.map(|o| o.sha256.clone()),
            size: origin.map(|o| o.size),
            registry: origin
                .and_then(|o| o.registry.as_ref())
                .map(|r| StoredRegistry {
                    ecosystem: r.ecosystem.clone(),
                    name: r.name.clone(),
                    version: r.version.clone(),
                    url: r.url.clone(),
                    verified: r.verified.clone(),
                }),
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

fn rebuild(stored: Stored, target: &str) -> TargetReport {
    let origin = stored.archive.map(|archive| Origin {
        archive,
        sha256: stored.sha256.unwrap_or_default(),
        size: stored.size.unwrap_or(0),
        stripped_prefix: None,
        registry: stored.registry.map(|r| RegistryOrigin {
            ecosystem: r.ecosystem,
            name: r.name,
            version: r.version,
            url: r.url,
            verified: r.verified,
            published: None,
            previous: None,
        }),
    });
    TargetReport {
        target: target.to_string(),
        kind: stored.kind,
        verdict: VerdictLevel::Allow,
        reasons: Vec::new(),
        calibration: Vec::new(),
        package: PackageSummary {
            name: stored.name,
            version: stored.version,
            ..PackageSummary::default()
        },
        findings: Vec::new(),
        suppressed: Vec::new(),
        skipped: Vec::new(),
        diagnostics: vec![skill_scan_model::Diagnostic {
            path: String::new(),
            message:
                "allow, from the content cache (same bytes, rules and settings as a previous scan)"
                    .to_string(),
        }],
        files_scanned: stored.files_scanned,
        origin,
        incomplete: None,
        line_hashes: Default::default(),
    }
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
