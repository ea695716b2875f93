//! package.json and the JSON tree under it: spans must stay inside the text, nesting must not overflow.
#![no_main]

use libfuzzer_sys::fuzz_target;
use skill_scan_classify::json_tree::parse_json;
use skill_scan_classify::manifests::{parse_package_json, script_targets};

fuzz_target!(|text: &str| {
    if let Ok(root) = parse_json(text) {
        assert!(root.span.0 <= root.span.1 && root.span.1 <= text.len());
        for member in root.members() {
            assert!(member.key_span.1 <= text.len());
            assert!(member.value.span.1 <= text.len());
        }
    }
    if let Ok(manifest) = parse_package_json(text) {
        for command in manifest.install_scripts().values() {
            let _ = script_targets(command);
        }
    }
});
