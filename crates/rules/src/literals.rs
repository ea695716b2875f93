//! The literals a rule needs a file to contain before it can match: the prefixes of a regex, the strings
//! a tree-sitter query's predicates compare against. Also compiled into `build.rs`, which works them out
//! for the embedded packs ahead of time so start-up does not parse every pattern twice.

use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Hir, HirKind};

/// Shorter literals would match nearly every file and filter nothing.
const MIN_LITERAL_LEN: usize = 3;
/// Sets after the most selective one are kept only if their shortest literal is at least this long: a
/// set of short or common words costs automaton size and filters almost nothing.
const MIN_EXTRA_LITERAL_LEN: usize = 4;
/// Longer literals are cut to this: past it a literal is no more selective, only a bigger automaton.
const MAX_LITERAL_LEN: usize = 12;
/// Sets kept per rule (the prefilter tracks them in a byte).
const MAX_SETS: usize = 3;
/// Literals per extra set: a long alternation of words makes the automaton bigger for little gain.
const MAX_EXTRA_SET_LEN: usize = 16;

/// What a rule needs a file to contain before it can match: for *every* set, one of the set's literals
/// (lower-cased). The most selective set comes first.
pub type Requirement = Vec<Vec<String>>;

/// The literal sets every match of `pattern` needs; `None` when there is no finite set of literals of
/// useful length.
///
/// Not only prefixes: in `\b(fetch|read)\b.{0,100}https?://.*\b(follow|obey)\b` a match needs `fetch` or
/// `read`, *and* `http://` or `https://`, *and* `follow` or `obey`. The rarest-looking set (the one whose
/// shortest literal is longest) comes first; other selective ones follow, so a file must hold a literal
/// of each before the regex is even compiled.
///
/// The pattern is read the way the rule compiler builds it: in ASCII mode when it can be, so `(?i)s` does
/// not also bring the long `ſ` Unicode folds into it.
pub fn regex_literals(pattern: &str) -> Option<Requirement> {
    let ascii = regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(pattern);
    let hir = match ascii {
        Ok(hir) => hir,
        Err(_) => regex_syntax::ParserBuilder::new()
            .build()
            .parse(pattern)
            .ok()?,
    };
    literals_of(&hir)
}

/// [`regex_literals`] for a regex that is always compiled in Unicode mode (a query's `#match?`).
fn unicode_regex_literals(pattern: &str) -> Option<Requirement> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    literals_of(&hir)
}

fn literals_of(hir: &Hir) -> Option<Requirement> {
    let mut sets = Vec::new();
    necessary(hir, &mut sets);
    select(sets, MIN_EXTRA_LITERAL_LEN)
}

/// Pushes onto `out` literal sets every match of `hir` needs: its own prefixes and, by structure, the
/// sets its parts force.
fn necessary(hir: &Hir, out: &mut Vec<Vec<String>>) {
    out.extend(prefixes(hir));
    match hir.kind() {
        HirKind::Capture(capture) => necessary(&capture.sub, out),
        HirKind::Repetition(repetition) if repetition.min >= 1 => necessary(&repetition.sub, out),
        // Every part of a concatenation matches, so any part's sets are necessary, and so are the prefixes
        // of every suffix of it (a case-insensitive word is a run of one-letter classes, not one part).
        HirKind::Concat(parts) => {
            out.extend(
                (1..parts.len()).filter_map(|i| prefixes(&Hir::concat(parts[i..].to_vec()))),
            );
            for part in parts {
                necessary(part, out);
            }
        }
        // Some branch matches, so the union of one necessary set from every branch is necessary.
        HirKind::Alternation(branches) => {
            let mut union: Vec<String> = Vec::new();
            for branch in branches {
                let mut sets = Vec::new();
                necessary(branch, &mut sets);
                let Some(best) = sets.into_iter().max_by_key(|s| score(s)) else {
                    return;
                };
                for literal in best {
                    if !union.contains(&literal) {
                        union.push(literal);
                    }
                }
            }
            out.push(union);
        }
        _ => {}
    }
}

