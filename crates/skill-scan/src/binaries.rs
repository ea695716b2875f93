//! Whole-file checks made while reading a file's bytes, for what no pattern over text can say: a native
//! executable, compiled Python (and whether its source ships), a script with a binary tail, code under an
//! image's name. Each is a package-level native rule in `rules/binaries.yaml`, reported here through
//! [`RuleSet::native_finding`] so the finding carries the rule's id, action and documentation.

use skill_scan_classify::language_of;
use skill_scan_model::{
    escape_for_terminal, ArtifactScope, Context, FileKind, FileRole, Finding, PackageKind,
};
use skill_scan_rules::{NativeSite, RuleSet};
use skill_scan_walk::BinaryFormat;
use std::collections::BTreeSet;

/// A file as a package-level rule sees it.
pub(crate) struct Sighting {
    pub path: String,
    pub kind: FileKind,
    pub scope: ArtifactScope,
    pub role: FileRole,
    /// What the whole package is: prebuilt binaries are normal in npm and PyPI packages, not in skills.
    pub package: PackageKind,
}

impl Sighting {
    /// A finding of `rule_id` on the file's first line, or `None` when that rule is not loaded.
    pub(crate) fn report(
        &self,
        rules: &RuleSet,
        rule_id: &str,
        message: String,
        snippet: String,
    ) -> Option<Finding> {
        rules.native_finding(
            rule_id,
            NativeSite {
                path: self.path.clone(),
                line: 1,
                column: 1,
                scope: self.scope,
                role: self.role,
                file_kind: self.kind,
                language: language_of(self.kind, &self.path),
                context: Context::Code,
                message,
                snippet,
                related: Vec::new(),
            },
        )
    }

    fn file_name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }
}

/// Findings for a file recognised as a binary format (which is then skipped as text).
pub(crate) fn binary_file_findings(
    rules: &RuleSet,
    format: BinaryFormat,
    sighting: &Sighting,
    paths: &BTreeSet<&str>,
) -> Vec<Finding> {
    let described = format!("{} ({})", sighting.file_name(), format.describe());
    let finding = if format.is_executable() {
        // npm and PyPI packages ship prebuilt native addons and launchers as a matter of course; a skill or
        // an MCP bundle has no such habit.
        let rule = if matches!(sighting.package, PackageKind::Npm | PackageKind::Pypi) {
            "BIN007"
        } else {
            "BIN001"
        };
        sighting.report(
            rules,
            rule,
            format!(
                "{} ships in the package; its behaviour cannot be reviewed or scanned",
                format.describe()
            ),
            described,
        )
    } else if format == BinaryFormat::PythonBytecode {
        let sources = pyc_sources(&sighting.path);
        match sources
            .iter()
            .find(|source| paths.contains(source.as_str()))
        {
            Some(source) => sighting.report(
                rules,
                "BIN003",
                format!("compiled Python ships next to its source {source}"),
                described,
            ),
            None => sighting.report(
                rules,
                "BIN002",
                format!(
                    "compiled code ships without source: no {} in the package",
                    sources.first().map_or("matching .py", String::as_str)
                ),
                described,
            ),
        }
    } else {
        None
    };
    finding.into_iter().collect()
}

/// A Node native addon by name: `require` loads a `.node` file only with dlopen, never as text.
pub(crate) fn is_native_addon(path: &str) -> bool {
    path.to_ascii_lowercase().ends_with(".node")
}

/// The package's `main` is a native addon too large to read: an opaque binary, reported by the same rule
/// as one that was read (BIN007 in a code package, BIN001 elsewhere), not a gap in the scan.
pub(crate) fn native_addon_main(rules: &RuleSet, sighting: &Sighting) -> Option<Finding> {
    let rule = if matches!(sighting.package, PackageKind::Npm | PackageKind::Pypi) {
        "BIN007"
    } else {
        "BIN001"
    };
    sighting.report(
        rules,
        rule,
        "a native addon (.node, loaded with dlopen) is the package's main; it is larger than the file size \
         limit and its behaviour cannot be reviewed or scanned"
            .to_string(),
        format!("{} (native addon)", sighting.file_name()),
    )
}

/// The `.py` a `.pyc` was compiled from: `pkg/mod.pyc` ← `pkg/mod.py`, and
/// `pkg/__pycache__/mod.cpython-312[.opt-1].pyc` ← `pkg/mod.py`.
fn pyc_sources(path: &str) -> Vec<String> {
    let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
    let Some(stem) = name
        .strip_suffix(".pyc")
        .or_else(|| name.strip_suffix(".pyo"))
    else {
        return Vec::new();
    };
    let join = |dir: &str, file: String| {
        if dir.is_empty() {
            file
        } else {
            format!("{dir}/{file}")
        }
    };
    let mut sources = Vec::new();
    if let Some(parent) = dir
        .strip_suffix("__pycache__")
        .map(|p| p.trim_end_matches('/'))
    {
        let module = stem.split('.').next().unwrap_or(stem);
        sources.push(join(parent, format!("{module}.py")));
    }
    sources.push(join(dir, format!("{stem}.py")));
    sources
}

/// BIN004: a file that starts with `#!` yet holds binary data (NUL bytes).
pub(crate) fn shebang_script_with_binary_data(
    rules: &RuleSet,
    sighting: &Sighting,
    text: &str,
) -> Option<Finding> {
    let first_line: String = text
        .lines()
        .next()
        .unwrap_or("")
        .chars()
        .take(120)
        .collect();
    sighting.report(
        rules,
        "BIN004",
        "a script with a shebang carries binary data after its text".to_string(),
        escape_for_terminal(&first_line),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pyc_sources_cover_both_layouts() {
        assert_eq!(pyc_sources("pkg/mod.pyc"), ["pkg/mod.py"]);
        assert_eq!(pyc_sources("mod.pyc"), ["mod.py"]);
        assert_eq!(
            pyc_sources("pkg/__pycache__/mod.cpython-312.opt-1.pyc"),
            ["pkg/mod.py", "pkg/__pycache__/mod.cpython-312.opt-1.py"]
        );
        assert_eq!(
            pyc_sources("__pycache__/mod.cpython-311.pyc"),
            ["mod.py", "__pycache__/mod.cpython-311.py"]
        );
        assert!(pyc_sources("pkg/mod.py").is_empty());
    }
}
