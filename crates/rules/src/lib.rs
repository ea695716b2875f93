//! Rules are data: YAML packs under `rules/` (see `docs/rule-format.md`), compiled once into a [`RuleSet`].
//! A file is cut into [`segments`](segment) of one language each, and every rule runs over the segments it
//! applies to, keeping only hits in the contexts it asks for.

mod ascii_classes;
mod combined;
mod compile;
mod embedded;
mod import_time;
mod lazy;
mod limits;
mod literals;
mod loaded_code;
mod matchers;
mod native;
mod nesting;
mod normalize;
mod prefilter;
mod scan;
pub mod segment;
mod spec;
mod syntax;
mod tool_descriptions;

/// Entry points of the decoders for the fuzz targets (`fuzz/`); not an API.
#[doc(hidden)]
pub mod fuzzing {
    pub use crate::native::deobfuscate::fuzzing::*;
}

pub use compile::{CompiledRule, Matcher, RuleError, RuleSet};
pub use import_time::{mark_module_import_time, module_import_time, ImportLinks};
pub use limits::ScanLimits;
pub use loaded_code::{code_loads, CodeLoad};
pub use native::evaluate::resolve_calls;
pub use native::intent::read_markdown;
pub use native::{package_name, NativeDetector, NativeSite};
pub use scan::SourceFile;
pub use spec::{Example, MatchSpec, RuleSpec};
