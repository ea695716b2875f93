//! A call to a module's own helper stands for what the helper returns, in Python and JavaScript alike:
//! `subprocess.Popen(_command(), shell=True)` where `def _command(): return "curl -fsSL " + _channel() +
//! " | sh"`, or `exec(command())` where `const command = () => ['curl', url(), '|', 'sh'].join(' ')`.
//!
//! What a helper is, and what a straight-line body returns, is each language's (`python_returns.rs`,
//! `javascript_returns.rs`); following one is shared here through [`HelperCalls`]:
//! - [`HelperCalls::helper_return`]: the return expression, evaluated with the module's names as they are
//!   at the call and the parameters bound to the call's positional arguments (unknown when the evaluator
//!   cannot read one, or when it is not passed);
//! - [`HelperCalls::inline_helper`]: a helper called with arguments the evaluator knows has its whole body
//!   walked again with its parameters bound, so a sink inside it is rendered with what this call passes.
//!
//! Helpers calling helpers nest to [`MAX_HELPER_DEPTH`] (a cycle stops there), [`MAX_INLINED`] bodies are
//! walked per segment, and every expression still takes a step of the segment's budget.

use super::values::Value;
use super::Env;
use crate::fields::FieldChild;
use crate::node_kind::NodeKind;
use std::borrow::Cow;
use std::collections::HashMap;
use tree_sitter::Node;

/// Helpers followed inside a helper's return expression (a cycle of helpers stops here).
const MAX_HELPER_DEPTH: usize = 4;
/// Statements of a helper's body read before giving up.
pub(super) const MAX_HELPER_STATEMENTS: usize = 32;
/// Helpers remembered per segment.
const MAX_HELPERS: usize = 1024;
/// Parameters a helper may take.
pub(super) const MAX_HELPER_PARAMETERS: usize = 8;
/// Helper bodies walked again at a call with known arguments, per segment.
const MAX_INLINED: usize = 64;

/// Indices a decoder's table is read for, and the bytes it may hold.
const MAX_TABLE_ENTRIES: i64 = 64;
const MAX_TABLE_BYTES: usize = 16 * 1024;

/// A helper's body (a block, or an arrow's expression) and its parameter names.
#[derive(Clone)]
pub(super) struct Helper<'t> {
    pub(super) body: Node<'t>,
    pub(super) parameters: Vec<&'t str>,
}

/// The module's plain functions by name; `None` for a name defined or assigned more than once, or for a
/// function that is not plain.
#[derive(Default)]
pub(super) struct Helpers<'t> {
    bodies: HashMap<String, Option<Helper<'t>>>,
    depth: usize,
    /// Bodies walked at calls so far, and whether one is being walked (its nested functions are not
    /// deferred again).
    inlined: usize,
    inlining: bool,
    /// Bumped whenever a helper is recorded or forgotten or a body entered or left (as [`Env`]'s).
    generation: u64,
    /// Whether a helper was recorded under a dotted name (`t.decode`): until then a call through a member
    /// is not looked up (its key is not even built).
    dotted: bool,
}

impl<'t> Helpers<'t> {
    /// A function named `name` was defined (`helper` when it is plain). Two definitions of one name: which
    /// runs depends on the order of execution, so neither is followed.
    pub(super) fn record(&mut self, name: &str, helper: Option<Helper<'t>>) {
        self.generation += 1;
        if let Some(seen) = self.bodies.get_mut(name) {
            *seen = None;
            return;
        }
        if self.bodies.len() < MAX_HELPERS {
            self.dotted |= name.contains('.');
            self.bodies.insert(name.to_string(), helper);
        }
    }

    /// Whether any helper has a dotted name (a member's function, a class's method).
    pub(super) fn any_dotted(&self) -> bool {
        self.dotted
    }

    /// Changes every time what [`HelperCalls::helper_at`] answers may change.
    pub(super) fn generation(&self) -> u64 {
        self.generation
    }

    /// Whether a helper's body is being walked at a call.
    pub(super) fn inlining(&self) -> bool {
        self.inlining
    }

    /// The helper `name` names, when it is one.
    pub(super) fn known(&self, name: &str) -> Option<Helper<'t>> {
        self.bodies.get(name)?.clone()
    }

    /// Whether a call of `name` is a helper's return value.
    pub(super) fn follows(&self, name: &str) -> bool {
        self.bodies.get(name).is_some_and(Option::is_some)
    }

    /// The one-parameter helpers, by name (a module's decoders over a table, for its importers).
    pub(super) fn one_parameter(&self) -> Vec<(String, Helper<'t>)> {
        let mut found: Vec<(String, Helper<'t>)> = self
            .bodies
            .iter()
            .filter_map(|(name, helper)| {
                let helper = helper.as_ref().filter(|h| h.parameters.len() == 1)?;
                Some((name.clone(), helper.clone()))
            })
            .collect();
        found.sort_by(|a, b| a.0.cmp(&b.0));
        found
    }

    /// `name` was assigned: a call through it is no longer the helper (conservatively, even when the
    /// assignment is to a local of some other function).
    pub(super) fn forget(&mut self, name: &str) {
        self.generation += 1;
        if let Some(seen) = self.bodies.get_mut(name) {
            *seen = None;
        }
    }
}

