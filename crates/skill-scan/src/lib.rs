//! The pipeline, wired: walk → classify → rules → verdict. The binary (`src/main.rs`) is a thin shell over
//! [`cli`]; `xtask` and the tests use the same entry points.

mod archive_input;
pub mod baseline;
pub mod cli;
pub mod config;
mod conventions;
pub mod corpus;
mod feed;
mod generate;
mod inputs;
pub mod lockfile;
mod memory;
mod pipeline;
pub mod policy;
pub mod pre_commit;
pub mod profiles;
mod project;
pub mod prove;
mod prove_commands;
mod registry_input;
pub mod rules_doc;
pub mod runtime_profile;
pub mod setup;
mod small_target;
pub mod terminal;
mod units;
#[cfg(feature = "worker")]
pub mod worker_cli;

pub use archive_input::PackageNotice;
pub use pipeline::{ScanError, ScanOptions, Scanner, DEFAULT_TIME_BUDGET};
pub use registry_input::{release_notices, RegistryOptions};
pub use skill_scan_archive::Limits as ArchiveLimits;
pub use skill_scan_detectors::DETECTORS;
pub use skill_scan_model as model;
pub use skill_scan_registry::{parse_spec, RegistryConfig, Spec};
pub use skill_scan_rules::RuleSet;
pub use skill_scan_rules::ScanLimits;
