//! Constants across the files of one package: the import finder, the exported-string evaluator and the
//! rebinding of imported values on arbitrary Python and JavaScript must end within their bounds, and the
//! rebound text must keep every line where it was.
#![no_main]

use libfuzzer_sys::fuzz_target;
use skill_scan_detectors::imported_constants::{
    exported_strings, local_imports, with_constants, MAX_CONSTANTS, MAX_IMPORTS,
};
use skill_scan_model::Language;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for (language, path) in [
        (Language::Python, "setup.py"),
        (Language::Javascript, "install.js"),
    ] {
        let imports = local_imports(text, language, path);
        assert!(imports.len() <= MAX_IMPORTS);
        let strings = exported_strings(text, language, path);
        assert!(strings.len() <= MAX_CONSTANTS);
        // Bind every imported name to a value of this very module, as the package scan would.
        let bindings: Vec<(usize, Vec<(String, String)>)> = imports
            .iter()
            .map(|import| (import.end, import.bound(&strings)))
            .collect();
        let bound = with_constants(text, language, &bindings);
        assert_eq!(bound.lines().count(), text.lines().count());
    }
});
