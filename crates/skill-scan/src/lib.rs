//! The pipeline, wired: walk → classify → rules → verdict. The binary (`src/main.rs`) is a thin shell over
//! [`cli`]; `xtask` and the tests use the same entry points.

pub mod cli;
pub mod corpus;
mod package_names;
mod pipeline;
pub mod pre_commit;
pub mod rules_doc;
mod source;

pub use pipeline::{ScanError, ScanOptions, Scanner};
pub use skill_scan_model as model;
pub use skill_scan_rules::RuleSet;
