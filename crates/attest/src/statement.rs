//! The in-toto Statement v1 that records one verdict: its subject is the digest of what was scanned, its
//! predicate (`PREDICATE_TYPE`, described in `docs/attestation.md` and `docs/schemas/verdict-predicate.json`)
//! says which tool and rules decided what, under which policy, and why.

use crate::digest::TargetDigest;
use serde::{Deserialize, Serialize};
use skill_scan_model::{RecommendedAction, TargetReport, VerdictLevel};
use std::collections::BTreeMap;

pub const STATEMENT_TYPE: &str = "https://in-toto.io/Statement/v1";

/// The predicate type of a skill-scan verdict, version 1.
pub const PREDICATE_TYPE: &str =
    "https://github.com/skill-scan/skill-scan/blob/main/docs/attestation.md#verdict-v1";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    #[serde(rename = "_type")]
    pub statement_type: String,
    pub subject: Vec<Subject>,
    #[serde(rename = "predicateType")]
    pub predicate_type: String,
    pub predicate: VerdictPredicate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    pub name: String,
    /// An in-toto digest set: algorithm → lowercase hex.
    pub digest: BTreeMap<String, String>,
}

/// What was decided, by what, under which policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VerdictPredicate {
    pub scanner: Scanner,
    /// SHA-256 over the rule packs in force (see [`RulePack`]).
    pub rule_pack: RulePack,
    pub policy: PolicyRef,
    /// When the scan finished, RFC 3339 UTC.
    pub scanned_at: String,
    /// The target as the user named it.
    pub target: String,
    /// `skill`, `mcp_server`, `npm`, `pypi`, … as the scanner classified it.
    pub package_kind: String,
    pub verdict: VerdictLevel,
    /// Why the scan did not cover the whole target, when it did not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incomplete: Option<String>,
    pub reasons: Vec<Reason>,
    pub finding_counts: FindingCounts,
    pub findings: Vec<FindingRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scanner {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulePack {
    pub sha256: String,
    pub rules: usize,
}

/// The policy the verdict was reached under: the profile's policy file and the user's configuration file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyRef {
    pub profile: String,
    /// SHA-256 of the effective policy: the profile's policy file and the configuration file's bytes
    /// (`docs/attestation.md` says exactly how).
    pub sha256: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reason {
    pub category: String,
    pub scope: String,
    pub signal: String,
    pub rationale: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compound_id: Option<String>,
    pub finding_ids: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingCounts {
    pub block: usize,
    pub review: usize,
    pub log: usize,
    /// Findings the user accepted (configuration, baseline, inline comment), not counted in the verdict.
    pub suppressed: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FindingRef {
    pub id: String,
    pub rule_id: String,
    pub action: RecommendedAction,
    pub path: String,
    pub line: usize,
}

/// What the caller knows that the report does not: the tool, the rules and the policy.
#[derive(Debug, Clone)]
pub struct Context {
    pub scanner: Scanner,
    pub rule_pack: RulePack,
    pub policy: PolicyRef,
    pub scanned_at: String,
}

/// The statement for `report`, whose bytes have `digest`.
pub fn statement(report: &TargetReport, digest: &TargetDigest, context: &Context) -> Statement {
    let mut counts = FindingCounts {
        suppressed: report.suppressed.len(),
        ..FindingCounts::default()
    };
    for finding in &report.findings {
        match finding.action {
            RecommendedAction::Block => counts.block += 1,
            RecommendedAction::Review => counts.review += 1,
            RecommendedAction::Log => counts.log += 1,
        }
    }
    Statement {
        statement_type: STATEMENT_TYPE.into(),
        subject: vec![Subject {
            name: subject_name(report),
            digest: BTreeMap::from([(digest.algorithm.clone(), digest.value.clone())]),
        }],
        predicate_type: PREDICATE_TYPE.into(),
        predicate: VerdictPredicate {
            scanner: context.scanner.clone(),
            rule_pack: context.rule_pack.clone(),
            policy: context.policy.clone(),
            scanned_at: context.scanned_at.clone(),
            target: report.target.clone(),
            package_kind: serde_json::to_value(report.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            verdict: report.verdict,
            incomplete: report.incomplete.clone(),
            reasons: report
                .reasons
                .iter()
                .map(|r| Reason {
                    category: r.category.as_str().into(),
                    scope: r.scope.as_str().into(),
                    signal: r.signal.as_str().into(),
                    rationale: r.rationale.clone(),
                    compound_id: r.compound_id.clone(),
                    finding_ids: r.finding_ids.clone(),
                })
                .collect(),
            finding_counts: counts,
            findings: report
                .findings
                .iter()
                .map(|f| FindingRef {
                    id: f.id.clone(),
                    rule_id: f.rule_id.clone(),
                    action: f.action,
                    path: f.path.clone(),
                    line: f.line,
                })
                .collect(),
        },
    }
}

/// The subject's name: a registry package as `ecosystem:name@version`, an archive by its file name, anything
/// else as the user named it.
fn subject_name(report: &TargetReport) -> String {
    match &report.origin {
        Some(origin) => match &origin.registry {
            Some(r) => format!("{}:{}@{}", r.ecosystem, r.name, r.version),
            None => origin.archive.clone(),
        },
        None => report.target.clone(),
    }
}

impl Statement {
    /// The statement's JSON (RFC 8785 canonical form, so the signed bytes do not depend on serializer
    /// details).
    pub fn to_canonical_json(&self) -> Result<Vec<u8>, serde_json::Error> {
        serde_jcs::to_vec(self)
    }

    /// Whether `digest` names this statement's subject.
    pub fn names(&self, digest: &TargetDigest) -> bool {
        self.subject
            .iter()
            .any(|s| s.digest.get(&digest.algorithm) == Some(&digest.value))
    }
}
