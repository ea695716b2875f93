//! The vocabulary every skill-scan layer speaks. Pure data, no I/O: walkers produce files, classifiers tag
//! them, rules turn them into [`Finding`]s, the verdict layer turns findings into a [`TargetReport`].

mod enums;
mod escape;
mod finding;
mod fingerprint;
mod line_index;
mod package_event;
mod report;
#[cfg(any(test, feature = "test-support"))]
pub mod test_support;

pub use enums::*;
pub use escape::escape_for_terminal;
pub use finding::{Finding, Location, RelatedLocation, RELATED_IMPORTS};
pub use fingerprint::{line_hashes, line_hashes_at, LineHashes};
pub use line_index::{ceil_char_boundary, floor_char_boundary, LineIndex};
pub use package_event::{ArchiveIssueKind, PackageCheckKind, ProjectCheckKind, RegistrySignalKind};
pub use report::{
    CalibrationNote, Diagnostic, Origin, PackageSummary, PreviousRelease, RegistryOrigin, Skipped,
    SuppressedFinding, Suppression, SuppressionKind, TargetReport, Verdict, VerdictReason,
};
