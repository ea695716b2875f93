//! What the user's choices do to a scan: excluded paths, disabled rules, changed actions, the profile, and
//! suppressions (from the config, a baseline, or inline comments when the code is the user's own).
//!
//! The trust boundary lives here. Only the user's files suppress: the configuration (found from the current
//! folder, never the target), a baseline they name, and inline `skill-scan: ignore RULE reason` comments
//! *only* with `--allow-inline-suppressions`. Without that flag an inline comment suppresses nothing and
//! the rule `inline-suppression-comment` reports it, so a package that tries to silence its own findings
//! gets a finding more, never one fewer. Suppressed findings are kept, with the reason, in `suppressed`.

use crate::baseline::{fingerprints, Baseline};
use crate::config::{Config, ConfigError, Date, Exclude, Profile, RuleChoices};
use skill_scan_model::{
    Context, Finding, Language, RecommendedAction, SuppressedFinding, Suppression, SuppressionKind,
};
use skill_scan_rules::RuleSet;
use std::collections::HashSet;

/// The name (not the id, which a renumbering could change) of the rule that finds inline suppression
/// comments.
pub const INLINE_RULE_NAME: &str = "inline-suppression-comment";

/// A `[[suppress]]` entry, checked and ready to match.
#[derive(Debug, Clone)]
struct ActiveSuppression {
    rule: String,
    path: Option<Exclude>,
    reason: String,
    source: String,
}

#[derive(Debug, Clone, Default)]
pub struct Policy {
    /// The configuration file, as named in "excluded by config FILE".
    config: Option<String>,
    excludes: Vec<Exclude>,
    /// `--exclude` globs of the command line.
    cli_excludes: Vec<Exclude>,
    profile: Profile,
    choices: RuleChoices,
    suppressions: Vec<ActiveSuppression>,
    baseline: Option<Baseline>,
    allow_inline: bool,
    /// Upper-case ids of every loaded rule, for checking inline comments.
    known_rules: HashSet<String>,
}

impl Policy {
    /// What in this policy can change a package's result, for the content cache's key (the loaded rules
    /// are left out: the rule-pack digest covers them). `None` with a baseline, which the cache does not
    /// serve.
    pub(crate) fn cache_digest(&self) -> Option<String> {
        if self.baseline.is_some() {
            return None;
        }
        Some(format!(
            "{:?}",
            (
                &self.config,
                &self.excludes,
                &self.profile,
                &self.choices,
                &self.suppressions,
                self.allow_inline
            )
        ))
    }

    /// The policy for a scan with `rules` loaded. Fails on configuration that names unknown rules or holds
    /// an expired suppression.
    pub fn new(
        config: Option<&Config>,
        rules: &RuleSet,
        today: Date,
        baseline: Option<Baseline>,
        allow_inline: bool,
    ) -> Result<Policy, ConfigError> {
        let mut policy = Policy {
            baseline,
            allow_inline,
            known_rules: rules
                .rules
                .iter()
                .map(|r| r.id().to_ascii_uppercase())
                .collect(),
            ..Policy::default()
        };
        if let Some(config) = config {
            policy.choices = config.resolve_rules(rules, today)?;
            policy.config = Some(config.path.display().to_string());
            policy.excludes = config.excludes.clone();
            policy.profile = config.profile;
            policy.suppressions = config
                .suppressions
                .iter()
                .map(|s| ActiveSuppression {
                    rule: s.rule.to_ascii_uppercase(),
                    path: s.path.clone(),
                    reason: s.reason.clone(),
                    source: config.source_at(s.line),
                })
                .collect();
        }
        Ok(policy)
    }

    /// The same policy, also leaving out paths that match these globs (`--exclude`).
    pub fn with_cli_excludes(mut self, patterns: &[String]) -> Result<Policy, String> {
        for pattern in patterns {
            let glob = globset::Glob::new(pattern)
                .map_err(|e| format!("--exclude {pattern:?} is not a glob: {e}"))?;
            self.cli_excludes.push(Exclude {
                pattern: pattern.clone(),
                matcher: glob.compile_matcher(),
            });
        }
        Ok(self)
    }

