//! The partial evaluator over JavaScript/TypeScript trees: declarations and assignments bind names,
//! `for (x of [...])` walks its body once per item, strings are built with `+`, template literals,
//! `String.fromCharCode`, escapes, `split/reverse/join`, and `obj['ex'+'ec']`, `global['req'+'uire']`,
//! `require('child'+'_process')` resolve to names. Function bodies are walked after the module's top
//! level, seeing its names, with their parameters unknown.

use super::helper_calls::{Helper, HelperCalls, Helpers};
use super::limits::{Budget, MAX_CALL_BYTES, MAX_EVAL_DEPTH, MAX_LOOP_ITEMS, MAX_WALK_DEPTH};
use super::values::{self, Value};
use super::{calls, evaluates_code, runs_code, squeezed, Env, Output, Rendition};
use crate::fields::FieldChild;
use crate::node_kind::NodeKind;
use std::collections::HashSet;
use tree_sitter::{Node, TreeCursor};

#[path = "javascript_arrays.rs"]
mod arrays;
#[path = "javascript_exports.rs"]
pub(super) mod exports;
#[path = "javascript_forward.rs"]
mod forward;
#[path = "javascript_memo.rs"]
mod memo;
#[path = "javascript_objects.rs"]
mod objects;
use objects::keys_key;
#[path = "javascript_returns.rs"]
mod returns;
#[path = "javascript_tags.rs"]
mod tags;

pub(super) fn evaluate(root: Node, text: &str, budget: &mut Budget, out: &mut Output) {
    evaluate_remembering(root, text, budget, out, true);
}

/// [`evaluate`], with the memo of values on or off (the tests compare the two).
fn evaluate_remembering(
    root: Node,
    text: &str,
    budget: &mut Budget,
    out: &mut Output,
    remember: bool,
) {
    let mut walker = Walker::new(text, budget, out);
    walker.remember = remember;
    walker.root = Some(root);
    walker.walk(root, 0);
    let mut at = 0;
    while at < walker.deferred.len() {
        let function = walker.deferred[at];
        at += 1;
        let saved = walker.env.module_only();
        walker.env.push();
        if let Some(params) = function
            .field_child("parameters")
            .or_else(|| function.field_child("parameter"))
        {
            walker.unbind_pattern(params);
        }
        if let Some(body) = function.field_child("body") {
            walker.walk(body, 0);
        }
        walker.env.restore(saved);
    }
}

/// Keys of one object literal bound as members (`cfg.key`); the rest read as unknown.
const MAX_OBJECT_MEMBERS: usize = 64;
/// Top-level statements searched for a class an instance is made of.
const MAX_TOP_LEVEL_CLASSES: usize = 4096;

/// Callees that load a module as `require` does: the CommonJS loader reached through the module object
/// or the main module.
const REQUIRE_ALIKES: &[&str] = &[
    "module.require",
    "module.constructor._load",
    "module.constructor.prototype.require",
    "process.mainModule.require",
    "require.main.require",
];

/// Globals the evaluator knows by name when nothing rebinds them.
const GLOBALS: &[&str] = &[
    "require", "eval", "Function", "String", "atob", "process", "Buffer",
];

struct Walker<'t, 'b> {
    text: &'t str,
    env: Env,
    /// Names bound straight from `require('<literal>')`: a call through one is written as the reader sees it.
    imported: HashSet<String>,
    budget: &'b mut Budget,
    out: &'b mut Output,
    deferred: Vec<Node<'t>>,
    /// Module functions whose return value a call may stand for (see [`HelperCalls`]).
    helpers: Helpers<'t>,
    /// Module functions a tagged template may call (see `javascript_tags.rs`).
    tags: tags::Tags<'t>,
    /// Expressions' values while the names stay as they were (see `javascript_memo.rs`).
    memo: memo::Memo,
    remember: bool,
    /// One cursor for listing every walked node's children, and the stack they are listed on.
    cursor: Option<TreeCursor<'t>>,
    children: Vec<Node<'t>>,
    /// The module's root, from which a node's ancestors are found in one walk down.
    root: Option<Node<'t>>,
}

struct Rendered {
    text: String,
    changed: bool,
}

fn is_function(kind: &str) -> bool {
    matches!(
        kind,
        "function_declaration"
            | "function_expression"
            | "function"
            | "arrow_function"
            | "method_definition"
            | "generator_function_declaration"
            | "generator_function"
    )
}

