//! Package detectors for names: a typosquatted package name or dependency and a dependency-confusion
//! version, read from the root manifests (the package's own name and version, and the names it depends on)
//! and checked with [`crate::package_name`]. Findings are made through the rule their package check names.

use super::check_detector;
use crate::package_name::{dependency_confusion_hint, lookalike, Ecosystem};
use skill_scan_classify::RootManifests;
use skill_scan_model::{
    ArtifactScope, Context, FileKind, FileRole, Finding, Language, PackageCheckKind,
};
use skill_scan_rules::{NativeSite, RuleSet};
use std::collections::HashMap;

const PYTHON_MANIFESTS: [&str; 3] = ["pyproject.toml", "setup.cfg", "setup.py"];

/// Findings of the package-name rules for one package. `texts` holds the manifests' text by path.
pub fn findings(
    rules: &RuleSet,
    manifests: &RootManifests,
    texts: &HashMap<String, String>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    if let Some(npm) = &manifests.npm {
        let at = Manifest::new("package.json", texts);
        // A dev dependency is installed only by the package's own developers, never by its users.
        let installed: Vec<String> = npm
            .dependencies
            .iter()
            .filter(|d| !npm.dev_dependencies.contains(d))
            .cloned()
            .collect();
        check(
            rules,
            Ecosystem::Npm,
            npm.name.as_deref(),
            npm.version.as_deref(),
            &installed,
            &at,
            &mut out,
        );
    }
    if let Some(python) = &manifests.python {
        let path = PYTHON_MANIFESTS
            .iter()
            .find(|p| texts.contains_key(**p))
            .unwrap_or(&"setup.py");
        let at = Manifest::new(path, texts);
        // Poetry lists the Python version itself under `dependencies`.
        let installed: Vec<String> = python
            .dependencies
            .iter()
            .filter(|d| !d.eq_ignore_ascii_case("python"))
            .cloned()
            .collect();
        check(
            rules,
            Ecosystem::Pypi,
            python.name.as_deref(),
            python.version.as_deref(),
            &installed,
            &at,
            &mut out,
        );
    }
    out
}

fn check(
    rules: &RuleSet,
    ecosystem: Ecosystem,
    name: Option<&str>,
    version: Option<&str>,
    dependencies: &[String],
    at: &Manifest,
    out: &mut Vec<Finding>,
) {
    if let Some(name) = name {
        if let Some(like) = lookalike(ecosystem, name) {
            out.extend(at.finding(
                rules,
                PackageCheckKind::TyposquatName,
                name,
                like.describe(name),
            ));
        }
        if let Some(version) = version {
            if dependency_confusion_hint(ecosystem, name, version) {
                let message = format!(
                    "`{name}` {version}: an unscoped, unlisted name at a major version of 99 or more"
                );
                out.extend(at.finding(
                    rules,
                    PackageCheckKind::DependencyConfusionVersion,
                    name,
                    message,
                ));
            }
        }
    }
    for dependency in dependencies {
        if let Some(like) = lookalike(ecosystem, dependency) {
            // A popular name plus a version number (`httpx2`, `jinja2`-style) is how forks and successors
            // are named; depending on one is a choice a reader can see, not a typo. The package's own name
            // is still held to it above.
            if is_numbered_successor(dependency, like.popular) {
                continue;
            }
            let message = format!("dependency {}", like.describe(dependency));
            out.extend(at.finding(
                rules,
                PackageCheckKind::TyposquatDependency,
                dependency,
                message,
            ));
        }
    }
}

/// `name` is `popular` (separators aside) followed only by digits.
fn is_numbered_successor(name: &str, popular: &str) -> bool {
    let plain = |s: &str| -> String {
        s.chars()
            .filter(|c| !matches!(c, '-' | '_' | '.'))
            .flat_map(char::to_lowercase)
            .collect()
    };
    let (name, popular) = (plain(name), plain(popular));
    name.strip_prefix(popular.as_str())
        .is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit()))
}

/// A root manifest, to place findings on the line that names them.
pub struct Manifest<'a> {
    path: &'a str,
    text: Option<&'a str>,
}

