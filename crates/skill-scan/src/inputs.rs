//! What a target can be, and the options that go with each kind: a folder or file, an archive (read in
//! memory), or a registry package (`npm:NAME[@VERSION]`, `pypi:NAME[==VERSION]`); and lists of targets
//! (`--from-file`).

use crate::registry_input::RegistryOptions;
use crate::units::parse_size;
use crate::{ArchiveLimits, ScanError, ScanOptions, Scanner};
use clap::Args;
use skill_scan_model::TargetReport;
use skill_scan_registry::parse_spec;
use std::path::Path;
use std::time::Duration;

#[derive(Debug, Clone, Args)]
pub(crate) struct InputArgs {
    /// Archives: stop reading after this many decompressed bytes, with a finding (K, M, G suffixes).
    #[arg(long, value_name = "SIZE", default_value = "512MiB", value_parser = parse_size)]
    max_archive_bytes: u64,

    /// Archives: stop reading after this many entries, with a finding.
    #[arg(long, value_name = "N", default_value_t = skill_scan_archive::DEFAULT_MAX_ENTRIES)]
    max_archive_entries: u64,

    /// Archives: a stream or entry that expands more than this many times is a decompression bomb.
    #[arg(long, value_name = "RATIO", default_value_t = skill_scan_archive::DEFAULT_MAX_RATIO,
          value_parser = clap::value_parser!(u64).range(2..))]
    max_archive_ratio: u64,

    /// Archives: open archives nested inside the target this many levels deep.
    #[arg(long, value_name = "N", default_value_t = skill_scan_archive::DEFAULT_MAX_DEPTH)]
    max_archive_depth: usize,

    /// pypi: targets: scan a wheel (a pure-Python one if published) instead of the sdist.
    #[arg(long)]
    wheel: bool,

    /// npm:/pypi: targets: also scan the previous version and list the findings this one adds.
    #[arg(long)]
    diff_previous: bool,

    /// npm:/pypi: targets: give up on a registry request after this many seconds.
    #[arg(long, value_name = "SECS", default_value_t = 120,
          value_parser = clap::value_parser!(u64).range(1..))]
    registry_timeout: u64,
}

impl InputArgs {
    pub(crate) fn archive_limits(&self) -> ArchiveLimits {
        ArchiveLimits {
            max_total_bytes: self.max_archive_bytes,
            max_entries: self.max_archive_entries,
            max_ratio: self.max_archive_ratio,
            max_depth: self.max_archive_depth,
            ..ArchiveLimits::default()
        }
    }

    pub(crate) fn registry_options(&self) -> RegistryOptions {
        RegistryOptions {
            wheel: self.wheel,
            diff_previous: self.diff_previous,
            timeout: Duration::from_secs(self.registry_timeout),
            ..RegistryOptions::from_environment()
        }
    }
}

/// Scans one target of any kind. A name with an `npm:` or `pypi:` prefix is always a registry package;
/// write `./npm:x` for a folder of that name.
pub(crate) fn scan_target(
    scanner: &Scanner,
    target: &str,
    registry: &RegistryOptions,
    options: &ScanOptions,
) -> Result<TargetReport, ScanError> {
    match parse_spec(target) {
        Some(Ok(spec)) => scanner.scan_registry(target, &spec, registry, options),
        Some(Err(why)) => Err(ScanError::Registry(why)),
        None => scanner.scan_path(target, options),
    }
}

/// The targets listed in `path`: one a line; blank lines and lines starting with `#` are skipped.
pub(crate) fn read_target_list(path: &Path) -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the target list {}: {e}", path.display()))?;
    let targets: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_string)
        .collect();
    if targets.is_empty() {
        return Err(format!(
            "the target list {} names no target",
            path.display()
        ));
    }
    Ok(targets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_lists_skip_comments_and_blank_lines() {
        let dir = tempfile::tempdir().unwrap();
        let list = dir.path().join("targets.txt");
        std::fs::write(
            &list,
            "# packages to check\n./a\n\n  npm:left-pad@1.3.0  \n#./b\r\n",
        )
        .unwrap();
        assert_eq!(
            read_target_list(&list).unwrap(),
            ["./a", "npm:left-pad@1.3.0"]
        );
        std::fs::write(&list, "# nothing\n").unwrap();
        assert!(read_target_list(&list)
            .unwrap_err()
            .contains("names no target"));
        assert!(read_target_list(&dir.path().join("missing"))
            .unwrap_err()
            .contains("cannot read"));
    }
}
