//! Package detectors for whole files, which the pipeline calls while it reads each file's bytes, for what no
//! pattern over text can say: a native executable, compiled Python (and whether its source ships), a script
//! with a binary tail, code under an image's name. Each is a typed package check ([`PackageCheckKind`])
//! whose package detector names its rule in `rules/binaries.yaml`; the finding is made through
//! [`RuleSet::package_finding`] so it carries the rule's id, action and documentation, and no rule id is
//! written here.

use super::check_detector;
use skill_scan_classify::language_of;
use skill_scan_model::{
    escape_for_terminal, ArtifactScope, Context, FileKind, FileRole, Finding, PackageCheckKind,
    PackageKind,
};
use skill_scan_rules::{NativeSite, RuleSet};
use std::collections::BTreeSet;

/// What the walker recognised a binary file as, as far as these detectors care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryFile {
    /// ELF, Mach-O or Windows PE.
    Executable,
    PythonBytecode,
    /// Any other binary format (images, archives, fonts, …): nothing to report.
    Other,
}

/// A file as a package-level rule sees it.
pub struct Sighting {
    pub path: String,
    pub kind: FileKind,
    pub scope: ArtifactScope,
    pub role: FileRole,
    /// What the whole package is: prebuilt binaries are normal in npm and PyPI packages, not in skills.
    pub package: PackageKind,
}

impl Sighting {
    /// The finding of the rule for `check` on the file's first line, or `None` when that rule is not loaded.
    pub fn report(
        &self,
        rules: &RuleSet,
        check: PackageCheckKind,
        message: String,
        snippet: String,
    ) -> Option<Finding> {
        rules.package_finding(
            check_detector(check),
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

/// Findings for a file recognised as a binary format (which is then skipped as text); `describe` names the
/// format (`ELF executable`).
pub fn binary_file_findings(
    rules: &RuleSet,
    file: BinaryFile,
    describe: &str,
    sighting: &Sighting,
    paths: &BTreeSet<&str>,
) -> Vec<Finding> {
    let described = format!("{} ({describe})", sighting.file_name());
    let finding = if file == BinaryFile::Executable {
        match own_build_output(&sighting.path, paths) {
            // A crate's own build output beside its sources: a code package's build, not an opaque drop.
            Some(krate) => sighting.report(
                rules,
                PackageCheckKind::ExecutableFileInCodePackage,
                format!(
                    "{describe} is build output of the Rust crate in {krate}/, whose Cargo.toml and sources ship beside it"
                ),
                described,
            ),
            None => sighting.report(
                rules,
                executable_check(sighting.package),
                format!(
                    "{describe} ships in the package; its behaviour cannot be reviewed or scanned"
                ),
                described,
            ),
        }
    } else if file == BinaryFile::PythonBytecode {
        let sources = pyc_sources(&sighting.path);
        match sources
            .iter()
            .find(|source| paths.contains(source.as_str()))
        {
            Some(source) => sighting.report(
                rules,
                PackageCheckKind::CompiledPython,
                format!("compiled Python ships next to its source {source}"),
                described,
            ),
            None => sighting.report(
                rules,
                PackageCheckKind::CompiledPythonWithoutSource,
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
pub fn is_native_addon(path: &str) -> bool {
    path.to_ascii_lowercase().ends_with(".node")
}

/// The package's `main` is a native addon too large to read: an opaque binary, reported by the same rule
/// as one that was read (BIN007 in a code package, BIN001 elsewhere), not a gap in the scan.
pub fn native_addon_main(rules: &RuleSet, sighting: &Sighting) -> Option<Finding> {
    sighting.report(
        rules,
        executable_check(sighting.package),
        "a native addon (.node, loaded with dlopen) is the package's main; it is larger than the file size \
         limit and its behaviour cannot be reviewed or scanned"
            .to_string(),
        format!("{} (native addon)", sighting.file_name()),
    )
}

/// Which check an executable file is: npm and PyPI packages ship prebuilt native addons and launchers as a
/// matter of course (BIN007); a skill or an MCP bundle has no such habit (BIN001).
fn executable_check(package: PackageKind) -> PackageCheckKind {
    if matches!(package, PackageKind::Npm | PackageKind::Pypi) {
        PackageCheckKind::ExecutableFileInCodePackage
    } else {
        PackageCheckKind::ExecutableFile
    }
}

/// The crate folder whose Cargo build output `path` is (`tools/x/target/release/x` ← `tools/x`), when the
/// crate's `Cargo.toml` and at least one `src/` file ship in the package too.
fn own_build_output<'p>(path: &'p str, paths: &BTreeSet<&str>) -> Option<&'p str> {
    let (krate, built) = path
        .split_once("/target/")
        .or_else(|| path.strip_prefix("target/").map(|built| ("", built)))?;
    let profile = built.split('/').next()?;
    if !matches!(profile, "release" | "debug")
        && !built.contains("/release/")
        && !built.contains("/debug/")
    {
        return None;
    }
    let prefix = if krate.is_empty() {
        String::new()
    } else {
        format!("{krate}/")
    };
    let manifest = format!("{prefix}Cargo.toml");
    let sources = format!("{prefix}src/");
    let has_sources = paths
        .range(sources.as_str()..)
        .next()
        .is_some_and(|p| p.starts_with(&sources) && p.ends_with(".rs"));
    (paths.contains(manifest.as_str()) && has_sources).then_some(if krate.is_empty() {
        "."
    } else {
        krate
    })
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

/// A file that starts with `#!` yet holds binary data (NUL bytes).
pub fn shebang_script_with_binary_data(
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
        PackageCheckKind::ScriptWithBinaryPayload,
        "a script with a shebang carries binary data after its text".to_string(),
        escape_for_terminal(&first_line),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cargo_build_output_beside_its_sources_is_the_crates_own() {
        let paths: BTreeSet<&str> = [
            "tools/x/Cargo.toml",
            "tools/x/src/main.rs",
            "tools/x/target/release/x",
            "tools/x/target/release/deps/x-1a2b",
            "bin/helper",
            "other/target/release/y",
        ]
        .into_iter()
        .collect();
        assert_eq!(
            own_build_output("tools/x/target/release/x", &paths),
            Some("tools/x")
        );
        assert_eq!(
            own_build_output("tools/x/target/release/deps/x-1a2b", &paths),
            Some("tools/x")
        );
        // No crate beside it, or not in a build folder.
        assert_eq!(own_build_output("other/target/release/y", &paths), None);
        assert_eq!(own_build_output("bin/helper", &paths), None);
    }

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
