//! One target in, one [`TargetReport`] out.

use rayon::prelude::*;
use skill_scan_classify::{classify_file, language_of, PackageFacts, RootManifests};
use skill_scan_model::{Diagnostic, Finding, Skipped, TargetReport};
use skill_scan_rules::{RuleSet, SourceFile};
use skill_scan_walk::{
    decode_text, walk_dir, FileEntry, TextEncoding, WalkError, WalkOptions, Walked,
};
use std::collections::HashMap;
use std::fmt;
use std::path::Path;

#[derive(Debug, Clone)]
pub struct ScanOptions {
    pub max_file_size: u64,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            max_file_size: WalkOptions::default().max_file_size,
        }
    }
}

#[derive(Debug)]
pub enum ScanError {
    Walk(WalkError),
    /// Archives are read by a dedicated reader; scanning one as a single opaque file would wrongly pass it.
    UnsupportedArchive(String),
}

impl fmt::Display for ScanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScanError::Walk(err) => err.fmt(f),
            ScanError::UnsupportedArchive(path) => write!(
                f,
                "{path} is an archive; archive inputs are not supported in this version: unpack it into a folder (without installing it) and scan the folder"
            ),
        }
    }
}

impl std::error::Error for ScanError {}

const ARCHIVE_SUFFIXES: &[&str] = &[
    ".tgz", ".tar.gz", ".tar", ".zip", ".whl", ".skill", ".crate", ".gz",
];

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
                let lower = target.to_ascii_lowercase();
                if ARCHIVE_SUFFIXES
                    .iter()
                    .any(|suffix| lower.ends_with(suffix))
                {
                    return Err(ScanError::UnsupportedArchive(target.to_string()));
                }
                single_file(path, &walk_options).map_err(ScanError::Walk)?
            }
            Err(err) => return Err(ScanError::Walk(err)),
        };
        Ok(self.scan_walked(target, walked, options))
    }

    /// Scans files already listed by a walker.
    pub fn scan_walked(&self, target: &str, walked: Walked, options: &ScanOptions) -> TargetReport {
        let Walked { files, mut skipped } = walked;
        let mut diagnostics = Vec::new();

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
        // In parallel, one file per task; `collect` keeps the walker's order, so output stays stable.
        let results: Vec<_> = files
            .par_iter()
            .map(|entry| (entry, self.scan_file(entry, &facts, options)))
            .collect();
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

        findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        for (n, finding) in findings.iter_mut().enumerate() {
            finding.id = format!("f{}", n + 1);
        }
        skipped.sort();
        diagnostics.sort();
        let verdict = skill_scan_verdict::decide(&findings, &facts.summary);
        TargetReport {
            target: target.to_string(),
            kind: facts.kind,
            verdict: verdict.level,
            reasons: verdict.reasons,
            calibration: verdict.calibration,
            package: facts.summary,
            findings,
            skipped,
            diagnostics,
            files_scanned,
        }
    }

    /// Reads, decodes, classifies and scans one file. `Err` is the reason it was skipped.
    fn scan_file(
        &self,
        entry: &FileEntry,
        facts: &PackageFacts,
        options: &ScanOptions,
    ) -> Result<(Vec<Finding>, Vec<String>), String> {
        let bytes = entry.read(options.max_file_size)?;
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
        walked.files.push(FileEntry {
            rel_path: name,
            abs_path: path.to_path_buf(),
            size: meta.len(),
        });
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
            files: vec![FileEntry {
                rel_path: "gone.js".into(),
                abs_path: "/no/such/dir/gone.js".into(),
                size: 3,
            }],
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
