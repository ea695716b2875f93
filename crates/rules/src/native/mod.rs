//! Detectors written in Rust, for what a pattern cannot say: text hidden in invisible characters, data
//! flowing from a secret to the network, payloads that only read once decoded.
//!
//! Each one is still a rule in a YAML pack (`match: { native: NAME }`), so its id, action, documentation
//! and fire/quiet examples live with every other rule's. A detector is either:
//! - a [`FileDetector`], run by the file scan over each segment, like a regex; or
//! - `Package`: run by another layer (the walker, the archive reader, the package-name check), which turns
//!   what it saw into a finding with [`RuleSet::native_finding`] so the report carries the rule's data.

mod credential_cluster;
pub(crate) mod deobfuscate;
mod deserialise;
mod destructive;
mod dropper;
pub(crate) mod evaluate;
mod hidden_comment;
mod install_time;
pub(crate) mod intent;
mod invisible_unicode;
pub(crate) mod nfkc_identifiers;
mod offscreen_code;
pub mod package_name;
mod python_obfuscator;
mod runtime_install;
pub(crate) mod stager;
pub(crate) mod taint;
mod write_run;

use crate::compile::{Matcher, RuleSet};
use crate::matchers::Hit;
use crate::segment::Segment;
use skill_scan_model::{
    ArtifactScope, Context, FileKind, FileRole, Finding, Language, RelatedLocation,
};

/// A detector the file scan runs on every segment of a file that holds one of its literals.
pub struct FileDetector {
    /// Strings one of which a file must contain for the detector to run (empty: every file).
    pub literals: &'static [&'static str],
    /// Reports hits (file offsets) until `keep` returns `false`.
    pub(crate) run: fn(&Segment, &str, &mut dyn FnMut(Hit) -> bool),
}

#[derive(Clone, Copy)]
pub enum NativeDetector {
    File(&'static FileDetector),
    /// Reported by a layer outside the rule engine, through [`RuleSet::native_finding`].
    Package,
}

impl std::fmt::Debug for NativeDetector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NativeDetector::File(_) => f.write_str("File"),
            NativeDetector::Package => f.write_str("Package"),
        }
    }
}

