//! A distribution installed the older way, with a `*.egg-info` folder instead of `*.dist-info` (setuptools'
//! `setup.py install`, `develop`, some system packages): its files are those `installed-files.txt` lists
//! (paths relative to the folder), else the top-level modules `top_level.txt` names, with the folder's own
//! files (`PKG-INFO`, `entry_points.txt`, …) in either case.

use super::folder::header;
use super::trees::{add_recorded, Found, MAX_RECORD_BYTES};
use skill_scan_model::Skipped;
use skill_scan_walk::{walk_dir, WalkOptions, Walked};
use std::fs;
use std::path::Path;

pub(super) fn egg_distribution(
    root: &Path,
    given: &str,
    info: &Path,
    options: &WalkOptions,
) -> Found {
    let info_name = info
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let stem = info_name.trim_end_matches(".egg-info").to_string();
    let metadata = fs::read_to_string(info.join("PKG-INFO")).unwrap_or_default();
    let (stem_name, stem_version) = stem.split_once('-').unwrap_or((&stem, ""));
    let name = header(&metadata, "Name:").unwrap_or_else(|| stem_name.to_string());
    let version = header(&metadata, "Version:").unwrap_or_else(|| stem_version.to_string());
    let mut walked = Walked::default();
    let mut claims = vec![info.to_path_buf()];
    add_folder(info, &info_name, options, &mut walked);

    if let Some(listed) = small_text(&info.join("installed-files.txt")) {
        for line in listed.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let recorded = normalise(&format!("{info_name}/{line}"));
            if recorded.is_empty()
                || recorded.starts_with(&format!("{info_name}/"))
                || recorded.ends_with(".pyc")
            {
                continue;
            }
            claims.push(root.join(&recorded));
            add_recorded(root, &recorded, options, &mut walked);
        }
    } else if let Some(top_level) = small_text(&info.join("top_level.txt")) {
        for module in top_level.lines().map(str::trim) {
            // A module name, never a path: anything else in this file is not followed.
            if module.is_empty() || module.contains(['/', '\\']) || module.starts_with('.') {
                continue;
            }
            let folder = root.join(module);
            let file = root.join(format!("{module}.py"));
            if fs::symlink_metadata(&folder).is_ok_and(|m| m.is_dir()) {
                add_folder(&folder, module, options, &mut walked);
                claims.push(folder);
            } else if fs::symlink_metadata(&file).is_ok_and(|m| m.is_file()) {
                add_recorded(root, &format!("{module}.py"), options, &mut walked);
                claims.push(file);
            }
        }
    } else {
        walked.skipped.push(Skipped {
            path: info_name.clone(),
            reason: "neither installed-files.txt nor top_level.txt: the files this distribution installed are unknown"
                .to_string(),
        });
    }
    Found {
        name,
        version,
        target: format!("{}/{stem}", given.trim_end_matches('/')),
        walked,
        claims,
    }
}

/// The text of a metadata file no larger than a RECORD may be.
fn small_text(path: &Path) -> Option<String> {
    fs::metadata(path)
        .ok()
        .filter(|m| m.is_file() && m.len() <= MAX_RECORD_BYTES)
        .and_then(|_| fs::read_to_string(path).ok())
}

/// Every file under `folder`, named `prefix/…` (its path from the site-packages root).
pub(super) fn add_folder(folder: &Path, prefix: &str, options: &WalkOptions, walked: &mut Walked) {
    let Ok(own) = walk_dir(folder, options) else {
        return;
    };
    let named = |path: String| format!("{prefix}/{path}");
    walked.files.extend(own.files.into_iter().map(|mut f| {
        f.rel_path = named(f.rel_path);
        f
    }));
    walked.skipped.extend(own.skipped.into_iter().map(|mut s| {
        s.path = named(s.path);
        s
    }));
    walked
        .unreadable
        .extend(own.unreadable.into_iter().map(named));
    walked
        .too_large
        .extend(own.too_large.into_iter().map(named));
}

/// `a/../b/./c` as `b/c`; `..` that climbs above the root is kept (a console script in `../../bin`,
/// which [`add_recorded`] names `bin/…`).
fn normalise(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_paths_are_taken_from_the_egg_info_folder() {
        assert_eq!(normalise("x.egg-info/../x/__init__.py"), "x/__init__.py");
        assert_eq!(normalise("x.egg-info/./PKG-INFO"), "x.egg-info/PKG-INFO");
        assert_eq!(
            normalise("x.egg-info/../../../../bin/tool"),
            "../../../bin/tool"
        );
    }
}
