//! One target in, one [`TargetReport`] out.

use crate::archive_input::is_archive_file;
use crate::binaries::{binary_file_findings, shebang_script_with_binary_data, Sighting};
use crate::policy::Policy;
use crate::terminal::Progress;
use skill_scan_archive::{ArchiveError, Limits as ArchiveLimits};
use skill_scan_classify::{
    classify_file, has_media_extension, language_of, PackageFacts, RootManifests,
};
use skill_scan_model::{Diagnostic, FileKind, Finding, Skipped, TargetReport, VerdictLevel};
use skill_scan_rules::{RuleSet, ScanLimits, SourceFile};
use skill_scan_walk::{
    binary_format, decode_file, decode_text, walk_dir, FileEntry, TextEncoding, WalkError,
    WalkOptions, Walked,
};
use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct ScanOptions {
    pub max_file_size: u64,
    /// The user's configuration, baseline and suppression choices (none by default).
    pub policy: Arc<Policy>,
    /// Told about every file scanned (the command line's progress bar).
    pub progress: Option<Arc<Progress>>,
    /// Limits on archive targets (their `max_file_size` is taken from the field above).
    pub archive: ArchiveLimits,
    /// Caps on parsing and on hits per rule.
    pub limits: ScanLimits,
    /// Wall time one target may take; files not reached by then are listed as skipped and the scan is
    /// marked incomplete (never `allow`). `None`: no budget.
    pub time_budget: Option<Duration>,
}

/// The default per-target time budget: far beyond any real package, short of a stalled CI job.
pub const DEFAULT_TIME_BUDGET: Duration = Duration::from_secs(300);

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            max_file_size: WalkOptions::default().max_file_size,
            policy: Arc::default(),
            progress: None,
            archive: ArchiveLimits::default(),
            limits: ScanLimits::default(),
            time_budget: Some(DEFAULT_TIME_BUDGET),
        }
    }
}

impl ScanOptions {
    /// Every cap in force, for `--verbose`: a user must be able to see what could have cut a scan short.
    pub fn describe_limits(&self) -> String {
        let budget = self
            .time_budget
            .map_or_else(|| "none".to_string(), |b| format!("{} s", b.as_secs_f64()));
        format!(
            "limits: max file size {} bytes (--max-file-size), parse size {} bytes (--max-parse-size), parse time {} ms (--max-parse-time), hits per rule per file {} (--max-hits-per-rule), time budget per target {budget} (--time-budget)",
            self.max_file_size,
            self.limits.max_parse_bytes,
            self.limits.max_parse_time.as_millis(),
            self.limits.max_hits_per_rule,
        )
    }
}

#[derive(Debug)]
pub enum ScanError {
    Walk(WalkError),
    Archive(ArchiveError),
    /// A registry target (`npm:NAME`, `pypi:NAME`) that could not be fetched or verified.
    Registry(String),
}

