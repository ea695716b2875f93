//! Which code runs when a module is imported: its top level, and the functions the top level calls
//! (transitively, within the module). A credential read inside a function nobody calls on import is a
//! capability; the same read reached from the module's top level happens to everyone who imports it.
//!
//! Nested functions (callbacks, closures, methods) run only when something calls them later, so they are
//! not import time, with two exceptions that do run right away: immediately-invoked functions and callbacks
//! handed to schedulers (`setTimeout`, `process.nextTick`, `.then`, …).

use crate::fields::FieldChild;
use crate::syntax::{parse, Grammar};
use skill_scan_model::{Finding, Language, LineIndex};
use std::collections::{HashMap, HashSet};
use tree_sitter::{Node, Tree};

/// For a module of the package that an import entry pulls in: marks the findings in it that run on
/// import (its top level, and the functions its importers call while importing it, `seeds`), and returns
/// what it pulls in in turn. `None` when the file is not JavaScript, TypeScript or Python or does not parse.
pub fn mark_module_import_time(
    findings: &mut [Finding],
    text: &str,
    language: Language,
    rel_path: &str,
    seeds: &[String],
) -> Option<ImportLinks> {
    let positions: Vec<(usize, usize)> = findings
        .iter()
        .filter(|f| f.path == rel_path)
        .map(|f| (f.line, f.column))
        .collect();
    let (runs, links) = module_import_time(text, language, rel_path, seeds, &positions)?;
    let mine = findings.iter_mut().filter(|f| f.path == rel_path);
    for (finding, runs) in mine.zip(runs) {
        finding.import_time |= runs;
    }
    Some(links)
}

/// [`mark_module_import_time`] without touching findings, so modules can be read in parallel: whether
/// each of `positions` (1-based line and column in `text`) runs on import, and the module's links.
pub fn module_import_time(
    text: &str,
    language: Language,
    rel_path: &str,
    seeds: &[String],
    positions: &[(usize, usize)],
) -> Option<(Vec<bool>, ImportLinks)> {
    let grammar = Grammar::for_segment(language, rel_path)?;
    let tree = parse(grammar, text).ok()?;
    let map = ImportTimeMap::with_seeds(&tree, text, grammar, seeds);
    let lines = LineIndex::new(text);
    let runs = positions
        .iter()
        .map(|(line, column)| map.runs_on_import(lines.offset_of(text, *line, *column)))
        .collect();
    Some((runs, map.links()))
}

/// Functions that call their callback soon after import.
const SCHEDULERS: &[&str] = &[
    "setTimeout",
    "setImmediate",
    "setInterval",
    "nextTick",
    "queueMicrotask",
    "then",
    "catch",
    "finally",
];

/// Answers "does this byte run at import time?" for one parsed module.
pub(crate) struct ImportTimeMap<'t> {
    tree: &'t Tree,
    text: &'t str,
    grammar: Grammar,
    /// Top-level named functions: the node holding the body, by start byte, and its name.
    functions: HashMap<usize, String>,
    reachable: HashSet<String>,
    /// Calls made when the module is imported, as `(object, name)`: `_compat.check()` is
    /// `(Some("_compat"), "check")`, `check()` is `(None, "check")`.
    import_calls: HashSet<(Option<String>, String)>,
    /// Top-level classes (by start byte) every method of which runs: setuptools commands in a `setup.py`.
    running_classes: HashSet<usize>,
}

/// setuptools/distutils command classes: a `setup.py` class deriving from one runs its methods at install.
const SETUP_COMMANDS: &[&str] = &[
    "install",
    "develop",
    "egg_info",
    "build",
    "build_py",
    "build_ext",
    "build_clib",
    "sdist",
    "bdist_wheel",
    "bdist_egg",
    "install_lib",
    "install_scripts",
    "install_data",
    "Command",
];

/// What importing a module pulls in from its own package: the relative modules it imports (their top
/// level runs too) and the functions of theirs it calls while being imported. Specifiers are as written
/// (`._compat`, `./lib/setup`); the caller resolves them to files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportLinks {
    pub modules: Vec<String>,
    /// `(module specifier, function name)`.
    pub calls: Vec<(String, String)>,
}

