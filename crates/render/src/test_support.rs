//! A report fixture the renderers' tests share: one `curl | sh` finding in a report that blocks.

use skill_scan_model::*;

/// RCE001 at `path`, line 1, with `snippet`; tests set the fields they exercise.
pub(crate) fn curl_finding(path: &str, snippet: &str) -> Finding {
    Finding {
        id: "f1".into(),
        rule_id: "RCE001".into(),
        rule_name: "curl-piped-to-shell".into(),
        category: ThreatCategory::RemoteExec,
        signal: SignalClass::MaliciousBehavior,
        action: RecommendedAction::Block,
        scope: ArtifactScope::PackageRootArtifact,
        context: Context::Code,
        language: Language::Shell,
        file_kind: FileKind::Shell,
        path: path.into(),
        line: 1,
        column: 1,
        end_line: 1,
        end_column: 1,
        message: "Remote script piped into a shell".into(),
        why: String::new(),
        snippet: snippet.into(),
        snippet_highlight: (0, 0),
        mitre: vec![],
        capabilities: vec![],
        file_role: FileRole::Source,
        import_time: false,
        related: vec![],
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
