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

/// MCP client configs by file name: Claude Desktop and Code, Cursor and VS Code (`.cursor/mcp.json`,
/// `.vscode/mcp.json`), Windsurf (`mcp_config.json`), Cline and Roo (`cline_mcp_settings.json`,
/// `mcp_settings.json`). Others (VS Code `settings.json`, Zed, Continue) are recognised by content.
const MCP_CONFIG_NAMES: &[&str] = &[
    "mcp.json",
    ".mcp.json",
    "claude_desktop_config.json",
    "mcp_config.json",
    "cline_mcp_settings.json",
    "mcp_settings.json",
    "mcp_servers.json",
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
    // A source map is JSON for debuggers: its `sourcesContent` copies code that ships (and is scanned)
    // beside it, and nothing runs it or reads it to an agent. Scanned as the JSON it is; a `.map` that is
    // not one is sniffed like any data name.
    if lower.ends_with(".map") && is_source_map_text(text) {
        return FileKind::Json;
    }
    // A dotfile's name is not an extension: `.git` or `.profile` holding a script is sniffed like `run`.
    let ext = lower
        .rsplit_once('.')
        .filter(|(stem, _)| !stem.is_empty())
        .map(|(_, ext)| ext)
        .unwrap_or("");
    match ext {
        "js" | "mjs" | "cjs" | "jsx" => FileKind::Javascript,
        "ts" | "tsx" | "mts" | "cts" => FileKind::Typescript,
        "py" | "pyw" | "pyi" => FileKind::Python,
        "sh" | "bash" | "zsh" | "ksh" | "command" => FileKind::Shell,
        "ps1" | "psm1" | "psd1" => FileKind::Powershell,
        "md" | "markdown" | "mdc" | "mdx" => FileKind::Markdown,
        "json" | "jsonc" | "json5" => FileKind::Json,
        "yaml" | "yml" => FileKind::Yaml,
        // INI-style configuration reads close enough to TOML (sections, `key = value`) for what config
        // rules ask: hosts, URLs and commands in values.
        "toml" | "ini" | "cfg" | "conf" | "cnf" => FileKind::Toml,
        _ => match kind_from_shebang(text) {
            FileKind::Other if ext.is_empty() || CODE_NEVER_EXTENSIONS.contains(&ext) => {
                sniff_code_kind(text).unwrap_or(FileKind::Other)
            }
            kind => kind,
        },
    }
}

/// Extensions that promise plain text, data or media, never code. A file with one of them whose content
/// reads as code is scanned as that code: renaming `payload.js` to `logo.png` or `notes.txt` hides nothing
/// from a loader that is handed the path (`require`, `exec(open(…))`, `node file`, `sh file`).
const CODE_NEVER_EXTENSIONS: &[&str] = &[
    "txt", "text", "dat", "data", "bin", "log", "tmp", "bak", "old", "orig", "png", "jpg", "jpeg",
    "gif", "bmp", "ico", "webp", "tif", "tiff", "mp3", "mp4", "wav", "ogg", "avi", "mov", "woff",
    "woff2", "ttf", "otf", "eot", "pdf", "doc", "docx", "xls", "xlsx", "csv", "tsv", "map",
];

/// Media and document extensions: a file named like one of these that holds code is disguised.
const MEDIA_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "bmp", "ico", "webp", "tif", "tiff", "mp3", "mp4", "wav", "ogg",
    "avi", "mov", "woff", "woff2", "ttf", "otf", "eot", "pdf", "doc", "docx", "xls", "xlsx",
];

/// Whether the file's name claims an image, audio, video, font or office format.
pub fn has_media_extension(rel_path: &str) -> bool {
    let name = rel_path.rsplit('/').next().unwrap_or(rel_path);
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| MEDIA_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
}

/// How many lines [`sniff_code_kind`] reads.
const SNIFF_LINES: usize = 200;

/// Guesses whether text is JavaScript, Python or shell from how its lines read: most non-empty lines (of
/// the first 200) must look like statements of one language. Prose, lists and data stay `None`.
pub fn sniff_code_kind(text: &str) -> Option<FileKind> {
    let head = &text[..floor_char_boundary(text, 256 * 1024)];
    let (mut lines, mut js, mut py, mut sh) = (0usize, 0usize, 0usize, 0usize);
    for line in head
        .split(['\n', '\r'])
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("//") && !l.starts_with('#'))
        .take(SNIFF_LINES)
    {
        lines += 1;
        js += usize::from(reads_as_javascript(line));
        py += usize::from(reads_as_python(line));
        sh += usize::from(reads_as_shell(line));
    }
    let best = js.max(py).max(sh);
    // Most lines must agree; a single-line file must be that one statement.
    if lines == 0 || best * 10 < lines * 6 {
        return None;
    }
    Some(if best == js {
        FileKind::Javascript
    } else if best == py {
        FileKind::Python
    } else {
        FileKind::Shell
    })
}

fn reads_as_javascript(line: &str) -> bool {
    const STARTS: &[&str] = &[
        "const ",
        "let ",
        "var ",
        "function ",
        "function(",
        "async ",
        "await ",
        "import ",
        "export ",
        "module.exports",
        "exports.",
        "require(",
        "return ",
        "if (",
        "for (",
        "while (",
        "try {",
        "} catch",
        "})",
        "});",
        "}",
        "new ",
        "this.",
        "process.",
    ];
    let code_end = line.ends_with(';') || line.ends_with('{') || line.ends_with("=>");
    STARTS.iter().any(|s| line.starts_with(s))
        || line.contains("require(")
        || line.contains("=> {")
        || (code_end && (line.contains('(') || line.contains('=')))
}

