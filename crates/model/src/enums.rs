//! Closed vocabularies. Every enum serialises as snake_case, the form used in rule files and JSON output.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Generates `as_str`, `Display` and `ALL` for a fieldless enum from one list of (variant, name) pairs, so the
/// text form can never drift from the serde form.
macro_rules! named_enum {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        $vis enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }
    };
}

named_enum! {
    /// How directly a file steers what happens on the user's machine. Ordered most actionable first, so
    /// `min()` over scopes picks the one a reviewer should look at first.
    pub enum ArtifactScope {
        /// Read by the agent as instructions: SKILL.md, AGENTS.md, MCP tool manifests.
        AgentEntrypoint => "agent_entrypoint",
        /// Read by the installer: package.json, setup.py, pyproject.toml, `.pth`, root MCP config, install scripts.
        PackageRootArtifact => "package_root_artifact",
        /// Everything else: library code, helper scripts, docs, tests.
        SupportingArtifact => "supporting_artifact",
    }
}

named_enum! {
    /// What kind of harm a finding points at.
    pub enum ThreatCategory {
        RemoteExec => "remote_exec",
        CredentialExposure => "credential_exposure",
        DataExfiltration => "data_exfiltration",
        SupplyChain => "supply_chain",
        PersistentPromptTampering => "persistent_prompt_tampering",
        AutonomyEscalation => "autonomy_escalation",
        Persistence => "persistence",
        Obfuscation => "obfuscation",
        CryptoMining => "crypto_mining",
        PrivilegeEscalation => "privilege_escalation",
        AntiForensics => "anti_forensics",
        Reconnaissance => "reconnaissance",
        McpToolPoisoning => "mcp_tool_poisoning",
        /// Destroys data: drops databases, deletes the project or home folder, wipes disks.
        Destructive => "destructive",
    }
}

named_enum! {
    /// How strongly a finding indicates intent, independent of what to do about it.
    pub enum SignalClass {
        MaliciousBehavior => "malicious_behavior",
        SuspiciousBehavior => "suspicious_behavior",
        ReviewSignal => "review_signal",
        Hygiene => "hygiene",
    }
}

named_enum! {
    /// What a finding asks of the user. Ordered so `max()` is the strongest.
    pub enum RecommendedAction {
        Log => "log",
        Review => "review",
        Block => "block",
    }
}

named_enum! {
    /// The package-level answer. Ordered so `max()` is the strongest.
    pub enum VerdictLevel {
        Allow => "allow",
        Review => "review",
        Block => "block",
    }
}

impl From<RecommendedAction> for VerdictLevel {
    fn from(action: RecommendedAction) -> Self {
        match action {
            RecommendedAction::Log => VerdictLevel::Allow,
            RecommendedAction::Review => VerdictLevel::Review,
            RecommendedAction::Block => VerdictLevel::Block,
        }
    }
}

named_enum! {
    /// What a file is, decided from its name and place in the package.
    pub enum FileKind {
        SkillManifest => "skill_manifest",
        AgentInstructions => "agent_instructions",
        NpmManifest => "npm_manifest",
        PythonBuild => "python_build",
        Pth => "pth",
        McpConfig => "mcp_config",
        Javascript => "javascript",
        Typescript => "typescript",
        Python => "python",
        Shell => "shell",
        Powershell => "powershell",
        Markdown => "markdown",
        Json => "json",
        Yaml => "yaml",
        Toml => "toml",
        Other => "other",
    }
}

named_enum! {
    /// The language of one segment of a file (a Markdown file holds prose plus code blocks of other languages).
    pub enum Language {
        Javascript => "javascript",
        Typescript => "typescript",
        Python => "python",
        Shell => "shell",
        Powershell => "powershell",
        Markdown => "markdown",
        Json => "json",
        Yaml => "yaml",
        Toml => "toml",
        Text => "text",
    }
}

named_enum! {
    /// Where in a file a piece of text sits; a `curl | sh` in a comment is not the same as one in code.
    pub enum Context {
        Code => "code",
        Comment => "comment",
        String => "string",
        /// A Python docstring (a string that is a statement of its own): documentation, even inside code.
        Docstring => "docstring",
        MarkdownProse => "markdown_prose",
        MarkdownCode => "markdown_code",
        Frontmatter => "frontmatter",
        PlainText => "plain_text",
    }
}

