//! One verdict per package. This first version is deliberately plain: the strongest action among the
//! findings decides (any `block` → block, any `review` → review, else allow), and each reason gathers the
//! findings of one category in one scope. Root-cause grouping, calibration and compound detectors build on
//! this shape.

use skill_scan_model::{
    ArtifactScope, Finding, RecommendedAction, SignalClass, ThreatCategory, Verdict, VerdictLevel,
    VerdictReason,
};
use std::collections::BTreeMap;

pub fn decide(findings: &[Finding]) -> Verdict {
    let level = findings
        .iter()
        .map(|f| VerdictLevel::from(f.action))
        .max()
        .unwrap_or(VerdictLevel::Allow);
    let mut groups: BTreeMap<(ArtifactScope, ThreatCategory), Vec<&Finding>> = BTreeMap::new();
    for finding in findings
        .iter()
        .filter(|f| f.action > RecommendedAction::Log)
    {
        groups
            .entry((finding.scope, finding.category))
            .or_default()
            .push(finding);
    }
    let mut reasons: Vec<(RecommendedAction, VerdictReason)> = groups
        .into_iter()
        .map(|((scope, category), members)| {
            let action = members
                .iter()
                .map(|f| f.action)
                .max()
                .unwrap_or(RecommendedAction::Log);
            let signal = members
                .iter()
                .map(|f| f.signal)
                .min()
                .unwrap_or(SignalClass::Hygiene);
            (action, reason(scope, category, signal, &members))
        })
        .collect();
    // Strongest first; ties keep the scope order (agent entrypoint first).
    reasons.sort_by_key(|r| std::cmp::Reverse(r.0));
    Verdict {
        level,
        reasons: reasons.into_iter().map(|(_, reason)| reason).collect(),
    }
}

fn reason(
    scope: ArtifactScope,
    category: ThreatCategory,
    signal: SignalClass,
    members: &[&Finding],
) -> VerdictReason {
    let mut titles: Vec<&str> = Vec::new();
    for finding in members {
        if !titles.contains(&finding.message.as_str()) {
            titles.push(&finding.message);
        }
    }
    let mut files: Vec<&str> = members.iter().map(|f| f.path.as_str()).collect();
    files.dedup();
    let shown = titles
        .iter()
        .take(3)
        .copied()
        .collect::<Vec<_>>()
        .join("; ");
    let more = titles.len().saturating_sub(3);
    let more = if more > 0 {
        format!(" (+{more} more)")
    } else {
        String::new()
    };
    VerdictReason {
        scope,
        category,
        signal,
        rationale: format!("{}: {shown}{more}", describe(category)),
        compound: false,
        finding_ids: members.iter().map(|f| f.id.clone()).collect(),
    }
}

/// A person's words for each category.
fn describe(category: ThreatCategory) -> &'static str {
    match category {
        ThreatCategory::RemoteExec => "Runs code fetched or built at run time",
        ThreatCategory::CredentialExposure => "Reaches for credentials or secrets",
        ThreatCategory::DataExfiltration => "Sends data out of the machine",
        ThreatCategory::SupplyChain => "Runs code when the package is installed",
        ThreatCategory::PersistentPromptTampering => "Tries to override the agent's instructions",
        ThreatCategory::AutonomyEscalation => "Pushes the agent to act without the user",
        ThreatCategory::Persistence => "Makes itself survive restarts",
        ThreatCategory::Obfuscation => "Hides what its code does",
        ThreatCategory::CryptoMining => "Mines cryptocurrency",
        ThreatCategory::PrivilegeEscalation => "Seeks higher privileges or escapes its container",
        ThreatCategory::AntiForensics => "Covers its tracks",
        ThreatCategory::Reconnaissance => "Fingerprints the host",
        ThreatCategory::McpToolPoisoning => "Hides instructions in MCP tool descriptions",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use skill_scan_model::{Context, FileKind, Language};

    fn finding(
        id: &str,
        action: RecommendedAction,
        category: ThreatCategory,
        scope: ArtifactScope,
    ) -> Finding {
        Finding {
            id: id.into(),
            rule_id: "T1".into(),
            rule_name: "t".into(),
            category,
            signal: SignalClass::SuspiciousBehavior,
            action,
            scope,
            context: Context::Code,
            language: Language::Shell,
            file_kind: FileKind::Shell,
            path: "a.sh".into(),
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 2,
            message: format!("title {id}"),
            why: String::new(),
            snippet: String::new(),
            snippet_highlight: (0, 0),
            mitre: vec![],
            related: vec![],
        }
    }

    #[test]
    fn nothing_found_is_allow() {
        assert_eq!(decide(&[]).level, VerdictLevel::Allow);
    }

    #[test]
    fn the_strongest_action_decides_and_logs_give_no_reason() {
        let findings = [
            finding(
                "f1",
                RecommendedAction::Log,
                ThreatCategory::DataExfiltration,
                ArtifactScope::SupportingArtifact,
            ),
            finding(
                "f2",
                RecommendedAction::Review,
                ThreatCategory::SupplyChain,
                ArtifactScope::PackageRootArtifact,
            ),
            finding(
                "f3",
                RecommendedAction::Block,
                ThreatCategory::RemoteExec,
                ArtifactScope::SupportingArtifact,
            ),
            finding(
                "f4",
                RecommendedAction::Block,
                ThreatCategory::RemoteExec,
                ArtifactScope::SupportingArtifact,
            ),
        ];
        let verdict = decide(&findings);
        assert_eq!(verdict.level, VerdictLevel::Block);
        assert_eq!(verdict.reasons.len(), 2);
        assert_eq!(verdict.reasons[0].category, ThreatCategory::RemoteExec);
        assert_eq!(verdict.reasons[0].finding_ids, ["f3", "f4"]);
        assert!(verdict.reasons[0]
            .rationale
            .starts_with("Runs code fetched"));
        assert_eq!(verdict.reasons[1].finding_ids, ["f2"]);
    }

    #[test]
    fn review_only_is_review() {
        let findings = [finding(
            "f1",
            RecommendedAction::Review,
            ThreatCategory::SupplyChain,
            ArtifactScope::PackageRootArtifact,
        )];
        assert_eq!(decide(&findings).level, VerdictLevel::Review);
    }
}
