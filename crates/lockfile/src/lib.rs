//! Lockfiles and requirement sets as lists of exact dependencies.
//!
//! Each format has its own file; each turns the lockfile's text into [`Dependency`] values: the ecosystem,
//! the name and exact version, where the installer would take it from ([`Source`]: the registry, a git
//! repository, a local path or a plain URL), the hashes the lockfile pins, and the line it is written on (so
//! output can point at it). Nothing is resolved against a registry here and nothing is run: a requirement
//! that is not pinned to one version is reported as an [`Unpinned`] entry for the caller to refuse or
//! resolve.

mod hashes;
mod lines;
mod npm_lock;
mod pipfile;
mod pnpm;
mod poetry;
mod pylock;
mod python_toml;
mod requirements;
mod requirements_files;
mod uv;
mod yarn;

pub use hashes::{check, Hash};

use std::fmt;
use std::path::Path;

/// A lockfile larger than this is refused (the largest real ones are a few tens of MB).
pub const MAX_LOCKFILE_BYTES: usize = 64 << 20;
/// More dependencies than this in one lockfile are refused: bounded work on hostile input.
pub const MAX_DEPENDENCIES: usize = 50_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Ecosystem {
    Npm,
    Pypi,
}

/// The lockfile formats read here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `package-lock.json` / `npm-shrinkwrap.json`, lockfile versions 1 to 3.
    NpmLock,
    /// `pnpm-lock.yaml`, lockfile versions 5 to 9.
    Pnpm,
    /// `yarn.lock` written by yarn 1.
    YarnClassic,
    /// `yarn.lock` written by yarn 2 and later (YAML with `__metadata`).
    YarnBerry,
    /// `requirements*.txt` (pip's requirement-file syntax).
    Requirements,
    PoetryLock,
    UvLock,
    PipfileLock,
    /// `pylock.toml` (PEP 751).
    Pylock,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::NpmLock => "package-lock.json",
            Format::Pnpm => "pnpm-lock.yaml",
            Format::YarnClassic => "yarn.lock (classic)",
            Format::YarnBerry => "yarn.lock (berry)",
            Format::Requirements => "requirements.txt",
            Format::PoetryLock => "poetry.lock",
            Format::UvLock => "uv.lock",
            Format::PipfileLock => "Pipfile.lock",
            Format::Pylock => "pylock.toml",
        }
    }

    pub fn ecosystem(self) -> Ecosystem {
        match self {
            Format::NpmLock | Format::Pnpm | Format::YarnClassic | Format::YarnBerry => {
                Ecosystem::Npm
            }
            _ => Ecosystem::Pypi,
        }
    }

    /// The format a file's name says, confirmed by its first bytes (a `yarn.lock` is classic or berry by
    /// content; a `requirements*.txt` must not be some other text file).
    pub fn detect(path: &Path, text: &str) -> Option<Format> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        let format = match name.as_str() {
            "package-lock.json" | "npm-shrinkwrap.json" => Format::NpmLock,
            "pnpm-lock.yaml" => Format::Pnpm,
            "yarn.lock" if text.contains("__metadata:") => Format::YarnBerry,
            "yarn.lock" => Format::YarnClassic,
            "poetry.lock" => Format::PoetryLock,
            "uv.lock" => Format::UvLock,
            "pipfile.lock" => Format::PipfileLock,
            "pylock.toml" => Format::Pylock,
            _ if name.starts_with("pylock.") && name.ends_with(".toml") => Format::Pylock,
            _ if name.starts_with("requirements") && name.ends_with(".txt") => Format::Requirements,
            _ => return None,
        };
        let head = text.trim_start();
        let plausible = match format {
            Format::NpmLock | Format::PipfileLock => head.starts_with('{'),
            Format::Pnpm => text.contains("lockfileVersion"),
            Format::PoetryLock | Format::UvLock | Format::Pylock => {
                text.contains("[[package]]") || text.contains("[[packages]]") || head.is_empty()
            }
            _ => true,
        };
        plausible.then_some(format)
    }
}

/// Where the installer would take a dependency from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The package registry (npm or a PyPI index); `url` is the archive URL the lockfile recorded, if any.
    Registry { url: Option<String> },
    /// A git repository (at a commit or branch): bypasses the registry and its hashes.
    Git(String),
    /// A folder or archive on the local disk.
    Path(String),
    /// An archive downloaded from a plain URL that is not the registry.
    Url(String),
}

