//! One target in, one [`TargetReport`] out.

use crate::archive_input::is_archive_file;
use crate::policy::Policy;
use crate::terminal::Progress;
use skill_scan_archive::{ArchiveError, Limits as ArchiveLimits};
use skill_scan_classify::{
    classify_file, has_media_extension, language_of, PackageFacts, RootManifests,
};
use skill_scan_detectors::code_loads;
use skill_scan_detectors::package::binaries::{
    binary_file_findings, shebang_script_with_binary_data, BinaryFile,
};
use skill_scan_detectors::package::loaded_files::LoadSite;
use skill_scan_detectors::package::{
    called_only, cross_file_constants, cross_module_flows, declared_tools, import_graph,
    import_links, loaded_files, PackageView,
};
use skill_scan_model::{
    Diagnostic, FileKind, Finding, Language, LineHashes, LineIndex, PackageCheckKind, Skipped,
    TargetReport, VerdictLevel,
};
use skill_scan_registry::RegistryError;
use skill_scan_rules::{RuleSet, ScanLimits, SourceFile};
use skill_scan_walk::{
    binary_format, decode_file, decode_text, read_by_installer, walk_dir, walk_single_file,
    BinaryFormat, FileEntry, TextEncoding, WalkError, WalkOptions, Walked,
};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A rescan of a package's entry files (`package::cross_file_constants`, `package::cross_module_flows`):
/// the findings only it makes, and the line hashes of their lines.
type EntryRescan = fn(
    &RuleSet,
    &[FileEntry],
    &PackageView,
    &[Finding],
    u64,
    &ScanLimits,
) -> (Vec<Finding>, LineHashes);

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
    Registry(RegistryError),
}

