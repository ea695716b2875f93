//! Rules are written for ASCII syntax (commands, paths, API names, English words), and compile in ASCII
//! mode, where `\w`, `\s`, `\d` and `\b` are small byte classes. A few need Unicode mode only for a
//! literal: the curly quotes in `[^"“'‘\w]`, an em dash. In Unicode mode the same `\w` is a table of
//! hundreds of ranges, each turned into UTF-8 automaton states; such a rule cost five times as much to
//! build as its ASCII twin. [`ascii_classes`] rewrites a pattern so it keeps its Unicode literals but its
//! Perl classes and word boundaries mean what they mean in ASCII mode — the meaning the rest of the rules
//! already have.

use regex_syntax::ast::{
    self, Assertion, AssertionKind, Ast, ClassAscii, ClassAsciiKind, ClassBracketed, ClassPerl,
    ClassPerlKind, ClassSet, ClassSetItem, Flag, Flags, FlagsItem, FlagsItemKind, Group, GroupKind,
};

/// `pattern` with every `\w`, `\d`, `\s` (and negations, inside classes too) replaced by its ASCII class
/// and every `\b` by `(?-u:\b)`; `None` when the pattern does not parse.
pub(crate) fn ascii_classes(pattern: &str) -> Option<String> {
    let mut ast = ast::parse::Parser::new().parse(pattern).ok()?;
    rewrite(&mut ast);
    let mut out = String::new();
    ast::print::Printer::new().print(&ast, &mut out).ok()?;
    Some(out)
}

/// A constant pattern of a native detector, compiled with ASCII classes (see [`ascii_classes`]).
pub fn ascii_regex(pattern: &str) -> Result<regex::Regex, regex::Error> {
    regex::Regex::new(&ascii_classes(pattern).unwrap_or_else(|| pattern.to_string()))
}

/// Rewrites `ast` in place as [`ascii_classes`] does.
pub(crate) fn rewrite(ast: &mut Ast) {
    match ast {
        Ast::ClassPerl(perl) => {
            let span = perl.span;
            *ast = Ast::class_bracketed(ClassBracketed {
                span,
                negated: false,
                kind: ClassSet::Item(ClassSetItem::Ascii(ascii_twin(perl))),
            });
        }
        Ast::Assertion(assertion) if assertion.kind == AssertionKind::WordBoundary => {
            let span = assertion.span;
            let item = |kind| FlagsItem { span, kind };
            // `(?-u:\b)`; its negation `\B` has no ASCII form in a UTF-8 regex, so it stays as written.
            *ast = Ast::group(Group {
                span,
                kind: GroupKind::NonCapturing(Flags {
                    span,
                    items: vec![
                        item(FlagsItemKind::Negation),
                        item(FlagsItemKind::Flag(Flag::Unicode)),
                    ],
                }),
                ast: Box::new(Ast::assertion(Assertion {
                    span,
                    kind: AssertionKind::WordBoundary,
                })),
            });
        }
        Ast::ClassBracketed(bracketed) => rewrite_set(&mut bracketed.kind),
        Ast::Repetition(repetition) => rewrite(&mut repetition.ast),
        Ast::Group(group) => rewrite(&mut group.ast),
        Ast::Alternation(alternation) => alternation.asts.iter_mut().for_each(rewrite),
        Ast::Concat(concat) => concat.asts.iter_mut().for_each(rewrite),
        _ => {}
    }
}

fn rewrite_set(set: &mut ClassSet) {
    match set {
        ClassSet::Item(item) => rewrite_item(item),
        ClassSet::BinaryOp(op) => {
            rewrite_set(&mut op.lhs);
            rewrite_set(&mut op.rhs);
        }
    }
}

fn rewrite_item(item: &mut ClassSetItem) {
    match item {
        ClassSetItem::Perl(perl) => *item = ClassSetItem::Ascii(ascii_twin(perl)),
        ClassSetItem::Bracketed(bracketed) => rewrite_set(&mut bracketed.kind),
        ClassSetItem::Union(union) => union.items.iter_mut().for_each(rewrite_item),
        _ => {}
    }
}

/// `\d` → `[:digit:]`, `\s` → `[:space:]`, `\w` → `[:word:]`, negations kept.
fn ascii_twin(perl: &ClassPerl) -> ClassAscii {
    ClassAscii {
        span: perl.span,
        kind: match perl.kind {
            ClassPerlKind::Digit => ClassAsciiKind::Digit,
            ClassPerlKind::Space => ClassAsciiKind::Space,
            ClassPerlKind::Word => ClassAsciiKind::Word,
        },
        negated: perl.negated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    #[test]
    fn perl_classes_and_boundaries_become_ascii() {
        assert_eq!(
            ascii_classes(r#"(?i)(?:^|[^"“'‘\w\n])\bdo\s+not\d\W"#).unwrap(),
            r#"(?i)(?:^|[^"“'‘[:word:]\n])(?-u:\b)do[[:space:]]+not[[:digit:]][[:^word:]]"#
        );
        assert_eq!(ascii_classes("(unclosed"), None);
    }

    #[test]
    fn same_matches_on_ascii_text_and_unicode_literals_still_match() {
        let original = r#"(?i)(?:^|[^"“\w\n])never\s+tell\s+the\s+user\b"#;
        let rewritten = Regex::new(&ascii_classes(original).unwrap()).unwrap();
        let unicode = Regex::new(original).unwrap();
        for text in [
            "Never tell the user.",
            "x never  tell the user",
            "“never tell the user",
            "\"never tell the user\"",
            "whenever tell the user",
        ] {
            assert_eq!(rewritten.is_match(text), unicode.is_match(text), "{text}");
        }
        // Only the classes' non-ASCII members differ: `\s` no longer matches a no-break space.
        assert!(unicode.is_match("never\u{a0}tell the user"));
        assert!(!rewritten.is_match("never\u{a0}tell the user"));
    }
}