/// The most selective set, then up to [`MAX_SETS`] − 1 more that are selective too and not implied by
/// one already kept: a set is met whenever a kept set is if each kept literal contains one of its
/// literals (`revious` is met wherever `previous` is).
fn select(mut sets: Vec<Vec<String>>, min_extra_len: usize) -> Option<Requirement> {
    // Stable: among equals, the set found first (the outermost) wins, as before.
    sets.sort_by_key(|s| std::cmp::Reverse(score(s)));
    let mut kept: Requirement = Vec::new();
    for set in sets {
        if kept.len() == MAX_SETS {
            break;
        }
        if !kept.is_empty() {
            let ubiquitous = set
                .iter()
                .any(|l| UBIQUITOUS.iter().any(|common| l.contains(common)));
            let selective =
                !ubiquitous && score(&set).0 >= min_extra_len && set.len() <= MAX_EXTRA_SET_LEN;
            let implied = kept
                .iter()
                .any(|k| k.iter().all(|l| set.iter().any(|s| l.contains(s.as_str()))));
            if !selective || implied {
                continue;
            }
        }
        kept.push(set);
    }
    (!kept.is_empty()).then_some(kept)
}

/// The prefixes every match of `hir` starts with, if they are finitely many and all long enough.
///
/// Each is cut to at most [`MAX_LITERAL_LEN`] bytes and loses trailing whitespace: what a literal starts
/// with is as necessary as the literal, `base64\t`, `base64\n` and `base64 ` become one `base64`, and the
/// automaton stays small.
fn prefixes(hir: &Hir) -> Option<Vec<String>> {
    let mut extractor = Extractor::new();
    extractor.kind(ExtractKind::Prefix).limit_total(512);
    let seq = extractor.extract(hir);
    let literals = seq.literals()?;
    let mut out: Vec<String> = Vec::new();
    for literal in literals {
        let text = shorten(&String::from_utf8_lossy(literal.as_bytes()));
        if text.len() < MIN_LITERAL_LEN {
            return None;
        }
        if !out.contains(&text) {
            out.push(text);
        }
    }
    (!out.is_empty()).then_some(out)
}

/// `literal` lower-cased, cut to [`MAX_LITERAL_LEN`] bytes, and without trailing whitespace unless that
/// would leave it too short to search for.
fn shorten(literal: &str) -> String {
    let mut text = literal.to_ascii_lowercase();
    if text.len() > MAX_LITERAL_LEN {
        let mut cut = MAX_LITERAL_LEN;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
    }
    // `\s` in ASCII mode, vertical tab included.
    let trimmed = text
        .trim_end_matches([' ', '\t', '\n', '\r', '\x0B', '\x0C'])
        .len();
    if trimmed >= MIN_LITERAL_LEN {
        text.truncate(trimmed);
    }
    text
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

/// For a tree-sitter query: the literal sets its predicates force on the file (`#eq?`/`#any-of?` strings,
/// or the sets a `#match?` regex requires). A query of one pattern needs all of its predicates' sets; a
/// query of several needs, per pattern, its most selective set, united over the patterns. `None` when
/// some pattern has no such set (it could match without a literal).
pub fn query_literals(query: &str) -> Option<Requirement> {
    let patterns = top_level_patterns(query);
    let mut per_pattern = Vec::new();
    for pattern in &patterns {
        let certain = certain_captures(pattern);
        let sets: Vec<Vec<String>> = predicates(pattern)
            .into_iter()
            .filter(|p| certain.contains(&p.capture))
            .flat_map(|Predicate { name, strings, .. }| match name.as_str() {
                "eq?" | "any-of?" => {
                    let mut set: Vec<String> = Vec::new();
                    for literal in strings.iter().map(|s| shorten(s)) {
                        if !set.contains(&literal) {
                            set.push(literal);
                        }
                    }
                    if !set.is_empty() && set.iter().all(|s| s.len() >= MIN_LITERAL_LEN) {
                        vec![set]
                    } else {
                        Vec::new()
                    }
                }
                "match?" => strings
                    .first()
                    .and_then(|regex| unicode_regex_literals(regex))
                    .unwrap_or_default(),
                _ => Vec::new(),
            })
            .collect();
        // Predicate strings are whole identifiers or node texts, so a three-letter one (`dns`) selects
        // well enough to require too.
        per_pattern.push(select(sets, MIN_LITERAL_LEN)?);
    }
    if per_pattern.len() == 1 {
        return per_pattern.pop();
    }
    let mut union: Vec<String> = Vec::new();
    for sets in per_pattern {
        for literal in sets.into_iter().next().unwrap_or_default() {
            if !union.contains(&literal) {
                union.push(literal);
            }
        }
    }
    (!union.is_empty()).then(|| vec![union])
}

/// Splits a query into its top-level patterns (balanced `(...)` or `[...]` groups), skipping comments
/// and strings when counting brackets.
pub(crate) fn top_level_patterns(query: &str) -> Vec<&str> {
    let bytes = query.as_bytes();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut start = None;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(end) = comment_or_string_end(bytes, i) {
            i = end + 1;
            continue;
        }
        match bytes[i] {
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
                        // The pattern's own captures and quantifier follow it: `(call) @hit`, `(x)?`.
                        let mut end = i + 1;
                        loop {
                            let rest = &query[end..];
                            let skipped = rest.len() - rest.trim_start().len();
                            let next = rest.trim_start();
                            if let Some(name) = next.strip_prefix('@') {
                                let len = name
                                    .find(|c: char| !is_capture_char(c))
                                    .unwrap_or(name.len());
                                end += skipped + 1 + len;
                            } else if next.starts_with(['?', '*', '+']) {
                                end += skipped + 1;
                            } else {
                                break;
                            }
                        }
                        // A predicate written after a pattern belongs to it.
                        match spans.last_mut() {
                            Some(last) if query[s..].starts_with("(#") => last.1 = end,
                            _ => spans.push((s, end)),
                        }
                        i = end - 1;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    spans.into_iter().map(|(s, e)| &query[s..e]).collect()
}

/// Where a query comment (`;` to the end of the line) or string starting at `i` ends: the index of its
/// last byte (past the end for an unterminated string). `None` when neither starts there.
fn comment_or_string_end(bytes: &[u8], i: usize) -> Option<usize> {
    match bytes[i] {
        b';' => {
            let mut end = i;
            while end + 1 < bytes.len() && bytes[end + 1] != b'\n' {
                end += 1;
            }
            Some(end)
        }
        b'"' => {
            let mut end = i + 1;
            while end < bytes.len() && bytes[end] != b'"' {
                if bytes[end] == b'\\' {
                    end += 1;
                }
                end += 1;
            }
            Some(end)
        }
        _ => None,
    }
}

/// One text predicate of a pattern: `(#any-of? @name "a" "b")`.
struct Predicate {
    name: String,
    capture: String,
    strings: Vec<String>,
}

/// The predicates of a pattern, strings unescaped. Strings may hold parentheses (regexes do), so the
/// scan respects quoting.
fn predicates(pattern: &str) -> Vec<Predicate> {
    let mut found = Vec::new();
    for (at, _) in pattern.match_indices("(#") {
        let rest = &pattern[at + 2..];
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == ')')
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_string();
        let mut capture = String::new();
        let mut strings = Vec::new();
        let mut chars = rest[name_end..].chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                ')' => break,
                '@' if capture.is_empty() => {
                    while let Some(c) = chars.next_if(|c| is_capture_char(*c)) {
                        capture.push(c);
                    }
                }
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
        found.push(Predicate {
            name,
            capture,
            strings,
        });
    }
    found
}

fn is_capture_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.')
}

