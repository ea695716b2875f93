//! MCP client configs as projects (`claude_desktop_config.json`, `.mcp.json`, `.cursor/mcp.json`,
//! `.vscode/mcp.json`, Windsurf's `mcp_config.json`, Cline's settings, `~/.claude.json`, Codex's
//! `config.toml`). The config file itself is scanned as before (its rules, such as MCP014 for a launch
//! command that fetches and runs remote code, still apply); then every server entry becomes a row: a server
//! started with `npx -y NAME[@V]` / `uvx NAME[==V]` is fetched from its registry and scanned, a remote URL
//! server is reported with its host (MCP016), and an unpinned package is noted (MCP017).

use super::findings::SiteNotice;
use super::lockfile_scan::{host_of, Context};
use super::{Project, Row};
use crate::inputs::scan_target;
use rayon::prelude::*;
use serde_json::Value;
use skill_scan_model::ProjectCheckKind;
use skill_scan_registry::parse_spec;
use skill_scan_walk::{FileEntry, Walked};
use std::path::Path;

const CONFIG_NAMES: &[&str] = &[
    "claude_desktop_config.json",
    ".mcp.json",
    "mcp.json",
    "mcp_config.json",
    "mcp_settings.json",
    "cline_mcp_settings.json",
    ".claude.json",
];

/// A file named like an MCP client config (Codex's only inside a `.codex` folder).
pub(crate) fn is_client_config(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let parent = path
        .parent()
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    CONFIG_NAMES.contains(&name.as_str()) || (name == "config.toml" && parent == ".codex")
}

/// One server entry of a config.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Server {
    name: String,
    command: String,
    args: Vec<String>,
    url: Option<String>,
}

/// What a server runs, as far as it can be judged without running it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Launch {
    /// A registry package (`npm:NAME[@V]`, `pypi:NAME[==V]`); `pinned` when a version is given.
    Package {
        target: String,
        pinned: bool,
    },
    Remote {
        host: String,
    },
    /// A local command, a URL or git launcher (the config's own rules judge those), or nothing usable.
    Other,
}

pub(crate) fn scan_config(ctx: &Context, given: &str) -> Result<Project, String> {
    let path = Path::new(given);
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {given}: {e}"))?;
    let servers = servers(path, &text)?;
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let line_of = |name: &str| {
        text.find(&format!("\"{name}\""))
            .or_else(|| text.find(name))
            .map_or(1, |offset| text[..offset].matches('\n').count() + 1)
    };
    let launches: Vec<(Server, Launch, usize)> = servers
        .into_iter()
        .map(|server| {
            let launch = launch_of(&server);
            let line = line_of(&server.name);
            (server, launch, line)
        })
        .collect();

    // The config file, with a note on each remote server and each unpinned package.
    let notices: Vec<SiteNotice> = launches
        .iter()
        .filter_map(|(server, launch, line)| {
            let notice = |kind, message, evidence| SiteNotice {
                kind,
                file: file.clone(),
                line: *line,
                message,
                evidence,
            };
            match launch {
                Launch::Remote { host } => Some(notice(
                    ProjectCheckKind::McpRemoteServer,
                    format!("server {:?} is remote: the agent talks to {host}", server.name),
                    server.url.clone().unwrap_or_default(),
                )),
                Launch::Package { target, pinned: false } => Some(notice(
                    ProjectCheckKind::McpServerUnpinnedPackage,
                    format!(
                        "server {:?} runs {target} at whatever version is newest when the agent starts",
                        server.name
                    ),
                    format!("{} {}", server.command, server.args.join(" ")),
                )),
                _ => None,
            }
        })
        .collect();
    let size = text.len() as u64;
    let walked = Walked {
        files: vec![FileEntry::disk(file.clone(), path, size)],
        ..Walked::default()
    };
    let config_report = ctx
        .scanner
        .scan_with_notices(given, walked, &notices, ctx.options);
    let mut rows = vec![Row {
        name: file.clone(),
        version: "(config)".to_string(),
        line: None,
        outcome: Ok(config_report),
        cached: false,
    }];
    let packages: Vec<Row> = launches
        .par_iter()
        .filter_map(|(server, launch, line)| match launch {
            Launch::Package { target, .. } => Some(Row {
                name: server.name.clone(),
                version: target.clone(),
                line: Some(*line),
                outcome: scan_target(ctx.scanner, target, ctx.registry, ctx.options)
                    .map_err(|e| format!("{given}: server {:?}: {e}", server.name)),
                cached: false,
            }),
            Launch::Remote { host } => Some(Row {
                name: server.name.clone(),
                version: format!("remote {host}"),
                line: Some(*line),
                outcome: Ok(ctx.scanner.notice_report(
                    given,
                    &[SiteNotice {
                        kind: ProjectCheckKind::McpRemoteServer,
                        file: file.clone(),
                        line: *line,
                        message: format!(
                            "server {:?} is remote: the agent talks to {host}",
                            server.name
                        ),
                        evidence: server.url.clone().unwrap_or_default(),
                    }],
                    ctx.options,
                )),
                cached: false,
            }),
            Launch::Other => None,
        })
        .collect();
    rows.extend(packages);
    Ok(Project {
        target: given.to_string(),
        kind: "MCP client config".to_string(),
        rows,
    })
}

