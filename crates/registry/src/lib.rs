//! Registry inputs: `npm:NAME[@VERSION]` and `pypi:NAME[==VERSION]`.
//!
//! The published archive is downloaded into memory with plain GETs (never an installer), checked against
//! the hash the registry publishes for it (npm `dist.integrity` sha512, or the older sha1 `shasum`; PyPI
//! `digests.sha256`), and handed back as bytes for the archive reader. Nothing fetched is written to disk
//! or run. The same metadata gives a few cheap signals about the release ([`signals`]).

mod config;
mod error;
mod http;
mod integrity;
mod npm;
mod pypi;
mod signals;
mod time;
mod version;

pub use config::{pypi_json_base, RegistryConfig};
pub use error::{HashMismatch, RegistryError};
pub use http::{redact, resolve_url, Http, MAX_ARCHIVE_BYTES};
pub use integrity::{sha256_hex, Expected};
pub use signals::{signals, Signal, SignalKind};
pub use time::parse_rfc3339;

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ecosystem {
    Npm,
    Pypi,
}

impl Ecosystem {
    pub fn as_str(self) -> &'static str {
        match self {
            Ecosystem::Npm => "npm",
            Ecosystem::Pypi => "pypi",
        }
    }
}

/// A registry target as the user wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    pub ecosystem: Ecosystem,
    pub name: String,
    /// An exact version or an npm dist-tag; `None` for the latest.
    pub version: Option<String>,
}

impl fmt::Display for Spec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.ecosystem, &self.version) {
            (Ecosystem::Npm, Some(v)) => write!(f, "npm:{}@{v}", self.name),
            (Ecosystem::Pypi, Some(v)) => write!(f, "pypi:{}=={v}", self.name),
            (e, None) => write!(f, "{}:{}", e.as_str(), self.name),
        }
    }
}

/// `None` when `target` is not a registry target (no `npm:`/`pypi:` prefix); `Some(Err)` when it is one
/// but malformed.
pub fn parse_spec(target: &str) -> Option<Result<Spec, RegistryError>> {
    if let Some(rest) = target.strip_prefix("npm:") {
        return Some(parse_npm(rest).map_err(|why| bad_target(target, why)));
    }
    if let Some(rest) = target.strip_prefix("pypi:") {
        return Some(parse_pypi(rest).map_err(|why| bad_target(target, why)));
    }
    None
}

fn bad_target(target: &str, why: String) -> RegistryError {
    RegistryError::BadTarget {
        target: target.to_string(),
        why,
    }
}

fn parse_npm(rest: &str) -> Result<Spec, String> {
    // `@scope/name@1.2.3`: the version's `@` is any but a leading one.
    let (name, version) = match rest.get(1..).and_then(|tail| tail.rfind('@')) {
        Some(i) => (&rest[..i + 1], Some(&rest[i + 2..])),
        None => (rest, None),
    };
    let segment_ok = |s: &str| {
        !s.is_empty()
            && s != "."
            && s != ".."
            && s.chars().all(|c| {
                c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '.' | '_' | '~')
            })
    };
    let name_ok = match name.strip_prefix('@') {
        Some(scoped) => scoped
            .split_once('/')
            .is_some_and(|(scope, pkg)| segment_ok(scope) && segment_ok(pkg)),
        None => segment_ok(name),
    };
    if !name_ok || name.len() > 214 {
        return Err("not a valid npm package name (npm:NAME or npm:NAME@VERSION)".into());
    }
    let version = version.map(check_version).transpose()?;
    Ok(Spec {
        ecosystem: Ecosystem::Npm,
        name: name.to_string(),
        version,
    })
}

fn parse_pypi(rest: &str) -> Result<Spec, String> {
    let (name, version) = match rest.split_once("==") {
        Some((name, version)) => (name, Some(version)),
        None => (rest, None),
    };
    let name_ok = !name.is_empty()
        && name.len() <= 200
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
        && name.starts_with(|c: char| c.is_ascii_alphanumeric());
    if !name_ok {
        return Err("not a valid PyPI project name (pypi:NAME or pypi:NAME==VERSION)".into());
    }
    let version = version.map(check_version).transpose()?;
    Ok(Spec {
        ecosystem: Ecosystem::Pypi,
        name: name.to_string(),
        version,
    })
}

fn check_version(version: &str) -> Result<String, String> {
    let ok = !version.is_empty()
        && version.len() <= 128
        && version
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+' | '!' | '_'));
    if ok {
        Ok(version.to_string())
    } else {
        Err(format!(
            "{version:?} is not an exact version (ranges are not resolved; give one version)"
        ))
    }
}

