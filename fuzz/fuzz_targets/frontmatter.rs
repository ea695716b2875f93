//! SKILL.md frontmatter: finding the `---` block, then reading its YAML (aliases, deep nesting, tags).
#![no_main]

use libfuzzer_sys::fuzz_target;
use skill_scan_classify::frontmatter::{parse_skill_meta, split_frontmatter};

fuzz_target!(|text: &str| {
    if let Some(span) = split_frontmatter(text) {
        assert!(span.yaml.0 <= span.yaml.1 && span.yaml.1 <= text.len());
        assert!(span.body_start <= text.len());
        let _ = parse_skill_meta(&text[span.yaml.0..span.yaml.1]);
    }
    let _ = parse_skill_meta(text);
});
