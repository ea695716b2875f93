//! Readers for the manifests that tell an installer or an agent what a package does on arrival.

use crate::json_tree::{parse_json, JsonNode};
use crate::setup_cfg::parse_ini;
use crate::{ManifestError, ManifestFile};
use std::collections::BTreeMap;

/// npm lifecycle scripts that run when the package is installed (or, for `prepare`, installed from git).
pub const INSTALL_LIFECYCLE_SCRIPTS: &[&str] = &[
    "preinstall",
    "install",
    "postinstall",
    "prepare",
    "preprepare",
    "postprepare",
    "prepublish",
];

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NpmManifest {
    pub name: Option<String>,
    pub version: Option<String>,
    pub scripts: BTreeMap<String, String>,
    pub bin: Vec<String>,
    pub main: Option<String>,
    pub dependencies: Vec<String>,
    /// The `devDependencies` names (also in `dependencies`): installed only by the package's developers.
    pub dev_dependencies: Vec<String>,
}

impl NpmManifest {
    /// The lifecycle scripts that run on install, by name.
    pub fn install_scripts(&self) -> BTreeMap<String, String> {
        self.scripts
            .iter()
            .filter(|(name, _)| INSTALL_LIFECYCLE_SCRIPTS.contains(&name.as_str()))
            .map(|(name, cmd)| (name.clone(), cmd.clone()))
            .collect()
    }
}

