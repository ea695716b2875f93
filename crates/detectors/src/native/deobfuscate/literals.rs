//! The quoted string literals of a code segment, and the bytes each may stand for: as written (escapes
//! undone), as base64, as hex. The cipher decoders pick keys, IVs and ciphertexts from these views.

use super::codec::decode_base64;
use crate::ascii_classes::ascii_regex;
use regex::Regex;
use std::sync::LazyLock;

/// Literals read per segment (a bundle can hold hundreds of thousands).
const MAX_LITERALS: usize = 4096;
/// A literal longer than this is not a key, an IV or a ciphertext we decrypt.
pub(super) const MAX_LITERAL_CHARS: usize = 256 * 1024;

/// One string literal: where it sits in the segment body and what it spells.
#[derive(Debug, Clone)]
pub(super) struct Literal {
    pub start: usize,
    pub end: usize,
    /// The characters between the quotes, escapes still in.
    pub source: String,
    /// The bytes with `\x..`, `\n`, `\\` and quote escapes undone.
    pub raw: Vec<u8>,
}

impl Literal {
    /// The bytes the literal encodes as base64 (standard or URL-safe alphabet), if it is base64 at all.
    pub fn base64(&self) -> Option<Vec<u8>> {
        let text = self.source.trim_end_matches('=');
        let padding = self.source.len() - text.len();
        let plausible = text.len() >= 16
            && padding <= 2
            && text.len() % 4 != 1
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-' | b'_'));
        if !plausible {
            return None;
        }
        decode_base64(text)
    }

    /// The bytes the literal encodes as hex, if it is an even run of hex digits.
    pub fn hex(&self) -> Option<Vec<u8>> {
        let text = self.source.as_bytes();
        if text.len() < 16
            || !text.len().is_multiple_of(2)
            || !text.iter().all(u8::is_ascii_hexdigit)
        {
            return None;
        }
        text.chunks(2)
            .map(|pair| {
                std::str::from_utf8(pair)
                    .ok()
                    .and_then(|p| u8::from_str_radix(p, 16).ok())
            })
            .collect()
    }

    /// What the literal most likely encodes, as data: hex if it is all hex digits, else base64, else the
    /// bytes as written when escapes made them binary.
    pub fn data(&self) -> Option<Vec<u8>> {
        self.hex().or_else(|| self.base64()).or_else(|| {
            (!self.raw.iter().all(|b| (0x20..0x7f).contains(b))).then(|| self.raw.clone())
        })
    }

    /// Every distinct reading of the literal: as written, base64, hex.
    pub fn views(&self) -> Vec<Vec<u8>> {
        let mut views = vec![self.raw.clone()];
        for view in [self.base64(), self.hex()].into_iter().flatten() {
            if !views.contains(&view) {
                views.push(view);
            }
        }
        views
    }
}

// A constant pattern (its tests compile it): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static STRING: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r#""((?:[^"\\\n]|\\[^\n])*)"|'((?:[^'\\\n]|\\[^\n])*)'"#)
        .expect("string literal pattern")
});

/// The string literals of `body`, in order, at most [`MAX_LITERALS`].
pub(super) fn string_literals(body: &str) -> Vec<Literal> {
    // What is between the quotes is the match less its two quote characters: asking for the match alone
    // spares resolving groups in every literal of a bundle.
    STRING
        .find_iter(body)
        .take(MAX_LITERALS)
        .filter_map(|whole| {
            let inner = &body[whole.start() + 1..whole.end() - 1];
            if inner.len() > MAX_LITERAL_CHARS {
                return None;
            }
            Some(Literal {
                start: whole.start(),
                end: whole.end(),
                source: inner.to_string(),
                raw: unescape(inner),
            })
        })
        .collect()
}

/// Python/JavaScript escapes undone, byte by byte (`\xff` is the byte 0xff, as in a `b''` literal).
pub(super) fn unescape(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' || i + 1 >= bytes.len() {
            out.push(bytes[i]);
            i += 1;
            continue;
        }
        let escaped = bytes[i + 1];
        i += 2;
        match escaped {
            b'n' => out.push(b'\n'),
            b't' => out.push(b'\t'),
            b'r' => out.push(b'\r'),
            b'0' => out.push(0),
            b'x' => {
                let value = bytes
                    .get(i..i + 2)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                if let Some(value) = value {
                    out.push(value);
                    i += 2;
                } else {
                    out.push(b'x');
                }
            }
            b'u' => {
                let value = bytes
                    .get(i..i + 4)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .and_then(char::from_u32);
                if let Some(value) = value {
                    let mut buffer = [0u8; 4];
                    out.extend_from_slice(value.encode_utf8(&mut buffer).as_bytes());
                    i += 4;
                } else {
                    out.push(b'u');
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_are_read_with_their_escapes_undone() {
        let body = r#"k = b'\x01\x02ab'; s = "it\'s \"q\""; t = 'tpl';"#;
        let all = string_literals(body);
        assert_eq!(all.len(), 3, "{all:?}");
        assert_eq!(all[0].raw, [1, 2, b'a', b'b']);
        assert_eq!(all[1].raw, b"it's \"q\"");
        assert_eq!(&body[all[2].start..all[2].end], "'tpl'");
    }

    #[test]
    fn base64_and_hex_views_need_the_right_alphabet() {
        let lit = |s: &str| string_literals(&format!("'{s}'")).remove(0);
        assert_eq!(
            lit("aGVsbG8gd29ybGQgaGVsbG8=").base64().unwrap(),
            b"hello world hello"
        );
        assert!(lit("not base64 at all, no!!").base64().is_none());
        assert_eq!(
            lit("00112233445566778899aabbccddeeff").hex().unwrap().len(),
            16
        );
        assert!(lit("0011223344556677889").hex().is_none());
    }
}
