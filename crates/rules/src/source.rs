//! A file as the engine reads it, and what scanning it found.

use skill_scan_model::{ArtifactScope, FileKind, FileRole, Finding, Language};

/// A decoded, classified file, ready for rules.
#[derive(Debug, Clone, Copy)]
pub struct SourceFile<'a> {
    /// Relative to the scanned root, `/`-separated.
    pub rel_path: &'a str,
    pub text: &'a str,
    pub kind: FileKind,
    pub scope: ArtifactScope,
    pub language: Language,
    pub role: FileRole,
    /// The module's top level runs on import (npm `main`, a top-level package's `__init__.py`).
    pub import_entry: bool,
}

/// Findings in one file (ids still empty) and notes on anything that limited the scan.
#[derive(Debug, Default)]
pub struct FileScan {
    pub findings: Vec<Finding>,
    pub notes: Vec<String>,
    /// Notes that are also gaps: the file nests deeper than the parser is allowed to go (the guard against input built to defeat analysis)
    /// and was not analysed as an ordinary file is, so the scan cannot vouch for it.
    pub gaps: Vec<String>,
}
