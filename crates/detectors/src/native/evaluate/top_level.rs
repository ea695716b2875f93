//! Rules whose query is anchored at the module (`(module (expression_statement …))`, `(program …)`) say
//! "this runs when the file is loaded". The rescan writes each resolved call on a line of its own in a
//! synthetic module, where every call is top level. A call the evaluator resolved inside a class (a
//! `setup.py` command class's `run` or `__init__`) is judged by the rules written for those methods
//! (SUP004), not by a top-level rule as if it ran at load. A module-level helper function still counts as
//! top level: in a `setup.py` it is called from the top level or from a command class, and which one is
//! not followed here.

use crate::compile::{CompiledRule, Matcher};
use crate::node_kind::NodeKind;
use crate::segment::Segment;

/// Whether `rule` matches only statements at the top of a module.
pub(crate) fn only_at_top_level(rule: &CompiledRule) -> bool {
    match &rule.matcher {
        Matcher::Query { query, .. } => {
            let source = query.source.trim_start();
            source.starts_with("(module") || source.starts_with("(program")
        }
        _ => false,
    }
}

/// Whether the code at segment-relative offset `at` sits inside a class body. Without a tree (a refused
/// parse) it is taken not to, as the rule would have judged it.
pub(crate) fn is_in_class(segment: &Segment, file_text: &str, at: usize) -> bool {
    let Some(tree) = segment.tree(file_text) else {
        return false;
    };
    let Some(node) = tree.root_node().descendant_for_byte_range(at, at) else {
        return false;
    };
    let mut current = Some(node);
    // Bounded by the tree's depth, which the parse limits bound.
    while let Some(n) = current {
        if matches!(
            n.kind_name(),
            "class_definition" | "class_declaration" | "class_body" | "class"
        ) {
            return true;
        }
        current = n.parent();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::segment_file;
    use skill_scan_model::Language;

    #[test]
    fn calls_in_class_bodies_are_told_from_module_code_and_helpers() {
        let text = "import os\nos.system(a)\ndef helper():\n    os.system(c)\nclass C:\n    def run(self):\n        os.system(b)\n";
        let segments = segment_file(text, Language::Python, "setup.py");
        let segment = &segments[0];
        let at = |needle: &str| text.find(needle).unwrap() - segment.start;
        assert!(!is_in_class(segment, text, at("os.system(a)")));
        assert!(!is_in_class(segment, text, at("os.system(c)")));
        assert!(is_in_class(segment, text, at("os.system(b)")));
        let js = "const cp = require('child_process');\ncp.exec(a);\nclass A { run() { cp.exec(b); } }\n";
        let segments = segment_file(js, Language::Javascript, "index.js");
        let segment = &segments[0];
        assert!(!is_in_class(segment, js, js.find("cp.exec(a)").unwrap()));
        assert!(is_in_class(segment, js, js.find("cp.exec(b)").unwrap()));
    }
}
