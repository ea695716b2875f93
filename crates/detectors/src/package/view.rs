//! What every file's scan, and every package detector, may ask about the package a file belongs to: its
//! facts (kind, manifests, which files the installer or the agent runs) and the paths it lists.

use super::binaries::Sighting;
use skill_scan_classify::PackageFacts;
use skill_scan_model::FileKind;
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
