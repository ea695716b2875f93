//! A JavaScript module's exported string constants as another module of its package sees them after
//! `const { URL } = require('./consts')`: `module.exports = { URL, CMD: … }`, `exports.URL = …`,
//! `module.exports.URL = …` and `export const URL = …`, evaluated once the module's top level has run.
//!
//! A module that exports a function of one parameter instead (`module.exports = i => TABLE[i].split('')
//! .reverse().join('')`, a string table behind a decoder) exports what it returns for the indices 0, 1, …
//! as a table ([`crate::imported_constants::TABLE_OF_RESULTS`]): the importer's `t(2)` reads that entry.

use super::super::helper_calls::{Helper, HelperCalls};
use super::super::limits::Budget;
use super::super::values::{self, Value};
use super::super::Output;
use super::returns;
use super::Walker;
use crate::fields::FieldChild;
use crate::imported_constants::TABLE_OF_RESULTS;
use crate::node_kind::NodeKind;
use tree_sitter::Node;

/// Exported names bound to strings, at most `max` of them, in name order.
pub(crate) fn module_strings(root: Node, text: &str, max: usize) -> Vec<(String, String)> {
    let mut budget = Budget::new();
    let mut out = Output::new();
    let mut walker = Walker::new(text, &mut budget, &mut out);
    walker.root = Some(root);
    walker.walk(root, 0);
    let mut found: Vec<(String, String)> = Vec::new();
    let mut cursor = root.walk();
    let statements: Vec<Node> = root.named_children(&mut cursor).collect();
    for statement in statements {
        if found.len() >= max {
            break;
        }
        match statement.kind_name() {
            "expression_statement" => {
                if let Some(assignment) = statement
                    .named_child(0)
                    .filter(|n| n.kind_name() == "assignment_expression")
                {
                    walker.exported_assignment(assignment, &mut found);
                }
            }
            "export_statement" => walker.exported_declaration(statement, &mut found),
            _ => {}
        }
    }
    found.sort();
    found.dedup_by(|a, b| a.0 == b.0);
    found.truncate(max);
    found
}

impl<'t> Walker<'t, '_> {
    /// `module.exports = { … }`, `module.exports.NAME = …`, `exports.NAME = …`.
    fn exported_assignment(&mut self, node: Node<'t>, found: &mut Vec<(String, String)>) {
        let (Some(left), Some(right)) = (node.field_child("left"), node.field_child("right"))
        else {
            return;
        };
        let target = self.src(left);
        if target == "module.exports" {
            if right.kind_name() == "object" {
                self.exported_object(right, found);
            } else if let Some(table) = self.table_of_results(right) {
                found.push((String::new(), table));
            }
            return;
        }
        let name = target
            .strip_prefix("module.exports.")
            .or_else(|| target.strip_prefix("exports."));
        if let Some(name) = name.filter(|n| is_identifier(n)) {
            if let Some(Value::Str(s)) = self.eval(right, 0) {
                found.push((name.to_string(), s.to_string()));
            } else if let Some(table) = self.table_of_results(right) {
                found.push((name.to_string(), table));
            }
        }
    }

    /// What a one-parameter function (written in place, or a module helper named) returns for 0, 1, …
    /// while it returns strings, as a table; `None` when it returns none.
    fn table_of_results(&mut self, function: Node<'t>) -> Option<String> {
        let helper: Helper<'t> = match function.kind_name() {
            "arrow_function" | "function_expression" | "function" => {
                returns::helper_anywhere(function, self.text)?
            }
            "identifier" | "shorthand_property_identifier" => {
                self.helpers.known(self.src(function))?
            }
            _ => return None,
        };
        self.table_of_helper(&helper)
    }

    fn table_of_helper(&mut self, helper: &Helper<'t>) -> Option<String> {
        let items = self.results_table(helper)?;
        let list = values::literal(&Value::list(items)?, false)?;
        Some(format!("{TABLE_OF_RESULTS}{list}"))
    }

    /// The string-valued members of an exported object literal: `NAME: expr` and shorthand `NAME`.
    fn exported_object(&mut self, object: Node<'t>, found: &mut Vec<(String, String)>) {
        let mut cursor = object.walk();
        let members: Vec<Node<'t>> = object.named_children(&mut cursor).collect();
        for member in members {
            let (name, value) = match member.kind_name() {
                "shorthand_property_identifier" => {
                    let name = self.src(member);
                    match self.env.get(name).cloned() {
                        Some(value) => (name.to_string(), Some(value)),
                        None => {
                            if let Some(table) = self.table_of_results(member) {
                                found.push((name.to_string(), table));
                            }
                            continue;
                        }
                    }
                }
                "pair" => {
                    let (Some(key), Some(value)) =
                        (member.field_child("key"), member.field_child("value"))
                    else {
                        continue;
                    };
                    let key = self.src(key).trim_matches(|c| c == '\'' || c == '"');
                    if let Some(table) = self.table_of_results(value).filter(|_| is_identifier(key))
                    {
                        found.push((key.to_string(), table));
                        continue;
                    }
                    (key.to_string(), self.eval(value, 0))
                }
                _ => continue,
            };
            if let (true, Some(Value::Str(s))) = (is_identifier(&name), value) {
                found.push((name, s.to_string()));
            }
        }
    }

    /// `export const NAME = …` and `export { NAME }`: the names as the module bound them.
    fn exported_declaration(&mut self, node: Node<'t>, found: &mut Vec<(String, String)>) {
        let mut names: Vec<&'t str> = Vec::new();
        if let Some(declaration) = node.field_child("declaration") {
            // `export function decode(i) { … }`
            if let Some(name) = declaration
                .field_child("name")
                .filter(|_| declaration.kind_name() == "function_declaration")
            {
                names.push(self.src(name));
            }
            let mut cursor = declaration.walk();
            for declarator in declaration.named_children(&mut cursor) {
                if let Some(name) = declarator
                    .field_child("name")
                    .filter(|n| n.kind_name() == "identifier")
                {
                    names.push(self.src(name));
                }
            }
        }
        let mut cursor = node.walk();
        for clause in node.named_children(&mut cursor) {
            if clause.kind_name() != "export_clause" {
                continue;
            }
            let mut inner = clause.walk();
            for specifier in clause.named_children(&mut inner) {
                // `export { a as b }` exports `b`; only unrenamed names are followed.
                if specifier.field_child("alias").is_none() {
                    if let Some(name) = specifier.field_child("name") {
                        names.push(self.src(name));
                    }
                }
            }
        }
        for name in names {
            if let Some(Value::Str(s)) = self.env.get(name) {
                found.push((name.to_string(), s.to_string()));
            } else if let Some(helper) = self.helpers.known(name) {
                if let Some(table) = self.table_of_helper(&helper) {
                    found.push((name.to_string(), table));
                }
            }
        }
    }
}

fn is_identifier(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
        && !name.starts_with(|c: char| c.is_ascii_digit())
}
