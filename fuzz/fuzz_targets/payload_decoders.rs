//! Every payload finder of the decode-and-rescan detector (base64/hex/escapes, base85/base32, zlib/xz/bzip2,
//! marshal, literal-key ciphers, reversal, obfuscator arrays) on arbitrary text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = skill_scan_detectors::fuzzing::payloads(text);
});