/// One resolved dependency of the lockfile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    pub ecosystem: Ecosystem,
    pub name: String,
    /// The exact version; for a git, path or URL dependency whatever the lockfile says (may be empty).
    pub version: String,
    pub source: Source,
    /// Every hash the lockfile pins for it (npm: one integrity; Python: one per published file).
    pub hashes: Vec<Hash>,
    /// 1-based line of the lockfile where the dependency is written.
    pub line: usize,
}

impl Dependency {
    /// `name@version` (npm) or `name==version` (PyPI), as people write them.
    pub fn label(&self) -> String {
        match (self.ecosystem, self.version.is_empty()) {
            (_, true) => self.name.clone(),
            (Ecosystem::Npm, false) => format!("{}@{}", self.name, self.version),
            (Ecosystem::Pypi, false) => format!("{}=={}", self.name, self.version),
        }
    }

    /// The key that says "the same dependency" across two versions of a lockfile.
    pub fn identity(&self) -> (Ecosystem, String, String) {
        (
            self.ecosystem,
            normalise_name(self.ecosystem, &self.name),
            self.version.clone(),
        )
    }
}

/// A requirement that names no single version (`requests>=2`, `flask`): the caller refuses it, or asks the
/// registry for the newest version that matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unpinned {
    pub name: String,
    /// The version specifier as written (`>=2,<3`), empty when there is none.
    pub specifier: String,
    pub line: usize,
    /// The line's text, for the error message.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lockfile {
    pub format: Format,
    pub dependencies: Vec<Dependency>,
    pub unpinned: Vec<Unpinned>,
}

/// Why a lockfile could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockfileError {
    pub format: Format,
    pub message: String,
}

impl fmt::Display for LockfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.format.as_str(), self.message)
    }
}

impl std::error::Error for LockfileError {}

/// [`parse`] for the lockfile at `path` (its text already read): a requirements file's nested `-r` and
/// `-c` files are followed, relative to the file naming them. Other formats name no other file.
pub fn parse_file(format: Format, path: &Path, text: &str) -> Result<Lockfile, LockfileError> {
    if format != Format::Requirements {
        return parse(format, text);
    }
    if text.len() > MAX_LOCKFILE_BYTES {
        return parse(format, text);
    }
    let (dependencies, unpinned) = requirements_files::parse_tree(path, text)
        .map_err(|message| LockfileError { format, message })?;
    finish(format, dependencies, unpinned)
}

/// Reads `text` as a lockfile of `format`. The same dependency written several times (npm's nested
/// `node_modules` paths) is listed once, at its first line.
pub fn parse(format: Format, text: &str) -> Result<Lockfile, LockfileError> {
    let error = |message: String| LockfileError { format, message };
    if text.len() > MAX_LOCKFILE_BYTES {
        return Err(error(format!(
            "larger than {} MiB; not read",
            MAX_LOCKFILE_BYTES >> 20
        )));
    }
    let mut unpinned = Vec::new();
    let dependencies = match format {
        Format::NpmLock => npm_lock::parse(text),
        Format::Pnpm => pnpm::parse(text),
        Format::YarnClassic => yarn::parse_classic(text),
        Format::YarnBerry => yarn::parse_berry(text),
        Format::Requirements => requirements::parse(text, &mut unpinned),
        Format::PoetryLock => poetry::parse(text),
        Format::UvLock => uv::parse(text),
        Format::PipfileLock => pipfile::parse(text),
        Format::Pylock => pylock::parse(text),
    }
    .map_err(error)?;
    finish(format, dependencies, unpinned)
}

/// Bounds, line order and one entry per dependency.
fn finish(
    format: Format,
    dependencies: Vec<Dependency>,
    unpinned: Vec<Unpinned>,
) -> Result<Lockfile, LockfileError> {
    let error = |message: String| LockfileError { format, message };
    if dependencies.len() > MAX_DEPENDENCIES {
        return Err(error(format!(
            "more than {MAX_DEPENDENCIES} dependencies; not read"
        )));
    }
    // JSON and YAML objects come back in key order; the lockfile's own order is its lines'.
    let mut dependencies = dependencies;
    dependencies.sort_by_key(|dep| dep.line);
    let mut seen = std::collections::HashSet::new();
    let dependencies = dependencies
        .into_iter()
        .filter(|dep| seen.insert((dep.identity(), source_key(&dep.source))))
        .collect();
    Ok(Lockfile {
        format,
        dependencies,
        unpinned,
    })
}

