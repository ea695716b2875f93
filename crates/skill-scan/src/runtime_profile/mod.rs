//! `--emit-profile FORMAT`: the least privilege a scanned package needs, from what the scan saw it do
//! ([`observed`]), as something a runtime can enforce:
//!
//! - `json`: a plain summary (hosts, paths read and written, processes, environment variables, install-time
//!   behaviour) with the verdict;
//! - `agent`: an agent permission block (`permissions.allow` / `permissions.deny` rules in the agent
//!   settings syntax: `Bash(curl *)`, `WebFetch(domain:…)`, `Read(…)`, `Edit(…)`), denying the sensitive
//!   paths of the `default` policy whatever the package does;
//! - `tetragon`: a Tetragon `TracingPolicy` with a process-exec allow-list, file-integrity paths and an
//!   egress audit, each tagged with its MITRE ATT&CK technique.

mod agent;
mod tetragon;

pub use skill_scan_detectors::observed;

use clap::ValueEnum;
use serde_json::json;
use skill_scan_model::TargetReport;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProfileFormat {
    /// A plain JSON summary of what the package does.
    Json,
    /// An agent permission block (`permissions.allow` / `deny`).
    Agent,
    /// A Tetragon TracingPolicy (YAML).
    Tetragon,
}

/// The profile of one scanned package in `format`.
pub fn emit(format: ProfileFormat, report: &TargetReport) -> Result<String, String> {
    let seen = observed::observe(report);
    let text = match format {
        ProfileFormat::Json => {
            let summary = json!({
                "target": report.target,
                "verdict": report.verdict,
                "declared_allowed_tools": report.package.allowed_tools,
                "observed": seen,
            });
            serde_json::to_string_pretty(&summary).map_err(|e| e.to_string())? + "\n"
        }
        ProfileFormat::Agent => {
            serde_json::to_string_pretty(&agent::permissions(&seen)).map_err(|e| e.to_string())?
                + "\n"
        }
        ProfileFormat::Tetragon => serde_yaml::to_string(&tetragon::tracing_policy(report, &seen))
            .map_err(|e| e.to_string())?,
    };
    Ok(text)
}