impl<'t> ImportTimeMap<'t> {
    /// Builds the map from a module's tree; offsets are relative to the tree's text.
    pub(crate) fn new(tree: &'t Tree, text: &'t str, grammar: Grammar) -> ImportTimeMap<'t> {
        ImportTimeMap::with_seeds(tree, text, grammar, &[])
    }

    /// Like [`ImportTimeMap::new`], for a module whose importer also calls the functions `seeds` while
    /// being imported (`from ._compat import check; check()` in a package's `__init__.py`).
    pub(crate) fn with_seeds(
        tree: &'t Tree,
        text: &'t str,
        grammar: Grammar,
        seeds: &[String],
    ) -> ImportTimeMap<'t> {
        ImportTimeMap::build(tree, text, grammar, seeds, false)
    }

    /// The code of an install script (`setup.py`, a script an npm lifecycle hook runs) that runs at
    /// install: its top level and what that calls, and in a `setup.py` every method of the setuptools
    /// command classes it defines (`cmdclass` overrides run them during `pip install`).
    pub(crate) fn for_install(
        tree: &'t Tree,
        text: &'t str,
        grammar: Grammar,
    ) -> ImportTimeMap<'t> {
        ImportTimeMap::build(tree, text, grammar, &[], true)
    }

    fn build(
        tree: &'t Tree,
        text: &'t str,
        grammar: Grammar,
        seeds: &[String],
        install: bool,
    ) -> ImportTimeMap<'t> {
        let mut map = ImportTimeMap {
            tree,
            text,
            grammar,
            functions: HashMap::new(),
            reachable: HashSet::new(),
            import_calls: HashSet::new(),
            running_classes: HashSet::new(),
        };
        let root = tree.root_node();
        let mut top_calls = HashSet::new();
        let mut calls_in: HashMap<String, HashSet<(Option<String>, String)>> = HashMap::new();
        let mut cursor = root.walk();
        for statement in root.named_children(&mut cursor) {
            if let Some((name, function)) = named_function(statement, text, grammar) {
                map.functions.insert(function.start_byte(), name.clone());
                map.collect_calls(function, calls_in.entry(name).or_default());
            } else if install && is_setup_command(statement, text) {
                map.running_classes.insert(statement.start_byte());
                map.collect_method_calls(statement, &mut top_calls);
            } else if !is_main_guard(statement, text, grammar) && !is_class(statement) {
                map.collect_calls(statement, &mut top_calls);
            }
        }
        let mut pending: Vec<String> = top_calls.iter().map(|(_, name)| name.clone()).collect();
        pending.extend(seeds.iter().cloned());
        map.import_calls = top_calls;
        while let Some(name) = pending.pop() {
            if map.reachable.insert(name.clone()) {
                if let Some(callees) = calls_in.get(&name) {
                    pending.extend(callees.iter().map(|(_, callee)| callee.clone()));
                    map.import_calls.extend(callees.iter().cloned());
                }
            }
        }
        map
    }

    /// The package-relative modules this module imports and the functions of theirs it calls on import.
    pub(crate) fn links(&self) -> ImportLinks {
        let root = self.tree.root_node();
        let mut cursor = root.walk();
        // Local name → (module specifier, the imported name, or None for the module itself).
        let mut bindings: HashMap<String, (String, Option<String>)> = HashMap::new();
        let mut links = ImportLinks::default();
        for statement in root.named_children(&mut cursor) {
            if is_main_guard(statement, self.text, self.grammar) {
                continue;
            }
            let found = if self.grammar == Grammar::Python {
                python_imports(statement, self.text)
            } else {
                js_imports(statement, self.text)
            };
            for (spec, binding) in found {
                if !links.modules.contains(&spec) {
                    links.modules.push(spec.clone());
                }
                if let Some((local, imported)) = binding {
                    bindings.insert(local, (spec, imported));
                }
            }
        }
        let mut calls: Vec<(String, String)> = self
            .import_calls
            .iter()
            .filter_map(|(object, name)| match object {
                // `_compat.check()` with `from . import _compat`, or `lib.init()` with `lib = require('./lib')`.
                Some(object) => match bindings.get(object) {
                    Some((spec, None)) => Some((spec.clone(), name.clone())),
                    _ => None,
                },
                // `check()` with `from ._compat import check`, or `{ init } = require('./lib')`.
                None => match bindings.get(name) {
                    Some((spec, Some(imported))) => Some((spec.clone(), imported.clone())),
                    _ => None,
                },
            })
            .collect();
        calls.sort();
        calls.dedup();
        links.calls = calls;
        links
    }

    pub(crate) fn runs_on_import(&self, offset: usize) -> bool {
        let root = self.tree.root_node();
        let Some(mut node) = root.descendant_for_byte_range(offset, offset) else {
            return false;
        };
        loop {
            if let Some(name) = self
                .functions
                .get(&node.start_byte())
                .filter(|_| is_function(node))
            {
                return self.reachable.contains(name);
            }
            if is_function(node) && !self.runs_immediately(node) && !self.is_running_method(node) {
                return false;
            }
            let Some(parent) = node.parent() else {
                return true;
            };
            if parent.id() == root.id() {
                return !is_main_guard(node, self.text, self.grammar)
                    && !is_plain_import(node, self.text)
                    && (!is_class(node) || self.running_classes.contains(&node.start_byte()));
            }
            node = parent;
        }
    }

    /// A method defined directly in a class whose methods all run (a `setup.py` command class).
    fn is_running_method(&self, function: Node) -> bool {
        if self.running_classes.is_empty() {
            return false;
        }
        let mut node = function.parent();
        // function → block → class_definition (→ decorated_definition), possibly via a decorator.
        for _ in 0..4 {
            let Some(current) = node else { return false };
            if is_class(current) {
                return self.running_classes.contains(&current.start_byte())
                    || current
                        .parent()
                        .is_some_and(|p| self.running_classes.contains(&p.start_byte()));
            }
            if is_function(current) {
                return false;
            }
            node = current.parent();
        }
        false
    }

    /// Calls made by every method of a class whose methods all run.
    fn collect_method_calls(&self, class: Node, into: &mut HashSet<(Option<String>, String)>) {
        let mut stack = vec![class];
        while let Some(current) = stack.pop() {
            let mut cursor = current.walk();
            for child in current.named_children(&mut cursor) {
                if child.kind() == "function_definition" {
                    if let Some(body) = child.field_child("body") {
                        self.collect_calls(body, into);
                    }
                } else if matches!(
                    child.kind(),
                    "block" | "decorated_definition" | "class_definition"
                ) {
                    stack.push(child);
                }
            }
        }
    }

    /// An immediately-invoked function, or a callback handed to a scheduler.
    fn runs_immediately(&self, function: Node) -> bool {
        let mut parent = function.parent();
        while let Some(p) = parent.filter(|p| p.kind() == "parenthesized_expression") {
            parent = p.parent();
        }
        let Some(parent) = parent else { return false };
        if matches!(parent.kind(), "call_expression" | "call") {
            return true;
        }
        if parent.kind() == "arguments" {
            let callee = parent
                .parent()
                .and_then(|call| call.field_child("function"));
            return callee
                .is_some_and(|callee| SCHEDULERS.contains(&callee_name(callee, self.text)));
        }
        false
    }

    /// Functions called under `node` that run when `node` runs (not inside later-run closures).
    fn collect_calls(&self, node: Node, into: &mut HashSet<(Option<String>, String)>) {
        let call_kind = if self.grammar == Grammar::Python {
            "call"
        } else {
            "call_expression"
        };
        let mut cursor = node.walk();
        let mut stack: Vec<Node> = node.named_children(&mut cursor).collect();
        while let Some(current) = stack.pop() {
            if is_function(current) && !self.runs_immediately(current) {
                continue;
            }
            if current.kind() == call_kind {
                if let Some(callee) = current.field_child("function") {
                    let object = callee
                        .field_child("object")
                        .filter(|o| o.kind() == "identifier")
                        .map(|o| node_text(o, self.text).to_string());
                    let name = callee_name(callee, self.text);
                    // `atexit.register(f)`, `setTimeout(f)`, `p.then(f)`: `f` runs soon, or when the
                    // interpreter exits.
                    if name == "register" || SCHEDULERS.contains(&name) {
                        if let Some(callback) = current
                            .field_child("arguments")
                            .and_then(|a| a.named_child(0))
                            .filter(|a| a.kind() == "identifier")
                        {
                            into.insert((None, node_text(callback, self.text).to_string()));
                        }
                    }
                    into.insert((object, name.to_string()));
                }
            }
            stack.extend(current.named_children(&mut cursor));
        }
    }
}