fn source_key(source: &Source) -> String {
    match source {
        Source::Registry { .. } => String::new(),
        Source::Git(s) | Source::Path(s) | Source::Url(s) => s.clone(),
    }
}

/// PyPI names compare case-insensitively with `-`, `_` and `.` alike (PEP 503); npm names are exact.
pub fn normalise_name(ecosystem: Ecosystem, name: &str) -> String {
    match ecosystem {
        Ecosystem::Npm => name.to_string(),
        Ecosystem::Pypi => name.to_ascii_lowercase().replace(['_', '.'], "-"),
    }
}

/// An npm `resolved`/`version` string or a Python URL, sorted into registry, git, path or plain URL.
pub(crate) fn classify_location(location: &str) -> Source {
    let lower = location.to_ascii_lowercase();
    if lower.starts_with("git+")
        || lower.starts_with("git:")
        || lower.starts_with("git@")
        || lower.starts_with("github:")
        || lower.starts_with("gitlab:")
        || lower.starts_with("bitbucket:")
        || lower.contains("codeload.github.com")
        || (lower.starts_with("https://github.com/") && !lower.contains("/releases/download/"))
    {
        Source::Git(location.to_string())
    } else if lower.starts_with("file:")
        || lower.starts_with("link:")
        || lower.starts_with("workspace:")
        || lower.starts_with("./")
        || lower.starts_with("../")
        || lower.starts_with('/')
    {
        Source::Path(location.to_string())
    } else if lower.starts_with("http://") || lower.starts_with("https://") {
        if looks_like_registry_archive(&lower) {
            Source::Registry {
                url: Some(location.to_string()),
            }
        } else {
            Source::Url(location.to_string())
        }
    } else {
        Source::Registry { url: None }
    }
}

/// npm registries serve tarballs at `…/NAME/-/NAME-VERSION.tgz`; PyPI-style indexes at `…/packages/…`.
fn looks_like_registry_archive(lower_url: &str) -> bool {
    let path = lower_url.split(['?', '#']).next().unwrap_or(lower_url);
    (path.contains("/-/") && path.ends_with(".tgz"))
        || path.contains("/packages/")
        || path.contains("files.pythonhosted.org")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_recognised_by_name_and_content() {
        let detect = |name: &str, text: &str| Format::detect(Path::new(name), text);
        assert_eq!(detect("a/package-lock.json", "{}"), Some(Format::NpmLock));
        assert_eq!(detect("npm-shrinkwrap.json", " {"), Some(Format::NpmLock));
        assert_eq!(detect("package-lock.json", "not json"), None);
        assert_eq!(
            detect("yarn.lock", "# yarn lockfile v1\n"),
            Some(Format::YarnClassic)
        );
        assert_eq!(
            detect("yarn.lock", "__metadata:\n  version: 6\n"),
            Some(Format::YarnBerry)
        );
        assert_eq!(
            detect("requirements-dev.txt", "x==1\n"),
            Some(Format::Requirements)
        );
        assert_eq!(detect("notes.txt", "x==1\n"), None);
        assert_eq!(
            detect("poetry.lock", "[[package]]\n"),
            Some(Format::PoetryLock)
        );
        assert_eq!(
            detect("pylock.dev.toml", "[[packages]]\n"),
            Some(Format::Pylock)
        );
        assert_eq!(detect("pnpm-lock.yaml", "hello: 1\n"), None);
        assert_eq!(detect("Pipfile.lock", "{}"), Some(Format::PipfileLock));
    }

    #[test]
    fn locations_are_sorted_by_where_they_bypass_the_registry() {
        assert_eq!(
            classify_location("https://registry.npmjs.org/a/-/a-1.0.0.tgz"),
            Source::Registry {
                url: Some("https://registry.npmjs.org/a/-/a-1.0.0.tgz".into())
            }
        );
        assert!(matches!(
            classify_location("git+ssh://git@github.com/o/r.git#abc"),
            Source::Git(_)
        ));
        assert!(matches!(classify_location("github:o/r"), Source::Git(_)));
        assert!(matches!(classify_location("file:../lib"), Source::Path(_)));
        assert!(matches!(
            classify_location("https://example.invalid/x.tgz"),
            Source::Url(_)
        ));
        assert_eq!(classify_location("1.2.3"), Source::Registry { url: None });
    }
}
