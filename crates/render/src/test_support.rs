//! A report fixture the renderers' tests share: one `curl | sh` finding in a report that blocks.

use skill_scan_model::*;

/// RCE001 at `path`, line 1, with `snippet`; tests set the fields they exercise.
pub(crate) fn curl_finding(path: &str, snippet: &str) -> Finding {
    Finding {
        rule_name: "curl-piped-to-shell".into(),
        scope: ArtifactScope::PackageRootArtifact,
        end_column: 1,
        snippet: snippet.into(),
        ..skill_scan_model::test_support::finding("RCE001", path, 1)
    }
}

/// A blocked npm package `pkg` whose one reason, `rationale`, rests on `finding`.
pub(crate) fn blocked_report(finding: Finding, rationale: &str) -> TargetReport {
    TargetReport {
        target: "pkg".into(),
        kind: PackageKind::Npm,
        verdict: VerdictLevel::Block,
        reasons: vec![VerdictReason {
            scope: ArtifactScope::PackageRootArtifact,
            category: ThreatCategory::RemoteExec,
            signal: SignalClass::MaliciousBehavior,
            rationale: rationale.into(),
            compound: false,
            compound_id: None,
            finding_ids: vec![finding.id.clone()],
        }],
        calibration: vec![],
        package: PackageSummary::default(),
        findings: vec![finding],
        suppressed: vec![],
        skipped: vec![],
        diagnostics: vec![],
        files_scanned: 1,
        incomplete: None,
        origin: None,
        line_hashes: LineHashes::default(),
    }
}