/// One published file of one release, as the registry describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    pub ecosystem: Ecosystem,
    pub name: String,
    pub version: String,
    pub file_name: String,
    pub url: String,
    pub expected: Expected,
    /// When this version was published (RFC 3339, as the registry wrote it).
    pub published: Option<String>,
    /// When the package's first version was published (Unix seconds).
    pub package_created: Option<i64>,
    /// The version published just before this one, if any.
    pub previous: Option<String>,
    /// npm lifecycle scripts that run on install (`preinstall`, `install`, `postinstall`).
    pub install_scripts: BTreeMap<String, String>,
    pub previous_install_scripts: Option<BTreeMap<String, String>>,
    /// The npm account that published this version, and the previous one.
    pub publisher: Option<String>,
    pub previous_publisher: Option<String>,
}

/// Fetches release metadata and archives from the configured registries.
pub struct Registry {
    http: Http,
    config: RegistryConfig,
}

impl Registry {
    pub fn new(config: RegistryConfig, timeout: Duration) -> Registry {
        let http = Http::new(
            &config.registry_urls(),
            timeout,
            concat!("skill-scan/", env!("CARGO_PKG_VERSION")),
        );
        Registry { http, config }
    }

    /// The release `spec` names, from the registry's metadata (nothing is downloaded yet). With `wheel`, a
    /// PyPI release's wheel is chosen instead of its sdist.
    pub fn resolve(&self, spec: &Spec, wheel: bool) -> Result<Release, RegistryError> {
        match spec.ecosystem {
            Ecosystem::Npm => {
                let base = self.config.npm_registry_for(&spec.name);
                // Scoped names keep their `@` and escape the `/`, as the npm client does.
                let url = format!("{base}{}", spec.name.replace('/', "%2f"));
                let meta = self
                    .http
                    .get_json(&url)?
                    .ok_or_else(|| RegistryError::NotFound {
                        spec: spec.to_string(),
                        registry: redact(base),
                    })?;
                npm::release(&meta, spec, &url).map_err(RegistryError::Metadata)
            }
            Ecosystem::Pypi => {
                let url = format!("{}/{}/json", self.config.pypi_json, spec.name);
                let meta = self
                    .http
                    .get_json(&url)?
                    .ok_or_else(|| RegistryError::NotFound {
                        spec: spec.to_string(),
                        registry: redact(&self.config.pypi_json),
                    })?;
                pypi::release(&meta, spec, &url, wheel).map_err(RegistryError::Metadata)
            }
        }
    }

    /// Downloads `release`'s archive into memory and checks it against the published hash; the hash that
    /// matched, as shown to the user.
    pub fn download(&self, release: &Release) -> Result<(Vec<u8>, String), RegistryError> {
        let bytes = self.http.get_bytes(&release.url, MAX_ARCHIVE_BYTES)?;
        let verified =
            release
                .expected
                .verify(&bytes)
                .map_err(|mismatch| RegistryError::Integrity {
                    release: format!(
                        "{} {} ({})",
                        release.ecosystem.as_str(),
                        release.name,
                        redact(&release.url)
                    ),
                    mismatch,
                })?;
        Ok((bytes, verified))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_targets_parse() {
        let spec = parse_spec("npm:express@4.21.2").unwrap().unwrap();
        assert_eq!(
            (spec.name.as_str(), spec.version.as_deref()),
            ("express", Some("4.21.2"))
        );
        let spec = parse_spec("npm:@types/node").unwrap().unwrap();
        assert_eq!((spec.name.as_str(), spec.version), ("@types/node", None));
        let spec = parse_spec("npm:@scope/x@next").unwrap().unwrap();
        assert_eq!(spec.version.as_deref(), Some("next"));
        let spec = parse_spec("pypi:requests==2.32.3").unwrap().unwrap();
        assert_eq!(spec.to_string(), "pypi:requests==2.32.3");
        assert!(parse_spec("./npm/x").is_none());
        for bad in [
            "npm:",
            "npm:../x",
            "npm:Express",
            "npm:x@^1.0",
            "npm:@scope",
            "pypi:",
            "pypi:req uests",
            "pypi:x==>=1",
            "npm:x@1.0/../../y",
        ] {
            assert!(parse_spec(bad).unwrap().is_err(), "{bad}");
        }
    }
}
