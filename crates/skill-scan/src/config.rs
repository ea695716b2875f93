//! The user's configuration: `skill-scan.toml` (or `.skill-scan.toml`, `.skill-scan.yaml`, `.skill-scan.yml`).
//!
//! It is found by walking up from the *current folder*, never from the scanned target: a package must not be
//! able to configure its own scan (DESIGN §7). A discovered file that lies inside a scanned folder is ignored
//! with a warning (unless the scan is of the user's own code, as in pre-commit); `--config FILE` always wins,
//! and `--no-config` turns discovery off.
//!
//! Mistakes are errors that name the file, line and column, with a "did you mean" where one is close.

mod date;
mod error;
mod suggest;

use clap::ValueEnum;
use globset::{Glob, GlobMatcher};
use serde::Deserialize;
use skill_scan_model::{RecommendedAction, ThreatCategory, VerdictLevel};
use skill_scan_rules::RuleSet;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use date::Date;
pub use error::ConfigError;
pub use suggest::closest;

/// File names a configuration may have, in the order they are looked for in each folder.
pub const CONFIG_FILE_NAMES: &[&str] = &[
    "skill-scan.toml",
    ".skill-scan.toml",
    ".skill-scan.yaml",
    ".skill-scan.yml",
];

/// How much the scan asks of a package. See the README's "Configuration" section.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Profile {
    /// Fail on `review`; calibration never lowers behaviour below `review`.
    Strict,
    /// The built-in weighing; fail on `block`.
    #[default]
    Default,
    /// Hygiene and review-signal findings are only logged; fail on `block`.
    Permissive,
}

impl Profile {
    /// The `--fail-on` level the profile implies when neither the command line nor the file sets one.
    pub fn fail_on(self) -> VerdictLevel {
        crate::profiles::policy(self).fail_on
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Strict => "strict",
            Profile::Default => "default",
            Profile::Permissive => "permissive",
        }
    }

    /// The profile named `name`; anything else is `default`.
    pub fn parse(name: &str) -> Profile {
        match name {
            "strict" => Profile::Strict,
            "permissive" => Profile::Permissive,
            _ => Profile::Default,
        }
    }
}

/// Output formats (shared by the command line and the configuration file) belong to the render crate.
pub use skill_scan_render::OutputFormat;

// ---------------------------------------------------------------------------------------------------------
// The file's shape. Unknown keys are errors, so a typo can never silently turn a setting off.

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    profile: Option<Profile>,
    format: Option<OutputFormat>,
    fail_on: Option<VerdictLevel>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    rule_dirs: Vec<String>,
    #[serde(default)]
    rules: RawRules,
    #[serde(default)]
    suppress: Vec<RawSuppression>,
    /// The decision log every verdict is appended to (`--log`), relative to this file's folder.
    log: Option<String>,
    cache: Option<CacheSetting>,
    /// The ed25519 private key (PEM file) that signs attestations (`--attest`, and `skill-scan worker`'s
    /// results), relative to this file's folder.
    signing_key: Option<String>,
}

/// `cache = true` (the default folder under the user's cache folder) or `cache = "DIR"`: keep
/// scan results in the content cache (`--cache`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum CacheSetting {
    On(bool),
    Dir(String),
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    #[serde(default)]
    disable: Vec<String>,
    #[serde(default)]
    enable: Vec<String>,
    #[serde(default)]
    actions: BTreeMap<String, RecommendedAction>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSuppression {
    rule: String,
    path: Option<String>,
    reason: String,
    expires: Option<Date>,
}

// ---------------------------------------------------------------------------------------------------------
// The parsed configuration.

/// A path glob from `exclude`.
#[derive(Debug, Clone)]
pub struct Exclude {
    pub pattern: String,
    pub matcher: GlobMatcher,
}

/// A `[[suppress]]` entry.
#[derive(Debug, Clone)]
pub struct ConfigSuppression {
    pub rule: String,
    pub path: Option<Exclude>,
    pub reason: String,
    pub expires: Option<Date>,
    /// 1-based line of the entry in the file.
    pub line: usize,
}

