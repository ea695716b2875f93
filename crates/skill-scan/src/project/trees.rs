//! Installed trees as projects: a `node_modules` folder (every package folder, nested ones and pnpm's
//! `.pnpm` store too, each `name@version`), a Python `site-packages` (each distribution: the files its
//! `.dist-info/RECORD` or `.egg-info` lists, `.pth` files and console scripts included), a folder of
//! agent skills (each subfolder holding a `SKILL.md`) and a folder of packages side by side (each
//! subfolder with a manifest). One verdict per package, packages scanned in parallel; the files that
//! belong to no package are scanned too, as one target of their own (`loose.rs`).

use super::cache_use::hex;
use super::lockfile_scan::Context;
use super::{eggs, folder, loose};
use super::{Project, Row};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use skill_scan_model::TargetReport;
use skill_scan_walk::{walk_dir, FileEntry, WalkOptions, Walked};
use std::fs;
use std::path::{Path, PathBuf};

/// Nested `node_modules` are followed this deep at most, and no more packages than this are listed.
const MAX_DEPTH: usize = 24;
pub(super) const MAX_PACKAGES: usize = 50_000;
/// A RECORD larger than this is not read (real ones are a few hundred KB at most).
pub(super) const MAX_RECORD_BYTES: u64 = 8 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TreeKind {
    NodeModules,
    SitePackages,
    Skills,
    /// Package folders side by side (npm, PyPI, skills mixed), as a download or vendor folder holds them.
    Packages,
}

impl TreeKind {
    fn as_str(self) -> &'static str {
        match self {
            TreeKind::NodeModules => "node_modules",
            TreeKind::SitePackages => "site-packages",
            TreeKind::Skills => "skills folder",
            TreeKind::Packages => "packages folder",
        }
    }
}

/// What kind of tree the folder `path` is, if any: by its name, or by what its subfolders hold.
pub(crate) fn tree_kind(path: &Path) -> Option<TreeKind> {
    if !fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) {
        return None;
    }
    let name = path.file_name().map(|n| n.to_string_lossy().to_string());
    match name.as_deref() {
        Some("node_modules") => return Some(TreeKind::NodeModules),
        Some("site-packages" | "dist-packages") => return Some(TreeKind::SitePackages),
        _ => {}
    }
    let children: Vec<PathBuf> = fs::read_dir(path)
        .ok()?
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path())
        .collect();
    let has_child = |ext: &str| {
        children
            .iter()
            .any(|c| c.extension().is_some_and(|e| e == ext))
    };
    if has_child("dist-info") {
        return Some(TreeKind::SitePackages);
    }
    // A package of its own (a skill, an npm or Python project) stays one target.
    if folder::is_package(path) {
        return None;
    }
    if has_child("egg-info") {
        return Some(TreeKind::SitePackages);
    }
    let skills = children
        .iter()
        .filter(|c| c.join("SKILL.md").is_file())
        .count();
    let packages = children.iter().filter(|c| folder::is_package(c)).count();
    if skills > 0 && skills == packages {
        Some(TreeKind::Skills)
    } else if skills > 0 || packages >= 2 {
        // One package in a wrapper folder (an unpacked sdist's `name-1.0/`) stays one target.
        Some(TreeKind::Packages)
    } else {
        None
    }
}

/// One package found in a tree: how it is named, its files, and the paths it owns (folders and files,
/// as `root` joined with their relative path), which the walk for loose files leaves out.
pub(super) struct Found {
    pub name: String,
    pub version: String,
    pub target: String,
    pub walked: Walked,
    pub claims: Vec<PathBuf>,
}

pub(crate) fn scan_tree(ctx: &Context, given: &str, kind: TreeKind) -> Result<Project, String> {
    let root = Path::new(given);
    let walk_options = WalkOptions {
        max_file_size: ctx.options.max_file_size,
    };
    let mut found: Vec<Found> = match kind {
        TreeKind::NodeModules => {
            let mut folders = Vec::new();
            node_packages(root, 0, &mut folders);
            folders
                .into_par_iter()
                .filter_map(|folder| node_package(root, given, &folder, &walk_options))
                .collect()
        }
        TreeKind::SitePackages => distributions(root, given, &walk_options)?,
        TreeKind::Skills | TreeKind::Packages => folder::packages(root, given, &walk_options)?,
    };
    let claimed: Vec<&PathBuf> = found.iter().flat_map(|f| &f.claims).collect();
    let loose = loose::files_of_no_package(root, given, kind, &claimed, &walk_options);
    found.extend(loose);
    let rows = found
        .into_par_iter()
        .map(|package| {
            let (report, cached) = scan_found(ctx, &package);
            Row {
                name: package.name,
                version: package.version,
                line: None,
                outcome: Ok(report),
                cached,
            }
        })
        .collect();
    Ok(Project {
        target: given.to_string(),
        kind: kind.as_str().to_string(),
        rows,
    })
}

