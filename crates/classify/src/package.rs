//! Package-level facts: what kind of package this is, what its manifests declare, and which files the
//! installer or the agent will run first (and so get the more actionable scopes).

use crate::file_kind::classify_file;
use crate::file_role::file_role;
use crate::frontmatter::{parse_skill_meta, split_frontmatter, SkillMeta};
use crate::manifests::{
    parse_mcp_config, parse_package_json, parse_pyproject, parse_setup_cfg, parse_setup_py,
    script_targets, McpServer, NpmManifest, PythonManifest,
};
use skill_scan_model::{
    ArtifactScope, Diagnostic, FileKind, FileRole, Language, PackageKind, PackageSummary,
};
use std::collections::BTreeSet;

/// Dependencies that make a package an MCP server.
const MCP_SDK_DEPENDENCIES: &[&str] = &[
    "@modelcontextprotocol/sdk",
    "mcp",
    "fastmcp",
    "mcp-framework",
];

/// MCP configs in these folders at the root are loaded by an IDE or agent as soon as the folder is opened.
const ROOT_CONFIG_DIRS: &[&str] = &["", ".vscode/", ".cursor/", ".claude/", ".gemini/"];

/// The manifests read from a package before its files are scanned.
#[derive(Debug, Default)]
pub struct RootManifests {
    pub npm: Option<NpmManifest>,
    pub python: Option<PythonManifest>,
    pub skills: Vec<SkillMeta>,
    pub mcp_servers: Vec<McpServer>,
    pub has_skill_md: bool,
    pub has_root_mcp_config: bool,
    pub has_python_build: bool,
    /// Name and version from built Python metadata (a wheel's `*.dist-info/METADATA`, an sdist's
    /// `PKG-INFO`): a wheel has no build files, yet it is a PyPI package.
    pub python_metadata: Option<PythonManifest>,
    /// A Rust crate's `Cargo.toml`: what cargo runs while building it.
    pub cargo: Option<crate::cargo_manifest::CargoManifest>,
    /// The top-level import names a built distribution lists (`top_level.txt` of its `.dist-info` or
    /// `.egg-info`).
    pub python_top_level: BTreeSet<String>,
    /// A wheel's layout (`NAME.dist-info/` at the root): every `.py` file beside it is an installed module.
    pub is_wheel: bool,
    pub diagnostics: Vec<Diagnostic>,
}

impl RootManifests {
    /// The paths whose text [`RootManifests::read`] wants, out of all the package's paths.
    pub fn wanted(paths: &[&str]) -> Vec<String> {
        paths
            .iter()
            .filter(|path| {
                matches!(
                    **path,
                    "package.json"
                        | "setup.py"
                        | "setup.cfg"
                        | "pyproject.toml"
                        | "manifest.json"
                        | "Cargo.toml"
                ) || path.ends_with("SKILL.md")
                    || is_root_mcp_config_path(path)
                    || is_python_metadata_path(path)
                    || is_top_level_list_path(path)
            })
            .map(|p| p.to_string())
            .collect()
    }

    /// Reads manifests from `(path, text)` pairs. Malformed ones become diagnostics, never errors.
    ///
    /// The pairs are read shallowest first, then by path, whatever order the caller gives (often a hash
    /// map's): the package's name comes from the root `SKILL.md` of a folder of skills, and the same input
    /// always gives the same report.
    pub fn read<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> RootManifests {
        let mut files: Vec<(&str, &str)> = files.into_iter().collect();
        files.sort_by_key(|(path, _)| (path.matches('/').count(), *path));
        let mut manifests = RootManifests::default();
        for (path, text) in files {
            manifests.read_one(path, text);
        }
        manifests
    }

