//! Which code runs when a module is imported: its top level, and the functions the top level calls
//! (transitively, within the module). A credential read inside a function nobody calls on import is a
//! capability; the same read reached from the module's top level happens to everyone who imports it.

use crate::syntax::Grammar;
use std::collections::{HashMap, HashSet};
use tree_sitter::{Node, Tree};

/// Answers "does this byte run at import time?" for one parsed module.
pub(crate) struct ImportTimeMap {
    /// Top-level named functions: (start, end, name).
    functions: Vec<(usize, usize, String)>,
    /// Regions that never run on import: `if __name__ == "__main__":` blocks, class method bodies.
    excluded: Vec<(usize, usize)>,
    reachable: HashSet<String>,
}

impl ImportTimeMap {
    /// Builds the map from a module's tree; offsets are relative to the tree's text.
    pub(crate) fn new(tree: &Tree, text: &str, grammar: Grammar) -> ImportTimeMap {
        let mut map = ImportTimeMap {
            functions: Vec::new(),
            excluded: Vec::new(),
            reachable: HashSet::new(),
        };
        let root = tree.root_node();
        let mut top_calls = HashSet::new();
        let mut calls_in: HashMap<String, HashSet<String>> = HashMap::new();
        let mut cursor = root.walk();
        for statement in root.named_children(&mut cursor) {
            if let Some((name, body)) = named_function(statement, text, grammar) {
                map.functions
                    .push((statement.start_byte(), statement.end_byte(), name.clone()));
                collect_calls(body, text, grammar, calls_in.entry(name).or_default());
            } else if is_main_guard(statement, text, grammar) || is_class(statement) {
                map.excluded
                    .push((statement.start_byte(), statement.end_byte()));
            } else {
                collect_calls(statement, text, grammar, &mut top_calls);
            }
        }
        // Everything the top level calls, and everything those call, within this module.
        let mut pending: Vec<String> = top_calls.into_iter().collect();
        while let Some(name) = pending.pop() {
            if map.reachable.insert(name.clone()) {
                if let Some(callees) = calls_in.get(&name) {
                    pending.extend(callees.iter().cloned());
                }
            }
        }
        map
    }

    pub(crate) fn runs_on_import(&self, offset: usize) -> bool {
        if self
            .excluded
            .iter()
            .any(|(s, e)| *s <= offset && offset < *e)
        {
            return false;
        }
        match self
            .functions
            .iter()
            .find(|(s, e, _)| *s <= offset && offset < *e)
        {
            Some((_, _, name)) => self.reachable.contains(name),
            None => true,
        }
    }
}

/// A top-level function definition: its name and the node whose calls it makes.
fn named_function<'t>(node: Node<'t>, text: &str, grammar: Grammar) -> Option<(String, Node<'t>)> {
    let name_of = |n: Node| {
        n.child_by_field_name("name")
            .map(|name| node_text(name, text).to_string())
    };
    match (grammar, node.kind()) {
        (Grammar::Python, "function_definition") => Some((name_of(node)?, node)),
        (Grammar::Python, "decorated_definition") => {
            let inner = node.child_by_field_name("definition")?;
            (inner.kind() == "function_definition")
                .then(|| Some((name_of(inner)?, inner)))
                .flatten()
        }
        (Grammar::Python, _) => None,
        (_, "function_declaration" | "generator_function_declaration") => {
            Some((name_of(node)?, node))
        }
        (_, "export_statement") => {
            let inner = node.child_by_field_name("declaration")?;
            named_function(inner, text, grammar)
        }
        (_, "lexical_declaration" | "variable_declaration") => {
            // `const run = () => {…}` / `const run = function () {…}`: one declarator holding a function.
            let mut cursor = node.walk();
            let declarators: Vec<Node> = node.named_children(&mut cursor).collect();
            let [declarator] = declarators.as_slice() else {
                return None;
            };
            let value = declarator.child_by_field_name("value")?;
            matches!(
                value.kind(),
                "arrow_function" | "function_expression" | "function"
            )
            .then(|| Some((name_of(*declarator)?, value)))
            .flatten()
        }
        _ => None,
    }
}

fn is_class(node: Node) -> bool {
    matches!(node.kind(), "class_definition" | "class_declaration")
        || (node.kind() == "decorated_definition"
            && node
                .child_by_field_name("definition")
                .is_some_and(|d| d.kind() == "class_definition"))
}

fn is_main_guard(node: Node, text: &str, grammar: Grammar) -> bool {
    grammar == Grammar::Python
        && node.kind() == "if_statement"
        && node
            .child_by_field_name("condition")
            .is_some_and(|c| node_text(c, text).contains("__name__"))
}

/// Names of functions called anywhere under `node` (the last segment of `a.b.c()`).
fn collect_calls(node: Node, text: &str, grammar: Grammar, into: &mut HashSet<String>) {
    let call_kind = if grammar == Grammar::Python {
        "call"
    } else {
        "call_expression"
    };
    let mut cursor = node.walk();
    let mut stack = vec![node];
    while let Some(current) = stack.pop() {
        if current.kind() == call_kind {
            if let Some(callee) = current.child_by_field_name("function") {
                let name = match callee.kind() {
                    "attribute" => callee.child_by_field_name("attribute"),
                    "member_expression" => callee.child_by_field_name("property"),
                    _ => Some(callee),
                };
                if let Some(name) = name {
                    into.insert(node_text(name, text).to_string());
                }
            }
        }
        stack.extend(current.named_children(&mut cursor));
    }
}

fn node_text<'a>(node: Node, text: &'a str) -> &'a str {
    text.get(node.start_byte()..node.end_byte()).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    fn runs(grammar: Grammar, text: &str, marker: &str) -> bool {
        let tree = parse(grammar, text).unwrap();
        let map = ImportTimeMap::new(&tree, text, grammar);
        map.runs_on_import(text.find(marker).unwrap())
    }

    const PY: &str = r#"
import os

def _collect():
    return open(os.path.expanduser("~/.ssh/id_rsa")).read()  # COLLECT

def _report():
    send(_collect())

def unused():
    os.system("UNUSED")

class Client:
    def get(self):
        return "METHOD"

_report()
TOP = os.environ.get("TOPLEVEL")

if __name__ == "__main__":
    os.system("MAINGUARD")
"#;

    #[test]
    fn python_top_level_and_what_it_calls() {
        assert!(
            runs(Grammar::Python, PY, "COLLECT"),
            "reached through _report -> _collect"
        );
        assert!(runs(Grammar::Python, PY, "TOPLEVEL"));
        assert!(!runs(Grammar::Python, PY, "UNUSED"));
        assert!(!runs(Grammar::Python, PY, "METHOD"));
        assert!(!runs(Grammar::Python, PY, "MAINGUARD"));
    }

    const JS: &str = r#"
const https = require('https');
function beacon() { https.request('BEACON'); }
const helper = () => { exec('HELPER'); };
export function api() { return 'EXPORTED'; }
beacon();
module.exports = { api, run: () => 'LATER' };
"#;

    #[test]
    fn javascript_top_level_and_what_it_calls() {
        assert!(runs(Grammar::Javascript, JS, "BEACON"));
        assert!(!runs(Grammar::Javascript, JS, "HELPER"));
        assert!(!runs(Grammar::Javascript, JS, "EXPORTED"));
        assert!(runs(Grammar::Javascript, JS, "require('https')"));
    }
}
