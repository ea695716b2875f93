//! The shipped-file read finder (`shipped_reads`): reads of the package's own files by a path joined to
//! the script's folder (`fs.readFileSync(path.join(__dirname, …))`, `open(…).read()`, `(Path(__file__).parent
//! / …).read_text()`, `$(cat "$DIR/…")`) in arbitrary text of each language. Every read's span must sit
//! inside the text on character boundaries and name a non-empty path.
#![no_main]

use libfuzzer_sys::fuzz_target;
use skill_scan_detectors::shipped_reads;
use skill_scan_model::Language;

fuzz_target!(|text: &str| {
    for language in [Language::Python, Language::Javascript, Language::Shell] {
        for read in shipped_reads(text, language).reads {
            assert!(read.start <= read.end && read.end <= text.len(), "{read:?}");
            assert!(text.is_char_boundary(read.start) && text.is_char_boundary(read.end));
            assert!(!read.path.is_empty(), "{read:?}");
        }
    }
});
