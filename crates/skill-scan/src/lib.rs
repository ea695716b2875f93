//! The pipeline, wired: walk → classify → rules → verdict. The binary (`src/main.rs`) is a thin CLI over
//! [`Scanner`]; `xtask` and the tests use the same entry points.

pub mod corpus;
mod pipeline;

pub use pipeline::{ScanError, ScanOptions, Scanner};
pub use skill_scan_model as model;
pub use skill_scan_rules::RuleSet;