    /// The same policy under another profile (`--profile` overrides the configuration's).
    pub fn with_profile(mut self, profile: Profile) -> Policy {
        self.profile = profile;
        self
    }

    /// Why `rel_path` is not scanned, if the configuration excludes it.
    pub fn excluded(&self, rel_path: &str) -> Option<String> {
        // Scanning code the user owns (the pre-commit hook), the repository's own `.git` holds the user's
        // hooks (pre-commit's among them) and config, not a package's: read only in third-party packages.
        if self.allow_inline && rel_path.starts_with(".git/") {
            return Some(
                "your own repository's git folder (--allow-inline-suppressions: code you own)"
                    .into(),
            );
        }
        if let Some(exclude) = self
            .cli_excludes
            .iter()
            .find(|e| e.matcher.is_match(rel_path))
        {
            return Some(format!("excluded by --exclude `{}`", exclude.pattern));
        }
        let exclude = self
            .excludes
            .iter()
            .find(|e| e.matcher.is_match(rel_path))?;
        Some(format!(
            "excluded by config {} (`{}`)",
            self.config.as_deref().unwrap_or("?"),
            exclude.pattern
        ))
    }

    /// The verdict engine's part of the profile.
    pub fn verdict_policy(&self) -> skill_scan_verdict::Policy {
        let floor = crate::profiles::policy(self.profile).calibration.floor;
        skill_scan_verdict::Policy {
            calibration_floor: (floor > RecommendedAction::Log).then_some(floor),
        }
    }

    /// Drops findings of disabled rules and applies the profile and per-rule actions. Runs before findings
    /// get their ids, so a disabled rule leaves no gap.
    pub fn adjust(&self, findings: &mut Vec<Finding>) {
        if !self.choices.disabled.is_empty() {
            findings.retain(|f| !self.choices.disabled.contains(&f.rule_id));
        }
        let profile = crate::profiles::policy(self.profile);
        for finding in findings.iter_mut() {
            profile.weigh(finding);
            if let Some(action) = self.choices.actions.get(&finding.rule_id) {
                finding.action = *action;
            }
        }
    }

    /// The verdict after the profile's floors: a counted finding in code that names a deny-listed path
    /// (credentials, keychains, service-account tokens, runtime sockets) makes it at least review, whatever
    /// calibration did, with a reason that names the path.
    pub fn floor(&self, verdict: &mut skill_scan_model::Verdict, findings: &[Finding]) {
        if verdict.level >= skill_scan_model::VerdictLevel::Review {
            return;
        }
        let profile = crate::profiles::policy(self.profile);
        let Some((finding, path)) = findings
            .iter()
            .find_map(|f| profile.denied_path(f).map(|p| (f, p)))
        else {
            return;
        };
        let ids = findings
            .iter()
            .filter(|f| profile.denied_path(f).is_some())
            .map(|f| f.id.clone())
            .collect();
        verdict.level = skill_scan_model::VerdictLevel::Review;
        verdict.reasons.push(skill_scan_model::VerdictReason {
            scope: finding.scope,
            category: finding.category,
            signal: finding.signal,
            rationale: format!(
                "code names {path:?}, a path the {} policy never lets pass below review",
                self.profile.as_str()
            ),
            compound: false,
            compound_id: None,
            finding_ids: ids,
        });
    }

    /// Splits findings into those that count and those the user suppressed.
    pub fn suppress(&self, findings: Vec<Finding>) -> (Vec<Finding>, Vec<SuppressedFinding>) {
        let prints = match &self.baseline {
            Some(_) => fingerprints(&findings),
            None => Vec::new(),
        };
        let directives = if self.allow_inline {
            findings
                .iter()
                .filter(|f| f.rule_name == INLINE_RULE_NAME)
                .filter_map(|f| self.directive(f))
                .collect()
        } else {
            Vec::new()
        };
        let mut kept = Vec::new();
        let mut suppressed = Vec::new();
        for (n, finding) in findings.into_iter().enumerate() {
            // A well-formed comment the user is allowed to write is not itself a finding.
            if directives
                .iter()
                .any(|d| d.path == finding.path && d.line == finding.line)
                && finding.rule_name == INLINE_RULE_NAME
            {
                continue;
            }
            let print = prints.get(n).map(String::as_str);
            match self.suppression_for(&finding, &directives, print) {
                Some(suppression) => suppressed.push(SuppressedFinding {
                    finding,
                    suppression,
                }),
                None => kept.push(finding),
            }
        }
        (kept, suppressed)
    }

