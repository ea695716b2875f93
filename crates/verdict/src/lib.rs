//! One verdict per package, in four steps:
//!
//! 1. [`groups`]: findings that share a root cause (the same line, then the same category, scope and signal)
//!    become one group, so twenty copies of one pattern weigh what one does.
//! 2. [`calibration`]: groups are re-weighed for context (tests, docs, declared purpose, native builds, shipped
//!    files that neither install nor import runs),
//!    with a note for every change. Findings are never dropped.
//! 3. [`compounds`]: detectors that join behaviour across files (install hook + remote exec, credential
//!    read + outbound send, …) read the *raw* findings, so calibration can never switch one off.
//!    Each has a rule id (`CMP001`, …) documented in `rules/verdict/compounds.yaml` ([`verdict_rules`]).
//! 4. [`decide`]: block on any compound or any calibrated malicious group at block; review on any
//!    remaining review-level group; allow otherwise.

pub mod calibration;
mod called_only;
pub mod compounds;
mod describe;
pub mod groups;
mod own_folder;
mod rule_docs;
mod shipped_not_run;
mod tool_grants;
mod vendor_family;

pub use rule_docs::{
    verdict_rules, ExamplePackage, RuleDocsError, VerdictRuleDoc, VerdictRules, SOURCE_PATH,
};

use groups::RootCauseGroup;
use skill_scan_model::{
    Finding, PackageSummary, RecommendedAction, SignalClass, Verdict, VerdictLevel, VerdictReason,
};

/// Choices the user's configuration can make about how findings are weighed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Policy {
    /// Calibration never takes a group holding behaviour (see [`Finding::is_behaviour`]) below this action
    /// (the `strict` profile sets `review`). Groups that start below it are left as they are.
    pub calibration_floor: Option<RecommendedAction>,
}

pub fn decide(findings: &[Finding], package: &PackageSummary) -> Verdict {
    decide_with(findings, package, Policy::default())
}

/// [`decide`] under a [`Policy`].
pub fn decide_with(findings: &[Finding], package: &PackageSummary, policy: Policy) -> Verdict {
    let raw = groups::group_findings(findings);
    let calibrated = calibration::calibrate_with(&raw, findings, package, policy.calibration_floor);
    let compound_reasons = compounds::detect_for(findings, package);

    let malicious_block = calibrated.groups.iter().any(|g| {
        g.action == RecommendedAction::Block && g.signal == SignalClass::MaliciousBehavior
    });
    let level = if !compound_reasons.is_empty() || malicious_block {
        VerdictLevel::Block
    } else if calibrated
        .groups
        .iter()
        .any(|g| g.action >= RecommendedAction::Review)
    {
        VerdictLevel::Review
    } else {
        VerdictLevel::Allow
    };

    let mut group_reasons: Vec<&RootCauseGroup> = calibrated
        .groups
        .iter()
        .filter(|g| g.action >= RecommendedAction::Review)
        .collect();
    group_reasons.sort_by(|a, b| a.scope.cmp(&b.scope).then(b.action.cmp(&a.action)));
    let mut reasons: Vec<VerdictReason> = compound_reasons;
    reasons.sort_by_key(|r| r.scope);
    reasons.extend(group_reasons.into_iter().map(RootCauseGroup::reason));
    Verdict {
        level,
        reasons,
        calibration: calibrated.notes,
    }
}
