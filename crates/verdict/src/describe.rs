//! A person's words for each category.

use skill_scan_model::ThreatCategory;

pub(crate) fn describe(category: ThreatCategory) -> &'static str {
    match category {
        ThreatCategory::RemoteExec => "Runs code fetched or built at run time",
        ThreatCategory::CredentialExposure => "Reaches for credentials or secrets",
        ThreatCategory::DataExfiltration => "Sends data out of the machine",
        ThreatCategory::SupplyChain => "Runs code when the package is installed",
        ThreatCategory::PersistentPromptTampering => "Tries to override the agent's instructions",
        ThreatCategory::AutonomyEscalation => "Pushes the agent to act without the user",
        ThreatCategory::Persistence => "Makes itself survive restarts",
        ThreatCategory::Obfuscation => "Hides what its code does",
        ThreatCategory::CryptoMining => "Mines cryptocurrency",
        ThreatCategory::PrivilegeEscalation => "Seeks higher privileges or escapes its container",
        ThreatCategory::AntiForensics => "Covers its tracks",
        ThreatCategory::Reconnaissance => "Fingerprints the host",
        ThreatCategory::McpToolPoisoning => "Hides instructions in MCP tool descriptions",
        ThreatCategory::Destructive => "Destroys data or the system",
    }
}
