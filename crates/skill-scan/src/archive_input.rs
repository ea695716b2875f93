//! Archive targets: a `.tgz`, `.zip`, wheel, `.skill` or `.crate` file (or a registry download) read in
//! memory by `skill-scan-archive`, then scanned exactly like the unpacked folder. What the reader saw about
//! the archive itself (a bomb, a zip-slip name, a limit) becomes a finding of its `rules/archive.yaml` rule.

use crate::pipeline::{ScanError, ScanOptions, Scanner};
use sha2::{Digest, Sha256};
use skill_scan_archive::{
    has_archive_name, read_archive_bytes_keeping, read_archive_file_keeping, sniff, ArchiveError,
    ArchiveListing, Issue,
};
use skill_scan_classify::{classify_file, PackageFacts, RootManifests};
use skill_scan_detectors::package::archive_detector;
use skill_scan_model::{Context, Finding, Language, Origin, RegistryOrigin, TargetReport};
use skill_scan_rules::{NativeSite, RuleSet};
use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

/// Something a layer outside the rule engine saw about the package as a whole (the archive reader, the
/// registry metadata), to be reported under the rule that names the package detector `detector` (see
/// `skill_scan_detectors::package`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageNotice {
    pub detector: &'static str,
    /// The file it concerns, relative to the package.
    pub path: String,
    pub message: String,
    /// What is shown under the finding.
    pub evidence: String,
}

impl From<&Issue> for PackageNotice {
    fn from(issue: &Issue) -> Self {
        PackageNotice {
            detector: archive_detector(issue.kind),
            path: issue.path.clone(),
            message: issue.message.clone(),
            evidence: issue.evidence.clone(),
        }
    }
}

/// An archive by its name, or by its first bytes whatever its name.
pub(crate) fn is_archive_file(path: &Path) -> bool {
    if has_archive_name(&path.to_string_lossy()) {
        return true;
    }
    let mut head = [0u8; 512];
    let Ok(mut file) = File::open(path) else {
        return false;
    };
    let mut filled = 0;
    while filled < head.len() {
        match file.read(&mut head[filled..]) {
            Ok(0) | Err(_) => break,
            Ok(n) => filled += n,
        }
    }
    sniff(&head[..filled]).is_some()
}

/// The findings for `notices`, placed with the package's scopes and roles. A notice whose rule is not
/// loaded is dropped (its rule id would mean nothing to the user).
pub(crate) fn notice_findings(
    rules: &RuleSet,
    notices: &[PackageNotice],
    facts: &PackageFacts,
) -> Vec<Finding> {
    notices
        .iter()
        .filter_map(|notice| {
            let file_kind = classify_file(&notice.path, "");
            let scope = facts.scope_of(&notice.path, file_kind);
            let site = NativeSite {
                path: notice.path.clone(),
                line: 1,
                column: 1,
                scope,
                role: facts.role_of(&notice.path, scope),
                file_kind,
                language: Language::Text,
                // Not prose: what an archive is made of is structure, never documentation.
                context: Context::Code,
                message: notice.message.clone(),
                snippet: notice.evidence.clone(),
                related: Vec::new(),
            };
            rules.package_finding(notice.detector, site)
        })
        .collect()
}

/// The files the scanner reads before all others (see `Scanner::scan_listed`), kept in memory by the archive
/// reader; every other file is decompressed again only when it is scanned.
fn is_manifest(path: &str) -> bool {
    !RootManifests::wanted(&[path]).is_empty()
}

