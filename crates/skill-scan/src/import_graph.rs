//! Import time across the modules of one package. The rule scan already knows which code of an import
//! entry (npm `main`, a top-level `__init__.py`) runs on import; this follows the entry's relative imports
//! to the package's other modules, whose top level runs too, along with the functions the importer calls
//! while importing them (`from ._compat import check; check()`), so a payload moved one file away from
//! the entry is still seen to run on import.

use skill_scan_classify::{classify_file, language_of, PackageFacts};
use skill_scan_model::Finding;
use skill_scan_rules::mark_module_import_time;
use skill_scan_walk::{decode_text, FileEntry};
use std::collections::{BTreeSet, HashMap, VecDeque};

/// A bound on the modules followed, so a package of thousands of files costs a few parses at most.
const MAX_MODULES: usize = 64;

pub(crate) fn mark_imported_modules(
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
    let mut queue: VecDeque<(String, Vec<String>)> = files
        .iter()
        .filter(|f| facts.is_import_entry(&f.rel_path))
        .map(|f| (f.rel_path.clone(), Vec::new()))
        .collect();
    // Seeds each module has been processed with; a module is processed again only for new seeds.
    let mut done: HashMap<String, BTreeSet<String>> = HashMap::new();
    let mut processed = 0;
    while let Some((path, seeds)) = queue.pop_front() {
        // The empty string marks "processed once"; later visits count only if they bring new seeds.
        let known = done.entry(path.clone()).or_default();
        if known.contains("") && seeds.iter().all(|s| known.contains(s)) {
            continue;
        }
        known.insert(String::new());
        known.extend(seeds.iter().cloned());
        processed += 1;
        if processed > MAX_MODULES {
            break;
        }
        let Some(entry) = by_path.get(path.as_str()) else {
            continue;
        };
        let Ok(bytes) = entry.read(max_file_size) else {
            continue;
        };
        let Ok(decoded) = decode_text(&bytes) else {
            continue;
        };
        let text = decoded.text.as_str();
        let language = language_of(classify_file(&path, text), &path);
        let Some(links) = mark_module_import_time(findings, text, language, &path, &seeds) else {
            continue;
        };
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
            queue.push_back((target, called));
        }
    }
}

/// The file a relative import in `from` names, if the package has it.
fn resolve(from: &str, spec: &str, exists: impl Fn(&str) -> bool) -> Option<String> {
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