/// Scans one package, or takes its result from the cache when its files hash the same.
fn scan_found(ctx: &Context, package: &Found) -> (TargetReport, bool) {
    let max = ctx.options.max_file_size;
    let key = ctx.cache.map(|cache| {
        let key = content_digest(&package.walked, max).map(|digest| cache.key(&digest));
        (cache, key)
    });
    if let Some((cache, Some(key))) = &key {
        if let Some(report) = cache.get(key, &package.target) {
            return (report, true);
        }
    }
    if let Some(cache) = ctx.cache {
        cache.count_miss();
    }
    let walked = Walked {
        files: package.walked.files.clone(),
        skipped: package.walked.skipped.clone(),
        unreadable: package.walked.unreadable.clone(),
        too_large: package.walked.too_large.clone(),
    };
    let report = ctx
        .scanner
        .scan_walked(&package.target, walked, ctx.options);
    if let Some((cache, Some(key))) = &key {
        cache.put(std::slice::from_ref(key), &report);
    }
    (report, false)
}

/// The sha256 of every file's path and bytes, in path order, with the files the walk skipped; `None` when
/// a file cannot be read (the scan will say so, and its result is not cached).
pub(super) fn content_digest(walked: &Walked, max: u64) -> Option<String> {
    if !walked.unreadable.is_empty() || !walked.too_large.is_empty() {
        return None;
    }
    let mut files: Vec<&FileEntry> = walked.files.iter().collect();
    files.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    let mut hasher = Sha256::new();
    for file in files {
        let bytes = file.read(max).ok()?;
        hasher.update((file.rel_path.len() as u64).to_le_bytes());
        hasher.update(file.rel_path.as_bytes());
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(&bytes);
    }
    let skipped: Vec<&str> = walked.skipped.iter().map(|s| s.path.as_str()).collect();
    Some(format!(
        "tree sha256:{} skipped:{}",
        hex(&hasher.finalize()),
        skipped.join(",")
    ))
}

/// Every package folder under the `node_modules` folder `dir` (scoped ones, nested `node_modules`, and
/// pnpm's `.pnpm/*/node_modules`); links are not followed.
fn node_packages(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    if depth > MAX_DEPTH || out.len() >= MAX_PACKAGES {
        return;
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        if !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let name = entry.file_name().to_string_lossy().to_string();
        let path = entry.path();
        if name == ".pnpm" {
            for store in fs::read_dir(&path).into_iter().flatten().flatten() {
                let inner = store.path().join("node_modules");
                if fs::symlink_metadata(&inner).is_ok_and(|m| m.is_dir()) {
                    node_packages(&inner, depth + 1, out);
                }
            }
        } else if name.starts_with('.') {
            // `.bin` (links), `.cache`, `.package-lock.json`'s folder-mates: not packages.
        } else if name.starts_with('@') {
            node_packages(&path, depth + 1, out);
        } else if path.join("package.json").is_file() {
            out.push(path.clone());
            let nested = path.join("node_modules");
            if fs::symlink_metadata(&nested).is_ok_and(|m| m.is_dir()) {
                node_packages(&nested, depth + 1, out);
            }
        }
    }
}

/// One npm package folder, without its nested `node_modules` (those are packages of their own).
fn node_package(root: &Path, given: &str, folder: &Path, options: &WalkOptions) -> Option<Found> {
    let mut walked = walk_dir(folder, options).ok()?;
    walked
        .files
        .retain(|f| !f.rel_path.starts_with("node_modules/"));
    walked
        .skipped
        .retain(|s| !s.path.starts_with("node_modules/"));
    let manifest: serde_json::Value = fs::read(folder.join("package.json"))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default();
    let relative = folder
        .strip_prefix(root)
        .unwrap_or(folder)
        .to_string_lossy()
        .replace('\\', "/");
    let name = manifest["name"].as_str().map_or_else(
        || {
            relative
                .rsplit("node_modules/")
                .next()
                .unwrap_or(&relative)
                .to_string()
        },
        str::to_string,
    );
    let version = manifest["version"].as_str().unwrap_or("").to_string();
    Some(Found {
        name,
        version,
        target: format!("{}/{relative}", given.trim_end_matches('/')),
        walked,
        claims: vec![folder.to_path_buf()],
    })
}

