//! The full rule set over arbitrary text read as PowerShell (see `common/scan_as.rs`).
#![no_main]

#[path = "common/scan_as.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use skill_scan_model::{FileKind, Language};

fuzz_target!(|text: &str| {
    common::scan_as(
        text,
        "install.ps1",
        FileKind::Powershell,
        Language::Powershell,
    );
});
