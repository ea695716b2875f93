//! Rules whose query is anchored at the module (`(module (expression_statement …))`, `(program …)`) say
//! "this runs when the file is loaded". The rescan writes each resolved call on a line of its own in a
//! synthetic module, where every call is top level; a call the evaluator resolved inside a function or a
//! method (a `setup.py` command class's `run`) must not be judged by such a rule as if it ran at load.

use crate::compile::{CompiledRule, Matcher};
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

/// Whether the code at segment-relative offset `at` sits outside every function, method, class and lambda.
/// Without a tree (a refused parse) it is taken to be top level, as the rule would have judged it.
pub(crate) fn is_at_top_level(segment: &Segment, file_text: &str, at: usize) -> bool {
    let Some(tree) = segment.tree(file_text) else {
        return true;
    };
    let Some(node) = tree.root_node().descendant_for_byte_range(at, at) else {
        return true;
    };
    let mut current = Some(node);
    // Bounded by the tree's depth, which the parse limits bound.
    while let Some(n) = current {
        if matches!(
            n.kind(),
            "function_definition"
                | "class_definition"
                | "lambda"
                | "function_declaration"
                | "function_expression"
                | "function"
                | "arrow_function"
                | "method_definition"
                | "class_declaration"
                | "generator_function_declaration"
                | "generator_function"
        ) {
            return false;
        }
        current = n.parent();
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::segment_file;
    use skill_scan_model::Language;

    #[test]
    fn calls_in_functions_and_methods_are_not_top_level() {
        let text = "import os\nos.system(a)\nclass C:\n    def run(self):\n        os.system(b)\n";
        let segments = segment_file(text, Language::Python, "setup.py");
        let segment = &segments[0];
        let top = text.find("os.system(a)").unwrap();
        let method = text.find("os.system(b)").unwrap();
        assert!(is_at_top_level(segment, text, top - segment.start));
        assert!(!is_at_top_level(segment, text, method - segment.start));
        let js =
            "const cp = require('child_process');\ncp.exec(a);\nfunction f() { cp.exec(b); }\n";
        let segments = segment_file(js, Language::Javascript, "index.js");
        let segment = &segments[0];
        assert!(is_at_top_level(segment, js, js.find("cp.exec(a)").unwrap()));
        assert!(!is_at_top_level(
            segment,
            js,
            js.find("cp.exec(b)").unwrap()
        ));
    }
}