named_enum! {
    /// The package as a whole.
    pub enum PackageKind {
        Skill => "skill",
        Npm => "npm",
        Pypi => "pypi",
        Mcp => "mcp",
        Mixed => "mixed",
        Unknown => "unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_form_matches_serde_form() {
        for category in ThreatCategory::ALL {
            let json = serde_json::to_string(category).unwrap();
            assert_eq!(json, format!("\"{}\"", category.as_str()));
            assert_eq!(ThreatCategory::parse(category.as_str()), Some(*category));
        }
        for kind in FileKind::ALL {
            let json = serde_json::to_string(kind).unwrap();
            assert_eq!(json, format!("\"{kind}\""));
        }
    }

    #[test]
    fn orderings_put_the_most_serious_last_and_the_most_actionable_scope_first() {
        assert!(RecommendedAction::Block > RecommendedAction::Review);
        assert!(RecommendedAction::Review > RecommendedAction::Log);
        assert!(VerdictLevel::Block > VerdictLevel::Allow);
        assert!(ArtifactScope::AgentEntrypoint < ArtifactScope::SupportingArtifact);
        assert_eq!(
            VerdictLevel::from(RecommendedAction::Review),
            VerdictLevel::Review
        );
    }

    #[test]
    fn unknown_names_do_not_parse() {
        assert_eq!(SignalClass::parse("Malicious"), None);
        assert_eq!(Context::parse("markdown_code"), Some(Context::MarkdownCode));
    }
}

named_enum! {
    /// What a finding shows the package *can do*. Compound detectors join findings by capability, so a new
    /// rule joins every compound its behaviour belongs to by declaring it, with no change to the detectors.
    pub enum Capability {
        /// Runs on install: npm lifecycle scripts, setup.py command overrides and top-level code, `.pth` lines.
        InstallHook => "install_hook",
        /// Runs code it fetched or decoded (curl | sh, eval of a download or of base64).
        RemoteExec => "remote_exec",
        /// Starts a shell or process from a built-up command.
        ProcessExec => "process_exec",
        /// Reads credentials the package has no business with (keys, keychains, browser stores, wallets).
        CredentialAccess => "credential_access",
        /// Sends data off the machine (POST/PUT, webhooks, paste sites, raw-IP endpoints, DNS tunnels).
        OutboundSend => "outbound_send",
        /// Serialises the whole process environment.
        EnvDump => "env_dump",
        /// Tells the agent to poll a remote URL on a schedule.
        Heartbeat => "heartbeat",
        /// Tries to override the agent's instructions or memory.
        PromptOverride => "prompt_override",
        /// Tells the agent to act without asking, or to hide what it does.
        AutonomyBypass => "autonomy_bypass",
        /// Tells the agent to hide what it does from the user.
        Concealment => "concealment",
        /// Declares broad tool permissions (unrestricted shell).
        BroadPermission => "broad_permission",
        /// Wipes history or logs, or deletes itself.
        TraceWipe => "trace_wipe",
        /// Installs itself to survive restarts.
        Persistence => "persistence",
        /// Mines cryptocurrency.
        Mining => "mining",
        /// An MCP server reached over the network.
        McpRemoteEndpoint => "mcp_remote_endpoint",
        /// An MCP tool handler that runs shell commands.
        McpExecSurface => "mcp_exec_surface",
        /// A setting that turns the agent's approval prompts off (auto-approve lists, YOLO modes, a
        /// never-ask approval policy), whoever writes it.
        ApprovalOff => "approval_off",
        /// Adds something the operating system starts by itself at logon, at boot or on a schedule (a Run
        /// key or Startup-folder entry, a scheduled task, a cron line, a desktop autostart or boot script,
        /// a login key), unlike hooks a developer tool runs when it is used.
        Autostart => "autostart",
        /// Its code is an obfuscator's output or encrypted (PyArmor, javascript-obfuscator, Jscrambler,
        /// pyobfuscate): what it does cannot be read, which is the point.
        Obfuscated => "obfuscated",
    }
}

named_enum! {
    /// What a file is for, from its path: test, example and documentation files are not what a user runs.
    pub enum FileRole {
        Source => "source",
        Test => "test",
        Example => "example",
        Docs => "docs",
    }
}
