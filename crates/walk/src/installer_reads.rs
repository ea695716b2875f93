//! Files that a package manager, a build tool or an agent reads by name. These decide what runs at
//! install or at load, so they are never passed over for size: they are read up to a far larger cap
//! ([`DEFAULT_MAX_MANIFEST_SIZE`]), and one larger still leaves the scan incomplete, never `allow`.

/// How large a file read by name (see [`read_by_installer`]) may be before it is passed over.
pub const DEFAULT_MAX_MANIFEST_SIZE: u64 = 64 * 1024 * 1024;

/// Names (compared without case) that some installer or agent reads wherever they sit in a package.
const READ_BY_NAME: &[&str] = &[
    // npm, yarn, node-gyp
    "package.json",
    "binding.gyp",
    ".npmrc",
    ".yarnrc",
    ".yarnrc.yml",
    // pip, setuptools
    "setup.py",
    "setup.cfg",
    "pyproject.toml",
    // cargo
    "cargo.toml",
    "build.rs",
    // agents and MCP clients
    "skill.md",
    "agents.md",
    "claude.md",
    "gemini.md",
    "manifest.json",
    ".mcp.json",
    "mcp.json",
    // git, run by build tools that call it (setuptools-scm)
    "config",
];

/// Whether `rel_path` (`/`-separated) names a file an installer or an agent reads by its name.
pub fn read_by_installer(rel_path: &str) -> bool {
    let name = rel_path.rsplit('/').next().unwrap_or(rel_path);
    let lower = name.to_ascii_lowercase();
    if lower == "config" {
        // Only git's own config.
        return rel_path == ".git/config" || rel_path.ends_with("/.git/config");
    }
    READ_BY_NAME.contains(&lower.as_str()) || lower.ends_with(".pth")
}

/// The size limit for `rel_path` when other files are limited to `max_file_size`.
pub fn size_limit_for(rel_path: &str, max_file_size: u64) -> u64 {
    if read_by_installer(rel_path) {
        max_file_size.max(DEFAULT_MAX_MANIFEST_SIZE)
    } else {
        max_file_size
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifests_and_agent_files_are_read_by_name() {
        for path in [
            "package.json",
            "SKILL.md",
            "skills/x/SKILL.md",
            "setup.py",
            "pyproject.toml",
            "site/evil.pth",
            "binding.gyp",
            ".mcp.json",
            "build.rs",
            ".git/config",
        ] {
            assert!(read_by_installer(path), "{path}");
        }
        for path in [
            "README.md",
            "lib/index.js",
            "data.json",
            "config",
            "src/config",
        ] {
            assert!(!read_by_installer(path), "{path}");
        }
    }
}
