//! Root-cause grouping.
//!
//! Two steps. Findings on the same line of the same file are one *site*: one `curl | sh` line matched by
//! three rules is one thing the author did, led by its strongest finding. Sites whose leads share a
//! category, scope and signal class are one *group*. A group's weight is its strongest action; how many
//! sites it has never raises it.

use crate::describe::describe;
use skill_scan_model::{
    ArtifactScope, Capability, Finding, RecommendedAction, SignalClass, ThreatCategory,
    VerdictReason,
};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RootCauseGroup {
    pub category: ThreatCategory,
    pub scope: ArtifactScope,
    pub signal: SignalClass,
    /// Strongest action among the group's findings (after calibration, the calibrated one).
    pub action: RecommendedAction,
    /// The rules that lead the group's sites, strongest first.
    pub rule_ids: Vec<String>,
    /// Titles of those rules, in the same order.
    pub titles: Vec<String>,
    /// Every finding in the group's sites, in report order.
    pub finding_ids: Vec<String>,
    /// How many distinct lines the group covers.
    pub sites: usize,
    /// A site's lead runs when the package is installed (capability `install_hook`): what a person is
    /// told differs for a supply-chain group that runs code and one that only looks wrong (a typosquat).
    pub runs_at_install: bool,
}

impl RootCauseGroup {
    /// `category/scope/signal`, as calibration notes name a group.
    pub fn label(&self) -> String {
        format!("{}/{}/{}", self.category, self.scope, self.signal)
    }

    pub(crate) fn reason(&self) -> VerdictReason {
        let shown = self
            .titles
            .iter()
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join("; ");
        let more = self.titles.len().saturating_sub(3);
        let more = if more > 0 {
            format!(" (+{more} more)")
        } else {
            String::new()
        };
        let places = if self.sites == 1 {
            "1 place".to_string()
        } else {
            format!("{} places", self.sites)
        };
        VerdictReason {
            scope: self.scope,
            category: self.category,
            signal: self.signal,
            rationale: format!(
                "{}: {shown}{more} ({places})",
                describe(self.category, self.runs_at_install)
            ),
            compound: false,
            compound_id: None,
            finding_ids: self.finding_ids.clone(),
        }
    }
}

/// The strongest finding first: higher action, then stronger signal, then rule id for a stable order.
fn strength(finding: &Finding) -> (std::cmp::Reverse<RecommendedAction>, SignalClass, &str) {
    (
        std::cmp::Reverse(finding.action),
        finding.signal,
        &finding.rule_id,
    )
}

pub fn group_findings(findings: &[Finding]) -> Vec<RootCauseGroup> {
    let mut sites: BTreeMap<(&str, usize), Vec<&Finding>> = BTreeMap::new();
    for finding in findings {
        sites
            .entry((&finding.path, finding.line))
            .or_default()
            .push(finding);
    }
    let mut groups: BTreeMap<(ThreatCategory, ArtifactScope, SignalClass), RootCauseGroup> =
        BTreeMap::new();
    for members in sites.values_mut() {
        members.sort_by(|a, b| strength(a).cmp(&strength(b)));
        let lead = members[0];
        let group = groups
            .entry((lead.category, lead.scope, lead.signal))
            .or_insert_with(|| RootCauseGroup {
                category: lead.category,
                scope: lead.scope,
                signal: lead.signal,
                action: lead.action,
                rule_ids: Vec::new(),
                titles: Vec::new(),
                finding_ids: Vec::new(),
                sites: 0,
                runs_at_install: false,
            });
        group.runs_at_install |= lead.capabilities.contains(&Capability::InstallHook);
        group.action = group.action.max(lead.action);
        group.sites += 1;
        if !group.rule_ids.contains(&lead.rule_id) {
            group.rule_ids.push(lead.rule_id.clone());
            group.titles.push(lead.message.clone());
        }
        group
            .finding_ids
            .extend(members.iter().map(|f| f.id.clone()));
    }
    let mut groups: Vec<RootCauseGroup> = groups.into_values().collect();
    for group in &mut groups {
        group.finding_ids.sort_by_key(|id| {
            id.trim_start_matches('f')
                .parse::<usize>()
                .unwrap_or(usize::MAX)
        });
    }
    groups
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A finding for tests: `rule` on `path:line`, with the given weight.
    pub(crate) fn finding(
        id: &str,
        rule: &str,
        path: &str,
        line: usize,
        action: RecommendedAction,
    ) -> Finding {
        Finding {
            id: id.into(),
            signal: if action == RecommendedAction::Block {
                SignalClass::MaliciousBehavior
            } else {
                SignalClass::SuspiciousBehavior
            },
            action,
            message: format!("{rule} title"),
            ..skill_scan_model::test_support::finding(rule, path, line)
        }
    }

    #[test]
    fn one_line_matched_by_several_rules_is_one_site_led_by_the_strongest() {
        let mut weak = finding("f1", "EXF008", "package.json", 3, RecommendedAction::Review);
        weak.category = ThreatCategory::DataExfiltration;
        let strong = finding("f2", "SUP003", "package.json", 3, RecommendedAction::Block);
        let groups = group_findings(&[weak, strong]);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].rule_ids, ["SUP003"]);
        assert_eq!(groups[0].finding_ids, ["f1", "f2"]);
        assert_eq!(groups[0].sites, 1);
        assert_eq!(groups[0].category, ThreatCategory::RemoteExec);
    }

    #[test]
    fn copies_of_a_pattern_never_add_up() {
        let findings: Vec<Finding> = (1..=20)
            .map(|n| {
                finding(
                    &format!("f{n}"),
                    "RCE008",
                    "lib/a.js",
                    n,
                    RecommendedAction::Log,
                )
            })
            .collect();
        let groups = group_findings(&findings);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].action, RecommendedAction::Log);
        assert_eq!(groups[0].sites, 20);
        assert!(groups[0].reason().rationale.ends_with("(20 places)"));
    }

    #[test]
    fn different_scopes_are_different_groups() {
        let mut root = finding("f1", "RCE001", "install.sh", 1, RecommendedAction::Block);
        root.scope = ArtifactScope::PackageRootArtifact;
        let lib = finding("f2", "RCE001", "lib/x.sh", 1, RecommendedAction::Block);
        assert_eq!(group_findings(&[root, lib]).len(), 2);
    }
}
