//! What an expression evaluated to, remembered while the names it could read stay as they were.
//!
//! A call evaluates its callee's object twice (once for a method of a known value, once as the callee
//! path), one level deeper the second time, so a method chain `a.b().c().d()…` of n calls costs 2^n
//! evaluations, cut only by the step budget; and the walker evaluates every call of a chain again for
//! the record of calls, the cheap look and the rendering. Minified bundles are full of such chains (a
//! promise chain, a builder), and a 200 KB bundle spent most of its evaluation re-deriving the same
//! unknowns.
//!
//! The evaluation of an expression is a function of the node, the depth it is asked at (past
//! `MAX_EVAL_DEPTH` a value is unknown), the names bound ([`Env`](super::super::Env)) and the module's
//! helpers, given enough budget. So a result is kept under `(node, depth)` together with the steps it
//! took, valid while neither the names nor the helpers changed (their generation numbers); a hit takes
//! those same steps from the budget, so the budget runs out at the same expression, with the same
//! results and the same note, as without the memo. A result is not kept when the names changed during
//! its evaluation (a helper's parameters, a `map` callback's) or when the budget ran out in it.

use super::super::values::Value;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use tree_sitter::Node;

/// Node kinds worth remembering: those whose evaluation evaluates other expressions. A literal or a
/// name costs about what a look-up in the memo costs.
pub(super) fn worth_remembering(kind: &str) -> bool {
    matches!(
        kind,
        "call_expression" | "member_expression" | "subscript_expression" | "binary_expression"
    )
}

/// A node of the walked tree (its id and span) and the depth it was evaluated at.
type Key = (usize, usize, usize, usize);

pub(super) struct Remembered {
    value: Option<Value>,
    steps: usize,
}

/// Results kept for one state of the names and helpers.
#[derive(Default)]
pub(super) struct Memo {
    state: (u64, u64),
    results: HashMap<Key, Remembered, BuildHasherDefault<KeyHasher>>,
}

fn key(node: Node, depth: usize) -> Key {
    (node.id(), node.start_byte(), node.end_byte(), depth)
}

impl Memo {
    /// The remembered result of `node` at `depth` in `state`, with the steps it took.
    pub(super) fn get(
        &mut self,
        node: Node,
        depth: usize,
        state: (u64, u64),
    ) -> Option<(&Option<Value>, usize)> {
        if self.state != state {
            self.results.clear();
            self.state = state;
            return None;
        }
        self.results
            .get(&key(node, depth))
            .map(|r| (&r.value, r.steps))
    }

    /// Keeps a result worked out wholly in `state` in `steps` steps.
    pub(super) fn keep(
        &mut self,
        node: Node,
        depth: usize,
        state: (u64, u64),
        value: &Option<Value>,
        steps: usize,
    ) {
        if self.state != state {
            self.results.clear();
            self.state = state;
        }
        self.results.insert(
            key(node, depth),
            Remembered {
                value: value.clone(),
                steps,
            },
        );
    }
}

/// A cheap hash of the four integers of a [`Key`] (node addresses and offsets; no adversary chooses
/// them in a way that matters beyond a slower table).
#[derive(Default)]
pub(super) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        // The table picks buckets by the low bits, which a product of aligned addresses leaves poor.
        self.0 ^ (self.0 >> 29)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

#[cfg(test)]
mod tests {
    use super::super::evaluate_remembering;
    use crate::native::evaluate::limits::Budget;
    use crate::native::evaluate::Output;

    /// The renditions, calls and budget left after evaluating `text`, with the memo on or off.
    fn outcome(text: &str, remember: bool) -> (String, usize, bool) {
        let mut parser = tree_sitter::Parser::new();
        parser
            .set_language(&crate::syntax::Grammar::Javascript.ts_language())
            .unwrap();
        let tree = parser.parse(text, None).unwrap();
        let mut budget = Budget::new();
        let mut out = Output::new();
        evaluate_remembering(tree.root_node(), text, &mut budget, &mut out, remember);
        (
            format!("{:?}\n{:?}", out.renditions, out.calls),
            budget.left(),
            budget.exhausted,
        )
    }

    fn chain(calls: usize) -> String {
        let mut text = String::from("x");
        for i in 0..calls {
            text.push_str(&format!(".m{i}(a)"));
        }
        text
    }

    #[test]
    fn remembered_values_give_what_evaluating_again_gives() {
        let long = chain(40);
        let cases = [
            // A name rebound between two uses of the same expressions.
            "const cp = require('child_process');\nlet a = 'ex';\ncp[a + 'ec']('id');\na = 'sp';\ncp[a + 'awn']('id');\n".to_string(),
            // One helper called with two arguments in one expression.
            "const cp = require('child_process');\nconst f = (s) => s + 'ec';\ncp[f('ex')](cp[f('sp')]);\n".to_string(),
            // A callback's parameter bound per item inside the evaluation.
            "const cp = require('child_process');\nconst n = [101, 120, 101, 99].map((c) => String.fromCharCode(c)).join('');\ncp[n]('id');\n".to_string(),
            // A loop over literals: the same call evaluated once per item.
            "const cp = require('child_process');\nfor (const k of ['ex' + 'ec', 'sp' + 'awn']) { cp[k]('id'); }\n".to_string(),
            // Long method chains: the budget runs out in them, and the call after them is left unknown.
            format!("const cp = require('child_process');\n{long};\n{long};\n{long};\ncp['ex' + 'ec']('id');\n"),
            // Chains that fit the budget, then a computed call.
            format!("const cp = require('child_process');\nvar a = {};\ncp['ex' + 'ec'](a);\n", chain(12)),
        ];
        for text in &cases {
            let with = outcome(text, true);
            let without = outcome(text, false);
            assert_eq!(with, without, "{text}");
        }
        // The cases reach both ends: a budget run out, and renditions found.
        assert!(outcome(&cases[4], true).2);
        assert!(outcome(&cases[0], true).0.contains("exec"));
        assert!(outcome(&cases[0], true).0.contains("spawn"));
    }
}