    fn suppression_for(
        &self,
        finding: &Finding,
        directives: &[Directive],
        fingerprint: Option<&str>,
    ) -> Option<Suppression> {
        let rule = finding.rule_id.to_ascii_uppercase();
        if let Some(directive) = directives.iter().find(|d| {
            d.path == finding.path
                && (d.line == finding.line || d.line + 1 == finding.line)
                && d.rules.contains(&rule)
        }) {
            return Some(Suppression {
                kind: SuppressionKind::Inline,
                reason: directive.reason.clone(),
                source: format!("{}:{}", directive.path, directive.line),
            });
        }
        if let Some(entry) = self.suppressions.iter().find(|s| {
            s.rule == rule
                && s.path
                    .as_ref()
                    .is_none_or(|glob| glob.matcher.is_match(&finding.path))
        }) {
            return Some(Suppression {
                kind: SuppressionKind::Config,
                reason: entry.reason.clone(),
                source: entry.source.clone(),
            });
        }
        let baseline = self.baseline.as_ref()?;
        let reason = baseline.reason(fingerprint?)?;
        Some(Suppression {
            kind: SuppressionKind::Baseline,
            reason: reason.to_string(),
            source: baseline.source.clone(),
        })
    }

    /// The comment behind an inline-suppression finding, if it is a comment and well formed: known rule ids
    /// and a reason.
    fn directive(&self, finding: &Finding) -> Option<Directive> {
        if !is_comment_like(finding) {
            return None;
        }
        let (rules, reason) = parse_directive(&finding.snippet)?;
        rules
            .iter()
            .all(|r| self.known_rules.contains(r))
            .then(|| Directive {
                path: finding.path.clone(),
                line: finding.line,
                rules,
                reason,
            })
    }
}

/// Whether a hit sits where a person writes notes: a comment, Markdown prose (HTML comments), frontmatter,
/// plain text, or a data file (JSON, YAML and TOML have no comment context of their own). Never a string,
/// a docstring, a code block, or the code of a programming language.
fn is_comment_like(finding: &Finding) -> bool {
    match finding.context {
        Context::Comment | Context::MarkdownProse | Context::Frontmatter | Context::PlainText => {
            true
        }
        Context::Code => matches!(
            finding.language,
            Language::Yaml | Language::Toml | Language::Json | Language::Text
        ),
        Context::String | Context::Docstring | Context::MarkdownCode => false,
    }
}

/// An honoured `skill-scan: ignore RULE[,RULE] reason` comment: it covers its own line and the next.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Directive {
    path: String,
    line: usize,
    rules: Vec<String>,
    reason: String,
}

