//! The three profiles as readable policy files (`policies/*.toml`, built into the binary): what each one
//! fails on and how it weighs findings. [`crate::policy::Policy`] applies them; the attestation and the
//! decision log name the file's bytes by digest, so a verdict says which policy it was reached under.

use crate::config::Profile;
use serde::Deserialize;
use skill_scan_model::{
    ArtifactScope, Context, FileRole, Finding, RecommendedAction, SignalClass, ThreatCategory,
    VerdictLevel,
};
use std::sync::OnceLock;

const DEFAULT: &str = include_str!("../../../policies/default.toml");
const STRICT: &str = include_str!("../../../policies/strict.toml");
const PERMISSIVE: &str = include_str!("../../../policies/permissive.toml");

/// One policy file, parsed. Unknown keys are errors (caught by the tests, since the files are built in).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfilePolicy {
    pub name: String,
    pub fail_on: VerdictLevel,
    pub calibration: Calibration,
    pub findings: FindingWeights,
    pub verdict: VerdictWeights,
    pub deny_paths: DenyPaths,
    pub allowed_hosts: AllowedHosts,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Calibration {
    /// The lowest action calibration may give a behaviour finding.
    pub floor: RecommendedAction,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FindingWeights {
    /// Hygiene and review-signal findings at review are only logged.
    pub log_review_signals: bool,
    /// The least a behaviour finding counts as.
    pub behaviour_at_least: RecommendedAction,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerdictWeights {
    /// `["all"]` or the categories whose block findings may block.
    pub block_categories: Vec<String>,
    /// The scopes whose review-level findings ask for review.
    pub review_scopes: Vec<ArtifactScope>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DenyPaths {
    pub paths: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllowedHosts {
    pub hosts: Vec<String>,
}

impl ProfilePolicy {
    /// Reweighs one finding under this policy (before calibration and the verdict).
    pub fn weigh(&self, finding: &mut Finding) {
        if self.findings.log_review_signals
            && finding.action == RecommendedAction::Review
            && matches!(
                finding.signal,
                SignalClass::Hygiene | SignalClass::ReviewSignal
            )
        {
            finding.action = RecommendedAction::Log;
        }
        // A block this policy does not let block still asks for review, in any scope.
        if finding.action == RecommendedAction::Block && !self.may_block(finding.category) {
            finding.action = RecommendedAction::Review;
        } else if finding.action == RecommendedAction::Review
            && !self.verdict.review_scopes.contains(&finding.scope)
        {
            finding.action = RecommendedAction::Log;
        }
        if finding.action == RecommendedAction::Review
            && finding.signal != SignalClass::MaliciousBehavior
            && self.only_allowed_hosts(&finding.snippet)
        {
            finding.action = RecommendedAction::Log;
        }
        if finding.is_behaviour() {
            finding.action = finding.action.max(self.findings.behaviour_at_least);
        }
    }

    fn may_block(&self, category: ThreatCategory) -> bool {
        self.verdict
            .block_categories
            .iter()
            .any(|c| c == "all" || c == category.as_str())
    }

    /// The deny-listed path a finding in the package's own code names, if any. Tests, examples and docs
    /// name such paths to check that they are refused (deny-lists, sandboxes): that is not a read.
    pub fn denied_path(&self, finding: &Finding) -> Option<&str> {
        if !matches!(finding.context, Context::Code | Context::String)
            || finding.file_role != FileRole::Source
        {
            return None;
        }
        self.deny_paths
            .paths
            .iter()
            .find(|p| finding.snippet.contains(p.as_str()))
            .map(String::as_str)
    }

    /// Whether `line` names at least one URL host and every one is allowed (a host or a subdomain of one).
    fn only_allowed_hosts(&self, line: &str) -> bool {
        if self.allowed_hosts.hosts.is_empty() {
            return false;
        }
        let hosts = url_hosts(line);
        !hosts.is_empty()
            && hosts.iter().all(|host| {
                self.allowed_hosts.hosts.iter().any(|allowed| {
                    host.eq_ignore_ascii_case(allowed)
                        || host
                            .to_ascii_lowercase()
                            .ends_with(&format!(".{}", allowed.to_ascii_lowercase()))
                })
            })
    }
}

/// The hosts of every `http://` / `https://` URL in `line`.
fn url_hosts(line: &str) -> Vec<&str> {
    let mut hosts = Vec::new();
    for (at, _) in line.match_indices("://") {
        let scheme_start = line[..at]
            .rfind(|c: char| !c.is_ascii_alphabetic())
            .map_or(0, |i| i + 1);
        if !matches!(
            line[scheme_start..at].to_ascii_lowercase().as_str(),
            "http" | "https"
        ) {
            continue;
        }
        let rest = &line[at + 3..];
        let end = rest
            .find(['/', '?', '#', '"', '\'', '`', ' ', ')'])
            .unwrap_or(rest.len());
        let authority = &rest[..end];
        let host = authority.rsplit('@').next().unwrap_or(authority);
        hosts.push(host.split(':').next().unwrap_or(host));
    }
    hosts
}

/// The policy file's text for `profile`.
pub fn policy_text(profile: Profile) -> &'static str {
    match profile {
        Profile::Default => DEFAULT,
        Profile::Strict => STRICT,
        Profile::Permissive => PERMISSIVE,
    }
}

/// The parsed policy of `profile`. A built-in file that does not parse is a build defect the tests catch;
/// should one slip through, the scan falls back to the strict policy rather than a weaker one.
pub fn policy(profile: Profile) -> &'static ProfilePolicy {
    static PARSED: OnceLock<[ProfilePolicy; 3]> = OnceLock::new();
    let all = PARSED.get_or_init(|| {
        [Profile::Default, Profile::Strict, Profile::Permissive]
            .map(|p| toml::from_str(policy_text(p)).unwrap_or_else(|_| fallback_strict()))
    });
    match profile {
        Profile::Default => &all[0],
        Profile::Strict => &all[1],
        Profile::Permissive => &all[2],
    }
}

fn fallback_strict() -> ProfilePolicy {
    ProfilePolicy {
        name: "strict".into(),
        fail_on: VerdictLevel::Review,
        calibration: Calibration {
            floor: RecommendedAction::Review,
        },
        findings: FindingWeights {
            log_review_signals: false,
            behaviour_at_least: RecommendedAction::Review,
        },
        verdict: VerdictWeights {
            block_categories: vec!["all".into()],
            review_scopes: ArtifactScope::ALL.to_vec(),
        },
        deny_paths: DenyPaths { paths: Vec::new() },
        allowed_hosts: AllowedHosts { hosts: Vec::new() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::baseline::tests::finding;

    fn code_finding(category: ThreatCategory, action: RecommendedAction, snippet: &str) -> Finding {
        let mut f = finding("EXF001", "lib/x.js", 3, snippet);
        f.category = category;
        f.action = action;
        f.signal = SignalClass::SuspiciousBehavior;
        f.scope = ArtifactScope::SupportingArtifact;
        f.context = Context::Code;
        f
    }

    fn weighed(profile: Profile, mut f: Finding) -> RecommendedAction {
        policy(profile).weigh(&mut f);
        f.action
    }

    #[test]
    fn permissive_blocks_only_for_harm_and_counts_review_only_where_it_steers() {
        let obfuscated = code_finding(
            ThreatCategory::Obfuscation,
            RecommendedAction::Block,
            "eval(atob(x))",
        );
        assert_eq!(
            weighed(Profile::Default, obfuscated.clone()),
            RecommendedAction::Block
        );
        assert_eq!(
            weighed(Profile::Permissive, obfuscated),
            RecommendedAction::Review
        );
        let mut hint = code_finding(ThreatCategory::Obfuscation, RecommendedAction::Review, "x");
        hint.signal = SignalClass::SuspiciousBehavior;
        assert_eq!(weighed(Profile::Permissive, hint), RecommendedAction::Log);
        let exec = code_finding(
            ThreatCategory::RemoteExec,
            RecommendedAction::Block,
            "curl x | sh",
        );
        assert_eq!(weighed(Profile::Permissive, exec), RecommendedAction::Block);
        let mut entry = code_finding(
            ThreatCategory::DataExfiltration,
            RecommendedAction::Review,
            "x",
        );
        entry.scope = ArtifactScope::AgentEntrypoint;
        assert_eq!(
            weighed(Profile::Permissive, entry),
            RecommendedAction::Review
        );
    }

    #[test]
    fn strict_never_only_logs_behaviour() {
        let logged = code_finding(
            ThreatCategory::DataExfiltration,
            RecommendedAction::Log,
            "fetch(u)",
        );
        assert_eq!(
            weighed(Profile::Default, logged.clone()),
            RecommendedAction::Log
        );
        assert_eq!(
            weighed(Profile::Strict, logged.clone()),
            RecommendedAction::Review
        );
        let mut in_a_test = logged;
        in_a_test.file_role = skill_scan_model::FileRole::Test;
        assert_eq!(weighed(Profile::Strict, in_a_test), RecommendedAction::Log);
    }

    #[test]
    fn deny_listed_paths_are_found_in_code_only() {
        for snippet in [
            "fs.readFileSync(path.join(os.homedir(), '.ssh', 'id_rsa'))",
            "cat ~/Library/Keychains/login.keychain-db",
        ] {
            let f = code_finding(
                ThreatCategory::CredentialExposure,
                RecommendedAction::Log,
                snippet,
            );
            for profile in [Profile::Default, Profile::Strict, Profile::Permissive] {
                assert!(policy(profile).denied_path(&f).is_some(), "{snippet}");
            }
        }
        // A mention in documentation is not a read.
        let mut prose = code_finding(
            ThreatCategory::CredentialExposure,
            RecommendedAction::Log,
            "keep ~/.ssh/id_rsa safe",
        );
        prose.context = Context::MarkdownProse;
        assert!(policy(Profile::Default).denied_path(&prose).is_none());
        // Cloud and container clients need their own files: only the strict policy denies them.
        let docker = code_finding(
            ThreatCategory::CredentialExposure,
            RecommendedAction::Log,
            "sock='/var/run/docker.sock'",
        );
        assert!(policy(Profile::Default).denied_path(&docker).is_none());
        assert!(policy(Profile::Strict).denied_path(&docker).is_some());
        // So does a Kubernetes client or workload-identity SDK in a pod: its service-account token.
        let in_cluster = code_finding(
            ThreatCategory::CredentialExposure,
            RecommendedAction::Log,
            "open('/var/run/secrets/kubernetes.io/serviceaccount/token')",
        );
        assert!(policy(Profile::Default).denied_path(&in_cluster).is_none());
        assert!(policy(Profile::Strict).denied_path(&in_cluster).is_some());
        // Nor is a path that merely resembles one.
        let near = code_finding(
            ThreatCategory::CredentialExposure,
            RecommendedAction::Log,
            "open('notes/sshd_config.md')",
        );
        assert!(policy(Profile::Default).denied_path(&near).is_none());
        // A test that feeds the path to a deny-list checks that it is refused.
        let mut test = code_finding(
            ThreatCategory::CredentialExposure,
            RecommendedAction::Log,
            "assert.equal(isDenied('cat ~/.ssh/id_rsa'), true)",
        );
        test.file_role = FileRole::Test;
        assert!(policy(Profile::Default).denied_path(&test).is_none());
    }

    #[test]
    fn allowed_hosts_turn_a_review_call_into_log_only_when_every_host_is_allowed() {
        let mut p = policy(Profile::Default).clone();
        p.allowed_hosts.hosts = vec!["api.example.invalid".into()];
        let call = |line: &str| {
            let mut f = code_finding(
                ThreatCategory::DataExfiltration,
                RecommendedAction::Review,
                line,
            );
            p.weigh(&mut f);
            f.action
        };
        assert_eq!(
            call("fetch('https://api.example.invalid/v1', {headers: {k: KEY}})"),
            RecommendedAction::Log
        );
        assert_eq!(
            call("fetch('https://eu.api.example.invalid/v1')"),
            RecommendedAction::Log
        );
        assert_eq!(
            call("fetch('https://api.example.invalid.evil.invalid/x')"),
            RecommendedAction::Review
        );
        assert_eq!(
            call("post('https://api.example.invalid', 'https://203.0.113.9/')"),
            RecommendedAction::Review
        );
        assert_eq!(call("fetch(url)"), RecommendedAction::Review);
        assert_eq!(url_hosts("x='https://u:p@h.invalid:8080/p'"), ["h.invalid"]);
    }

    #[test]
    fn every_built_in_policy_file_parses_and_names_its_profile() {
        for profile in [Profile::Default, Profile::Strict, Profile::Permissive] {
            let parsed: ProfilePolicy = toml::from_str(policy_text(profile)).unwrap();
            assert_eq!(parsed.name, profile.as_str());
            assert_eq!(&parsed, policy(profile));
        }
    }

    #[test]
    fn the_profiles_differ_in_what_they_ask() {
        assert_eq!(policy(Profile::Strict).fail_on, VerdictLevel::Review);
        assert_eq!(
            policy(Profile::Strict).calibration.floor,
            RecommendedAction::Review
        );
        assert_eq!(policy(Profile::Default).fail_on, VerdictLevel::Block);
        assert!(policy(Profile::Permissive).findings.log_review_signals);
        assert!(!policy(Profile::Default).findings.log_review_signals);
    }
}