fn reads_as_python(line: &str) -> bool {
    const STARTS: &[&str] = &[
        "import ",
        "from ",
        "def ",
        "class ",
        "if ",
        "elif ",
        "else:",
        "for ",
        "while ",
        "try:",
        "except",
        "finally:",
        "with ",
        "return",
        "print(",
        "exec(",
        "eval(",
        "raise ",
        "pass",
        "async def ",
        "@",
    ];
    let first_word_call = line.split('(').next().is_some_and(|head| {
        !head.is_empty()
            && head
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
    });
    STARTS.iter().any(|s| line.starts_with(s))
        || (line.ends_with(':') && line.contains(' '))
        || (first_word_call && line.ends_with(')'))
        // `x = call(…)`; a bare `name = value` is just as likely INI or TOML.
        || line.split_once(" = ").is_some_and(|(name, value)| {
            name.chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '.' || c == ',')
                && value.contains('(')
        })
}

fn reads_as_shell(line: &str) -> bool {
    let line = line.strip_prefix("$ ").unwrap_or(line);
    let word = line.split_whitespace().next().unwrap_or("");
    const COMMANDS: &[&str] = &[
        "curl", "wget", "bash", "sh", "zsh", "sudo", "chmod", "chown", "echo", "export", "cd",
        "rm", "cp", "mv", "mkdir", "cat", "nohup", "python", "python3", "node", "base64", "eval",
        "exec", "set", "source", "crontab", "tar", "unzip", "printf", "then", "fi", "done", "do",
        "else",
    ];
    COMMANDS.contains(&word)
        || line.starts_with("if [")
        || line.starts_with("for ")
        || is_shell_assignment(word)
}

/// `NAME=value` (not `name==1.0` or `name>=2`, which are requirement pins).
fn is_shell_assignment(word: &str) -> bool {
    let Some((name, value)) = word.split_once('=') else {
        return false;
    };
    !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !value.starts_with('=')
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
        || head.contains("\"context_servers\"")
        || (head.contains("\"servers\"")
            && (head.contains("\"command\"") || head.contains("\"url\"")))
            && head.contains("\"type\"")
}

/// A source map (version 3): a JSON object with its `version` and `mappings`.
fn is_source_map_text(text: &str) -> bool {
    text.trim_start().starts_with('{')
        && text.trim_end().ends_with('}')
        && text.contains("\"version\"")
        && text.contains("\"mappings\"")
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
    fn source_maps_are_json_and_other_map_files_are_sniffed() {
        let map = r#"{"version":3,"file":"index.js","sources":["../src/index.ts"],"sourcesContent":["export const a = 1;\n"],"mappings":"AAAA"}"#;
        assert_eq!(classify_file("dist/index.js.map", map), FileKind::Json);
        assert_eq!(classify_file("dist/style.css.map", map), FileKind::Json);
        // Code named like a source map is scanned as that code.
        let code = "const cp = require('child_process');\ncp.exec(process.argv[2]);\n";
        assert_eq!(
            classify_file("dist/index.js.map", code),
            FileKind::Javascript
        );
        assert_eq!(
            classify_file("levels/world.map", "grass 3 4\n"),
            FileKind::Other
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
        assert_eq!(
            classify_file("cline_mcp_settings.json", "{}"),
            FileKind::McpConfig
        );
        assert_eq!(
            classify_file(".zed/settings.json", r#"{"context_servers": {}}"#),
            FileKind::McpConfig
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
    fn code_under_a_data_or_media_name_is_read_as_code() {
        let js = "const cp = require(\"child_process\");\ncp.execSync(\"curl x | sh\");\n";
        assert_eq!(classify_file("assets/logo.png", js), FileKind::Javascript);
        assert_eq!(classify_file("notes.txt", js), FileKind::Javascript);
        let py = "import os\nos.system('curl x | sh')\n";
        assert_eq!(classify_file("data/blob.dat", py), FileKind::Python);
        assert_eq!(
            classify_file("payload", "curl -s x | sh\n"),
            FileKind::Shell
        );
        assert_eq!(
            classify_file("sub/.git", "curl -s x | sh\n"),
            FileKind::Shell
        );
        assert_eq!(
            classify_file(".editorconfig", "root = true\n[*]\nindent_style = space\n"),
            FileKind::Other
        );
        assert_eq!(
            classify_file("conf/app.ini", "[server]\nhost = example.invalid\n"),
            FileKind::Toml
        );
        assert!(has_media_extension("a/b/Logo.PNG"));
        assert!(!has_media_extension("notes.txt"));
    }

    #[test]
    fn prose_and_data_stay_text() {
        let license = "MIT License\n\nCopyright (c) 2024 Someone\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\nof this software and associated documentation files (the \"Software\"), to deal\n";
        assert_eq!(classify_file("LICENSE", license), FileKind::Other);
        assert_eq!(classify_file("notes.txt", license), FileKind::Other);
        assert_eq!(
            classify_file("requirements.txt", "requests>=2.31\nclick==8.1.7\n"),
            FileKind::Other
        );
        assert_eq!(
            classify_file(
                "CHANGELOG.txt",
                "1.2.0 - fixed the parser\n1.1.0 - first release\n"
            ),
            FileKind::Other
        );
        // Only data and media names are sniffed; a stylesheet is not JavaScript.
        assert_eq!(
            classify_file("a.css", "body { color: red; }\n.a { margin: 0; }\n"),
            FileKind::Other
        );
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
