//! The full rule set over arbitrary text read as TypeScript (TSX) (see `common/scan_as.rs`).
#![no_main]

#[path = "common/scan_as.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use skill_scan_model::{FileKind, Language};

fuzz_target!(|text: &str| {
    common::scan_as(
        text,
        "src/app.tsx",
        FileKind::Typescript,
        Language::Typescript,
    );
});