fn is_function(node: Node) -> bool {
    matches!(
        node.kind(),
        "function_definition"
            | "lambda"
            | "function_declaration"
            | "generator_function_declaration"
            | "function_expression"
            | "function"
            | "generator_function"
            | "arrow_function"
            | "method_definition"
    )
}

/// A top-level function definition: its name and its function node.
fn named_function<'t>(node: Node<'t>, text: &str, grammar: Grammar) -> Option<(String, Node<'t>)> {
    let name_of = |n: Node| {
        n.field_child("name")
            .map(|name| node_text(name, text).to_string())
    };
    match (grammar, node.kind()) {
        (Grammar::Python, "function_definition") => Some((name_of(node)?, node)),
        (Grammar::Python, "decorated_definition") => {
            let inner = node.field_child("definition")?;
            (inner.kind() == "function_definition")
                .then(|| Some((name_of(inner)?, inner)))
                .flatten()
        }
        (Grammar::Python, _) => None,
        (_, "function_declaration" | "generator_function_declaration") => {
            Some((name_of(node)?, node))
        }
        (_, "export_statement") => {
            let inner = node.field_child("declaration")?;
            named_function(inner, text, grammar)
        }
        (_, "lexical_declaration" | "variable_declaration") => {
            // `const run = () => {…}` / `const run = function () {…}`: one declarator holding a function.
            let mut cursor = node.walk();
            let declarators: Vec<Node> = node.named_children(&mut cursor).collect();
            let [declarator] = declarators.as_slice() else {
                return None;
            };
            let value = declarator.field_child("value")?;
            is_function(value)
                .then(|| Some((name_of(*declarator)?, value)))
                .flatten()
        }
        _ => None,
    }
}

