//! The files of an installed tree that belong to no package: a `.pth` file or module that no RECORD
//! lists, a script beside the skills of a skills folder, `node_modules/.cache`. Nothing in the tree goes
//! unscanned: these are one more target, named as the tree itself (so its paths are the tree's).

use super::trees::{Found, TreeKind};
use skill_scan_walk::{walk_dir_pruned, FileSource, WalkOptions};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// What the row of files of no package is called in the project table.
pub(super) const LOOSE_NAME: &str = "(files of no package)";

/// The tree's files that no package claims (`claimed`: package folders and files, as `root` joined with
/// their relative path), or `None` when there are none. Claimed folders are not entered; a link is
/// claimed when the file it resolves to is (`node_modules/.bin/tool` is its package's script).
pub(super) fn files_of_no_package(
    root: &Path,
    given: &str,
    kind: TreeKind,
    claimed: &[&PathBuf],
    options: &WalkOptions,
) -> Option<Found> {
    let owned: HashSet<PathBuf> = claimed.iter().map(|p| (*p).clone()).collect();
    let keep = move |path: &Path| {
        // Python writes bytecode caches beside the sources it imports; they are not installed files.
        !(owned.contains(path)
            || kind == TreeKind::SitePackages
                && path.file_name().is_some_and(|n| n == "__pycache__"))
    };
    let mut walked = walk_dir_pruned(root, options, keep).ok()?;
    // A link inside the tree is listed with the real path of its target, which a package may own.
    let has_link = walked.files.iter().any(|f| is_link(root, f));
    if has_link {
        let owned_real: Vec<PathBuf> = claimed
            .iter()
            .filter_map(|p| p.canonicalize().ok())
            .collect();
        walked.files.retain(|f| match &f.source {
            FileSource::Disk(real) if is_link(root, f) => {
                !owned_real.iter().any(|owner| real.starts_with(owner))
            }
            _ => true,
        });
    }
    if walked.files.is_empty() && walked.unreadable.is_empty() && walked.too_large.is_empty() {
        return None;
    }
    Some(Found {
        name: LOOSE_NAME.to_string(),
        version: String::new(),
        target: given.to_string(),
        walked,
        claims: Vec::new(),
    })
}

/// Whether the walk listed `file` under a link's name (its bytes come from another path).
fn is_link(root: &Path, file: &skill_scan_walk::FileEntry) -> bool {
    match &file.source {
        FileSource::Disk(path) => *path != root.join(&file.rel_path),
        _ => false,
    }
}