/// Every native detector by the name a rule uses in `match: { native: NAME }`.
const REGISTRY: &[(&str, NativeDetector)] = &[
    (
        "unicode-tag-smuggling",
        NativeDetector::File(&invisible_unicode::TAG_SMUGGLING),
    ),
    (
        "hidden-html-comment-instructions",
        NativeDetector::File(&hidden_comment::HIDDEN_INSTRUCTIONS),
    ),
    (
        deobfuscate::RESCAN_DETECTOR,
        NativeDetector::File(&deobfuscate::ENCODED_CODE),
    ),
    (
        deobfuscate::FLAGGED_DETECTOR,
        NativeDetector::File(&deobfuscate::FLAGGED_PAYLOAD),
    ),
    (
        "decrypt-literal-key",
        NativeDetector::File(&deobfuscate::DECRYPTED_CODE),
    ),
    (
        "javascript-obfuscator-output",
        NativeDetector::File(&deobfuscate::JS_OBFUSCATOR),
    ),
    (
        "python-obfuscator-output",
        NativeDetector::File(&python_obfuscator::FINGERPRINT),
    ),
    (
        "runtime-install-of-typosquat",
        NativeDetector::File(&runtime_install::TYPOSQUAT_INSTALL),
    ),
    (
        "credential-store-cluster",
        NativeDetector::File(&credential_cluster::CREDENTIAL_CLUSTER),
    ),
    (
        "py-deserialise-fetched-data",
        NativeDetector::File(&deserialise::PYTHON),
    ),
    (
        "js-unserialize-fetched-data",
        NativeDetector::File(&deserialise::JAVASCRIPT),
    ),
    (
        "destructive-delete",
        NativeDetector::File(&destructive::DELETE),
    ),
    (
        "destructive-disk-wipe",
        NativeDetector::File(&destructive::DISK_WIPE),
    ),
    (
        "destructive-database-drop",
        NativeDetector::File(&destructive::DATABASE_DROP),
    ),
    (
        "destructive-gated",
        NativeDetector::File(&destructive::GATED),
    ),
    (
        evaluate::RESCAN_DETECTOR,
        NativeDetector::File(&evaluate::RESOLVED_RESCAN),
    ),
    (
        evaluate::HIDDEN_EXEC_DETECTOR,
        NativeDetector::File(&evaluate::HIDDEN_EXEC_TARGET),
    ),
    (
        "install-time-behaviour",
        NativeDetector::File(&install_time::INSTALL_TIME_BEHAVIOUR),
    ),
    (
        "install-time-detached-process",
        NativeDetector::File(&install_time::INSTALL_TIME_DETACHED),
    ),
    (
        "taint-credential-to-network",
        NativeDetector::File(&taint::CREDENTIAL_TO_NETWORK),
    ),
    (
        "taint-environment-to-network",
        NativeDetector::File(&taint::ENVIRONMENT_TO_NETWORK),
    ),
    (
        "taint-download-to-exec",
        NativeDetector::File(&taint::DOWNLOAD_TO_EXEC),
    ),
    (
        "taint-decoded-to-exec",
        NativeDetector::File(&taint::DECODED_TO_EXEC),
    ),
    // The instruction model of agent-facing prose (`intent`), rules/agent_intent.yaml.
    (
        "instruction-credential-read",
        NativeDetector::File(&intent::CREDENTIAL_READ),
    ),
    (
        "instruction-send-out",
        NativeDetector::File(&intent::SEND_OUT),
    ),
    (
        "instruction-read-then-send",
        NativeDetector::File(&intent::READ_THEN_SEND),
    ),
    (
        "instruction-conceal",
        NativeDetector::File(&intent::CONCEAL),
    ),
    (
        "instruction-run-unregistered-code",
        NativeDetector::File(&intent::RUN_UNREGISTERED),
    ),
    (
        "instruction-follow-remote",
        NativeDetector::File(&intent::FOLLOW_REMOTE),
    ),
    (
        "instruction-weaken-security",
        NativeDetector::File(&intent::WEAKEN_SECURITY),
    ),
    (
        "instruction-override",
        NativeDetector::File(&intent::OVERRIDE),
    ),
    (
        "instruction-hidden-action",
        NativeDetector::File(&intent::RUN_AND_CONCEAL),
    ),
    (
        "download-saved-then-run",
        NativeDetector::File(&dropper::DOWNLOAD_WRITE_RUN),
    ),
    (
        stager::STAGER_DETECTOR,
        NativeDetector::File(&stager::CODE_WRITTEN_THEN_RUN),
    ),
    (
        "code-after-blank-run",
        NativeDetector::File(&offscreen_code::HIDDEN_CODE),
    ),
    (
        "decoded-exec-after-blank-run",
        NativeDetector::File(&offscreen_code::HIDDEN_DECODED_EXEC),
    ),
    (
        nfkc_identifiers::NFKC_DETECTOR,
        NativeDetector::File(&nfkc_identifiers::LOOKALIKE_IDENTIFIERS),
    ),
    // Reported by the archive reader (crates/archive), rules/archive.yaml.
    ("archive-compression-bomb", NativeDetector::Package),
    ("archive-size-limit", NativeDetector::Package),
    ("archive-entry-limit", NativeDetector::Package),
    ("archive-nesting-limit", NativeDetector::Package),
    ("archive-path-escape", NativeDetector::Package),
    ("archive-link-outside", NativeDetector::Package),
    ("archive-unreadable", NativeDetector::Package),
    ("archive-encrypted-entry", NativeDetector::Package),
    ("archive-zip-readings-differ", NativeDetector::Package),
    ("archive-data-before-zip", NativeDetector::Package),
    // Reported by the registry layer (crates/registry), rules/registry.yaml.
    ("version-published-recently", NativeDetector::Package),
    ("package-young", NativeDetector::Package),
    ("install-script-added", NativeDetector::Package),
    ("publisher-changed", NativeDetector::Package),
    // Package-name checks (`package_name`), reported by the scan pipeline from the package's manifests.
    ("typosquat-package-name", NativeDetector::Package),
    ("typosquat-dependency-name", NativeDetector::Package),
    ("dependency-confusion-version", NativeDetector::Package),
    // A package with install scripts and no code of its own (crates/skill-scan/src/hollow.rs).
    ("hollow-package", NativeDetector::Package),
    // Whole-file checks the pipeline makes while reading bytes (crates/skill-scan/src/pipeline.rs).
    ("executable-file", NativeDetector::Package),
    ("executable-file-in-code-package", NativeDetector::Package),
    ("compiled-python", NativeDetector::Package),
    ("compiled-python-without-source", NativeDetector::Package),
    ("script-with-binary-payload", NativeDetector::Package),
    ("code-disguised-as-media", NativeDetector::Package),
    // Files the package's code loads and runs as code under a data name (crates/skill-scan/src/loaded_code.rs).
    ("code-run-under-data-name", NativeDetector::Package),
    // A skill's declared allowed-tools narrower than what its code does (crates/skill-scan/src/declared_tools.rs).
    ("allowed-tools-narrower-than-code", NativeDetector::Package),
];

