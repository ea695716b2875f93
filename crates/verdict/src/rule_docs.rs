//! The documentation of the rules the verdict layer reports: one per compound detector (`CMP001`, …) and the
//! package verdicts SARIF emits (`SSV-VERDICT-BLOCK`, `SSV-VERDICT-REVIEW`). It is data, in
//! `rules/verdict/compounds.yaml`, embedded in the binary, with the parts of the compounds declared as data;
//! [`crate::compounds`] runs them, and holds the few written in Rust.

use serde::Deserialize;
use skill_scan_model::{Capability, RecommendedAction, SignalClass, ThreatCategory};
use std::collections::BTreeMap;
use std::fmt;

/// Where the documentation lives, relative to the workspace root.
pub const SOURCE_PATH: &str = "rules/verdict/compounds.yaml";
// `(text, whether it is JSON)`: build.rs turns the YAML into JSON, which parses several times faster.
include!(concat!(env!("OUT_DIR"), "/compounds.rs"));

/// One rule of the verdict layer, documented like a rule of a pack.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerdictRuleDoc {
    pub id: String,
    pub name: String,
    pub title: String,
    pub category: ThreatCategory,
    #[serde(default = "malicious")]
    pub signal: SignalClass,
    #[serde(default = "block")]
    pub action: RecommendedAction,
    pub mitre: Vec<String>,
    /// Why it matters, then how to fix it.
    pub description: String,
    /// A compound declared as data: its parts, each met by a behaviour finding with any of its
    /// capabilities (empty for a compound written in Rust, and for a verdict).
    #[serde(default)]
    pub joins: Vec<Vec<Capability>>,
    /// A data compound's sentence in the verdict.
    #[serde(default)]
    pub rationale: Option<String>,
    #[serde(default)]
    pub examples: Vec<ExamplePackage>,
}

/// A whole package (path → text) the rule must fire on (`fire:`), or stay quiet on (`quiet:`); one of the
/// two, as a rule of a pack writes its examples.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExamplePackage {
    #[serde(default)]
    fire: Option<BTreeMap<String, String>>,
    #[serde(default)]
    quiet: Option<BTreeMap<String, String>>,
}

impl ExamplePackage {
    pub fn fires(&self) -> bool {
        self.fire.is_some()
    }

    pub fn files(&self) -> &BTreeMap<String, String> {
        static NONE: BTreeMap<String, String> = BTreeMap::new();
        self.fire.as_ref().or(self.quiet.as_ref()).unwrap_or(&NONE)
    }
}

/// Every rule of the verdict layer.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerdictRules {
    /// In the order the compound detectors run ([`crate::compounds::ids`]).
    pub compounds: Vec<VerdictRuleDoc>,
    pub verdicts: Vec<VerdictRuleDoc>,
}

/// The embedded documentation did not parse (a test keeps it parsing; this is for a broken build).
#[derive(Debug)]
pub struct RuleDocsError(String);

impl fmt::Display for RuleDocsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{SOURCE_PATH}: {}", self.0)
    }
}

impl std::error::Error for RuleDocsError {}

/// The documentation of every compound and verdict rule.
pub fn verdict_rules() -> Result<VerdictRules, RuleDocsError> {
    match EMBEDDED {
        (json, true) => serde_json::from_str(json).map_err(|e| RuleDocsError(e.to_string())),
        (yaml, false) => serde_yaml::from_str(yaml).map_err(|e| RuleDocsError(e.to_string())),
    }
}

fn malicious() -> SignalClass {
    SignalClass::MaliciousBehavior
}

fn block() -> RecommendedAction {
    RecommendedAction::Block
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_compound_detector_is_documented_once_in_order_with_both_kinds_of_example() {
        let rules = verdict_rules().unwrap();
        let documented: Vec<&str> = rules.compounds.iter().map(|c| c.id.as_str()).collect();
        let detectors = crate::compounds::ids();
        assert_eq!(documented, detectors);
        for doc in &rules.compounds {
            assert!(doc.id.starts_with("CMP"), "{}", doc.id);
            for example in &doc.examples {
                assert!(
                    example.fire.is_some() != example.quiet.is_some(),
                    "{}: each example is `fire:` or `quiet:`",
                    doc.id
                );
                assert!(!example.files().is_empty(), "{}", doc.id);
            }
            assert!(doc.examples.iter().any(ExamplePackage::fires), "{}", doc.id);
            assert!(doc.examples.iter().any(|e| !e.fires()), "{}", doc.id);
            assert!(
                doc.description.contains("\n\n"),
                "{}: why, then fix",
                doc.id
            );
            assert!(!doc.mitre.is_empty(), "{}", doc.id);
            assert_eq!(doc.action, RecommendedAction::Block, "a compound blocks");
        }
        let mut names: Vec<&str> = rules
            .compounds
            .iter()
            .chain(&rules.verdicts)
            .map(|d| d.name.as_str())
            .collect();
        names.sort_unstable();
        let count = names.len();
        names.dedup();
        assert_eq!(names.len(), count, "names are unique");
    }

    #[test]
    fn sarif_verdict_rules_are_documented() {
        let rules = verdict_rules().unwrap();
        let ids: Vec<&str> = rules.verdicts.iter().map(|v| v.id.as_str()).collect();
        assert_eq!(ids, ["SSV-VERDICT-BLOCK", "SSV-VERDICT-REVIEW"]);
    }
}
