//! Files the package's own code runs as code under a name that says otherwise (`theme.cfg` loaded with
//! `SourceFileLoader`, `settings.conf` sourced by a shell script, `x.dat` given to `require`). The file scan
//! reads each by its name, as text; this pass, once every file has been read, scans each such file again
//! in the language its loader runs it as, and reports the disguise (`code-run-under-data-name`) when that
//! scan finds something worth a review. Its findings are the package's like any other, located in the loaded file.
//! The loads themselves are found per file by `crate::loaded_code` (the `code_loads` pass).

use super::PackageView;
use crate::package::check_detector;
use crate::CodeLoad;
use rayon::prelude::*;
use skill_scan_classify::{classify_file, language_of};
use skill_scan_model::{
    escape_for_terminal, Context, FileKind, Finding, Language, LineHashes, PackageCheckKind,
    RecommendedAction, RelatedLocation,
};
use skill_scan_rules::{NativeSite, RuleSet, ScanLimits, SourceFile};
use skill_scan_walk::{decode_text, FileEntry};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Loaded files scanned again per package: a package with more is not hiding one helper.
const MAX_LOADED_FILES: usize = 64;

/// A load seen in one file: who loads, on which line, and what.
#[derive(Debug, Clone)]
pub struct LoadSite {
    pub loader: String,
    pub line: usize,
    pub load: CodeLoad,
}

/// Findings of the files that `sites` load as code, scanned in that language, with the line hashes of the
/// lines they start on (taken while the loaded file's bytes are in memory).
pub fn scan_loaded_files(
    rules: &RuleSet,
    files: &[FileEntry],
    package: &PackageView,
    sites: Vec<LoadSite>,
    known: &[Finding],
    max_file_size: u64,
    limits: &ScanLimits,
) -> (Vec<Finding>, LineHashes) {
    // One scan per (file, language), credited to the first loader seen.
    let mut wanted: BTreeMap<(String, Language), LoadSite> = BTreeMap::new();
    for site in sites {
        if let Some(target) = resolve(&site, |p| package.paths.contains(p)) {
            wanted.entry((target, site.load.language)).or_insert(site);
            if wanted.len() >= MAX_LOADED_FILES {
                break;
            }
        }
    }
    if wanted.is_empty() {
        return (Vec::new(), LineHashes::default());
    }
    let by_path: HashMap<&str, &FileEntry> =
        files.iter().map(|f| (f.rel_path.as_str(), f)).collect();
    let seen: HashSet<(&str, &str, usize, usize)> = known
        .iter()
        .map(|f| (f.path.as_str(), f.rule_id.as_str(), f.line, f.column))
        .collect();
    let found: Vec<(Vec<Finding>, LineHashes)> = wanted
        .into_par_iter()
        .map(|((path, language), site)| {
            let Some(entry) = by_path.get(path.as_str()) else {
                return (Vec::new(), LineHashes::default());
            };
            let Some(decoded) = entry
                .read(max_file_size)
                .ok()
                .and_then(|bytes| decode_text(&bytes).ok())
            else {
                return (Vec::new(), LineHashes::default());
            };
            let text = decoded.text.as_str();
            // A file already read as code was scanned as code (a `.py` given to `exec(open(…))` is no disguise).
            let kind = classify_file(&path, text);
            if is_code(language_of(kind, &path)) {
                return (Vec::new(), LineHashes::default());
            }
            let findings = scan_as(rules, package, &path, text, language, &site, limits);
            // The bytes are in memory now: hash the lines these findings start on (rendering never rereads).
            let mut hashes = LineHashes::default();
            hashes.add(&path, text, findings.iter().map(|f| f.line));
            (findings, hashes)
        })
        .collect();
    let (all, line_hashes) = super::gather_rescans(found);
    let all = all
        .into_iter()
        .filter(|f| !seen.contains(&(f.path.as_str(), f.rule_id.as_str(), f.line, f.column)))
        .collect();
    (all, line_hashes)
}

