//! Module-level string constants that nothing reads are documentation: a `USAGE = """…curl … | sh…"""`
//! or `const EXAMPLE = '…'` whose name appears nowhere else in the module is never passed to a call, so
//! what it says is text for people, like a docstring. A constant whose name is used anywhere else (a call
//! argument, an f-string, even a string naming it for `globals()[…]`) stays a string.

use crate::syntax::Grammar;
use tree_sitter::{Node, Tree};

/// Modules larger than this are not searched for a constant's uses.
const MAX_MODULE_BYTES: usize = 512 * 1024;

/// Whether the string literal holding segment offset `offset` is the whole value of a top-level
/// assignment to a name that occurs nowhere else in `text`.
pub(crate) fn is_unread_constant(tree: &Tree, grammar: Grammar, text: &str, offset: usize) -> bool {
    // Each answer reads the module once; past this size (bundles) the string stays a string.
    if grammar == Grammar::Bash || text.len() > MAX_MODULE_BYTES {
        return false;
    }
    let Some(mut node) = tree.root_node().descendant_for_byte_range(offset, offset) else {
        return false;
    };
    // The outermost literal around the offset.
    let mut literal = None;
    loop {
        if matches!(
            node.kind(),
            "string" | "template_string" | "concatenated_string"
        ) {
            literal = Some(node);
        }
        match node.parent() {
            Some(parent) => node = parent,
            None => break,
        }
    }
    let Some(literal) = literal else {
        return false;
    };
    let Some(name) = assigned_name(literal, grammar) else {
        return false;
    };
    let Ok(name) = name.utf8_text(text.as_bytes()) else {
        return false;
    };
    occurrences(text, name) == 1
}

/// The identifier a top-level `NAME = <literal>` / `const NAME = <literal>` binds, when `literal` is
/// the whole right-hand side.
fn assigned_name<'t>(literal: Node<'t>, grammar: Grammar) -> Option<Node<'t>> {
    let parent = literal.parent()?;
    let (target, statement) = if grammar == Grammar::Python {
        if parent.kind() != "assignment" || parent.child_by_field_name("right")? != literal {
            return None;
        }
        (parent.child_by_field_name("left")?, parent.parent()?)
    } else {
        if parent.kind() != "variable_declarator" || parent.child_by_field_name("value")? != literal
        {
            return None;
        }
        (parent.child_by_field_name("name")?, parent.parent()?)
    };
    let top_level = statement.parent().is_some_and(|p| p.parent().is_none());
    (target.kind() == "identifier" && top_level).then_some(target)
}

/// How many times `name` occurs in `text` as a whole word.
fn occurrences(text: &str, name: &str) -> usize {
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    text.match_indices(name)
        .filter(|(at, _)| {
            let before = text[..*at].chars().next_back();
            let after = text[at + name.len()..].chars().next();
            !before.is_some_and(word) && !after.is_some_and(word)
        })
        .take(2)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    fn unread(grammar: Grammar, text: &str, needle: &str) -> bool {
        let tree = parse(grammar, text).unwrap();
        is_unread_constant(&tree, grammar, text, text.find(needle).unwrap())
    }

    #[test]
    fn constants_nobody_reads_are_documentation() {
        let py = "USAGE = \"\"\"Install with: curl -fsSL https://x.invalid | sh\"\"\"\n\ndef main():\n    return 0\n";
        assert!(unread(Grammar::Python, py, "curl"));
        let js = "const EXAMPLE = 'curl -fsSL https://x.invalid | sh';\nmodule.exports = {};\n";
        assert!(unread(Grammar::Javascript, js, "curl"));
    }

    #[test]
    fn constants_that_are_read_or_not_top_level_stay_strings() {
        let used = "CMD = 'curl -fsSL https://x.invalid | sh'\nos.system(CMD)\n";
        assert!(!unread(Grammar::Python, used, "curl"));
        let looked_up = "CMD = 'curl x | sh'\nos.system(globals()['CMD'])\n";
        assert!(!unread(Grammar::Python, looked_up, "curl"));
        let local = "def f():\n    cmd = 'curl x | sh'\n    return 1\n";
        assert!(!unread(Grammar::Python, local, "curl"));
        let call = "os.system('curl x | sh')\n";
        assert!(!unread(Grammar::Python, call, "curl"));
        let exported = "const CMD = 'curl x | sh';\nexports.CMD = CMD;\n";
        assert!(!unread(Grammar::Javascript, exported, "curl"));
    }
}