/// An `import` statement of a module by name: it binds names, and what the imported module does on load is
/// that module's own finding. A finding placed on the statement (a server that imports `exec`) says what
/// the file can do later, not what loading it does. An import of a `data:` or remote URL runs that code,
/// so it stays.
fn is_plain_import(node: Node, text: &str) -> bool {
    matches!(
        node.kind(),
        "import_statement" | "import_from_statement" | "future_import_statement"
    ) && !node_text(node, text).contains(':')
}

fn is_class(node: Node) -> bool {
    matches!(node.kind(), "class_definition" | "class_declaration")
        || (node.kind() == "decorated_definition"
            && node
                .field_child("definition")
                .is_some_and(|d| d.kind() == "class_definition"))
}

/// A `setup.py` class deriving from a setuptools command (`class PostInstall(install)`).
fn is_setup_command(node: Node, text: &str) -> bool {
    let class = if node.kind() == "decorated_definition" {
        node.field_child("definition")
    } else {
        Some(node)
    };
    let Some(class) = class.filter(|c| c.kind() == "class_definition") else {
        return false;
    };
    let Some(bases) = class.field_child("superclasses") else {
        return false;
    };
    let mut cursor = bases.walk();
    let derives = bases.named_children(&mut cursor).any(|base| {
        let name = node_text(base, text);
        let last = name.rsplit('.').next().unwrap_or(name);
        SETUP_COMMANDS.contains(&last.trim_start_matches('_'))
    });
    derives
}

