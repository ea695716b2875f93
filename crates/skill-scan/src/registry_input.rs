//! Registry targets (`npm:NAME[@VERSION]`, `pypi:NAME[==VERSION]`): the published archive is downloaded
//! into memory, checked against the registry's hash, and scanned like an archive file. The registry's
//! metadata adds its signals (`rules/registry.yaml`); `--diff-previous` scans the version before too.

use crate::archive_input::PackageNotice;
use crate::pipeline::{ScanError, ScanOptions, Scanner};
use skill_scan_detectors::package::registry_detector;
use skill_scan_model::{Diagnostic, PreviousRelease, RegistryOrigin, TargetReport};
use skill_scan_registry::{redact, signals, Ecosystem, Registry, RegistryConfig, Release, Spec};
use std::collections::HashSet;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

#[derive(Debug, Clone)]
pub struct RegistryOptions {
    pub config: RegistryConfig,
    /// PyPI: scan a wheel rather than the sdist.
    pub wheel: bool,
    /// Also scan the previous version and say what this one adds.
    pub diff_previous: bool,
    /// For each request (metadata, download).
    pub timeout: Duration,
    /// "Now", in Unix seconds, for the age signals.
    pub now: i64,
}

impl RegistryOptions {
    /// Registries from the user's environment (see `skill_scan_registry::RegistryConfig`).
    pub fn from_environment() -> RegistryOptions {
        let cwd = std::env::current_dir().unwrap_or_default();
        let home = std::env::var_os("HOME").map(std::path::PathBuf::from);
        let var = |key: &str| std::env::var(key).ok();
        RegistryOptions {
            config: RegistryConfig::from_env(&var, &cwd, home.as_deref()),
            wheel: false,
            diff_previous: false,
            timeout: Duration::from_secs(120),
            now: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64),
        }
    }
}

/// Where a release's metadata lives in its archive, for findings about the release as a whole.
fn manifest_path(release: &Release) -> &'static str {
    match release.ecosystem {
        Ecosystem::Npm => "package.json",
        Ecosystem::Pypi if release.file_name.ends_with(".whl") => "METADATA",
        Ecosystem::Pypi => "PKG-INFO",
    }
}

/// The findings the registry's metadata gives about `release` (age, install scripts, publisher change),
/// "now" being `now` (Unix seconds).
pub fn release_notices(release: &Release, now: i64) -> Vec<PackageNotice> {
    signals(release, now)
        .into_iter()
        .map(|signal| PackageNotice {
            detector: registry_detector(signal.kind),
            path: manifest_path(release).to_string(),
            message: signal.message,
            evidence: signal.evidence,
        })
        .collect()
}

impl Scanner {
    /// Downloads, verifies and scans the release `spec` names.
    pub fn scan_registry(
        &self,
        target: &str,
        spec: &Spec,
        registry_options: &RegistryOptions,
        options: &ScanOptions,
    ) -> Result<TargetReport, ScanError> {
        let registry = Registry::new(registry_options.config.clone(), registry_options.timeout);
        let release = registry
            .resolve(spec, registry_options.wheel)
            .map_err(ScanError::Registry)?;
        let notices = release_notices(&release, registry_options.now);
        let mut report = self.scan_release(&registry, &release, target, notices, options)?;

        if registry_options.diff_previous {
            let compared = match &release.previous {
                Some(version) => self.compare_with_previous(
                    &registry,
                    spec,
                    version,
                    registry_options.wheel,
                    &report,
                    options,
                ),
                None => Err("there is no earlier version to compare with".to_string()),
            };
            match compared {
                Ok(previous) => {
                    if let Some(registry) = report.origin.as_mut().and_then(|o| o.registry.as_mut())
                    {
                        registry.previous = Some(previous);
                    }
                }
                Err(why) => report.diagnostics.push(Diagnostic {
                    path: String::new(),
                    message: format!("--diff-previous: {why}"),
                }),
            }
        }
        Ok(report)
    }

    fn scan_release(
        &self,
        registry: &Registry,
        release: &Release,
        target: &str,
        notices: Vec<PackageNotice>,
        options: &ScanOptions,
    ) -> Result<TargetReport, ScanError> {
        let (bytes, verified) = registry.download(release).map_err(ScanError::Registry)?;
        self.scan_downloaded(target, release, bytes, verified, notices, options)
    }

    /// Scans a release whose archive the caller downloaded and checked (`verified`: the hash that matched),
    /// with `notices` (see [`release_notices`]); what `scan_registry` does after its download. The
    /// registry worker (`skill-scan worker`) downloads first to learn whether the digest was judged before.
    pub fn scan_downloaded(
        &self,
        target: &str,
        release: &Release,
        bytes: Vec<u8>,
        verified: String,
        notices: Vec<PackageNotice>,
        options: &ScanOptions,
    ) -> Result<TargetReport, ScanError> {
        let origin = RegistryOrigin {
            ecosystem: release.ecosystem.as_str().to_string(),
            name: release.name.clone(),
            version: release.version.clone(),
            url: redact(&release.url),
            verified,
            published: release.published.clone(),
            previous: None,
        };
        self.scan_archive_bytes(
            target,
            &release.file_name,
            bytes.into(),
            Some(origin),
            notices,
            options,
        )
    }

    /// Scans `version` of the same package and lists the findings of `current` it did not have.
    fn compare_with_previous(
        &self,
        registry: &Registry,
        spec: &Spec,
        version: &str,
        wheel: bool,
        current: &TargetReport,
        options: &ScanOptions,
    ) -> Result<PreviousRelease, String> {
        let previous_spec = Spec {
            version: Some(version.to_string()),
            ..spec.clone()
        };
        let release = registry
            .resolve(&previous_spec, wheel)
            .map_err(|e| e.to_string())?;
        let report = self
            .scan_release(
                registry,
                &release,
                &previous_spec.to_string(),
                Vec::new(),
                options,
            )
            .map_err(|e| e.to_string())?;
        let before: HashSet<(&str, &str)> = report
            .findings
            .iter()
            .map(|f| (f.rule_id.as_str(), f.path.as_str()))
            .collect();
        let new_finding_ids = current
            .findings
            .iter()
            // Registry signals are about this release itself, never "also in the previous one".
            .filter(|f| !f.rule_id.starts_with("REG"))
            .filter(|f| !before.contains(&(f.rule_id.as_str(), f.path.as_str())))
            .map(|f| f.id.clone())
            .collect();
        Ok(PreviousRelease {
            version: version.to_string(),
            sha256: report.origin.map(|o| o.sha256).unwrap_or_default(),
            verdict: report.verdict,
            new_finding_ids,
        })
    }
}
