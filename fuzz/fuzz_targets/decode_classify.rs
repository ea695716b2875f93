//! Bytes → text → kind: binary sniffing, BOM-less UTF-16, NULs, invalid UTF-8, and content sniffing of
//! misleading extensions. The first byte picks the file name.
#![no_main]

use libfuzzer_sys::fuzz_target;
use skill_scan_classify::{classify_file, language_of, sniff_code_kind};
use skill_scan_walk::{binary_format, decode_file};

const NAMES: &[&str] = &[
    "index.js",
    "logo.png",
    "notes.txt",
    "run",
    ".git",
    "m.pyc",
    "SKILL.md",
    "package.json",
];

fuzz_target!(|data: &[u8]| {
    let Some((pick, bytes)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(*pick) % NAMES.len()];
    let _ = binary_format(name, bytes);
    if let Ok(decoded) = decode_file(name, bytes) {
        let kind = classify_file(name, &decoded.text);
        let _ = language_of(kind, name);
        let _ = sniff_code_kind(&decoded.text);
    }
});
