//! The partial evaluator over Python trees: imports and assignments bind names, `for` over a literal
//! collection walks its body once per item, and each call whose callee or arguments resolve to something
//! other than what is written becomes a [`Rendition`]. Function and method bodies are walked after the
//! module's top level, seeing its names, with their parameters unknown.

use super::limits::{Budget, MAX_CALL_BYTES, MAX_EVAL_DEPTH, MAX_LOOP_ITEMS, MAX_WALK_DEPTH};
use super::python_builtins::{builtin_call, builtin_text, string_method};
use super::shell_lines::{argv_line, shell_script, MAX_SCRIPT_COMMANDS};
use super::values::{self, Value};
use super::{calls, evaluates_code, runs_code, squeezed, Env, Output, Rendition};
use crate::fields::FieldChild;
use std::rc::Rc;
use tree_sitter::Node;

#[path = "python_aliases.rs"]
mod aliases;
#[path = "python_exports.rs"]
pub(super) mod exports;
#[path = "python_returns.rs"]
mod returns;

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
    /// Module functions whose return value a call may stand for (see [`returns`]).
    helpers: returns::Helpers<'t>,
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
            imported: std::collections::HashSet::new(),
            literal_names: std::collections::HashSet::new(),
            binding_literal: false,
            env: Env::new(),
            budget,
            out,
            deferred: Vec::new(),
            commands: Vec::new(),
            helpers: returns::Helpers::default(),
            aliases: aliases::Aliases::default(),
        }
    }
}

