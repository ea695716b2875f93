//! Import time across the modules of one package. The rule scan already knows which code of an import
//! entry (npm `main`, a top-level `__init__.py`) runs on import; this follows the entry's relative imports
//! to the package's other modules, whose top level runs too, along with the functions the importer calls
//! while importing them (`from ._compat import check; check()`), so a payload moved one file away from
//! the entry is still seen to run on import. Scripts npm lifecycle hooks run are followed the same way:
//! what they require runs at install.

use crate::{module_import_time, ImportLinks};
use rayon::prelude::*;
use skill_scan_classify::{classify_file, language_of, PackageFacts};
use skill_scan_model::{ArtifactScope, FileKind, Finding};
use skill_scan_walk::{decode_text, FileEntry};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A module's findings: their indices, and their (line, column) positions.
type FindingsAt = (Vec<usize>, Vec<(usize, usize)>);

/// Whether each finding of a module runs on import, and what the module imports in turn.
type ModuleResult = (Vec<bool>, ImportLinks);

/// A bound on the modules followed, so a package of thousands of files costs a few parses at most.
const MAX_MODULES: usize = 64;

pub fn mark_imported_modules(
    files: &[FileEntry],
    facts: &PackageFacts,
    findings: &mut [Finding],
    max_file_size: u64,
) {
    let with_findings: BTreeSet<&str> = findings.iter().map(|f| f.path.as_str()).collect();
    if with_findings.is_empty() {
        return;
    }
    let by_path: HashMap<&str, &FileEntry> =
        files.iter().map(|f| (f.rel_path.as_str(), f)).collect();
    // Each module's findings, by index, with their positions.
    let mut positions: HashMap<&str, FindingsAt> = HashMap::new();
    for (index, finding) in findings.iter().enumerate() {
        let entry = positions.entry(finding.path.as_str()).or_default();
        entry.0.push(index);
        entry.1.push((finding.line, finding.column));
    }
    let mut level: Vec<(String, Vec<String>)> = files
        .iter()
        .filter(|f| facts.is_import_entry(&f.rel_path) || is_install_script(facts, &f.rel_path))
        .map(|f| (f.rel_path.clone(), Vec::new()))
        .collect();
    // Seeds each module has been processed with; a module is processed again only for new seeds.
    let mut done: HashMap<String, BTreeSet<String>> = HashMap::new();
    let mut processed = 0;
    let mut marks: Vec<usize> = Vec::new();
    // Breadth first, a level at a time; the modules of one level are read and parsed in parallel.
    while !level.is_empty() && processed < MAX_MODULES {
        // One visit per module per level, with the union of its seeds (reachability from a union of
        // seeds is the union of what each reaches, so this marks what one visit per seed would).
        let mut merged: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (path, seeds) in level {
            merged.entry(path).or_default().extend(seeds);
        }
        let mut work: Vec<(String, Vec<String>)> = Vec::new();
        for (path, seeds) in merged {
            // The empty string marks "processed once"; later visits count only if they bring new seeds.
            let known = done.entry(path.clone()).or_default();
            if known.contains("") && seeds.iter().all(|s| known.contains(s)) {
                continue;
            }
            known.insert(String::new());
            let fresh: Vec<String> = seeds
                .into_iter()
                .filter(|s| known.insert(s.clone()))
                .collect();
            if processed == MAX_MODULES {
                break;
            }
            processed += 1;
            work.push((path, fresh));
        }
        let results: Vec<(String, Option<ModuleResult>)> = work
            .into_par_iter()
            .map(|(path, seeds)| {
                let links = by_path.get(path.as_str()).and_then(|entry| {
                    let bytes = entry.read(max_file_size).ok()?;
                    let decoded = decode_text(&bytes).ok()?;
                    let text = decoded.text.as_str();
                    let language = language_of(classify_file(&path, text), &path);
                    let wanted = positions
                        .get(path.as_str())
                        .map_or(&[][..], |(_, at)| at.as_slice());
                    module_import_time(text, language, &path, &seeds, wanted)
                });
                (path, links)
            })
            .collect();
        let mut next = Vec::new();
        for (path, result) in results {
            let Some((runs, links)) = result else {
                continue;
            };
            if let Some((indices, _)) = positions.get(path.as_str()) {
                marks.extend(
                    indices
                        .iter()
                        .zip(runs)
                        .filter(|(_, r)| *r)
                        .map(|(i, _)| *i),
                );
            }
            for spec in &links.modules {
                let Some(target) = resolve(&path, spec, |p| by_path.contains_key(p)) else {
                    continue;
                };
                let called: Vec<String> = links
                    .calls
                    .iter()
                    .filter(|(s, _)| s == spec)
                    .map(|(_, name)| name.clone())
                    .collect();
                next.push((target, called));
            }
        }
        level = next;
    }
    for index in marks {
        findings[index].import_time = true;
    }
}