impl fmt::Display for ScanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScanError::Walk(err) => err.fmt(f),
            ScanError::Archive(err) => err.fmt(f),
            ScanError::Registry(err) => err.fmt(f),
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
                walk_single_file(path, &walk_options).map_err(ScanError::Walk)?
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
    /// from here. The stages, in order, as the README draws them: walk (the listing, less what the
    /// configuration excludes), classify (root manifests: the package's kind, each file's scope and role),
    /// rules (every file, in parallel), package detectors (the package as a whole), then group →
    /// calibrate → compounds → verdict ([`skill_scan_verdict::decide_with`]); rendering is the caller's.
    pub(crate) fn scan_listed(
        &self,
        target: &str,
        walked: Walked,
        diagnostics: Vec<Diagnostic>,
        extra: &dyn Fn(&PackageFacts) -> Vec<Finding>,
        options: &ScanOptions,
    ) -> TargetReport {
        let deadline = options
            .time_budget
            .map(|budget| (Instant::now() + budget, budget));
        let listing = Listing::walk(walked, &options.policy);
        if let Some(progress) = &options.progress {
            progress.start_target(target, listing.files.len());
        }
        let mut classified = self.classify(&listing.files, options);
        let mut diagnostics = diagnostics;
        diagnostics.append(&mut classified.diagnostics);
        let package = PackageView::new(
            &classified.facts,
            listing.files.iter().map(|f| f.rel_path.as_str()).collect(),
        );
        let mut scanned = self.run_rules(&listing.files, &package, deadline, options);
        scanned.diagnostics.append(&mut diagnostics);
        // The manifests' findings first, as they were found first.
        scanned.findings.splice(0..0, classified.findings);
        classified
            .line_hashes
            .merge(std::mem::take(&mut scanned.line_hashes));
        scanned.line_hashes = classified.line_hashes;
        let incomplete =
            self.package_detectors(&listing, &package, &mut scanned, deadline, options);
        let mut findings = std::mem::take(&mut scanned.findings);
        findings.extend(extra(&classified.facts));
        findings.extend(declared_tools::findings(
            &self.rules,
            classified.declared_tools.as_ref(),
            &classified.facts.summary.allowed_tools,
            &findings,
        ));
        let mut skipped = listing.skipped;
        skipped.append(&mut scanned.skipped);
        verdict(
            target,
            Judged {
                facts: classified.facts,
                findings,
                skipped,
                diagnostics: scanned.diagnostics,
                files_scanned: scanned.files_scanned,
                incomplete,
                line_hashes: scanned.line_hashes,
            },
            options,
        )
    }

    /// Classify: the root manifests, read first because they decide which files the installer runs (and
    /// so every file's scope), and the package detectors that need only them (names, hollow packages).
    fn classify(&self, files: &[FileEntry], options: &ScanOptions) -> Classified {
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
            // A manifest that cannot be read (it vanished, or was swapped for a pipe) is caught as the
            // file's own read fails below.
        }
        let manifests = RootManifests::read(texts.iter().map(|(p, t)| (p.as_str(), t.as_str())));
        let mut facts = PackageFacts::from_manifests(&manifests);
        let named = named_by_entrypoints(files, &paths, options);
        facts.adopted_ci = named.adopted_ci;
        facts.followed_documents = named.followed_documents;
        let mut findings =
            skill_scan_detectors::package::names::findings(&self.rules, &manifests, &texts);
        let mut line_hashes = LineHashes::default();
        for finding in &findings {
            if let Some(text) = texts.get(&finding.path) {
                line_hashes.add(&finding.path, text, [finding.line]);
            }
        }
        findings.extend(skill_scan_detectors::package::hollow::findings(
            &self.rules,
            &manifests,
            &texts,
            &paths,
        ));
        Classified {
            declared_tools: declared_tools::declaration(&texts),
            diagnostics: manifests.diagnostics.clone(),
            facts,
            findings,
            line_hashes,
        }
    }

    /// Rules: every file, in parallel, one file per task, each read as it is scanned (an archive's tar
    /// stream in one pass, see `feed`); results keep the walker's order, so output stays stable.
    fn run_rules(
        &self,
        files: &[FileEntry],
        package: &PackageView,
        deadline: Option<(Instant, Duration)>,
        options: &ScanOptions,
    ) -> Scanned {
        let limits = ScanLimits {
            deadline: deadline.map(|(at, _)| at),
            ..options.limits
        };
        let results = crate::feed::scan_files(files, options.max_file_size, |entry, bytes| {
            let over_budget = deadline.is_some_and(|(at, _)| Instant::now() >= at);
            let result = if over_budget {
                FileResult::skipped(Read::OutOfTime)
            } else {
                self.scan_file_or_report_a_panic(entry, bytes, package, &limits)
            };
            if let Some(progress) = &options.progress {
                progress.file_done();
            }
            (entry, result)
        });
        let mut scanned = Scanned::default();
        for (entry, result) in results {
            let FileResult {
                findings: mut file_findings,
                notes,
                read,
                line_hashes: file_hashes,
                loads: mut file_loads,
                gaps,
            } = result;
            scanned.loads.append(&mut file_loads);
            scanned.findings.append(&mut file_findings);
            scanned.line_hashes.merge(file_hashes);
            if let Some(gap) = gaps.into_iter().next() {
                scanned.not_analysed.push((entry.rel_path.clone(), gap));
            }
            scanned
                .diagnostics
                .extend(notes.into_iter().map(|message| Diagnostic {
                    path: entry.rel_path.clone(),
                    message,
                }));
            match read {
                Read::Scanned => scanned.files_scanned += 1,
                Read::Skipped(reason) => scanned.skipped.push(Skipped {
                    path: entry.rel_path.clone(),
                    reason,
                }),
                Read::Unread(reason) => {
                    scanned.unread.push(entry.rel_path.clone());
                    scanned.skipped.push(Skipped {
                        path: entry.rel_path.clone(),
                        reason,
                    });
                }
                Read::Failed(reason) => {
                    scanned.failed += 1;
                    scanned.skipped.push(Skipped {
                        path: entry.rel_path.clone(),
                        reason,
                    });
                }
                Read::OutOfTime => {
                    scanned.out_of_time += 1;
                    let budget = deadline.map_or(0.0, |(_, budget)| budget.as_secs_f64());
                    scanned.skipped.push(Skipped {
                        path: entry.rel_path.clone(),
                        reason: format!(
                            "not scanned: the {budget} s time budget for this target ran out (raise it with --time-budget)"
                        ),
                    });
                }
            }
        }
        scanned
    }

    /// Package detectors over the whole package once every file is scanned: a native-addon main too large
    /// to read, files run as code under a data name (rescanned as that code), and what runs on import
    /// (the import graph marks the findings it reaches). Returns why the scan is incomplete, if it is.
    fn package_detectors(
        &self,
        listing: &Listing,
        package: &PackageView,
        scanned: &mut Scanned,
        deadline: Option<(Instant, Duration)>,
        options: &ScanOptions,
    ) -> Option<String> {
        let facts = package.facts;
        let findings = &mut scanned.findings;
        let mut gaps = Vec::new();
        if scanned.out_of_time > 0 {
            let budget = deadline.map_or(0.0, |(_, budget)| budget.as_secs_f64());
            gaps.push(format!(
                "the {budget} s time budget ran out before {} file(s) were scanned; raise it with --time-budget",
                scanned.out_of_time
            ));
        }
        let mut unread: Vec<&String> = listing.unreadable.iter().collect();
        unread.extend(scanned.unread.iter());
        if let Some(first) = unread.first() {
            gaps.push(format!(
                "{} file(s) or folder(s) could not be read (first, {first}; listed under skipped)",
                unread.len()
            ));
        }
        // What the installer or the agent reads is never passed over for size, except a native addon that is
        // the package's main: Node only ever dlopens it, so it is an opaque binary however much of it is
        // read, and the binary rules judge it as one (a platform-binary package is not a gap).
        let (native_mains, run_by_installer): (Vec<&String>, Vec<&String>) = listing
            .too_large
            .iter()
            .filter(|path| {
                read_by_installer(path)
                    || facts.install_script_paths.contains(path.as_str())
                    || facts.npm_main.as_deref() == Some(path.as_str())
            })
            .partition(|path| {
                facts.npm_main.as_deref() == Some(path.as_str())
                    && skill_scan_detectors::package::binaries::is_native_addon(path)
            });
        for path in native_mains {
            let sighting = package.sighting(path, FileKind::Other);
            findings.extend(skill_scan_detectors::package::binaries::native_addon_main(
                &self.rules,
                &sighting,
            ));
        }
        if let Some(first) = run_by_installer.first() {
            gaps.push(format!(
                "{} file(s) that the installer or the agent reads were too large to scan (first, {first}); raise the limit with --max-file-size",
                run_by_installer.len()
            ));
        }
        if let Some((path, gap)) = scanned.not_analysed.first() {
            gaps.push(format!(
                "{} file(s) were not analysed in full (first, {path}: {gap})",
                scanned.not_analysed.len()
            ));
        }
        if scanned.failed > 0 {
            gaps.push(format!(
                "skill-scan failed on {} file(s) (listed under skipped); please report it",
                scanned.failed
            ));
        }

        // Files the package runs as code under a data name are scanned again as that code.
        let (loaded, loaded_hashes) = loaded_files::scan_loaded_files(
            &self.rules,
            &listing.files,
            package,
            std::mem::take(&mut scanned.loads),
            findings,
            options.max_file_size,
            &options.limits,
        );
        findings.extend(loaded);
        scanned.line_hashes.merge(loaded_hashes);
        // Entry files are scanned again with the constants they import from the package's own modules,
        // then with the modules they import inlined (flows through them); each sees what came before.
        // Scripts reading a shipped file into a code sink are scanned again with its text inlined.
        let entry_rescans: [EntryRescan; 3] = [
            cross_file_constants::scan_with_imported_constants,
            cross_module_flows::scan_with_inlined_modules,
            skill_scan_detectors::package::shipped_reads::scan_with_shipped_reads,
        ];
        for rescan in entry_rescans {
            let (found, hashes) = rescan(
                &self.rules,
                &listing.files,
                package,
                findings,
                options.max_file_size,
                &options.limits,
            );
            findings.extend(found);
            scanned.line_hashes.merge(hashes);
        }
        import_graph::mark_imported_modules(&listing.files, facts, findings, options.max_file_size);
        called_only::mark_called_only(&listing.files, findings, options.max_file_size);
        import_links::link_imported_evidence(&listing.files, findings, options.max_file_size);
        (!gaps.is_empty()).then(|| gaps.join("; "))
    }

    /// [`Scanner::scan_file`], but a bug that panics on one hostile file costs that file (listed as
    /// skipped, the scan marked incomplete), never the whole scan and its verdict.
    fn scan_file_or_report_a_panic(
        &self,
        entry: &FileEntry,
        bytes: Result<Vec<u8>, String>,
        package: &PackageView,
        limits: &ScanLimits,
    ) -> FileResult {
        let scan = std::panic::AssertUnwindSafe(|| self.scan_file(entry, bytes, package, limits));
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

    /// The string constants and names of a compiled Python file, scanned as Python (see
    /// `skill_scan_detectors::compiled_python_strings`).
    fn scan_compiled_python(
        &self,
        rel_path: &str,
        bytes: &[u8],
        package: &PackageView,
        limits: &ScanLimits,
        findings: &mut Vec<Finding>,
        notes: &mut Vec<String>,
    ) {
        let Some(strings) = skill_scan_detectors::compiled_python_strings(bytes) else {
            return;
        };
        let sighting = package.sighting(rel_path, FileKind::Python);
        let file = SourceFile {
            rel_path,
            text: &strings,
            kind: FileKind::Python,
            scope: sighting.scope,
            language: Language::Python,
            role: sighting.role,
            import_entry: false,
        };
        let scan = self.rules.scan_within(&file, limits);
        findings.extend(scan.findings);
        notes.push(
            "compiled Python: the string constants and names of its code objects were scanned (line numbers count their list)"
                .into(),
        );
    }

    /// Decodes, classifies and scans one file, given what reading it gave.
    fn scan_file(
        &self,
        entry: &FileEntry,
        bytes: Result<Vec<u8>, String>,
        package: &PackageView,
        limits: &ScanLimits,
    ) -> FileResult {
        let bytes = match bytes {
            Ok(bytes) => bytes,
            Err(reason) => return FileResult::skipped(Read::Unread(reason)),
        };
        let rel_path = entry.rel_path.as_str();
        if let Some(format) = binary_format(rel_path, &bytes) {
            let sighting = package.sighting(rel_path, FileKind::Other);
            let file = if format.is_executable() {
                BinaryFile::Executable
            } else if format == BinaryFormat::PythonBytecode {
                BinaryFile::PythonBytecode
            } else {
                BinaryFile::Other
            };
            let mut findings = binary_file_findings(
                &self.rules,
                file,
                format.describe(),
                &sighting,
                &package.paths,
            );
            let mut notes = Vec::new();
            if file == BinaryFile::PythonBytecode {
                self.scan_compiled_python(
                    rel_path,
                    &bytes,
                    package,
                    limits,
                    &mut findings,
                    &mut notes,
                );
            }
            return FileResult {
                line_hashes: hash_lines(rel_path, &String::from_utf8_lossy(&bytes), &findings),
                findings,
                notes,
                read: Read::Skipped(format.skip_reason()),
                loads: Vec::new(),
                gaps: Vec::new(),
            };
        }
        let decoded = match decode_file(rel_path, &bytes) {
            Ok(decoded) => decoded,
            Err(reason) => return FileResult::skipped(Read::Skipped(reason)),
        };
        // GitHub fingerprints the file as UTF-8 (a BOM is a character of line 1); for UTF-8 that is the
        // decoded text, so only a UTF-16 file keeps its bytes for the hashes.
        let utf16_bytes = matches!(
            decoded.encoding,
            TextEncoding::Utf16Le | TextEncoding::Utf16Be
        )
        .then_some(bytes);
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
        let kind = package
            .facts
            .kind_of(rel_path, classify_file(rel_path, text));
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
                PackageCheckKind::CodeDisguisedAsMedia,
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
        let scan = self.rules.scan_within(&file, limits);
        findings.extend(scan.findings);
        notes.extend(scan.notes);
        let as_github_reads_it: std::borrow::Cow<str> = match (&utf16_bytes, decoded.encoding) {
            (Some(bytes), _) => String::from_utf8_lossy(bytes),
            (None, TextEncoding::Utf8Bom) => format!("\u{feff}{text}").into(),
            (None, _) => text.into(),
        };
        let found = code_loads(text, file.language);
        let loads = if found.is_empty() {
            Vec::new()
        } else {
            let lines = LineIndex::new(text);
            found
                .into_iter()
                .map(|load| LoadSite {
                    loader: rel_path.to_string(),
                    line: lines.position(text, load.at).0,
                    load,
                })
                .collect()
        };
        FileResult {
            line_hashes: hash_lines(rel_path, &as_github_reads_it, &findings),
            findings,
            notes,
            read: Read::Scanned,
            loads,
            gaps: if package.serves_to_a_browser(rel_path, file.language, file.scope) {
                Vec::new()
            } else {
                scan.gaps
            },
        }
    }
}

