//! A folder of packages side by side: each subfolder with a manifest (a skill's `SKILL.md`, an npm
//! `package.json`, a Python `pyproject.toml`, `setup.py`, `setup.cfg` or `PKG-INFO`) is one package,
//! named as its manifest names it. A skills folder is the case where every such subfolder is a skill.

use super::trees::{Found, MAX_PACKAGES};
use rayon::prelude::*;
use skill_scan_walk::{walk_dir, WalkOptions};
use std::fs;
use std::path::{Path, PathBuf};

/// The files that make a folder a package of its own.
const MANIFESTS: [&str; 6] = [
    "SKILL.md",
    "package.json",
    "pyproject.toml",
    "setup.py",
    "setup.cfg",
    "PKG-INFO",
];

/// Whether `dir` holds a manifest, so is one package rather than a folder of them.
pub(super) fn is_package(dir: &Path) -> bool {
    MANIFESTS.iter().any(|m| dir.join(m).is_file())
}

/// Each subfolder of `root` that is a package, in name order.
pub(super) fn packages(
    root: &Path,
    given: &str,
    options: &WalkOptions,
) -> Result<Vec<Found>, String> {
    let entries = fs::read_dir(root).map_err(|e| format!("cannot read {given}: {e}"))?;
    let mut folders: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path())
        .filter(|p| is_package(p))
        .collect();
    folders.sort();
    folders.truncate(MAX_PACKAGES);
    Ok(folders
        .par_iter()
        .filter_map(|folder| {
            let walked = walk_dir(folder, options).ok()?;
            let folder_name = folder.file_name()?.to_string_lossy().to_string();
            let (name, version) = name_and_version(folder);
            Some(Found {
                name: name.unwrap_or_else(|| folder_name.clone()),
                version: version.unwrap_or_default(),
                target: format!("{}/{folder_name}", given.trim_end_matches('/')),
                walked,
                claims: vec![folder.clone()],
            })
        })
        .collect())
}

/// What the package's manifest calls it: a skill's front-matter `name`, an npm manifest's `name` and
/// `version`, or the `Name:`/`Version:` headers of Python's `PKG-INFO`.
fn name_and_version(folder: &Path) -> (Option<String>, Option<String>) {
    if let Ok(text) = fs::read_to_string(folder.join("SKILL.md")) {
        let name = text
            .strip_prefix("---")
            .and_then(|rest| rest.split("\n---").next())
            .and_then(|fm| fm.lines().find_map(|l| l.strip_prefix("name:")))
            .map(|n| n.trim().trim_matches(['"', '\'']).to_string())
            .filter(|n| !n.is_empty());
        return (name, None);
    }
    if let Some(manifest) = fs::read(folder.join("package.json"))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
    {
        let field = |key: &str| manifest[key].as_str().map(str::to_string);
        return (field("name"), field("version"));
    }
    let metadata = fs::read_to_string(folder.join("PKG-INFO")).unwrap_or_default();
    (header(&metadata, "Name:"), header(&metadata, "Version:"))
}

/// A header of Python core metadata (`PKG-INFO`, `METADATA`): the headers end at the first blank line.
pub(super) fn header(metadata: &str, key: &str) -> Option<String> {
    metadata
        .lines()
        .take_while(|l| !l.is_empty())
        .find_map(|l| l.strip_prefix(key))
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}
