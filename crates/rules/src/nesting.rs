//! How deeply a text nests, measured before it is parsed.
//!
//! A parse of hostile nesting can cost more than its time: tree-sitter-python's external scanner writes past
//! its 1,024-byte state buffer (an assertion abort, exit 134, or a one-byte overrun without assertions) once
//! about 510 indentation levels are open inside a string, and every walk that climbs a syntax tree costs its
//! depth. Nothing ordinary nests that deep, and the interpreters refuse it too (CPython allows 100
//! indentation levels and 200 open brackets), so such a text is not parsed: regex rules still run, and the
//! refusal is a gap in the scan (the file was not analysed the way an ordinary one is), never a silent pass.

use crate::grammar::Grammar;

/// CPython's own tokenizer limit (`MAXINDENT`): a deeper file is a `SyntaxError`, never run.
pub(crate) const MAX_PYTHON_INDENT_LEVELS: usize = 100;
/// CPython's limit on open brackets (`MAXLEVEL`).
pub(crate) const MAX_PYTHON_BRACKETS: usize = 200;
/// Open brackets (`(`, `[`, `{`) for the other grammars: far past any hand-written or generated code, and
/// it keeps every walk up a tree short.
pub(crate) const MAX_BRACKETS: usize = 256;
/// For JavaScript and TypeScript, brackets inside plain string literals and comments do not count toward
/// [`MAX_BRACKETS`] (a bundle's lexer tables and escaped-character lists are text). A regex literal can
/// make that count read a quote as a string's start, so every bracket, strings included, is still held
/// under this wider bound: what a misread could hide stays bounded.
pub(crate) const MAX_JS_BRACKETS_WITH_STRINGS: usize = 1024;

/// The first words of every refusal this module makes, so a scan can tell a structural refusal (a gap in
/// the scan) from an ordinary size or time cap.
pub(crate) const NESTING_REFUSAL: &str = "not parsed (syntax-aware rules skipped): nested";

/// Why `text` should not be parsed with `grammar`, or `None` when its nesting is ordinary. One pass over
/// the bytes. For Python, brackets inside plain string literals and comments do not count (a serialised
/// protobuf descriptor or a test's ANSI colour codes are text, and CPython's tokenizer does not count them
/// either); f-strings count whole, since their fields are code. JavaScript and TypeScript skip plain
/// strings and comments the same way, under a wider bound on every bracket
/// ([`MAX_JS_BRACKETS_WITH_STRINGS`]). For shell, brackets in strings and comments count too: over-counting
/// can only refuse a parse, and a refusal is reported, never silent.
pub(crate) fn refuse_deep_nesting(grammar: Grammar, text: &str) -> Option<String> {
    let max_brackets = match grammar {
        Grammar::Python => MAX_PYTHON_BRACKETS,
        _ => MAX_BRACKETS,
    };
    let brackets = match grammar {
        Grammar::Python => deepest_python_brackets(text.as_bytes(), max_brackets),
        Grammar::Javascript | Grammar::Typescript | Grammar::Tsx => {
            let all = deepest_brackets(text.as_bytes(), MAX_JS_BRACKETS_WITH_STRINGS);
            if all > MAX_JS_BRACKETS_WITH_STRINGS {
                all
            } else {
                deepest_js_brackets(text.as_bytes(), max_brackets)
            }
        }
        Grammar::Bash => deepest_brackets(text.as_bytes(), max_brackets),
    };
    if brackets > max_brackets {
        return Some(format!(
            "{NESTING_REFUSAL} more than {max_brackets} brackets deep, deeper than this scanner parses (its guard against hostile input, not a limit of JavaScript or Python engines); regex rules still ran and the scan is incomplete"
        ));
    }
    if grammar == Grammar::Python {
        let levels = deepest_indentation(text.as_bytes(), MAX_PYTHON_INDENT_LEVELS);
        if levels > MAX_PYTHON_INDENT_LEVELS {
            return Some(format!(
                "{NESTING_REFUSAL} more than {MAX_PYTHON_INDENT_LEVELS} indentation levels deep (Python refuses it; its parser's scanner overflows); regex rules still ran and the scan is incomplete"
            ));
        }
    }
    None
}