fn sha256_hex(reader: &mut impl Read) -> std::io::Result<(String, u64)> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        size += n as u64;
        hasher.update(&buf[..n]);
    }
    Ok((hex(&hasher.finalize()), size))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Scanner {
    /// Scans the archive file at `path` from memory (nothing is unpacked to disk).
    pub fn scan_archive_file(
        &self,
        target: &str,
        path: &Path,
        options: &ScanOptions,
    ) -> Result<TargetReport, ScanError> {
        let limits = self.archive_limits(options);
        let listing =
            read_archive_file_keeping(path, &limits, &is_manifest).map_err(ScanError::Archive)?;
        let (sha256, size) = File::open(path)
            .and_then(|mut file| sha256_hex(&mut file))
            .map_err(|e| ScanError::Archive(ArchiveError::Unreadable(target.to_string(), e)))?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| target.to_string());
        let origin = Origin {
            archive: name,
            sha256,
            size,
            stripped_prefix: listing.stripped_prefix.clone(),
            registry: None,
        };
        Ok(self.scan_listing(target, listing, origin, Vec::new(), options))
    }

    /// Scans an archive held in memory (a registry download) named `name`; `notices` are package-level
    /// findings from the caller (registry metadata signals).
    pub fn scan_archive_bytes(
        &self,
        target: &str,
        name: &str,
        bytes: Arc<[u8]>,
        registry: Option<RegistryOrigin>,
        notices: Vec<PackageNotice>,
        options: &ScanOptions,
    ) -> Result<TargetReport, ScanError> {
        let limits = self.archive_limits(options);
        let (sha256, size) = sha256_hex(&mut &bytes[..])
            .map_err(|e| ScanError::Archive(ArchiveError::Unreadable(name.to_string(), e)))?;
        let listing = read_archive_bytes_keeping(name, bytes, &limits, &is_manifest)
            .map_err(ScanError::Archive)?;
        let origin = Origin {
            archive: name.to_string(),
            sha256,
            size,
            stripped_prefix: listing.stripped_prefix.clone(),
            registry,
        };
        Ok(self.scan_listing(target, listing, origin, notices, options))
    }

    fn archive_limits(&self, options: &ScanOptions) -> skill_scan_archive::Limits {
        skill_scan_archive::Limits {
            max_file_size: options.max_file_size,
            ..options.archive
        }
    }

    fn scan_listing(
        &self,
        target: &str,
        listing: ArchiveListing,
        origin: Origin,
        mut notices: Vec<PackageNotice>,
        options: &ScanOptions,
    ) -> TargetReport {
        let ArchiveListing {
            walked,
            issues,
            diagnostics,
            ..
        } = listing;
        notices.extend(issues.iter().map(PackageNotice::from));
        let rules = self.rules();
        let extra = |facts: &PackageFacts| notice_findings(rules, &notices, facts);
        let mut report = self.scan_listed(target, walked, diagnostics, &extra, options);
        report.origin = Some(origin);
        report
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use skill_scan_archive::IssueKind;
    use skill_scan_classify::RootManifests;
    use skill_scan_detectors::package::registry_detector;
    use skill_scan_model::{FileRole, RecommendedAction};
    use skill_scan_registry::SignalKind;

    #[test]
    fn every_archive_issue_and_registry_signal_has_its_package_level_rule() {
        let rules = RuleSet::embedded(&skill_scan_detectors::DETECTORS).unwrap();
        let facts = PackageFacts::from_manifests(&RootManifests::read(std::iter::empty()));
        let detectors = IssueKind::ALL
            .map(archive_detector)
            .into_iter()
            .chain(SignalKind::ALL.map(registry_detector));
        let mut ids = Vec::new();
        for detector in detectors {
            let notice = PackageNotice {
                detector,
                path: "lib/a.js".into(),
                message: "seen".into(),
                evidence: "evidence".into(),
            };
            let found = notice_findings(&rules, &[notice], &facts);
            assert_eq!(
                found.len(),
                1,
                "{detector} is not named by a loaded package-level rule"
            );
            assert_eq!(found[0].message, "seen");
            assert!(!found[0].why.is_empty(), "{detector}");
            ids.push(found[0].rule_id.clone());
        }
        // Each kind reaches the rule it always did (`rules/archive.yaml`, `rules/registry.yaml`).
        let expected: Vec<String> = (1..=10)
            .map(|n| format!("ARC{n:03}"))
            .chain((1..=4).map(|n| format!("REG{n:03}")))
            .collect();
        assert_eq!(ids, expected);
    }

    #[test]
    fn a_bomb_is_placed_like_its_file_and_never_read_as_documentation() {
        let rules = RuleSet::embedded(&skill_scan_detectors::DETECTORS).unwrap();
        let facts = PackageFacts::from_manifests(&RootManifests::read(std::iter::empty()));
        let notice = |path: &str| PackageNotice {
            detector: archive_detector(IssueKind::CompressionBomb),
            path: path.into(),
            message: String::new(),
            evidence: "x".into(),
        };
        let found = notice_findings(
            &rules,
            &[notice("README.md"), notice("tests/fixtures/z.zip!/z.bin")],
            &facts,
        );
        assert_eq!(found[0].context, Context::Code);
        assert_eq!(found[0].action, RecommendedAction::Block);
        assert_eq!(found[0].file_role, FileRole::Source);
        assert_eq!(found[1].file_role, FileRole::Test);
        assert_eq!(found[0].message, "Decompression bomb in the archive");
    }
}
