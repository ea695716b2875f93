//! GuardDog, a peer package scanner, for the side-by-side rows of `cargo xtask bench`: installed once from
//! PyPI with pip into a virtual environment under the bench cache (a tool we run, like ripgrep, never code we
//! scan) and run on the same folders as skill-scan. When it cannot be installed (no Python, no network) the
//! bench says so once and leaves its columns empty.

use crate::registry::Ecosystem;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The GuardDog release the rows are measured with (a moving peer would make rows incomparable).
const VERSION: &str = "3.2.0";

pub struct GuardDog {
    bin: PathBuf,
}

impl GuardDog {
    /// `guarddog <npm|pypi> scan <folder>`: its local-folder scan, every rule it ships.
    pub fn command(&self, ecosystem: Ecosystem, folder: &Path) -> (PathBuf, Vec<OsString>) {
        let ecosystem = match ecosystem {
            Ecosystem::Npm => "npm",
            Ecosystem::Pypi => "pypi",
        };
        (
            self.bin.clone(),
            vec![
                ecosystem.into(),
                "scan".into(),
                folder.as_os_str().to_owned(),
            ],
        )
    }
}

/// GuardDog from the cache, installed into it first if need be; `None` (with a note) if that fails.
pub fn guarddog(cache: &Path) -> Option<GuardDog> {
    let venv = cache.join("tools").join(format!("guarddog-{VERSION}"));
    let bin = venv.join("bin/guarddog");
    if !works(&bin) {
        eprintln!(
            "installing GuardDog {VERSION} from PyPI into {} (once)…",
            venv.display()
        );
        let installed = quiet(Command::new("python3").arg("-m").arg("venv").arg(&venv))
            && quiet(
                Command::new(venv.join("bin/pip"))
                    .args(["install", "--quiet", "--disable-pip-version-check"])
                    .arg(format!("guarddog=={VERSION}")),
            );
        if !installed || !works(&bin) {
            eprintln!("note: GuardDog could not be installed; its columns stay empty");
            return None;
        }
    }
    Some(GuardDog { bin })
}

fn works(bin: &Path) -> bool {
    bin.is_file() && quiet(Command::new(bin).arg("--help"))
}

fn quiet(command: &mut Command) -> bool {
    command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_the_folder_for_its_ecosystem() {
        let guarddog = GuardDog {
            bin: PathBuf::from("/venv/bin/guarddog"),
        };
        let (program, args) = guarddog.command(Ecosystem::Pypi, Path::new("/tmp/pkg"));
        assert_eq!(program, PathBuf::from("/venv/bin/guarddog"));
        assert_eq!(args, ["pypi", "scan", "/tmp/pkg"].map(OsString::from));
    }
}
