//! What one scanned target comes to.

use crate::{
    ArtifactScope, Finding, LineHashes, PackageKind, RecommendedAction, SignalClass,
    ThreatCategory, VerdictLevel,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A file the scan did not read, and why. Nothing is dropped silently.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}

/// A problem met while reading a file that was still scanned (malformed manifest, lossy decoding, a parse
/// that was cut short). Kept apart from `skipped` because the file's text was still searched.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Diagnostic {
    pub path: String,
    pub message: String,
}

/// One sentence on why the verdict is what it is, and the findings behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerdictReason {
    pub scope: ArtifactScope,
    pub category: ThreatCategory,
    pub signal: SignalClass,
    pub rationale: String,
    pub compound: bool,
    /// The compound detector's rule id (`CMP001`, …; `skill-scan explain` documents it), for a compound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compound_id: Option<String>,
    pub finding_ids: Vec<String>,
}

/// A change calibration made to a root-cause group, and why. Findings are never removed; only the group's
/// weight in the verdict changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalibrationNote {
    /// `category/scope/signal` of the group.
    pub group: String,
    pub from: RecommendedAction,
    pub to: RecommendedAction,
    pub reason: String,
    pub finding_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    pub level: VerdictLevel,
    pub reasons: Vec<VerdictReason>,
    pub calibration: Vec<CalibrationNote>,
}

/// What the manifests say about the package, for the reader and for later layers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageSummary {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// npm lifecycle scripts that run on install (`preinstall`, `install`, `postinstall`, `prepare`, …).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub install_scripts: BTreeMap<String, String>,
    /// Skill frontmatter `allowed-tools`, one entry per tool.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowed_tools: Vec<String>,
    /// MCP servers declared in configs: `name → command or url`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub mcp_servers: BTreeMap<String, String>,
    /// The ecosystem the manifests say the package belongs to, for calibration (what runs at install
    /// differs by ecosystem). Not reported here: the target's own `kind` says it.
    #[serde(skip)]
    pub kind: Option<PackageKind>,
    /// Set by calibration: the install runs code of the package's own (an npm install hook, or a review-level
    /// finding in a file the installer runs), which can start any script it ships.
    #[serde(skip)]
    pub install_runs_code: bool,
}

/// Where a target's bytes came from when it was not a folder on disk: an archive file, or an archive
/// downloaded from a registry. Shown so the user knows exactly which bytes the verdict is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    /// The archive's file name (for a download, the file the registry published).
    pub archive: String,
    /// SHA-256 of the archive as scanned, lowercase hex.
    pub sha256: String,
    /// Size of the archive in bytes.
    pub size: u64,
    /// The single top folder taken off every path (`package` of an npm pack, `name-1.0` of an sdist).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stripped_prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry: Option<RegistryOrigin>,
}

/// The registry release an archive was downloaded for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryOrigin {
    /// `npm` or `pypi`.
    pub ecosystem: String,
    pub name: String,
    pub version: String,
    /// Where the archive was downloaded from.
    pub url: String,
    /// The hash the registry published, which the download matched (`sha512-…` integrity, `sha1:…`,
    /// `sha256:…`).
    pub verified: String,
    /// When this version was published, as the registry says (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// The version before this one, when it was scanned too (`--diff-previous`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<PreviousRelease>,
}

/// The previous version of a registry package, scanned to show what this version adds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviousRelease {
    pub version: String,
    pub sha256: String,
    pub verdict: VerdictLevel,
    /// Findings of this version with no counterpart (same rule in the same file) in the previous one.
    pub new_finding_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetReport {
    /// The target as the user gave it.
    pub target: String,
    pub kind: PackageKind,
    pub verdict: VerdictLevel,
    pub reasons: Vec<VerdictReason>,
    /// How calibration weighed groups of findings (test files, docs, declared purpose, native builds).
    pub calibration: Vec<CalibrationNote>,
    pub package: PackageSummary,
    pub findings: Vec<Finding>,
    /// Findings the user accepted (config suppression, baseline, or an inline comment honoured with
    /// `--allow-inline-suppressions`). Kept, with the reason, but not counted in the verdict.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suppressed: Vec<SuppressedFinding>,
    pub skipped: Vec<Skipped>,
    pub diagnostics: Vec<Diagnostic>,
    /// How many files were read and searched.
    pub files_scanned: usize,
    /// The archive (and registry release) scanned, when the target was not a folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
    /// Why the scan did not cover the whole target (a time budget ran out), when it did not. An incomplete
    /// scan never gets `allow`: what was not read cannot be vouched for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incomplete: Option<String>,
    /// GitHub's line fingerprint of every line a finding (or suppressed finding) starts on, computed while
    /// the bytes were in memory, so output never reads a scanned file again. SARIF only.
    #[serde(skip)]
    pub line_hashes: LineHashes,
}

/// Where a suppression came from. Only the user's own files can suppress: a config or baseline they chose,
/// or an inline comment when they said the scanned code is theirs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SuppressionKind {
    /// A `[[suppress]]` entry in the user's config.
    Config,
    /// A fingerprint recorded by `skill-scan baseline create`.
    Baseline,
    /// A `skill-scan: ignore RULE reason` comment, honoured only with `--allow-inline-suppressions`.
    Inline,
}

/// Why a finding does not count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suppression {
    pub kind: SuppressionKind,
    pub reason: String,
    /// Where the suppression is written: `skill-scan.toml:12`, `baseline.json`, `src/x.js:4`.
    pub source: String,
}

/// A finding that was suppressed: every field of the finding, plus why it does not count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuppressedFinding {
    #[serde(flatten)]
    pub finding: Finding,
    pub suppression: Suppression,
}