    fn read_one(&mut self, path: &str, text: &str) {
        let mut note = |message: String| self_note(&mut self.diagnostics, path, message);
        match path {
            "package.json" => match parse_package_json(text) {
                Ok(npm) => self.npm = Some(npm),
                Err(e) => note(format!(
                    "{e}; its install scripts, entry point and dependencies were not read (npm refuses such a file too), but every rule still ran over its text: review it by hand"
                )),
            },
            "pyproject.toml" | "setup.cfg" | "setup.py" => {
                self.has_python_build = true;
                let parsed = match path {
                    "pyproject.toml" => parse_pyproject(text),
                    "setup.cfg" => parse_setup_cfg(text),
                    _ => Ok(parse_setup_py(text)),
                };
                match parsed {
                    Ok(python) => self
                        .python
                        .get_or_insert_with(PythonManifest::default)
                        .merge(python),
                    Err(e) => note(format!(
                        "{e}; its name and dependencies were not read (pip refuses such a file too), but every rule still ran over its text: review it by hand"
                    )),
                }
            }
            "Cargo.toml" => match crate::cargo_manifest::parse_cargo_toml(text) {
                Ok(cargo) => self.cargo = Some(cargo),
                Err(e) => note(format!(
                    "{e}; its build script was not identified (cargo refuses such a file too), but every rule still ran over its text: review it by hand"
                )),
            },
            _ if is_top_level_list_path(path) => {
                self.python_top_level.extend(
                    text.lines()
                        .map(str::trim)
                        .filter(|name| is_python_identifier(name))
                        .map(str::to_string),
                );
            }
            _ if is_python_metadata_path(path) => {
                self.is_wheel |= path != "PKG-INFO";
                let metadata = parse_core_metadata(text);
                if metadata.name.is_some() {
                    self.python_metadata
                        .get_or_insert_with(PythonManifest::default)
                        .merge(metadata);
                }
            }
            _ if path.ends_with("SKILL.md")
                && classify_file(path, text) == FileKind::SkillManifest =>
            {
                if path.split('/').any(|part| part == "node_modules") {
                    return;
                }
                self.has_skill_md = true;
                if let Some(span) = split_frontmatter(text) {
                    match parse_skill_meta(&text[span.yaml.0..span.yaml.1]) {
                        Ok(meta) => self.skills.push(meta),
                        Err(e) => note(format!(
                            "{e}; the skill's name and allowed-tools were not read, but every rule still ran over the frontmatter and body: review it by hand"
                        )),
                    }
                }
            }
            _ if classify_file(path, text) == FileKind::McpConfig => {
                self.has_root_mcp_config = true;
                match parse_mcp_config(text) {
                    Ok(servers) => self.mcp_servers.extend(servers),
                    Err(e) => note(format!(
                        "{e}; the servers it declares were not listed, but every rule still ran over its text: review it by hand"
                    )),
                }
            }
            _ => {}
        }
    }
}

fn self_note(diagnostics: &mut Vec<Diagnostic>, path: &str, message: String) {
    // Parser errors (TOML's especially) draw multi-line pictures; a note is one line.
    let message = message.split_whitespace().collect::<Vec<_>>().join(" ");
    diagnostics.push(Diagnostic {
        path: path.to_string(),
        message,
    });
}

/// `PKG-INFO` at the root, or `NAME-VERSION.dist-info/METADATA` one folder down (a wheel's layout).
fn is_python_metadata_path(path: &str) -> bool {
    path == "PKG-INFO"
        || path
            .strip_suffix("/METADATA")
            .is_some_and(|folder| folder.ends_with(".dist-info") && !folder.contains('/'))
}

/// `top_level.txt` of a wheel (`NAME.dist-info/`) or of an sdist's egg-info (`NAME.egg-info/` at the root
/// or under `src/`): the import names the distribution installs.
fn is_top_level_list_path(path: &str) -> bool {
    let Some(folder) = path.strip_suffix("/top_level.txt") else {
        return false;
    };
    let folder = folder.strip_prefix("src/").unwrap_or(folder);
    !folder.contains('/') && (folder.ends_with(".dist-info") || folder.ends_with(".egg-info"))
}

