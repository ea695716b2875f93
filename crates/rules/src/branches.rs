//! A rule regex that is an alternation at its top (`(?i)A|B|C`) split into its branches, each with the
//! literals its matches need, so a small text is checked by a detector of only the branches whose literals
//! it holds ([`crate::lazy`]).
//!
//! A match of `A|B|C` is a match of one branch, and a branch whose literals a text lacks cannot match
//! it, so on that text `(?i)(?:A|C)` finds a match exactly when the whole pattern does. The long `(?i)`
//! alternations of the prose rules cost a small skill most of its scan to build, and a text usually
//! holds the words of one or two of their branches. `build.rs` splits the embedded rules' patterns (this
//! file is included there); a pattern missing from its table is built whole, as before.

use crate::required_literals::{leading_flags, Need};
use regex_syntax::ast::{parse::Parser, Ast};

/// Most branches a split pattern may have (the kept ones are a bit mask).
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) const MAX_BRANCHES: usize = 64;

/// `pattern`'s leading flag groups, whether it needs Unicode mode (it does not read in ASCII mode: its
/// branches are then built in Unicode mode as the whole pattern is, never in the cheaper ASCII mode a
/// branch alone might allow), and its top-level branches (the first without those flags), each with what
/// its matches need under the flags (worked out in ASCII mode: a branch with a non-ASCII literal needs
/// nothing, so it is always kept). `None` when the pattern is not split: no top-level alternation, too
/// many branches, flags that a branch sets for the ones after it, verbose mode (whose comments a join
/// could break), or no branch needing a literal (nothing would be pruned).
#[allow(clippy::type_complexity)]
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn split(pattern: &str) -> Option<(&str, bool, Vec<(&str, Option<Need>)>)> {
    if sets_verbose(pattern) {
        return None;
    }
    let unicode = regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(pattern)
        .is_err();
    let ast = Parser::new().parse(pattern).ok()?;
    let Ast::Alternation(alternation) = &ast else {
        return None;
    };
    let branches = &alternation.asts;
    if branches.len() < 2 || branches.len() > MAX_BRANCHES {
        return None;
    }
    let flags = leading_flags(pattern);
    let mut parts = Vec::with_capacity(branches.len());
    for (index, branch) in branches.iter().enumerate() {
        let items = match branch {
            Ast::Concat(concat) => concat.asts.as_slice(),
            one => std::slice::from_ref(one),
        };
        // A bare `(?i)` in a branch applies to every branch after it: only the leading ones are allowed.
        let leaks = items.iter().any(|item| {
            matches!(item, Ast::Flags(_)) && (index > 0 || item.span().end.offset > flags.len())
        });
        if leaks {
            return None;
        }
        let span = branch.span();
        let start = if index == 0 {
            if span.start.offset != 0 {
                return None;
            }
            flags.len()
        } else {
            span.start.offset
        };
        let text = pattern.get(start..span.end.offset.max(start))?;
        parts.push((text, Need::of(&format!("{flags}{text}"))));
    }
    parts
        .iter()
        .any(|(_, need)| need.is_some())
        .then_some((flags, unicode, parts))
}

/// Whether any flag group of `pattern` may turn on verbose mode (`x`); an escaped `\(?x)` counts too,
/// which only leaves a pattern unsplit.
#[cfg_attr(not(test), allow(dead_code))]
fn sets_verbose(pattern: &str) -> bool {
    pattern.match_indices("(?").any(|(at, _)| {
        pattern[at + 2..]
            .chars()
            .take_while(|c| c.is_ascii_alphabetic() || *c == '-')
            .any(|c| c == 'x')
    })
}

/// The pattern of only the branches in `kept` (bit `i` for branch `i`), under the leading flags.
pub(crate) fn joined(flags: &str, branches: &[&str], kept: u64) -> String {
    let chosen: Vec<&str> = branches
        .iter()
        .enumerate()
        .filter(|(index, _)| kept & (1 << index) != 0)
        .map(|(_, text)| *text)
        .collect();
    format!("{flags}(?:{})", chosen.join("|"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embedded::REGEX_BRANCHES;

    #[test]
    fn splits_a_top_level_alternation_under_its_flags() {
        let (flags, unicode, parts) = split(r"(?m)(?i)\bcurl\s+x|\bwget\b|y").expect("split");
        assert_eq!(flags, "(?m)(?i)");
        assert!(!unicode);
        let texts: Vec<&str> = parts.iter().map(|(text, _)| *text).collect();
        assert_eq!(texts, [r"\bcurl\s+x", r"\bwget\b", "y"]);
        assert_eq!(parts[0].1, Some(Need::Literal("curl".into())));
        assert_eq!(parts[2].1, None, "a branch needing nothing is always kept");
        assert_eq!(
            joined(flags, &texts, 0b101),
            r"(?m)(?i)(?:\bcurl\s+x|y)",
            "branches 0 and 2"
        );
    }

    #[test]
    fn leaves_patterns_it_cannot_split_safely() {
        assert!(split(r"(?i)curl").is_none(), "no alternation");
        assert!(
            split(r"(?i)(curl|wget)").is_none(),
            "the alternation is in a group"
        );
        assert!(
            split(r"(?i)curl|(?-i)wget|fetch").is_none(),
            "flags leak into later branches"
        );
        assert!(split(r"(?x)curl | wget").is_none(), "verbose mode");
        assert!(split(r"ab|cd").is_none(), "no branch needs a literal");
        // A group's own flags stay in the group.
        assert!(split(r"(?i)(?-i:Curl)x|wget").is_some());
        let (_, unicode, parts) = split("(?i)[^\u{201c}\\w]never tell|hide it").expect("split");
        assert!(unicode, "a curly quote needs Unicode mode");
        assert_eq!(
            parts[0].1, None,
            "a branch with a non-ASCII literal is always kept"
        );
        assert_eq!(parts[1].1, Some(Need::Literal("hide it".into())));
    }

    /// The embedded table is fresh, each entry's branches rejoin into its pattern exactly (so the split
    /// lost nothing), and each branch's formula is the one worked out now.
    #[test]
    fn the_embedded_branches_rejoin_their_patterns() {
        assert!(REGEX_BRANCHES.len() > 20, "the long prose rules are split");
        for (source, flags, unicode, branches) in REGEX_BRANCHES {
            let texts: Vec<&str> = branches.iter().map(|(text, _)| *text).collect();
            assert_eq!(format!("{flags}{}", texts.join("|")), *source);
            let (now_flags, now_unicode, now) = split(source).expect("still splits");
            assert_eq!((now_flags, now_unicode), (*flags, *unicode));
            for ((text, need), (embedded_text, flat)) in now.iter().zip(branches.iter()) {
                assert_eq!(text, embedded_text);
                let mut nodes = Vec::new();
                if let Some(need) = need {
                    need.flat_source(&mut nodes);
                }
                let written: Vec<String> = flat
                    .unwrap_or(&[])
                    .iter()
                    .map(|node| format!("Flat::{node:?}"))
                    .collect();
                assert_eq!(nodes, written, "{source}");
            }
        }
    }
}
