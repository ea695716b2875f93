//! Calibration for risky library code that runs only when a caller asks for it: a PyPI package's function
//! that evaluates data it fetched, or downloads a tool and runs it, or opens the user's SSH key, inside a
//! function that neither install nor import reaches and in a file that hides nothing (the package layer
//! sets `called_only`, see `skill_scan_detectors::package::called_only`). Malware puts its payload where an
//! install or an import runs it, or hides it; an API that does this on request is worth a review, not a
//! block. One step down only, and compounds still read the raw findings.

use crate::calibration::one_step_down;
use crate::groups::RootCauseGroup;
use skill_scan_model::{
    Capability, Finding, PackageKind, PackageSummary, RecommendedAction, ThreatCategory,
};

/// MITRE ATT&CK techniques a rule names for hiding what it does: obfuscated or encoded content
/// (T1027, T1140) and hidden artefacts or windows (T1564). A finding that names one is concealment itself.
const CONCEALING: &[&str] = &["T1027", "T1140", "T1564"];

/// What the lowered findings do, read off their rules' MITRE techniques: run code they downloaded
/// (ingress tool transfer, T1105), or open a private key (T1552.004, what an SSH or TLS client library
/// loads), and nothing a rule calls concealment.
fn risky_api(finding: &Finding) -> bool {
    let names = |technique: &str| {
        finding
            .mitre
            .iter()
            .any(|m| m == technique || m.starts_with(&format!("{technique}.")))
    };
    let fetched_and_run = finding.category == ThreatCategory::RemoteExec
        && finding.has(Capability::RemoteExec)
        && names("T1105");
    let private_key = finding.category == ThreatCategory::CredentialExposure && names("T1552.004");
    (fetched_and_run || private_key) && !CONCEALING.iter().any(|t| names(t))
}

pub(crate) fn runs_only_when_called(
    group: &RootCauseGroup,
    members: &[&Finding],
    package: &PackageSummary,
) -> Option<(RecommendedAction, String)> {
    if package.kind != Some(PackageKind::Pypi) {
        return None;
    }
    let lowered = |f: &Finding| f.called_only && risky_api(f);
    if !members.iter().any(|f| lowered(f)) {
        return None;
    }
    let weight = members
        .iter()
        .map(|f| {
            if lowered(f) {
                one_step_down(f.action)
            } else {
                f.action
            }
        })
        .max()?;
    (weight < group.action).then(|| {
        (
            weight,
            "its stronger findings are in functions that neither install nor import reaches, in files that hide nothing; they run only when a caller asks"
                .to_string(),
        )
    })
}

#[cfg(test)]
mod tests {
    use crate::calibration::calibrate;
    use crate::groups::group_findings;
    use crate::groups::tests::finding;
    use skill_scan_model::{
        Capability, Finding, Language, PackageKind, PackageSummary, RecommendedAction,
        ThreatCategory,
    };

    fn action(findings: &[Finding], kind: PackageKind) -> RecommendedAction {
        let package = PackageSummary {
            kind: Some(kind),
            ..PackageSummary::default()
        };
        let calibrated = calibrate(&group_findings(findings), findings, &package);
        let strongest = calibrated.groups.iter().map(|g| g.action).max();
        strongest.unwrap_or(RecommendedAction::Log)
    }

    fn fetched_eval(path: &str, called_only: bool) -> Finding {
        let mut hit = finding("f1", "TNT003", path, 12, RecommendedAction::Block);
        hit.language = Language::Python;
        hit.category = ThreatCategory::RemoteExec;
        hit.capabilities = vec![Capability::RemoteExec];
        hit.mitre = vec!["T1105".into(), "T1059".into()];
        hit.called_only = called_only;
        hit
    }

    #[test]
    fn concealed_or_unfetched_code_keeps_its_block() {
        // Running a decoded payload is concealment, wherever it sits.
        let mut decoded = fetched_eval("pkg/quotes.py", true);
        decoded.mitre = vec!["T1105".into(), "T1027".into()];
        assert_eq!(
            action(&[decoded], PackageKind::Pypi),
            RecommendedAction::Block
        );
        // A reverse shell downloads nothing: it is not a library's fetch-and-run.
        let mut shell = fetched_eval("pkg/net.py", true);
        shell.mitre = vec!["T1059.004".into(), "T1071".into()];
        assert_eq!(
            action(&[shell], PackageKind::Pypi),
            RecommendedAction::Block
        );
    }

    #[test]
    fn fetched_code_run_only_when_called_weighs_a_review() {
        let api = fetched_eval("pkg/quotes.py", true);
        assert_eq!(
            action(std::slice::from_ref(&api), PackageKind::Pypi),
            RecommendedAction::Review
        );
        // Reached from install or import (or hidden), it keeps its block.
        assert_eq!(
            action(&[fetched_eval("pkg/quotes.py", false)], PackageKind::Pypi),
            RecommendedAction::Block
        );
        // A skill's script is run by the agent as a whole: the rule is for registry libraries.
        assert_eq!(action(&[api], PackageKind::Skill), RecommendedAction::Block);
    }

    #[test]
    fn a_group_that_also_holds_reached_code_keeps_its_block() {
        let api = fetched_eval("pkg/quotes.py", true);
        let mut reached = fetched_eval("pkg/__init__.py", false);
        reached.id = "f2".into();
        assert_eq!(
            action(&[api, reached], PackageKind::Pypi),
            RecommendedAction::Block
        );
    }
}
