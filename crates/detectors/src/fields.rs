//! A node's child in a named field, with the field's id looked up cheaply.
//!
//! `Node::child_by_field_name` finds the field's id by comparing the name with every field name of the
//! grammar (`strncmp` in a loop) on each call, and the evaluators ask for fields on most nodes they
//! visit: the look-up was about 6 % of a large bundle's scan. [`FieldChild::field_child`] finds the
//! name's place by a `match` and the id in a table made once per grammar and thread; a name outside
//! the list takes tree-sitter's own look-up, so the answer is always the same.

use std::cell::RefCell;
use tree_sitter::{Language, Node};

/// The field names the detectors ask for, each with its place in a grammar's table.
const NAMES: [&str; 34] = [
    "function",
    "arguments",
    "value",
    "name",
    "object",
    "body",
    "right",
    "left",
    "attribute",
    "key",
    "property",
    "alias",
    "operator",
    "parameters",
    "constructor",
    "definition",
    "parameter",
    "module_name",
    "condition",
    "subscript",
    "source",
    "pattern",
    "index",
    "declaration",
    "argument",
    "type_conversion",
    "type",
    "superclasses",
    "format_specifier",
    "expression",
    "consequence",
    "alternative",
    "label",
    "decorator",
];

/// The place of `name` in [`NAMES`].
fn place(name: &str) -> Option<usize> {
    Some(match name {
        "function" => 0,
        "arguments" => 1,
        "value" => 2,
        "name" => 3,
        "object" => 4,
        "body" => 5,
        "right" => 6,
        "left" => 7,
        "attribute" => 8,
        "key" => 9,
        "property" => 10,
        "alias" => 11,
        "operator" => 12,
        "parameters" => 13,
        "constructor" => 14,
        "definition" => 15,
        "parameter" => 16,
        "module_name" => 17,
        "condition" => 18,
        "subscript" => 19,
        "source" => 20,
        "pattern" => 21,
        "index" => 22,
        "declaration" => 23,
        "argument" => 24,
        "type_conversion" => 25,
        "type" => 26,
        "superclasses" => 27,
        "format_specifier" => 28,
        "expression" => 29,
        "consequence" => 30,
        "alternative" => 31,
        "label" => 32,
        "decorator" => 33,
        _ => return None,
    })
}

/// A grammar's id for each of [`NAMES`] (0: the grammar has no such field).
type Table = [u16; NAMES.len()];

thread_local! {
    /// The tables of the grammars this thread has seen (a handful at most).
    static TABLES: RefCell<Vec<(Language, Table)>> = const { RefCell::new(Vec::new()) };
}

/// The id of field `name` in `language` (`None`: the grammar has no such field).
fn field_id(language: &Language, name: &str) -> Option<u16> {
    let Some(at) = place(name) else {
        return language.field_id_for_name(name).map(|id| id.get());
    };
    let id = TABLES.with(|tables| {
        let mut tables = tables.borrow_mut();
        if let Some((_, table)) = tables.iter().find(|(known, _)| known == language) {
            return table[at];
        }
        let table = NAMES.map(|name| language.field_id_for_name(name).map_or(0, |id| id.get()));
        tables.push((language.clone(), table));
        table[at]
    });
    Some(id).filter(|id| *id != 0)
}

/// `Node::child_by_field_name`, with the field's id from a table.
pub(crate) trait FieldChild<'tree> {
    fn field_child(&self, name: &str) -> Option<Node<'tree>>;
}

impl<'tree> FieldChild<'tree> for Node<'tree> {
    fn field_child(&self, name: &str) -> Option<Node<'tree>> {
        self.child_by_field_id(field_id(&self.language(), name)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::Grammar;

    #[test]
    fn every_name_has_its_own_place() {
        for (at, name) in NAMES.iter().enumerate() {
            assert_eq!(place(name), Some(at), "{name}");
        }
        assert_eq!(place("no_such_field"), None);
    }

    /// The table's answer equals tree-sitter's own look-up for every listed name, in every grammar, on
    /// every node of a small program.
    #[test]
    fn same_child_as_child_by_field_name() {
        let programs = [
            (
                Grammar::Javascript,
                "const { a: b } = require('x'); function f(p, ...q) { return new C(p[0] ? q : `t${p}`); } for (const k in o) { o.k = k; }",
            ),
            (
                Grammar::Python,
                "import os as o\nfrom a.b import c as d\n@dec\ndef f(x: int = 1, *a, **k) -> str:\n    return f'{x!r:>3}' if x[1:2] else o.system(x)\nclass K(B):\n    y = lambda z: z\n",
            ),
            (
                Grammar::Typescript,
                "export default class A<T> extends B { m(x: T): void { label: for (;;) { break label; } } }",
            ),
            (
                Grammar::Bash,
                "f() { local x=$(curl -s \"$1\"); if [ -n \"$x\" ]; then echo \"${x:-y}\" | sh; fi; }",
            ),
        ];
        let mut checked = 0;
        for (grammar, source) in programs {
            let mut parser = tree_sitter::Parser::new();
            parser
                .set_language(&grammar.ts_language())
                .expect("grammar loads");
            let tree = parser.parse(source, None).expect("parses");
            let mut stack = vec![tree.root_node()];
            while let Some(node) = stack.pop() {
                for name in NAMES.iter().copied().chain(["no_such_field"]) {
                    assert_eq!(
                        node.field_child(name),
                        node.child_by_field_name(name),
                        "{name} of {}",
                        node.kind()
                    );
                    checked += 1;
                }
                let mut cursor = node.walk();
                stack.extend(node.children(&mut cursor));
            }
        }
        assert!(checked > 1000);
    }
}