/// A JavaScript file an npm lifecycle hook runs (`"preinstall": "node lib/prepare.js"`): its top level runs
/// at install, and so does the top level of every module it requires, like an import entry's.
fn is_install_script(facts: &PackageFacts, rel_path: &str) -> bool {
    [".js", ".cjs", ".mjs"]
        .iter()
        .any(|ext| rel_path.ends_with(ext))
        && facts.scope_of(rel_path, FileKind::Javascript) == ArtifactScope::PackageRootArtifact
}

/// The file a relative import in `from` names, if the package has it.
pub fn resolve(from: &str, spec: &str, exists: impl Fn(&str) -> bool) -> Option<String> {
    let dir: Vec<&str> = match from.rsplit_once('/') {
        Some((dir, _)) => dir.split('/').collect(),
        None => Vec::new(),
    };
    let candidates = if from.ends_with(".py") {
        python_candidates(&dir, spec)?
    } else {
        js_candidates(&dir, spec)?
    };
    candidates.into_iter().find(|c| exists(c))
}

/// `._compat` → `pkg/_compat.py`, `pkg/_compat/__init__.py`; `..util.io` goes one folder up first.
fn python_candidates(dir: &[&str], spec: &str) -> Option<Vec<String>> {
    let dots = spec.chars().take_while(|c| *c == '.').count();
    let mut parts: Vec<&str> = dir.to_vec();
    for _ in 1..dots {
        parts.pop()?;
    }
    let rest = &spec[dots..];
    parts.extend(rest.split('.').filter(|p| !p.is_empty()));
    let base = parts.join("/");
    if rest.is_empty() {
        return Some(vec![join(&base, "__init__.py")]);
    }
    Some(vec![format!("{base}.py"), join(&base, "__init__.py")])
}

/// `./lib/setup` → `lib/setup`, `lib/setup.js`, `.cjs`, `.mjs`, `.ts`, `lib/setup/index.js`.
fn js_candidates(dir: &[&str], spec: &str) -> Option<Vec<String>> {
    let mut parts: Vec<&str> = dir.to_vec();
    for part in spec.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    let base = parts.join("/");
    Some(
        ["", ".js", ".cjs", ".mjs", ".ts", "/index.js", "/index.cjs"]
            .iter()
            .map(|suffix| format!("{base}{suffix}"))
            .collect(),
    )
}

fn join(base: &str, name: &str) -> String {
    if base.is_empty() {
        name.to_string()
    } else {
        format!("{base}/{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_imports_resolve_to_package_files() {
        let files = [
            "pkg/__init__.py",
            "pkg/_compat.py",
            "pkg/util/__init__.py",
            "pkg/util/io.py",
            "lib/setup.js",
            "lib/net/index.js",
            "index.js",
        ];
        let exists = |p: &str| files.contains(&p);
        assert_eq!(
            resolve("pkg/__init__.py", "._compat", exists).as_deref(),
            Some("pkg/_compat.py")
        );
        assert_eq!(
            resolve("pkg/__init__.py", ".util", exists).as_deref(),
            Some("pkg/util/__init__.py")
        );
        assert_eq!(
            resolve("pkg/util/__init__.py", "..util.io", exists).as_deref(),
            Some("pkg/util/io.py")
        );
        assert_eq!(
            resolve("pkg/util/io.py", ".", exists).as_deref(),
            Some("pkg/util/__init__.py")
        );
        assert_eq!(resolve("pkg/__init__.py", "...x", exists), None);
        assert_eq!(
            resolve("index.js", "./lib/setup", exists).as_deref(),
            Some("lib/setup.js")
        );
        assert_eq!(
            resolve("lib/setup.js", "./net", exists).as_deref(),
            Some("lib/net/index.js")
        );
        assert_eq!(resolve("index.js", "../outside", exists), None);
    }
}
