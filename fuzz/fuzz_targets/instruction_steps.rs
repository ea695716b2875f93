//! The normaliser and the step splitter of the instruction model: every normalised byte maps to an offset
//! inside the text, the map never runs backwards, and every step is a range of the text on char boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;
use skill_scan_detectors::read_markdown;

fuzz_target!(|text: &str| {
    let (normalised, origins, steps) = read_markdown(text);
    assert_eq!(origins.len(), normalised.len() + 1);
    assert!(origins.iter().all(|o| *o <= text.len()));
    assert!(origins.windows(2).all(|w| w[0] <= w[1]));
    for step in steps {
        assert!(step.start <= step.end && step.end <= text.len());
        let _ = text.get(step.start..step.end);
    }
});