/// Each `*.dist-info` of a site-packages folder, as the files its RECORD lists, and each `*.egg-info`
/// folder, as the files it says it installed (`eggs.rs`).
fn distributions(root: &Path, given: &str, options: &WalkOptions) -> Result<Vec<Found>, String> {
    let entries = fs::read_dir(root).map_err(|e| format!("cannot read {given}: {e}"))?;
    let mut infos: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "dist-info" || e == "egg-info")
                && p.is_dir()
        })
        .collect();
    infos.sort();
    Ok(infos
        .iter()
        .take(MAX_PACKAGES)
        .map(
            |info| match info.extension().is_some_and(|e| e == "egg-info") {
                true => eggs::egg_distribution(root, given, info, options),
                false => distribution(root, given, info, options),
            },
        )
        .collect())
}

fn distribution(root: &Path, given: &str, info: &Path, options: &WalkOptions) -> Found {
    let metadata = fs::read_to_string(info.join("METADATA")).unwrap_or_default();
    let header = |key: &str| folder::header(&metadata, key);
    let stem = info
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let (stem_name, stem_version) = stem.split_once('-').unwrap_or((&stem, ""));
    let name = header("Name:").unwrap_or_else(|| stem_name.to_string());
    let version = header("Version:").unwrap_or_else(|| stem_version.to_string());
    let mut walked = Walked {
        files: Vec::new(),
        skipped: Vec::new(),
        unreadable: Vec::new(),
        too_large: Vec::new(),
    };
    let mut claims = vec![info.to_path_buf()];
    let record = info.join("RECORD");
    let text = fs::metadata(&record)
        .ok()
        .filter(|m| m.len() <= MAX_RECORD_BYTES)
        .and_then(|_| fs::read_to_string(&record).ok());
    match text {
        Some(text) => {
            for line in text.lines() {
                let path = record_path(line);
                if path.is_empty() {
                    continue;
                }
                claims.push(root.join(&path));
                if path.ends_with(".pyc") {
                    continue;
                }
                add_recorded(root, &path, options, &mut walked);
            }
        }
        None => {
            // No RECORD (a damaged install): the metadata folder alone, and say so.
            let prefix = info
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            eggs::add_folder(info, &prefix, options, &mut walked);
            walked.unreadable.push(format!("{stem}/RECORD"));
            walked.skipped.push(skill_scan_model::Skipped {
                path: format!("{stem}/RECORD"),
                reason: "no readable RECORD: the files this distribution installed are unknown"
                    .to_string(),
            });
        }
    }
    Found {
        name,
        version,
        target: format!("{}/{stem}", given.trim_end_matches('/')),
        walked,
        claims,
    }
}

/// The path column of a RECORD line (CSV; a path with a comma is quoted).
fn record_path(line: &str) -> String {
    match line.strip_prefix('"') {
        Some(rest) => rest.split('"').next().unwrap_or("").to_string(),
        None => line.split(',').next().unwrap_or("").to_string(),
    }
}

/// One RECORD entry as a file of the distribution. Console scripts live outside site-packages
/// (`../../../bin/tool`): they are named `bin/tool`, and read only when they are regular files.
pub(super) fn add_recorded(
    root: &Path,
    recorded: &str,
    options: &WalkOptions,
    walked: &mut Walked,
) {
    if recorded.starts_with('/') || recorded.contains('\\') && recorded.contains(':') {
        return;
    }
    let path = root.join(recorded);
    let name: String = recorded
        .split('/')
        .filter(|part| *part != ".." && *part != "." && !part.is_empty())
        .collect::<Vec<_>>()
        .join("/");
    let Ok(meta) = fs::symlink_metadata(&path) else {
        walked.skipped.push(skill_scan_model::Skipped {
            path: name,
            reason: "listed in RECORD but missing".to_string(),
        });
        return;
    };
    if !meta.is_file() {
        return;
    }
    if meta.len() > options.max_file_size {
        walked.too_large.push(name.clone());
        walked.skipped.push(skill_scan_model::Skipped {
            path: name,
            reason: format!("larger than {} bytes", options.max_file_size),
        });
        return;
    }
    walked.files.push(FileEntry::disk(name, path, meta.len()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_lines_give_their_path() {
        assert_eq!(
            record_path("pkg/__init__.py,sha256=abc,12"),
            "pkg/__init__.py"
        );
        assert_eq!(record_path("\"odd,name.py\",sha256=abc,1"), "odd,name.py");
        assert_eq!(record_path(""), "");
    }
}