impl<'t> Walker<'t, '_> {
    fn src(&self, node: Node) -> &'t str {
        node.utf8_text(self.text.as_bytes()).unwrap_or("")
    }

    fn walk(&mut self, node: Node<'t>, depth: usize) {
        if depth > MAX_WALK_DEPTH || !self.budget.step() {
            return;
        }
        if node.kind() == "call" {
            self.inline_helper(node);
        }
        match node.kind() {
            "function_definition" => {
                if self.deferred.len() < 10_000 && !self.helpers.inlining() {
                    if let Some(body) = node.field_child("body") {
                        self.deferred.push((body, node.field_child("parameters")));
                    }
                }
                if let Some(name) = node.field_child("name") {
                    let name = self.src(name);
                    self.env.set(name, None);
                    self.helpers.define(name, node, self.text);
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
                    self.aliases.assigned(left, right, self.text);
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
                    if value.kind() == "as_pattern" {
                        let handle = value.named_child(0).and_then(|v| self.eval(v, 0));
                        if let Some(alias) = value.field_child("alias") {
                            let alias = alias
                                .named_child(0)
                                .filter(|_| alias.kind() == "as_pattern_target")
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

    fn unbind_parameters(&mut self, params: Node<'t>) {
        let mut cursor = params.walk();
        let names: Vec<Node<'t>> = params.named_children(&mut cursor).collect();
        for param in names {
            let name = if param.kind() == "identifier" {
                Some(param)
            } else {
                param.field_child("name").or_else(|| param.named_child(0))
            };
            if let Some(name) = name.filter(|n| n.kind() == "identifier") {
                let name = self.src(name);
                self.env.set(name, None);
            }
        }
    }

    /// `a, b, c = exec, str, tuple`: each name takes its own item, so one item the evaluator does not
    /// know leaves the others known. Returns whether the assignment had that shape.
    fn bind_pairwise(&mut self, left: Node<'t>, right: Node<'t>) -> bool {
        if !matches!(left.kind(), "pattern_list" | "tuple_pattern")
            || !matches!(right.kind(), "expression_list" | "tuple")
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
        match target.kind() {
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
        (object.kind() == "identifier" && !matches!(name, "self" | "cls"))
            .then(|| format!("{name}.{}", self.src(attribute)))
    }

    fn bind_import(&mut self, node: Node<'t>) {
        let mut cursor = node.walk();
        let names: Vec<Node<'t>> = node.children_by_field_name("name", &mut cursor).collect();
        for name in names {
            if name.kind() == "aliased_import" {
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
            let (imported, local) = if name.kind() == "aliased_import" {
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

    /// Renders a call; when it resolves to something other than its text, records it (and, for an exec
    /// sink handed a computed string, the string as code). Returns whether it was recorded.
    fn render_call_site(&mut self, node: Node<'t>) -> bool {
        self.record_call(node);
        self.shell_payload(node);
        // Most calls name an import and pass literals or unknowns: nothing to resolve, no work.
        if !self.might_change(node, 0) {
            return false;
        }
        // A call computing a value (`''.join(...)`) is judged where the value is used.
        if self.eval(node, 0).is_some_and(|v| v.is_data()) {
            return true;
        }
        let rendered = self.render(node, 0);
        let function = node.field_child("function");
        let callee = function.and_then(|f| self.eval(f, 0));
        let (path, computed) = match &callee {
            Some(Value::Name { path, computed }) => (Some(path.to_string()), *computed),
            _ => (None, false),
        };
        let (start, end) = (node.start_byte(), node.end_byte());
        let sink = path.as_deref().filter(|p| evaluates_code(p, true));
        let whole = rendered.changed && rendered.text.len() <= MAX_CALL_BYTES;
        let main = rendered.text;
        if whole {
            let hidden_target = path.clone().filter(|p| computed && runs_code(p));
            self.out.push(Rendition {
                start,
                end,
                code: main.clone(),
                payload: false,
                hidden_target,
                shell: false,
            });
        }
        // An exec sink reached through another name (`show = exec`, `a, b = exec, str`,
        // `getattr(builtins, "exec")`) is also written as the sink with its arguments as written: the
        // rules that read `exec(base64.b64decode(blob))` see it, where the resolved arguments show only
        // the decoded bytes or are too long to render.
        let aliased = sink.filter(|p| function.is_some_and(|f| self.src(f) != *p));
        if let (Some(sink), Some(arguments)) = (aliased, node.field_child("arguments")) {
            let code = format!("{sink}{}", self.src(arguments));
            if code.len() <= MAX_CALL_BYTES && !(whole && squeezed(&code) == squeezed(&main)) {
                self.out.push(Rendition {
                    start,
                    end,
                    code,
                    payload: false,
                    hidden_target: None,
                    shell: false,
                });
            }
        }
        if sink.is_some() && (whole || aliased.is_some()) {
            let first = node
                .field_child("arguments")
                .and_then(|a| a.named_child(0))
                .filter(|a| computed || !is_plain(*a, 0));
            // Known bytes handed to exec are source code too (`exec(base64.b64decode(blob))`).
            let code = match first.and_then(|a| self.eval(a, 0)) {
                Some(Value::Str(code)) => Some(code.to_string()),
                Some(Value::Bytes(bytes)) => String::from_utf8(bytes.to_vec()).ok(),
                _ => None,
            };
            if let Some(code) = code {
                self.out.push(Rendition {
                    start,
                    end,
                    code,
                    payload: true,
                    hidden_target: None,
                    shell: false,
                });
            }
        }
        whole
    }

    /// A command line handed to a shell (`os.system`, `os.popen`, `subprocess.getoutput`, or a
    /// `subprocess` call given one string) becomes a payload the rescan reads as shell, so the shell rules
    /// (download, `chmod +x`, run) judge it as if it were a script of the package.
    fn shell_payload(&mut self, node: Node<'t>) {
        let Some(Value::Name { path, .. }) = node
            .field_child("function")
            .filter(|f| matches!(f.kind(), "identifier" | "attribute" | "subscript"))
            .and_then(|f| self.eval(f, 0))
        else {
            return;
        };
        let whole_line = matches!(
            path.as_ref(),
            "os.system" | "os.popen" | "subprocess.getoutput" | "subprocess.getstatusoutput"
        );
        let command_string = matches!(
            path.as_ref(),
            "subprocess.run"
                | "subprocess.call"
                | "subprocess.Popen"
                | "subprocess.check_call"
                | "subprocess.check_output"
        );
        if !whole_line && !command_string {
            return;
        }
        let Some(first) = node.field_child("arguments").and_then(|a| a.named_child(0)) else {
            return;
        };
        let (command, argv) = match self.eval(first, 0) {
            Some(Value::Str(command)) => (command.to_string(), false),
            // `subprocess.run(["curl", "-o", f, url])`: an argument vector of known words.
            Some(Value::List(words)) if command_string => match argv_line(&words) {
                Some(line) => (line, true),
                None => return,
            },
            _ => return,
        };
        if command.len() > MAX_CALL_BYTES {
            return;
        }
        if self.commands.len() < MAX_SCRIPT_COMMANDS {
            self.commands
                .push((node.start_byte(), node.end_byte(), command.clone()));
        }
        // An argument vector alone names one program with its arguments, which the rules already read
        // where it is written (`["gh", "auth", "token"]` is a client asking for its own token); it counts
        // only with the module's other command lines.
        if command.len() < MIN_SHELL_PAYLOAD || argv {
            return;
        }
        self.out.push(Rendition {
            start: node.start_byte(),
            end: node.end_byte(),
            code: format!("{command}\n"),
            payload: true,
            hidden_target: None,
            shell: true,
        });
    }

    /// A cheap look at a call's callee and arguments: could rendering it say something new?
    fn might_change(&self, node: Node, depth: usize) -> bool {
        if depth > 4 {
            return true;
        }
        let Some(function) = node.field_child("function") else {
            return false;
        };
        if matches!(function.kind(), "call" | "subscript")
            || self.names_known(function)
            || (function.kind() == "identifier" && self.helpers.follows(self.src(function)))
        {
            return true;
        }
        let Some(arguments) = node.field_child("arguments") else {
            return false;
        };
        let mut cursor = arguments.walk();
        let list: Vec<Node> = arguments.named_children(&mut cursor).collect();
        list.into_iter().any(|arg| {
            let arg = match arg.kind() {
                "keyword_argument" => arg.field_child("value").unwrap_or(arg),
                _ => arg,
            };
            match arg.kind() {
                _ if is_plain(arg, 0) => false,
                "identifier" | "attribute" => self.names_known(arg),
                "call" => self.might_change(arg, depth + 1),
                "comment" | "list_splat" | "dictionary_splat" | "lambda" | "dictionary" => false,
                _ => true,
            }
        })
    }

    /// Whether an identifier, or the root of an attribute chain, has a value bound here that is not
    /// simply an import.
    fn names_known(&self, node: Node) -> bool {
        match node.kind() {
            "identifier" => {
                let name = self.src(node);
                (self.env.get(name).is_some() && !self.imported.contains(name))
                    || matches!(name, "builtins" | "__builtins__")
            }
            // `"".join(...)`, `bytes([...]).decode()`: a method of a computed value; `self.run` set once.
            "attribute" => {
                node.field_child("object").is_some_and(|o| {
                    !matches!(o.kind(), "identifier" | "attribute") || self.names_known(o)
                }) || self.aliases.knows_self_attribute(node, self.text)
            }
            _ => false,
        }
    }

    /// Records a call that connects, looks up, spawns or runs code.
    fn record_call(&mut self, node: Node<'t>) {
        let Some(Value::Name { path, .. }) =
            node.field_child("function").and_then(|f| self.eval(f, 0))
        else {
            return;
        };
        let Some(behaviour) = calls::classify(&path, true) else {
            return;
        };
        let first = node.field_child("arguments").and_then(|a| a.named_child(0));
        let literal = first.is_some_and(|a| {
            is_plain(a, 0)
                || (matches!(a.kind(), "list" | "tuple")
                    && a.named_child(0).is_some_and(|h| is_plain(h, 0)))
        });
        // A constant naming this machine (`LOCAL = "localhost"`) is a local check, not a fixed remote host.
        let known = literal
            || first.and_then(|a| self.eval(a, 0)).is_some_and(|v| {
                v.is_data()
                    && !values::literal(&v, true)
                        .is_some_and(|t| crate::native::install_time::names_this_machine(&t))
            });
        let detached = behaviour == calls::Behaviour::Spawn && calls::is_detached(self.src(node));
        self.out.record_call(calls::CallSite {
            start: node.start_byte(),
            end: node.end_byte(),
            path: path.to_string(),
            behaviour,
            literal,
            known,
            detached,
        });
    }

    /// The expression written back with what resolved.
    fn render(&mut self, node: Node<'t>, depth: usize) -> Rendered {
        let src = self.src(node);
        let original = || Rendered {
            text: src.to_string(),
            changed: false,
        };
        if depth > MAX_EVAL_DEPTH || !self.budget.step() {
            return original();
        }
        if is_plain(node, 0) || self.through_import(node) {
            return original();
        }
        // A call that computes a known string or number is that value (`bytes([...]).decode()`).
        if matches!(node.kind(), "call") {
            if let Some(value) = self.eval(node, depth + 1).filter(Value::is_data) {
                return self.written(node, &value);
            }
        }
        if node.kind() == "call" {
            let Some(function) = node.field_child("function") else {
                return original();
            };
            let callee = self.render_callee(function, depth + 1);
            let Some(arguments) = node.field_child("arguments") else {
                return original();
            };
            let mut changed = callee.changed;
            let args = if arguments.kind() == "argument_list" {
                let mut parts = Vec::new();
                let mut cursor = arguments.walk();
                let list: Vec<Node<'t>> = arguments.named_children(&mut cursor).collect();
                for arg in list {
                    if arg.kind() == "comment" {
                        continue;
                    }
                    let part = if arg.kind() == "keyword_argument" {
                        match (arg.field_child("name"), arg.field_child("value")) {
                            (Some(name), Some(value)) => {
                                let value = self.render(value, depth + 1);
                                changed |= value.changed;
                                format!("{}={}", self.src(name), value.text)
                            }
                            _ => self.src(arg).to_string(),
                        }
                    } else {
                        let value = self.render(arg, depth + 1);
                        changed |= value.changed;
                        value.text
                    };
                    parts.push(part);
                }
                format!("({})", parts.join(", "))
            } else {
                let value = self.render(arguments, depth + 1);
                changed |= value.changed;
                format!("({})", value.text)
            };
            return Rendered {
                text: format!("{}{args}", callee.text),
                changed,
            };
        }
        match self.eval(node, depth + 1) {
            Some(value @ Value::Name { .. }) => self.written(node, &value),
            Some(value) if value.is_data() => self.written(node, &value),
            _ => original(),
        }
    }

    /// A value in place of `node`, changed when it reads differently.
    fn written(&self, node: Node, value: &Value) -> Rendered {
        match values::literal(value, true) {
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
        if node.kind() == "attribute" {
            if let (Some(object), Some(attribute)) =
                (node.field_child("object"), node.field_child("attribute"))
            {
                let object = self.render(object, depth + 1);
                return Rendered {
                    text: format!("{}.{}", object.text, self.src(attribute)),
                    changed: object.changed,
                };
            }
        }
        Rendered {
            text: self.src(node).to_string(),
            changed: false,
        }
    }

    /// A literal, or a name bound straight to one.
    fn written_literally(&self, node: Node) -> bool {
        is_plain(node, 0)
            || (node.kind() == "identifier" && self.literal_names.contains(self.src(node)))
    }

    /// `np.array`, `run` after `from subprocess import run`: a name straight from an import, which rules
    /// already read as written.
    fn through_import(&self, node: Node) -> bool {
        match node.kind() {
            "identifier" => self.imported.contains(self.src(node)),
            "attribute" => node
                .field_child("object")
                .is_some_and(|o| self.through_import(o)),
            _ => false,
        }
    }

    /// What `node` evaluates to, if the evaluator can tell.
    fn eval(&mut self, node: Node<'t>, depth: usize) -> Option<Value> {
        if depth > MAX_EVAL_DEPTH || !self.budget.step() {
            return None;
        }
        let next = depth + 1;
        match node.kind() {
            "string" => self.string(node, next),
            "concatenated_string" => {
                let mut cursor = node.walk();
                let parts: Vec<Node<'t>> = node.named_children(&mut cursor).collect();
                let mut acc = Value::str("")?;
                for part in parts {
                    let value = self.eval(part, next)?;
                    acc = values::add(&acc, &value, false)?;
                }
                Some(acc)
            }
            "integer" => values::parse_int(self.src(node)).map(Value::Int),
            "identifier" => {
                let name = self.src(node);
                match self.env.get(name) {
                    Some(value) => Some(value.clone()),
                    None if self.env.bound(name) => None,
                    None if matches!(name, "builtins" | "__builtins__") => Some(Value::Namespace),
                    None if BUILTINS.contains(&name) => Some(Value::name(name, false)),
                    None => None,
                }
            }
            "parenthesized_expression" | "expression_statement" => {
                self.eval(node.named_child(0)?, next)
            }
            "tuple" | "list" | "set" => {
                let mut cursor = node.walk();
                let parts: Vec<Node<'t>> = node.named_children(&mut cursor).collect();
                if parts.len() > super::limits::MAX_LIST_ITEMS {
                    return None;
                }
                let mut items = Vec::with_capacity(parts.len());
                for part in parts {
                    items.push(self.eval(part, next)?);
                }
                Value::list(items)
            }
            "unary_operator" => {
                let value = self.eval(node.field_child("argument")?, next)?.as_int()?;
                match self.src(node.field_child("operator")?) {
                    "-" => value.checked_neg().map(Value::Int),
                    "+" => Some(Value::Int(value)),
                    "~" => Some(Value::Int(!value)),
                    _ => None,
                }
            }
            "binary_operator" => {
                let op = self.src(node.field_child("operator")?);
                let left = self.eval(node.field_child("left")?, next)?;
                let right = self.eval(node.field_child("right")?, next)?;
                match (op, &left, &right) {
                    ("+", _, _) => values::add(&left, &right, false),
                    ("*", Value::Str(_), Value::Int(_)) | ("*", Value::Int(_), Value::Str(_)) => {
                        values::repeat(&left, &right)
                    }
                    ("%", Value::Str(fmt), _) => values::percent_format(fmt, &right),
                    (_, Value::Int(a), Value::Int(b)) => {
                        values::arithmetic(op, *a, *b).map(Value::Int)
                    }
                    _ => None,
                }
            }
            "subscript" => self.subscript(node, next),
            "attribute" => {
                if let Some(value) = self.self_attribute_value(node, next) {
                    return Some(value);
                }
                if let Some(value) = self
                    .module_attribute(node)
                    .and_then(|key| self.env.get(&key).cloned())
                {
                    return Some(value);
                }
                let object = self.eval(node.field_child("object")?, next)?;
                let attribute = self.src(node.field_child("attribute")?);
                match object {
                    Value::Name { path, computed } => {
                        Some(Value::name(format!("{path}.{attribute}"), computed))
                    }
                    Value::Namespace if attribute == "__dict__" => Some(Value::Namespace),
                    Value::Namespace => Some(Value::name(attribute, false)),
                    _ => None,
                }
            }
            "call" => self.call(node, next),
            "lambda" => self.forwarding_lambda(node, next),
            "generator_expression" | "list_comprehension" => self.comprehension(node, next),
            _ => None,
        }
    }

    fn string(&mut self, node: Node<'t>, depth: usize) -> Option<Value> {
        let mut prefix = String::new();
        let mut out = String::new();
        let mut cursor = node.walk();
        let parts: Vec<Node<'t>> = node.children(&mut cursor).collect();
        for part in parts {
            match part.kind() {
                "string_start" => {
                    prefix = self
                        .src(part)
                        .chars()
                        .take_while(|c| c.is_ascii_alphabetic())
                        .collect::<String>()
                        .to_ascii_lowercase();
                }
                "string_content" => {
                    let raw = self.src(part);
                    if prefix.contains('r') {
                        out.push_str(raw);
                    } else {
                        out.push_str(&values::unescape(raw));
                    }
                }
                "interpolation" => {
                    if part.field_child("format_specifier").is_some()
                        || part.field_child("type_conversion").is_some()
                    {
                        return None;
                    }
                    let value = self.eval(part.field_child("expression")?, depth)?;
                    out.push_str(&value.to_text()?);
                }
                _ => {}
            }
            if out.len() > super::limits::MAX_STRING_BYTES {
                return None;
            }
        }
        if prefix.contains('b') {
            return Some(Value::Bytes(Rc::from(
                out.chars().map(|c| c as u32 as u8).collect::<Vec<u8>>(),
            )));
        }
        Value::str(out)
    }

    fn subscript(&mut self, node: Node<'t>, depth: usize) -> Option<Value> {
        let value_node = node.field_child("value")?;
        let key = node.field_child("subscript")?;
        // One character picked by index (a slice is how ordinary code trims the text it prints).
        if key.kind() != "slice" && self.builtin_object_text(value_node).is_some() {
            self.out
                .record_builtin_pick(node.start_byte(), node.end_byte());
        }
        if let Some(entry) = self.dict_entry(node, depth) {
            return Some(entry);
        }
        let value = self.eval(value_node, depth)?;
        if key.kind() == "slice" {
            let mut bounds: [Option<i64>; 3] = [None, None, None];
            let mut at = 0usize;
            let mut cursor = key.walk();
            let parts: Vec<Node<'t>> = key.children(&mut cursor).collect();
            for part in parts {
                if part.kind() == ":" {
                    at += 1;
                    if at > 2 {
                        return None;
                    }
                } else {
                    bounds[at] = Some(self.eval(part, depth)?.as_int()?);
                }
            }
            return values::slice(&value, bounds[0], bounds[1], bounds[2]);
        }
        let key = self.eval(key, depth)?;
        match (&value, &key) {
            (Value::Namespace, Value::Str(name)) => Some(Value::name(name.to_string(), true)),
            (_, Value::Int(i)) => values::index(&value, *i),
            _ => None,
        }
    }

    fn arguments(&mut self, node: Node<'t>, depth: usize) -> Option<Arguments> {
        let arguments = node.field_child("arguments")?;
        if arguments.kind() == "generator_expression" {
            return Some((vec![self.eval(arguments, depth)?], Vec::new()));
        }
        let mut positional = Vec::new();
        let mut named = Vec::new();
        let mut cursor = arguments.walk();
        let list: Vec<Node<'t>> = arguments.named_children(&mut cursor).collect();
        for arg in list {
            match arg.kind() {
                "comment" => {}
                "keyword_argument" => {
                    let name = self.src(arg.field_child("name")?).to_string();
                    named.push((name, self.eval(arg.field_child("value")?, depth)?));
                }
                "list_splat" => {
                    positional.extend(self.eval(arg.named_child(0)?, depth)?.items()?);
                }
                _ => positional.push(self.eval(arg, depth)?),
            }
        }
        Some((positional, named))
    }

    fn call(&mut self, node: Node<'t>, depth: usize) -> Option<Value> {
        if let Some(text) = self.builtin_object_text(node) {
            return Value::str(text);
        }
        let function = node.field_child("function")?;
        let arguments = node.field_child("arguments")?;
        // A method of a value: `"".join(...)`, `s.format(...)`, `b.decode()`.
        if function.kind() == "attribute" {
            let method = self.src(function.field_child("attribute")?);
            let object_node = function.field_child("object")?;
            let object = self.eval(object_node, depth);
            if let Some(object) = object.filter(Value::is_data) {
                let (args, named) = self.arguments(node, depth)?;
                return string_method(&object, method, &args, &named);
            }
        }
        if let Some(value) = self.helper_return(function, arguments, depth) {
            return Some(value);
        }
        let callee = self.eval(function, depth)?;
        let Value::Name { path, .. } = &callee else {
            return None;
        };
        let path = path.as_ref();
        if let Some(target) = self.partial_target(path, arguments, depth) {
            return Some(target);
        }
        match path {
            "getattr" => {
                let mut cursor = arguments.walk();
                let list: Vec<Node<'t>> = arguments.named_children(&mut cursor).collect();
                let (object, name) = (list.first()?, list.get(1)?);
                let name_computed = !self.written_literally(*name);
                let object_value = self.eval(*object, depth)?;
                let name = self.eval(*name, depth)?;
                let name = name.as_str()?;
                match object_value {
                    Value::Namespace => Some(Value::name(name, name_computed)),
                    Value::Name { path, computed } => Some(Value::name(
                        format!("{path}.{name}"),
                        computed || name_computed,
                    )),
                    _ => None,
                }
            }
            "__import__" | "importlib.import_module" => {
                let first = arguments.named_child(0)?;
                let computed = !self.written_literally(first);
                let module = self.eval(first, depth)?;
                let module = module.as_str()?;
                if matches!(module, "builtins" | "__builtin__") {
                    return Some(Value::Namespace);
                }
                Some(Value::name(module, computed))
            }
            // `eval("\145\166\x61\154")` is the function `eval`: evaluating a bare (dotted) name
            // yields what it names, and BlankOBF-style loaders bind their exec that way.
            "eval" | "builtins.eval" if arguments.named_child_count() == 1 => {
                let (args, _) = self.arguments(node, depth)?;
                let name = args.first()?.as_str()?.trim();
                let is_name = !name.is_empty()
                    && name.len() <= 64
                    && !name.starts_with(|c: char| c.is_ascii_digit() || c == '.')
                    && name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
                is_name.then(|| Value::name(name, true))
            }
            "globals" | "locals" | "vars" if arguments.named_child_count() == 0 => {
                Some(Value::Namespace)
            }
            // A socket, or a file opened for writing, stands for the call that made it: what is later
            // done with the handle (`os.dup2(s.fileno(), 0)`, `f.write(key)`) is judged with it.
            "socket.socket" | "socket.create_connection" => {
                Some(Value::name(self.render(node, depth).text, false))
            }
            "open" if self.opens_for_writing(arguments, depth) => {
                Some(Value::name(self.render(node, depth).text, false))
            }
            _ => {
                let (args, named) = self.arguments(node, depth)?;
                builtin_call(path, &args, &named)
            }
        }
    }

    /// `oct.__str__()`, `str(hex)`, `repr(copyright)`: the text of a built-in object no assignment rebinds.
    fn builtin_object_text(&self, node: Node) -> Option<String> {
        if node.kind() != "call" {
            return None;
        }
        let function = node.field_child("function")?;
        let arguments = node.field_child("arguments")?;
        let unbound = |n: Node| n.kind() == "identifier" && !self.env.bound(self.src(n));
        let object = match function.kind() {
            "attribute" => {
                let method = self.src(function.field_child("attribute")?);
                let object = function.field_child("object")?;
                (matches!(method, "__str__" | "__repr__") && arguments.named_child_count() == 0)
                    .then_some(object)?
            }
            "identifier" if matches!(self.src(function), "str" | "repr") && unbound(function) => {
                (arguments.named_child_count() == 1).then(|| arguments.named_child(0))??
            }
            _ => return None,
        };
        unbound(object).then(|| builtin_text(self.src(object)))?
    }

    /// Whether `open(path, mode)` has a known mode that writes or appends.
    fn opens_for_writing(&mut self, arguments: Node<'t>, depth: usize) -> bool {
        let mode = arguments.named_child(1).and_then(|m| self.eval(m, depth));
        mode.as_ref()
            .and_then(Value::as_str)
            .is_some_and(|m| m.contains(['w', 'a', 'x']))
    }

    /// `(expr for x in <known> [if cond])` over a known collection.
    fn comprehension(&mut self, node: Node<'t>, depth: usize) -> Option<Value> {
        let body = node.field_child("body")?;
        let mut cursor = node.walk();
        let clauses: Vec<Node<'t>> = node.named_children(&mut cursor).skip(1).collect();
        let [clause] = clauses.as_slice() else {
            return None;
        };
        if clause.kind() != "for_in_clause" {
            return None;
        }
        let left = clause.field_child("left")?;
        let items = self.eval(clause.field_child("right")?, depth)?.items()?;
        self.env.push();
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            self.bind(left, Some(item));
            match self.eval(body, depth) {
                Some(value) => out.push(value),
                None => {
                    self.env.pop();
                    return None;
                }
            }
        }
        self.env.pop();
        Value::list(out)
    }
}

/// Shorter command lines (`ls`, `clear`) say nothing a shell rule could read.
const MIN_SHELL_PAYLOAD: usize = 12;

/// A literal written as what it is: a string without escapes or interpolation, a number, or a tuple or
/// list of those. Rendering it again would say nothing new.
fn is_plain(node: Node, depth: usize) -> bool {
    if depth > 8 {
        return false;
    }
    match node.kind() {
        "integer" | "float" | "true" | "false" | "none" => true,
        "string" => {
            let mut cursor = node.walk();
            let plain = node.children(&mut cursor).all(|part| match part.kind() {
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
