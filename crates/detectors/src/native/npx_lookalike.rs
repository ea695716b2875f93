//! A scoped package run with `npx`/`bunx`/`pnpm dlx` (an MCP server's launch, a skill's setup step) whose
//! scope imitates an established organisation's (`@modelcontextprotcol/…`, `@model-context-protocol/…`).
//! A scope is owned, so a near miss of an organisation's scope is someone else's account, and `npx -y`
//! downloads and runs whatever that account published on every start of the agent. The package-name
//! checker (`package_name.rs`) judges each scope. Unscoped look-alikes are RCE037's, at its weight.

use super::package_name::scope_lookalike;
use super::FileDetector;
use crate::ascii_classes::ascii_regex;
use crate::matchers::{Hit, HitDetail};
use crate::segment::Segment;
use regex::Regex;
use std::sync::LazyLock;

pub(crate) static LOOKALIKE_LAUNCH: FileDetector = FileDetector {
    literals: &["npx", "bunx", "pnpx", "dlx"],
    run: find_launches,
};

/// Launches read per segment.
const MAX_LAUNCHES: usize = 256;

/// Compiles a constant pattern of this file (its tests exercise each).
#[allow(clippy::expect_used)]
fn pattern(source: &str) -> Regex {
    ascii_regex(source).expect("constant npx launch pattern")
}

/// A command line: the runner, its flags, then the package.
static COMMAND: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"\b(?:npx|bunx|pnpx|pnpm\s+dlx|yarn\s+dlx)\s+(?:-{1,2}[\w-]+(?:=\S+)?\s+)*(@?[a-z0-9][\w.-]*(?:/[\w.-]+)?)",
    )
});

/// A config entry: `"command": "npx", "args": ["-y", "@scope/name", …]` (JSON, TOML or YAML flow style).
static CONFIG: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r#"["']?command["']?\s*[:=]\s*["'](?:npx|bunx|pnpx)["'][\s,]{0,40}["']?args["']?\s*[:=]\s*\[([^\]]{0,400})\]"#,
    )
});

static QUOTED: LazyLock<Regex> = LazyLock::new(|| pattern(r#"["']([^"'\n]+)["']"#));

fn find_launches(segment: &Segment, text: &str, keep: &mut dyn FnMut(Hit) -> bool) {
    let body = segment.text(text);
    let mut found: Vec<(usize, usize, String)> = Vec::new();
    for c in COMMAND.captures_iter(body).take(MAX_LAUNCHES) {
        if let Some(name) = c.get(1) {
            found.push((name.start(), name.end(), name.as_str().to_string()));
        }
    }
    for c in CONFIG.captures_iter(body).take(MAX_LAUNCHES) {
        let Some(args) = c.get(1) else { continue };
        let first = QUOTED
            .captures_iter(args.as_str())
            .filter_map(|q| q.get(1))
            .find(|a| !a.as_str().starts_with('-'));
        if let Some(name) = first {
            let start = args.start() + name.start();
            found.push((start, start + name.len(), name.as_str().to_string()));
        }
    }
    found.sort_by_key(|f| f.0);
    found.dedup_by_key(|f| f.0);
    for (start, end, spec) in found {
        let name = package_name(&spec);
        let Some(what) = imitation(name) else {
            continue;
        };
        let hit = Hit {
            start: segment.start + start,
            end: segment.start + end,
            detail: Some(Box::new(HitDetail {
                message: format!("npx runs a look-alike package: {what}"),
                related: Vec::new(),
            })),
        };
        if !keep(hit) {
            return;
        }
    }
}

/// The name without a version (`@scope/name@1.2.3` → `@scope/name`, `name@latest` → `name`).
fn package_name(spec: &str) -> &str {
    let from = usize::from(spec.starts_with('@'));
    match spec[from..].find('@') {
        Some(at) => &spec[..from + at],
        None => spec,
    }
}

fn imitation(name: &str) -> Option<String> {
    let org = scope_lookalike(name)?;
    Some(format!(
        "the scope of `{name}` imitates the established scope `@{org}`"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::segment_file;
    use skill_scan_model::Language;

    fn found(text: &str, language: Language, path: &str) -> Vec<String> {
        let mut messages = Vec::new();
        for segment in segment_file(text, language, path) {
            find_launches(&segment, text, &mut |hit| {
                messages.push(hit.detail.map(|d| d.message).unwrap_or_default());
                true
            });
        }
        messages
    }

    #[test]
    fn a_lookalike_scope_in_a_config_or_a_command_is_reported() {
        let config = r#"{"mcpServers": {"gh": {"command": "npx", "args": ["-y", "@modelcontextprotcol/server-github"]}}}"#;
        let messages = found(config, Language::Json, ".mcp.json");
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(
            messages[0].contains("@modelcontextprotocol"),
            "{messages:?}"
        );
        let command = "claude mcp add gh -- npx -y @model-context-protocol/server-github@1.0.0\n";
        assert_eq!(found(command, Language::Shell, "setup.sh").len(), 1);
    }

    #[test]
    fn established_scopes_and_names_are_quiet() {
        let config = r#"{"mcpServers": {"gh": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github"]}, "pw": {"command": "npx", "args": ["@playwright/mcp@latest"]}}}"#;
        assert!(found(config, Language::Json, ".mcp.json").is_empty());
        let command = "npx -y typescript tsc --noEmit\nnpx --yes @acme-internal/tool\n";
        assert!(found(command, Language::Shell, "setup.sh").is_empty());
    }

    #[test]
    fn versions_are_not_part_of_the_name() {
        assert_eq!(package_name("@scope/name@1.2.3"), "@scope/name");
        assert_eq!(package_name("name@latest"), "name");
        assert_eq!(package_name("@scope/name"), "@scope/name");
    }
}