fn is_main_guard(node: Node, text: &str, grammar: Grammar) -> bool {
    grammar == Grammar::Python
        && node.kind() == "if_statement"
        && node
            .field_child("condition")
            .is_some_and(|c| node_text(c, text).contains("__name__"))
}

/// `a.b.c` → `c`; `run` → `run`.
fn callee_name<'a>(callee: Node, text: &'a str) -> &'a str {
    let name = match callee.kind() {
        "attribute" => callee.field_child("attribute"),
        "member_expression" => callee.field_child("property"),
        _ => Some(callee),
    };
    name.map_or("", |n| node_text(n, text))
}

/// One import found at a module's top level: the specifier, and the local name it binds with the name
/// it imports (`None` when the local name is the module itself).
type Import = (String, Option<(String, Option<String>)>);

/// `from . import a`, `from .a import f as g`, `from ..pkg.mod import *` (relative imports only).
fn python_imports(statement: Node, text: &str) -> Vec<Import> {
    let mut found = Vec::new();
    if statement.kind() != "import_from_statement" {
        return found;
    }
    let Some(module) = statement.field_child("module_name") else {
        return found;
    };
    if module.kind() != "relative_import" {
        return found;
    }
    let base = node_text(module, text).to_string();
    let mut cursor = statement.walk();
    let names: Vec<Node> = statement
        .children_by_field_name("name", &mut cursor)
        .collect();
    if names.is_empty() {
        // `from .mod import *`: the module runs; which names it binds is not known here.
        found.push((base, None));
        return found;
    }
    for name in names {
        let (imported, local) = match name.kind() {
            "aliased_import" => (
                name.field_child("name")
                    .map(|n| node_text(n, text).to_string()),
                name.field_child("alias")
                    .map(|n| node_text(n, text).to_string()),
            ),
            _ => (Some(node_text(name, text).to_string()), None),
        };
        let Some(imported) = imported else { continue };
        let local = local.unwrap_or_else(|| imported.clone());
        if base.chars().all(|c| c == '.') {
            // `from . import _compat`: a submodule, bound to its own name.
            let spec = format!("{base}{imported}");
            found.push((spec, Some((local, None))));
        } else {
            // `from ._compat import check`: the module runs, and `check` names one of its functions.
            found.push((base.clone(), Some((local, Some(imported)))));
        }
    }
    found
}