impl fmt::Display for ScanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScanError::Walk(err) => err.fmt(f),
            ScanError::Archive(err) => err.fmt(f),
            ScanError::Registry(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for ScanError {}

pub struct Scanner {
    rules: RuleSet,
}

impl Scanner {
    pub fn new(rules: RuleSet) -> Scanner {
        Scanner { rules }
    }

    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Scans a folder, or a single file as a one-file package.
    pub fn scan_path(
        &self,
        target: &str,
        options: &ScanOptions,
    ) -> Result<TargetReport, ScanError> {
        let path = Path::new(target);
        let walk_options = WalkOptions {
            max_file_size: options.max_file_size,
        };
        let walked = match walk_dir(path, &walk_options) {
            Ok(walked) => walked,
            Err(WalkError::NotADirectory(_)) => {
                if is_archive_file(path) {
                    return self.scan_archive_file(target, path, options);
                }
                single_file(path, &walk_options).map_err(ScanError::Walk)?
            }
            Err(err) => return Err(ScanError::Walk(err)),
        };
        Ok(self.scan_walked(target, walked, options))
    }

    /// Scans files already listed by a walker.
    pub fn scan_walked(&self, target: &str, walked: Walked, options: &ScanOptions) -> TargetReport {
        self.scan_listed(target, walked, Vec::new(), &|_| Vec::new(), options)
    }

    /// Scans a listing, adding the package-level findings `extra` makes once the package's facts are known
    /// (an archive's issues are placed by the same scope and role as its files). The time budget counts
    /// from here.
    pub(crate) fn scan_listed(
        &self,
        target: &str,
        walked: Walked,
        mut diagnostics: Vec<Diagnostic>,
        extra: &dyn Fn(&PackageFacts) -> Vec<Finding>,
        options: &ScanOptions,
    ) -> TargetReport {
        let deadline = options
            .time_budget
            .map(|budget| (Instant::now() + budget, budget));
        let Walked {
            mut files,
            mut skipped,
        } = walked;
        // Excluded files are listed as skipped, with the config that excluded them; never dropped silently.
        files.retain(|entry| match options.policy.excluded(&entry.rel_path) {
            Some(reason) => {
                skipped.push(Skipped {
                    path: entry.rel_path.clone(),
                    reason,
                });
                false
            }
            None => true,
        });

        if let Some(progress) = &options.progress {
            progress.start_target(target, files.len());
        }

        // Manifests first: they decide which files the installer runs, and so their scope.
        let paths: Vec<&str> = files.iter().map(|f| f.rel_path.as_str()).collect();
        let mut texts: HashMap<String, String> = HashMap::new();
        for wanted in RootManifests::wanted(&paths) {
            let entry = files.iter().find(|f| f.rel_path == wanted);
            if let Some(Ok(decoded)) = entry
                .and_then(|e| e.read(options.max_file_size).ok())
                .map(|b| decode_text(&b))
            {
                texts.insert(wanted, decoded.text);
            }
        }
        let manifests = RootManifests::read(texts.iter().map(|(p, t)| (p.as_str(), t.as_str())));
        diagnostics.extend(manifests.diagnostics.iter().cloned());
        let facts = PackageFacts::from_manifests(&manifests);
        let mut findings = crate::package_names::findings(&self.rules, &manifests, &texts);
        findings.extend(crate::hollow::findings(
            &self.rules,
            &manifests,
            &texts,
            &paths,
        ));
        drop(texts);

        let mut files_scanned = 0;
        let mut out_of_time = 0usize;
        let mut failed = 0usize;
        let package = PackageView {
            facts: &facts,
            paths: files.iter().map(|f| f.rel_path.as_str()).collect(),
        };
        // In parallel, one file per task, each read as it is scanned (an archive's tar stream in one pass,
        // see `feed`); results keep the walker's order, so output stays stable.
        let results = crate::feed::scan_files(&files, options.max_file_size, |entry, bytes| {
            let over_budget = deadline.is_some_and(|(at, _)| Instant::now() >= at);
            let result = if over_budget {
                FileResult::skipped(Read::OutOfTime)
            } else {
                self.scan_file_or_report_a_panic(entry, bytes, &package, options)
            };
            if let Some(progress) = &options.progress {
                progress.file_done();
            }
            (entry, result)
        });
        for (entry, result) in results {
            let FileResult {
                findings: mut file_findings,
                notes,
                read,
            } = result;
            findings.append(&mut file_findings);
            diagnostics.extend(notes.into_iter().map(|message| Diagnostic {
                path: entry.rel_path.clone(),
                message,
            }));
            match read {
                Read::Scanned => files_scanned += 1,
                Read::Skipped(reason) => skipped.push(Skipped {
                    path: entry.rel_path.clone(),
                    reason,
                }),
                Read::Failed(reason) => {
                    failed += 1;
                    skipped.push(Skipped {
                        path: entry.rel_path.clone(),
                        reason,
                    });
                }
                Read::OutOfTime => {
                    out_of_time += 1;
                    let budget = deadline.map_or(0.0, |(_, budget)| budget.as_secs_f64());
                    skipped.push(Skipped {
                        path: entry.rel_path.clone(),
                        reason: format!(
                            "not scanned: the {budget} s time budget for this target ran out (raise it with --time-budget)"
                        ),
                    });
                }
            }
        }
        let mut gaps = Vec::new();
        if out_of_time > 0 {
            let budget = deadline.map_or(0.0, |(_, budget)| budget.as_secs_f64());
            gaps.push(format!(
                "the {budget} s time budget ran out before {out_of_time} file(s) were scanned; raise it with --time-budget"
            ));
        }
        if failed > 0 {
            gaps.push(format!(
                "skill-scan failed on {failed} file(s) (listed under skipped); please report it"
            ));
        }
        let incomplete = (!gaps.is_empty()).then(|| gaps.join("; "));

        crate::import_graph::mark_imported_modules(
            &files,
            &facts,
            &mut findings,
            options.max_file_size,
        );
        findings.extend(extra(&facts));
        options.policy.adjust(&mut findings);
        findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        for (n, finding) in findings.iter_mut().enumerate() {
            finding.id = format!("f{}", n + 1);
        }
        let (findings, suppressed) = options.policy.suppress(findings);
        skipped.sort();
        diagnostics.sort();
        let verdict = skill_scan_verdict::decide_with(
            &findings,
            &facts.summary,
            options.policy.verdict_policy(),
        );
        // What was not read cannot be vouched for: an incomplete scan is at least a review.
        let level = if incomplete.is_some() {
            verdict.level.max(VerdictLevel::Review)
        } else {
            verdict.level
        };
        TargetReport {
            target: target.to_string(),
            kind: facts.kind,
            verdict: level,
            reasons: verdict.reasons,
            calibration: verdict.calibration,
            package: facts.summary,
            findings,
            suppressed,
            skipped,
            diagnostics,
            files_scanned,
            origin: None,
            incomplete,
        }
    }

    /// [`Scanner::scan_file`], but a bug that panics on one hostile file costs that file (listed as
    /// skipped, the scan marked incomplete), never the whole scan and its verdict.
    fn scan_file_or_report_a_panic(
        &self,
        entry: &FileEntry,
        bytes: Result<Vec<u8>, String>,
        package: &PackageView,
        options: &ScanOptions,
    ) -> FileResult {
        let scan = std::panic::AssertUnwindSafe(|| self.scan_file(entry, bytes, package, options));
        std::panic::catch_unwind(scan).unwrap_or_else(|panic| {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            FileResult::skipped(Read::Failed(format!(
                "not scanned: skill-scan failed on this file (a bug; please report it with the file): {message}"
            )))
        })
    }

    /// Decodes, classifies and scans one file, given what reading it gave.
    fn scan_file(
        &self,
        entry: &FileEntry,
        bytes: Result<Vec<u8>, String>,
        package: &PackageView,
        options: &ScanOptions,
    ) -> FileResult {
        let bytes = match bytes {
            Ok(bytes) => bytes,
            Err(reason) => return FileResult::skipped(Read::Skipped(reason)),
        };
        let rel_path = entry.rel_path.as_str();
        if let Some(format) = binary_format(rel_path, &bytes) {
            let sighting = package.sighting(rel_path, FileKind::Other);
            return FileResult {
                findings: binary_file_findings(&self.rules, format, &sighting, &package.paths),
                notes: Vec::new(),
                read: Read::Skipped(format.skip_reason()),
            };
        }
        let decoded = match decode_file(rel_path, &bytes) {
            Ok(decoded) => decoded,
            Err(reason) => return FileResult::skipped(Read::Skipped(reason)),
        };
        drop(bytes);
        let mut notes = Vec::new();
        match decoded.encoding {
            TextEncoding::Utf8Lossy => {
                notes.push("not valid UTF-8: invalid bytes were replaced before scanning".into())
            }
            TextEncoding::Utf16Le | TextEncoding::Utf16Be => {
                notes.push("UTF-16 text: decoded before scanning".into())
            }
            TextEncoding::Utf8 | TextEncoding::Utf8Bom => {}
        }
        if decoded.nul_bytes > 0 {
            notes.push(format!(
                "holds {} NUL byte(s); scanned as text anyway (a NUL does not stop an interpreter reading what follows)",
                decoded.nul_bytes
            ));
        }
        let text = decoded.text.as_str();
        let kind = classify_file(rel_path, text);
        let sighting = package.sighting(rel_path, kind);
        let mut findings = Vec::new();
        // Latin-1 comments make a script invalid UTF-8 too; only NUL bytes say binary.
        if text.starts_with("#!") && decoded.nul_bytes > 0 {
            findings.extend(shebang_script_with_binary_data(
                &self.rules,
                &sighting,
                text,
            ));
        }
        if has_media_extension(rel_path) && is_code(kind) {
            findings.extend(sighting.report(
                &self.rules,
                "BIN005",
                format!(
                    "named like media but holds {}; scanned as that code",
                    language_of(kind, rel_path)
                ),
                rel_path.rsplit('/').next().unwrap_or(rel_path).to_string(),
            ));
        }
        let file = SourceFile {
            rel_path,
            text,
            kind,
            scope: sighting.scope,
            language: language_of(kind, rel_path),
            role: sighting.role,
            import_entry: package.facts.is_import_entry(rel_path),
        };
        let scan = self.rules.scan_within(&file, &options.limits);
        findings.extend(scan.findings);
        notes.extend(scan.notes);
        FileResult {
            findings,
            notes,
            read: Read::Scanned,
        }
    }
}

fn is_code(kind: FileKind) -> bool {
    matches!(
        kind,
        FileKind::Javascript
            | FileKind::Typescript
            | FileKind::Python
            | FileKind::Shell
            | FileKind::Powershell
    )
}

/// What every file's scan may ask about the package it belongs to.
struct PackageView<'a> {
    facts: &'a PackageFacts,
    /// Every listed path, for checks that look for a sibling (a `.pyc`'s source).
    paths: BTreeSet<&'a str>,
}

