//! Markdown code-block segmentation: every segment lies inside the text on char boundaries, and asking
//! for the context of any offset never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use skill_scan_model::Language;
use skill_scan_rules::segment::segment_file;

fuzz_target!(|text: &str| {
    let segments = segment_file(text, Language::Markdown, "SKILL.md");
    for segment in &segments {
        assert!(segment.start <= segment.end && segment.end <= text.len());
        assert!(text.is_char_boundary(segment.start) && text.is_char_boundary(segment.end));
        let _ = segment.text(text);
        let step = (text.len() / 64).max(1);
        for at in (segment.start..segment.end).step_by(step) {
            let _ = segment.context_at(text, at);
        }
    }
});
