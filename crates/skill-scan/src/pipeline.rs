//! One target in, one [`TargetReport`] out.

use crate::archive_input::is_archive_file;
use crate::policy::Policy;
use crate::terminal::Progress;
use skill_scan_archive::{ArchiveError, Limits as ArchiveLimits};
use skill_scan_classify::{classify_file, language_of, PackageFacts, RootManifests};
use skill_scan_model::{Diagnostic, Finding, Skipped, TargetReport};
use skill_scan_rules::{RuleSet, SourceFile};
use skill_scan_walk::{
    decode_text, walk_dir, FileEntry, TextEncoding, WalkError, WalkOptions, Walked,
};
use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct ScanOptions {
    pub max_file_size: u64,
    /// The user's configuration, baseline and suppression choices (none by default).
    pub policy: Arc<Policy>,
    /// Told about every file scanned (the command line's progress bar).
    pub progress: Option<Arc<Progress>>,
    /// Limits on archive targets (their `max_file_size` is taken from the field above).
    pub archive: ArchiveLimits,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            max_file_size: WalkOptions::default().max_file_size,
            policy: Arc::default(),
            progress: None,
            archive: ArchiveLimits::default(),
        }
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
    /// (an archive's issues are placed by the same scope and role as its files).
    pub(crate) fn scan_listed(
        &self,
        target: &str,
        walked: Walked,
        mut diagnostics: Vec<Diagnostic>,
        extra: &dyn Fn(&PackageFacts) -> Vec<Finding>,
        options: &ScanOptions,
    ) -> TargetReport {
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
        drop(texts);

        let mut files_scanned = 0;
        // In parallel, one file per task, each read as it is scanned (an archive's tar stream in one pass,
        // see `feed`); results keep the walker's order, so output stays stable.
        let results = crate::feed::scan_files(&files, options.max_file_size, |entry, bytes| {
            let result = self.scan_file(entry, bytes, &facts);
            if let Some(progress) = &options.progress {
                progress.file_done();
            }
            (entry, result)
        });
        for (entry, result) in results {
            match result {
                Ok((mut file_findings, notes)) => {
                    files_scanned += 1;
                    findings.append(&mut file_findings);
                    diagnostics.extend(notes.into_iter().map(|message| Diagnostic {
                        path: entry.rel_path.clone(),
                        message,
                    }));
                }
                Err(reason) => skipped.push(Skipped {
                    path: entry.rel_path.clone(),
                    reason,
                }),
            }
        }

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
        TargetReport {
            target: target.to_string(),
            kind: facts.kind,
            verdict: verdict.level,
            reasons: verdict.reasons,
            calibration: verdict.calibration,
            package: facts.summary,
            findings,
            suppressed,
            skipped,
            diagnostics,
            files_scanned,
            origin: None,
        }
    }

    /// Decodes, classifies and scans one file, given what reading it gave. `Err` is the reason it was
    /// skipped.
    fn scan_file(
        &self,
        entry: &FileEntry,
        bytes: Result<Vec<u8>, String>,
        facts: &PackageFacts,
    ) -> Result<(Vec<Finding>, Vec<String>), String> {
        let bytes = bytes?;
        let decoded = decode_text(&bytes)?;
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
        let text = decoded.text.as_str();
        let kind = classify_file(&entry.rel_path, text);
        let scope = facts.scope_of(&entry.rel_path, kind);
        let file = SourceFile {
            rel_path: &entry.rel_path,
            text,
            kind,
            scope,
            language: language_of(kind, &entry.rel_path),
            role: facts.role_of(&entry.rel_path, scope),
            import_entry: facts.is_import_entry(&entry.rel_path),
        };
        let scan = self.rules.scan(&file);
        notes.extend(scan.notes);
        Ok((scan.findings, notes))
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
