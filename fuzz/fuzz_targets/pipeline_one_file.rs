//! The whole pipeline on a one-file package: read, decode, classify, scan, group, calibrate, decide. The
//! first byte picks the file's name (a manifest, an entrypoint, code, or a misleading name).
#![no_main]

use libfuzzer_sys::fuzz_target;
use skill_scan::{RuleSet, ScanOptions, Scanner};
use std::sync::OnceLock;

const NAMES: &[&str] = &[
    "package.json",
    "SKILL.md",
    "index.js",
    "setup.py",
    "pyproject.toml",
    "setup.cfg",
    ".mcp.json",
    "install.sh",
    "app.ts",
    "README.md",
    "logo.png",
    "run",
    "m.pyc",
    "config.yaml",
    "install.ps1",
];

struct Fixture {
    scanner: Scanner,
    dirs: Vec<tempfile::TempDir>,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| Fixture {
        scanner: Scanner::new(
            RuleSet::embedded(&skill_scan::DETECTORS).unwrap_or_else(|e| panic!("{e}")),
        ),
        dirs: NAMES
            .iter()
            .map(|_| tempfile::tempdir().unwrap_or_else(|e| panic!("{e}")))
            .collect(),
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((pick, bytes)) = data.split_first() else {
        return;
    };
    let index = usize::from(*pick) % NAMES.len();
    let fixture = fixture();
    let dir = fixture.dirs[index].path();
    if std::fs::write(dir.join(NAMES[index]), bytes).is_err() {
        return;
    }
    let target = dir.to_string_lossy();
    let report = fixture
        .scanner
        .scan_path(&target, &ScanOptions::default())
        .unwrap_or_else(|e| panic!("a one-file package always scans: {e}"));
    assert!(
        report.files_scanned + report.skipped.len() == 1,
        "{report:?}"
    );
});
