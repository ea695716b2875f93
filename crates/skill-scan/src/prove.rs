//! After a scan: the verdicts made provable. `--attest FILE` signs one in-toto statement per target (DSSE,
//! ed25519) into an in-toto bundle (one envelope a line); `--log FILE` (or the configuration's `log`) appends
//! each verdict to the hash-chained decision log. Both bind the verdict to the digest of the bytes scanned,
//! the rules in force and the policy.

use crate::config::{Config, Profile};
use crate::RuleSet;
use clap::Args;
use serde_json::{Map, Value};
use skill_scan_attest::digest::{digest_path, DigestError, TargetDigest};
use skill_scan_attest::dsse::{sign, Envelope, IN_TOTO_PAYLOAD_TYPE};
use skill_scan_attest::keys::SecretKey;
use skill_scan_attest::log::{append, PolicyBinding};
use skill_scan_attest::statement::{self, PolicyRef, RulePack, Scanner};
use skill_scan_attest::{sha256_hex, time};
use skill_scan_model::{RecommendedAction, TargetReport};
use std::path::{Path, PathBuf};

/// The command-line flags of this module (flattened into every scan command).
#[derive(Debug, Clone, Default, Args)]
pub struct ProveArgs {
    /// Sign an in-toto attestation of each verdict into FILE (one DSSE envelope a line; see
    /// docs/attestation.md). Needs --key or $SKILL_SCAN_SIGNING_KEY.
    #[arg(long, value_name = "FILE")]
    pub attest: Option<PathBuf>,

    /// The ed25519 private key (PEM) that signs --attest [default: $SKILL_SCAN_SIGNING_KEY, else the
    /// configuration's `signing_key`].
    #[arg(long, value_name = "FILE", requires = "attest")]
    pub key: Option<PathBuf>,

    /// Append every verdict to this hash-chained decision log [default: the configuration's `log`].
    #[arg(long, value_name = "FILE")]
    pub log: Option<PathBuf>,

    /// The accepted-verdicts file (`skill-scan accept` writes it) [default: ./skill-scan.lock if present].
    #[arg(long, value_name = "FILE")]
    pub lock: Option<PathBuf>,

    /// Write the least privilege the package needs, from what the scan saw it do, to --profile-output:
    /// json (a summary), agent (a permission block), tetragon (a TracingPolicy). One target only.
    #[arg(long, value_enum, value_name = "FORMAT", requires = "profile_output")]
    pub emit_profile: Option<crate::runtime_profile::ProfileFormat>,

    /// Where --emit-profile writes.
    #[arg(long, value_name = "FILE", requires = "emit_profile")]
    pub profile_output: Option<PathBuf>,
}

/// What the scan ran under, as the attestation and the log name it.
pub struct ScanContext<'a> {
    pub version: &'a str,
    pub rules: &'a RuleSet,
    pub profile: Profile,
    pub config: Option<&'a Config>,
}

impl ProveArgs {
    /// Fails early (before scanning) when an attestation was asked for without a usable key.
    /// The key: `--key`, else `$SKILL_SCAN_SIGNING_KEY`, else the configuration's `signing_key`.
    pub fn signing_key(&self, config: Option<&Config>) -> Result<Option<SecretKey>, String> {
        if self.attest.is_none() {
            return Ok(None);
        }
        let env_set = std::env::var(skill_scan_attest::keys::SIGNING_KEY_ENV)
            .is_ok_and(|v| !v.trim().is_empty());
        let from_config = config.and_then(|c| c.signing_key.as_deref());
        let path = self
            .key
            .as_deref()
            .or(if env_set { None } else { from_config });
        SecretKey::from_file_or_env(path)
            .map(Some)
            .map_err(|e| e.to_string())
    }

    /// Writes the attestation bundle and the log lines for `reports`.
    pub fn record(
        &self,
        key: Option<&SecretKey>,
        reports: &[TargetReport],
        context: &ScanContext,
    ) -> Result<(), String> {
        if let (Some(format), Some(file)) = (self.emit_profile, &self.profile_output) {
            let [report] = reports else {
                return Err(format!(
                    "--emit-profile describes one package; {} targets were given",
                    reports.len()
                ));
            };
            let text = crate::runtime_profile::emit(format, report)?;
            std::fs::write(file, text)
                .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
        }
        let log = self
            .log
            .clone()
            .or_else(|| context.config.and_then(|c| c.log.clone()));
        if self.attest.is_none() && log.is_none() {
            return Ok(());
        }
        let digests = reports
            .iter()
            .map(target_digest)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| e.to_string())?;
        let rule_pack = rule_pack(context.rules);
        let policy = policy_ref(context.profile, context.config);
        let scanned_at = time::now_rfc3339();
        if let (Some(file), Some(key)) = (&self.attest, key) {
            let statement_context = statement::Context {
                scanner: Scanner {
                    name: "skill-scan".into(),
                    version: context.version.into(),
                },
                rule_pack: rule_pack.clone(),
                policy: policy.clone(),
                scanned_at: scanned_at.clone(),
            };
            let mut bundle = String::new();
            for (report, digest) in reports.iter().zip(&digests) {
                let envelope = envelope(report, digest, &statement_context, key)?;
                bundle.push_str(&serde_json::to_string(&envelope).map_err(|e| e.to_string())?);
                bundle.push('\n');
            }
            std::fs::write(file, bundle)
                .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
        }
        if let Some(log) = log {
            let decisions = reports
                .iter()
                .zip(&digests)
                .map(|(report, digest)| decision(report, digest, context, &rule_pack, &scanned_at))
                .collect();
            append(&log, &policy_binding(&policy, context.config), decisions)
                .map_err(|e| e.to_string())?;
        }
        Ok(())
    }
}