/// `require('./x')` (bare, or bound with `const x =` / `const { a, b: c } =`) and `import … from './x'`.
fn js_imports(statement: Node, text: &str) -> Vec<Import> {
    let mut found = Vec::new();
    let relative = |source: Node| {
        let spec = node_text(source, text)
            .trim_matches(['"', '\'', '`'])
            .to_string();
        spec.starts_with('.').then_some(spec)
    };
    match statement.kind() {
        "import_statement" => {
            let Some(spec) = statement.field_child("source").and_then(relative) else {
                return found;
            };
            found.push((spec.clone(), None));
            let mut stack = vec![statement];
            while let Some(node) = stack.pop() {
                let mut cursor = node.walk();
                for child in node.named_children(&mut cursor) {
                    match child.kind() {
                        "namespace_import" => {
                            if let Some(name) = last_identifier(child, text) {
                                found.push((spec.clone(), Some((name, None))));
                            }
                        }
                        "import_specifier" => {
                            let imported = child
                                .field_child("name")
                                .map(|n| node_text(n, text).to_string());
                            let local = child
                                .field_child("alias")
                                .map(|n| node_text(n, text).to_string());
                            if let Some(imported) = imported {
                                let local = local.unwrap_or_else(|| imported.clone());
                                found.push((spec.clone(), Some((local, Some(imported)))));
                            }
                        }
                        "import_clause" | "named_imports" => stack.push(child),
                        _ => {}
                    }
                }
            }
        }
        "expression_statement" => {
            if let Some(spec) = statement.named_child(0).and_then(|c| require_of(c, text)) {
                found.push((spec, None));
            }
        }
        "lexical_declaration" | "variable_declaration" => {
            let mut cursor = statement.walk();
            for declarator in statement.named_children(&mut cursor) {
                let Some(spec) = declarator
                    .field_child("value")
                    .and_then(|v| require_of(v, text))
                else {
                    continue;
                };
                found.push((spec.clone(), None));
                let Some(target) = declarator.field_child("name") else {
                    continue;
                };
                match target.kind() {
                    "identifier" => {
                        found.push((spec, Some((node_text(target, text).to_string(), None))))
                    }
                    "object_pattern" => {
                        let mut inner = target.walk();
                        for property in target.named_children(&mut inner) {
                            let (imported, local) = match property.kind() {
                                "shorthand_property_identifier_pattern" => {
                                    let name = node_text(property, text).to_string();
                                    (name.clone(), name)
                                }
                                "pair_pattern" => {
                                    let key = property
                                        .field_child("key")
                                        .map(|k| node_text(k, text).to_string());
                                    let value = property
                                        .field_child("value")
                                        .map(|v| node_text(v, text).to_string());
                                    match (key, value) {
                                        (Some(k), Some(v)) => (k, v),
                                        _ => continue,
                                    }
                                }
                                _ => continue,
                            };
                            found.push((spec.clone(), Some((local, Some(imported)))));
                        }
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
    found
}

/// The relative specifier of `require('./x')`.
fn require_of(node: Node, text: &str) -> Option<String> {
    if node.kind() != "call_expression" {
        return None;
    }
    let callee = node.field_child("function")?;
    if node_text(callee, text) != "require" {
        return None;
    }
    let arguments = node.field_child("arguments")?;
    let first = arguments.named_child(0)?;
    if first.kind() != "string" {
        return None;
    }
    let spec = node_text(first, text)
        .trim_matches(['"', '\'', '`'])
        .to_string();
    spec.starts_with('.').then_some(spec)
}

fn last_identifier(node: Node, text: &str) -> Option<String> {
    let mut cursor = node.walk();
    let names: Vec<Node> = node
        .named_children(&mut cursor)
        .filter(|c| c.kind() == "identifier")
        .collect();
    names.last().map(|n| node_text(*n, text).to_string())
}

fn node_text<'a>(node: Node, text: &'a str) -> &'a str {
    text.get(node.start_byte()..node.end_byte()).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    fn runs(grammar: Grammar, text: &str, marker: &str) -> bool {
        let tree = parse(grammar, text).unwrap();
        let map = ImportTimeMap::new(&tree, text, grammar);
        map.runs_on_import(text.find(marker).unwrap())
    }

    const PY: &str = r#"
import os

def _collect():
    return open(os.path.expanduser("~/.ssh/id_rsa")).read()  # COLLECT

def _report():
    send(_collect())

def unused():
    os.system("UNUSED")

def factory():
    def inner():
        return "CLOSURE"
    return inner

class Client:
    def get(self):
        return "METHOD"

_report()
factory()
TOP = os.environ.get("TOPLEVEL")

if __name__ == "__main__":
    os.system("MAINGUARD")
"#;

    #[test]
    fn python_top_level_and_what_it_calls() {
        assert!(
            runs(Grammar::Python, PY, "COLLECT"),
            "reached through _report -> _collect"
        );
        assert!(runs(Grammar::Python, PY, "TOPLEVEL"));
        assert!(!runs(Grammar::Python, PY, "UNUSED"));
        assert!(!runs(Grammar::Python, PY, "METHOD"));
        assert!(!runs(Grammar::Python, PY, "MAINGUARD"));
        assert!(
            !runs(Grammar::Python, PY, "import os"),
            "an import binds a name"
        );
        assert!(
            !runs(Grammar::Python, PY, "CLOSURE"),
            "a closure built at import runs later"
        );
    }

    const JS: &str = r#"
const https = require('https');
function beacon() { https.request('BEACON'); }
const helper = () => { exec('HELPER'); };
export function api() { return 'EXPORTED'; }
const adapter = (() => { return async (config) => fetch('ADAPTER', { method: 'POST' }); })();
(async () => { await fetch('IIFE'); })();
setTimeout(() => exec('SCHEDULED'), 1000);
app.get('/', (req, res) => fetch('HANDLER'));
beacon();
module.exports = { api, run: () => 'LATER' };
"#;

    fn links(grammar: Grammar, text: &str) -> ImportLinks {
        let tree = parse(grammar, text).unwrap();
        ImportTimeMap::new(&tree, text, grammar).links()
    }

    #[test]
    fn python_relative_imports_and_the_calls_made_through_them() {
        let init = r#"
from . import _compat
from ._version import __version__
from .core import start as _start, helper
from .plugins import *
import os
from requests import get

_compat.ensure_compat()
_start()
get("https://example.invalid")

def later():
    helper()

if __name__ == "__main__":
    from .cli import main
    main()
"#;
        let found = links(Grammar::Python, init);
        assert_eq!(
            found.modules,
            ["._compat", "._version", ".core", ".plugins"],
            "relative imports only, not under the main guard"
        );
        assert_eq!(
            found.calls,
            [
                ("._compat".to_string(), "ensure_compat".to_string()),
                (".core".to_string(), "start".to_string())
            ],
            "helper() runs only when later() is called"
        );
    }

    #[test]
    fn javascript_requires_and_imports() {
        let main = r#"
const setup = require('./lib/setup');
const { beacon, run: go } = require("./lib/net");
require('./polyfill');
import * as ns from './ns.js';
import { init as boot } from './boot';
const fs = require('fs');
setup.install();
go();
boot();
ns.later;
function api() { beacon(); }
module.exports = { api };
"#;
        let found = links(Grammar::Javascript, main);
        assert_eq!(
            found.modules,
            [
                "./lib/setup",
                "./lib/net",
                "./polyfill",
                "./ns.js",
                "./boot"
            ]
        );
        assert_eq!(
            found.calls,
            [
                ("./boot".to_string(), "init".to_string()),
                ("./lib/net".to_string(), "run".to_string()),
                ("./lib/setup".to_string(), "install".to_string()),
            ]
        );
    }

    #[test]
    fn seeds_make_a_module_function_import_time() {
        let module = "def ensure_compat():\n    send('SEED')\n\ndef other():\n    send('OTHER')\n";
        let tree = parse(Grammar::Python, module).unwrap();
        let seeded =
            ImportTimeMap::with_seeds(&tree, module, Grammar::Python, &["ensure_compat".into()]);
        assert!(seeded.runs_on_import(module.find("SEED").unwrap()));
        assert!(!seeded.runs_on_import(module.find("OTHER").unwrap()));
    }

    #[test]
    fn javascript_top_level_and_what_it_calls() {
        assert!(runs(Grammar::Javascript, JS, "BEACON"));
        assert!(!runs(Grammar::Javascript, JS, "HELPER"));
        assert!(!runs(Grammar::Javascript, JS, "EXPORTED"));
        assert!(runs(Grammar::Javascript, JS, "require('https')"));
        assert!(
            !runs(Grammar::Javascript, JS, "ADAPTER"),
            "the returned adapter runs when called"
        );
        assert!(runs(Grammar::Javascript, JS, "IIFE"));
        assert!(runs(Grammar::Javascript, JS, "SCHEDULED"));
        assert!(!runs(Grammar::Javascript, JS, "HANDLER"));
        assert!(!runs(Grammar::Javascript, JS, "LATER"));
        let esm = "import { exec } from 'child_process';\nimport 'data:text/javascript,void 0';\nexec('TOP');\n";
        assert!(!runs(Grammar::Javascript, esm, "import { exec }"));
        assert!(
            runs(Grammar::Javascript, esm, "import 'data:"),
            "a data: URL import runs its code"
        );
        assert!(runs(Grammar::Javascript, esm, "TOP"));
    }
}
