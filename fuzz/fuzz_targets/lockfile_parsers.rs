//! Every lockfile parser (package-lock, pnpm, yarn classic and berry, requirements with nested `-r`/`-c`,
//! poetry, uv, Pipfile.lock, pylock) on the same text: none may panic or loop, each stays inside its
//! bounds, and every dependency's line is a line of the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use skill_scan_lockfile::{parse, parse_file, Format, MAX_DEPENDENCIES};
use std::path::PathBuf;
use std::sync::OnceLock;

const FORMATS: [Format; 9] = [
    Format::NpmLock,
    Format::Pnpm,
    Format::YarnClassic,
    Format::YarnBerry,
    Format::Requirements,
    Format::PoetryLock,
    Format::UvLock,
    Format::PipfileLock,
    Format::Pylock,
];

/// An empty folder: a fuzzed `-r other.txt` looks there and finds nothing.
fn requirements_path() -> &'static PathBuf {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temp folder");
        let path = dir.path().join("requirements.txt");
        (dir, path)
    })
    .1
}

fuzz_target!(|text: &str| {
    let lines = text.lines().count().max(1);
    for format in FORMATS {
        let Ok(lock) = parse(format, text) else {
            continue;
        };
        assert!(lock.dependencies.len() <= MAX_DEPENDENCIES);
        for dep in &lock.dependencies {
            assert!(
                dep.line >= 1 && dep.line <= lines + 1,
                "{format:?} line {}",
                dep.line
            );
        }
        for unpinned in &lock.unpinned {
            assert!(unpinned.line >= 1 && unpinned.line <= lines + 1);
        }
    }
    if let Ok(lock) = parse_file(Format::Requirements, requirements_path(), text) {
        for dep in &lock.dependencies {
            assert!(dep.line >= 1 && dep.line <= lines + 1);
        }
    }
});