/// The rule ids (upper case) and the reason of a `skill-scan: ignore RULE[,RULE] reason` comment on `line`;
/// `None` when it does not have both.
pub fn parse_directive(line: &str) -> Option<(Vec<String>, String)> {
    let lower = line.to_ascii_lowercase();
    let start = lower.find("skill-scan:")? + "skill-scan:".len();
    let rest = line[start..].trim_start();
    let rest = rest
        .get(..6)
        .filter(|word| word.eq_ignore_ascii_case("ignore"))
        .map(|_| &rest[6..])?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let rest = rest.trim_start();
    let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let (ids, reason) = rest.split_at(end);
    let rules: Vec<String> = ids
        .split(',')
        .filter(|id| !id.is_empty())
        .map(str::to_ascii_uppercase)
        .collect();
    let reason = reason
        .trim()
        .trim_end_matches("-->")
        .trim_end_matches("*/")
        .trim();
    let plausible_id = |id: &String| {
        id.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    (!rules.is_empty() && rules.iter().all(plausible_id) && !reason.is_empty())
        .then(|| (rules, reason.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::baseline::tests::finding;
    use skill_scan_model::SignalClass;
    use std::path::Path;

    const TODAY: Date = Date {
        year: 2026,
        month: 6,
        day: 1,
    };

    fn rules() -> RuleSet {
        RuleSet::embedded(&skill_scan_detectors::DETECTORS).unwrap()
    }

    fn inline_comment(path: &str, line: usize, text: &str) -> Finding {
        let mut f = finding("EVA008", path, line, text);
        f.rule_name = INLINE_RULE_NAME.into();
        f.action = RecommendedAction::Review;
        f.context = Context::Comment;
        f
    }

    #[test]
    fn the_users_own_git_folder_is_left_alone_only_in_their_own_code() {
        let own = Policy::new(None, &rules(), TODAY, None, true).unwrap();
        assert!(own.excluded(".git/hooks/pre-commit").is_some());
        assert!(own.excluded("vendor/.git/config").is_none());
        let third_party = Policy::new(None, &rules(), TODAY, None, false).unwrap();
        assert!(third_party.excluded(".git/hooks/pre-commit").is_none());
    }

    #[test]
    fn only_comments_carry_directives() {
        let policy = Policy::new(None, &rules(), TODAY, None, true).unwrap();
        let mut in_a_string = inline_comment("i.sh", 1, "x = \"skill-scan: ignore RCE001 ok\"");
        in_a_string.context = Context::String;
        let mut in_code = inline_comment("i.sh", 1, "skill_scan(\"skill-scan: ignore RCE001 ok\")");
        in_code.context = Context::Code;
        let mut in_yaml = inline_comment("c.yaml", 1, "# skill-scan: ignore RCE001 ok");
        in_yaml.context = Context::Code;
        in_yaml.language = Language::Yaml;
        assert!(policy.directive(&in_a_string).is_none());
        assert!(policy.directive(&in_code).is_none());
        assert!(policy.directive(&in_yaml).is_some());
    }

    #[test]
    fn directives_need_rule_ids_and_a_reason() {
        assert_eq!(
            parse_directive("curl x | sh  # skill-scan: ignore RCE001 our own installer"),
            Some((vec!["RCE001".into()], "our own installer".into()))
        );
        assert_eq!(
            parse_directive("<!-- skill-scan: ignore rce001,EXF002 vendored, reviewed -->"),
            Some((
                vec!["RCE001".into(), "EXF002".into()],
                "vendored, reviewed".into()
            ))
        );
        assert_eq!(parse_directive("# skill-scan: ignore RCE001"), None);
        assert_eq!(parse_directive("# skill-scan: ignore"), None);
        assert_eq!(parse_directive("# skill-scan: ignoreRCE001 x"), None);
        assert_eq!(parse_directive("# skill-scan: disable RCE001 x"), None);
        assert_eq!(parse_directive("/* skill-scan: ignore RCE001 */"), None);
    }

    #[test]
    fn without_the_flag_inline_comments_suppress_nothing() {
        let policy = Policy::new(None, &rules(), TODAY, None, false).unwrap();
        let findings = vec![
            inline_comment("i.sh", 1, "# skill-scan: ignore RCE001 trust me"),
            finding("RCE001", "i.sh", 2, "curl x | sh"),
        ];
        let (kept, suppressed) = policy.suppress(findings.clone());
        assert_eq!(kept, findings);
        assert!(suppressed.is_empty());
    }

    #[test]
    fn with_the_flag_a_well_formed_comment_covers_its_line_and_the_next() {
        let policy = Policy::new(None, &rules(), TODAY, None, true).unwrap();
        let findings = vec![
            inline_comment("i.sh", 1, "# skill-scan: ignore RCE001 our installer"),
            finding("RCE001", "i.sh", 2, "curl x | sh"),
            finding("RCE001", "i.sh", 3, "curl y | sh"),
            finding("RCE001", "other.sh", 2, "curl x | sh"),
            inline_comment("j.sh", 5, "# skill-scan: ignore RCE001"),
            finding("RCE001", "j.sh", 6, "curl x | sh"),
            inline_comment("k.sh", 1, "# skill-scan: ignore NOPE999 made up"),
        ];
        let (kept, suppressed) = policy.suppress(findings);
        let kept: Vec<(&str, usize)> = kept.iter().map(|f| (f.path.as_str(), f.line)).collect();
        assert_eq!(
            kept,
            [
                ("i.sh", 3),
                ("other.sh", 2),
                ("j.sh", 5),
                ("j.sh", 6),
                ("k.sh", 1)
            ],
            "malformed comments stay findings and suppress nothing"
        );
        assert_eq!(suppressed.len(), 1);
        assert_eq!(suppressed[0].suppression.kind, SuppressionKind::Inline);
        assert_eq!(suppressed[0].suppression.source, "i.sh:1");
        assert_eq!(suppressed[0].suppression.reason, "our installer");
    }

    #[test]
    fn config_rules_actions_profiles_and_suppressions_apply() {
        let config = Config::parse(
            Path::new("cfg/skill-scan.toml"),
            "profile = \"permissive\"\nexclude = [\"vendor/**\"]\n[rules]\ndisable = [\"RCE002\"]\nactions = { RCE003 = \"block\" }\n\n[[suppress]]\nrule = \"RCE001\"\npath = \"scripts/*.sh\"\nreason = \"our installer\"\n"
                .into(),
        )
        .unwrap();
        let policy = Policy::new(Some(&config), &rules(), TODAY, None, false).unwrap();
        assert_eq!(
            policy.excluded("vendor/x/y.js").as_deref(),
            Some("excluded by config cfg/skill-scan.toml (`vendor/**`)")
        );
        assert_eq!(policy.excluded("src/x.js"), None);

        let mut hygiene = finding("SUP001", "package.json", 1, "x");
        hygiene.action = RecommendedAction::Review;
        hygiene.signal = SignalClass::Hygiene;
        let mut findings = vec![
            finding("RCE002", "a.sh", 1, "x"),
            finding("RCE003", "a.sh", 2, "x"),
            hygiene,
            finding("RCE001", "scripts/i.sh", 3, "curl"),
            finding("RCE001", "lib/i.sh", 3, "curl"),
        ];
        findings[1].action = RecommendedAction::Review;
        policy.adjust(&mut findings);
        let ids: Vec<(&str, RecommendedAction)> = findings
            .iter()
            .map(|f| (f.rule_id.as_str(), f.action))
            .collect();
        assert_eq!(
            ids,
            [
                ("RCE003", RecommendedAction::Block),
                ("SUP001", RecommendedAction::Log),
                ("RCE001", RecommendedAction::Block),
                ("RCE001", RecommendedAction::Block),
            ]
        );
        let (kept, suppressed) = policy.suppress(findings);
        assert_eq!(kept.len(), 3);
        assert_eq!(suppressed[0].finding.path, "scripts/i.sh");
        assert_eq!(suppressed[0].suppression.kind, SuppressionKind::Config);
        assert_eq!(suppressed[0].suppression.source, "cfg/skill-scan.toml:7");
        assert_eq!(policy.verdict_policy().calibration_floor, None);
    }

    #[test]
    fn strict_sets_a_calibration_floor() {
        let config = Config::parse(
            Path::new("skill-scan.toml"),
            "profile = \"strict\"\n".into(),
        )
        .unwrap();
        let policy = Policy::new(Some(&config), &rules(), TODAY, None, false).unwrap();
        assert_eq!(
            policy.verdict_policy().calibration_floor,
            Some(RecommendedAction::Review)
        );
    }

    #[test]
    fn baselined_findings_are_suppressed_by_fingerprint() {
        let accepted = [finding("RCE001", "i.sh", 3, "curl x | sh")];
        let text = crate::baseline::render_baseline("t", [&accepted[..]]);
        let baseline = Baseline::parse("base.json", &text, TODAY).unwrap();
        let policy = Policy::new(None, &rules(), TODAY, Some(baseline), false).unwrap();
        let (kept, suppressed) = policy.suppress(vec![
            finding("RCE001", "i.sh", 10, "  curl x | sh"),
            finding("RCE001", "i.sh", 11, "curl evil | sh"),
        ]);
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].line, 11);
        assert_eq!(suppressed[0].suppression.kind, SuppressionKind::Baseline);
        assert_eq!(suppressed[0].suppression.source, "base.json");
    }
}
