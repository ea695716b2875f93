//! The detectors written in Rust, for what a pattern cannot say: data flowing from a secret to the
//! network, payloads that only read once decoded, calls whose names are computed, instructions to an
//! agent, code that runs on import. The rule engine (`skill-scan-rules`) knows none of them: [`DETECTORS`]
//! is the [`DetectorSet`] that whoever builds a [`RuleSet`] hands it, answering the names rules give in
//! `match: { native: NAME }` (see [`native`]) and adding the [`passes`] that run after a file's rules.
//!
//! To add a file detector: write it under `native/`, register its name in `native/mod.rs`, and give it a
//! rule with fire/quiet examples in a pack under `rules/` (`tests/rule_examples.rs` runs them).

// What the detectors use of the engine, under the paths they have always used (`crate::segment::Segment`,
// `crate::matchers::Hit`, …), so each detector file reads the same as when it lived in the engine crate.
use skill_scan_rules::segment;
mod ascii_classes {
    pub(crate) use skill_scan_rules::ascii_regex;
}
mod compile {
    pub(crate) use skill_scan_rules::{CompiledRule, Matcher, RuleSet};
}
mod matchers {
    pub(crate) use skill_scan_rules::{Hit, HitDetail};
}
mod scan {
    pub(crate) use skill_scan_rules::{
        make_finding, report_at_outer_span, snippet, FileScan, OuterSpan, SourceFile,
    };
}
mod syntax {
    pub(crate) use skill_scan_rules::{parse, Grammar};
}

mod agent_comments;
mod compiled_python;
mod deny_lists;
mod fields;
mod import_time;
pub mod imported_constants;
mod loaded_code;
mod native;
mod node_kind;
pub mod observed;
pub mod package;
mod passes;
mod shipped_reads;
#[cfg(test)]
mod token_texts;
mod tool_descriptions;

#[cfg(doc)]
use skill_scan_rules::RuleSet;
use skill_scan_rules::{DetectorSet, FilePass, Flat, NativeDetector};

/// Entry points of the decoders for the fuzz targets (`fuzz/`); not an API.
#[doc(hidden)]
pub mod fuzzing {
    pub use crate::native::deobfuscate::fuzzing::*;
}

pub use compiled_python::compiled_python_strings;
pub use import_time::{mark_module_import_time, module_import_time, ImportLinks};
pub use loaded_code::{code_loads, CodeLoad};
pub use native::evaluate::resolve_calls;
pub use native::intent::read_markdown;
pub use native::package_name;
pub use shipped_reads::{shipped_reads, ShippedRead, ShippedReads};

/// Every detector of this crate, for [`RuleSet::embedded`] and friends.
pub static DETECTORS: Detectors = Detectors;

/// The detector set of this crate (see [`DETECTORS`]).
pub struct Detectors;

impl DetectorSet for Detectors {
    fn native(&self, name: &str) -> Option<NativeDetector> {
        native::lookup(name)
    }

    fn native_names(&self) -> Vec<&'static str> {
        native::names()
    }

    fn passes(&self) -> &[&'static dyn FilePass] {
        passes::PASSES
    }

    fn gate_formulas(&self) -> &'static [(&'static str, Option<&'static [Flat]>)] {
        gate_formulas::GATE_FORMULAS
    }
}

/// The gate formulas `build.rs` worked out from this crate's constant patterns.
mod gate_formulas {
    use skill_scan_rules::Flat;

    include!(concat!(env!("OUT_DIR"), "/gate_formulas.rs"));

    #[cfg(test)]
    mod tests {
        use super::GATE_FORMULAS;

        /// `build.rs` reads the ways a gate is declared: a led pattern (its own part under the lead-in's
        /// flags), a plain one and a `concat!` (whose formula may be "nothing useful", kept as `None` so
        /// it is not worked out again), and the table is sorted for the binary search.
        #[test]
        fn the_table_holds_led_plain_and_joined_patterns() {
            let formula = |start: &str| {
                GATE_FORMULAS
                    .iter()
                    .find(|(pattern, _)| pattern.starts_with(start))
                    .map(|(_, formula)| formula.is_some())
            };
            assert_eq!(formula(r"(?i)(send|post|upload|"), Some(true), "led");
            assert_eq!(
                formula(r"(?i)\bdrop\s+(?:database|schema)"),
                Some(true),
                "plain"
            );
            assert_eq!(
                formula(r"(?i)\b((secret|private|public|new|unlisted)\s+)?gists?\b"),
                Some(false),
                "joined, with a branch that needs no literal"
            );
            assert!(GATE_FORMULAS.windows(2).all(|w| w[0].0 < w[1].0));
        }
    }
}
