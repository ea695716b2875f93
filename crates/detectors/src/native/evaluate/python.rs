//! The partial evaluator over Python trees: imports and assignments bind names, `for` over a literal
//! collection walks its body once per item, and each call whose callee or arguments resolve to something
//! other than what is written becomes a [`Rendition`]. Function and method bodies are walked after the
//! module's top level, seeing its names, with their parameters unknown.
//!
//! This file walks statements and binds names; what an expression evaluates to is `python_values.rs`, how
//! a call is written back and recorded is `python_render.rs`, and the module's own helpers, aliases and
//! exports are `python_returns.rs`, `python_aliases.rs` and `python_exports.rs`.

use super::helper_calls::{HelperCalls, Helpers};
use super::limits::{Budget, MAX_LOOP_ITEMS, MAX_WALK_DEPTH};
use super::shell_lines::shell_script;
use super::values::{self, Value};
use super::{Env, Output};
use crate::fields::FieldChild;
use crate::node_kind::NodeKind;
use tree_sitter::Node;

#[path = "python_aliases.rs"]
mod aliases;
#[path = "python_exports.rs"]
pub(super) mod exports;
#[path = "python_getters.rs"]
mod getters;
#[path = "python_render.rs"]
mod render;
#[path = "python_returns.rs"]
mod returns;
#[path = "python_values.rs"]
mod values_of;

pub(super) fn evaluate(root: Node, text: &str, budget: &mut Budget, out: &mut Output) {
    let mut walker = Walker::new(text, budget, out);
    walker.walk(root, 0);
    // Bodies run after the module is loaded: they see every module-level name.
    let mut at = 0;
    while at < walker.deferred.len() {
        let (body, params) = walker.deferred[at];
        at += 1;
        let saved = walker.env.module_only();
        walker.env.push();
        if let Some(params) = params {
            walker.unbind_parameters(params);
        }
        walker.walk(body, 0);
        walker.env.restore(saved);
    }
    if let Some(script) = shell_script(&walker.commands) {
        walker.out.push(script);
    }
}

/// Built-in functions the evaluator knows by name when nothing rebinds them.
const BUILTINS: &[&str] = &[
    "chr",
    "ord",
    "str",
    "int",
    "list",
    "tuple",
    "reversed",
    "bytes",
    "bytearray",
    "map",
    "getattr",
    "__import__",
    "globals",
    "locals",
    "vars",
    "exec",
    "eval",
    "compile",
    "open",
];

struct Walker<'t, 'b> {
    text: &'t str,
    /// The module names `operator.methodcaller`/`attrgetter` or `reduce`: only then are calls looked at
    /// for them (see `python_getters.rs`, [`Walker::reduce_fold`]).
    names_getters: bool,
    names_reduce: bool,
    /// Names bound by `import`: a call through one is written as the reader sees it.
    imported: std::collections::HashSet<String>,
    /// Names bound straight to a literal as written (`name = "run"`, `for name in ("run", "call")`): a
    /// name looked up through one is not hidden.
    literal_names: std::collections::HashSet<String>,
    /// Whether the value being bound is a literal as written.
    binding_literal: bool,
    env: Env,
    budget: &'b mut Budget,
    out: &'b mut Output,
    /// Function bodies (and their parameter lists) to walk once the module is done.
    deferred: Vec<(Node<'t>, Option<Node<'t>>)>,
    /// The command lines the module hands a shell or starts, in the order walked (see [`shell_script`]).
    commands: Vec<(usize, usize, String)>,
    /// Module functions whose return value a call may stand for (see [`HelperCalls`]).
    helpers: Helpers<'t>,
    /// `self` attributes, dicts, partials and lambdas that stand for a function (see [`aliases`]).
    aliases: aliases::Aliases<'t>,
}

/// A call's positional and keyword arguments.
type Arguments = (Vec<Value>, Vec<(String, Value)>);

/// A call written back with what was resolved, and whether that differs from the text.
struct Rendered {
    text: String,
    changed: bool,
}

