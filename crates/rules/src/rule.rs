//! One rule, compiled: its spec, its matcher (regex, tree-sitter query, JSON path or native detector) and
//! where it applies.

use crate::detector::NativeDetector;
use crate::embedded::{precomputed, CHECKED_REGEXES, QUERY_LITERALS};
use crate::lazy::{LazyGlobs, LazyQuery, LazyRegex};
use crate::literals::{query_literals, regex_literals, Requirement};
use crate::spec::RuleSpec;
use skill_scan_model::{Context, Language};

pub enum Matcher {
    Regex {
        pattern: LazyRegex,
        not: Vec<LazyRegex>,
        /// Searches the segment's own bytes, not its normalised text.
        raw: bool,
    },
    Query {
        language: Language,
        query: LazyQuery,
    },
    JsonPath {
        path: String,
        key: Option<LazyRegex>,
        value: Option<LazyRegex>,
    },
    /// A detector written in Rust. Package-level ones are run by another layer (walker, archive reader,
    /// package-name check), which builds the finding with [`crate::RuleSet::package_finding`].
    Native {
        name: String,
        detector: NativeDetector,
    },
}

impl Matcher {
    /// The literal sets a file must hold one literal of each of for this matcher to match (see
    /// [`crate::prefilter::Prefilter`]); `None` when it needs none.
    pub(crate) fn literals(&self) -> Option<Requirement> {
        match self {
            Matcher::Regex { pattern, .. } => match precomputed(CHECKED_REGEXES, &pattern.source) {
                Some(known) => known.map(owned),
                None => regex_literals(&pattern.source),
            },
            Matcher::Query { query, .. } => match precomputed(QUERY_LITERALS, &query.source) {
                Some(known) => known.map(owned),
                None => query_literals(&query.source),
            },
            // JSON paths select keys, which the key or value regex would have to name; run them always.
            Matcher::JsonPath { .. } => None,
            Matcher::Native { detector, .. } => match detector {
                NativeDetector::File(file) if !file.literals.is_empty() => {
                    Some(vec![file.literals.iter().map(|l| l.to_string()).collect()])
                }
                NativeDetector::File(_) => None,
                // Never run by the file scan; a set no file can meet keeps it out of every candidate list.
                NativeDetector::Package => Some(vec![Vec::new()]),
            },
        }
    }

    /// Compiles every pattern now, reporting the first that fails.
    pub(crate) fn force(&self) -> Result<(), String> {
        match self {
            Matcher::Regex { pattern, not, .. } => {
                pattern.force()?;
                not.iter().try_for_each(LazyRegex::force)
            }
            Matcher::Query { query, .. } => query.force(),
            Matcher::JsonPath { key, value, .. } => {
                key.iter().chain(value).try_for_each(LazyRegex::force)
            }
            Matcher::Native { .. } => Ok(()),
        }
    }
}

pub(crate) fn owned(sets: &[&[&str]]) -> Requirement {
    sets.iter()
        .map(|set| set.iter().map(|l| l.to_string()).collect())
        .collect()
}

pub struct CompiledRule {
    pub spec: RuleSpec,
    pub matcher: Matcher,
    pub contexts: Vec<Context>,
    pub(crate) path_globs: Option<LazyGlobs>,
    /// Where the rule came from (`remote_exec.yaml`, or a user pack's path).
    pub pack: String,
}

impl CompiledRule {
    pub fn id(&self) -> &str {
        &self.spec.id
    }
}
