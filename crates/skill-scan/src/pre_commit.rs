//! The pre-commit hook's view of a repository: staged files map to the packages they belong to, and each
//! package is scanned whole, so a malicious line is judged with the rest of its package around it.

use skill_scan_lockfile::Format;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// Files whose folder is the root of a skill, a package or an MCP server.
pub const PACKAGE_MARKERS: &[&str] = &[
    "SKILL.md",
    "package.json",
    "pyproject.toml",
    "setup.py",
    "mcp.json",
    ".mcp.json",
    "mcp_config.json",
    "claude_desktop_config.json",
];

/// The package roots of `files` (paths relative to `repo_root`, `/`- or `\`-separated): for each file, the
/// nearest folder above it holding one of [`PACKAGE_MARKERS`] (the repository root, written `.`, when it
/// holds one). A file in no package is its own target: a README at the root of a repository of skills is
/// judged alone, not by rescanning (and refusing) every package in the repository. Files that are gone
/// (a staged deletion) are left out. Sorted and without repeats.
pub fn package_roots(files: &[String], repo_root: &Path) -> Vec<String> {
    roots_with(files, |folder| {
        PACKAGE_MARKERS.iter().any(|marker| {
            std::fs::symlink_metadata(repo_root.join(folder).join(marker))
                .is_ok_and(|meta| meta.is_file())
        })
    })
    .into_iter()
    .filter(|root| std::fs::symlink_metadata(repo_root.join(root)).is_ok())
    .collect()
}

/// Staged files split in two: lockfiles, scanned as lockfiles (their dependencies, fetched from the
/// registry), and the rest. A `requirements*.txt` counts as a lockfile only when every requirement in it
/// is pinned (pip-compile output): a project that lists `requests>=2` keeps it as a file of its package,
/// so the hook does not refuse the commit for a range.
pub fn split_lockfiles(files: &[String], repo_root: &Path) -> (Vec<String>, Vec<String>) {
    files.iter().cloned().partition(|file| {
        let path = repo_root.join(file);
        let Ok(text) = std::fs::read_to_string(&path) else {
            return false;
        };
        match Format::detect(&path, &text) {
            Some(Format::Requirements) => {
                skill_scan_lockfile::parse_file(Format::Requirements, &path, &text)
                    .is_ok_and(|lock| lock.unpinned.is_empty())
            }
            Some(_) => true,
            None => false,
        }
    })
}

/// The commit staged lockfiles are compared with (`--changed-since`): `HEAD`, when the repository has
/// one (before the first commit every dependency is new). git is the user's own tool on the user's own
/// repository; nothing scanned is run.
pub fn staged_base(repo_root: &Path) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(repo_root)
        .args(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"])
        .output()
        .ok()?;
    out.status.success().then(|| "HEAD".to_string())
}

/// [`package_roots`] with the filesystem question passed in: does `folder` (relative, `/`-separated; `""`
/// for the repository root) hold a package marker?
pub fn roots_with(files: &[String], has_marker: impl Fn(&str) -> bool) -> Vec<String> {
    let mut roots = BTreeSet::new();
    for file in files {
        let normalised = file.replace('\\', "/");
        let parts: Vec<&str> = normalised
            .split('/')
            .filter(|p| !p.is_empty() && *p != ".")
            .collect();
        // A path that climbs out of the repository is not part of it.
        if parts.contains(&"..") || normalised.starts_with('/') {
            continue;
        }
        if parts.is_empty() {
            continue;
        }
        let folders = parts.len() - 1;
        let root = (0..=folders)
            .rev()
            .map(|depth| parts[..depth].join("/"))
            .find(|folder| has_marker(folder))
            .map(|folder| {
                if folder.is_empty() {
                    ".".to_string()
                } else {
                    folder
                }
            })
            .unwrap_or_else(|| parts.join("/"));
        roots.insert(root);
    }
    roots.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn files_map_to_the_nearest_marked_folder_or_the_repository_root() {
        let marked = [
            "skills/pdf",
            "packages/left-pad",
            "packages/left-pad/vendor/inner",
        ];
        let has = |folder: &str| marked.contains(&folder);
        assert_eq!(
            roots_with(
                &files(&[
                    "skills/pdf/SKILL.md",
                    "skills/pdf/scripts/run.sh",
                    "packages/left-pad/index.js",
                    "packages/left-pad/vendor/inner/x.js",
                    "packages/left-pad/vendor/y.js",
                    "README.md",
                    "docs/guide.md",
                ]),
                has
            ),
            [
                "README.md",
                "docs/guide.md",
                "packages/left-pad",
                "packages/left-pad/vendor/inner",
                "skills/pdf"
            ]
        );
        // A repository that is itself a package owns its loose files.
        let root_too = |folder: &str| folder.is_empty() || marked.contains(&folder);
        assert_eq!(
            roots_with(&files(&["README.md", "skills/pdf/x.sh"]), root_too),
            [".", "skills/pdf"]
        );
    }

    #[test]
    fn odd_paths_are_normalised_or_dropped() {
        let has = |folder: &str| folder == "a";
        assert_eq!(roots_with(&files(&["./a/b.js", "a\\c.js"]), has), ["a"]);
        assert!(roots_with(&files(&["../outside.js", "/abs/x.js"]), has).is_empty());
        assert!(roots_with(&[], has).is_empty());
    }

    #[test]
    fn markers_are_read_from_the_disk() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("tools/mcp/src")).unwrap();
        std::fs::write(dir.path().join("tools/mcp/.mcp.json"), "{}").unwrap();
        std::fs::write(dir.path().join("tools/mcp/src/server.py"), "").unwrap();
        std::fs::create_dir_all(dir.path().join("plain")).unwrap();
        std::fs::write(dir.path().join("plain/x.txt"), "").unwrap();
        assert_eq!(
            package_roots(
                &files(&["tools/mcp/src/server.py", "plain/x.txt", "gone.md"]),
                dir.path()
            ),
            ["plain/x.txt", "tools/mcp"]
        );
    }
}
