//! What every file's scan, and every package detector, may ask about the package a file belongs to: its
//! facts (kind, manifests, which files the installer or the agent runs) and the paths it lists.

use super::binaries::Sighting;
use skill_scan_classify::PackageFacts;
use skill_scan_model::{ArtifactScope, FileKind, Language, PackageKind};
use std::collections::BTreeSet;

pub struct PackageView<'a> {
    pub facts: &'a PackageFacts,
    /// Every listed path, for checks that look for a sibling (a `.pyc`'s source).
    pub paths: BTreeSet<&'a str>,
}

impl<'a> PackageView<'a> {
    pub fn new(facts: &'a PackageFacts, paths: BTreeSet<&'a str>) -> PackageView<'a> {
        PackageView { facts, paths }
    }

    /// Whether importing the package runs this file's top level (npm `main`, a package's `__init__.py`).
    pub fn is_import_entry(&self, rel_path: &str) -> bool {
        self.facts.is_import_entry(rel_path)
    }

    /// JavaScript a Python package serves to a browser, which neither pip install nor `import` runs: a part
    /// too deep to parse is then a note, not a gap that holds the verdict at review. In a plain PyPI package
    /// that is all of its JavaScript ([`PackageFacts::serves_to_a_browser`]). An sdist that also carries its
    /// front end's npm workspace (a `package.json` at the top, as Jupyter's do) is mixed; there it is the
    /// JavaScript inside a Python package folder (an `__init__.py` above it), when the npm side has no install
    /// hook, the file is not its `main`, and no `SKILL.md` makes the folder a skill an agent runs.
    pub fn serves_to_a_browser(
        &self,
        rel_path: &str,
        language: Language,
        scope: ArtifactScope,
    ) -> bool {
        let facts = self.facts;
        if facts.serves_to_a_browser(language, scope) {
            return true;
        }
        // Called for every file scanned: the cheap tests on the package and the file come first.
        let mixed_without_hooks = facts.kind == PackageKind::Mixed
            && facts.summary.install_scripts.is_empty()
            && !self.paths.contains("SKILL.md");
        if !mixed_without_hooks
            || scope != ArtifactScope::SupportingArtifact
            || !matches!(language, Language::Javascript | Language::Typescript)
            || facts.npm_main.as_deref() == Some(rel_path)
        {
            return false;
        }
        let python_distribution = ["PKG-INFO", "pyproject.toml", "setup.py"]
            .iter()
            .any(|file| self.paths.contains(file));
        let mut folders = rel_path.match_indices('/').map(|(at, _)| &rel_path[..at]);
        python_distribution
            && folders.any(|folder| {
                self.paths
                    .contains(format!("{folder}/__init__.py").as_str())
            })
    }

    /// The file at `rel_path`, of kind `kind`, as a package-level rule sees it.
    pub fn sighting(&self, rel_path: &str, kind: FileKind) -> Sighting {
        let scope = self.facts.scope_of(rel_path, kind);
        Sighting {
            path: rel_path.to_string(),
            kind,
            scope,
            role: self.facts.role_of(rel_path, scope),
            package: self.facts.kind,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use skill_scan_classify::RootManifests;

    fn facts(files: &[(&str, &str)]) -> PackageFacts {
        PackageFacts::from_manifests(&RootManifests::read(files.iter().copied()))
    }

    #[test]
    fn a_python_sdists_web_ui_is_served_to_a_browser_beside_its_npm_workspace() {
        let private = r#"{"name": "@lab/repo-top", "private": true, "scripts": {"build": "lerna run build"}}"#;
        let mixed = facts(&[
            ("pyproject.toml", "[project]\nname = \"lab\"\n"),
            ("package.json", private),
        ]);
        assert_eq!(mixed.kind, PackageKind::Mixed);
        let paths: BTreeSet<&str> = [
            "PKG-INFO",
            "pyproject.toml",
            "package.json",
            "lab/__init__.py",
            "lab/static/812.js",
            "packages/ui/lib/index.js",
        ]
        .into_iter()
        .collect();
        let view = PackageView::new(&mixed, paths.clone());
        let shipped = ArtifactScope::SupportingArtifact;
        assert!(view.serves_to_a_browser("lab/static/812.js", Language::Javascript, shipped));
        // The npm workspace's own code is not inside a Python package folder.
        assert!(!view.serves_to_a_browser(
            "packages/ui/lib/index.js",
            Language::Javascript,
            shipped
        ));
        assert!(!view.serves_to_a_browser("lab/static/812.js", Language::Python, shipped));
        // An npm install hook could run it.
        let hooked = r#"{"name": "lab", "scripts": {"postinstall": "node lab/static/812.js"}}"#;
        let hooked = facts(&[
            ("pyproject.toml", "[project]\nname = \"lab\"\n"),
            ("package.json", hooked),
        ]);
        let view = PackageView::new(&hooked, paths);
        assert!(!view.serves_to_a_browser("lab/static/812.js", Language::Javascript, shipped));
    }
}
