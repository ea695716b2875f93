//! The partial evaluator over arbitrary Python and JavaScript: deep expressions, huge literals, alias
//! cycles and repetition bombs must end within its bounds, and every rendition within its size cap.
#![no_main]

use libfuzzer_sys::fuzz_target;
use skill_scan_detectors::resolve_calls;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for python in [true, false] {
        let renditions = resolve_calls(text, python);
        assert!(renditions.len() <= 256);
        assert!(renditions.iter().map(String::len).sum::<usize>() <= 256 * 1024);
    }
});
