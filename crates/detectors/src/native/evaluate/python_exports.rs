//! A Python module's string constants as another module of its package sees them after `from .config
//! import URL`: the module-level names bound to a known string once the module's top level has run, and
//! the tables of results of its one-parameter functions (see [`crate::imported_constants::TABLE_OF_RESULTS`]).

use super::super::helper_calls::HelperCalls;
use super::super::limits::Budget;
use super::super::values::{self, Value};
use super::super::Output;
use super::Walker;
use crate::imported_constants::TABLE_OF_RESULTS;
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
    // `def d(i): return _T[i].replace('~', '')`: a decoder over a table exports what it returns for
    // 0, 1, … (read by the importer's `d(2)`).
    for (name, helper) in walker.helpers.one_parameter() {
        if found.len() >= max {
            break;
        }
        if let Some(list) = walker
            .results_table(&helper)
            .and_then(Value::list)
            .and_then(|list| values::literal(&list, true))
        {
            found.push((name, format!("{TABLE_OF_RESULTS}{list}")));
        }
    }
    found.sort();
    found.truncate(max);
    found
}
