//! Which code runs when a module is imported: its top level, and the functions the top level calls
//! (transitively, within the module). A credential read inside a function nobody calls on import is a
//! capability; the same read reached from the module's top level happens to everyone who imports it.
//!
//! Nested functions (callbacks, closures, methods) run only when something calls them later, so they are
//! not import time, with two exceptions that do run right away: immediately-invoked functions and callbacks
//! handed to schedulers (`setTimeout`, `process.nextTick`, `.then`, …).

use crate::syntax::Grammar;
use std::collections::{HashMap, HashSet};
use tree_sitter::{Node, Tree};

/// Functions that call their callback soon after import.
const SCHEDULERS: &[&str] = &[
    "setTimeout",
    "setImmediate",
    "setInterval",
    "nextTick",
    "queueMicrotask",
    "then",
    "catch",
    "finally",
];

/// Answers "does this byte run at import time?" for one parsed module.
pub(crate) struct ImportTimeMap<'t> {
    tree: &'t Tree,
    text: &'t str,
    grammar: Grammar,
    /// Top-level named functions: the node holding the body, by start byte, and its name.
    functions: HashMap<usize, String>,
    reachable: HashSet<String>,
}

impl<'t> ImportTimeMap<'t> {
    /// Builds the map from a module's tree; offsets are relative to the tree's text.
    pub(crate) fn new(tree: &'t Tree, text: &'t str, grammar: Grammar) -> ImportTimeMap<'t> {
        let mut map = ImportTimeMap {
            tree,
            text,
            grammar,
            functions: HashMap::new(),
            reachable: HashSet::new(),
        };
        let root = tree.root_node();
        let mut top_calls = HashSet::new();
        let mut calls_in: HashMap<String, HashSet<String>> = HashMap::new();
        let mut cursor = root.walk();
        for statement in root.named_children(&mut cursor) {
            if let Some((name, function)) = named_function(statement, text, grammar) {
                map.functions.insert(function.start_byte(), name.clone());
                map.collect_calls(function, calls_in.entry(name).or_default());
            } else if !is_main_guard(statement, text, grammar) && !is_class(statement) {
                map.collect_calls(statement, &mut top_calls);
            }
        }
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
        let root = self.tree.root_node();
        let Some(mut node) = root.descendant_for_byte_range(offset, offset) else {
            return false;
        };
        loop {
            if let Some(name) = self
                .functions
                .get(&node.start_byte())
                .filter(|_| is_function(node))
            {
                return self.reachable.contains(name);
            }
            if is_function(node) && !self.runs_immediately(node) {
                return false;
            }
            let Some(parent) = node.parent() else {
                return true;
            };
            if parent.id() == root.id() {
                return !is_main_guard(node, self.text, self.grammar) && !is_class(node);
            }
            node = parent;
        }
    }

    /// An immediately-invoked function, or a callback handed to a scheduler.
    fn runs_immediately(&self, function: Node) -> bool {
        let mut parent = function.parent();
        while let Some(p) = parent.filter(|p| p.kind() == "parenthesized_expression") {
            parent = p.parent();
        }
        let Some(parent) = parent else { return false };
        if matches!(parent.kind(), "call_expression" | "call") {
            return true;
        }
        if parent.kind() == "arguments" {
            let callee = parent
                .parent()
                .and_then(|call| call.child_by_field_name("function"));
            return callee
                .is_some_and(|callee| SCHEDULERS.contains(&callee_name(callee, self.text)));
        }
        false
    }

    /// Names of functions called under `node` that run when `node` runs (not inside later-run closures).
    fn collect_calls(&self, node: Node, into: &mut HashSet<String>) {
        let call_kind = if self.grammar == Grammar::Python {
            "call"
        } else {
            "call_expression"
        };
        let mut cursor = node.walk();
        let mut stack: Vec<Node> = node.named_children(&mut cursor).collect();
        while let Some(current) = stack.pop() {
            if is_function(current) && !self.runs_immediately(current) {
                continue;
            }
            if current.kind() == call_kind {
                if let Some(callee) = current.child_by_field_name("function") {
                    into.insert(callee_name(callee, self.text).to_string());
                }
            }
            stack.extend(current.named_children(&mut cursor));
        }
    }
}

fn is_function(node: Node) -> bool {
    matches!(
        node.kind(),
        "function_definition"
            | "lambda"
            | "function_declaration"
            | "generator_function_declaration"
            | "function_expression"
            | "function"
            | "generator_function"
            | "arrow_function"
            | "method_definition"
    )
}

/// A top-level function definition: its name and its function node.
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
            is_function(value)
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

/// `a.b.c` → `c`; `run` → `run`.
fn callee_name<'a>(callee: Node, text: &'a str) -> &'a str {
    let name = match callee.kind() {
        "attribute" => callee.child_by_field_name("attribute"),
        "member_expression" => callee.child_by_field_name("property"),
        _ => Some(callee),
    };
    name.map_or("", |n| node_text(n, text))
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

def factory():
    def inner():
        return "CLOSURE"
    return inner

class Client:
    def get(self):
        return "METHOD"

_report()
factory()
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
        assert!(
            !runs(Grammar::Python, PY, "CLOSURE"),
            "a closure built at import runs later"
        );
    }

    const JS: &str = r#"
const https = require('https');
function beacon() { https.request('BEACON'); }
const helper = () => { exec('HELPER'); };
export function api() { return 'EXPORTED'; }
const adapter = (() => { return async (config) => fetch('ADAPTER', { method: 'POST' }); })();
(async () => { await fetch('IIFE'); })();
setTimeout(() => exec('SCHEDULED'), 1000);
app.get('/', (req, res) => fetch('HANDLER'));
beacon();
module.exports = { api, run: () => 'LATER' };
"#;

    #[test]
    fn javascript_top_level_and_what_it_calls() {
        assert!(runs(Grammar::Javascript, JS, "BEACON"));
        assert!(!runs(Grammar::Javascript, JS, "HELPER"));
        assert!(!runs(Grammar::Javascript, JS, "EXPORTED"));
        assert!(runs(Grammar::Javascript, JS, "require('https')"));
        assert!(
            !runs(Grammar::Javascript, JS, "ADAPTER"),
            "the returned adapter runs when called"
        );
        assert!(runs(Grammar::Javascript, JS, "IIFE"));
        assert!(runs(Grammar::Javascript, JS, "SCHEDULED"));
        assert!(!runs(Grammar::Javascript, JS, "HANDLER"));
        assert!(!runs(Grammar::Javascript, JS, "LATER"));
    }
}
