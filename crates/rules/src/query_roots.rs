//! The node kinds a query pattern's matches start at, so a tree without any of them is known to hold no
//! match before the pattern's query is built.
//!
//! A combined query is built on the first segment that needs parts no query built so far holds, and
//! building costs far more than a walk (tree-sitter analyses each pattern against the whole grammar; a
//! TypeScript build of the call patterns took 90 ms). A TypeScript declaration file names `exec` and
//! `request` in its types, so the literals select the call patterns, yet its tree has no call at all.
//! A pattern `(NAME …)` matches only at a node of kind NAME (tree-sitter matches kinds by name), so when
//! no named node of the tree has one of the selected patterns' root kinds, the segment has no hit and
//! needs no build. Only checked when a build would follow: the walk stops at the first root kind found.

use crate::syntax::Grammar;
use tree_sitter::Node;

/// The kinds a match of `pattern` (one top-level query pattern) can start at, or `None` when that is
/// not one named kind per alternative: a wildcard, an anonymous node, a supertype-style `a/b`, a
/// quantified or anchored start, or text this reader does not follow.
pub(crate) fn root_kinds(pattern: &str) -> Option<Vec<String>> {
    let (kinds, end) = item(pattern, skip(pattern, 0))?;
    (!quantified(pattern, end)).then_some(kinds)
}

/// Whether some named node under `root` has one of `kinds`, or one of them cannot be looked for by its
/// name in `grammar` (a supertype such as `expression` matches nodes of other names; a kind the grammar
/// lacks is left to the query to reject).
pub(crate) fn any_kind_present(root: Node<'_>, grammar: Grammar, kinds: &[&str]) -> bool {
    let language = grammar.ts_language();
    let by_name_only = kinds.iter().all(|kind| {
        let id = language.id_for_node_kind(kind, true);
        id != 0 && !language.node_kind_is_supertype(id)
    });
    if !by_name_only {
        return true;
    }
    let mut cursor = root.walk();
    loop {
        let node = cursor.node();
        if node.is_named() && kinds.contains(&node.kind()) {
            return true;
        }
        if cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                return false;
            }
        }
    }
}

/// The root kinds of the item starting at byte `at` (a node pattern, a group or an alternation) and the
/// byte after it.
fn item(s: &str, at: usize) -> Option<(Vec<String>, usize)> {
    let end = close(s, at)?;
    match s.as_bytes().get(at)? {
        b'[' => {
            let mut kinds = Vec::new();
            let mut i = skip(s, at + 1);
            while s.as_bytes().get(i)? != &b']' {
                let (more, after) = item(s, i)?;
                if quantified(s, after) {
                    return None;
                }
                kinds.extend(more);
                i = skip_captures(s, after);
            }
            (!kinds.is_empty()).then_some((kinds, end))
        }
        b'(' => {
            let inner = skip(s, at + 1);
            match s.as_bytes().get(inner)? {
                // A group (`((a) @x (#eq? …))`, a sequence `((a) (b))`): its first item starts it.
                b'(' | b'[' => {
                    let (kinds, after) = item(s, inner)?;
                    (!quantified(s, after)).then_some((kinds, end))
                }
                _ => {
                    let name_end = s[inner..]
                        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                        .map(|n| inner + n)?;
                    let name = &s[inner..name_end];
                    let special = name.is_empty()
                        || name.starts_with('_')
                        || name == "ERROR"
                        || name == "MISSING"
                        || s[name_end..].starts_with('/');
                    (!special).then(|| (vec![name.to_string()], end))
                }
            }
        }
        _ => None,
    }
}

/// The byte after the bracket that closes the one at `at`, skipping strings and comments.
fn close(s: &str, at: usize) -> Option<usize> {
    let bytes = s.as_bytes();
    if !matches!(bytes.get(at)?, b'(' | b'[') {
        return None;
    }
    let mut depth = 0usize;
    let mut i = at;
    while i < bytes.len() {
        match bytes[i] {
            b'(' | b'[' => depth += 1,
            b')' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            b'"' => {
                i += 1;
                while *bytes.get(i)? != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b';' => {
                while bytes.get(i).is_some_and(|b| *b != b'\n') {
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// `at` past blanks and `;` comments.
fn skip(s: &str, mut at: usize) -> usize {
    let bytes = s.as_bytes();
    loop {
        match bytes.get(at) {
            Some(b) if b.is_ascii_whitespace() => at += 1,
            Some(b';') => {
                while bytes.get(at).is_some_and(|b| *b != b'\n') {
                    at += 1;
                }
            }
            _ => return at,
        }
    }
}

/// `at` past blanks and captures (`@name`).
fn skip_captures(s: &str, at: usize) -> usize {
    let mut at = skip(s, at);
    while s.as_bytes().get(at) == Some(&b'@') {
        at += 1;
        while s
            .as_bytes()
            .get(at)
            .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
        {
            at += 1;
        }
        at = skip(s, at);
    }
    at
}

/// Whether the item ending before `at` is quantified (`?`, `*`, `+`): it may match no node, so the
/// pattern may start at whatever follows.
fn quantified(s: &str, at: usize) -> bool {
    matches!(s.as_bytes().get(skip(s, at)), Some(b'?' | b'*' | b'+'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    fn kinds(pattern: &str) -> Option<Vec<String>> {
        root_kinds(pattern)
    }

    #[test]
    fn a_pattern_starts_at_its_root_kind_or_at_any_of_an_alternation() {
        let call = r#"(call_expression
  function: [(identifier) @fn (member_expression property: (property_identifier) @p)]
  arguments: (arguments (string) @s) ; a comment with ( and "
  (#any-of? @fn "exec" "spawn")) @hit"#;
        assert_eq!(kinds(call), Some(vec!["call_expression".to_string()]));
        let grouped = r#"((array) @hit (#match? @hit "A(WS|B)\"["))"#;
        assert_eq!(kinds(grouped), Some(vec!["array".to_string()]));
        let either = "[(new_expression) @n (call_expression) @c]";
        assert_eq!(
            kinds(either),
            Some(vec![
                "new_expression".to_string(),
                "call_expression".to_string()
            ])
        );
        // Nothing to look for by name: any node, an anonymous node, a supertype, an optional start.
        for unknown in [
            "(_ (identifier)) @x",
            r#""eval" @x"#,
            "(expression/identifier) @x",
            "((comment)? . (identifier)) @x",
            "(identifier)* @x",
            "[(identifier) \"eval\"] @x",
            "(call_expression",
            "(ERROR) @e",
        ] {
            assert_eq!(kinds(unknown), None, "{unknown}");
        }
    }

    #[test]
    fn a_tree_without_the_root_kinds_holds_no_match() {
        let declarations =
            "export declare function exec(command: string): Promise<string>;\nexport interface A { request(url: string): void }\n";
        let tree = parse(Grammar::Typescript, declarations).unwrap_or_else(|e| panic!("{e:?}"));
        let root = tree.root_node();
        assert!(!any_kind_present(
            root,
            Grammar::Typescript,
            &["call_expression", "new_expression"]
        ));
        assert!(any_kind_present(
            root,
            Grammar::Typescript,
            &["call_expression", "interface_declaration"]
        ));
        // A supertype is matched through other kinds' names, so it is never ruled out by name.
        assert!(any_kind_present(root, Grammar::Typescript, &["expression"]));
        let calls = "exec(`ls`);";
        let tree = parse(Grammar::Typescript, calls).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(any_kind_present(
            tree.root_node(),
            Grammar::Typescript,
            &["call_expression"]
        ));
    }
}