/// The line hashes of one file's text for line 1 and every line `findings` start on.
fn hash_lines(rel_path: &str, text: &str, findings: &[Finding]) -> LineHashes {
    let mut hashes = LineHashes::default();
    hashes.add(
        rel_path,
        text,
        std::iter::once(1).chain(findings.iter().map(|f| f.line)),
    );
    hashes
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

/// Group → calibrate → compounds → verdict, after the user's policy has adjusted, numbered and suppressed
/// the findings; what was not read cannot be vouched for, so an incomplete scan is at least a review.
fn verdict(target: &str, judged: Judged, options: &ScanOptions) -> TargetReport {
    let Judged {
        facts,
        mut findings,
        mut skipped,
        mut diagnostics,
        files_scanned,
        incomplete,
        line_hashes,
    } = judged;
    options.policy.adjust(&mut findings);
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    for (n, finding) in findings.iter_mut().enumerate() {
        finding.id = format!("f{}", n + 1);
    }
    let (findings, suppressed) = options.policy.suppress(findings);
    skipped.sort();
    diagnostics.sort();
    let mut verdict =
        skill_scan_verdict::decide_with(&findings, &facts.summary, options.policy.verdict_policy());
    options.policy.floor(&mut verdict, &findings);
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
        line_hashes,
    }
}

