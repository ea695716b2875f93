//! How much of a source file is code rather than long string literals: the size the parse and data-flow
//! limits are about.
//!
//! Why: those limits bound the cost of trees and passes, which grows with the code, not with the bytes of a
//! literal (one string is one node). A dropper whose payload is a 7 MB string with a few lines of code after
//! it was skipped whole by a byte limit, and the lines that write and run the payload were never read.

use crate::grammar::Grammar;

/// A literal at least this long counts as data.
const LONG_LITERAL: usize = 4096;

/// The bytes of `text` outside string literals and comments of [`LONG_LITERAL`] bytes or more. A rough lexer: quotes,
/// triple quotes, template literals, escapes and comments; a quote inside a JavaScript regex literal may
/// start a false string, which a single-quoted string ends at the line's end, so the error stays small.
/// Shell text counts whole.
pub fn code_bytes(grammar: Grammar, text: &str) -> usize {
    let python = match grammar {
        Grammar::Python => true,
        Grammar::Javascript | Grammar::Typescript | Grammar::Tsx => false,
        Grammar::Bash => return text.len(),
    };
    let bytes = text.as_bytes();
    let mut data = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Comments, like literals, are one node however long.
        let comment_end = match bytes[i] {
            b'#' if python => Some(line_end(bytes, i)),
            b'/' if !python && bytes.get(i + 1) == Some(&b'/') => Some(line_end(bytes, i)),
            b'/' if !python && bytes.get(i + 1) == Some(&b'*') => {
                Some(find(bytes, i + 2, b"*/").map_or(bytes.len(), |end| end + 2))
            }
            _ => None,
        };
        if let Some(end) = comment_end {
            if end - i >= LONG_LITERAL {
                data += end - i;
            }
            i = end;
            continue;
        }
        match bytes[i] {
            quote @ (b'\'' | b'"' | b'`') if quote != b'`' || !python => {
                let triple =
                    python && bytes.get(i + 1) == Some(&quote) && bytes.get(i + 2) == Some(&quote);
                let end = if triple {
                    closing_triple(bytes, i + 3, quote)
                } else {
                    closing(bytes, i + 1, quote, quote == b'`')
                };
                if end - i >= LONG_LITERAL {
                    data += end - i;
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    bytes.len() - data
}

fn line_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|b| *b == b'\n')
        .map_or(bytes.len(), |p| from + p)
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

/// Just past the quote that closes a one-quote string opened before `from` (at the line's end when none
/// does, unless the string may span lines).
fn closing(bytes: &[u8], mut i: usize, quote: u8, multiline: bool) -> usize {
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'\n' if !multiline => return i,
            b if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Just past the three quotes that close a triple-quoted string.
fn closing_triple(bytes: &[u8], mut i: usize, quote: u8) -> usize {
    while i < bytes.len() {
        if bytes[i] == b'\\' {
            i += 2;
        } else if bytes[i] == quote
            && bytes.get(i + 1) == Some(&quote)
            && bytes.get(i + 2) == Some(&quote)
        {
            return i + 3;
        } else {
            i += 1;
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_literals_are_data_and_the_rest_is_code() {
        let payload = "QUJD".repeat(10_000);
        let py =
            format!("import os\ncode = b'''{payload}'''\nos.system('run ' + tmp)  # '{payload}'\n");
        let code = code_bytes(Grammar::Python, &py);
        assert!(code < 100, "{code}");
        let js = format!("const p = `{payload}`;\n/* {payload} */\neval(atob(p));\n");
        assert!(code_bytes(Grammar::Javascript, &js) < 100);
        // Short strings, and a quote that never closes on its line, stay code.
        let plain = "x = 'a' + \"b\"\ny = 'it''s\nz = 1\n".repeat(500);
        assert_eq!(code_bytes(Grammar::Python, &plain), plain.len());
        let shell = format!("echo '{payload}'\n");
        assert_eq!(code_bytes(Grammar::Bash, &shell), shell.len());
    }
}
