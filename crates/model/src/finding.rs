//! One rule hit at one place.

use crate::{
    ArtifactScope, Capability, Context, FileKind, FileRole, Language, RecommendedAction,
    SignalClass, ThreatCategory,
};
use serde::{Deserialize, Serialize};

/// A 1-based span in a file. Columns count characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

/// Another place that explains a finding (the source of a taint flow, the evidence behind a compound).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelatedLocation {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// The message prefix of a related location that records an import link between two modules of the
/// package (`imports lib/net.js`): the finding's module reaches that module through its relative imports.
/// The package layer adds it; compounds that need connected evidence read it.
pub const RELATED_IMPORTS: &str = "imports ";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable within one report: `f1`, `f2`, … in report order.
    pub id: String,
    pub rule_id: String,
    #[serde(skip)]
    pub rule_name: String,
    pub category: ThreatCategory,
    pub signal: SignalClass,
    pub action: RecommendedAction,
    pub scope: ArtifactScope,
    pub context: Context,
    pub language: Language,
    pub file_kind: FileKind,
    /// Relative to the scanned target, `/`-separated.
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub message: String,
    /// One line on why it matters, from the rule's documentation (text output only).
    #[serde(skip)]
    pub why: String,
    /// The line the hit starts on, cut to a window around the hit for very long lines.
    pub snippet: String,
    /// Byte range of the hit inside `snippet` (for labelled rendering).
    #[serde(skip)]
    pub snippet_highlight: (usize, usize),
    pub mitre: Vec<String>,
    /// What the matched code or instruction can do (from the rule), for compound detectors.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub capabilities: Vec<Capability>,
    pub file_role: FileRole,
    /// Runs as soon as the package is imported or required (module top level, or a function called there).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub import_time: bool,
    /// Python in a function that nothing at import or install reaches (only a caller runs it), in a file
    /// that holds no concealment (no encoded payload, no suspicious destination, no other review-level
    /// finding). Set by the package layer for block-level findings only.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub called_only: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<RelatedLocation>,
}

impl Finding {
    pub fn location(&self) -> Location {
        Location {
            line: self.line,
            column: self.column,
            end_line: self.end_line,
            end_column: self.end_column,
        }
    }

    pub fn has(&self, capability: Capability) -> bool {
        self.capabilities.contains(&capability)
    }

    /// Whether this finding is behaviour a user would run (code, or instructions to an agent), as opposed
    /// to a mention in a comment, a test, an example or documentation. Compound verdicts are built only
    /// from behaviour, so URLs in comments and `exec` in a test never add up to "malicious".
    pub fn is_behaviour(&self) -> bool {
        if self.file_role != FileRole::Source || self.in_type_stub() {
            return false;
        }
        // Code quoted in a Markdown file the agent is not pointed at by kind (a skill's `references/*.md`, a
        // README) is read by people; a string inside that quoted code is no more run than the code is.
        if self.file_kind == FileKind::Markdown && self.scope != ArtifactScope::AgentEntrypoint {
            return false;
        }
        // Everything in an agent entrypoint is read by the agent as instructions, comments included.
        self.scope == ArtifactScope::AgentEntrypoint
            || matches!(self.context, Context::Code | Context::String)
    }

    /// Whether the finding is in a Python type stub (`.pyi`): signatures for type checkers, which no
    /// interpreter imports or runs (`def CredEnumerate(...) -> ...: ...` declares, it never calls).
    pub fn in_type_stub(&self) -> bool {
        self.path.ends_with(".pyi")
    }

    /// Report order: by path, then position, then rule.
    pub fn sort_key(&self) -> (&str, usize, usize, &str) {
        (&self.path, self.line, self.column, &self.rule_id)
    }
}