impl<'t, 'b> Walker<'t, 'b> {
    fn new(text: &'t str, budget: &'b mut Budget, out: &'b mut Output) -> Walker<'t, 'b> {
        Walker {
            text,
            env: Env::new(),
            imported: HashSet::new(),
            budget,
            out,
            deferred: Vec::new(),
            helpers: Helpers::default(),
            tags: tags::Tags::default(),
            memo: memo::Memo::default(),
            remember: true,
            cursor: None,
            children: Vec::new(),
            root: None,
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
        let kind = node.kind_name();
        if kind == "call_expression" {
            self.inline_helper(node);
            self.inline_tag(node);
            self.walk_each(node, depth);
            // `Promise.resolve(x).then(sink).catch(…)`: the calls down the chain, as the outer one may be
            // rendered whole and its inner calls never walked.
            let mut link = Some(node);
            for _ in 0..4 {
                let Some(call) = link.filter(|c| c.kind_name() == "call_expression") else {
                    break;
                };
                self.sink_callback(call);
                link = call
                    .field_child("function")
                    .filter(|f| f.kind_name() == "member_expression")
                    .and_then(|f| f.field_child("object"));
            }
        }
        if is_function(kind) {
            if self.deferred.len() < 10_000 && !self.helpers.inlining() {
                self.deferred.push(node);
            }
            if kind == "method_definition" {
                if let Some((key, helper)) = returns::method_helper(node, self.text) {
                    self.helpers.record(&key, Some(helper));
                }
            }
            if kind == "function_declaration" {
                if let Some(name) = node.field_child("name") {
                    let name = self.src(name);
                    self.env.set(name, None);
                    self.helpers.record(name, returns::helper(node, self.text));
                    self.tags.record(name, node, self.text);
                }
            }
            return;
        }
        match kind {
            "variable_declarator" => {
                if let Some(name) = node.field_child("name") {
                    let value = node.field_child("value");
                    if let Some(value) = value {
                        self.walk(value, depth + 1);
                    }
                    let resolved = value.and_then(|v| self.eval(v, 0));
                    self.bind(name, resolved, value);
                    if let Some(object) = value.filter(|v| v.kind_name() == "object") {
                        self.bind_members(name, object);
                    }
                    if let Some(map) = value.filter(|v| v.kind_name() == "new_expression") {
                        self.bind_map_entries(name, map);
                        self.bind_instance(name, map);
                    }
                    if let Some(function) = value.filter(|v| {
                        matches!(v.kind_name(), "arrow_function" | "function_expression")
                    }) {
                        if name.kind_name() == "identifier" {
                            let name = self.src(name);
                            self.helpers
                                .record(name, returns::helper(function, self.text));
                            self.tags.record(name, function, self.text);
                        }
                    }
                    return;
                }
            }
            "assignment_expression" => {
                if let (Some(left), Some(right)) =
                    (node.field_child("left"), node.field_child("right"))
                {
                    self.walk(right, depth + 1);
                    let resolved = self.eval(right, 0);
                    self.bind(left, resolved, Some(right));
                    // `t.decode = (i) => …`: a call of `t.decode(…)` is that function's return.
                    if matches!(right.kind_name(), "arrow_function" | "function_expression")
                        && left.kind_name() == "member_expression"
                    {
                        if let Some(key) = self.member_key(left) {
                            self.helpers.record(&key, returns::helper(right, self.text));
                        }
                    }
                    return;
                }
            }
            "augmented_assignment_expression" => {
                if let (Some(left), Some(right)) =
                    (node.field_child("left"), node.field_child("right"))
                {
                    self.walk(right, depth + 1);
                    let op = node
                        .field_child("operator")
                        .map_or("", |o| self.src(o).trim_end_matches('='));
                    let value = match (self.eval(left, 0), self.eval(right, 0)) {
                        (Some(a), Some(b)) if op == "+" => values::add(&a, &b, true),
                        (Some(Value::Int(a)), Some(Value::Int(b))) => {
                            values::arithmetic(op, a, b).map(Value::Int)
                        }
                        _ => None,
                    };
                    self.bind(left, value, None);
                    return;
                }
            }
            "import_statement" => return self.bind_es_import(node),
            "for_in_statement" => return self.walk_for(node, depth),
            "call_expression" | "new_expression" if self.render_call_site(node) => return,
            _ => {}
        }
        // The named children, in order, pushed on the shared stack through the one cursor (a cursor and a
        // `Vec` per visited node were a third of a bundle's evaluation); nested walks push above them.
        let from = self.children.len();
        let cursor = self.cursor.get_or_insert_with(|| node.walk());
        cursor.reset(node);
        if cursor.goto_first_child() {
            loop {
                let child = cursor.node();
                if child.is_named() {
                    self.children.push(child);
                }
                if !cursor.goto_next_sibling() {
                    break;
                }
            }
        }
        let to = self.children.len();
        for at in from..to {
            let child = self.children[at];
            self.walk(child, depth + 1);
        }
        self.children.truncate(from);
    }

    fn walk_for(&mut self, node: Node<'t>, depth: usize) {
        let (Some(left), Some(right), Some(body)) = (
            node.field_child("left"),
            node.field_child("right"),
            node.field_child("body"),
        ) else {
            return;
        };
        let of = node
            .field_child("operator")
            .is_some_and(|o| self.src(o) == "of");
        self.walk(right, depth + 1);
        let items = of
            .then(|| self.eval(right, 0))
            .flatten()
            .and_then(|v| v.items())
            .filter(|items| !items.is_empty() && items.len() <= MAX_LOOP_ITEMS);
        match items {
            Some(items) => {
                for item in items {
                    self.bind(left, Some(item), None);
                    self.walk(body, depth + 1);
                }
            }
            None => {
                self.bind(left, None, None);
                self.walk(body, depth + 1);
            }
        }
        self.bind(left, None, None);
    }

    fn unbind_pattern(&mut self, pattern: Node<'t>) {
        if pattern.kind_name() == "identifier" {
            let name = self.src(pattern);
            self.imported.remove(name);
            self.env.set(name, None);
            return;
        }
        let mut cursor = pattern.walk();
        let parts: Vec<Node<'t>> = pattern.named_children(&mut cursor).collect();
        for part in parts {
            self.unbind_pattern(part);
        }
    }

    /// Binds a declared or assigned name (`let x = …`, `var [a, b] = […]`); a destructuring pattern
    /// leaves its names unknown.
    fn bind(&mut self, target: Node<'t>, value: Option<Value>, from: Option<Node<'t>>) {
        match target.kind_name() {
            "identifier" => {
                let name = self.src(target);
                self.helpers.forget(name);
                self.tags.forget(name);
                let plain_require = from.is_some_and(|f| self.is_plain_require(f));
                if plain_require {
                    self.imported.insert(name.to_string());
                } else {
                    self.imported.remove(name);
                }
                self.env.set(name, value);
            }
            "array_pattern" => {
                // Each name takes the item at its position; a hole (`[, , line]`) skips one.
                let mut cursor = target.walk();
                let mut parts: Vec<(usize, Node<'t>)> = Vec::new();
                let mut position = 0;
                for child in target.children(&mut cursor) {
                    match child.kind() {
                        "," => position += 1,
                        "[" | "]" | "comment" => {}
                        _ => parts.push((position, child)),
                    }
                }
                let items = value.and_then(|v| v.items());
                let rest = parts
                    .iter()
                    .any(|(_, p)| !matches!(p.kind(), "identifier" | "array_pattern"));
                for (at, part) in parts {
                    // Past a rest or default element the positions are not the items'.
                    let item = (!rest)
                        .then(|| items.as_ref().and_then(|items| items.get(at).cloned()))
                        .flatten();
                    self.bind(part, item, None);
                }
            }
            "lexical_declaration" | "variable_declaration" => {
                let mut cursor = target.walk();
                let parts: Vec<Node<'t>> = target.named_children(&mut cursor).collect();
                for part in parts {
                    if let Some(name) = part.field_child("name") {
                        self.bind(name, value.clone(), None);
                    }
                }
            }
            // `cfg.cmd = '…'`: the member reads back as bound (see [`Walker::member_key`]).
            "member_expression" | "subscript_expression" => {
                // `this.cmd = …` replaces the class's method of that name.
                if let Some(key) = returns::this_method_key(target, self.root, self.text) {
                    self.helpers.forget(&key);
                }
                let key = match self.member_key(target) {
                    Some(key) => Some(key),
                    // `bag[k] = v` with `k` known: the member under that key.
                    None => self.computed_member_key(target),
                };
                if let Some(key) = key {
                    self.helpers.forget(&key);
                    self.tags.forget(&key);
                    self.note_key(&key);
                    self.env.set(&key, value);
                }
            }
            // `const { spawn, exec: run } = require('child_process')`: each name is the module's member.
            "object_pattern" => {
                let plain_require = from.is_some_and(|f| self.is_plain_require(f));
                let Some(Value::Name { path, computed }) = value else {
                    return self.unbind_pattern(target);
                };
                let mut cursor = target.walk();
                let parts: Vec<Node<'t>> = target.named_children(&mut cursor).collect();
                for part in parts {
                    let (key, local) = match part.kind_name() {
                        "shorthand_property_identifier_pattern" => (self.src(part), part),
                        "pair_pattern" => {
                            match (part.field_child("key"), part.field_child("value")) {
                                // `const { [k]: run } = require('child_process')` with `k` known.
                                (Some(k), Some(v))
                                    if v.kind_name() == "identifier"
                                        && k.kind_name() == "computed_property_name" =>
                                {
                                    match k.named_child(0).and_then(|e| self.eval(e, 0)) {
                                        Some(Value::Str(key)) => {
                                            let name = self.src(v);
                                            self.imported.remove(name);
                                            self.env.set(
                                                name,
                                                Some(Value::name(format!("{path}.{key}"), true)),
                                            );
                                            continue;
                                        }
                                        _ => {
                                            self.unbind_pattern(part);
                                            continue;
                                        }
                                    }
                                }
                                (Some(k), Some(v)) if v.kind_name() == "identifier" => {
                                    (self.src(k), v)
                                }
                                _ => {
                                    self.unbind_pattern(part);
                                    continue;
                                }
                            }
                        }
                        _ => {
                            self.unbind_pattern(part);
                            continue;
                        }
                    };
                    let name = self.src(local);
                    if plain_require {
                        self.imported.insert(name.to_string());
                    } else {
                        self.imported.remove(name);
                    }
                    self.env
                        .set(name, Some(Value::name(format!("{path}.{key}"), computed)));
                }
            }
            _ => {}
        }
    }

    /// `import * as cp from 'child_process'`, `import cp from …`, `import { execSync as run } from …`:
    /// each name is the module (or its member) as `require('child_process')` would give it.
    fn bind_es_import(&mut self, node: Node<'t>) {
        let Some(source) = node.field_child("source") else {
            return;
        };
        let Some(module) = self
            .eval(source, 0)
            .and_then(|m| m.as_str().map(str::to_string))
        else {
            return;
        };
        let path = format!("require({module:?})");
        let mut cursor = node.walk();
        let clauses: Vec<Node<'t>> = node
            .named_children(&mut cursor)
            .filter(|c| c.kind_name() == "import_clause")
            .collect();
        for clause in clauses {
            let mut cursor = clause.walk();
            let parts: Vec<Node<'t>> = clause.named_children(&mut cursor).collect();
            for part in parts {
                let mut bound: Vec<(Node<'t>, String)> = Vec::new();
                match part.kind_name() {
                    "identifier" => bound.push((part, path.clone())),
                    "namespace_import" => {
                        if let Some(name) = part.named_child(0) {
                            bound.push((name, path.clone()));
                        }
                    }
                    "named_imports" => {
                        let mut cursor = part.walk();
                        for specifier in part.named_children(&mut cursor) {
                            let Some(name) = specifier.field_child("name") else {
                                continue;
                            };
                            let local = specifier.field_child("alias").unwrap_or(name);
                            let member = self.src(name).trim_matches(|c| c == '\'' || c == '"');
                            bound.push((local, format!("{path}.{member}")));
                        }
                    }
                    _ => {}
                }
                for (local, value) in bound {
                    let name = self.src(local);
                    self.helpers.forget(name);
                    self.imported.insert(name.to_string());
                    self.env.set(name, Some(Value::name(value, false)));
                }
            }
        }
    }

    /// `const cfg = { cmd: '…', url: base + '/x' }`: each plain key of the literal is bound as `cfg.key`,
    /// so `cfg.cmd` reads back as its value; at most [`MAX_OBJECT_MEMBERS`] keys.
    fn bind_members(&mut self, name: Node<'t>, object: Node<'t>) {
        if name.kind_name() != "identifier" {
            return;
        }
        let name = self.src(name);
        // The literal's keys in order, for `Object.keys/values/entries(name)` (see [`Walker::object_listing`]).
        let keys = self.literal_keys(object);
        self.env.set(&keys_key(name), keys);
        let mut cursor = object.walk();
        let pairs: Vec<Node<'t>> = object
            .named_children(&mut cursor)
            .filter(|p| p.kind_name() == "pair")
            .take(MAX_OBJECT_MEMBERS)
            .collect();
        for pair in pairs {
            let (Some(key), Some(value)) = (pair.field_child("key"), pair.field_child("value"))
            else {
                continue;
            };
            let Some(key) = self.plain_key(key) else {
                continue;
            };
            if matches!(value.kind(), "arrow_function" | "function_expression")
                && returns::is_top_level(object)
            {
                self.tags
                    .record_member(&format!("{name}.{key}"), value, self.text);
                // `const util = { quiet: (cmd) => cp.execSync(cmd) }`: `util.quiet(x)` is a helper call.
                self.helpers.record(
                    &format!("{name}.{key}"),
                    returns::helper_anywhere(value, self.text),
                );
            }
            let value = self.eval(value, 0);
            self.env.set(&format!("{name}.{key}"), value);
        }
        // `sh(strings, ...vals) { … }`: a method of the literal may be a template's tag.
        if returns::is_top_level(object) {
            let mut cursor = object.walk();
            let methods: Vec<Node<'t>> = object
                .named_children(&mut cursor)
                .filter(|m| {
                    m.kind() == "method_definition"
                        && m.field_child("name").is_some_and(|n| {
                            n.kind() == "property_identifier"
                                && m.child(0).is_some_and(|c| c.id() == n.id())
                        })
                })
                .take(MAX_OBJECT_MEMBERS)
                .collect();
            for method in methods {
                if let Some(key) = method.field_child("name").map(|n| self.src(n)) {
                    self.tags
                        .record_member(&format!("{name}.{key}"), method, self.text);
                    // `{ quiet(cmd) { … } }`: the method is a helper, as a function-valued member is.
                    self.helpers.record(
                        &format!("{name}.{key}"),
                        returns::helper_anywhere(method, self.text),
                    );
                }
            }
        }
        // `get run() { return require('child_process').execSync; }`: reading `cfg.run` runs the getter,
        // which is the value its straight-line body returns.
        let mut cursor = object.walk();
        let getters: Vec<Node<'t>> = object
            .named_children(&mut cursor)
            .filter(|m| {
                m.kind_name() == "method_definition"
                    && m.child(0).is_some_and(|c| c.kind_name() == "get")
            })
            .take(MAX_OBJECT_MEMBERS)
            .collect();
        for getter in getters {
            let (Some(key), Some(body)) = (getter.field_child("name"), getter.field_child("body"))
            else {
                continue;
            };
            let Some(key) = self.plain_key(key) else {
                continue;
            };
            let helper = Helper {
                body,
                parameters: Vec::new(),
            };
            let value = self.with_parameters(&helper, &[], |w| w.straight_line_return(body, 0));
            self.env.set(&format!("{name}.{key}"), value);
        }
    }

    /// `const t = new Tools()` of a class the module declares at its top: `t.shell` reads the class's getter
    /// `get shell() { return … }` as its straight-line body returns, and `t.run(x)` is the class's plain
    /// method `run`, a helper whose body is walked with what the call passes (a method using `this` finds
    /// nothing bound there).
    fn bind_instance(&mut self, name: Node<'t>, new: Node<'t>) {
        if name.kind_name() != "identifier" {
            return;
        }
        let Some(class) = new
            .field_child("constructor")
            .filter(|c| c.kind_name() == "identifier")
            .and_then(|c| self.class_body_named(self.src(c)))
        else {
            return;
        };
        let name = self.src(name);
        let mut cursor = class.walk();
        let methods: Vec<Node<'t>> = class
            .named_children(&mut cursor)
            .filter(|m| m.kind_name() == "method_definition")
            .take(MAX_OBJECT_MEMBERS)
            .collect();
        for method in methods {
            let (Some(key), Some(body)) = (method.field_child("name"), method.field_child("body"))
            else {
                continue;
            };
            if key.kind_name() != "property_identifier" {
                continue;
            }
            let key = format!("{name}.{}", self.src(key));
            let first = method.child(0).map(|c| c.kind_name());
            if first == Some("get") {
                let helper = Helper {
                    body,
                    parameters: Vec::new(),
                };
                let value = self.with_parameters(&helper, &[], |w| w.straight_line_return(body, 0));
                self.env.set(&key, value);
            } else if first == Some("property_identifier") {
                self.helpers
                    .record(&key, returns::helper_anywhere(method, self.text));
            }
        }
    }

    /// The body of the class `name` declared at the module's top (`class Tools { … }`).
    fn class_body_named(&self, name: &str) -> Option<Node<'t>> {
        let root = self.root?;
        let mut cursor = root.walk();
        let found = root
            .named_children(&mut cursor)
            .take(MAX_TOP_LEVEL_CLASSES)
            .filter(|n| n.kind_name() == "class_declaration")
            .find(|n| n.field_child("name").is_some_and(|c| self.src(c) == name))?;
        found.field_child("body")
    }

    /// `const ops = new Map([['run', cp.execSync], …])`: each entry with a plain key is bound where
    /// `ops.get('run')` reads it ([`map_entry_key`]); at most [`MAX_OBJECT_MEMBERS`] entries.
    fn bind_map_entries(&mut self, name: Node<'t>, map: Node<'t>) {
        if name.kind_name() != "identifier"
            || map
                .field_child("constructor")
                .is_none_or(|c| self.src(c) != "Map")
        {
            return;
        }
        let Some(entries) = map
            .field_child("arguments")
            .and_then(|a| a.named_child(0))
            .filter(|a| a.kind_name() == "array")
        else {
            return;
        };
        let name = self.src(name);
        let mut cursor = entries.walk();
        let pairs: Vec<Node<'t>> = entries
            .named_children(&mut cursor)
            .filter(|p| p.kind_name() == "array" && p.named_child_count() == 2)
            .take(MAX_OBJECT_MEMBERS)
            .collect();
        for pair in pairs {
            let (Some(key), Some(value)) = (pair.named_child(0), pair.named_child(1)) else {
                continue;
            };
            let Some(key) = self.plain_key(key) else {
                continue;
            };
            let value = self.eval(value, 0);
            self.env.set(&map_entry_key(name, &key), value);
        }
    }

    /// `cfg.cmd` or `cfg['cmd']` on a plain name: the key a member binding is kept under (`cfg.cmd`).
    fn member_key(&self, node: Node) -> Option<String> {
        let object = node.field_child("object")?;
        if object.kind_name() != "identifier" {
            return None;
        }
        let property = match node.kind_name() {
            "member_expression" => node
                .field_child("property")
                .filter(|p| p.kind_name() == "property_identifier")
                .map(|p| self.src(p).to_string())?,
            _ => self.plain_key(node.field_child("index")?)?,
        };
        Some(format!("{}.{property}", self.src(object)))
    }

    /// Whether `node` reads a member bound by an assignment or an object literal.
    fn member_bound(&self, node: Node) -> bool {
        self.member_key(node).is_some_and(|k| self.env.bound(&k))
    }

    /// A literal object key or index: `cmd`, `'cmd'`, `"cmd"`.
    fn plain_key(&self, key: Node) -> Option<String> {
        match key.kind_name() {
            "property_identifier" => Some(self.src(key).to_string()),
            "string" => {
                let raw = self.src(key);
                let body = raw.get(1..raw.len().checked_sub(1)?)?;
                (!body.contains('\\')).then(|| body.to_string())
            }
            _ => None,
        }
    }

    /// `require('fs')`, `require('fs').promises`: a module named as written.
    fn is_plain_require(&self, node: Node) -> bool {
        match node.kind_name() {
            "call_expression" => {
                node.field_child("function")
                    .is_some_and(|f| self.src(f) == "require")
                    && node
                        .field_child("arguments")
                        .and_then(|a| a.named_child(0))
                        .is_some_and(|a| is_plain(a, 0))
            }
            "member_expression" => node
                .field_child("object")
                .is_some_and(|o| self.is_plain_require(o)),
            _ => false,
        }
    }

    fn through_import(&self, node: Node) -> bool {
        match node.kind_name() {
            "identifier" => self.imported.contains(self.src(node)),
            "member_expression" => node
                .field_child("object")
                .is_some_and(|o| self.through_import(o)),
            _ => false,
        }
    }

    fn render_call_site(&mut self, node: Node<'t>) -> bool {
        self.record_call(node);
        // Most calls name a module and pass literals or unknowns: nothing to resolve, no work.
        if !self.might_change(node, 0) && !self.may_forward(node) {
            return false;
        }
        // A call computing a value (`''.join(...)`) is judged where the value is used.
        if self.eval(node, 0).is_some_and(|v| v.is_data()) {
            return true;
        }
        let rendered = self.render(node, 0);
        if !rendered.changed || rendered.text.len() > MAX_CALL_BYTES {
            return false;
        }
        let callee_node = node
            .field_child("function")
            .or_else(|| node.field_child("constructor"));
        let callee = callee_node.and_then(|f| self.eval(f, 0));
        let (path, computed) = match &callee {
            Some(Value::Name { path, computed }) => (Some(path.to_string()), *computed),
            _ => (None, false),
        };
        let hidden_target = path.clone().filter(|p| computed && runs_code(p));
        let (start, end) = (node.start_byte(), node.end_byte());
        self.out.push(Rendition {
            start,
            end,
            code: rendered.text,
            payload: false,
            hidden_target,
            shell: false,
        });
        if let Some(path) = path.filter(|p| evaluates_code(p, false)) {
            let arguments = node.field_child("arguments");
            let mut cursor = arguments.map(|a| a.walk());
            // `Function(a, b, body)`: the body is the last argument; `eval(code)`: the first.
            let code_arg = match (arguments, cursor.as_mut()) {
                (Some(a), Some(c)) if path == "Function" => a.named_children(c).last(),
                (Some(a), _) => a.named_child(0),
                _ => None,
            };
            if let Some(Value::Str(code)) = code_arg
                .filter(|a| computed || !is_plain(*a, 0))
                .and_then(|a| self.eval(a, 0))
            {
                self.out
                    .push(Rendition::payload(start, end, code.to_string()));
            }
        }
        true
    }

    /// A cheap look for a call helper or a sink handed on as a value (see `forward.rs`), whose rendering
    /// names the function it runs even when nothing in it is computed.
    fn may_forward(&self, node: Node) -> bool {
        let Some(arguments) = node.field_child("arguments") else {
            return false;
        };
        let callee = node.field_child("function").map(|f| self.src(f));
        if callee.is_some_and(|c| c.ends_with(".call") || c.ends_with(".apply")) {
            return true;
        }
        let mut cursor = arguments.walk();
        let found = arguments.named_children(&mut cursor).any(|a| {
            matches!(a.kind_name(), "identifier" | "member_expression")
                && forward::SINK_NAMES.contains(&forward::last_name(self.src(a)))
        });
        found
    }

    /// A cheap look at a call's callee and arguments: could rendering it say something new?
    fn might_change(&self, node: Node, depth: usize) -> bool {
        if depth > 4 {
            return true;
        }
        let callee = node
            .field_child("function")
            .or_else(|| node.field_child("constructor"));
        let Some(function) = callee else {
            return false;
        };
        if matches!(
            function.kind_name(),
            "call_expression" | "subscript_expression"
        ) || self.names_known(function)
            || (function.kind_name() == "identifier" && self.helpers.follows(self.src(function)))
        {
            return true;
        }
        let Some(arguments) = node.field_child("arguments") else {
            return false;
        };
        let mut cursor = arguments.walk();
        let list: Vec<Node> = arguments.named_children(&mut cursor).collect();
        list.into_iter().any(|arg| match arg.kind_name() {
            _ if is_plain(arg, 0) => false,
            "identifier" | "member_expression" => self.names_known(arg),
            "call_expression" | "new_expression" => {
                self.might_change(arg, depth + 1)
                    || arg.field_child("function").is_some_and(|f| {
                        self.src(f).ends_with("fromCharCode")
                            || self.src(f).ends_with("join")
                            || self.src(f) == "String.raw"
                    })
            }
            "comment"
            | "arrow_function"
            | "function_expression"
            | "function"
            | "object"
            | "spread_element" => false,
            _ => true,
        })
    }

    /// Whether an identifier, or the root of a member chain, has a value bound here that is not simply
    /// a `require` of a literal.
    fn names_known(&self, node: Node) -> bool {
        match node.kind_name() {
            "identifier" => {
                let name = self.src(node);
                (self.env.get(name).is_some() && !self.imported.contains(name))
                    || matches!(name, "global" | "globalThis" | "window" | "self")
            }
            // `'lave'.split('').reverse()`, `[...].join('')`: a method of a computed value.
            // `cfg.run` bound from an object literal's member or getter.
            "member_expression" => node.field_child("object").is_some_and(|o| {
                !matches!(o.kind_name(), "identifier" | "member_expression" | "this")
                    || self.names_known(o)
                    || (o.kind_name() == "identifier" && self.member_bound(node))
            }),
            _ => false,
        }
    }

    /// Records a call that connects, looks up, spawns or runs code.
    fn record_call(&mut self, node: Node<'t>) {
        let callee = node
            .field_child("function")
            .or_else(|| node.field_child("constructor"));
        let Some(Value::Name { path, .. }) = callee.and_then(|f| self.eval(f, 0)) else {
            return;
        };
        let Some(behaviour) = calls::classify(&path, false) else {
            return;
        };
        let first = node.field_child("arguments").and_then(|a| a.named_child(0));
        let literal = first.is_some_and(|a| is_plain(a, 0));
        let detached = behaviour == calls::Behaviour::Spawn && calls::is_detached(self.src(node));
        self.out.record_call(calls::CallSite {
            start: node.start_byte(),
            end: node.end_byte(),
            path: path.to_string(),
            behaviour,
            literal,
            known: literal,
            detached,
        });
    }

    fn render(&mut self, node: Node<'t>, depth: usize) -> Rendered {
        let src = self.src(node);
        let original = || Rendered {
            text: src.to_string(),
            changed: false,
        };
        if depth > MAX_EVAL_DEPTH
            || !self.budget.step()
            || is_plain(node, 0)
            || self.through_import(node)
        {
            return original();
        }
        // A call that computes a known string or number is that value (`bytes([...]).decode()`).
        if matches!(node.kind_name(), "call_expression" | "new_expression") {
            if let Some(value) = self.eval(node, depth + 1).filter(Value::is_data) {
                return self.written(node, &value);
            }
        }
        if matches!(node.kind_name(), "call_expression" | "new_expression") {
            let function = node
                .field_child("function")
                .or_else(|| node.field_child("constructor"));
            let (Some(function), Some(arguments)) = (function, node.field_child("arguments"))
            else {
                return original();
            };
            if arguments.kind_name() != "arguments" {
                return original();
            }
            // `Reflect.apply(f, this, [a])`, `f.call(this, a)`: written as `f(a)`.
            let forwarded = self.forwarded(function, arguments);
            let (function, list) = match forwarded.clone() {
                Some(call) => call,
                None => {
                    let mut cursor = arguments.walk();
                    let list: Vec<Node<'t>> = arguments.named_children(&mut cursor).collect();
                    (function, list)
                }
            };
            let callee = self.render_callee(function, depth + 1);
            let mut changed = callee.changed || forwarded.is_some();
            let mut parts = Vec::new();
            for arg in list {
                if arg.kind_name() == "comment" {
                    continue;
                }
                let value = self.render(arg, depth + 1);
                changed |= value.changed;
                parts.push(value.text);
            }
            let new = if node.kind_name() == "new_expression" {
                "new "
            } else {
                ""
            };
            return Rendered {
                text: format!("{new}{}({})", callee.text, parts.join(", ")),
                changed,
            };
        }
        match self.eval(node, depth + 1) {
            Some(value @ Value::Name { .. }) => self.written(node, &value),
            Some(value) if value.is_data() => self.written(node, &value),
            _ => original(),
        }
    }

    fn written(&self, node: Node, value: &Value) -> Rendered {
        match values::literal(value, false) {
            Some(text) if text.len() <= MAX_CALL_BYTES => {
                let changed = squeezed(&text) != squeezed(self.src(node));
                Rendered { text, changed }
            }
            _ => Rendered {
                text: self.src(node).to_string(),
                changed: false,
            },
        }
    }

    fn render_callee(&mut self, node: Node<'t>, depth: usize) -> Rendered {
        if self.through_import(node) {
            return Rendered {
                text: self.src(node).to_string(),
                changed: false,
            };
        }
        if let Some(value @ Value::Name { .. }) = self.eval(node, depth) {
            return self.written(node, &value);
        }
        if node.kind_name() == "member_expression" {
            if let (Some(object), Some(property)) =
                (node.field_child("object"), node.field_child("property"))
            {
                let object = self.render(object, depth + 1);
                return Rendered {
                    text: format!("{}.{}", object.text, self.src(property)),
                    changed: object.changed,
                };
            }
        }
        Rendered {
            text: self.src(node).to_string(),
            changed: false,
        }
    }

    /// The value of `node`, evaluated at `depth`, taken from the memo when the names it may read are as
    /// they were when it was worked out, with the steps it took then.
    fn eval(&mut self, node: Node<'t>, depth: usize) -> Option<Value> {
        if depth > MAX_EVAL_DEPTH || !self.remember || !memo::worth_remembering(node.kind_name()) {
            return self.eval_node(node, depth);
        }
        let state = self.names_state();
        if let Some((value, steps)) = self.memo.get(node, depth, state) {
            let value = value.clone();
            // Too few steps left: evaluate it again, to stop where the evaluation would stop.
            if self.budget.take(steps) {
                return value;
            }
        }
        let before = self.budget.left();
        let value = self.eval_node(node, depth);
        let after = self.budget.left();
        // With steps left the evaluation never ran out; with the same names it read only those.
        if after > 0 && state == self.names_state() {
            self.memo.keep(node, depth, state, &value, before - after);
        }
        value
    }

    /// What the memo's results depend on besides the node: the names bound and the helpers known.
    fn names_state(&self) -> (u64, u64) {
        (self.env.generation(), self.helpers.generation())
    }

    fn eval_node(&mut self, node: Node<'t>, depth: usize) -> Option<Value> {
        if depth > MAX_EVAL_DEPTH || !self.budget.step() {
            return None;
        }
        let next = depth + 1;
        match node.kind_name() {
            "string" => {
                let raw = self.src(node);
                let body = raw.get(1..raw.len().checked_sub(1)?)?;
                Value::str(values::unescape(body))
            }
            "template_string" => {
                let mut out = String::new();
                let mut cursor = node.walk();
                let parts: Vec<Node<'t>> = node.named_children(&mut cursor).collect();
                for part in parts {
                    match part.kind_name() {
                        "string_fragment" => out.push_str(self.src(part)),
                        "escape_sequence" => out.push_str(&values::unescape(self.src(part))),
                        "template_substitution" => {
                            let value = self.eval(part.named_child(0)?, next)?;
                            out.push_str(&value.to_text()?);
                        }
                        _ => return None,
                    }
                    if out.len() > super::limits::MAX_STRING_BYTES {
                        return None;
                    }
                }
                Value::str(out)
            }
            "number" => values::parse_int(self.src(node)).map(Value::Int),
            "identifier" => {
                let name = self.src(node);
                match self.env.get(name) {
                    Some(value) => Some(value.clone()),
                    None if self.env.bound(name) => None,
                    None if matches!(name, "global" | "globalThis" | "window" | "self") => {
                        Some(Value::Namespace)
                    }
                    None if GLOBALS.contains(&name) => Some(Value::name(name, false)),
                    None => None,
                }
            }
            "parenthesized_expression" => self.eval(node.named_child(0)?, next),
            // `(0, eval)(code)`: a comma expression is worth its last operand (the indirect-eval idiom).
            "sequence_expression" => {
                let last = node.named_child(node.named_child_count().checked_sub(1)?)?;
                self.eval(last, next)
            }
            "array" => {
                let mut cursor = node.walk();
                let parts: Vec<Node<'t>> = node.named_children(&mut cursor).collect();
                if parts.len() > super::limits::MAX_LIST_ITEMS {
                    return None;
                }
                let mut items = Vec::with_capacity(parts.len());
                for part in parts {
                    // `[...'ssecorp'].reverse()`: a spread string or array adds its items.
                    if part.kind_name() == "spread_element" {
                        items.extend(self.eval(part.named_child(0)?, next)?.items()?);
                        if items.len() > super::limits::MAX_LIST_ITEMS {
                            return None;
                        }
                        continue;
                    }
                    items.push(self.eval(part, next)?);
                }
                Value::list(items)
            }
            // `('x' === 'x') ? 'child_process' : 'fs'`: a condition the evaluator can decide picks its branch.
            "ternary_expression" => {
                let truth = self.truth(node.field_child("condition")?, next)?;
                let branch = if truth { "consequence" } else { "alternative" };
                self.eval(node.field_child(branch)?, next)
            }
            "unary_expression" => {
                let value = self.eval(node.field_child("argument")?, next)?.as_int()?;
                match self.src(node.field_child("operator")?) {
                    "-" => value.checked_neg().map(Value::Int),
                    "+" => Some(Value::Int(value)),
                    "~" => Some(Value::Int(!value)),
                    _ => None,
                }
            }
            "binary_expression" => {
                let op = self.src(node.field_child("operator")?);
                let left = self.eval(node.field_child("left")?, next)?;
                let right = self.eval(node.field_child("right")?, next)?;
                match (op, &left, &right) {
                    ("+", _, _) => values::add(&left, &right, true),
                    (_, Value::Int(a), Value::Int(b)) => {
                        values::arithmetic(op, *a, *b).map(Value::Int)
                    }
                    _ => None,
                }
            }
            "member_expression" | "subscript_expression" if self.member_bound(node) => {
                let key = self.member_key(node)?;
                self.env.get(&key).cloned()
            }
            "member_expression" => {
                let object = self.eval(node.field_child("object")?, next)?;
                let property = self.src(node.field_child("property")?);
                match (&object, property) {
                    (Value::Str(text), "length") => i64::try_from(text.encode_utf16().count())
                        .ok()
                        .map(Value::Int),
                    (Value::List(items), "length") => {
                        i64::try_from(items.len()).ok().map(Value::Int)
                    }
                    _ => member(object, property, false),
                }
            }
            "subscript_expression" => {
                let object_node = node.field_child("object")?;
                let index_node = node.field_child("index")?;
                // `handlers[k]` with `k` known: the member an object literal bound under that key.
                if object_node.kind() == "identifier" && !is_plain(index_node, 0) {
                    if let Some(Value::Str(key)) = self.eval(index_node, next) {
                        let member = format!("{}.{key}", self.src(object_node));
                        if self.env.bound(&member) {
                            return self.env.get(&member).cloned();
                        }
                    }
                }
                let computed = !is_plain(index_node, 0);
                let object = self.eval(object_node, next)?;
                let index = self.eval(index_node, next)?;
                match (&object, &index) {
                    (_, Value::Str(name)) if !object.is_data() => member(object, name, computed),
                    (_, Value::Int(i)) => values::index(&object, *i),
                    _ => None,
                }
            }
            "call_expression" => self.call(node, next),
            _ => None,
        }
    }

    fn arguments(&mut self, node: Node<'t>, depth: usize) -> Option<Vec<Value>> {
        let arguments = node.field_child("arguments")?;
        if arguments.kind_name() != "arguments" {
            return None;
        }
        let mut out = Vec::new();
        let mut cursor = arguments.walk();
        let list: Vec<Node<'t>> = arguments.named_children(&mut cursor).collect();
        for arg in list {
            match arg.kind_name() {
                "comment" => {}
                "spread_element" => out.extend(self.eval(arg.named_child(0)?, depth)?.items()?),
                _ => out.push(self.eval(arg, depth)?),
            }
        }
        Some(out)
    }

    fn call(&mut self, node: Node<'t>, depth: usize) -> Option<Value> {
        let function = node.field_child("function")?;
        if function.kind_name() == "member_expression" {
            let method = self.src(function.field_child("property")?);
            let object = self.eval(function.field_child("object")?, depth);
            if let (Some(Value::List(items)), "map") = (&object, method) {
                let callback = node.field_child("arguments")?.named_child(0)?;
                return self.map_items(items, callback, depth);
            }
            // `ops.get('run')` on a `Map` bound from literal entries.
            let object_node = function.field_child("object")?;
            if method == "get" && object_node.kind_name() == "identifier" {
                let key = node.field_child("arguments")?.named_child(0)?;
                if let Some(Value::Str(key)) = self.eval(key, depth) {
                    let key = map_entry_key(self.src(object_node), &key);
                    if self.env.bound(&key) {
                        return self.env.get(&key).cloned();
                    }
                }
            }
            if let (Some(Value::List(items)), "reduce") = (&object, method) {
                let arguments = node.field_child("arguments")?;
                let callback = arguments.named_child(0)?;
                let initial = match arguments.named_child(1) {
                    Some(initial) => Some(self.eval(initial, depth)?),
                    None => None,
                };
                return self.reduce_items(items, callback, initial, depth);
            }
            // `cp.execSync.bind(cp)`: the same function with its receiver fixed (bound arguments, which
            // would lead every call's own, leave it unknown).
            if let (Some(name @ Value::Name { .. }), "bind") = (&object, method) {
                let bound = node.field_child("arguments")?.named_child_count();
                return (bound <= 1).then(|| name.clone());
            }
            if let Some(object) = object.filter(Value::is_data) {
                let args = self.arguments(node, depth)?;
                return method_call(&object, method, &args);
            }
        }
        if let Some(arguments) = node.field_child("arguments") {
            if let Some(value) = self.helper_return(function, arguments, depth) {
                return Some(value);
            }
        }
        if let Some(value) = self.object_listing(function, node, depth) {
            return Some(value);
        }
        // The module loader under other names loads as `require` does.
        if REQUIRE_ALIKES.contains(&self.src(function)) {
            let first = node.field_child("arguments")?.named_child(0)?;
            let computed = !is_plain(first, 0);
            let module = self.eval(first, depth)?;
            let module = module.as_str()?;
            return Some(Value::name(format!("require(\"{module}\")"), computed));
        }
        let callee = self.eval(function, depth)?;
        let Value::Name { path, .. } = &callee else {
            return None;
        };
        let path = path.as_ref();
        // `createRequire(import.meta.url)` gives a `require`.
        if matches!(
            path,
            "require(\"module\").createRequire" | "require(\"node:module\").createRequire"
        ) {
            return Some(Value::name("require", false));
        }
        if path == "String.raw" {
            return self.string_raw(node, depth);
        }
        if path == "require" {
            let first = node.field_child("arguments")?.named_child(0)?;
            let computed = !is_plain(first, 0);
            let module = self.eval(first, depth)?;
            let module = module.as_str()?;
            return Some(Value::name(format!("require(\"{module}\")"), computed));
        }
        let args = self.arguments(node, depth)?;
        match path {
            "String.fromCharCode" | "String.fromCodePoint" => {
                let mut out = String::new();
                for arg in &args {
                    out.push(values::char_of(arg.as_int()?)?);
                }
                Value::str(out)
            }
            "String" => Value::str(args.first()?.to_text()?),
            _ => None,
        }
    }
}

/// Where a `Map` entry is bound: no member access spells it, so only `map.get(key)` reads it.
fn map_entry_key(map: &str, key: &str) -> String {
    format!("{map}.get({key:?})")
}

/// `object.property` / `object["property"]` on a name or the global object.
fn member(object: Value, property: &str, computed: bool) -> Option<Value> {
    match object {
        Value::Namespace => Some(Value::name(property, computed)),
        Value::Name {
            path,
            computed: was,
        } => Some(Value::name(format!("{path}.{property}"), was || computed)),
        _ => None,
    }
}

/// Methods of strings and arrays the evaluator knows.
fn method_call(object: &Value, method: &str, args: &[Value]) -> Option<Value> {
    match (method, object, args) {
        ("split", Value::Str(s), [Value::Str(sep)]) => {
            let parts: Vec<Value> = if sep.is_empty() {
                s.chars()
                    .filter_map(|c| Value::str(c.to_string()))
                    .collect()
            } else {
                s.split(sep.as_ref()).filter_map(Value::str).collect()
            };
            Value::list(parts)
        }
        ("reverse", Value::List(items), []) => {
            let mut items = items.to_vec();
            items.reverse();
            Value::list(items)
        }
        ("join", Value::List(_), []) => values::join(&Value::str(",")?, object),
        ("join", Value::List(_), [sep @ Value::Str(_)]) => values::join(sep, object),
        ("concat", _, _) => {
            let mut acc = object.clone();
            for arg in args {
                acc = values::add(&acc, arg, true)?;
            }
            Some(acc)
        }
        ("toString", _, []) => Value::str(object.to_text()?),
        ("toLowerCase", Value::Str(s), []) => Value::str(s.to_lowercase()),
        ("toUpperCase", Value::Str(s), []) => Value::str(s.to_uppercase()),
        ("trim", Value::Str(s), []) => Value::str(s.trim()),
        ("replace" | "replaceAll", Value::Str(_), [old, new]) => values::replace(object, old, new),
        // `a.slice()`: a copy, as taken before an in-place `reverse()`.
        ("slice", Value::Str(_) | Value::List(_), []) => Some(object.clone()),
        ("slice" | "substring", _, [Value::Int(a)]) => values::slice(object, Some(*a), None, None),
        ("slice", _, [Value::Int(a), Value::Int(b)]) => {
            values::slice(object, Some(*a), Some(*b), None)
        }
        ("substring", _, [Value::Int(a), Value::Int(b)]) if *a >= 0 && *b >= *a => {
            values::slice(object, Some(*a), Some(*b), None)
        }
        ("charAt", Value::Str(_), [Value::Int(i)]) if *i >= 0 => values::index(object, *i),
        ("charCodeAt", Value::Str(s), [Value::Int(i)]) => usize::try_from(*i)
            .ok()
            .and_then(|i| s.encode_utf16().nth(i))
            .map(|unit| Value::Int(i64::from(unit))),
        _ => None,
    }
}

/// A literal written as what it is: a string without escapes, a template without substitutions or
/// escapes, a number, or an array of those.
fn is_plain(node: Node, depth: usize) -> bool {
    if depth > 8 {
        return false;
    }
    match node.kind_name() {
        "number" | "true" | "false" | "null" | "undefined" => true,
        "string" | "template_string" => {
            let mut cursor = node.walk();
            let plain = node
                .named_children(&mut cursor)
                .all(|part| part.kind_name() == "string_fragment");
            plain
        }
        "array" => {
            let mut cursor = node.walk();
            let plain = node
                .named_children(&mut cursor)
                .all(|c| is_plain(c, depth + 1));
            plain
        }
        _ => false,
    }
}
