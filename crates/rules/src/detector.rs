//! The native detectors a rule can name in `match: { native: NAME }`, as the engine sees them. The engine
//! defines none: they come from the [`DetectorSet`](crate::DetectorSet) the rule set is built with.
//!
//! A native detector is either:
//! - a [`FileDetector`], run by the file scan over each segment, like a regex; or
//! - `Package`: run by another layer (the pipeline, the archive reader, the registry, the project layer),
//!   which reports a typed event that a package detector maps to its name; the finding is made with
//!   [`RuleSet::package_finding`](crate::RuleSet::package_finding) so the report carries the rule's data.

use crate::hit::Hit;
use crate::segment::Segment;

/// A detector the file scan runs on every segment of a file that holds one of its literals.
pub struct FileDetector {
    /// Strings one of which a file must contain for the detector to run (empty: every file).
    pub literals: &'static [&'static str],
    /// Reports hits (file offsets) until `keep` returns `false`.
    pub run: fn(&Segment, &str, &mut dyn FnMut(Hit) -> bool),
}

#[derive(Clone, Copy)]
pub enum NativeDetector {
    File(&'static FileDetector),
    /// Reported by a layer outside the rule engine, through
    /// [`RuleSet::package_finding`](crate::RuleSet::package_finding).
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
