//! The tree, read fast: node kind names and field ids by number for the tree's grammar, and the walk
//! recorded once for every pass to replay.

use tree_sitter::Node;

/// Iterates a subtree in document order, calling `enter` and `leave`; stops after `limit` nodes.
pub(super) fn traverse<'a>(
    root: Node<'a>,
    limit: usize,
    mut visit: impl FnMut(Node<'a>, bool),
) -> bool {
    let mut cursor = root.walk();
    let mut seen = 0usize;
    loop {
        let node = cursor.node();
        visit(node, true);
        seen += 1;
        if seen > limit {
            return false;
        }
        if cursor.goto_first_child() {
            continue;
        }
        loop {
            let node = cursor.node();
            visit(node, false);
            if node.id() == root.id() {
                return true;
            }
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return true;
            }
        }
    }
}

/// A grammar's node kind names by kind id, and which kinds the walk acts on.
pub(super) struct KindTable {
    names: Vec<&'static str>,
    /// Field names by field id (id 0 is no field).
    fields: Vec<&'static str>,
    /// The ids of [`COMMON_FIELDS`], in that order (0: not in this grammar).
    common: [u16; COMMON_FIELDS.len()],
    function: Vec<bool>,
    visited: Vec<bool>,
}

/// Nodes that hold a function body (and open a scope).
const FUNCTION_KINDS: &[&str] = &[
    "function_declaration",
    "function_expression",
    "function",
    "generator_function",
    "generator_function_declaration",
    "arrow_function",
    "method_definition",
    "function_definition",
    "lambda",
];

/// The fields the analysis asks for on most nodes, found by a `match` on the name rather than by
/// comparing it with every field name of the grammar.
const COMMON_FIELDS: [&str; 14] = [
    "value",
    "name",
    "object",
    "left",
    "property",
    "function",
    "alias",
    "right",
    "key",
    "attribute",
    "parameters",
    "parameter",
    "arguments",
    "body",
];

fn common_field(name: &str) -> Option<usize> {
    Some(match name {
        "value" => 0,
        "name" => 1,
        "object" => 2,
        "left" => 3,
        "property" => 4,
        "function" => 5,
        "alias" => 6,
        "right" => 7,
        "key" => 8,
        "attribute" => 9,
        "parameters" => 10,
        "parameter" => 11,
        "arguments" => 12,
        "body" => 13,
        _ => return None,
    })
}

/// Nodes [`Analysis::visit`] acts on; the walk skips every other node.
const VISITED_KINDS: &[&str] = &[
    "variable_declarator",
    "assignment_expression",
    "assignment",
    "augmented_assignment_expression",
    "augmented_assignment",
    "for_in_statement",
    "for_statement",
    "for_in_clause",
    "with_item",
    "return_statement",
    "call_expression",
    "new_expression",
    "call",
    // Python: `@hook` over a definition calls `hook` with the function.
    "decorator",
];

impl KindTable {
    pub(super) fn new(language: &tree_sitter::Language) -> KindTable {
        let names: Vec<&'static str> = (0..language.node_kind_count())
            .map(|id| language.node_kind_for_id(id as u16).unwrap_or(""))
            .collect();
        let function = names.iter().map(|n| FUNCTION_KINDS.contains(n)).collect();
        let visited = names.iter().map(|n| VISITED_KINDS.contains(n)).collect();
        let fields: Vec<&'static str> = (0..=language.field_count())
            .map(|id| language.field_name_for_id(id as u16).unwrap_or(""))
            .collect();
        let common = COMMON_FIELDS.map(|name| search_field(&fields, name).unwrap_or(0));
        KindTable {
            names,
            fields,
            common,
            function,
            visited,
        }
    }

    /// The id of a field name; `Node::child_by_field_name` compares the name with every field's
    /// name on each call.
    pub(super) fn field_id(&self, name: &str) -> Option<u16> {
        match common_field(name) {
            Some(at) => Some(self.common[at]).filter(|id| *id != 0),
            None => search_field(&self.fields, name),
        }
    }

    pub(super) fn name(&self, node: Node) -> &'static str {
        self.names
            .get(usize::from(node.kind_id()))
            .copied()
            .unwrap_or("")
    }

    pub(super) fn is_function(&self, node: Node) -> bool {
        self.function
            .get(usize::from(node.kind_id()))
            .copied()
            .unwrap_or(false)
    }

    pub(super) fn is_visited(&self, node: Node) -> bool {
        self.visited
            .get(usize::from(node.kind_id()))
            .copied()
            .unwrap_or(false)
    }
}

/// The id of `name` among a grammar's field names (index 0 is no field).
fn search_field(fields: &[&str], name: &str) -> Option<u16> {
    let id = fields.iter().skip(1).position(|f| *f == name)?;
    u16::try_from(id + 1).ok()
}

/// What the walk does, in document order: the prepass records it once, every pass replays it (walking
/// the tree again cost more than the analysis itself).
#[derive(Clone, Copy)]
pub(super) enum Step<'t> {
    /// A function starts: open its scope.
    Enter(Node<'t>),
    /// The innermost open function ends.
    Leave,
    /// A node [`Analysis::visit`] acts on.
    Visit(Node<'t>),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::Grammar;

    #[test]
    fn common_fields_have_the_ids_a_search_of_the_grammar_gives() {
        for grammar in [
            Grammar::Javascript,
            Grammar::Typescript,
            Grammar::Tsx,
            Grammar::Python,
        ] {
            let table = KindTable::new(&grammar.ts_language());
            let mut found = 0;
            for name in COMMON_FIELDS {
                let id = table.field_id(name);
                assert_eq!(id, search_field(&table.fields, name), "{grammar:?} {name}");
                found += usize::from(id.is_some());
            }
            // Every grammar has most of them (`function` and `arguments` of a call, `left`, `right`…).
            assert!(found >= 8, "{grammar:?}: {found}");
            assert_eq!(table.field_id("no_such_field"), None);
            assert_eq!(
                table.field_id("operator"),
                search_field(&table.fields, "operator")
            );
            assert!(table.field_id("operator").is_some(), "{grammar:?}");
        }
    }
}