/// What a language's walker gives the shared helper following.
pub(super) trait HelperCalls<'t> {
    fn helpers(&mut self) -> &mut Helpers<'t>;
    fn scopes(&mut self) -> &mut Env;
    fn source(&self, node: Node<'t>) -> &'t str;
    fn value_of(&mut self, node: Node<'t>, depth: usize) -> Option<Value>;
    /// Walks a body looking for calls, as the module's statements are walked.
    fn walk_body(&mut self, body: Node<'t>);
    /// Argument kinds that do not bind to one parameter by position (keyword arguments, spreads).
    const UNPOSITIONAL: &'static [&'static str];
    /// The name a call of `function` finds a helper under: a plain name (each language may know more).
    fn helper_name(&self, function: Node<'t>) -> Option<Cow<'t, str>> {
        (function.kind_name() == "identifier").then(|| Cow::Borrowed(self.source(function)))
    }
    /// A call's arguments when each binds to a parameter by position (no keyword argument, no spread).
    fn positional(&self, arguments: Node<'t>) -> Option<Vec<Node<'t>>> {
        let passed = crate::native::evaluate::named_items(arguments);
        (!passed
            .iter()
            .any(|a| Self::UNPOSITIONAL.contains(&a.kind_name())))
        .then_some(passed)
    }
    /// The value a straight-line body returns, binding its assignments on the way; `None` for any other
    /// body shape.
    fn straight_line_return(&mut self, body: Node<'t>, depth: usize) -> Option<Value>;

    /// The helper a call of `function` stands for, with the nodes it passes.
    fn helper_at(
        &mut self,
        function: Node<'t>,
        arguments: Node<'t>,
    ) -> Option<(Helper<'t>, Vec<Node<'t>>)> {
        if self.helpers().depth >= MAX_HELPER_DEPTH {
            return None;
        }
        let name = self.helper_name(function)?;
        // A name rebound to a known value since the definition is that value, not the helper.
        if self.scopes().get(&name).is_some() {
            return None;
        }
        let helper = self.helpers().bodies.get(name.as_ref())?.clone()?;
        let passed = self.positional(arguments)?;
        (passed.len() <= helper.parameters.len()).then_some((helper, passed))
    }

    /// Runs `inside` in a new scope where the helper's parameters hold `values`, one helper deeper.
    fn with_parameters<R>(
        &mut self,
        helper: &Helper<'t>,
        values: &[Option<Value>],
        inside: impl FnOnce(&mut Self) -> R,
    ) -> R {
        self.helpers().depth += 1;
        self.helpers().generation += 1;
        let saved = self.scopes().module_only();
        self.scopes().push();
        for (i, parameter) in helper.parameters.iter().enumerate() {
            let value = values.get(i).cloned().flatten();
            self.scopes().set(parameter, value);
        }
        let result = inside(self);
        self.scopes().restore(saved);
        self.helpers().depth -= 1;
        self.helpers().generation += 1;
        result
    }

    /// What calling `function` with `arguments` returns, when it names a plain helper of the module.
    fn helper_return(
        &mut self,
        function: Node<'t>,
        arguments: Node<'t>,
        depth: usize,
    ) -> Option<Value> {
        let (helper, passed) = self.helper_at(function, arguments)?;
        // Arguments are read where the call is, before the helper's own scope hides the caller's.
        let values: Vec<Option<Value>> = passed
            .iter()
            .map(|a| self.value_of(*a, depth + 1))
            .collect();
        let body = helper.body;
        self.with_parameters(&helper, &values, |w| w.straight_line_return(body, depth))
    }

    /// What a one-parameter helper returns for 0, 1, … while it returns strings (a decoder over a string
    /// table: `(i) => T[i].split('~').join('')`), within [`MAX_TABLE_ENTRIES`] and [`MAX_TABLE_BYTES`];
    /// `None` when it returns none.
    fn results_table(&mut self, helper: &Helper<'t>) -> Option<Vec<Value>> {
        if helper.parameters.len() != 1 {
            return None;
        }
        let mut items = Vec::new();
        let mut bytes = 0;
        for index in 0..MAX_TABLE_ENTRIES {
            let body = helper.body;
            let value = self.with_parameters(helper, &[Some(Value::Int(index))], |w| {
                w.straight_line_return(body, 0)
            });
            let Some(Value::Str(text)) = value else {
                break;
            };
            bytes += text.len();
            if bytes > MAX_TABLE_BYTES {
                break;
            }
            items.push(Value::Str(text));
        }
        (!items.is_empty()).then_some(items)
    }

    /// A helper called with arguments the evaluator knows (`run("curl … | sh")` where `def run(c):
    /// os.system(c)`) has its body walked again with its parameters bound to them. Any body shape is
    /// walked (its branches too).
    fn inline_helper(&mut self, call: Node<'t>) {
        let (Some(function), Some(arguments)) =
            (call.field_child("function"), call.field_child("arguments"))
        else {
            return;
        };
        if self.helpers().inlined >= MAX_INLINED {
            return;
        }
        let Some((helper, passed)) = self.helper_at(function, arguments) else {
            return;
        };
        if passed.is_empty() {
            return;
        }
        let values: Vec<Option<Value>> = passed.iter().map(|a| self.value_of(*a, 0)).collect();
        self.inline_body(&helper, &values);
    }

    /// Walks `helper`'s body with its parameters bound to `values`, when one of them is known data and
    /// the segment's [`MAX_INLINED`] bodies are not used up.
    fn inline_body(&mut self, helper: &Helper<'t>, values: &[Option<Value>]) {
        if self.helpers().inlined >= MAX_INLINED
            || self.helpers().depth >= MAX_HELPER_DEPTH
            || !values.iter().flatten().any(Value::is_data)
        {
            return;
        }
        self.helpers().inlined += 1;
        let was_inlining = std::mem::replace(&mut self.helpers().inlining, true);
        let body = helper.body;
        self.with_parameters(helper, values, |w| w.walk_body(body));
        self.helpers().inlining = was_inlining;
    }
}