/// The captures of a pattern that every match of it has. A predicate on any other capture forces
/// nothing: tree-sitter counts a predicate on a capture a match lacks as satisfied. A capture is
/// uncertain when its node is quantified with `?` or `*`, or it sits in an alternation `[...]` or in a
/// group quantified with `?` or `*`.
fn certain_captures(pattern: &str) -> Vec<String> {
    let bytes = pattern.as_bytes();
    // Open groups: (opener, index of the entry in `groups`).
    let mut open: Vec<usize> = Vec::new();
    // Every group: (opener byte, whether quantified optional once closed).
    let mut groups: Vec<(u8, bool)> = Vec::new();
    // Every capture outside predicates: (name, enclosing groups, node quantified optional).
    let mut captures: Vec<(String, Vec<usize>, bool)> = Vec::new();
    let mut in_predicate = 0usize;
    let mut last_significant = b' ';
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if let Some(end) = comment_or_string_end(bytes, i) {
            if b == b'"' {
                last_significant = b;
            }
            i = end + 1;
            continue;
        }
        match b {
            b'(' if bytes.get(i + 1) == Some(&b'#') => {
                in_predicate += 1;
                groups.push((b'#', false));
                open.push(groups.len() - 1);
            }
            b'(' | b'[' => {
                groups.push((b, false));
                open.push(groups.len() - 1);
            }
            b')' | b']' => {
                if let Some(group) = open.pop() {
                    if groups[group].0 == b'#' {
                        in_predicate = in_predicate.saturating_sub(1);
                    }
                    let next = pattern[i + 1..].trim_start().bytes().next();
                    groups[group].1 = matches!(next, Some(b'?' | b'*'));
                }
            }
            b'@' if in_predicate == 0 => {
                let name: String = pattern[i + 1..]
                    .chars()
                    .take_while(|c| is_capture_char(*c))
                    .collect();
                i += name.len();
                captures.push((name, open.clone(), matches!(last_significant, b'?' | b'*')));
            }
            _ => {}
        }
        if !b.is_ascii_whitespace() {
            last_significant = b;
        }
        i += 1;
    }
    let mut certain: Vec<String> = Vec::new();
    for (name, enclosing, quantified) in captures {
        let sure = !quantified
            && enclosing
                .iter()
                .all(|g| groups[*g].0 == b'(' && !groups[*g].1);
        if sure && !certain.contains(&name) {
            certain.push(name);
        }
    }
    certain
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sets(sets: &[&[&str]]) -> Option<Requirement> {
        Some(
            sets.iter()
                .map(|set| set.iter().map(|l| l.to_string()).collect())
                .collect(),
        )
    }

    #[test]
    fn regex_prefixes() {
        assert_eq!(
            regex_literals(r"\b(curl|wget)\b[^\n]*\|\s*sh"),
            sets(&[&["curl", "wget"]])
        );
        let insensitive = regex_literals(r"(?i)ignore\s+previous").unwrap();
        assert_eq!(insensitive, [["previous"], ["ignore"]]);
        // A pattern that compiles in Unicode mode gets Unicode case folding: `ſ` (long s) spells `s`.
        let quoted = regex_literals(r"(?i)[“‘]\s*ignore\s+previous").unwrap();
        assert_eq!(quoted[0], ["previous", "previouſ"]);
        assert_eq!(regex_literals(r"[A-Za-z0-9+/]{40,}"), None);
        assert_eq!(regex_literals(r"(?m)^\s*x"), None);
        assert_eq!(
            regex_literals(r"x+(alpha|beta)y|z+(gamma)"),
            sets(&[&["alphay", "betay", "gamma"]]),
            "each branch of a top-level alternation brings its own set"
        );
        assert_eq!(regex_literals(r"(secret)?token"), sets(&[&["token"]]));
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
    fn every_selective_part_of_a_match_is_required() {
        assert_eq!(
            regex_literals(
                r"(?i)\b(get|read)\b[^\n]{0,100}https?://\S+\s+(and|then)\s+(follow|obey)"
            ),
            sets(&[&["follow", "obey"]]),
            "the rarest set first; `get|read`, `http` and `and|then` are too common to add"
        );
        assert_eq!(
            regex_literals(r"\bsocket\.gethostbyname\(\s*\w+\s*\+\s*['\x22]\.exfil"),
            sets(&[&["socket.getho"], &["\".exfil", "'.exfil"]]),
            "long literals are cut: what they start with is as necessary"
        );
        assert_eq!(
            regex_literals(r"(curl|wget)[^|]*\|\s*(sudo\s+)?(bash|fish)"),
            sets(&[&["curl", "wget"], &["bash", "fish"]]),
            "a set implied by one already kept is dropped, a new one is added"
        );
        let many = regex_literals(r"alpha1[^x]*bravo2[^x]*charlie3[^x]*delta4").unwrap();
        assert_eq!(many.len(), MAX_SETS);
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
            sets(&[&["eval", "function", "asyncfunctio"]])
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
            sets(&[&["curl", "wget"], &["run", "call"]]),
            "a #match? regex can give the best set, parentheses and escapes included"
        );
        assert_eq!(
            query_literals(r#"((identifier) @x (#any-of? @x "eval" "ex")) @hit"#),
            None,
            "a set with a literal too short to search for is no set"
        );
    }

    #[test]
    fn one_pattern_needs_every_predicate_on_a_capture_it_always_has() {
        let both = r#"(call
              function: (attribute object: (identifier) @o attribute: (identifier) @p)
              (#any-of? @o "socket" "resolver")
              (#any-of? @p "gethostbyname" "getaddrinfo")) @hit"#;
        assert_eq!(
            query_literals(both),
            sets(&[&["gethostbynam", "getaddrinfo"], &["socket", "resolver"]])
        );
        for optional in [
            r#"(call function: (identifier) @f (argument_list (identifier)? @a) (#eq? @f "spawn") (#eq? @a "shell")) @hit"#,
            r#"(call function: (identifier) @f (argument_list (identifier)* @a) (#eq? @f "spawn") (#eq? @a "shell")) @hit"#,
            r#"(call function: (identifier) @f [(string) (identifier) @a] (#eq? @f "spawn") (#eq? @a "shell")) @hit"#,
            r#"(call function: (identifier) @f ((identifier) @a ",")? (#eq? @f "spawn") (#eq? @a "shell")) @hit"#,
        ] {
            assert_eq!(
                query_literals(optional),
                sets(&[&["spawn"]]),
                "a predicate on a capture a match may lack forces nothing: {optional}"
            );
        }
        assert_eq!(
            query_literals(r#"[(identifier) @a (string) @b] (#eq? @a "shell") @hit"#),
            None
        );
    }
}
