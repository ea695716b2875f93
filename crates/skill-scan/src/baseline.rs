//! Baselines: findings a team has looked at and accepted, recorded by a fingerprint that survives unrelated
//! edits, so CI fails only on new ones.
//!
//! A fingerprint is `RULE:path:hash:n`: the rule id, the path relative to the scanned target, a 64-bit FNV-1a
//! hash of the finding's line with all whitespace removed (the idea of GitHub's line hash: indentation and
//! line moves do not matter, the content does), and `n`, which of the identical (rule, path, line content)
//! triples this is, in report order, so two identical lines are two entries.

use crate::config::Date;
use serde::{Deserialize, Serialize};
use skill_scan_model::{Finding, TargetReport};
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

pub const BASELINE_VERSION: u32 = 1;
const DEFAULT_REASON: &str = "accepted in the baseline";

/// The fingerprint of each finding, in order.
pub fn fingerprints(findings: &[Finding]) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    findings
        .iter()
        .map(|finding| {
            let key = format!(
                "{}:{}:{:016x}",
                finding.rule_id,
                finding.path,
                line_content_hash(&finding.snippet)
            );
            let count = seen.entry(key.clone()).or_insert(0);
            *count += 1;
            format!("{key}:{count}")
        })
        .collect()
}

/// FNV-1a over the line's characters other than whitespace: stable across versions and platforms.
fn line_content_hash(line: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in line.chars().filter(|c| !c.is_whitespace()).flat_map(|c| {
        let mut buffer = [0u8; 4];
        c.encode_utf8(&mut buffer).as_bytes().to_vec()
    }) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// One accepted finding. `rule_id`, `path`, `line` and `message` are for people reading the file; matching
/// uses `fingerprint` only. `reason` and `expires` may be edited by hand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineEntry {
    pub fingerprint: String,
    pub rule_id: String,
    pub path: String,
    pub line: usize,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    tool: String,
    findings: Vec<BaselineEntry>,
}

/// A loaded baseline.
#[derive(Debug, Clone, Default)]
pub struct Baseline {
    /// The file, as named in reports.
    pub source: String,
    /// Fingerprint → why it is accepted.
    entries: HashMap<String, String>,
}

#[derive(Debug)]
pub struct BaselineError {
    pub file: PathBuf,
    pub message: String,
}

impl fmt::Display for BaselineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file.display(), self.message)
    }
}

impl std::error::Error for BaselineError {}

impl Baseline {
    pub fn load(path: &Path, today: Date) -> Result<Baseline, BaselineError> {
        let error = |message: String| BaselineError {
            file: path.to_path_buf(),
            message,
        };
        let text = std::fs::read_to_string(path)
            .map_err(|e| error(format!("cannot read the baseline: {e}")))?;
        Baseline::parse(&path.display().to_string(), &text, today).map_err(error)
    }

    pub fn parse(source: &str, text: &str, today: Date) -> Result<Baseline, String> {
        let file: BaselineFile = serde_json::from_str(text).map_err(|e| {
            format!(
                "line {}, column {}: not a skill-scan baseline: {e}",
                e.line(),
                e.column()
            )
        })?;
        if file.version != BASELINE_VERSION {
            return Err(format!(
                "baseline version {} is not supported (expected {BASELINE_VERSION}); recreate it with \
                 `skill-scan baseline create`",
                file.version
            ));
        }
        let mut entries = HashMap::new();
        for entry in file.findings {
            if let Some(expires) = &entry.expires {
                let date = Date::parse(expires).ok_or_else(|| {
                    format!(
                        "the entry for {} in {} has expires {expires:?}, not a date written YYYY-MM-DD",
                        entry.rule_id, entry.path
                    )
                })?;
                if date < today {
                    return Err(format!(
                        "the accepted finding {} at {}:{} expired on {date}{}; look at it again, then \
                         recreate the baseline or renew `expires`",
                        entry.rule_id,
                        entry.path,
                        entry.line,
                        entry
                            .reason
                            .as_deref()
                            .map(|r| format!(" (reason: {r})"))
                            .unwrap_or_default()
                    ));
                }
            }
            let reason = entry
                .reason
                .filter(|r| !r.trim().is_empty())
                .unwrap_or_else(|| DEFAULT_REASON.to_string());
            entries.insert(entry.fingerprint, reason);
        }
        Ok(Baseline {
            source: source.to_string(),
            entries,
        })
    }

