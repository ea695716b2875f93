//! Python obfuscator output recognised by its shape: the pyobfuscate-style loader
//! (`_ = lambda __ : __import__('zlib').decompress(__import__('base64').b64decode(__[::-1]));exec((_)(b'…'))`)
//! and Hyperion-style renaming, where every name is a run of `I`/`l` or of underscores. What such a file
//! hides is decoded by the rescan where it can be; this finding says the file was machine-obfuscated.

use super::FileDetector;
use crate::ascii_classes::ascii_regex;
use crate::matchers::{Hit, HitDetail};
use crate::segment::Segment;
use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;

/// Distinct look-alike names that make a file renamed by an obfuscator rather than written by a person.
const MIN_CONFUSABLE_NAMES: usize = 12;
/// Names read per segment.
const MAX_NAMES: usize = 20_000;

pub(crate) static FINGERPRINT: FileDetector = FileDetector {
    literals: &["lambda", "IlI", "lIl", "____"],
    run: find_fingerprints,
};

// A constant pattern (its tests compile it): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static LAMBDA_LOADER: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r"\b(_+)\s*=\s*lambda\s+_+\s*:\s*[^\n]{0,200}?__import__\(\s*['\x22](?:zlib|base64|marshal|lzma|bz2|codecs|binascii)['\x22]\s*\)")
        .expect("lambda loader pattern")
});
/// A name made only of `I`/`l`/`1` (at least six) or only of underscores (at least four) being bound.
// A constant pattern (its tests compile it): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static CONFUSABLE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r"\b([Il][Il1]{5,}|_{4,}[0-9]*)\s*(?:=[^=]|\(|,)").expect("confusable name pattern")
});

fn find_fingerprints(segment: &Segment, text: &str, keep: &mut dyn FnMut(Hit) -> bool) {
    let body = segment.text(text);
    if let Some(m) = LAMBDA_LOADER.find(body) {
        let hit = Hit {
            start: segment.start + m.start(),
            end: segment.start + m.end(),
            detail: Some(Box::new(HitDetail {
                message: "pyobfuscate-style loader: a lambda of underscores that imports a decoder"
                    .into(),
                related: Vec::new(),
            })),
        };
        if !keep(hit) {
            return;
        }
    }
    let mut names = HashSet::new();
    let mut first = None;
    for c in CONFUSABLE_NAME.captures_iter(body).take(MAX_NAMES) {
        let Some(name) = c.get(1) else { continue };
        // Dunder names (`__init__`) are Python's own.
        if name.as_str().starts_with("__") && name.as_str().ends_with("__") && name.len() < 6 {
            continue;
        }
        first.get_or_insert(name.start());
        names.insert(name.as_str());
    }
    if names.len() >= MIN_CONFUSABLE_NAMES {
        let at = first.unwrap_or(0);
        keep(Hit {
            start: segment.start + at,
            end: segment.start + at + 1,
            detail: Some(Box::new(HitDetail {
                message: format!(
                    "Hyperion-style renaming: {} distinct names made only of I/l or underscores",
                    names.len()
                ),
                related: Vec::new(),
            })),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::segment_file;
    use skill_scan_model::Language;

    fn found(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for segment in segment_file(text, Language::Python, "pkg/x.py") {
            find_fingerprints(&segment, text, &mut |hit| {
                out.push(hit.detail.map(|d| d.message).unwrap_or_default());
                true
            });
        }
        out
    }

    #[test]
    fn the_lambda_loader_and_confusable_renaming_are_recognised() {
        let loader = "_ = lambda __ : __import__('zlib').decompress(__import__('base64').b64decode(__[::-1]));exec((_)(b'=AAAA'))\n";
        assert_eq!(found(loader).len(), 1);
        let renamed: String = (0..14)
            .map(|i| {
                let name: String = (0..8)
                    .map(|b| if (i >> (b % 4)) & 1 == 1 { 'I' } else { 'l' })
                    .collect();
                format!("{name}{} = {i}\n", "l".repeat(i % 3))
            })
            .collect();
        assert_eq!(found(&renamed).len(), 1, "{renamed}");
    }

    #[test]
    fn ordinary_lambdas_and_private_names_are_not() {
        let text = "key = lambda item: item[1]\n____ = None\n_ = gettext.gettext\nclass A:\n    def __init__(self): pass\nIlluminate = 1\n";
        assert!(found(text).is_empty(), "{:?}", found(text));
    }
}
