//! `--changed-since REF`: the lockfile as it was at a git ref (`git show REF:./FILE`, run in the lockfile's
//! folder; git is the user's own tool reading the user's own repository, nothing scanned is run), so only
//! dependencies added or changed since are scanned.

use super::lockfile_scan::DependencyKey;
use skill_scan_lockfile::Format;
use std::collections::HashSet;
use std::path::Path;
use std::process::Command;

/// The dependencies of `lockfile` at `reference`: empty when the file did not exist there (every
/// dependency is new); an error when git cannot answer (not a repository, unknown ref).
pub(crate) fn dependencies_at(
    lockfile: &Path,
    format: Format,
    reference: &str,
) -> Result<HashSet<DependencyKey>, String> {
    if reference.starts_with('-') {
        return Err(format!("--changed-since {reference:?} is not a git ref"));
    }
    let folder = match lockfile.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = lockfile
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| format!("{} is not a file", lockfile.display()))?;
    let exists = Command::new("git")
        .arg("-C")
        .arg(folder)
        .args(["rev-parse", "--verify", "--quiet"])
        .arg(format!("{reference}^{{commit}}"))
        .output()
        .map_err(|e| format!("--changed-since needs git: {e}"))?;
    if !exists.status.success() {
        return Err(format!(
            "--changed-since: {reference:?} is not a commit of the repository holding {}",
            lockfile.display()
        ));
    }
    let shown = Command::new("git")
        .arg("-C")
        .arg(folder)
        .arg("show")
        .arg(format!("{reference}:./{name}"))
        .output()
        .map_err(|e| format!("--changed-since needs git: {e}"))?;
    if !shown.status.success() {
        // The ref exists but the file did not: everything in it is added.
        return Ok(HashSet::new());
    }
    let text = String::from_utf8_lossy(&shown.stdout);
    let old = skill_scan_lockfile::parse(format, &text)
        .map_err(|e| format!("{} at {reference}: {e}", lockfile.display()))?;
    Ok(old.dependencies.iter().map(DependencyKey::of).collect())
}
