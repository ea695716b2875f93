//! The bounded marshal reader (`crates/detectors/src/native/deobfuscate/marshal.rs`) on arbitrary bytes, bare
//! and behind a `.pyc` header (`crates/detectors/src/compiled_python.rs`): no panic, no unbounded time or
//! memory whatever lengths, nesting or type bytes it is given.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = skill_scan_detectors::fuzzing::marshal_strings(bytes);
    let _ = skill_scan_detectors::compiled_python_strings(bytes);
});