#[derive(Debug, Clone)]
pub struct Config {
    /// The file, as it will be named in messages.
    pub path: PathBuf,
    text: String,
    pub profile: Profile,
    pub format: Option<OutputFormat>,
    pub fail_on: Option<VerdictLevel>,
    pub excludes: Vec<Exclude>,
    /// `rule_dirs`, resolved against the configuration file's folder.
    pub rule_dirs: Vec<PathBuf>,
    pub disable: Vec<String>,
    pub enable: Vec<String>,
    pub actions: Vec<(String, RecommendedAction)>,
    pub suppressions: Vec<ConfigSuppression>,
    /// `log`, resolved against the configuration file's folder.
    pub log: Option<PathBuf>,
    pub cache: Option<CacheSetting>,
    /// `signing_key`, resolved against the configuration file's folder.
    pub signing_key: Option<PathBuf>,
}

/// What `[rules]` comes to once checked against the loaded rules.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleChoices {
    /// Rule ids whose findings are not produced.
    pub disabled: Vec<String>,
    /// Rule id → the action its findings get.
    pub actions: BTreeMap<String, RecommendedAction>,
}

impl Config {
    /// Reads and parses one configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            file: path.to_path_buf(),
            text: String::new(),
            span: None,
            message: format!("cannot read the configuration: {e}"),
            help: None,
        })?;
        Config::parse(path, text)
    }

    /// Parses configuration text; `path` names it in messages and decides TOML or YAML by its extension.
    pub fn parse(path: &Path, text: String) -> Result<Config, ConfigError> {
        let yaml = path
            .extension()
            .is_some_and(|ext| ext == "yaml" || ext == "yml");
        let raw: RawConfig = if yaml {
            // An empty YAML document is `null`, which means "no settings".
            if text.trim().is_empty() {
                RawConfig::default()
            } else {
                serde_yaml::from_str(&text).map_err(|e| {
                    let offset = e.location().map(|l| l.index());
                    let message = e.to_string();
                    let message = message
                        .split_once(" at line ")
                        .map_or(message.as_str(), |(head, _)| head)
                        .to_string();
                    parse_error(path, &text, offset, &message)
                })?
            }
        } else {
            toml::from_str(&text)
                .map_err(|e| parse_error(path, &text, e.span().map(|s| s.start), e.message()))?
        };
        Config::from_raw(path, text, raw)
    }

    fn from_raw(path: &Path, text: String, raw: RawConfig) -> Result<Config, ConfigError> {
        let error_at = |needle: &str, message: String, help: Option<String>| ConfigError {
            file: path.to_path_buf(),
            span: locate(&text, needle).map(|o| (o, needle.len())),
            text: text.clone(),
            message,
            help,
        };
        let glob = |pattern: &str| -> Result<Exclude, ConfigError> {
            Glob::new(pattern)
                .map(|g| Exclude {
                    pattern: pattern.to_string(),
                    matcher: g.compile_matcher(),
                })
                .map_err(|e| error_at(pattern, format!("invalid glob {pattern:?}: {e}"), None))
        };
        let excludes = raw
            .exclude
            .iter()
            .map(|p| glob(p))
            .collect::<Result<Vec<_>, _>>()?;
        let base = path.parent().unwrap_or(Path::new("."));
        let rule_dirs = raw.rule_dirs.iter().map(|d| base.join(d)).collect();
        let entry_lines = suppression_lines(&text, path, raw.suppress.len());
        let mut suppressions = Vec::new();
        for (entry, line) in raw.suppress.into_iter().zip(entry_lines) {
            if entry.reason.trim().is_empty() {
                return Err(ConfigError::at_line(
                    path,
                    &text,
                    line,
                    format!("the suppression of {} has an empty reason", entry.rule),
                    Some("say why the finding is acceptable: reason = \"…\"".into()),
                ));
            }
            let glob_path = entry.path.as_deref().map(glob).transpose()?;
            suppressions.push(ConfigSuppression {
                rule: entry.rule,
                path: glob_path,
                reason: entry.reason.trim().to_string(),
                expires: entry.expires,
                line,
            });
        }
        Ok(Config {
            path: path.to_path_buf(),
            profile: raw.profile.unwrap_or_default(),
            format: raw.format,
            fail_on: raw.fail_on,
            excludes,
            rule_dirs,
            disable: raw.rules.disable,
            enable: raw.rules.enable,
            actions: raw.rules.actions.into_iter().collect(),
            suppressions,
            log: raw.log.map(|l| base.join(l)),
            cache: raw.cache,
            signing_key: raw.signing_key.map(|k| base.join(k)),
            text,
        })
    }

    /// The file's text as read (what a decision log and an attestation bind the verdict to).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Finds the configuration for a scan started in `start`: the first folder, walking up, holding one of
    /// [`CONFIG_FILE_NAMES`]. Two of them in one folder is an error (which one would win is not obvious).
    pub fn discover(start: &Path) -> Result<Option<PathBuf>, ConfigError> {
        let start = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
        for folder in start.ancestors() {
            let found: Vec<PathBuf> = CONFIG_FILE_NAMES
                .iter()
                .map(|name| folder.join(name))
                .filter(|p| std::fs::metadata(p).is_ok_and(|m| m.is_file()))
                .collect();
            match found.as_slice() {
                [] => continue,
                [one] => return Ok(Some(one.clone())),
                [first, second, ..] => {
                    return Err(ConfigError {
                        file: first.clone(),
                        text: String::new(),
                        span: None,
                        message: format!(
                            "two configuration files in one folder: {} and {}",
                            first.display(),
                            second.display()
                        ),
                        help: Some("keep one, or choose with --config FILE".into()),
                    })
                }
            }
        }
        Ok(None)
    }

    /// `source` for messages and reports: the file name and a line.
    pub fn source_at(&self, line: usize) -> String {
        format!("{}:{line}", self.path.display())
    }

    /// Checks `[rules]` and `[[suppress]]` against the loaded rules and today's date.
    pub fn resolve_rules(&self, rules: &RuleSet, today: Date) -> Result<RuleChoices, ConfigError> {
        let ids: Vec<&str> = rules.rules.iter().map(|r| r.id()).collect();
        let find_id = |wanted: &str| {
            ids.iter()
                .find(|id| id.eq_ignore_ascii_case(wanted))
                .map(|id| id.to_string())
        };
        let packs: Vec<String> = rules.rules.iter().map(|r| pack_stem(&r.pack)).collect();
        // An entry of `disable`/`enable` names a rule id, a pack (file name without `.yaml`) or a category.
        let select = |entry: &str| -> Result<Vec<String>, ConfigError> {
            if let Some(id) = find_id(entry) {
                return Ok(vec![id]);
            }
            let wanted = entry.to_ascii_lowercase();
            let chosen: Vec<String> = rules
                .rules
                .iter()
                .zip(&packs)
                .filter(|(rule, pack)| **pack == wanted || rule.spec.category.as_str() == wanted)
                .map(|(rule, _)| rule.id().to_string())
                .collect();
            if !chosen.is_empty() || ThreatCategory::parse(&wanted).is_some() {
                return Ok(chosen);
            }
            let mut candidates: Vec<&str> = ids.clone();
            candidates.extend(packs.iter().map(String::as_str));
            candidates.extend(ThreatCategory::ALL.iter().map(|c| c.as_str()));
            Err(self.unknown(entry, "rule, pack or category", &candidates))
        };
        let mut disabled = Vec::new();
        for entry in &self.disable {
            disabled.extend(select(entry)?);
        }
        for entry in &self.enable {
            let enabled = select(entry)?;
            disabled.retain(|id| !enabled.contains(id));
        }
        disabled.sort();
        disabled.dedup();
        let mut actions = BTreeMap::new();
        for (rule, action) in &self.actions {
            let id = find_id(rule).ok_or_else(|| self.unknown(rule, "rule", &ids))?;
            actions.insert(id, *action);
        }
        for suppression in &self.suppressions {
            if find_id(&suppression.rule).is_none() {
                return Err(self.unknown(&suppression.rule, "rule", &ids));
            }
            if let Some(expires) = suppression.expires.filter(|e| *e < today) {
                return Err(ConfigError::at_line(
                    &self.path,
                    &self.text,
                    suppression.line,
                    format!(
                        "the suppression of {}{} expired on {expires} (reason: {})",
                        suppression.rule,
                        suppression
                            .path
                            .as_ref()
                            .map(|p| format!(" in {}", p.pattern))
                            .unwrap_or_default(),
                        suppression.reason
                    ),
                    Some(
                        "look at the finding again: fix it, or renew the suppression with a new \
                         `expires` date"
                            .into(),
                    ),
                ));
            }
        }
        Ok(RuleChoices { disabled, actions })
    }

    fn unknown(&self, name: &str, what: &str, candidates: &[&str]) -> ConfigError {
        let help = match closest(name, candidates.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => "`skill-scan rules` lists every rule".to_string(),
        };
        ConfigError {
            file: self.path.clone(),
            span: locate(&self.text, name).map(|o| (o, name.len())),
            text: self.text.clone(),
            message: format!("unknown {what} `{name}`"),
            help: Some(help),
        }
    }
}

