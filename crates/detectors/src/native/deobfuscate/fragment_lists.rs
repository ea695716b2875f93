//! Finds the bracketed lists of four or more short items that may be a command split into string
//! fragments: `_h("cu", "rl -s", "fL ht", "tps://", host)`.
//!
//! This was one regex, `[(\[][ \t]*((?:ITEM[ \t]*,[ \t]*){3,}ITEM)[ \t]*,?[ \t]*[)\]]` with ITEM a quoted
//! string of 1–12 characters or a dotted name. Its bounded repetitions made it the costliest constant
//! regex to compile (1.5 ms, more than scanning a small skill's files), and it ran on every text. The
//! list has one reading only (each item ends at the first character that cannot continue it, and an item
//! never starts with a bracket), so a left-to-right reader finds exactly the regex's matches.

use std::ops::Range;

/// Longest quoted item, in characters.
const MAX_ITEM_CHARS: usize = 12;
/// Fewest items in a list.
const MIN_ITEMS: usize = 4;

/// One list: the span from its opening to its closing bracket, and the span of its items.
pub(super) struct FragmentList {
    pub whole: Range<usize>,
    pub items: Range<usize>,
}

/// Every list of `body`, left to right, not overlapping (the matches the regex's `captures_iter` gave).
pub(super) fn fragment_lists(body: &str) -> impl Iterator<Item = FragmentList> + '_ {
    let bytes = body.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            let open = at + bytes[at..].iter().position(|&b| b == b'(' || b == b'[')?;
            at = open + 1;
            if let Some(list) = list_at(body, open) {
                at = list.whole.end;
                return Some(list);
            }
        }
        None
    })
}

/// The list whose opening bracket is at `open`, if one starts there.
fn list_at(body: &str, open: usize) -> Option<FragmentList> {
    let bytes = body.as_bytes();
    let first = skip_blanks(bytes, open + 1);
    let mut at = first;
    let mut items = 0;
    let mut last_end;
    loop {
        last_end = item_end(body, at)?;
        items += 1;
        let after = skip_blanks(bytes, last_end);
        if bytes.get(after) != Some(&b',') {
            break;
        }
        let next = skip_blanks(bytes, after + 1);
        if item_end(body, next).is_none() {
            break;
        }
        at = next;
    }
    if items < MIN_ITEMS {
        return None;
    }
    // `[ \t]*,?[ \t]*` then the closing bracket.
    let mut close = skip_blanks(bytes, last_end);
    if bytes.get(close) == Some(&b',') {
        close = skip_blanks(bytes, close + 1);
    }
    matches!(bytes.get(close), Some(b')' | b']')).then(|| FragmentList {
        whole: open..close + 1,
        items: first..last_end,
    })
}

/// Where the item starting at `at` ends: a quoted string of 1 to [`MAX_ITEM_CHARS`] characters without
/// a backslash or line break, or a name (`[A-Za-z_][A-Za-z0-9_.]*`).
fn item_end(body: &str, at: usize) -> Option<usize> {
    let bytes = body.as_bytes();
    match *bytes.get(at)? {
        quote @ (b'"' | b'\'') => {
            let rest = &body[at + 1..];
            for (count, (offset, c)) in rest.char_indices().enumerate() {
                if c == quote as char {
                    return (count > 0).then_some(at + 1 + offset + 1);
                }
                if count == MAX_ITEM_CHARS || c == '\\' || c == '\n' {
                    return None;
                }
            }
            None
        }
        b'A'..=b'Z' | b'a'..=b'z' | b'_' => Some(
            at + 1
                + bytes[at + 1..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.'))
                    .count(),
        ),
        _ => None,
    }
}

fn skip_blanks(bytes: &[u8], at: usize) -> usize {
    at + bytes
        .get(at..)
        .unwrap_or_default()
        .iter()
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    /// The regex this reader replaces, as it was written.
    fn reference() -> Regex {
        let item = r#"(?:"[^"\\\n]{1,12}"|'[^'\\\n]{1,12}'|[A-Za-z_][A-Za-z0-9_.]*)"#;
        Regex::new(&format!(
            r"[(\[][ \t]*((?:{item}[ \t]*,[ \t]*){{3,}}{item})[ \t]*,?[ \t]*[)\]]"
        ))
        .unwrap()
    }

    fn spans(body: &str) -> Vec<(Range<usize>, Range<usize>)> {
        fragment_lists(body).map(|l| (l.whole, l.items)).collect()
    }

    fn reference_spans(re: &Regex, body: &str) -> Vec<(Range<usize>, Range<usize>)> {
        re.captures_iter(body)
            .map(|c| (c.get(0).unwrap().range(), c.get(1).unwrap().range()))
            .collect()
    }

    #[test]
    fn finds_what_the_regex_found() {
        let cases = [
            r#"_h("cu", "rl -s", "fL ht", "tps://", host)"#,
            r#"x = ["a", "b", "c"]"#,
            r#"x = ["a", "b", "c", "d",]"#,
            r#"f(a, b, c, d) + g('é', 'ü', 'ß', '漢字')"#,
            r#"f("", "b", "c", "d")"#,
            r#"f("abcdefghijklm", "b", "c", "d", "e")"#,
            r#"f("abcdefghijkl", "b", "c", "d")"#,
            r#"f(("a", "b", "c", "d"), [e.f, g_h, i, "j,k"])"#,
            "f(\"a\",\n \"b\", \"c\", \"d\")",
            r#"f("a\"", "b", "c", "d") f([ 'x' ,'y' , 'z',	w ] )"#,
            r#"f(a, b, c, d e) [[[[ (a,b,c,d,) (a,b,c,d,,) (1, 2, 3, 4)"#,
            r#"call(x.y, 'p', "q", r, 'é很长很长很长很长很长很长很长', s, t, u)"#,
            "unterminated (a, b, c, \"d",
            "",
        ];
        let re = reference();
        for body in cases {
            assert_eq!(spans(body), reference_spans(&re, body), "{body}");
        }
    }

    #[test]
    fn agrees_with_the_regex_on_generated_text() {
        // Every text of up to five tokens over an alphabet chosen to reach each branch of the reader.
        let re = reference();
        // `"abcdefghijk` and `l` build quoted items on either side of the 12-character limit.
        let tokens = [
            "(",
            ")",
            "]",
            ",",
            " ",
            "\"ab\"",
            "'c'",
            "x.y",
            "\"",
            "\\",
            "é",
            "\"abcdefghijk",
            "l",
        ];
        let mut bodies = vec![String::new()];
        for _ in 0..5 {
            bodies = bodies
                .iter()
                .flat_map(|b| tokens.iter().map(move |t| format!("{b}{t}")))
                .filter(|b| b.len() < 48)
                .collect::<Vec<_>>();
            for body in &bodies {
                let padded = format!("f(a, b, {body}, d)");
                assert_eq!(spans(&padded), reference_spans(&re, &padded), "{padded:?}");
            }
        }
    }
}
