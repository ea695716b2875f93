//! Code pushed off-screen: a line whose code resumes after hundreds of spaces or tabs, so an editor, a diff
//! or a registry's file view shows `import os` and nothing after it (`import os` + 800 spaces +
//! `;exec(b64decode(…))`).
//!
//! Only a run that follows code on the same line and is followed by code (not a comment, not the inside of
//! a string) counts: aligned comments, padded tables in strings and minified bundles (long lines, no long
//! runs of blanks) stay quiet. Two detectors share the scan: any hidden code (review), and hidden code
//! that runs decoded or downloaded data (block).

use super::FileDetector;
use crate::ascii_classes::ascii_regex;
use crate::matchers::{Hit, HitDetail};
use crate::segment::Segment;
use regex::Regex;
use skill_scan_model::Context;
use std::sync::LazyLock;

/// Blanks (a tab counts as [`TAB_WIDTH`]) that push what follows past any screen.
const MIN_RUN: usize = 150;
const TAB_WIDTH: usize = 4;
/// Lines examined per segment, and the longest hidden part quoted.
const MAX_LINES: usize = 200_000;
const MAX_QUOTED_CHARS: usize = 120;

pub(crate) static HIDDEN_CODE: FileDetector = FileDetector {
    literals: &["          "],
    run: |segment, text, keep| report(segment, text, keep, false),
};

pub(crate) static HIDDEN_DECODED_EXEC: FileDetector = FileDetector {
    literals: &["          "],
    run: |segment, text, keep| report(segment, text, keep, true),
};

// Constant patterns (their tests compile them): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static RUNS_CODE: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r"\b(?:exec|eval|compile|__import__|Function|execSync|spawn)\s*\(")
        .expect("exec pattern")
});
#[allow(clippy::expect_used)]
static DECODES_OR_FETCHES: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r"(?i)b64decode|b32decode|a85decode|\bdecode\s*\(|fromhex|unhexlify|zlib|marshal|\batob\s*\(|Buffer\.from|fromCharCode|urlopen|requests\.get|\bfetch\s*\(|\bchr\s*\(")
        .expect("decoder pattern")
});

/// One hidden stretch of code, in segment-relative offsets.
struct Hidden {
    run_len: usize,
    start: usize,
    end: usize,
}

fn hidden_parts(body: &str) -> Vec<Hidden> {
    let mut out = Vec::new();
    let mut line_start = 0usize;
    for line in body.split_inclusive('\n').take(MAX_LINES) {
        let offset = line_start;
        line_start += line.len();
        if line.len() < MIN_RUN / TAB_WIDTH {
            continue;
        }
        let bytes = line.as_bytes();
        let mut i = 0usize;
        let mut seen_code = false;
        while i < bytes.len() {
            if bytes[i] != b' ' && bytes[i] != b'\t' {
                seen_code |= !bytes[i].is_ascii_whitespace();
                i += 1;
                continue;
            }
            let run_start = i;
            let mut width = 0usize;
            while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b'\t') {
                width += if bytes[i] == b'\t' { TAB_WIDTH } else { 1 };
                i += 1;
            }
            let rest = line[i..].trim_end();
            let comment = ["#", "//", "/*", "*", "\\"]
                .iter()
                .any(|c| rest.starts_with(c));
            if seen_code && width >= MIN_RUN && !rest.is_empty() && !comment && run_start > 0 {
                out.push(Hidden {
                    run_len: width,
                    start: offset + i,
                    end: offset + i + rest.len(),
                });
                break;
            }
        }
    }
    out
}

fn report(segment: &Segment, text: &str, keep: &mut dyn FnMut(Hit) -> bool, decoded: bool) {
    let body = segment.text(text);
    for part in hidden_parts(body) {
        let start = segment.start + part.start;
        if segment.context_at(text, start) != Context::Code {
            continue;
        }
        let hidden = &body[part.start..part.end];
        let runs_decoded = RUNS_CODE.is_match(hidden) && DECODES_OR_FETCHES.is_match(hidden);
        if decoded && !runs_decoded {
            continue;
        }
        let quoted: String = hidden.chars().take(MAX_QUOTED_CHARS).collect();
        let hit = Hit {
            start,
            end: segment.start + part.end,
            detail: Some(Box::new(HitDetail {
                message: format!(
                    "code resumes after {} blanks on this line, past the edge of any editor: \"{quoted}\"",
                    part.run_len
                ),
                related: Vec::new(),
            })),
        };
        if !keep(hit) {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::segment_file;
    use skill_scan_model::Language;

    fn fired(text: &str, language: Language, decoded: bool) -> Vec<String> {
        let mut out = Vec::new();
        let detector = if decoded {
            &HIDDEN_DECODED_EXEC
        } else {
            &HIDDEN_CODE
        };
        for segment in segment_file(text, language, "pkg/__init__.py") {
            (detector.run)(&segment, text, &mut |hit| {
                out.push(text[hit.start..hit.end].to_string());
                true
            });
        }
        out
    }

    #[test]
    fn code_after_a_long_run_of_blanks_fires() {
        let pad = " ".repeat(800);
        let text = format!(
            "import os{pad};import base64;exec(base64.b64decode('cHJpbnQoMSk='))\nprint('ok')\n"
        );
        let found = fired(&text, Language::Python, false);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with(";import base64"));
        assert_eq!(fired(&text, Language::Python, true).len(), 1);
        let tabs = "\t".repeat(60);
        let js = format!("const a = 1;{tabs}require('child_process').exec('id');\n");
        assert_eq!(fired(&js, Language::Javascript, false).len(), 1);
        assert!(fired(&js, Language::Javascript, true).is_empty());
    }

    #[test]
    fn aligned_comments_padded_strings_and_minified_lines_are_quiet() {
        let pad = " ".repeat(300);
        let comment = format!("x = 1{pad}# the first value\n");
        assert!(fired(&comment, Language::Python, false).is_empty());
        let string = format!("TABLE = \"name{pad}value\"\n");
        assert!(fired(&string, Language::Python, false).is_empty());
        let minified = format!("{}\n", "a=b(c);".repeat(400));
        assert!(fired(&minified, Language::Javascript, false).is_empty());
        let indented = format!("{pad}pass\n");
        assert!(fired(&indented, Language::Python, false).is_empty());
    }
}
