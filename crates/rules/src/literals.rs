//! The literals a rule needs a file to contain before it can match: the prefixes of a regex, the strings
//! a tree-sitter query's predicates compare against. Also compiled into `build.rs`, which works them out
//! for the embedded packs ahead of time so start-up does not parse every pattern twice.

use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Hir, HirKind};

/// Shorter literals would match nearly every file and filter nothing.
const MIN_LITERAL_LEN: usize = 3;

/// The most selective set of literals one of which every match of `pattern` must contain, lower-cased;
/// `None` when there is no such finite set of literals of useful length.
///
/// Not only prefixes: in `\b(fetch|read)\b.{0,100}https?://.*\b(follow|obey)\b` a match needs `fetch` or
/// `read`, *and* `http://` or `https://`, *and* `follow` or `obey`; the rarest-looking of those sets (the
/// one whose shortest literal is longest) is the one worth searching for, since common English words
/// would make almost every file a candidate.
pub fn regex_literals(pattern: &str) -> Option<Vec<String>> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    required(&hir)
}

/// A necessary literal set for `hir`: the best of its own prefix set and, by structure, the sets its
/// parts force on every match.
fn required(hir: &Hir) -> Option<Vec<String>> {
    let structural = match hir.kind() {
        HirKind::Capture(capture) => required(&capture.sub),
        HirKind::Repetition(repetition) if repetition.min >= 1 => required(&repetition.sub),
        // Every part of a concatenation matches, so any part's set is necessary, and so are the prefixes
        // of every suffix of it (a case-insensitive word is a run of one-letter classes, not one part).
        HirKind::Concat(parts) => (0..parts.len())
            .filter_map(|i| prefixes(&Hir::concat(parts[i..].to_vec())))
            .chain(parts.iter().filter_map(required))
            .max_by_key(|s| score(s)),
        // Some branch matches, so the union of every branch's set is necessary.
        HirKind::Alternation(branches) => {
            let mut union: Vec<String> = Vec::new();
            for branch in branches {
                for literal in required(branch)? {
                    if !union.contains(&literal) {
                        union.push(literal);
                    }
                }
            }
            Some(union)
        }
        _ => None,
    };
    [prefixes(hir), structural]
        .into_iter()
        .flatten()
        .max_by_key(|s| score(s))
}

/// The prefixes every match of `hir` starts with, if they are finitely many and all long enough.
fn prefixes(hir: &Hir) -> Option<Vec<String>> {
    let mut extractor = Extractor::new();
    extractor.kind(ExtractKind::Prefix).limit_total(512);
    let seq = extractor.extract(hir);
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

/// Literal starts found in nearly every package whatever their length, so they select almost nothing.
const UBIQUITOUS: &[&str] = &[
    "://", "http", "ttp", "www.", "import", "require", "function", "return", "export",
];

/// Higher is more selective: a longer shortest literal first (capped, since past a few characters any
/// word is rare; ubiquitous ones count as short), then fewer literals.
fn score(set: &[String]) -> (usize, std::cmp::Reverse<usize>) {
    let effective = |literal: &String| {
        if UBIQUITOUS.iter().any(|common| literal.contains(common)) {
            MIN_LITERAL_LEN
        } else {
            literal.len()
        }
    };
    let shortest = set.iter().map(effective).min().unwrap_or(0);
    (shortest.min(8), std::cmp::Reverse(set.len()))
}

/// For a tree-sitter query: in each top-level pattern, the most selective literal set one of its
/// predicates forces on the file (`#eq?`/`#any-of?` strings, or the literals a `#match?` regex requires),
/// united over the patterns; `None` when some pattern has no such set (it could match without a literal).
pub fn query_literals(query: &str) -> Option<Vec<String>> {
    let mut literals = Vec::new();
    for pattern in top_level_patterns(query) {
        let best = predicates(pattern)
            .into_iter()
            .filter_map(|(name, strings)| match name.as_str() {
                "eq?" | "any-of?" => {
                    let set: Vec<String> = strings.iter().map(|s| s.to_ascii_lowercase()).collect();
                    (!set.is_empty() && set.iter().all(|s| s.len() >= MIN_LITERAL_LEN))
                        .then_some(set)
                }
                "match?" => strings.first().and_then(|regex| regex_literals(regex)),
                _ => None,
            })
            .max_by_key(|set| score(set))?;
        for literal in best {
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

/// The predicates of a pattern: name (`eq?`, `match?`, …) and its string arguments, unescaped. Captures
/// (`@name`) are skipped; strings may hold parentheses (regexes do), so the scan respects quoting.
fn predicates(pattern: &str) -> Vec<(String, Vec<String>)> {
    let mut found = Vec::new();
    for (at, _) in pattern.match_indices("(#") {
        let rest = &pattern[at + 2..];
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == ')')
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_string();
        let mut strings = Vec::new();
        let mut chars = rest[name_end..].chars();
        while let Some(c) = chars.next() {
            match c {
                ')' => break,
                '"' => {
                    let mut string = String::new();
                    while let Some(c) = chars.next() {
                        match c {
                            '"' => break,
                            '\\' => match chars.next() {
                                Some('n') => string.push('\n'),
                                Some('t') => string.push('\t'),
                                Some(other) => string.push(other),
                                None => break,
                            },
                            other => string.push(other),
                        }
                    }
                    strings.push(string);
                }
                _ => {}
            }
        }
        found.push((name, strings));
    }
    found
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
        // Unicode case folding adds `ſ` (long s) as a spelling of `s`.
        assert_eq!(insensitive, ["previous", "previouſ"]);
        assert_eq!(regex_literals(r"[A-Za-z0-9+/]{40,}"), None);
        assert_eq!(regex_literals(r"(?m)^\s*x"), None);
        assert_eq!(
            regex_literals(
                r"(?i)\b(get|read)\b[^\n]{0,100}https?://\S+\s+(and|then)\s+(follow|obey)"
            ),
            Some(vec!["follow".into(), "obey".into()]),
            "the rarest required set, not the prefix"
        );
        assert_eq!(
            regex_literals(r"x+(alpha|beta)y|z+(gamma)"),
            Some(vec!["alphay".into(), "betay".into(), "gamma".into()]),
            "each branch of a top-level alternation brings its own set"
        );
        assert_eq!(
            regex_literals(r"(secret)?token"),
            Some(vec!["token".into()])
        );
        assert_eq!(
            regex_literals(r"(secret)*x"),
            None,
            "an optional part forces nothing"
        );
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
        let regex = r#"((call) @args (#any-of? @args "run" "call") (#match? @args "(?i)(curl|wget)\\b[^)]*[|] *sh")) @hit"#;
        assert_eq!(
            query_literals(regex),
            Some(vec!["curl".into(), "wget".into()]),
            "a #match? regex can give the best set, parentheses and escapes included"
        );
        assert_eq!(
            query_literals(r#"((identifier) @x (#any-of? @x "eval" "ex")) @hit"#),
            None,
            "a set with a literal too short to search for is no set"
        );
    }
}
