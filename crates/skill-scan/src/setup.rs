//! Everything a scan needs before the first file is read: which configuration applies (and whether it may),
//! the rules, the baseline and the resulting [`Policy`]. Every failure here is a fatal error (exit 2) with a
//! message naming the file.

use crate::baseline::Baseline;
use crate::config::{Config, Date, OutputFormat, Profile};
use crate::policy::Policy;
use crate::RuleSet;
use skill_scan_model::VerdictLevel;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Where the configuration comes from.
#[derive(Debug, Clone, Default)]
pub struct ConfigChoice {
    /// `--config FILE`: used whatever it sits in.
    pub explicit: Option<PathBuf>,
    /// `--no-config`.
    pub disabled: bool,
    /// The targets are the user's own code (pre-commit), so a configuration inside them is theirs too.
    pub targets_trusted: bool,
}

/// What a scan runs with.
pub struct Setup {
    pub config: Option<Config>,
    pub rules: RuleSet,
    pub policy: Policy,
    /// `--profile`, else the configuration's, else `default`.
    pub profile: Profile,
}

impl Setup {
    /// The `--fail-on` level: the command line, else the configuration, else the profile's.
    pub fn fail_on(&self, cli: Option<VerdictLevel>) -> VerdictLevel {
        cli.or_else(|| self.config.as_ref().and_then(|c| c.fail_on))
            .unwrap_or_else(|| self.profile.fail_on())
    }

    /// The output format: the command line, else the configuration, else text.
    pub fn format(&self, cli: Option<OutputFormat>) -> OutputFormat {
        cli.or_else(|| self.config.as_ref().and_then(|c| c.format))
            .unwrap_or(OutputFormat::Text)
    }
}

/// The inputs of [`prepare`] that come from the command line.
pub struct SetupRequest<'a> {
    pub config: ConfigChoice,
    pub targets: &'a [String],
    pub rules_dir: Option<&'a Path>,
    pub baseline: Option<&'a Path>,
    pub allow_inline: bool,
    pub profile: Option<Profile>,
}

/// Resolves configuration, rules, baseline and policy; on failure, the message to print (already drawn).
pub fn prepare(request: &SetupRequest) -> Result<Setup, String> {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let config = find_config(&request.config, request.targets)?
        .map(|path| Config::load(&path))
        .transpose()
        .map_err(|e| e.render(color))?;
    let profile = request
        .profile
        .or_else(|| config.as_ref().map(|c| c.profile))
        .unwrap_or_default();

    let mut dirs: Vec<PathBuf> = config
        .as_ref()
        .map(|c| c.rule_dirs.clone())
        .unwrap_or_default();
    dirs.extend(request.rules_dir.map(Path::to_path_buf));
    let rules = if dirs.is_empty() {
        RuleSet::embedded(&skill_scan_detectors::DETECTORS)
    } else {
        RuleSet::embedded_with_dirs(&dirs, &skill_scan_detectors::DETECTORS)
    }
    .map_err(|e| format!("error: {e}\n"))?;

    let today = Date::today();
    let baseline = request
        .baseline
        .map(|path| Baseline::load(path, today))
        .transpose()
        .map_err(|e| format!("error: {e}\n"))?;
    let policy = Policy::new(
        config.as_ref(),
        &rules,
        today,
        baseline,
        request.allow_inline,
    )
    .map_err(|e| e.render(color))?
    .with_profile(profile);
    Ok(Setup {
        config,
        rules,
        policy,
        profile,
    })
}

/// The configuration file to use, if any. A discovered file inside a scanned folder belongs to the package
/// being scanned, which must not configure its own scan: it is ignored, with a warning, unless the targets
/// are the user's own code.
fn find_config(choice: &ConfigChoice, targets: &[String]) -> Result<Option<PathBuf>, String> {
    if choice.disabled {
        return Ok(None);
    }
    if let Some(path) = &choice.explicit {
        return Ok(Some(path.clone()));
    }
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let found = match Config::discover(&cwd) {
        Ok(Some(found)) => found,
        Ok(None) => return Ok(None),
        // Two configuration files planted in a scanned package must not stop its scan either.
        Err(err)
            if !choice.targets_trusted
                && targets.iter().any(|t| inside(&err.file, Path::new(t))) =>
        {
            eprintln!(
                "warning: ignoring the configuration files in {}: they are inside a scanned target, and a \
                 package cannot configure its own scan ({})",
                err.file.parent().unwrap_or(Path::new(".")).display(),
                err.message
            );
            return Ok(None);
        }
        Err(err) => return Err(format!("error: {err}\n")),
    };
    // Named relative to the current folder where it can be, so reports read the same on every machine.
    let found = match found.strip_prefix(std::path::absolute(&cwd).unwrap_or(cwd.clone())) {
        Ok(relative) => relative.to_path_buf(),
        Err(_) => found,
    };
    if !choice.targets_trusted {
        if let Some(target) = targets.iter().find(|t| inside(&found, Path::new(t))) {
            eprintln!(
                "warning: ignoring {}: it is inside the scanned target {target}, and a package cannot \
                 configure its own scan (pass --config {} to use it anyway)",
                found.display(),
                found.display()
            );
            return Ok(None);
        }
    }
    Ok(Some(found))
}

/// Whether `file` lies inside the folder `target` (a single-file target holds nothing).
fn inside(file: &Path, target: &Path) -> bool {
    let Ok(target) = target.canonicalize() else {
        return false;
    };
    if !target.is_dir() {
        return false;
    }
    file.canonicalize()
        .is_ok_and(|file| file.starts_with(&target))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_inside_a_scanned_folder_is_inside_it() {
        let dir = tempfile::tempdir().unwrap();
        let pkg = dir.path().join("pkg");
        std::fs::create_dir_all(pkg.join("sub")).unwrap();
        let config = pkg.join("skill-scan.toml");
        std::fs::write(&config, "").unwrap();
        assert!(inside(&config, &pkg));
        assert!(!inside(&config, &pkg.join("sub")));
        assert!(
            !inside(&config, &config),
            "a single-file target holds nothing"
        );
        assert!(!inside(&config, &dir.path().join("missing")));
    }
}
