//! Rules are data: YAML packs under `rules/` (see `docs/rule-format.md`), compiled once into a [`RuleSet`].
//! A file is cut into [`segments`](segment) of one language each, and every rule runs over the segments it
//! applies to, keeping only hits in the contexts it asks for.
//!
//! This crate is the engine and knows no detector: a rule that names a native detector gets it from the
//! [`DetectorSet`] the rule set is built with (the `skill-scan-detectors` crate's), and the work detectors
//! do after a file's rules (rescans of decoded or resolved text) plugs in as [`FilePass`]es. What detectors
//! build on (segments, hits, parsing, findings made from hits) is public for them.
//!
//! Modules, lowest first (none imports one above it): `spec`, `limits`, `literals`, `ascii_classes`,
//! `relax`, `embedded`, `grammar`, `nesting`, `syntax`, `lazy`, `gated_regex`, `normalize`,
//! `segment_cache`, `segment`, `hit`, `prefilter`; then `detector` (native detectors as the engine sees them), `rule` (one compiled rule),
//! `source` (a file and its scan), `finding`, `matchers`, `combined`; then `rule_set` (a rule set and the
//! plug-in traits), `compile` (building one from packs) and `scan` (running one over a file).

mod ascii_classes;
mod branches;
mod byte_pairs;
mod code_bytes;
mod combined;
mod compile;
mod detector;
mod embedded;
mod finding;
mod gated_regex;
mod grammar;
mod hit;
mod lazy;
mod limits;
mod literals;
mod matchers;
mod nesting;
mod normalize;
mod package_example;
mod prefilter;
mod query_roots;
mod query_windows;
mod relax;
mod required_literals;
mod rule;
mod rule_set;
mod scan;
pub mod segment;
mod segment_cache;
mod source;
mod spec;
mod syntax;

pub use ascii_classes::ascii_regex;
pub use byte_pairs::BytePairs;
pub use code_bytes::code_bytes;
pub use compile::RuleError;
pub use detector::{FileDetector, NativeDetector};
pub use finding::{
    first_sentence, make_finding, report_at_outer_span, snippet, FindingSite, OuterSpan,
};
pub use gated_regex::{use_gate_formulas, GatedRegex};
pub use grammar::Grammar;
pub use hit::{Hit, HitDetail};
pub use limits::ScanLimits;
pub use package_example::{
    ArchiveEntry, ArchiveExample, ArchiveExampleLimits, ArchiveFormat, PackageExample,
    ProjectExample, RegistryExample, RegistryVersion,
};
pub use required_literals::{Flat, FOLDS_TO_ASCII};
pub use rule::{CompiledRule, Matcher};
pub use rule_set::{DetectorSet, FilePass, NativeSite, NoDetectors, PassInput, RuleSet};
pub use source::{FileScan, SourceFile};
pub use spec::{Example, MatchSpec, RuleSpec};
pub use syntax::parse;