/// The server entries of a JSON config (`mcpServers`, VS Code's `servers` or `mcp.servers`, and
/// `projects.*.mcpServers` of `~/.claude.json`) or of Codex's TOML (`[mcp_servers.NAME]`).
fn servers(path: &Path, text: &str) -> Result<Vec<Server>, String> {
    let root: Value = if path.extension().is_some_and(|e| e == "toml") {
        let table: toml::Table = text
            .parse()
            .map_err(|e| format!("{}: not valid TOML: {e}", path.display()))?;
        serde_json::to_value(table).map_err(|e| e.to_string())?
    } else {
        serde_json::from_str(text)
            .map_err(|e| format!("{}: not valid JSON: {e}", path.display()))?
    };
    let mut maps: Vec<&serde_json::Map<String, Value>> = Vec::new();
    for key in ["mcpServers", "servers", "mcp_servers"] {
        maps.extend(root.get(key).and_then(Value::as_object));
    }
    maps.extend(root.pointer("/mcp/servers").and_then(Value::as_object));
    if let Some(projects) = root.get("projects").and_then(Value::as_object) {
        maps.extend(
            projects
                .values()
                .filter_map(|p| p.get("mcpServers").and_then(Value::as_object)),
        );
    }
    let mut out = Vec::new();
    for map in maps {
        for (name, entry) in map {
            let text = |k: &str| entry.get(k).and_then(Value::as_str).map(str::to_string);
            out.push(Server {
                name: name.clone(),
                command: text("command").unwrap_or_default(),
                args: entry
                    .get("args")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect(),
                url: text("url").or_else(|| text("serverUrl")),
            });
        }
    }
    Ok(out)
}

/// What `server` launches.
fn launch_of(server: &Server) -> Launch {
    if let Some(url) = &server.url {
        return Launch::Remote { host: host_of(url) };
    }
    let program = Path::new(&server.command)
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let program = program.trim_end_matches(".cmd").trim_end_matches(".exe");
    // `npm exec`, `pnpm dlx`, `yarn dlx`, `uv tool run`, `pipx run` put a subcommand first.
    let (ecosystem, args): (&str, &[String]) =
        match (program, server.args.first().map(String::as_str)) {
            ("npx" | "bunx" | "pnpx", _) => ("npm", &server.args[..]),
            ("npm", Some("exec")) | ("pnpm" | "yarn", Some("dlx")) => ("npm", &server.args[1..]),
            ("uvx", _) => ("pypi", &server.args[..]),
            ("pipx", Some("run")) => ("pypi", &server.args[1..]),
            ("uv", Some("tool")) if server.args.get(1).is_some_and(|a| a == "run") => {
                ("pypi", &server.args[2..])
            }
            _ => return Launch::Other,
        };
    let Some(package) = package_argument(args) else {
        return Launch::Other;
    };
    let (target, pinned) = if ecosystem == "npm" {
        let pinned = package.get(1..).is_some_and(|t| t.contains('@'));
        (format!("npm:{package}"), pinned)
    } else {
        // uvx accepts `name@1.0` as well as `name==1.0`.
        let normalised = match package.split_once('@') {
            Some((name, version)) if !package.contains("==") => format!("{name}=={version}"),
            _ => package.to_string(),
        };
        let pinned = normalised.contains("==");
        (format!("pypi:{normalised}"), pinned)
    };
    match parse_spec(&target) {
        Some(Ok(_)) => Launch::Package { target, pinned },
        _ => Launch::Other,
    }
}

/// The package a launcher runs: `--package`/`-p`/`--from` names it, else the first argument that is not an
/// option. A URL or git location is left to the config's own rules (MCP014).
fn package_argument(args: &[String]) -> Option<&str> {
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--package" | "-p" | "--from" | "--spec" => return iter.next().map(String::as_str),
            "--python" | "--with" | "--index-url" | "--registry" | "--cache" => {
                iter.next();
            }
            a if a.starts_with("--package=") || a.starts_with("--from=") => {
                return a.split_once('=').map(|(_, v)| v)
            }
            a if a.starts_with('-') => {}
            a => return Some(a),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(command: &str, args: &[&str]) -> Server {
        Server {
            name: "s".into(),
            command: command.into(),
            args: args.iter().map(|a| a.to_string()).collect(),
            url: None,
        }
    }

    #[test]
    fn launchers_become_registry_targets() {
        let package = |target: &str, pinned| Launch::Package {
            target: target.into(),
            pinned,
        };
        assert_eq!(
            launch_of(&server("npx", &["-y", "@scope/server-x@1.2.3", "."])),
            package("npm:@scope/server-x@1.2.3", true)
        );
        assert_eq!(
            launch_of(&server("npx", &["-y", "server-x"])),
            package("npm:server-x", false)
        );
        assert_eq!(
            launch_of(&server("uvx", &["mcp-server-git==2025.1.0"])),
            package("pypi:mcp-server-git==2025.1.0", true)
        );
        assert_eq!(
            launch_of(&server("uvx", &["tool@1.0"])),
            package("pypi:tool==1.0", true)
        );
        assert_eq!(
            launch_of(&server("uvx", &["--from", "thing==2.0", "thing-mcp"])),
            package("pypi:thing==2.0", true)
        );
        assert_eq!(
            launch_of(&server("npx", &["-y", "https://example.invalid/x.tgz"])),
            Launch::Other
        );
        assert_eq!(launch_of(&server("node", &["server.js"])), Launch::Other);
        let remote = Server {
            url: Some("https://mcp.example.invalid/mcp".into()),
            ..server("", &[])
        };
        assert_eq!(
            launch_of(&remote),
            Launch::Remote {
                host: "mcp.example.invalid".into()
            }
        );
    }

    #[test]
    fn config_names_are_recognised() {
        assert!(is_client_config(Path::new("x/.cursor/mcp.json")));
        assert!(is_client_config(Path::new("claude_desktop_config.json")));
        assert!(is_client_config(Path::new("/h/.codex/config.toml")));
        assert!(!is_client_config(Path::new("config.toml")));
        assert!(!is_client_config(Path::new("package.json")));
    }
}