    /// Why the finding with this fingerprint is accepted, if it is.
    pub fn reason(&self, fingerprint: &str) -> Option<&str> {
        self.entries.get(fingerprint).map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A report's findings, those that count and those suppressed, back in report order (ids `f1`, `f2`, … were
/// given before suppression), so fingerprints number identical lines the same way a later scan does.
pub fn all_findings(report: &TargetReport) -> Vec<Finding> {
    let mut all: Vec<Finding> = report
        .findings
        .iter()
        .cloned()
        .chain(report.suppressed.iter().map(|s| s.finding.clone()))
        .collect();
    let number = |f: &Finding| f.id.trim_start_matches('f').parse::<usize>().unwrap_or(0);
    all.sort_by_key(number);
    all
}

/// The baseline file for `findings` (every target's findings, each list in report order).
pub fn render_baseline<'a>(
    tool: &str,
    findings: impl IntoIterator<Item = &'a [Finding]>,
) -> String {
    let mut entries = Vec::new();
    for list in findings {
        for (finding, fingerprint) in list.iter().zip(fingerprints(list)) {
            entries.push(BaselineEntry {
                fingerprint,
                rule_id: finding.rule_id.clone(),
                path: finding.path.clone(),
                line: finding.line,
                message: finding.message.clone(),
                reason: None,
                expires: None,
            });
        }
    }
    entries.sort_by(|a, b| a.fingerprint.cmp(&b.fingerprint));
    entries.dedup_by(|a, b| a.fingerprint == b.fingerprint);
    let file = BaselineFile {
        version: BASELINE_VERSION,
        tool: tool.to_string(),
        findings: entries,
    };
    let mut out = serde_json::to_string_pretty(&file).unwrap_or_default();
    out.push('\n');
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The shared test finding, with `snippet` and no rule name.
    pub fn finding(rule_id: &str, path: &str, line: usize, snippet: &str) -> Finding {
        Finding {
            rule_name: String::new(),
            snippet: snippet.into(),
            ..skill_scan_model::test_support::finding(rule_id, path, line)
        }
    }

    const TODAY: Date = Date {
        year: 2026,
        month: 6,
        day: 1,
    };

    #[test]
    fn fingerprints_ignore_line_numbers_and_indentation_but_not_content() {
        let before = fingerprints(&[finding("RCE001", "i.sh", 3, "curl x | sh")]);
        let moved = fingerprints(&[finding("RCE001", "i.sh", 40, "    curl x |  sh")]);
        assert_eq!(before, moved);
        let changed = fingerprints(&[finding("RCE001", "i.sh", 3, "curl y | sh")]);
        assert_ne!(before, changed);
        let other_rule = fingerprints(&[finding("RCE002", "i.sh", 3, "curl x | sh")]);
        assert_ne!(before, other_rule);
        assert!(before[0].starts_with("RCE001:i.sh:"), "{before:?}");
    }

    #[test]
    fn identical_lines_are_counted_apart() {
        let prints = fingerprints(&[
            finding("RCE001", "i.sh", 3, "curl x | sh"),
            finding("RCE001", "i.sh", 9, "curl x | sh"),
        ]);
        assert!(
            prints[0].ends_with(":1") && prints[1].ends_with(":2"),
            "{prints:?}"
        );
        assert_ne!(prints[0], prints[1]);
    }

    #[test]
    fn a_written_baseline_reads_back() {
        let findings = [finding("RCE001", "i.sh", 3, "curl x | sh")];
        let text = render_baseline("skill-scan 0.1.0", [&findings[..]]);
        let baseline = Baseline::parse("b.json", &text, TODAY).unwrap();
        assert_eq!(baseline.len(), 1);
        let print = &fingerprints(&findings)[0];
        assert_eq!(baseline.reason(print), Some(DEFAULT_REASON));
        assert_eq!(baseline.reason("RCE001:i.sh:0:1"), None);
    }

    #[test]
    fn bad_or_expired_baselines_are_errors() {
        assert!(Baseline::parse("b.json", "{}", TODAY)
            .unwrap_err()
            .contains("not a skill-scan baseline"));
        let future = r#"{"version": 2, "tool": "x", "findings": []}"#;
        assert!(Baseline::parse("b.json", future, TODAY)
            .unwrap_err()
            .contains("version 2"));
        let expired = r#"{"version": 1, "tool": "x", "findings": [{"fingerprint": "a", "rule_id": "RCE001",
            "path": "i.sh", "line": 3, "message": "m", "reason": "vendor script", "expires": "2026-05-31"}]}"#;
        let err = Baseline::parse("b.json", expired, TODAY).unwrap_err();
        assert!(
            err.contains("RCE001 at i.sh:3 expired on 2026-05-31 (reason: vendor script)"),
            "{err}"
        );
    }
}
