//! A scan small enough to run on the calling thread alone.
//!
//! Rayon starts its pool on first use: a thread per core, each with its stack and, under glibc, its
//! own malloc arena. For a small skill that start cost as much as scanning it (a third of its CPU was
//! the kernel's: thread start, page faults), and its few files leave the other threads little to do.
//! So a run whose targets are a few small local files gets a pool of one worker, the calling thread
//! itself: no thread starts, and every parallel loop runs in place.

use skill_scan_archive::has_archive_name;
use std::path::Path;

/// Local entries (files and folders) walked at most before a target counts as large.
const MAX_ENTRIES: usize = 64;
/// File bytes at most, over all targets.
const MAX_BYTES: u64 = 256 * 1024;

/// Makes the global pool the calling thread alone when every target is small (`-j` not given).
pub(crate) fn run_in_place_if_small(targets: &[String]) {
    if !targets.is_empty() && all_small(targets) {
        // Fails only if a pool already exists; then that pool is used, as before.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .use_current_thread()
            .build_global();
    }
}

/// Whether the targets are local files and folders holding at most [`MAX_ENTRIES`] entries and
/// [`MAX_BYTES`] bytes, no archive among them. Links are not followed (the walk decides about them;
/// here one only counts as an entry).
fn all_small(targets: &[String]) -> bool {
    let mut budget = Budget {
        entries: MAX_ENTRIES,
        bytes: MAX_BYTES,
    };
    targets.iter().all(|target| budget.fits(Path::new(target)))
}

struct Budget {
    entries: usize,
    bytes: u64,
}

impl Budget {
    fn fits(&mut self, path: &Path) -> bool {
        let Some(entries) = self.entries.checked_sub(1) else {
            return false;
        };
        self.entries = entries;
        let Ok(meta) = path.symlink_metadata() else {
            // A registry name, `-`, or a path that does not exist: not a small local target.
            return false;
        };
        if meta.is_file() {
            let archive = path
                .file_name()
                .is_some_and(|name| has_archive_name(&name.to_string_lossy()));
            let Some(bytes) = self.bytes.checked_sub(meta.len()) else {
                return false;
            };
            self.bytes = bytes;
            return !archive;
        }
        if meta.is_dir() {
            let Ok(read) = path.read_dir() else {
                return false;
            };
            return read
                .into_iter()
                .all(|entry| entry.is_ok_and(|entry| self.fits(&entry.path())));
        }
        // A link or a special file counts as an entry and nothing more.
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn targets(paths: &[&Path]) -> Vec<String> {
        paths.iter().map(|p| p.display().to_string()).collect()
    }

    #[test]
    fn a_few_small_files_are_small() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("scripts")).unwrap();
        fs::write(dir.path().join("SKILL.md"), "# A skill\n").unwrap();
        fs::write(dir.path().join("scripts/run.py"), "print(1)\n").unwrap();
        assert!(all_small(&targets(&[dir.path()])));
        assert!(all_small(&targets(&[&dir.path().join("SKILL.md")])));
    }

    #[test]
    fn many_files_big_files_archives_and_registry_names_are_not() {
        let many = tempfile::tempdir().unwrap();
        for i in 0..MAX_ENTRIES {
            fs::write(many.path().join(format!("{i}.js")), "x").unwrap();
        }
        assert!(!all_small(&targets(&[many.path()])));

        let big = tempfile::tempdir().unwrap();
        fs::write(
            big.path().join("a.js"),
            vec![b'x'; MAX_BYTES as usize / 2 + 1],
        )
        .unwrap();
        fs::write(
            big.path().join("b.js"),
            vec![b'x'; MAX_BYTES as usize / 2 + 1],
        )
        .unwrap();
        assert!(!all_small(&targets(&[big.path()])));
        assert!(all_small(&targets(&[&big.path().join("a.js")])));

        let archive = tempfile::tempdir().unwrap();
        fs::write(archive.path().join("pkg-1.0.tgz"), "tiny").unwrap();
        assert!(!all_small(&targets(&[archive.path()])));

        assert!(!all_small(&["npm:left-pad".to_string()]));
        assert!(!all_small(&targets(&[&many.path().join("missing")])));
    }
}