/// Walk: the files a walker listed, less what the user's configuration excludes (listed as skipped, with
/// the config that excluded them; never dropped silently).
struct Listing {
    files: Vec<FileEntry>,
    skipped: Vec<Skipped>,
    unreadable: Vec<String>,
    too_large: Vec<String>,
}

impl Listing {
    fn walk(walked: Walked, policy: &Policy) -> Listing {
        let Walked {
            mut files,
            mut skipped,
            unreadable,
            too_large,
        } = walked;
        files.retain(|entry| match policy.excluded(&entry.rel_path) {
            Some(reason) => {
                skipped.push(Skipped {
                    path: entry.rel_path.clone(),
                    reason,
                });
                false
            }
            None => true,
        });
        Listing {
            files,
            skipped,
            unreadable,
            too_large,
        }
    }
}

/// What classifying the package gives: its facts, what reading its manifests noted, the package
/// detectors' findings on them (with their lines' hashes), and where a skill declares its tools.
struct Classified {
    facts: PackageFacts,
    diagnostics: Vec<Diagnostic>,
    findings: Vec<Finding>,
    line_hashes: LineHashes,
    declared_tools: Option<declared_tools::Declaration>,
}

/// What the rules stage gives over all files.
#[derive(Default)]
struct Scanned {
    findings: Vec<Finding>,
    line_hashes: LineHashes,
    diagnostics: Vec<Diagnostic>,
    skipped: Vec<Skipped>,
    files_scanned: usize,
    /// Files that could not be read (vanished, swapped), out of time, or whose scan failed.
    unread: Vec<String>,
    out_of_time: usize,
    failed: usize,
    /// Files read but not analysed in full, with the first reason each.
    not_analysed: Vec<(String, String)>,
    /// Files the scanned code loads and runs, for the loaded-code pass.
    loads: Vec<LoadSite>,
}

