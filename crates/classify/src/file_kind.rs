//! What a file is, from its name, its place and (for extensionless scripts and JSON) its first bytes.

use skill_scan_model::{floor_char_boundary, FileKind, Language};

/// Agent instruction files other than SKILL.md, by exact file name (at any depth).
const AGENT_INSTRUCTION_NAMES: &[&str] = &[
    "AGENTS.md",
    "AGENT.md",
    "CLAUDE.md",
    "GEMINI.md",
    ".cursorrules",
    ".windsurfrules",
    ".clinerules",
    "copilot-instructions.md",
];

/// Agent instruction folders: every file directly in them is read by an agent.
const AGENT_INSTRUCTION_DIRS: &[&str] = &[".cursor/rules/", ".claude/commands/", ".claude/agents/"];

const MCP_CONFIG_NAMES: &[&str] = &[
    "mcp.json",
    ".mcp.json",
    "claude_desktop_config.json",
    "mcp_config.json",
];

/// Classifies a file by its path (relative to the package root, `/`-separated) and its text.
pub fn classify_file(rel_path: &str, text: &str) -> FileKind {
    let name = rel_path.rsplit('/').next().unwrap_or(rel_path);
    let lower = name.to_ascii_lowercase();
    let depth = rel_path.matches('/').count();

    if name == "SKILL.md" || lower == "skill.md" {
        return FileKind::SkillManifest;
    }
    if AGENT_INSTRUCTION_NAMES.contains(&name)
        || AGENT_INSTRUCTION_DIRS
            .iter()
            .any(|dir| in_dir(rel_path, dir))
    {
        return FileKind::AgentInstructions;
    }
    if name == "package.json" {
        return FileKind::NpmManifest;
    }
    if depth == 0 && matches!(name, "setup.py" | "setup.cfg" | "pyproject.toml") {
        return FileKind::PythonBuild;
    }
    if lower.ends_with(".pth") {
        return FileKind::Pth;
    }
    if MCP_CONFIG_NAMES.contains(&name) || (lower.ends_with(".json") && is_mcp_config_text(text)) {
        return FileKind::McpConfig;
    }
    if depth == 0 && name == "manifest.json" && is_mcp_bundle_manifest(text) {
        return FileKind::McpConfig;
    }
    let ext = lower.rsplit_once('.').map(|(_, ext)| ext).unwrap_or("");
    match ext {
        "js" | "mjs" | "cjs" | "jsx" => FileKind::Javascript,
        "ts" | "tsx" | "mts" | "cts" => FileKind::Typescript,
        "py" | "pyw" | "pyi" => FileKind::Python,
        "sh" | "bash" | "zsh" | "ksh" | "command" => FileKind::Shell,
        "ps1" | "psm1" | "psd1" => FileKind::Powershell,
        "md" | "markdown" | "mdc" | "mdx" => FileKind::Markdown,
        "json" | "jsonc" | "json5" => FileKind::Json,
        "yaml" | "yml" => FileKind::Yaml,
        "toml" => FileKind::Toml,
        _ => kind_from_shebang(text),
    }
}

/// The language a file of this kind is written in.
pub fn language_of(kind: FileKind, rel_path: &str) -> Language {
    match kind {
        FileKind::SkillManifest | FileKind::AgentInstructions | FileKind::Markdown => {
            Language::Markdown
        }
        FileKind::NpmManifest | FileKind::McpConfig | FileKind::Json => Language::Json,
        FileKind::PythonBuild if rel_path.ends_with(".toml") => Language::Toml,
        FileKind::PythonBuild if rel_path.ends_with(".cfg") => Language::Text,
        FileKind::PythonBuild | FileKind::Pth | FileKind::Python => Language::Python,
        FileKind::Javascript => Language::Javascript,
        FileKind::Typescript => Language::Typescript,
        FileKind::Shell => Language::Shell,
        FileKind::Powershell => Language::Powershell,
        FileKind::Yaml => Language::Yaml,
        FileKind::Toml => Language::Toml,
        FileKind::Other => Language::Text,
    }
}