impl PackageView<'_> {
    fn sighting(&self, rel_path: &str, kind: FileKind) -> Sighting {
        let scope = self.facts.scope_of(rel_path, kind);
        Sighting {
            path: rel_path.to_string(),
            kind,
            scope,
            role: self.facts.role_of(rel_path, scope),
            package: self.facts.kind,
        }
    }
}

/// One file's outcome: findings and notes (a binary file can have findings yet not be scanned as text).
struct FileResult {
    findings: Vec<Finding>,
    notes: Vec<String>,
    read: Read,
}

enum Read {
    Scanned,
    Skipped(String),
    /// The time budget ran out before the file was reached.
    OutOfTime,
    /// Scanning the file panicked (a bug); the reason says so.
    Failed(String),
}

impl FileResult {
    fn skipped(read: Read) -> FileResult {
        FileResult {
            findings: Vec::new(),
            notes: Vec::new(),
            read,
        }
    }
}

/// A single file given as the target: a package of one file, named by its file name.
fn single_file(path: &Path, options: &WalkOptions) -> Result<Walked, WalkError> {
    let meta = std::fs::metadata(path).map_err(|e| WalkError::Unreadable(path.to_path_buf(), e))?;
    if !meta.is_file() {
        return Err(WalkError::NotADirectory(path.to_path_buf()));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut walked = Walked::default();
    if meta.len() > options.max_file_size {
        walked.skipped.push(Skipped {
            path: name,
            reason: format!(
                "too large: {} bytes, over the {}-byte limit",
                meta.len(),
                options.max_file_size
            ),
        });
    } else {
        walked.files.push(FileEntry::disk(name, path, meta.len()));
    }
    Ok(walked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_vanishes_or_cannot_be_read_is_skipped_with_the_reason() {
        let scanner = Scanner::new(RuleSet::from_packs(Vec::new()).expect("empty rule set"));
        let walked = Walked {
            files: vec![FileEntry::disk("gone.js", "/no/such/dir/gone.js", 3)],
            skipped: Vec::new(),
        };
        let report = scanner.scan_walked("pkg", walked, &ScanOptions::default());
        assert_eq!(report.files_scanned, 0);
        assert_eq!(report.skipped.len(), 1);
        assert!(
            report.skipped[0].reason.starts_with("unreadable:"),
            "{:?}",
            report.skipped
        );
    }
}
