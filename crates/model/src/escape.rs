//! Scanned text is hostile: an ANSI escape or a bidi override in a snippet could repaint the user's terminal
//! or make the report lie. Everything from a scanned package goes through here before it reaches a terminal.

use std::fmt::Write;

/// Replaces control characters (C0, DEL, C1), bidi controls and other invisible formatting characters with a
/// visible `\u{..}` escape. Tabs are kept, since they are harmless and common in code.
pub fn escape_for_terminal(text: &str) -> String {
    if !text.chars().any(needs_escape) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if needs_escape(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

fn needs_escape(c: char) -> bool {
    match c {
        '\t' => false,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        // Bidi embeddings, overrides and isolates (the "Trojan Source" set), zero-width and tag characters.
        '\u{200b}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2069}'
        | '\u{feff}' => true,
        '\u{e0000}'..='\u{e007f}' => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_unchanged() {
        assert_eq!(escape_for_terminal("curl x | sh\tok"), "curl x | sh\tok");
    }

    #[test]
    fn ansi_and_hyperlinks_are_made_visible() {
        let hostile = "\u{1b}[2J\u{1b}]8;;http://x\u{7}click\u{1b}]8;;\u{7}";
        let escaped = escape_for_terminal(hostile);
        assert!(!escaped.contains('\u{1b}'));
        assert!(!escaped.contains('\u{7}'));
        assert!(escaped.starts_with("\\u{1b}[2J"));
    }

    #[test]
    fn bidi_and_newlines_are_escaped() {
        assert_eq!(escape_for_terminal("a\u{202e}b\nc"), "a\\u{202e}b\\u{a}c");
    }
}