impl<'t, 'b> Walker<'t, 'b> {
    fn new(text: &'t str, budget: &'b mut Budget, out: &'b mut Output) -> Walker<'t, 'b> {
        Walker {
            text,
            names_getters: text.contains("methodcaller") || text.contains("attrgetter"),
            names_reduce: text.contains("reduce"),
            imported: std::collections::HashSet::new(),
            literal_names: std::collections::HashSet::new(),
            binding_literal: false,
            env: Env::new(),
            budget,
            out,
            deferred: Vec::new(),
            commands: Vec::new(),
            helpers: Helpers::default(),
            aliases: aliases::Aliases::default(),
        }
    }
}

impl<'t> Walker<'t, '_> {
    /// A node's text: its byte range of the text it was parsed from (already UTF-8, so not checked
    /// again as `Node::utf8_text` would).
    fn src(&self, node: Node) -> &'t str {
        self.text.get(node.byte_range()).unwrap_or("")
    }

    fn walk(&mut self, node: Node<'t>, depth: usize) {
        if depth > MAX_WALK_DEPTH || !self.budget.step() {
            return;
        }
        if node.kind_name() == "call" {
            self.inline_helper(node);
        }
        match node.kind_name() {
            "function_definition" => {
                if self.deferred.len() < 10_000 && !self.helpers.inlining() {
                    if let Some(body) = node.field_child("body") {
                        self.deferred.push((body, node.field_child("parameters")));
                    }
                }
                if let Some(name) = node.field_child("name") {
                    let name = self.src(name);
                    self.env.set(name, None);
                    self.helpers.record(name, returns::helper(node, self.text));
                }
                return;
            }
            "import_statement" => return self.bind_import(node),
            "import_from_statement" => return self.bind_import_from(node),
            "assignment" => {
                if let (Some(left), Some(right)) =
                    (node.field_child("left"), node.field_child("right"))
                {
                    self.walk(right, depth + 1);
                    if self.bind_pairwise(left, right) {
                        return;
                    }
                    let value = self.eval(right, 0);
                    self.binding_literal = is_plain(right, 0);
                    self.bind(left, value);
                    self.binding_literal = false;
                    // `d = lambda i: …` (and `tbl.d = …` on a module's name): a call of it is the
                    // lambda's value.
                    if right.kind_name() == "lambda" {
                        let key = match left.kind_name() {
                            "identifier" => Some(self.src(left).to_string()),
                            "attribute" => self.module_attribute(left),
                            _ => None,
                        };
                        if let Some(key) = key {
                            self.helpers.record(&key, returns::helper(right, self.text));
                        }
                    }
                    self.aliases
                        .assigned(left, right, self.text, self.names_getters);
                    return;
                }
            }
            "augmented_assignment" => {
                if let (Some(left), Some(right)) =
                    (node.field_child("left"), node.field_child("right"))
                {
                    self.walk(right, depth + 1);
                    let op = node
                        .field_child("operator")
                        .map_or("", |o| self.src(o).trim_end_matches('='));
                    let value = match (self.eval(left, 0), self.eval(right, 0)) {
                        (Some(a), Some(b)) if op == "+" => values::add(&a, &b, false),
                        (Some(Value::Int(a)), Some(Value::Int(b))) => {
                            values::arithmetic(op, a, b).map(Value::Int)
                        }
                        _ => None,
                    };
                    self.bind(left, value);
                    return;
                }
            }
            "for_statement" => return self.walk_for(node, depth),
            "class_definition" => self.aliases.read_class(node, self.text),
            "call" if self.render_call_site(node) => return,
            "with_item" => {
                // `with open(p) as f`: the call is rendered; `f` is unknown.
                if let Some(value) = node.field_child("value") {
                    self.walk(value, depth + 1);
                    if value.kind_name() == "as_pattern" {
                        let handle = value.named_child(0).and_then(|v| self.eval(v, 0));
                        if let Some(alias) = value.field_child("alias") {
                            let alias = alias
                                .named_child(0)
                                .filter(|_| alias.kind_name() == "as_pattern_target")
                                .unwrap_or(alias);
                            self.bind(alias, handle);
                        }
                    }
                    return;
                }
            }
            _ => {}
        }
        let mut cursor = node.walk();
        let children: Vec<Node<'t>> = node.named_children(&mut cursor).collect();
        for child in children {
            self.walk(child, depth + 1);
        }
    }

    fn walk_for(&mut self, node: Node<'t>, depth: usize) {
        let (Some(left), Some(right), Some(body)) = (
            node.field_child("left"),
            node.field_child("right"),
            node.field_child("body"),
        ) else {
            return;
        };
        self.walk(right, depth + 1);
        let items = self
            .eval(right, 0)
            .and_then(|v| v.items())
            .filter(|items| !items.is_empty() && items.len() <= MAX_LOOP_ITEMS);
        match items {
            Some(items) => {
                let literal = is_plain(right, 0);
                for item in items {
                    self.binding_literal = literal;
                    self.bind(left, Some(item));
                    self.binding_literal = false;
                    self.walk(body, depth + 1);
                }
            }
            None => {
                self.bind(left, None);
                self.walk(body, depth + 1);
            }
        }
        self.bind(left, None);
        if let Some(alternative) = node.field_child("alternative") {
            self.walk(alternative, depth + 1);
        }
    }

    /// A function's parameters are unknown, except that one with a default is read as its default: that is
    /// what the body sees when it is called without it (`def _go(table=PARTS, run=getattr(builtins, n))`,
    /// the shape droppers use to keep the pieces out of the body).
    fn unbind_parameters(&mut self, params: Node<'t>) {
        let mut cursor = params.walk();
        let names: Vec<Node<'t>> = params.named_children(&mut cursor).collect();
        for param in names {
            let name = if param.kind_name() == "identifier" {
                Some(param)
            } else {
                param.field_child("name").or_else(|| param.named_child(0))
            };
            let Some(name) = name.filter(|n| n.kind_name() == "identifier") else {
                continue;
            };
            let default = matches!(
                param.kind_name(),
                "default_parameter" | "typed_default_parameter"
            )
            .then(|| param.field_child("value"))
            .flatten();
            let value = default.and_then(|d| self.eval(d, 0));
            let name_text = self.src(name);
            self.aliases.rebound(name_text);
            self.env.set(name_text, value);
            if let Some(default) = default.filter(|d| d.kind_name() == "identifier") {
                let source = self.src(default);
                self.aliases.alias_dict(name_text, source);
            }
        }
    }

    /// `a, b, c = exec, str, tuple`: each name takes its own item, so one item the evaluator does not
    /// know leaves the others known. Returns whether the assignment had that shape.
    fn bind_pairwise(&mut self, left: Node<'t>, right: Node<'t>) -> bool {
        if !matches!(left.kind_name(), "pattern_list" | "tuple_pattern")
            || !matches!(right.kind_name(), "expression_list" | "tuple")
        {
            return false;
        }
        let mut cursor = left.walk();
        let targets: Vec<Node<'t>> = left.named_children(&mut cursor).collect();
        let mut cursor = right.walk();
        let items: Vec<Node<'t>> = right.named_children(&mut cursor).collect();
        if targets.len() != items.len() || items.len() > MAX_LOOP_ITEMS * 4 {
            return false;
        }
        // Every item is evaluated before any name is bound (`a, b = b, a`).
        let values: Vec<(Option<Value>, bool)> = items
            .iter()
            .map(|item| (self.eval(*item, 0), is_plain(*item, 0)))
            .collect();
        for (target, (value, plain)) in targets.into_iter().zip(values) {
            self.binding_literal = plain;
            self.bind(target, value);
            self.binding_literal = false;
        }
        true
    }

    fn bind(&mut self, target: Node<'t>, value: Option<Value>) {
        match target.kind_name() {
            "identifier" => {
                let name = self.src(target);
                self.imported.remove(name);
                self.helpers.forget(name);
                self.aliases.rebound(name);
                if self.binding_literal && value.is_some() {
                    self.literal_names.insert(name.to_string());
                } else {
                    self.literal_names.remove(name);
                }
                self.env.set(name, value);
            }
            // `config.URL = "…"` on a module's name (what the cross-file pass binds after `import config`):
            // kept under its dotted name, which no identifier can spell, and read back by it.
            "attribute" => {
                if let Some(key) = self.module_attribute(target) {
                    self.helpers.forget(&key);
                    self.env.set(&key, value);
                }
            }
            "pattern_list" | "tuple_pattern" | "list_pattern" | "tuple" | "list" => {
                let mut cursor = target.walk();
                let parts: Vec<Node<'t>> = target.named_children(&mut cursor).collect();
                let items = value
                    .and_then(|v| v.items())
                    .filter(|items| items.len() == parts.len());
                for (i, part) in parts.into_iter().enumerate() {
                    let item = items.as_ref().and_then(|items| items.get(i).cloned());
                    self.bind(part, item);
                }
            }
            _ => {}
        }
    }

    /// `name.attr` on a plain name other than `self`/`cls`: the key its value is kept under.
    fn module_attribute(&self, node: Node<'t>) -> Option<String> {
        let object = node.field_child("object")?;
        let attribute = node.field_child("attribute")?;
        let name = self.src(object);
        (object.kind_name() == "identifier" && !matches!(name, "self" | "cls"))
            .then(|| format!("{name}.{}", self.src(attribute)))
    }

    fn bind_import(&mut self, node: Node<'t>) {
        let mut cursor = node.walk();
        let names: Vec<Node<'t>> = node.children_by_field_name("name", &mut cursor).collect();
        for name in names {
            if name.kind_name() == "aliased_import" {
                if let (Some(module), Some(alias)) =
                    (name.field_child("name"), name.field_child("alias"))
                {
                    let module = self.src(module).to_string();
                    let alias = self.src(alias);
                    self.imported.insert(alias.to_string());
                    self.env.set(alias, Some(Value::name(module, false)));
                }
            } else {
                let dotted = self.src(name);
                let head = dotted.split('.').next().unwrap_or(dotted);
                self.imported.insert(head.to_string());
                self.env.set(head, Some(Value::name(head, false)));
            }
        }
    }

    fn bind_import_from(&mut self, node: Node<'t>) {
        let Some(module) = node.field_child("module_name") else {
            return;
        };
        let module = self.src(module).to_string();
        let relative = module.starts_with('.');
        let mut cursor = node.walk();
        let names: Vec<Node<'t>> = node.children_by_field_name("name", &mut cursor).collect();
        for name in names {
            let (imported, local) = if name.kind_name() == "aliased_import" {
                match (name.field_child("name"), name.field_child("alias")) {
                    (Some(n), Some(a)) => (self.src(n), self.src(a)),
                    _ => continue,
                }
            } else {
                (self.src(name), self.src(name))
            };
            // A name from the package's own modules is whatever that module made it.
            let value = (!relative).then(|| Value::name(format!("{module}.{imported}"), false));
            self.imported.insert(local.to_string());
            self.env.set(local, value);
        }
    }
}

/// A literal written as what it is: a string without escapes or interpolation, a number, or a tuple or
/// list of those. Rendering it again would say nothing new.
fn is_plain(node: Node, depth: usize) -> bool {
    if depth > 8 {
        return false;
    }
    match node.kind_name() {
        "integer" | "float" | "true" | "false" | "none" => true,
        "string" => {
            let mut cursor = node.walk();
            let plain = node
                .children(&mut cursor)
                .all(|part| match part.kind_name() {
                    "interpolation" => false,
                    "string_content" => part.named_child_count() == 0,
                    _ => true,
                });
            plain
        }
        "tuple" | "list" => {
            let mut cursor = node.walk();
            let plain = node
                .named_children(&mut cursor)
                .all(|c| is_plain(c, depth + 1));
            plain
        }
        _ => false,
    }
}