/// `rules/remote_exec.yaml` or `remote_exec.yaml` → `remote_exec`.
fn pack_stem(pack: &str) -> String {
    Path::new(pack)
        .file_stem()
        .map(|s| s.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// Byte offset of the first place `needle` appears as a whole token (not inside a longer word).
fn locate(text: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    text.match_indices(needle).map(|(i, _)| i).find(|&i| {
        let before = text[..i].chars().next_back();
        let after = text[i + needle.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}

/// The line each suppression entry starts on: `[[suppress]]` headers in TOML, the list items under
/// `suppress:` in YAML. Falls back to the `suppress` key's line (e.g. for an inline TOML array).
fn suppression_lines(text: &str, path: &Path, count: usize) -> Vec<usize> {
    let yaml = path
        .extension()
        .is_some_and(|ext| ext == "yaml" || ext == "yml");
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    let mut key_line = 1;
    if yaml {
        if let Some(start) = lines.iter().position(|l| l.starts_with("suppress:")) {
            key_line = start + 1;
            let mut indent = None;
            for (n, line) in lines.iter().enumerate().skip(start + 1) {
                let trimmed = line.trim_start();
                if trimmed.is_empty() || trimmed.starts_with('#') {
                    continue;
                }
                let depth = line.len() - trimmed.len();
                if depth == 0 && !trimmed.starts_with('-') {
                    break;
                }
                if trimmed.starts_with('-') && *indent.get_or_insert(depth) == depth {
                    found.push(n + 1);
                }
            }
        }
    } else {
        for (n, line) in lines.iter().enumerate() {
            let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
            if compact.starts_with("[[suppress]]") {
                found.push(n + 1);
            } else if compact.starts_with("suppress=") {
                key_line = n + 1;
            }
        }
    }
    (0..count)
        .map(|i| found.get(i).copied().unwrap_or(key_line))
        .collect()
}

fn parse_error(path: &Path, text: &str, offset: Option<usize>, message: &str) -> ConfigError {
    let (message, help) = suggest::reword(message);
    // serde reports an unknown key at the start of its table; point at the key itself when it can be found.
    let unknown = message
        .strip_prefix("unknown key `")
        .or_else(|| message.strip_prefix("unknown value `"))
        .and_then(|rest| rest.strip_suffix('`'));
    let span = match unknown {
        Some(name) => {
            let from = offset.unwrap_or(0).min(text.len());
            let from = skill_scan_model::floor_char_boundary(text, from);
            locate(&text[from..], name)
                .map(|o| (from + o, name.len()))
                .or_else(|| locate(text, name).map(|o| (o, name.len())))
                .or(offset.map(|o| (o, 0)))
        }
        None => offset.map(|o| (o, 0)),
    };
    ConfigError {
        file: path.to_path_buf(),
        text: text.to_string(),
        span,
        message,
        help,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(name: &str, text: &str) -> Result<Config, ConfigError> {
        Config::parse(Path::new(name), text.to_string())
    }

    #[test]
    fn a_full_toml_file_parses() {
        let config = parse(
            "skill-scan.toml",
            r#"
profile = "strict"
format = "json"
fail_on = "review"
exclude = ["vendor/**"]
rule_dirs = ["team-rules"]

[rules]
disable = ["OBF001", "crypto_mining"]
enable = ["MIN001"]
actions = { RCE001 = "review" }

[[suppress]]
rule = "RCE001"
path = "scripts/**"
reason = "our own installer"
expires = 2099-01-31

[[suppress]]
rule = "EXF001"
reason = "reviewed"
expires = "2099-12-31"
"#,
        )
        .unwrap();
        assert_eq!(config.profile, Profile::Strict);
        assert_eq!(config.format, Some(OutputFormat::Json));
        assert_eq!(config.fail_on, Some(VerdictLevel::Review));
        assert!(config.excludes[0].matcher.is_match("vendor/a/b.js"));
        assert_eq!(config.rule_dirs, [PathBuf::from("team-rules")]);
        assert_eq!(
            config.actions,
            [("RCE001".into(), RecommendedAction::Review)]
        );
        assert_eq!(config.suppressions.len(), 2);
        assert_eq!(config.suppressions[0].line, 13);
        assert_eq!(config.suppressions[1].line, 19);
        assert_eq!(
            config.suppressions[0].expires,
            Some(Date {
                year: 2099,
                month: 1,
                day: 31
            })
        );
        assert_eq!(config.source_at(13), "skill-scan.toml:13");
    }

    #[test]
    fn the_same_settings_parse_from_yaml() {
        let config = parse(
            ".skill-scan.yaml",
            "profile: permissive\nexclude: ['dist/**']\nrules:\n  disable: [OBF001]\nsuppress:\n  # why\n  - rule: RCE001\n    reason: ours\n    expires: 2099-01-31\n  - rule: EXF001\n    reason: reviewed\n",
        )
        .unwrap();
        assert_eq!(config.profile, Profile::Permissive);
        assert_eq!(config.disable, ["OBF001"]);
        let lines: Vec<usize> = config.suppressions.iter().map(|s| s.line).collect();
        assert_eq!(lines, [7, 10]);
        assert!(parse(".skill-scan.yml", "").is_ok());
    }

    #[test]
    fn an_unknown_key_names_the_file_line_and_the_closest_key() {
        let err = parse(
            "skill-scan.toml",
            "profile = \"strict\"\nexlude = [\"x\"]\n",
        )
        .unwrap_err();
        assert_eq!(err.line_column(), Some((2, 1)));
        assert_eq!(
            err.to_string(),
            "skill-scan.toml:2:1: unknown key `exlude`; did you mean `exclude`?"
        );
        let err = parse("skill-scan.toml", "[rules]\ndisable = []\ndisabel = []\n").unwrap_err();
        assert_eq!(err.line_column(), Some((3, 1)), "{err}");
        assert!(err.to_string().contains("did you mean `disable`?"), "{err}");
        let err = parse(
            "skill-scan.toml",
            "[[suppress]]\nrule = \"RCE001\"\nreason = \"x\"\npaht = \"a\"\n",
        )
        .unwrap_err();
        assert!(err.to_string().contains("did you mean `path`?"), "{err}");
        assert_eq!(err.line_column(), Some((4, 1)), "{err}");
    }

    #[test]
    fn yaml_errors_have_places_and_suggestions_too() {
        let err = parse(".skill-scan.yaml", "profile: strict\nfial_on: review\n").unwrap_err();
        assert_eq!(err.line_column(), Some((2, 1)), "{err}");
        assert!(err.to_string().contains("did you mean `fail_on`?"), "{err}");
        let err = parse(".skill-scan.yaml", "profile: stric\n").unwrap_err();
        assert!(err.to_string().contains("unknown value `stric`"), "{err}");
        assert!(err.to_string().contains("did you mean `strict`?"), "{err}");
    }

    #[test]
    fn bad_values_are_errors() {
        let err = parse("skill-scan.toml", "fail_on = \"blok\"\n").unwrap_err();
        assert!(err.to_string().contains("did you mean `block`?"), "{err}");
        let err = parse(
            "skill-scan.toml",
            "[[suppress]]\nrule = \"RCE001\"\nreason = \"  \"\n",
        )
        .unwrap_err();
        assert_eq!(err.line_column(), Some((1, 1)));
        assert!(err.message.contains("empty reason"), "{err}");
        let err = parse(
            "skill-scan.toml",
            "[[suppress]]\nrule = \"RCE001\"\nreason = \"x\"\nexpires = \"2027-02-30\"\n",
        )
        .unwrap_err();
        assert!(err.message.contains("not a date"), "{err}");
        let err = parse("skill-scan.toml", "exclude = [\"a/[\"]\n").unwrap_err();
        assert!(err.message.contains("invalid glob"), "{err}");
        assert!(parse("skill-scan.toml", "[[suppress]]\nrule = \"X\"\n").is_err());
    }

    #[test]
    fn rules_packs_and_categories_resolve_with_suggestions() {
        let rules = RuleSet::embedded(&skill_scan_detectors::DETECTORS).unwrap();
        let today = Date {
            year: 2026,
            month: 6,
            day: 1,
        };
        let config = parse(
            "skill-scan.toml",
            "[rules]\ndisable = [\"crypto_mining\", \"evasion\"]\nenable = [\"EVA001\"]\nactions = { rce001 = \"log\" }\n",
        )
        .unwrap();
        let choices = config.resolve_rules(&rules, today).unwrap();
        assert!(
            choices.disabled.iter().any(|id| id.starts_with("MIN")),
            "{choices:?}"
        );
        assert!(!choices.disabled.contains(&"EVA001".to_string()));
        assert_eq!(choices.actions.get("RCE001"), Some(&RecommendedAction::Log));

        let config = parse("skill-scan.toml", "\n[rules]\ndisable = [\"RCE01\"]\n").unwrap();
        let err = config.resolve_rules(&rules, today).unwrap_err();
        assert_eq!(err.line_column(), Some((3, 13)), "{err}");
        assert!(
            err.to_string()
                .contains("unknown rule, pack or category `RCE01`"),
            "{err}"
        );
        assert!(err.to_string().contains("did you mean `RCE001`?"), "{err}");

        let config = parse(
            "skill-scan.toml",
            "[[suppress]]\nrule = \"RCE0001\"\nreason = \"x\"\n",
        )
        .unwrap();
        let err = config.resolve_rules(&rules, today).unwrap_err();
        assert!(err.to_string().contains("did you mean `RCE001`?"), "{err}");
    }

    #[test]
    fn an_expired_suppression_is_an_error_naming_it() {
        let rules = RuleSet::embedded(&skill_scan_detectors::DETECTORS).unwrap();
        let config = parse(
            "skill-scan.toml",
            "# ours\n[[suppress]]\nrule = \"RCE001\"\npath = \"install.sh\"\nreason = \"our installer\"\nexpires = 2026-01-31\n",
        )
        .unwrap();
        let on_the_day = Date {
            year: 2026,
            month: 1,
            day: 31,
        };
        assert!(config.resolve_rules(&rules, on_the_day).is_ok());
        let after = Date {
            year: 2026,
            month: 2,
            day: 1,
        };
        let err = config.resolve_rules(&rules, after).unwrap_err();
        assert_eq!(
            err.to_string(),
            "skill-scan.toml:2:1: the suppression of RCE001 in install.sh expired on 2026-01-31 \
             (reason: our installer); look at the finding again: fix it, or renew the suppression \
             with a new `expires` date"
        );
        let drawn = err.render(false);
        assert!(drawn.contains("[[suppress]]"), "{drawn}");
    }

    #[test]
    fn discovery_walks_up_and_refuses_two_files_in_one_folder() {
        let dir = tempfile::tempdir().unwrap();
        let inner = dir.path().join("a/b");
        std::fs::create_dir_all(&inner).unwrap();
        std::fs::write(dir.path().join("a/.skill-scan.yaml"), "profile: strict\n").unwrap();
        let found = Config::discover(&inner).unwrap().unwrap();
        assert!(found.ends_with("a/.skill-scan.yaml"), "{found:?}");
        std::fs::write(dir.path().join("a/skill-scan.toml"), "").unwrap();
        let err = Config::discover(&inner).unwrap_err();
        assert!(err.message.contains("two configuration files"), "{err}");
    }
}
