//! Commands and addresses split across the files of one package: `setup.py` runs `os.system(BOOTSTRAP +
//! SHELL)` with both names imported from `config.py`; `install.js` passes `FETCH + PIPE` from `consts.js` to
//! `exec`. The file scan reads one file at a time and sees a call of unknown names. Once every file is
//! read, this pass takes each file that runs without the user asking (an install script, `setup.py`, an
//! import entry), resolves its imports of names from the package's own modules, reads the strings those
//! modules bind the names to, and scans the file again with each value bound right after its import
//! (`skill_scan_detectors::imported_constants`). What only that scan finds is reported in the importer,
//! on its own line, with the module the value came from as a related location.
//!
//! Bounded: [`MAX_IMPORTERS`] files rescanned per package, [`MAX_MODULES`] modules read per importer,
//! each at most [`MAX_MODULE_BYTES`].

use super::import_graph;
use super::PackageView;
use crate::imported_constants::{exported_strings, local_imports, with_constants};
use rayon::prelude::*;
use skill_scan_classify::{classify_file, language_of};
use skill_scan_model::{ArtifactScope, FileKind, Finding, Language, LineHashes, RelatedLocation};
use skill_scan_rules::{RuleSet, ScanLimits, SourceFile};
use skill_scan_walk::{decode_text, FileEntry};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Entry files rescanned with their imported constants, per package.
const MAX_IMPORTERS: usize = 16;
/// Modules read for constants, per importer.
const MAX_MODULES: usize = 8;
/// A constants module larger than this is not read for them (generated tables, bundles).
const MAX_MODULE_BYTES: usize = 256 * 1024;

/// Findings that only the importers' rescans with their imported constants make, and the line hashes of
/// the lines they start on.
pub fn scan_with_imported_constants(
    rules: &RuleSet,
    files: &[FileEntry],
    package: &PackageView,
    known: &[Finding],
    max_file_size: u64,
    limits: &ScanLimits,
) -> (Vec<Finding>, LineHashes) {
    let Some((importers, by_path)) = rescan_entries(files, package, MAX_IMPORTERS) else {
        return (Vec::new(), LineHashes::default());
    };
    let seen: HashSet<(&str, &str, usize)> = known
        .iter()
        .map(|f| (f.path.as_str(), f.rule_id.as_str(), f.line))
        .collect();
    let read = |entry: &FileEntry| read_text(entry, max_file_size);
    let found: Vec<(Vec<Finding>, LineHashes)> = importers
        .into_par_iter()
        .map(|entry| {
            let path = entry.rel_path.as_str();
            let Some(text) = read(entry) else {
                return (Vec::new(), LineHashes::default());
            };
            let language = language_of(classify_file(path, &text), path);
            let Some(kind) = code_kind(language) else {
                return (Vec::new(), LineHashes::default());
            };
            let imports = local_imports(&text, language, path);
            // Each module the importer takes names from, read once.
            let mut modules: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
            let mut bindings: Vec<(usize, Vec<(String, String)>)> = Vec::new();
            let mut sources: Vec<(String, usize, String)> = Vec::new();
            for import in &imports {
                let Some(module) = resolve_module(path, &import.module, &by_path) else {
                    continue;
                };
                if !modules.contains_key(&module) {
                    if modules.len() >= MAX_MODULES {
                        continue;
                    }
                    let strings = by_path
                        .get(module.as_str())
                        .and_then(|e| read(e))
                        .filter(|t| t.len() <= MAX_MODULE_BYTES)
                        .map(|t| {
                            let language = language_of(classify_file(&module, &t), &module);
                            exported_strings(&t, language, &module)
                        })
                        .unwrap_or_default();
                    modules.insert(module.clone(), strings);
                }
                let bound = import.bound(&modules[&module]);
                if !bound.is_empty() {
                    let names: Vec<&str> = bound.iter().map(|(n, _)| n.as_str()).collect();
                    sources.push((module.clone(), import.line, names.join(", ")));
                    bindings.push((import.end, bound));
                }
            }
            if bindings.is_empty() {
                return (Vec::new(), LineHashes::default());
            }
            let bound_text = with_constants(&text, language, &bindings);
            let sighting = package.sighting(path, kind);
            let file = SourceFile {
                rel_path: path,
                text: &bound_text,
                kind,
                scope: sighting.scope,
                language,
                role: sighting.role,
                import_entry: package.is_import_entry(path),
            };
            let mut findings = rules.scan_within(&file, limits).findings;
            findings.retain(|f| !seen.contains(&(f.path.as_str(), f.rule_id.as_str(), f.line)));
            for finding in &mut findings {
                finding.message = format!(
                    "with the constants it imports from the package's own modules: {}",
                    finding.message
                );
                for (module, line, names) in &sources {
                    finding.related.push(RelatedLocation {
                        path: module.clone(),
                        line: 1,
                        column: 1,
                        message: format!("defines {names}, imported by {path}:{line}"),
                    });
                }
            }
            // Lines are where they were: hash them in the file as written.
            let mut hashes = LineHashes::default();
            hashes.add(path, &text, findings.iter().map(|f| f.line));
            (findings, hashes)
        })
        .collect();
    super::gather_rescans(found)
}

/// The entry files a package rescan reads (code that runs without the user asking, at most `max`) and
/// every file of the package by path; `None` when the package has no entry file.
pub(crate) type RescanEntries<'f> = (Vec<&'f FileEntry>, HashMap<&'f str, &'f FileEntry>);