/// Scans `text` (the file at `path`) as `language`, the way its loader runs it.
fn scan_as(
    rules: &RuleSet,
    package: &PackageView,
    path: &str,
    text: &str,
    language: Language,
    site: &LoadSite,
    limits: &ScanLimits,
) -> Vec<Finding> {
    let kind = match language {
        Language::Python => FileKind::Python,
        Language::Shell => FileKind::Shell,
        _ => FileKind::Javascript,
    };
    let sighting = package.sighting(path, kind);
    let file = SourceFile {
        rel_path: path,
        text,
        kind,
        scope: sighting.scope,
        language,
        role: sighting.role,
        import_entry: false,
    };
    let loaded_by = format!("{}:{}", site.loader, site.line);
    let mut findings = rules.scan_within(&file, limits).findings;
    for finding in &mut findings {
        finding.message = format!("run as {language} by {loaded_by}: {}", finding.message);
        finding.related.push(RelatedLocation {
            path: site.loader.clone(),
            line: site.line,
            column: 1,
            message: format!("loads {path} and runs it as {language}"),
        });
    }
    if findings
        .iter()
        .any(|f| f.action >= RecommendedAction::Review)
    {
        let name = path.rsplit('/').next().unwrap_or(path);
        findings.extend(rules.package_finding(
            check_detector(PackageCheckKind::CodeRunUnderDataName),
            NativeSite {
                path: path.to_string(),
                line: 1,
                column: 1,
                scope: sighting.scope,
                role: sighting.role,
                file_kind: kind,
                language,
                context: Context::Code,
                message: format!(
                    "{} is named like data but {loaded_by} runs it as {language}; scanned as {language}",
                    escape_for_terminal(name)
                ),
                snippet: escape_for_terminal(name),
                related: vec![RelatedLocation {
                    path: site.loader.clone(),
                    line: site.line,
                    column: 1,
                    message: format!("runs {path} as {language}"),
                }],
            },
        ));
    }
    findings
}

fn is_code(language: Language) -> bool {
    matches!(
        language,
        Language::Javascript
            | Language::Typescript
            | Language::Python
            | Language::Shell
            | Language::Powershell
    )
}

/// The package path a load names: beside the loader first, then from the package root; never outside it.
fn resolve(site: &LoadSite, exists: impl Fn(&str) -> bool) -> Option<String> {
    let folder = site.loader.rsplit_once('/').map_or("", |(dir, _)| dir);
    if site.load.path.starts_with('/') {
        return None;
    }
    let beside = normalise(&format!("{folder}/{}", site.load.path));
    let from_root = normalise(&site.load.path);
    let mut candidates = vec![beside];
    if !site.load.beside_loader {
        candidates.push(from_root);
    }
    candidates.into_iter().flatten().find(|p| exists(p))
}

/// `a/./b/../c` → `a/c`; `None` when it climbs out of the package or is absolute.
pub(crate) fn normalise(path: &str) -> Option<String> {
    if path.starts_with('/') {
        return None;
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(loader: &str, path: &str, beside: bool) -> LoadSite {
        LoadSite {
            loader: loader.to_string(),
            line: 1,
            load: CodeLoad {
                path: path.to_string(),
                beside_loader: beside,
                language: Language::Python,
                at: 0,
            },
        }
    }

    #[test]
    fn loads_resolve_beside_the_loader_then_from_the_root() {
        let files = ["tools/themes/dark.cfg", "hooks/post.cfg"];
        let exists = |p: &str| files.contains(&p);
        assert_eq!(
            resolve(&site("tools/apply.py", "themes/dark.cfg", true), exists).as_deref(),
            Some("tools/themes/dark.cfg")
        );
        assert_eq!(
            resolve(&site("tools/apply.py", "./hooks/post.cfg", false), exists).as_deref(),
            Some("hooks/post.cfg")
        );
        assert_eq!(
            resolve(&site("tools/apply.py", "hooks/post.cfg", true), exists),
            None
        );
        assert_eq!(
            resolve(&site("apply.py", "../../etc/passwd", false), exists),
            None
        );
        assert_eq!(
            resolve(&site("apply.py", "/hooks/post.cfg", false), exists),
            None
        );
    }
}