pub(crate) fn lookup(name: &str) -> Option<NativeDetector> {
    REGISTRY
        .iter()
        .find(|(known, _)| *known == name)
        .map(|(_, detector)| *detector)
}

pub(crate) fn names() -> Vec<&'static str> {
    REGISTRY.iter().map(|(name, _)| *name).collect()
}

/// Where a package-level detector saw something, and what it saw.
#[derive(Debug, Clone)]
pub struct NativeSite {
    /// Relative to the scanned target, `/`-separated.
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub scope: ArtifactScope,
    pub role: FileRole,
    pub file_kind: FileKind,
    pub language: Language,
    pub context: Context,
    /// One sentence on this occurrence; the rule's title when empty.
    pub message: String,
    /// The text shown under the finding (a name, an entry path, a file type).
    pub snippet: String,
    pub related: Vec<RelatedLocation>,
}

impl RuleSet {
    /// A finding of the package-level native rule `rule_id` at `site`, or `None` when no such rule is
    /// loaded (so a layer never reports under an id the user cannot look up).
    pub fn native_finding(&self, rule_id: &str, site: NativeSite) -> Option<Finding> {
        let rule = self.get(rule_id)?;
        if !matches!(
            rule.matcher,
            Matcher::Native {
                detector: NativeDetector::Package,
                ..
            }
        ) {
            return None;
        }
        let spec = &rule.spec;
        let width = site.snippet.chars().count().max(1);
        Some(Finding {
            id: String::new(),
            rule_id: spec.id.clone(),
            rule_name: spec.name.clone(),
            category: spec.category,
            signal: spec.signal,
            action: spec.action,
            scope: site.scope,
            context: site.context,
            language: site.language,
            file_kind: site.file_kind,
            path: site.path,
            line: site.line,
            column: site.column,
            end_line: site.line,
            end_column: site.column + width,
            message: if site.message.is_empty() {
                spec.title.clone()
            } else {
                site.message
            },
            why: crate::scan::first_sentence(&spec.description),
            snippet_highlight: (0, site.snippet.len()),
            snippet: site.snippet,
            mitre: spec.mitre.clone(),
            capabilities: spec.capabilities.clone(),
            file_role: site.role,
            import_time: false,
            related: site.related,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_registered_name_is_unique_and_kebab_case() {
        let names = names();
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), names.len());
        assert!(names
            .iter()
            .all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '-')));
    }

    #[test]
    fn unknown_native_names_are_rule_errors() {
        let pack = r#"
rules:
  - id: TST001
    name: test-rule
    title: A test rule
    category: obfuscation
    signal: suspicious_behavior
    action: review
    mitre: [T1027]
    description: Long enough description that says why and how to fix it, really.
    match:
      native: no-such-detector
"#;
        let err = RuleSet::from_packs(vec![("t.yaml".into(), pack.into())]).unwrap_err();
        assert!(
            err.problems[0].contains("no native detector named"),
            "{err}"
        );
    }

    #[test]
    fn package_level_rules_build_findings_only_for_package_detectors() {
        let pack = r#"
rules:
  - id: TST002
    name: unicode-rule
    title: A file-level native rule
    category: obfuscation
    signal: suspicious_behavior
    action: review
    mitre: [T1027]
    description: Long enough description that says why and how to fix it, really.
    match:
      native: unicode-tag-smuggling
"#;
        let set = RuleSet::from_packs(vec![("t.yaml".into(), pack.into())]).unwrap();
        let site = NativeSite {
            path: "a.js".into(),
            line: 1,
            column: 1,
            scope: ArtifactScope::SupportingArtifact,
            role: FileRole::Source,
            file_kind: FileKind::Other,
            language: Language::Text,
            context: Context::PlainText,
            message: String::new(),
            snippet: "x".into(),
            related: Vec::new(),
        };
        assert!(set.native_finding("TST002", site.clone()).is_none());
        assert!(set.native_finding("NOPE001", site).is_none());
    }
}
