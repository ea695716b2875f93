//! The YAML shape of a rule, exactly as written in a pack. Unknown keys are errors, so a typo in a rule
//! file cannot silently turn a filter off.

pub use crate::package_example::PackageExample;
use serde::Deserialize;
use skill_scan_model::{
    ArtifactScope, Capability, Context, FileKind, Language, RecommendedAction, SignalClass,
    ThreatCategory,
};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RulePack {
    pub rules: Vec<RuleSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub id: String,
    pub name: String,
    pub title: String,
    pub category: ThreatCategory,
    pub signal: SignalClass,
    pub action: RecommendedAction,
    /// What a hit shows the package can do; compound detectors join findings on these.
    #[serde(default)]
    pub capabilities: Vec<Capability>,
    pub mitre: Vec<String>,
    pub description: String,
    #[serde(rename = "match")]
    pub matcher: MatchSpec,
    #[serde(default)]
    pub languages: Option<Vec<Language>>,
    #[serde(default)]
    pub file_kinds: Option<Vec<FileKind>>,
    #[serde(default)]
    pub scopes: Option<Vec<ArtifactScope>>,
    #[serde(default)]
    pub paths: Option<Vec<String>>,
    #[serde(default)]
    pub contexts: Option<Vec<Context>>,
    #[serde(default)]
    pub examples: Vec<Example>,
    /// For a package-level rule: small packages (path → text) that prove it fires or stays quiet, scanned
    /// whole by the skill-scan crate's `tests/package_rule_examples.rs`.
    #[serde(default)]
    pub package_examples: Vec<PackageExample>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatchSpec {
    pub regex: Option<String>,
    #[serde(default)]
    pub not: Vec<String>,
    /// Match the bytes as written instead of the text as an agent reads it (see `normalize.rs`): for
    /// rules about the very characters normalisation removes.
    #[serde(default)]
    pub raw: bool,
    pub query: Option<String>,
    pub language: Option<Language>,
    pub capture: Option<String>,
    pub json_path: Option<String>,
    pub key: Option<String>,
    pub value: Option<String>,
    /// A detector written in Rust (see `native/`), named here so its documentation, action and examples
    /// stay data like every other rule's.
    pub native: Option<String>,
}

/// A one-file package that proves a rule fires (`fire`) or stays quiet (`quiet`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub file: String,
    pub fire: Option<String>,
    pub quiet: Option<String>,
}

/// Contexts a rule applies to when it names none: executed code and the strings in it, and commands shown to
/// an agent in code blocks. Comments and prose are opt-in.
pub(crate) const DEFAULT_CONTEXTS: &[Context] =
    &[Context::Code, Context::String, Context::MarkdownCode];
