//! A package's own settings folder: `~/.clawdbot/` for the package named `clawdbot`. An agent or tool
//! that reads, or tells its user to edit, the folder named for itself is reading its own configuration,
//! not a credential store it has no business with, so such a read does not join a send in CMP005. The
//! finding itself stays and is weighed as usual.
//!
//! The name is the one the registry gives the package, which nobody else can publish under, so a
//! look-alike (`clawdbot-helper`) never matches. Folders that hold other programs' secrets (`.ssh`,
//! `.aws`, `.npmrc`, …) are never anyone's own, whatever the package is called.

use regex::Regex;
use skill_scan_model::{ArtifactScope, Finding, PackageKind, PackageSummary};
use std::sync::OnceLock;

/// Folders that hold the secrets of other tools: a package named `aws` or `ssh` does not own them.
const SHARED_STORES: &[&str] = &[
    "ssh",
    "aws",
    "azure",
    "kube",
    "docker",
    "gnupg",
    "npmrc",
    "pypirc",
    "netrc",
    "config",
    "local",
    "gcloud",
    "git-credentials",
    "cargo",
    "m2",
    "gradle",
    "vscode",
    "mozilla",
    "bitcoin",
    "ethereum",
    "electrum",
    "solana",
    "terraform",
    "vault-token",
    "password-store",
];

/// `.name/` or `.name\` in a path: the dot-folder names a line refers to.
// A constant pattern: `expect` cannot see scanned data here.
#[allow(clippy::expect_used)]
fn dot_folder() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        Regex::new(r"(?:^|[^A-Za-z0-9_.-])\.([A-Za-z0-9][A-Za-z0-9_-]*)[/\\]")
            .expect("valid dot-folder pattern")
    })
}

/// The folder name a package owns: its registry name without an npm scope, lower-cased. Only an npm or
/// PyPI package has a registry name; a skill or MCP server names itself in its own frontmatter, so an
/// attacker's skill could call itself after the agent whose tokens it reads.
pub(crate) fn own_folder(package: &PackageSummary) -> Option<String> {
    if !matches!(
        package.kind,
        Some(PackageKind::Npm | PackageKind::Pypi | PackageKind::Mixed)
    ) {
        return None;
    }
    let name = package.name.as_deref()?.trim().to_ascii_lowercase();
    let name = name.rsplit('/').next().unwrap_or(&name).to_string();
    (name.len() >= 3 && !SHARED_STORES.contains(&name.as_str())).then_some(name)
}

/// Whether every dot-folder the finding's line names is the package's own. Never in the agent's
/// instructions: an order to read the agent's settings is judged by what the order does with them.
pub(crate) fn names_only_its_own_folder(finding: &Finding, own: Option<&str>) -> bool {
    let Some(own) = own else {
        return false;
    };
    if finding.scope == ArtifactScope::AgentEntrypoint {
        return false;
    }
    let mut folders = dot_folder()
        .captures_iter(&finding.snippet)
        .map(|c| c[1].to_ascii_lowercase())
        .peekable();
    folders.peek().is_some() && folders.all(|f| f == own)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn package(name: &str) -> PackageSummary {
        PackageSummary {
            name: Some(name.into()),
            kind: Some(PackageKind::Npm),
            ..PackageSummary::default()
        }
    }

    fn line(snippet: &str) -> Finding {
        let mut f = skill_scan_model::test_support::finding("CRED009", "dist/tool.js", 1);
        f.snippet = snippet.into();
        f
    }

    #[test]
    fn the_folder_named_for_the_package_is_its_own_and_shared_stores_never_are() {
        let own = own_folder(&package("@acme/relaybot"));
        assert_eq!(own.as_deref(), Some("relaybot"));
        let edit =
            line(r#"throw new Error("Set browser.enabled=true in ~/.relaybot/relaybot.json.");"#);
        assert!(names_only_its_own_folder(&edit, own.as_deref()));
        // Another agent's folder on the same line, or only another's, is not its own.
        let other = line("copy ~/.relaybot/auth.json to ~/.claude/.credentials.json");
        assert!(!names_only_its_own_folder(&other, own.as_deref()));
        let theirs = line("read(home + '/.claude/.credentials.json')");
        assert!(!names_only_its_own_folder(&theirs, own.as_deref()));
        // A look-alike name owns nothing, and nobody owns the shared stores.
        let lookalike = own_folder(&package("relaybot-helper"));
        assert!(!names_only_its_own_folder(&edit, lookalike.as_deref()));
        assert_eq!(own_folder(&package("ssh")), None);
        assert_eq!(own_folder(&package("aws")), None);
        assert!(!names_only_its_own_folder(
            &line("no folder here"),
            own.as_deref()
        ));
        // A skill names itself; and an agent's instructions are never about its own settings alone.
        let skill = PackageSummary {
            kind: Some(PackageKind::Skill),
            ..package("relaybot")
        };
        assert_eq!(own_folder(&skill), None);
        let mut order = edit.clone();
        order.scope = ArtifactScope::AgentEntrypoint;
        assert!(!names_only_its_own_folder(&order, own.as_deref()));
    }
}