/// A JSON document that declares MCP servers, whatever its file name.
pub fn is_mcp_config_text(text: &str) -> bool {
    let head = &text[..floor_char_boundary(text, 64 * 1024)];
    head.contains("\"mcpServers\"")
        || (head.contains("\"servers\"")
            && (head.contains("\"command\"") || head.contains("\"url\"")))
            && head.contains("\"type\"")
}

/// MCP bundle (`.mcpb`/`.dxt`) manifests describe a server and its tools for the agent.
fn is_mcp_bundle_manifest(text: &str) -> bool {
    text.contains("\"server\"")
        && (text.contains("\"dxt_version\"") || text.contains("\"manifest_version\""))
}

fn kind_from_shebang(text: &str) -> FileKind {
    let first = text.lines().next().unwrap_or("");
    if !first.starts_with("#!") {
        return FileKind::Other;
    }
    let interpreter = first.trim_start_matches("#!");
    if interpreter.contains("python") {
        FileKind::Python
    } else if interpreter.contains("node")
        || interpreter.contains("deno")
        || interpreter.contains("bun")
    {
        FileKind::Javascript
    } else if interpreter.contains("pwsh") || interpreter.contains("powershell") {
        FileKind::Powershell
    } else if ["sh", "bash", "zsh", "ksh", "dash"]
        .iter()
        .any(|shell| interpreter.split(['/', ' ']).any(|word| word == *shell))
    {
        FileKind::Shell
    } else {
        FileKind::Other
    }
}

fn in_dir(rel_path: &str, dir: &str) -> bool {
    rel_path.starts_with(dir) || rel_path.contains(&format!("/{dir}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agent_files_are_recognised_at_any_depth() {
        assert_eq!(classify_file("SKILL.md", ""), FileKind::SkillManifest);
        assert_eq!(
            classify_file("skills/pdf/SKILL.md", ""),
            FileKind::SkillManifest
        );
        assert_eq!(
            classify_file("docs/AGENTS.md", ""),
            FileKind::AgentInstructions
        );
        assert_eq!(
            classify_file(".cursor/rules/style.mdc", ""),
            FileKind::AgentInstructions
        );
        assert_eq!(
            classify_file(".github/copilot-instructions.md", ""),
            FileKind::AgentInstructions
        );
    }

    #[test]
    fn build_files_only_count_at_the_root() {
        assert_eq!(classify_file("setup.py", ""), FileKind::PythonBuild);
        assert_eq!(classify_file("vendor/x/setup.py", ""), FileKind::Python);
        assert_eq!(
            classify_file("vendor/x/package.json", ""),
            FileKind::NpmManifest
        );
        assert_eq!(classify_file("evil.pth", ""), FileKind::Pth);
    }

    #[test]
    fn mcp_configs_by_name_and_by_content() {
        assert_eq!(classify_file(".mcp.json", "{}"), FileKind::McpConfig);
        assert_eq!(
            classify_file("config/agents.json", r#"{"mcpServers": {}}"#),
            FileKind::McpConfig
        );
        assert_eq!(
            classify_file("config/other.json", r#"{"servers": []}"#),
            FileKind::Json
        );
    }

    #[test]
    fn extensionless_scripts_use_their_shebang() {
        assert_eq!(
            classify_file("bin/run", "#!/usr/bin/env bash\necho"),
            FileKind::Shell
        );
        assert_eq!(
            classify_file("bin/cli", "#!/usr/bin/env node\n"),
            FileKind::Javascript
        );
        assert_eq!(
            classify_file("bin/tool", "#!/usr/bin/python3\n"),
            FileKind::Python
        );
        assert_eq!(classify_file("LICENSE", "MIT"), FileKind::Other);
    }

    #[test]
    fn languages_follow_kinds() {
        assert_eq!(
            language_of(FileKind::PythonBuild, "pyproject.toml"),
            Language::Toml
        );
        assert_eq!(
            language_of(FileKind::PythonBuild, "setup.py"),
            Language::Python
        );
        assert_eq!(
            language_of(FileKind::SkillManifest, "SKILL.md"),
            Language::Markdown
        );
        assert_eq!(language_of(FileKind::Pth, "x.pth"), Language::Python);
    }
}