pub fn parse_package_json(text: &str) -> Result<NpmManifest, ManifestError> {
    let root =
        parse_json(text).map_err(|e| ManifestError::malformed(ManifestFile::PackageJson, e))?;
    let string = |node: Option<&JsonNode>| node.and_then(JsonNode::as_str).map(str::to_string);
    let mut manifest = NpmManifest {
        name: string(root.get("name")),
        version: string(root.get("version")),
        main: string(root.get("main")),
        ..NpmManifest::default()
    };
    if let Some(scripts) = root.get("scripts") {
        for member in scripts.members() {
            if let Some(command) = member.value.as_str() {
                manifest
                    .scripts
                    .insert(member.key.clone(), command.to_string());
            }
        }
    }
    match root.get("bin") {
        Some(node) if node.as_str().is_some() => manifest.bin.extend(string(Some(node))),
        Some(node) => manifest
            .bin
            .extend(node.members().iter().filter_map(|m| string(Some(&m.value)))),
        None => {}
    }
    for section in [
        "dependencies",
        "devDependencies",
        "optionalDependencies",
        "peerDependencies",
    ] {
        if let Some(deps) = root.get(section) {
            let names = deps.members().iter().map(|m| m.key.clone());
            if section == "devDependencies" {
                manifest.dev_dependencies.extend(names.clone());
            }
            manifest.dependencies.extend(names);
        }
    }
    Ok(manifest)
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PythonManifest {
    pub name: Option<String>,
    pub version: Option<String>,
    pub dependencies: Vec<String>,
}

impl PythonManifest {
    /// Fills what `self` lacks from `other` (pyproject first, then setup.cfg, then setup.py).
    pub fn merge(&mut self, other: PythonManifest) {
        if self.name.is_none() {
            self.name = other.name;
        }
        if self.version.is_none() {
            self.version = other.version;
        }
        self.dependencies.extend(other.dependencies);
    }
}

pub fn parse_pyproject(text: &str) -> Result<PythonManifest, ManifestError> {
    let table: toml::Table = text
        .parse()
        .map_err(|e| ManifestError::malformed(ManifestFile::Pyproject, e))?;
    let project = table.get("project");
    let poetry = table.get("tool").and_then(|t| t.get("poetry"));
    let field = |name: &str| {
        project
            .and_then(|p| p.get(name))
            .or_else(|| poetry.and_then(|p| p.get(name)))
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    let mut dependencies: Vec<String> = project
        .and_then(|p| p.get("dependencies"))
        .and_then(|d| d.as_array())
        .map(|deps| {
            deps.iter()
                .filter_map(|d| d.as_str())
                .map(requirement_name)
                .collect()
        })
        .unwrap_or_default();
    if let Some(deps) = poetry
        .and_then(|p| p.get("dependencies"))
        .and_then(|d| d.as_table())
    {
        dependencies.extend(deps.keys().cloned());
    }
    Ok(PythonManifest {
        name: field("name"),
        version: field("version"),
        dependencies,
    })
}

pub fn parse_setup_cfg(text: &str) -> Result<PythonManifest, ManifestError> {
    let ini = parse_ini(text)?;
    let get = |section: &str, key: &str| ini.get(section).and_then(|s| s.get(key)).cloned();
    Ok(PythonManifest {
        name: get("metadata", "name"),
        version: get("metadata", "version"),
        dependencies: get("options", "install_requires")
            .map(|deps| {
                deps.lines()
                    .map(requirement_name)
                    .filter(|d| !d.is_empty())
                    .collect()
            })
            .unwrap_or_default(),
    })
}

/// setup.py is code; we never run it. A literal `name="..."` keyword is all we read from it.
pub fn parse_setup_py(text: &str) -> PythonManifest {
    let name = text.match_indices("name").find_map(|(at, _)| {
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            return None;
        }
        let rest = text[at + 4..].trim_start().strip_prefix('=')?.trim_start();
        let quote = rest.chars().next().filter(|q| *q == '"' || *q == '\'')?;
        let value = &rest[1..];
        value.find(quote).map(|end| value[..end].to_string())
    });
    PythonManifest {
        name,
        ..PythonManifest::default()
    }
}

/// `requests>=2; python_version>"3"` → `requests`.
fn requirement_name(requirement: &str) -> String {
    requirement
        .trim()
        .split(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .next()
        .unwrap_or("")
        .to_string()
}

/// One MCP server declared in a config.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct McpServer {
    pub name: String,
    pub command: Option<String>,
    pub args: Vec<String>,
    pub url: Option<String>,
    pub transport: Option<String>,
    /// Names of environment variables handed to the server (values are not kept: they may be secrets).
    pub env: Vec<String>,
}

impl McpServer {
    /// How the server is reached, for the package summary.
    pub fn describe(&self) -> String {
        match (&self.url, &self.command) {
            (Some(url), _) => url.clone(),
            (None, Some(command)) if self.args.is_empty() => command.clone(),
            (None, Some(command)) => format!("{command} {}", self.args.join(" ")),
            (None, None) => String::from("(no command or url)"),
        }
    }
}

/// Reads `mcpServers` (Claude, Cursor), `servers` (VS Code) and `context_servers` (Zed) blocks, and an MCP
/// bundle's `server` entry.
pub fn parse_mcp_config(text: &str) -> Result<Vec<McpServer>, ManifestError> {
    let root =
        parse_json(text).map_err(|e| ManifestError::malformed(ManifestFile::McpConfig, e))?;
    let mut servers = Vec::new();
    // VS Code's user `settings.json` nests its servers under `mcp`.
    let nested = root.get("mcp").and_then(|mcp| mcp.get("servers"));
    let blocks = ["mcpServers", "servers", "context_servers"]
        .into_iter()
        .filter_map(|block| root.get(block))
        .chain(nested);
    for block in blocks {
        for member in block.members() {
            servers.push(read_server(&member.key, &member.value));
        }
    }
    if let Some(server) = root.get("server") {
        let name = root
            .get("name")
            .and_then(JsonNode::as_str)
            .unwrap_or("server");
        let config = server.get("mcp_config").unwrap_or(server);
        servers.push(read_server(name, config));
    }
    Ok(servers)
}

fn read_server(name: &str, node: &JsonNode) -> McpServer {
    let text = |key: &str| node.get(key).and_then(JsonNode::as_str).map(str::to_string);
    McpServer {
        name: name.to_string(),
        command: text("command"),
        args: node
            .get("args")
            .map(|args| {
                args.items()
                    .iter()
                    .filter_map(|a| a.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
        url: text("url").or_else(|| text("serverUrl")),
        transport: text("type").or_else(|| text("transport")),
        env: node
            .get("env")
            .map(|env| env.members().iter().map(|m| m.key.clone()).collect())
            .unwrap_or_default(),
    }
}

/// Package-relative files that a lifecycle command runs: `node scripts/setup.js && sh ./x.sh` →
/// `scripts/setup.js`, `x.sh`. These get the package-root scope, since the installer runs them.
pub fn script_targets(command: &str) -> Vec<String> {
    const SCRIPT_EXTENSIONS: &[&str] =
        &[".js", ".cjs", ".mjs", ".ts", ".sh", ".py", ".ps1", ".bash"];
    command
        .split(|c: char| c.is_whitespace() || matches!(c, ';' | '&' | '|' | '(' | ')'))
        .map(|token| token.trim_matches(|c| c == '"' || c == '\''))
        .filter(|token| !token.is_empty() && !token.contains("://") && !token.starts_with('-'))
        .filter(|token| {
            token.starts_with("./") || SCRIPT_EXTENSIONS.iter().any(|ext| token.ends_with(ext))
        })
        .map(|token| token.trim_start_matches("./").to_string())
        .filter(|token| !token.starts_with('/') && !token.split('/').any(|part| part == ".."))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_json_fields() {
        let text = r#"{"name":"demo","version":"1.0.0","main":"index.js","bin":{"demo":"cli.js"},
            "scripts":{"postinstall":"node scripts/setup.js","test":"jest"},
            "dependencies":{"@modelcontextprotocol/sdk":"^1"}}"#;
        let manifest = parse_package_json(text).unwrap();
        assert_eq!(manifest.name.as_deref(), Some("demo"));
        assert_eq!(manifest.bin, ["cli.js"]);
        assert_eq!(manifest.install_scripts().len(), 1);
        assert_eq!(manifest.dependencies, ["@modelcontextprotocol/sdk"]);
        assert!(parse_package_json("{\"name\": ").is_err());
    }

    #[test]
    fn python_manifests() {
        let py = parse_pyproject("[project]\nname = \"lib\"\nversion = \"1.2\"\ndependencies = [\"mcp>=1.0\", \"httpx\"]\n")
            .unwrap();
        assert_eq!(py.name.as_deref(), Some("lib"));
        assert_eq!(py.dependencies, ["mcp", "httpx"]);
        let poetry = parse_pyproject(
            "[tool.poetry]\nname = \"p\"\n[tool.poetry.dependencies]\npython = \"^3.9\"\n",
        )
        .unwrap();
        assert_eq!(poetry.name.as_deref(), Some("p"));
        assert!(parse_pyproject("[project\n").is_err());
        assert_eq!(
            parse_setup_py("setup(\n    name = 'evil-pkg',\n    version='1')")
                .name
                .as_deref(),
            Some("evil-pkg")
        );
        assert_eq!(parse_setup_py("setup(pkg_name=x)").name, None);
    }

    #[test]
    fn mcp_config_blocks() {
        let text = r#"{"mcpServers": {"files": {"command": "node", "args": ["dist/index.js"], "env": {"TOKEN": "x"}},
                       "remote": {"url": "http://203.0.113.5/sse", "type": "sse"}}}"#;
        let servers = parse_mcp_config(text).unwrap();
        assert_eq!(servers.len(), 2);
        assert_eq!(servers[0].describe(), "node dist/index.js");
        assert_eq!(servers[0].env, ["TOKEN"]);
        assert_eq!(servers[1].transport.as_deref(), Some("sse"));
        let settings = r#"{"editor.tabSize": 2, "mcp": {"servers": {"db": {"type": "stdio", "command": "uvx", "args": ["db-mcp"]}}}}"#;
        assert_eq!(
            parse_mcp_config(settings).unwrap()[0].describe(),
            "uvx db-mcp"
        );
        let zed = r#"{"context_servers": {"git": {"command": "npx", "args": ["-y", "git-mcp"]}}}"#;
        assert_eq!(parse_mcp_config(zed).unwrap()[0].name, "git");
    }

    #[test]
    fn lifecycle_commands_name_their_scripts() {
        assert_eq!(
            script_targets("node scripts/setup.js && sh ./install.sh"),
            ["scripts/setup.js", "install.sh"]
        );
        assert_eq!(script_targets("node-gyp rebuild"), Vec::<String>::new());
        assert_eq!(
            script_targets("curl https://x.example/a.sh | sh"),
            Vec::<String>::new()
        );
        assert_eq!(
            script_targets("node ../../etc/x.js /abs/y.js"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_repeated_key_is_read_as_npm_reads_it_the_last_one() {
        let text =
            r#"{"name": "a", "scripts": {"test": "jest"}, "scripts": {"preinstall": "node x.js"}}"#;
        let npm = parse_package_json(text).unwrap();
        assert_eq!(
            npm.install_scripts().get("preinstall").map(String::as_str),
            Some("node x.js")
        );
        assert!(!npm.scripts.contains_key("test"));
    }
}
