//! The pipeline, wired: walk → classify → rules → verdict. The binary (`src/main.rs`) is a thin shell over
//! [`cli`]; `xtask` and the tests use the same entry points.

pub mod baseline;
mod binaries;
pub mod cli;
pub mod config;
pub mod corpus;
mod pipeline;
pub mod policy;
pub mod pre_commit;
pub mod rules_doc;
pub mod setup;
mod source;
pub mod terminal;

pub use pipeline::{ScanError, ScanOptions, Scanner, DEFAULT_TIME_BUDGET};
pub use skill_scan_model as model;
pub use skill_scan_rules::RuleSet;
pub use skill_scan_rules::ScanLimits;