/// Everything the verdict stage weighs and the report carries.
struct Judged {
    facts: PackageFacts,
    findings: Vec<Finding>,
    skipped: Vec<Skipped>,
    diagnostics: Vec<Diagnostic>,
    files_scanned: usize,
    incomplete: Option<String>,
    line_hashes: LineHashes,
}

/// One file's outcome: findings and notes (a binary file can have findings yet not be scanned as text).
struct FileResult {
    findings: Vec<Finding>,
    notes: Vec<String>,
    read: Read,
    /// GitHub's fingerprints of the lines the findings start on, and of line 1 (where package-level
    /// findings about the file point), hashed while the bytes are in memory.
    line_hashes: LineHashes,
    /// Files this one loads and runs as code, for the loaded-code pass.
    loads: Vec<LoadSite>,
    /// Why the file, though read, was not analysed as an ordinary file is (each also a note).
    gaps: Vec<String>,
}

enum Read {
    Scanned,
    /// Passed over on purpose (a binary file, with findings of its own).
    Skipped(String),
    /// Could not be read (vanished, swapped for a pipe or a link, unreadable): a gap in the scan.
    Unread(String),
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
            line_hashes: LineHashes::default(),
            loads: Vec::new(),
            gaps: Vec::new(),
        }
    }
}

