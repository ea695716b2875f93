//! pyproject.toml, setup.cfg and setup.py readers.
#![no_main]

use libfuzzer_sys::fuzz_target;
use skill_scan_classify::manifests::{parse_pyproject, parse_setup_cfg, parse_setup_py};

fuzz_target!(|text: &str| {
    let _ = parse_pyproject(text);
    let _ = parse_setup_cfg(text);
    let _ = parse_setup_py(text);
});