fn is_python_identifier(name: &str) -> bool {
    name.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `Name:` and `Version:` of Python core metadata (RFC 822 headers, up to the first blank line).
fn parse_core_metadata(text: &str) -> PythonManifest {
    let mut metadata = PythonManifest::default();
    for line in text.lines().take_while(|line| !line.trim().is_empty()) {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = Some(value.trim().to_string()).filter(|v| !v.is_empty());
        match key.trim().to_ascii_lowercase().as_str() {
            "name" => metadata.name = metadata.name.or(value),
            "version" => metadata.version = metadata.version.or(value),
            _ => {}
        }
    }
    metadata
}

fn is_root_mcp_config_path(path: &str) -> bool {
    path.ends_with(".json")
        && ROOT_CONFIG_DIRS.iter().any(|dir| {
            path.strip_prefix(dir)
                .is_some_and(|rest| !rest.contains('/'))
        })
}

/// What the classifier knows about the package as a whole.
#[derive(Debug)]
pub struct PackageFacts {
    pub kind: PackageKind,
    pub summary: PackageSummary,
    /// Files that npm lifecycle scripts run on install.
    pub install_script_paths: BTreeSet<String>,
    /// The npm `main` module (normalised), whose top level runs on `require`.
    pub npm_main: Option<String>,
    /// CI files the package's agent instructions tell the agent to adopt ([`crate::adopted_ci_files`]):
    /// templates for the user's repository, not the package's own CI.
    pub adopted_ci: BTreeSet<String>,
    /// Documents a skill's entrypoint points the agent to ([`crate::followed_documents`]), and those they
    /// point to in turn: agent instructions too.
    pub followed_documents: BTreeSet<String>,
    /// Single-file modules the Python distribution installs (`NAME.py` at its root or under `src/`), by
    /// import name: from its `top_level.txt`, and for a wheel every `.py` file at its root.
    pub python_modules: BTreeSet<String>,
    pub is_wheel: bool,
}

impl PackageFacts {
    pub fn from_manifests(manifests: &RootManifests) -> PackageFacts {
        let mut facts = PackageFacts {
            kind: PackageKind::Unknown,
            summary: PackageSummary::default(),
            install_script_paths: BTreeSet::new(),
            npm_main: None,
            adopted_ci: BTreeSet::new(),
            followed_documents: BTreeSet::new(),
            python_modules: manifests.python_top_level.clone(),
            is_wheel: manifests.is_wheel,
        };
        let mut summary = PackageSummary::default();
        if let Some(npm) = &manifests.npm {
            summary.name = npm.name.clone();
            summary.version = npm.version.clone();
            summary.install_scripts = npm.install_scripts();
            facts.npm_main = Some(normalise_main(npm.main.as_deref().unwrap_or("index.js")));
            for command in summary.install_scripts.values() {
                facts.install_script_paths.extend(script_targets(command));
            }
        }
        // A build script (and a proc-macro library) runs on every machine that builds the crate: an
        // install hook in all but name.
        if let Some(cargo) = &manifests.cargo {
            facts
                .install_script_paths
                .extend(cargo.build_time_paths.iter().cloned());
        }
        for python in [&manifests.python, &manifests.python_metadata]
            .into_iter()
            .flatten()
        {
            summary.name = summary.name.or_else(|| python.name.clone());
            summary.version = summary.version.or_else(|| python.version.clone());
        }
        for skill in &manifests.skills {
            if summary.name.is_none() {
                summary.name = skill.name.clone();
            }
            for tool in &skill.allowed_tools {
                if !summary.allowed_tools.contains(tool) {
                    summary.allowed_tools.push(tool.clone());
                }
            }
        }
        for server in &manifests.mcp_servers {
            summary
                .mcp_servers
                .insert(server.name.clone(), server.describe());
        }
        facts.kind = package_kind(manifests);
        summary.kind = Some(facts.kind);
        facts.summary = summary;
        facts
    }

    /// Whether this file's top level runs as soon as the package is imported: the npm `main` module, a
    /// top-level Python package's `__init__.py` (`pkg/__init__.py` or `src/pkg/__init__.py`), or a
    /// single-file module the distribution installs (`mod.py`, named by its `top_level.txt`, or any `.py`
    /// at a wheel's root: pip copies it into site-packages as it is).
    pub fn is_import_entry(&self, rel_path: &str) -> bool {
        if self.npm_main.as_deref() == Some(rel_path) {
            return true;
        }
        let parts: Vec<&str> = rel_path.split('/').collect();
        match parts.as_slice() {
            [package, "__init__.py"] | ["src", package, "__init__.py"] => {
                !matches!(*package, "tests" | "test" | "docs" | "examples")
            }
            [file] | ["src", file] => file.strip_suffix(".py").is_some_and(|module| {
                module != "setup"
                    && module != "conftest"
                    && (self.python_modules.contains(module) || (self.is_wheel && parts.len() == 1))
            }),
            _ => false,
        }
    }

    /// JavaScript a Python package ships for a browser to load (a web UI's bundle): pip does not run it on
    /// install and `import` does not load it, so a part too deep to parse is a note, not a gap.
    pub fn serves_to_a_browser(&self, language: Language, scope: ArtifactScope) -> bool {
        self.kind == PackageKind::Pypi
            && scope == ArtifactScope::SupportingArtifact
            && matches!(language, Language::Javascript | Language::Typescript)
    }

    /// A file's role. Whatever the agent or the installer runs is source, even under `tests/`: an install
    /// hook pointing at `test/setup.js` must not make its payload look like a test.
    pub fn role_of(&self, rel_path: &str, scope: ArtifactScope) -> FileRole {
        if scope == ArtifactScope::SupportingArtifact
            && !self.is_import_entry(rel_path)
            && !self.adopted_ci.contains(rel_path)
        {
            file_role(rel_path)
        } else {
            FileRole::Source
        }
    }

    /// A file's kind, as the package uses it: a document the skill points the agent to is agent
    /// instructions, whatever its name.
    pub fn kind_of(&self, rel_path: &str, kind: FileKind) -> FileKind {
        match kind {
            FileKind::Markdown | FileKind::Other if self.followed_documents.contains(rel_path) => {
                FileKind::AgentInstructions
            }
            _ => kind,
        }
    }

    /// How directly the agent or the installer acts on this file.
    pub fn scope_of(&self, rel_path: &str, kind: FileKind) -> ArtifactScope {
        let at_root = !rel_path.contains('/');
        match kind {
            FileKind::SkillManifest | FileKind::AgentInstructions => ArtifactScope::AgentEntrypoint,
            FileKind::McpConfig if rel_path == "manifest.json" => ArtifactScope::AgentEntrypoint,
            FileKind::McpConfig if is_root_mcp_config_path(rel_path) => {
                ArtifactScope::PackageRootArtifact
            }
            FileKind::NpmManifest | FileKind::PythonBuild if at_root => {
                ArtifactScope::PackageRootArtifact
            }
            FileKind::Pth => ArtifactScope::PackageRootArtifact,
            _ if at_root && matches!(rel_path, "binding.gyp" | "build.rs") => {
                ArtifactScope::PackageRootArtifact
            }
            _ if run_by_tools_at_the_root(rel_path) => ArtifactScope::PackageRootArtifact,
            _ if self.install_script_paths.contains(rel_path) => ArtifactScope::PackageRootArtifact,
            _ => ArtifactScope::SupportingArtifact,
        }
    }
}

/// Files at the package root that a tool run there obeys (npm and yarn settings, git's config and hooks):
/// they run code at install with no lifecycle script to show for it.
fn run_by_tools_at_the_root(rel_path: &str) -> bool {
    matches!(
        rel_path,
        ".npmrc" | ".yarnrc" | ".yarnrc.yml" | ".git/config"
    ) || rel_path
        .strip_prefix(".git/hooks/")
        .is_some_and(|hook| !hook.contains('/') && !hook.ends_with(".sample"))
}

/// `./lib/index` → `lib/index.js`. (A folder `main` becomes `lib.js`; Node would also try `lib/index.js`.)
fn normalise_main(main: &str) -> String {
    let main = main.trim_start_matches("./").trim_end_matches('/');
    let has_extension = main
        .rsplit('/')
        .next()
        .is_some_and(|name| name.contains('.'));
    if main.is_empty() {
        "index.js".to_string()
    } else if has_extension {
        main.to_string()
    } else {
        format!("{main}.js")
    }
}

fn package_kind(manifests: &RootManifests) -> PackageKind {
    let depends_on_mcp_sdk = |deps: &[String]| {
        deps.iter()
            .any(|d| MCP_SDK_DEPENDENCIES.contains(&d.as_str()))
    };
    let is_mcp = manifests.has_root_mcp_config
        || manifests
            .npm
            .as_ref()
            .is_some_and(|npm| depends_on_mcp_sdk(&npm.dependencies))
        || manifests
            .python
            .as_ref()
            .is_some_and(|py| depends_on_mcp_sdk(&py.dependencies));
    let mut kinds = Vec::new();
    if manifests.has_skill_md {
        kinds.push(PackageKind::Skill);
    }
    if is_mcp {
        // An MCP server ships as an npm or PyPI package; "mcp" says more than the ecosystem does.
        kinds.push(PackageKind::Mcp);
    } else {
        if manifests.npm.is_some() {
            kinds.push(PackageKind::Npm);
        }
        if manifests.has_python_build || manifests.python_metadata.is_some() {
            kinds.push(PackageKind::Pypi);
        }
    }
    match kinds.as_slice() {
        [] => PackageKind::Unknown,
        [one] => *one,
        _ => PackageKind::Mixed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(files: &[(&str, &str)]) -> PackageFacts {
        PackageFacts::from_manifests(&RootManifests::read(files.iter().copied()))
    }

    #[test]
    fn a_folder_of_skills_is_named_by_its_root_skill_whatever_the_reading_order() {
        let root = ("SKILL.md", "---\nname: toolbox\n---\n");
        let nested = ("skills/pdf/SKILL.md", "---\nname: pdf\n---\n");
        let sibling = ("skills/csv/SKILL.md", "---\nname: csv\n---\n");
        for order in [[nested, root, sibling], [sibling, nested, root]] {
            assert_eq!(facts(&order).summary.name.as_deref(), Some("toolbox"));
        }
        // With no root skill, the first by path names it, in either order.
        for order in [[nested, sibling], [sibling, nested]] {
            assert_eq!(facts(&order).summary.name.as_deref(), Some("csv"));
        }
    }

    #[test]
    fn kinds_of_packages() {
        assert_eq!(
            facts(&[("SKILL.md", "---\nname: a\n---\n")]).kind,
            PackageKind::Skill
        );
        assert_eq!(facts(&[("package.json", "{}")]).kind, PackageKind::Npm);
        assert_eq!(facts(&[("setup.py", "setup()")]).kind, PackageKind::Pypi);
        assert_eq!(
            facts(&[(
                "package.json",
                r#"{"dependencies": {"@modelcontextprotocol/sdk": "1"}}"#
            )])
            .kind,
            PackageKind::Mcp
        );
        assert_eq!(
            facts(&[("SKILL.md", "x"), ("package.json", "{}")]).kind,
            PackageKind::Mixed
        );
        assert_eq!(facts(&[]).kind, PackageKind::Unknown);
        let wheel = facts(&[(
            "six-1.16.0.dist-info/METADATA",
            "Metadata-Version: 2.1\nName: six\nVersion: 1.16.0\n\nName: not-this\n",
        )]);
        assert_eq!(wheel.kind, PackageKind::Pypi);
        assert_eq!(wheel.summary.name.as_deref(), Some("six"));
        assert_eq!(wheel.summary.version.as_deref(), Some("1.16.0"));
        assert_eq!(
            facts(&[("docs/x.dist-info/METADATA", "Name: six\n")]).kind,
            PackageKind::Unknown
        );
    }

    #[test]
    fn a_python_packages_javascript_is_served_to_a_browser() {
        let python = facts(&[("setup.py", "setup()")]);
        assert_eq!(python.summary.kind, Some(PackageKind::Pypi));
        let shipped = ArtifactScope::SupportingArtifact;
        assert!(python.serves_to_a_browser(Language::Javascript, shipped));
        assert!(!python.serves_to_a_browser(Language::Python, shipped));
        assert!(
            !python.serves_to_a_browser(Language::Javascript, ArtifactScope::PackageRootArtifact)
        );
        let npm = facts(&[("package.json", "{}")]);
        assert!(!npm.serves_to_a_browser(Language::Javascript, shipped));
    }

    #[test]
    fn documents_a_skill_points_to_are_agent_instructions() {
        let mut facts = facts(&[("SKILL.md", "---\nname: x\n---\n")]);
        facts
            .followed_documents
            .insert("references/setup.md".into());
        let kind = facts.kind_of("references/setup.md", FileKind::Markdown);
        assert_eq!(kind, FileKind::AgentInstructions);
        assert_eq!(
            facts.scope_of("references/setup.md", kind),
            ArtifactScope::AgentEntrypoint
        );
        assert_eq!(
            facts.kind_of("references/other.md", FileKind::Markdown),
            FileKind::Markdown
        );
        assert_eq!(
            facts.kind_of("references/setup.md", FileKind::Python),
            FileKind::Python
        );
    }

    #[test]
    fn install_scripts_get_the_package_root_scope() {
        let facts = facts(&[(
            "package.json",
            r#"{"scripts": {"postinstall": "node scripts/setup.js"}}"#,
        )]);
        assert_eq!(
            facts.scope_of("scripts/setup.js", FileKind::Javascript),
            ArtifactScope::PackageRootArtifact
        );
        assert_eq!(
            facts.scope_of("scripts/other.js", FileKind::Javascript),
            ArtifactScope::SupportingArtifact
        );
        assert_eq!(
            facts.scope_of("package.json", FileKind::NpmManifest),
            ArtifactScope::PackageRootArtifact
        );
        assert_eq!(
            facts.scope_of("sub/package.json", FileKind::NpmManifest),
            ArtifactScope::SupportingArtifact
        );
        assert_eq!(
            facts.scope_of(".vscode/mcp.json", FileKind::McpConfig),
            ArtifactScope::PackageRootArtifact
        );
        assert_eq!(
            facts.scope_of("docs/SKILL.md", FileKind::SkillManifest),
            ArtifactScope::AgentEntrypoint
        );
    }

    #[test]
    fn import_entries() {
        let npm = facts(&[("package.json", r#"{"main": "./lib/main"}"#)]);
        assert!(npm.is_import_entry("lib/main.js"));
        assert!(!npm.is_import_entry("index.js"));
        assert!(facts(&[("package.json", "{}")]).is_import_entry("index.js"));
        let py = facts(&[("setup.py", "setup()")]);
        assert!(py.is_import_entry("termcolour/__init__.py"));
        assert!(py.is_import_entry("src/termcolour/__init__.py"));
        assert!(!py.is_import_entry("termcolour/sub/__init__.py"));
        assert!(!py.is_import_entry("tests/__init__.py"));
        // A single-file module: named by the distribution's top_level.txt, or at a wheel's root.
        assert!(!py.is_import_entry("beacon.py"));
        let sdist = facts(&[
            ("setup.py", "setup()"),
            ("beacon.egg-info/top_level.txt", "beacon\n"),
        ]);
        assert!(sdist.is_import_entry("beacon.py"));
        assert!(!sdist.is_import_entry("noxfile.py"));
        assert!(!sdist.is_import_entry("setup.py"));
        let src = facts(&[("src/beacon.egg-info/top_level.txt", "beacon\n")]);
        assert!(src.is_import_entry("src/beacon.py"));
        let wheel = facts(&[
            (
                "beacon-1.0.dist-info/METADATA",
                "Name: beacon\nVersion: 1.0\n",
            ),
            ("beacon-1.0.dist-info/top_level.txt", "beacon\n"),
        ]);
        assert!(wheel.is_import_entry("beacon.py"));
        assert!(wheel.is_import_entry("helper.py"));
        assert!(!wheel.is_import_entry("sub/helper.py"));
        let unlisted = facts(&[("beacon.egg-info/top_level.txt", "other\n")]);
        assert!(!unlisted.is_import_entry("beacon.py"));
        assert_eq!(normalise_main("lib/"), "lib.js");
    }

    #[test]
    fn malformed_manifests_become_diagnostics() {
        let manifests =
            RootManifests::read([("package.json", "{oops"), ("SKILL.md", "---\na: [\n---\n")]);
        assert_eq!(manifests.diagnostics.len(), 2);
        assert!(manifests
            .diagnostics
            .iter()
            .any(|d| d.message.contains("malformed package.json")));
        // Each says what was lost and what to do, on one line.
        let toml = RootManifests::read([("pyproject.toml", "[project\nname = 1\n")]);
        let message = &toml.diagnostics[0].message;
        assert!(message.contains("review it by hand"), "{message}");
        assert!(!message.contains('\n'), "{message}");
    }

    #[test]
    fn summary_collects_declarations() {
        let facts = facts(&[
            (
                "SKILL.md",
                "---\nname: helper\nallowed-tools: Bash, Read\n---\n",
            ),
            (
                ".mcp.json",
                r#"{"mcpServers": {"r": {"url": "https://x.example/mcp"}}}"#,
            ),
        ]);
        assert_eq!(facts.summary.name.as_deref(), Some("helper"));
        assert_eq!(facts.summary.allowed_tools, ["Bash", "Read"]);
        assert_eq!(facts.summary.mcp_servers["r"], "https://x.example/mcp");
        assert_eq!(facts.kind, PackageKind::Mixed);
    }
}
