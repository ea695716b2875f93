//! Package detectors for what layers outside the file scan report as typed events: the archive reader's
//! issues, the registry's release signals, the scan's package checks (manifests, file list, file bytes,
//! declared tools) and the project layer's checks (lockfiles, MCP client configs). Each event kind maps
//! to the package detector its rule names in `match: { native: NAME }` (`rules/archive.yaml`,
//! `rules/registry.yaml`, `rules/binaries.yaml`, `rules/package_names.yaml`, `rules/project.yaml`, …), so the
//! reporting layers name no rule and every rule id lives only in its pack; the finding is made with
//! [`skill_scan_rules::RuleSet::package_finding`].
//!
//! The package detectors themselves, one file per concern, each called by the pipeline's classify or
//! package-detector stage with a [`PackageView`]: `names.rs` and `hollow.rs` (the root manifests),
//! `binaries.rs` (whole files' bytes), `loaded_files.rs` (files run as code under a data name, scanned
//! again as that code), `declared_tools.rs` (a skill's `allowed-tools` against what its findings do) and
//! `import_graph.rs` (which findings run on import or install: no rule of its own, it marks others') and
//! `import_links.rs` (which modules import which, recorded on the findings a compound joins across files) and
//! `shipped_reads.rs` (a shipped file read by a script: inlined into a code sink, or scanned as an AI CLI's prompt).

use skill_scan_model::{ArchiveIssueKind, PackageCheckKind, ProjectCheckKind, RegistrySignalKind};

pub mod binaries;
pub mod called_only;
pub mod cross_file_constants;
pub mod cross_module_flows;
pub mod declared_tools;
pub mod hollow;
pub mod import_graph;
pub mod import_links;
pub mod loaded_files;
pub mod names;
pub mod shipped_reads;
mod view;

pub use view::PackageView;

/// Joins the per-file results of a package rescan (files read in parallel): the findings, and the line
/// hashes of the lines they start on.
fn gather_rescans(
    found: Vec<(Vec<skill_scan_model::Finding>, skill_scan_model::LineHashes)>,
) -> (Vec<skill_scan_model::Finding>, skill_scan_model::LineHashes) {
    let mut line_hashes = skill_scan_model::LineHashes::default();
    let mut all = Vec::new();
    for (findings, hashes) in found {
        line_hashes.merge(hashes);
        all.extend(findings);
    }
    (all, line_hashes)
}

/// The package detector that reports an archive issue of kind `kind`.
pub fn archive_detector(kind: ArchiveIssueKind) -> &'static str {
    match kind {
        ArchiveIssueKind::CompressionBomb => "archive-compression-bomb",
        ArchiveIssueKind::SizeLimit => "archive-size-limit",
        ArchiveIssueKind::EntryLimit => "archive-entry-limit",
        ArchiveIssueKind::NestingLimit => "archive-nesting-limit",
        ArchiveIssueKind::PathEscape => "archive-path-escape",
        ArchiveIssueKind::LinkOutside => "archive-link-outside",
        ArchiveIssueKind::Unreadable => "archive-unreadable",
        ArchiveIssueKind::Encrypted => "archive-encrypted-entry",
        ArchiveIssueKind::ZipReadingsDiffer => "archive-zip-readings-differ",
        ArchiveIssueKind::DataBeforeZip => "archive-data-before-zip",
    }
}

/// The package detector that reports a registry signal of kind `kind`.
pub fn registry_detector(kind: RegistrySignalKind) -> &'static str {
    match kind {
        RegistrySignalKind::RecentVersion => "version-published-recently",
        RegistrySignalKind::YoungPackage => "package-young",
        RegistrySignalKind::InstallScriptAdded => "install-script-added",
        RegistrySignalKind::PublisherChanged => "publisher-changed",
    }
}

/// The package detector that reports a package check of kind `kind`.
pub fn check_detector(kind: PackageCheckKind) -> &'static str {
    match kind {
        PackageCheckKind::TyposquatName => "typosquat-package-name",
        PackageCheckKind::TyposquatDependency => "typosquat-dependency-name",
        PackageCheckKind::DependencyConfusionVersion => "dependency-confusion-version",
        PackageCheckKind::HollowPackage => "hollow-package",
        PackageCheckKind::ExecutableFile => "executable-file",
        PackageCheckKind::ExecutableFileInCodePackage => "executable-file-in-code-package",
        PackageCheckKind::CompiledPython => "compiled-python",
        PackageCheckKind::CompiledPythonWithoutSource => "compiled-python-without-source",
        PackageCheckKind::ScriptWithBinaryPayload => "script-with-binary-payload",
        PackageCheckKind::CodeDisguisedAsMedia => "code-disguised-as-media",
        PackageCheckKind::CodeRunUnderDataName => "code-run-under-data-name",
        PackageCheckKind::AllowedToolsNarrowerThanCode => "allowed-tools-narrower-than-code",
    }
}

/// The package detector that reports a project check of kind `kind` (`rules/project.yaml`).
pub fn project_detector(kind: ProjectCheckKind) -> &'static str {
    match kind {
        ProjectCheckKind::DependencyFromGit => "dependency-from-git",
        ProjectCheckKind::DependencyFromUrl => "dependency-from-url",
        ProjectCheckKind::DependencyResolvedOffRegistry => "dependency-resolved-off-registry",
        ProjectCheckKind::LockfileHashMismatch => "lockfile-hash-mismatch",
        ProjectCheckKind::DependencyFromLocalPath => "dependency-from-local-path",
        ProjectCheckKind::McpRemoteServer => "mcp-remote-server",
        ProjectCheckKind::McpServerUnpinnedPackage => "mcp-server-unpinned-package",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use skill_scan_rules::NativeDetector;

    #[test]
    fn every_event_kind_has_its_own_registered_package_detector() {
        let names: Vec<&str> = ArchiveIssueKind::ALL
            .iter()
            .map(|kind| archive_detector(*kind))
            .chain(
                RegistrySignalKind::ALL
                    .iter()
                    .map(|kind| registry_detector(*kind)),
            )
            .chain(
                PackageCheckKind::ALL
                    .iter()
                    .map(|kind| check_detector(*kind)),
            )
            .chain(
                ProjectCheckKind::ALL
                    .iter()
                    .map(|kind| project_detector(*kind)),
            )
            .collect();
        let mut distinct = names.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), names.len(), "{names:?}");
        for name in names {
            assert!(
                matches!(crate::native::lookup(name), Some(NativeDetector::Package)),
                "{name} is not a registered package detector"
            );
        }
    }
}