pub(crate) fn rescan_entries<'f>(
    files: &'f [FileEntry],
    package: &PackageView,
    max: usize,
) -> Option<RescanEntries<'f>> {
    let entries: Vec<&FileEntry> = files
        .iter()
        .filter(|f| is_entry_code(package, &f.rel_path))
        .take(max)
        .collect();
    if entries.is_empty() {
        return None;
    }
    let by_path = files.iter().map(|f| (f.rel_path.as_str(), f)).collect();
    Some((entries, by_path))
}

/// A package file's text, decoded, when it reads within `max_file_size`.
pub(crate) fn read_text(entry: &FileEntry, max_file_size: u64) -> Option<String> {
    let bytes = entry.read(max_file_size).ok()?;
    decode_text(&bytes).ok().map(|d| d.text)
}

/// Code that runs without the user asking: `setup.py`, an install script, an import entry, and a
/// skill's script beside another script it may import (the agent runs what the skill tells it to).
pub(crate) fn is_entry_code(package: &PackageView, path: &str) -> bool {
    let code = is_code_path(path);
    // Install scripts are known by path whatever their kind; `setup.py` is the root build script.
    code && (path == "setup.py"
        || package.is_import_entry(path)
        || package.sighting(path, FileKind::Javascript).scope == ArtifactScope::PackageRootArtifact
        || is_skill_script_with_sibling(package, path))
}

fn is_code_path(path: &str) -> bool {
    [".py", ".js", ".cjs", ".mjs", ".ts"]
        .iter()
        .any(|ext| path.ends_with(ext))
}

/// A script of a skill (a `SKILL.md` at the root) with another script in its folder: `from util import
/// ship` in `scripts/check.py` takes a sibling's names. A lone script has nothing of the package to import
/// from its folder, and is not read again.
fn is_skill_script_with_sibling(package: &PackageView, path: &str) -> bool {
    if !package.paths.contains("SKILL.md") {
        return false;
    }
    let folder = path.rfind('/').map_or("", |at| &path[..=at]);
    package.paths.iter().any(|other| {
        *other != path
            && is_code_path(other)
            && other.starts_with(folder)
            && !other[folder.len()..].contains('/')
    })
}

pub(crate) fn code_kind(language: Language) -> Option<FileKind> {
    match language {
        Language::Python => Some(FileKind::Python),
        Language::Javascript | Language::Typescript => Some(FileKind::Javascript),
        _ => None,
    }
}

/// The package file an import names: as the import graph resolves it (beside the importer, relative
/// dots, a path from the root), else, for a plain Python module name (`from config import X` after
/// `sys.path.insert(0, "tools")`), the one file of the package with that name.
pub(crate) fn resolve_module(
    from: &str,
    module: &str,
    by_path: &HashMap<&str, &FileEntry>,
) -> Option<String> {
    let paths: Vec<&str> = by_path.keys().copied().collect();
    resolve_module_with(from, module, |p| by_path.contains_key(p), &paths)
}

fn resolve_module_with(
    from: &str,
    module: &str,
    exists: impl Fn(&str) -> bool,
    paths: &[&str],
) -> Option<String> {
    if let Some(found) = import_graph::resolve(from, module, &exists) {
        return Some(found);
    }
    if from.ends_with(".py") && !module.starts_with('.') {
        let under_root = format!("{}.py", module.replace('.', "/"));
        if exists(&under_root) {
            return Some(under_root);
        }
        if !module.contains('.') {
            let name = format!("/{module}.py");
            let mut matches = paths.iter().filter(|p| p.ends_with(&name));
            let first = matches.next()?;
            return matches.next().is_none().then(|| first.to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_skill_script_beside_another_script_is_read_with_its_imports() {
        use skill_scan_classify::{PackageFacts, RootManifests};
        let facts = PackageFacts::from_manifests(&RootManifests::read([(
            "SKILL.md",
            "---\nname: x\ndescription: y\n---\n",
        )]));
        let paths = [
            "SKILL.md",
            "scripts/check.py",
            "scripts/net.py",
            "tools/lone.py",
            "tools/deep/other.py",
        ];
        let view = PackageView::new(&facts, paths.into_iter().collect());
        assert!(is_entry_code(&view, "scripts/check.py"));
        // Alone in its folder (a script one folder down is not a sibling).
        assert!(!is_entry_code(&view, "tools/lone.py"));
        // Not a skill: the same layout without SKILL.md.
        let plain = PackageView::new(&facts, paths[1..].iter().copied().collect());
        assert!(!is_entry_code(&plain, "scripts/check.py"));
    }

    #[test]
    fn modules_resolve_beside_from_the_root_or_by_their_one_file() {
        let files = [
            "setup.py",
            "tool/config.py",
            "fastenv/settings.py",
            "a/util.py",
            "b/util.py",
            "consts.js",
        ];
        let exists = |p: &str| files.contains(&p);
        let resolve = |from: &str, module: &str| resolve_module_with(from, module, exists, &files);
        assert_eq!(
            resolve("setup.py", "config").as_deref(),
            Some("tool/config.py")
        );
        assert_eq!(
            resolve("setup.py", "fastenv.settings").as_deref(),
            Some("fastenv/settings.py")
        );
        // Two files of that name: which one `sys.path` finds is not known.
        assert_eq!(resolve("setup.py", "util"), None);
        assert_eq!(
            resolve("install.js", "./consts").as_deref(),
            Some("consts.js")
        );
    }
}
