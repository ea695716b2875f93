//! A Python module's string constants as another module of its package sees them after `from .config
//! import URL`: the module-level names bound to a known string once the module's top level has run.

use super::super::limits::Budget;
use super::super::values::Value;
use super::super::Output;
use super::Walker;
use tree_sitter::Node;

/// Module-level names bound to strings, at most `max` of them, in name order.
pub(crate) fn module_strings(root: Node, text: &str, max: usize) -> Vec<(String, String)> {
    let mut budget = Budget::new();
    let mut out = Output::new();
    let mut walker = Walker::new(text, &mut budget, &mut out);
    walker.walk(root, 0);
    let mut found: Vec<(String, String)> = walker
        .env
        .module_scope()
        .filter_map(|(name, value)| match value {
            Some(Value::Str(s)) => Some((name.clone(), s.to_string())),
            _ => None,
        })
        .collect();
    found.sort();
    found.truncate(max);
    found
}
