//! A cheaper pattern that matches at least everything a rule's pattern matches, to rule a small text out
//! before the exact automaton is built.
//!
//! Building a regex's automaton costs about as much as its pattern has states, and a bounded repetition
//! has one copy per count: `[^\n]{0,300}` is three hundred. Those were most of what a small skill cost to
//! scan (rules whose literals a file holds, so they must be checked, and which then do not match). Dropping
//! the bounds — `X{m,n}` becomes `X*` (m = 0) or `X+` — gives a pattern whose language holds the original
//! one: every way the original matches, the relaxed pattern matches the same bytes the same way (regex
//! operators are monotone, and assertions like `\b` look at the same positions). So when the relaxed
//! pattern finds nothing, the exact one cannot either; when it finds something, the exact one decides.
//! A result never changes; only how soon a rule is ruled out.

use regex_syntax::ast::{Ast, RepetitionKind, RepetitionRange};

/// Repetitions whose count (upper bound, or exact count) is at least this are relaxed; smaller ones
/// (`\d{1,3}`) cost little and rule out much.
const RELAX_FROM: u32 = 16;

/// The parsed pattern `parsed` with every large bounded repetition unbounded, or `None` when it has
/// none: then there is nothing cheaper to ask first. The caller translates it to HIR as it is, so the
/// relaxed pattern is never printed and parsed again, and keeps `parsed` for the exact automaton.
pub(crate) fn relaxed_copy(parsed: &Ast) -> Option<Ast> {
    let mut ast = parsed.clone();
    relax(&mut ast).then_some(ast)
}

/// [`relaxed_copy`] of `pattern` parsed (`None` also when it does not parse).
#[cfg(test)]
fn relaxed_ast(pattern: &str) -> Option<Ast> {
    relaxed_copy(
        &regex_syntax::ast::parse::Parser::new()
            .parse(pattern)
            .ok()?,
    )
}

/// [`relaxed_ast`] printed back to a pattern (for the tests, which compare it with what they expect).
#[cfg(test)]
fn relaxed(pattern: &str) -> Option<String> {
    let mut out = String::new();
    regex_syntax::ast::print::Printer::new()
        .print(&relaxed_ast(pattern)?, &mut out)
        .ok()?;
    Some(out)
}

/// Relaxes `ast` in place; whether anything changed.
fn relax(ast: &mut Ast) -> bool {
    match ast {
        Ast::Repetition(repetition) => {
            let inner = relax(&mut repetition.ast);
            let kind = match &repetition.op.kind {
                RepetitionKind::Range(range) => match *range {
                    RepetitionRange::Bounded(0, max) if max >= RELAX_FROM => {
                        Some(RepetitionKind::ZeroOrMore)
                    }
                    RepetitionRange::Bounded(min, max) if max >= RELAX_FROM && min > 0 => {
                        Some(RepetitionKind::OneOrMore)
                    }
                    RepetitionRange::AtLeast(min) | RepetitionRange::Exactly(min)
                        if min >= RELAX_FROM =>
                    {
                        Some(RepetitionKind::OneOrMore)
                    }
                    _ => None,
                },
                _ => None,
            };
            match kind {
                Some(kind) => {
                    repetition.op.kind = kind;
                    true
                }
                None => inner,
            }
        }
        Ast::Group(group) => relax(&mut group.ast),
        // Every branch and part is visited (no short-circuit): each may hold a repetition.
        Ast::Alternation(alternation) => alternation
            .asts
            .iter_mut()
            .fold(false, |changed, ast| relax(ast) | changed),
        Ast::Concat(concat) => concat
            .asts
            .iter_mut()
            .fold(false, |changed, ast| relax(ast) | changed),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::bytes::Regex;

    #[test]
    fn large_bounds_are_dropped_small_ones_kept() {
        assert_eq!(
            relaxed(r"(?i)\bread\b[^\n]{0,300}\bkeys?\b").as_deref(),
            Some(r"(?i)\bread\b[^\n]*\bkeys?\b")
        );
        assert_eq!(
            relaxed(r"[A-Za-z0-9+/]{60,}={0,2}|x{2,40}?|(ab){20}").as_deref(),
            Some(r"[A-Za-z0-9+/]+={0,2}|x+?|(ab)+")
        );
        assert_eq!(
            relaxed(r"(a(b{0,99})c){1,3}").as_deref(),
            Some(r"(a(b*)c){1,3}")
        );
        assert_eq!(relaxed(r"(\d{1,3}\.){3}\d{1,3}"), None);
        assert_eq!(relaxed("(unclosed"), None);
    }

    #[test]
    fn the_relaxed_pattern_matches_whatever_the_original_matches() {
        let patterns = [
            r"(?i)\b(read|cat)\b[\s\S]{0,20}?(ssh\s+keys?|id_rsa)",
            r"\bBuffer\.from\s*\(\s*['\x22][A-Za-z0-9+/]{16,}={0,2}['\x22]",
            r"(?m)^x{0,16}$",
            r"\b[48][0-9AB][1-9A-HJ-NP-Za-km-z]{20}\b",
        ];
        let texts = [
            "read the ssh key",
            "cat ........................ id_rsa",
            "Read\nthen\nid_rsa",
            "Buffer.from('QUJDREVGR0hJSktMTU5PUA==')",
            "Buffer.from('QUJD')",
            "xxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxx",
            "4A123456789ABCDEFGHJKLMN",
            "4A123456789ABCDEFGHJKLMNP",
            "",
        ];
        for pattern in patterns {
            let exact = Regex::new(pattern).unwrap();
            let relaxed = Regex::new(&relaxed(pattern).unwrap()).unwrap();
            for text in texts {
                if exact.is_match(text.as_bytes()) {
                    assert!(relaxed.is_match(text.as_bytes()), "{pattern} on {text:?}");
                }
            }
        }
        // It is looser, not the same: too many x's, too long a gap.
        let relaxed_x = Regex::new(&relaxed(r"(?m)^x{0,16}$").unwrap()).unwrap();
        assert!(relaxed_x.is_match(b"xxxxxxxxxxxxxxxxx"));
        assert!(!Regex::new(r"(?m)^x{0,16}$")
            .unwrap()
            .is_match(b"xxxxxxxxxxxxxxxxx"));
    }
}