impl<'a> Manifest<'a> {
    pub fn new(path: &'a str, texts: &'a HashMap<String, String>) -> Manifest<'a> {
        Manifest {
            path,
            text: texts.get(path).map(String::as_str),
        }
    }

    /// The finding of the rule for `check` on the line that names `name`, showing that line as written with
    /// `name` highlighted (a native site's snippet is only the name, which reads as a made-up line of code).
    pub fn finding(
        &self,
        rules: &RuleSet,
        check: PackageCheckKind,
        name: &str,
        message: String,
    ) -> Option<Finding> {
        let mut finding = rules.package_finding(check_detector(check), self.site(name, message))?;
        let line = self
            .text
            .and_then(|text| text.lines().nth(finding.line.saturating_sub(1)));
        if let Some(line) = line {
            let start = line
                .char_indices()
                .nth(finding.column.saturating_sub(1))
                .map_or(line.len(), |(i, _)| i);
            if line[start..].starts_with(name) {
                finding.snippet = line.to_string();
                finding.snippet_highlight = (start, start + name.len());
            }
        }
        Some(finding)
    }

    pub fn site(&self, name: &str, message: String) -> NativeSite {
        let (line, column) = self.position_of(name);
        let (file_kind, language) = match self.path {
            "package.json" => (FileKind::NpmManifest, Language::Json),
            "pyproject.toml" => (FileKind::PythonBuild, Language::Toml),
            "setup.cfg" => (FileKind::PythonBuild, Language::Text),
            _ => (FileKind::PythonBuild, Language::Python),
        };
        NativeSite {
            path: self.path.to_string(),
            line,
            column,
            scope: ArtifactScope::PackageRootArtifact,
            role: FileRole::Source,
            file_kind,
            language,
            context: Context::Code,
            message,
            snippet: name.to_string(),
            related: Vec::new(),
        }
    }

    /// 1-based line and column of the first quoted (or bare, for setup.cfg) mention of `name`.
    fn position_of(&self, name: &str) -> (usize, usize) {
        let Some(text) = self.text else {
            return (1, 1);
        };
        let quoted = [format!("\"{name}"), format!("'{name}")];
        for (n, line) in text.lines().enumerate() {
            let found = quoted
                .iter()
                .filter_map(|q| line.find(q.as_str()).map(|i| i + 1))
                .min()
                .or_else(|| {
                    line.trim_start()
                        .starts_with(name)
                        .then(|| line.find(name))
                        .flatten()
                });
            if let Some(col) = found {
                return (n + 1, line[..col].chars().count() + 1);
            }
        }
        (1, 1)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn run(files: &[(&str, &str)]) -> Vec<(String, usize)> {
        let rules = RuleSet::embedded(&crate::DETECTORS).unwrap();
        let manifests = RootManifests::read(files.iter().copied());
        let texts: HashMap<String, String> = files
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect();
        findings(&rules, &manifests, &texts)
            .into_iter()
            .map(|f| (f.rule_id, f.line))
            .collect()
    }

    #[test]
    fn the_finding_shows_the_manifest_line_with_the_name_highlighted() {
        let rules = RuleSet::embedded(&crate::DETECTORS).unwrap();
        let pkg = "{\n  \"name\": \"axois\",\n  \"version\": \"1.0.0\"\n}\n";
        let files = [("package.json", pkg)];
        let manifests = RootManifests::read(files.iter().copied());
        let texts = HashMap::from([("package.json".to_string(), pkg.to_string())]);
        let found = findings(&rules, &manifests, &texts);
        let finding = found.iter().find(|f| f.rule_id == "PKG001").unwrap();
        assert_eq!(finding.snippet, "  \"name\": \"axois\",");
        let (start, end) = finding.snippet_highlight;
        assert_eq!(&finding.snippet[start..end], "axois");
        assert_eq!((finding.column, finding.end_column), (12, 17));
    }

    #[test]
    fn a_typosquatted_npm_name_and_dependency_fire_on_their_lines() {
        let pkg = "{\n  \"name\": \"axois\",\n  \"version\": \"1.0.0\",\n  \"dependencies\": {\n    \"lodahs\": \"^4.17.0\",\n    \"chalk\": \"^5.0.0\"\n  }\n}\n";
        assert_eq!(
            run(&[("package.json", pkg)]),
            [("PKG001".to_string(), 2), ("PKG002".to_string(), 5)]
        );
    }

    #[test]
    fn the_popular_package_itself_and_its_real_dependencies_are_quiet() {
        let pkg = r#"{"name": "axios", "version": "1.7.0", "dependencies": {"follow-redirects": "^1.15.6", "form-data": "^4.0.0"}}"#;
        assert!(run(&[("package.json", pkg)]).is_empty());
        let py = "[project]\nname = \"requests\"\nversion = \"2.32.3\"\ndependencies = [\"urllib3>=1.21\", \"idna\", \"certifi\"]\n";
        assert!(run(&[("pyproject.toml", py)]).is_empty());
    }

    #[test]
    fn dev_dependencies_scoped_names_and_established_packages_are_quiet() {
        let pkg = r#"{"name": "moment-like", "version": "2.0.0", "dependencies": {"babel-core": "^6", "@types/mv": "^2"}, "devDependencies": {"typescript1": "npm:typescript@1.8.10"}}"#;
        assert!(run(&[("package.json", pkg)]).is_empty());
        let big = r#"{"name": "chromedriver", "version": "157.0.0"}"#;
        assert!(run(&[("package.json", big)]).is_empty());
        let poetry = "[tool.poetry]\nname = \"lib\"\nversion = \"1.0\"\n[tool.poetry.dependencies]\npython = \"^3.9\"\n";
        assert!(run(&[("pyproject.toml", poetry)]).is_empty());
    }

    #[test]
    fn python_names_separator_games_and_confusion_versions_fire() {
        let py = "[project]\nname = \"acme-billing-core\"\nversion = \"99.0.0\"\ndependencies = [\"python_dateutl\", \"reqeusts\", \"httpx2\"]\n";
        let got = run(&[("pyproject.toml", py)]);
        assert!(got.contains(&("PKG003".to_string(), 2)), "{got:?}");
        assert!(got.contains(&("PKG002".to_string(), 4)), "{got:?}");
        assert_eq!(
            got.iter().filter(|(id, _)| id == "PKG002").count(),
            2,
            "{got:?}"
        );
    }

    #[test]
    fn a_dependency_named_as_a_numbered_successor_is_not_a_typo() {
        assert!(is_numbered_successor("httpx2", "httpx"));
        assert!(is_numbered_successor("python_dateutil2", "python-dateutil"));
        assert!(!is_numbered_successor("httpx", "httpx"));
        assert!(!is_numbered_successor("httpxx", "httpx"));
        let own = r#"{"name": "lodash4", "version": "1.0.0"}"#;
        assert_eq!(
            run(&[("package.json", own)]),
            [("PKG001".to_string(), 1)],
            "the package's own name is still held to it"
        );
    }
}