/// Agent instruction files read for the files they name: a skills collection has one per skill, and past
/// this many the rest keep their CI weighed as CI and their documents as documentation.
const MAX_ADOPTING_ENTRYPOINTS: usize = 256;

/// Documents followed per package, and how many links deep from a skill's SKILL.md.
const MAX_FOLLOWED_DOCUMENTS: usize = 256;
const MAX_FOLLOW_DEPTH: usize = 3;

/// Files the package's agent entrypoints put to work, each entrypoint read once.
#[derive(Default)]
struct NamedByEntrypoints {
    /// CI files that SKILL.md, AGENTS.md, … name: the agent is told to put them to work in the user's
    /// repository, so they are weighed as source, not as the package's own CI.
    adopted_ci: BTreeSet<String>,
    /// Documents a skill's SKILL.md tells the agent to carry out, and those they point to in turn (a few
    /// links deep): the agent reads them as the skill's own instructions.
    followed_documents: BTreeSet<String>,
}

fn named_by_entrypoints(
    files: &[FileEntry],
    paths: &[&str],
    options: &ScanOptions,
) -> NamedByEntrypoints {
    let mut named = NamedByEntrypoints::default();
    let any_ci = paths.iter().any(|p| skill_scan_classify::is_ci_path(p));
    let any_document = paths
        .iter()
        .any(|p| skill_scan_classify::is_document_path(p));
    if !any_ci && !any_document {
        return named;
    }
    let known: HashSet<&str> = paths.iter().copied().collect();
    // An entrypoint or document that cannot be read is reported when its own scan fails.
    let text_of =
        |entry: &FileEntry| match entry.read(options.max_file_size).map(|b| decode_text(&b)) {
            Ok(Ok(decoded)) => Some(decoded.text),
            _ => None,
        };
    let mut frontier: Vec<(&FileEntry, String)> = Vec::new();
    // Counted apart: the first entrypoints for CI, the first SKILL.md files for documents.
    let (mut adopting, mut skills) = (0, 0);
    for entry in files {
        let kind = classify_file(&entry.rel_path, "");
        let adopts = any_ci
            && adopting < MAX_ADOPTING_ENTRYPOINTS
            && matches!(kind, FileKind::SkillManifest | FileKind::AgentInstructions);
        let follows =
            any_document && skills < MAX_ADOPTING_ENTRYPOINTS && kind == FileKind::SkillManifest;
        adopting += usize::from(adopts);
        skills += usize::from(follows);
        if !(adopts || follows) {
            continue;
        }
        let Some(text) = text_of(entry) else {
            continue;
        };
        if adopts {
            named
                .adopted_ci
                .extend(skill_scan_classify::adopted_ci_files(
                    &entry.rel_path,
                    &text,
                    &known,
                ));
        }
        if follows {
            frontier.push((entry, text));
        }
    }
    let by_path: HashMap<&str, &FileEntry> =
        files.iter().map(|f| (f.rel_path.as_str(), f)).collect();
    for _ in 0..MAX_FOLLOW_DEPTH {
        let mut next = Vec::new();
        for (entry, text) in &frontier {
            for path in skill_scan_classify::followed_documents(&entry.rel_path, text, &known) {
                if named.followed_documents.len() >= MAX_FOLLOWED_DOCUMENTS {
                    return named;
                }
                let is_entrypoint = matches!(
                    classify_file(&path, ""),
                    FileKind::SkillManifest | FileKind::AgentInstructions
                );
                if !is_entrypoint && named.followed_documents.insert(path.clone()) {
                    let document = by_path.get(path.as_str()).copied();
                    next.extend(document.and_then(|d| Some((d, text_of(d)?))));
                }
            }
        }
        if next.is_empty() {
            break;
        }
        frontier = next;
    }
    named
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_vanishes_or_cannot_be_read_is_skipped_with_the_reason() {
        let scanner = Scanner::new(
            RuleSet::from_packs(Vec::new(), &skill_scan_detectors::DETECTORS)
                .expect("empty rule set"),
        );
        let walked = Walked {
            files: vec![FileEntry::disk("gone.js", "/no/such/dir/gone.js", 3)],
            ..Walked::default()
        };
        let report = scanner.scan_walked("pkg", walked, &ScanOptions::default());
        assert_eq!(report.files_scanned, 0);
        assert_eq!(report.skipped.len(), 1);
        assert!(
            report.skipped[0].reason.starts_with("unreadable:"),
            "{:?}",
            report.skipped
        );
        assert!(report
            .incomplete
            .is_some_and(|why| why.contains("could not be read")));
        assert_eq!(report.verdict, VerdictLevel::Review);
    }

    /// A listed file swapped, after the walk, for a FIFO (which would block `open()` for ever) or for a link
    /// to a file outside the package (which would be read under the package's name).
    #[cfg(unix)]
    #[test]
    fn a_file_swapped_for_a_pipe_or_a_link_after_the_walk_is_not_read() {
        let outside = tempfile::tempdir().expect("tempdir");
        std::fs::write(outside.path().join("secret.js"), "eval(atob(x))").expect("write");
        let dir = tempfile::tempdir().expect("tempdir");
        let fifo = dir.path().join("a.js");
        let name = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).expect("path");
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        let link = dir.path().join("b.js");
        std::os::unix::fs::symlink(outside.path().join("secret.js"), &link).expect("link");
        let scanner = Scanner::new(
            RuleSet::from_packs(Vec::new(), &skill_scan_detectors::DETECTORS)
                .expect("empty rule set"),
        );
        let walked = Walked {
            files: vec![
                FileEntry::disk("a.js", &fifo, 3),
                FileEntry::disk("b.js", &link, 13),
            ],
            ..Walked::default()
        };
        let started = Instant::now();
        let report = scanner.scan_walked("pkg", walked, &ScanOptions::default());
        assert!(started.elapsed() < Duration::from_secs(10));
        assert_eq!(report.files_scanned, 0);
        let reasons: Vec<&str> = report.skipped.iter().map(|s| s.reason.as_str()).collect();
        assert!(
            reasons[0].contains("no longer a regular file"),
            "{reasons:?}"
        );
        assert!(reasons[1].contains("symbolic link"), "{reasons:?}");
        assert!(report
            .incomplete
            .is_some_and(|why| why.contains("2 file(s)")));
    }
}
