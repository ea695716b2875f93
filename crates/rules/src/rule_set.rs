//! A compiled set of rules and the detectors plugged into it. The engine knows no detector: a
//! [`DetectorSet`] (the `skill-scan-detectors` crate's, wired in by whoever builds the rule set) answers
//! the names rules give in `match: { native: NAME }` and lists the [`FilePass`]es that run after a file's
//! rules.

use crate::combined::CombinedQueries;
use crate::detector::NativeDetector;
use crate::finding::FindingSite;
use crate::prefilter::Prefilter;
use crate::rule::{CompiledRule, Matcher};
use crate::segment::Segment;
use crate::source::{FileScan, SourceFile};
use skill_scan_model::{
    ArtifactScope, Context, FileKind, FileRole, Finding, Language, LineIndex, Location,
    RelatedLocation,
};
use std::cell::OnceCell;
use std::fmt;

pub struct RuleSet {
    pub rules: Vec<CompiledRule>,
    /// The native detectors the rules name and the passes that run after a file's rules.
    pub(crate) detectors: &'static dyn DetectorSet,
    pub(crate) prefilter: Prefilter,
    /// Every query rule of a grammar in one query, for large files (built on first need).
    pub(crate) combined: CombinedQueries,
}

impl fmt::Debug for RuleSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.rules.iter().map(|rule| &rule.spec.id))
            .finish()
    }
}

impl RuleSet {
    /// The rule with id `id`, if loaded.
    pub fn get(&self, id: &str) -> Option<&CompiledRule> {
        self.rules.iter().find(|rule| rule.spec.id == id)
    }
}

/// The detectors a rule set runs with.
pub trait DetectorSet: Sync {
    /// The native detector a rule names in `match: { native: NAME }`.
    fn native(&self, name: &str) -> Option<NativeDetector>;
    /// Every name [`DetectorSet::native`] answers, for the error on an unknown one.
    fn native_names(&self) -> Vec<&'static str>;
    /// What runs after a file's rules, in this order.
    fn passes(&self) -> &[&'static dyn FilePass];
    /// The literal formulas of the detectors' constant patterns, worked out when they were built
    /// (see [`crate::use_gate_formulas`]): `(pattern, formula)`, sorted by pattern.
    fn gate_formulas(&self) -> &'static [(&'static str, Option<&'static [crate::Flat]>)] {
        &[]
    }
}

/// Work a detector does on a file after the file's rules ran: scanning text derived from it again
/// (decoded payloads, resolved calls), or marking what the findings mean (code that runs on import).
pub trait FilePass: Sync {
    /// Whether the pass must run on `file` even when no rule could match it (the scan stops early
    /// otherwise, before cutting the file into segments).
    fn runs_without_rules(&self, _file: &SourceFile, _depth: usize) -> bool {
        false
    }

    /// Runs the pass over the file's scan so far, adding to `result`.
    fn run(&self, rules: &RuleSet, input: &PassInput, result: &mut FileScan);
}

/// What a [`FilePass`] sees of the file scan that calls it.
pub struct PassInput<'a> {
    pub file: &'a SourceFile<'a>,
    pub segments: &'a [Segment],
    /// The rules that could match the file (passed its prefilter, kinds and paths).
    pub candidates: &'a [&'a CompiledRule],
    /// Which rules the caller runs (all of them, or one rule's examples).
    pub keep: &'a dyn Fn(&CompiledRule) -> bool,
    /// How deep in derived text the file is (0: a file of the package).
    pub depth: usize,
    /// The file's line index, made by whoever needs it first.
    pub lines: &'a OnceCell<LineIndex>,
}

/// A detector set with no detector, for packs that name none.
pub struct NoDetectors;

impl DetectorSet for NoDetectors {
    fn native(&self, _name: &str) -> Option<NativeDetector> {
        None
    }

    fn native_names(&self) -> Vec<&'static str> {
        Vec::new()
    }

    fn passes(&self) -> &[&'static dyn FilePass] {
        &[]
    }
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
    /// A finding at `site` of the rule that names the package detector `detector` (`match: { native:
    /// NAME }`), or `None` when no loaded rule names it. Layers that report typed events (the archive
    /// reader, the registry) are reported this way, so a rule's id lives only in its pack.
    pub fn package_finding(&self, detector: &str, site: NativeSite) -> Option<Finding> {
        let rule = self.rules.iter().find(|rule| {
            matches!(
                &rule.matcher,
                Matcher::Native {
                    name,
                    detector: NativeDetector::Package,
                } if name == detector
            )
        })?;
        Some(package_finding(rule, site))
    }
}

/// The finding of the package-level `rule` at `site`.
fn package_finding(rule: &CompiledRule, site: NativeSite) -> Finding {
    let width = site.snippet.chars().count().max(1);
    rule.finding(FindingSite {
        path: site.path,
        location: Location {
            line: site.line,
            column: site.column,
            end_line: site.line,
            end_column: site.column + width,
        },
        scope: site.scope,
        context: site.context,
        language: site.language,
        file_kind: site.file_kind,
        role: site.role,
        message: Some(site.message).filter(|m| !m.is_empty()),
        snippet_highlight: (0, site.snippet.len()),
        snippet: site.snippet,
        related: site.related,
    })
}

#[cfg(test)]
pub(crate) mod testing {
    //! A detector set that answers every native name with a detector that finds nothing, so the engine's
    //! own tests can compile the embedded packs without knowing any detector.
    use super::*;
    use crate::detector::FileDetector;

    static INERT: FileDetector = FileDetector {
        literals: &[],
        run: |_, _, _| {},
    };

    pub(crate) struct AnyName;

    impl DetectorSet for AnyName {
        fn native(&self, _name: &str) -> Option<NativeDetector> {
            Some(NativeDetector::File(&INERT))
        }

        fn native_names(&self) -> Vec<&'static str> {
            Vec::new()
        }

        fn passes(&self) -> &[&'static dyn FilePass] {
            &[]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let err =
            RuleSet::from_packs(vec![("t.yaml".into(), pack.into())], &NoDetectors).unwrap_err();
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
    name: file-rule
    title: A file-level native rule
    category: obfuscation
    signal: suspicious_behavior
    action: review
    mitre: [T1027]
    description: Long enough description that says why and how to fix it, really.
    match:
      native: anything
"#;
        let set =
            RuleSet::from_packs(vec![("t.yaml".into(), pack.into())], &testing::AnyName).unwrap();
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
        assert!(set.package_finding("anything", site.clone()).is_none());
        assert!(set.package_finding("nothing-by-this-name", site).is_none());
    }
}
