//! One pass over a file decides which rules could possibly match it.
//!
//! Most rules need a literal to be present: `curl` or `wget` for a pipe-to-shell rule, `eval` for an eval
//! query. Those literals, from every rule, go into one Aho-Corasick automaton; a file is searched once, and
//! only rules whose literal appeared (plus the few with no literal) run. Most files of most packages match
//! almost nothing, so most rules never compile and most files are never parsed.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex_syntax::hir::literal::{ExtractKind, Extractor};

/// Shorter literals would match nearly every file and filter nothing.
const MIN_LITERAL_LEN: usize = 3;

pub(crate) struct Prefilter {
    automaton: Option<AhoCorasick>,
    /// Automaton pattern index → rule index.
    owner: Vec<usize>,
    /// Rules with no usable literal: they run on every file.
    unfiltered: Vec<usize>,
    rule_count: usize,
}

impl Prefilter {
    /// `literals[i]` is rule `i`'s literal set (`None`: no usable literal, always run).
    pub(crate) fn build(literals: &[Option<Vec<String>>]) -> Prefilter {
        let mut patterns = Vec::new();
        let mut owner = Vec::new();
        let mut unfiltered = Vec::new();
        for (rule, set) in literals.iter().enumerate() {
            match set {
                Some(set) => {
                    for literal in set {
                        patterns.push(literal.clone());
                        owner.push(rule);
                    }
                }
                None => unfiltered.push(rule),
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .ok();
        if automaton.is_none() {
            // Cannot happen for plain literals; if it did, filtering nothing is the safe failure.
            unfiltered = (0..literals.len()).collect();
        }
        Prefilter {
            automaton,
            owner,
            unfiltered,
            rule_count: literals.len(),
        }
    }

    /// Which rules could match `text`.
    pub(crate) fn candidates(&self, text: &str) -> Vec<bool> {
        let mut candidate = vec![false; self.rule_count];
        for rule in &self.unfiltered {
            candidate[*rule] = true;
        }
        if let Some(automaton) = &self.automaton {
            for found in automaton.find_overlapping_iter(text) {
                candidate[self.owner[found.pattern().as_usize()]] = true;
            }
        }
        candidate
    }
}

/// Literals one of which every match of `pattern` must start with, lower-cased; `None` when there is no
/// such finite set of literals of useful length.
pub(crate) fn regex_literals(pattern: &str) -> Option<Vec<String>> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    let mut extractor = Extractor::new();
    extractor.kind(ExtractKind::Prefix).limit_total(512);
    let seq = extractor.extract(&hir);
    let literals = seq.literals()?;
    let mut out: Vec<String> = Vec::new();
    for literal in literals {
        let text = String::from_utf8_lossy(literal.as_bytes()).to_ascii_lowercase();
        if text.len() < MIN_LITERAL_LEN {
            return None;
        }
        if !out.contains(&text) {
            out.push(text);
        }
    }
    (!out.is_empty()).then_some(out)
}

/// For a tree-sitter query: the strings its `#eq?` / `#any-of?` predicates require, when *every* pattern
/// of the query has at least one such predicate (otherwise a pattern could match without any literal).
pub(crate) fn query_literals(query: &str) -> Option<Vec<String>> {
    let mut literals = Vec::new();
    for pattern in top_level_patterns(query) {
        let found = predicate_strings(pattern);
        if found.iter().all(|s| s.len() < MIN_LITERAL_LEN) {
            return None;
        }
        for literal in found.into_iter().filter(|s| s.len() >= MIN_LITERAL_LEN) {
            let literal = literal.to_ascii_lowercase();
            if !literals.contains(&literal) {
                literals.push(literal);
            }
        }
    }
    (!literals.is_empty()).then_some(literals)
}

/// Splits a query into its top-level patterns (balanced `(...)` or `[...]` groups), skipping comments
/// and strings when counting brackets.
fn top_level_patterns(query: &str) -> Vec<&str> {
    let bytes = query.as_bytes();
    let mut patterns = Vec::new();
    let mut depth = 0usize;
    let mut start = None;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b';' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'(' | b'[' => {
                if depth == 0 {
                    start = Some(i);
                }
                depth += 1;
            }
            b')' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    if let Some(s) = start.take() {
                        patterns.push(&query[s..=i]);
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    patterns
}

/// String arguments of `#eq?` and `#any-of?` predicates (the positive ones) in a pattern.
fn predicate_strings(pattern: &str) -> Vec<String> {
    let mut strings = Vec::new();
    for (at, _) in pattern.match_indices("(#") {
        let rest = &pattern[at + 2..];
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == ')')
            .unwrap_or(rest.len());
        let name = &rest[..name_end];
        if name != "eq?" && name != "any-of?" {
            continue;
        }
        let body_end = rest.find(')').unwrap_or(rest.len());
        let body = &rest[name_end..body_end];
        let mut parts = body.split('"');
        parts.next();
        for (n, part) in parts.enumerate() {
            if n % 2 == 0 {
                strings.push(part.replace("\\\"", "\""));
            }
        }
    }
    strings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regex_prefixes() {
        assert_eq!(
            regex_literals(r"\b(curl|wget)\b[^\n]*\|\s*sh"),
            Some(vec!["curl".into(), "wget".into()])
        );
        let insensitive = regex_literals(r"(?i)ignore\s+previous").unwrap();
        assert_eq!(insensitive, ["ignore"]);
        assert_eq!(regex_literals(r"[A-Za-z0-9+/]{40,}"), None);
        assert_eq!(regex_literals(r"(?m)^\s*x"), None);
        assert_eq!(
            regex_literals(r"ab|abc"),
            None,
            "a literal too short to filter anything"
        );
    }

    #[test]
    fn query_predicates() {
        let query = r#"
            ; eval of decoded data
            (call_expression function: (identifier) @f (#eq? @f "eval")) @hit
            (new_expression constructor: (identifier) @c (#any-of? @c "Function" "AsyncFunction")) @hit
        "#;
        assert_eq!(
            query_literals(query),
            Some(vec![
                "eval".into(),
                "function".into(),
                "asyncfunction".into()
            ])
        );
        let open =
            r#"(call_expression function: (identifier) @f (#eq? @f "eval")) @hit (string) @hit"#;
        assert_eq!(
            query_literals(open),
            None,
            "the second pattern needs no literal"
        );
        assert_eq!(
            query_literals(r#"((identifier) @x (#not-eq? @x "eval")) @hit"#),
            None
        );
    }

    #[test]
    fn candidates_from_one_pass() {
        let filter = Prefilter::build(&[
            Some(vec!["curl".into()]),
            None,
            Some(vec!["eval".into(), "exec".into()]),
        ]);
        assert_eq!(filter.candidates("nothing here"), [false, true, false]);
        assert_eq!(
            filter.candidates("CURL x | sh; EXEC(y)"),
            [true, true, true]
        );
    }
}
