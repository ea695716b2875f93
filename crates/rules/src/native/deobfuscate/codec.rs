//! Byte-level decoding shared by the payload finders: base64 and hex, zlib/gzip inflation, rot13, and the
//! test that decoded bytes read as text (code, commands or sentences) rather than binary.

use super::{MAX_DECODED_BYTES, MAX_QUOTED_CHARS};
use std::io::Read;

/// `-----BEGIN …-----` to `-----END …-----`: certificates and keys are base64 of DER, not payloads.
pub(super) fn pem_blocks(body: &str) -> Vec<(usize, usize)> {
    let mut blocks = Vec::new();
    let mut from = 0;
    while let Some(begin) = body[from..].find("-----BEGIN ").map(|i| from + i) {
        let end = body[begin..]
            .find("-----END ")
            .map_or(body.len(), |i| begin + i);
        blocks.push((begin, end));
        from = end.max(begin + 1);
        if blocks.len() > 10_000 {
            break;
        }
    }
    blocks
}

/// Base64 inside a `data:` URI of an image, font, media, source map or binary blob is not a payload.
pub(super) fn in_binary_data_uri(body: &str, start: usize) -> bool {
    let from = start.saturating_sub(100);
    let Some(before) = body.get(from..start) else {
        return false;
    };
    let Some(data) = before.rfind("data:") else {
        return false;
    };
    let media = &before[data + 5..];
    if !media.ends_with("base64,") {
        return false;
    }
    let media = media.to_ascii_lowercase();
    // Script and text payloads are decoded; images, fonts, media, source maps and binaries are not.
    let decodable = [
        "text/",
        "application/javascript",
        "application/x-sh",
        "application/x-python",
    ]
    .iter()
    .any(|prefix| media.starts_with(prefix))
        && !media.starts_with("text/css");
    !decodable
}

pub(super) fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0u32;
    for byte in text.bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(out)
}

pub(super) fn decode_hex(text: &str) -> Vec<u8> {
    text.as_bytes()
        .chunks(2)
        .filter_map(|pair| std::str::from_utf8(pair).ok())
        .filter_map(|pair| u8::from_str_radix(pair, 16).ok())
        .collect()
}

/// Decoded bytes as text, inflating zlib or gzip first; `None` when they are not readable text.
pub(super) fn readable(bytes: &[u8]) -> Option<(String, bool)> {
    let (bytes, inflated) = match bytes {
        [0x78, 0x01 | 0x5e | 0x9c | 0xda, ..] => {
            (inflate(flate2::read::ZlibDecoder::new(bytes))?, true)
        }
        [0x1f, 0x8b, ..] => (inflate(flate2::read::GzDecoder::new(bytes))?, true),
        _ => (bytes.to_vec(), false),
    };
    // PowerShell's -EncodedCommand is base64 of UTF-16LE: every other byte of ASCII text is zero.
    let utf16 = bytes.len() >= 24
        && bytes.len() % 2 == 0
        && bytes.iter().skip(1).step_by(2).take(16).all(|b| *b == 0);
    let text = if utf16 {
        let units: Vec<u16> = bytes
            .chunks(2)
            .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
            .collect();
        String::from_utf16(&units).ok()?
    } else {
        String::from_utf8(bytes).ok()?
    };
    is_readable_text(&text).then_some((text, inflated))
}

pub(super) fn inflate(reader: impl Read) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    reader
        .take(MAX_DECODED_BYTES as u64)
        .read_to_end(&mut out)
        .ok()?;
    Some(out)
}

/// Mostly printable, with some word structure: what code, commands and sentences look like.
pub(super) fn is_readable_text(text: &str) -> bool {
    let total = text.chars().count();
    if total < 12 {
        return false;
    }
    let control = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        .count();
    let plain = text
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || c.is_whitespace())
        .count();
    let separators = text
        .chars()
        .filter(|c| c.is_whitespace() || matches!(c, '(' | ';' | '/' | '.' | '=' | ',' | '|'))
        .count();
    control * 50 <= total && plain * 10 >= total * 6 && separators * 40 >= total
}

pub(super) fn rot13(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'a'..='z' => (((c as u8 - b'a') + 13) % 26 + b'a') as char,
            'A'..='Z' => (((c as u8 - b'A') + 13) % 26 + b'A') as char,
            _ => c,
        })
        .collect()
}

pub(super) fn quote(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > MAX_QUOTED_CHARS {
        let cut: String = flat.chars().take(MAX_QUOTED_CHARS).collect();
        format!("{cut}…")
    } else {
        flat
    }
}