/// The signed statement of one verdict: a DSSE envelope (one line of an `--attest` bundle; `skill-scan
/// verify` checks it).
pub fn envelope(
    report: &TargetReport,
    digest: &TargetDigest,
    context: &statement::Context,
    key: &SecretKey,
) -> Result<Envelope, String> {
    let statement = statement::statement(report, digest, context);
    let payload = statement.to_canonical_json().map_err(|e| e.to_string())?;
    Ok(sign(IN_TOTO_PAYLOAD_TYPE, &payload, key))
}

/// What names the bytes a report judged: the archive's sha256 when one was read, else the file's sha256 or
/// the folder's tree digest.
pub fn target_digest(report: &TargetReport) -> Result<TargetDigest, DigestError> {
    match &report.origin {
        Some(origin) => Ok(TargetDigest::sha256(origin.sha256.clone())),
        None => digest_path(Path::new(&report.target)),
    }
}

/// SHA-256 over every loaded rule's pack name and parsed definition, in load order: it changes when a rule,
/// pattern, action or example changes, and agrees between two builds with the same rules.
pub fn rule_pack(rules: &RuleSet) -> RulePack {
    let mut text = String::new();
    for rule in &rules.rules {
        text.push_str(&format!("{}\n{:?}\n", rule.pack, rule.spec));
    }
    RulePack {
        sha256: sha256_hex(text.as_bytes()),
        rules: rules.rules.len(),
    }
}

/// The effective policy's digest (docs/attestation.md, "Policy digest"): SHA-256 of
/// `skill-scan-policy/v1 LF profile SP <len> LF <bytes> LF config SP <len> LF <bytes> LF`, the profile's
/// bytes being its policy file's and the configuration's its file's (empty without one).
pub fn policy_ref(profile: Profile, config: Option<&Config>) -> PolicyRef {
    let profile_text = crate::profiles::policy_text(profile);
    let config_text = config.map(Config::text).unwrap_or_default();
    let mut bytes = b"skill-scan-policy/v1\n".to_vec();
    for (name, text) in [("profile", profile_text), ("config", config_text)] {
        bytes.extend_from_slice(format!("{name} {}\n", text.len()).as_bytes());
        bytes.extend_from_slice(text.as_bytes());
        bytes.push(b'\n');
    }
    PolicyRef {
        profile: profile.as_str().into(),
        sha256: sha256_hex(&bytes),
        config: config.map(|c| c.path.display().to_string()),
    }
}

fn policy_binding(policy: &PolicyRef, config: Option<&Config>) -> PolicyBinding {
    let mut details = Map::new();
    details.insert("profile".into(), policy.profile.clone().into());
    details.insert(
        "profile_sha256".into(),
        sha256_hex(crate::profiles::policy_text(Profile::parse(&policy.profile)).as_bytes()).into(),
    );
    if let Some(config) = config {
        details.insert("config".into(), config.path.display().to_string().into());
        details.insert(
            "config_sha256".into(),
            sha256_hex(config.text().as_bytes()).into(),
        );
    }
    details.insert("time".into(), time::now_rfc3339().into());
    PolicyBinding {
        sha256: policy.sha256.clone(),
        details,
    }
}

fn decision(
    report: &TargetReport,
    digest: &TargetDigest,
    context: &ScanContext,
    rule_pack: &RulePack,
    time: &str,
) -> Map<String, Value> {
    let count = |action| {
        report
            .findings
            .iter()
            .filter(|f| f.action == action)
            .count()
    };
    let mut map = Map::new();
    map.insert("time".into(), time.into());
    map.insert("target".into(), report.target.clone().into());
    map.insert("digest".into(), digest.to_string().into());
    map.insert("verdict".into(), report.verdict.as_str().into());
    map.insert(
        "reasons".into(),
        report
            .reasons
            .iter()
            .map(|r| Value::from(format!("{} in {}", r.category, r.scope)))
            .collect::<Vec<_>>()
            .into(),
    );
    map.insert(
        "findings".into(),
        serde_json::json!({
            "block": count(RecommendedAction::Block),
            "review": count(RecommendedAction::Review),
            "log": count(RecommendedAction::Log),
            "suppressed": report.suppressed.len(),
        }),
    );
    if let Some(why) = &report.incomplete {
        map.insert("incomplete".into(), why.clone().into());
    }
    map.insert(
        "scanner".into(),
        format!("skill-scan {}", context.version).into(),
    );
    map.insert("rule_pack_sha256".into(), rule_pack.sha256.clone().into());
    map
}
