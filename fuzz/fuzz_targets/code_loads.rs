//! The loader-call finder (`code_loads`): files a package's code runs as code (`SourceFileLoader`,
//! `exec(open(…))`, `require(path.join(__dirname, …))`, `source ./x.cfg`) in arbitrary text of each
//! language. Every load must sit inside the text and name a non-empty path.
#![no_main]

use libfuzzer_sys::fuzz_target;
use skill_scan_detectors::code_loads;
use skill_scan_model::Language;

fuzz_target!(|text: &str| {
    for language in [Language::Python, Language::Javascript, Language::Shell] {
        for load in code_loads(text, language) {
            assert!(load.at < text.len(), "{load:?}");
            assert!(!load.path.is_empty(), "{load:?}");
        }
    }
});