/// The deepest bracket nesting, counting up to just past `stop`.
fn deepest_brackets(bytes: &[u8], stop: usize) -> usize {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    for &byte in bytes {
        match byte {
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > deepest {
                    deepest = depth;
                    if deepest > stop {
                        break;
                    }
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// [`deepest_brackets`] for Python source, skipping comments and the text of string literals that are not
/// f-strings (or t-strings). A single-quoted string ends at a newline as the tokenizer ends it, so a stray
/// quote cannot hide the rest of the file.
fn deepest_python_brackets(bytes: &[u8], stop: usize) -> usize {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    let mut i = 0usize;
    while i < bytes.len() {
        let byte = bytes[i];
        match byte {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'\'' | b'"' => {
                let formatted = string_prefix(bytes, i)
                    .iter()
                    .any(|p| matches!(p, b'f' | b'F' | b't' | b'T'));
                let end = string_end(bytes, i);
                if formatted {
                    let quote = bytes[i];
                    let triple =
                        bytes.get(i + 1) == Some(&quote) && bytes.get(i + 2) == Some(&quote);
                    let body = &bytes[(i + if triple { 3 } else { 1 }).min(end)..end];
                    deepest = deepest.max(depth + deepest_fstring_fields(body));
                    if deepest > stop {
                        break;
                    }
                }
                i = end;
                continue;
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > deepest {
                    deepest = depth;
                    if deepest > stop {
                        break;
                    }
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    deepest
}

/// The deepest bracket nesting inside an f-string's replacement fields (each field's `{` counts, as do the
/// brackets of the code in it). The literal text around the fields, `{{` and `}}` escapes included, is text:
/// an HTML page with its script and style written in an f-string nests no code.
fn deepest_fstring_fields(body: &[u8]) -> usize {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    let mut j = 0usize;
    while j < body.len() {
        let byte = body[j];
        if depth == 0 && matches!(byte, b'{' | b'}') && body.get(j + 1) == Some(&byte) {
            j += 2;
            continue;
        }
        match byte {
            b'\\' if depth == 0 => j += 1,
            b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b'(' | b'[' if depth > 0 => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b')' | b']' | b'}' if depth > 0 => depth -= 1,
            _ => {}
        }
        j += 1;
    }
    deepest
}

/// [`deepest_brackets`] for JavaScript and TypeScript, skipping comments and the text of `'…'` and `"…"`
/// strings (which end at a newline, as the language ends them). Template literals count whole, since their
/// `${…}` fields are code.
fn deepest_js_brackets(bytes: &[u8], stop: usize) -> usize {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    let mut i = 0usize;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i < bytes.len() && !(bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/')) {
                    i += 1;
                }
                i += 2;
                continue;
            }
            b'\'' | b'"' => {
                let quote = bytes[i];
                i += 1;
                while i < bytes.len() && bytes[i] != quote && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > deepest {
                    deepest = depth;
                    if deepest > stop {
                        break;
                    }
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    deepest
}

/// The letters right before the quote at `at` (`rb`, `f`, `u`): a string prefix when they start a token.
fn string_prefix(bytes: &[u8], at: usize) -> &[u8] {
    let mut start = at;
    while start > 0 && at - start < 3 && bytes[start - 1].is_ascii_alphabetic() {
        start -= 1;
    }
    if start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_') {
        return &[];
    }
    &bytes[start..at]
}

/// The offset just past the string literal whose opening quote is at `at`.
fn string_end(bytes: &[u8], at: usize) -> usize {
    let quote = bytes[at];
    let triple = bytes.get(at + 1) == Some(&quote) && bytes.get(at + 2) == Some(&quote);
    let mut i = if triple { at + 3 } else { at + 1 };
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'\n' if !triple => return i,
            b if b == quote => {
                if !triple {
                    return i + 1;
                }
                if bytes.get(i + 1) == Some(&quote) && bytes.get(i + 2) == Some(&quote) {
                    return i + 3;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The deepest stack of open indentation levels, as Python's tokenizer keeps it: a line indented further
/// than the one on top opens a level; a line indented less closes every level deeper than it. Blank lines
/// do not count; every other line does (continuation lines and strings included: an over-count only
/// refuses a parse). Tabs advance to the next multiple of 8, as the scanner counts them.
fn deepest_indentation(bytes: &[u8], stop: usize) -> usize {
    let mut stack: Vec<usize> = vec![0];
    let mut deepest = 0usize;
    for line in bytes.split(|&b| b == b'\n' || b == b'\r') {
        let mut column = 0usize;
        let mut content = false;
        for &byte in line {
            match byte {
                b' ' => column += 1,
                b'\t' => column = (column / 8 + 1) * 8,
                b'\x0c' => column = 0,
                _ => {
                    content = true;
                    break;
                }
            }
        }
        if !content {
            continue;
        }
        while stack.last().is_some_and(|&top| top > column) {
            stack.pop();
        }
        if stack.last().is_none_or(|&top| top < column) {
            stack.push(column);
            deepest = deepest.max(stack.len() - 1);
            if deepest > stop {
                break;
            }
        }
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested_python(levels: usize) -> String {
        let mut text = String::from("import os\n");
        for depth in 0..levels {
            text.push_str(&" ".repeat(depth));
            text.push_str("if x:\n");
        }
        text.push_str(&" ".repeat(levels));
        text.push_str("y = 'a string while every level is open'\n");
        text
    }

    #[test]
    fn python_past_the_interpreters_indentation_limit_is_refused() {
        let refusal = refuse_deep_nesting(Grammar::Python, &nested_python(520)).unwrap();
        assert!(refusal.starts_with(NESTING_REFUSAL), "{refusal}");
        assert!(refusal.contains("indentation"), "{refusal}");
    }

    #[test]
    fn python_within_the_limit_is_parsed() {
        assert_eq!(
            refuse_deep_nesting(Grammar::Python, &nested_python(100)),
            None
        );
        // Dedenting closes levels: many sibling blocks are not deep.
        let siblings = "if a:\n    if b:\n        x()\n".repeat(1000);
        assert_eq!(refuse_deep_nesting(Grammar::Python, &siblings), None);
    }

    #[test]
    fn tabs_count_to_the_next_multiple_of_eight() {
        let mut text = String::new();
        for depth in 0..120 {
            text.push_str(&"\t".repeat(depth));
            text.push_str("if x:\n");
        }
        assert!(refuse_deep_nesting(Grammar::Python, &text).is_some());
    }

    #[test]
    fn deep_brackets_are_refused_and_ordinary_ones_are_not() {
        let deep = format!("{}x{}", "(".repeat(300), ")".repeat(300));
        assert!(refuse_deep_nesting(Grammar::Javascript, &deep).is_some());
        assert!(refuse_deep_nesting(Grammar::Bash, &deep).is_some());
        let blocks = format!("{}x();{}", "{".repeat(100_000), "}".repeat(100_000));
        assert!(refuse_deep_nesting(Grammar::Typescript, &blocks).is_some());
        let ordinary = "function f(a) { return [a, {b: (a)}]; }\n".repeat(10_000);
        assert_eq!(refuse_deep_nesting(Grammar::Javascript, &ordinary), None);
        // Brackets in a Python string or comment are text; in an f-string's fields they are code.
        let descriptor = format!(
            "DESCRIPTOR = b'{}'\n# {}\ncolours = \"\"\"{}\"\"\"\nx = ('{}')\n",
            "\\x01(".repeat(300),
            "[".repeat(300),
            "\x1b[31m".repeat(300),
            "\\'(".repeat(300)
        );
        assert_eq!(refuse_deep_nesting(Grammar::Python, &descriptor), None);
        let in_fstring = format!("x = f'{{{}1{}}}'\n", "(".repeat(300), ")".repeat(300));
        assert!(refuse_deep_nesting(Grammar::Python, &in_fstring).is_some());
        let nested_fields = format!("x = f'{}1{}'\n", "{(".repeat(150), ")}".repeat(150));
        assert!(refuse_deep_nesting(Grammar::Python, &nested_fields).is_some());
        // Outside its fields an f-string is text: a page's script and style, with `{{`/`}}` escapes and
        // brackets in any order, nests no code.
        let page = format!(
            "PAGE = f\"\"\"<script>{}{{{}</script><p>{{title}}</p>\"\"\"\nok = f'{{a[(1)]}}'\n",
            "function(x) {{ if (y) [ ".repeat(150),
            "}} ) ".repeat(20)
        );
        assert_eq!(refuse_deep_nesting(Grammar::Python, &page), None);
        // A stray quote ends at the line's end: the brackets after it still count.
        let stray = format!(
            "x = 'unclosed\ny = {}1{}\n",
            "(".repeat(300),
            ")".repeat(300)
        );
        assert!(refuse_deep_nesting(Grammar::Python, &stray).is_some());
        // Python's own bracket limit is lower.
        let two_hundred_ten = format!("{}x{}", "[".repeat(210), "]".repeat(210));
        assert!(refuse_deep_nesting(Grammar::Python, &two_hundred_ten).is_some());
        assert_eq!(
            refuse_deep_nesting(Grammar::Javascript, &two_hundred_ten),
            None
        );
    }

    #[test]
    fn brackets_in_javascript_strings_and_comments_are_text_within_a_wider_bound() {
        // A bundle's character tables: brackets in strings and comments, shallow code around them.
        let tables = format!(
            "var t = \"{}\", u = '{}'; /* {} */ // {}\nf(g(t));\n",
            "([{".repeat(100),
            "\\'(".repeat(100),
            "{".repeat(300),
            "[".repeat(200)
        );
        assert_eq!(refuse_deep_nesting(Grammar::Javascript, &tables), None);
        // Code nested past the bound is refused, in a template literal's fields too.
        let deep = format!("f({}x{});\n", "(".repeat(300), ")".repeat(300));
        assert!(refuse_deep_nesting(Grammar::Typescript, &deep).is_some());
        let template = format!("x = `${{{}1{}}}`;\n", "(".repeat(300), ")".repeat(300));
        assert!(refuse_deep_nesting(Grammar::Javascript, &template).is_some());
        // A quote misread as a string's start hides at most the wider bound.
        let hidden = format!("a = /\"/; {}x{} \"\n", "(".repeat(1100), ")".repeat(1100));
        assert!(refuse_deep_nesting(Grammar::Javascript, &hidden).is_some());
    }
}
