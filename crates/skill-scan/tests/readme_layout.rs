#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The README's "Layout" section stays true to the tree: every crate has a row in its table, and every path
//! it names (the table's and the "Where to add" list's) exists, so a newcomer sent to a file finds it.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn layout_section() -> String {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme.find("\n## Layout\n").expect("a Layout section");
    let rest = &readme[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |n| n + 3);
    rest[..end].to_string()
}

/// Backticked words that look like paths: a `/` or a file extension, no spaces or calls.
fn named_paths(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .filter(|t| !t.contains([' ', '(', '=', '*', ':', '<']))
        .filter(|t| t.contains('/') || t.ends_with(".rs") || t.ends_with(".yaml"))
        .map(|t| t.trim_end_matches('/').to_string())
        .collect()
}

/// A path exists at the root, in a crate, or in a crate's `src/` (the README names files within a crate
/// by their path there).
fn exists(path: &str) -> bool {
    let root = root();
    if root.join(path).exists() {
        return true;
    }
    std::fs::read_dir(root.join("crates"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .any(|krate| krate.join(path).exists() || krate.join("src").join(path).exists())
}

#[test]
fn every_crate_has_a_row_and_every_named_path_exists() {
    let section = layout_section();
    let mut wrong = Vec::new();
    for entry in std::fs::read_dir(root().join("crates")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if !section.contains(&format!("| `crates/{name}` |")) {
            wrong.push(format!("crates/{name} has no row in the Layout table"));
        }
    }
    let paths = named_paths(&section);
    assert!(paths.len() > 20, "{paths:?}");
    for path in paths {
        if !exists(&path) {
            wrong.push(format!(
                "the Layout section names `{path}`, which does not exist"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
