//! A person's words for each category.

use skill_scan_model::ThreatCategory;

/// `runs_at_install`: the findings run code when the package is installed (see `RootCauseGroup`).
pub(crate) fn describe(category: ThreatCategory, runs_at_install: bool) -> &'static str {
    match category {
        ThreatCategory::SupplyChain if !runs_at_install => "Puts the supply chain at risk",
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_supply_chain_group_says_install_only_when_it_runs_at_install() {
        assert_eq!(
            describe(ThreatCategory::SupplyChain, true),
            "Runs code when the package is installed"
        );
        assert_eq!(
            describe(ThreatCategory::SupplyChain, false),
            "Puts the supply chain at risk"
        );
    }
}
