//! A node's kind name from a table made once per grammar and thread.
//!
//! `Node::kind` asks tree-sitter for the name, then measures it (`strlen`) and checks it is UTF-8 on
//! every call; the evaluators ask on almost every node they visit, and those checks alone were about
//! 2 % of scanning a bundle-heavy package (prettier). [`NodeKind::kind_name`] reads the same name from
//! a table indexed by the node's kind id (tree-sitter names a node by its public symbol, the id
//! `Node::kind_id` gives); an id outside the table (the error symbols) takes `Node::kind`, so the answer
//! is always the same.

use std::cell::RefCell;
use tree_sitter::{Language, Node};

thread_local! {
    /// The kind names of the grammars this thread has seen (a handful at most), by kind id.
    static TABLES: RefCell<Vec<(Language, Vec<&'static str>)>> = const { RefCell::new(Vec::new()) };
}

/// `Node::kind`, from a table.
pub(crate) trait NodeKind {
    fn kind_name(&self) -> &'static str;
}

impl NodeKind for Node<'_> {
    fn kind_name(&self) -> &'static str {
        name_of(&self.language(), self.kind_id()).unwrap_or_else(|| self.kind())
    }
}

/// The name of kind `id` in `language` (`None`: not in the table).
fn name_of(language: &Language, id: u16) -> Option<&'static str> {
    TABLES.with(|tables| {
        let mut tables = tables.borrow_mut();
        let at = match tables.iter().position(|(seen, _)| seen == language) {
            Some(at) => at,
            None => {
                let names = (0..language.node_kind_count())
                    .map(|id| {
                        u16::try_from(id)
                            .ok()
                            .and_then(|id| language.node_kind_for_id(id))
                            .unwrap_or("")
                    })
                    .collect();
                tables.push((language.clone(), names));
                tables.len() - 1
            }
        };
        tables[at]
            .1
            .get(usize::from(id))
            .copied()
            .filter(|name| !name.is_empty())
    })
}

#[cfg(test)]
mod tests {
    use super::NodeKind;
    use crate::syntax::Grammar;

    /// The table's name equals `Node::kind` on every node of programs in every grammar, broken ones
    /// (error and missing nodes) included.
    #[test]
    fn same_name_as_kind() {
        let programs = [
            (
                Grammar::Javascript,
                "const { a: b } = require('x'); class K extends B { #p = 1; get g() { return this.#p; } }\nlet s = `t${p}`; (( => ; import('y')",
            ),
            (
                Grammar::Typescript,
                "export default class A<T> extends B implements C { m(x: T): void { for (;;) {} } } enum E { a = 1 }",
            ),
            (
                Grammar::Tsx,
                "const v = <div a={1}>{x as any}</div>; function f<T,>(p: T) { return p!; }",
            ),
            (
                Grammar::Python,
                "import os as o\n@dec\ndef f(x: int = 1, *a, **k) -> str:\n    return f'{x!r:>3}' if x[1:2] else o.system(x)\nclass K(B:\n",
            ),
            (
                Grammar::Bash,
                "f() { local x=$(curl -s \"$1\"); if [ -n \"$x\" ]; then echo \"${x:-y}\" | sh; fi; } <<< ((",
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
                assert_eq!(node.kind_name(), node.kind(), "{grammar:?}");
                checked += 1;
                let mut cursor = node.walk();
                stack.extend(node.children(&mut cursor));
            }
        }
        assert!(checked > 300);
    }
}
