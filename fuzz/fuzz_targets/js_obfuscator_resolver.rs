//! The javascript-obfuscator reader (string array, rotation search, base64/RC4 decoders, arithmetic
//! evaluator) on arbitrary text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = skill_scan_detectors::fuzzing::javascript_obfuscator(text);
});
