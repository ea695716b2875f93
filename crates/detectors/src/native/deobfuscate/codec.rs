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

pub(crate) fn decode_base64(text: &str) -> Option<Vec<u8>> {
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

/// Decoded bytes as text, inflating zlib, gzip, xz/lzma or bzip2 first and reading the strings of a
/// marshalled code object; `None` when they are not readable text. The second value names the layers
/// peeled off under the encoding (`zlib`, `marshal+zlib`, …).
pub(super) fn readable(bytes: &[u8]) -> Option<(String, Option<&'static str>)> {
    let (bytes, compression) = match bytes {
        [0x78, 0x01 | 0x5e | 0x9c | 0xda, ..] => (
            inflate(flate2::read::ZlibDecoder::new(bytes))?,
            Some("zlib"),
        ),
        [0x1f, 0x8b, ..] => (inflate(flate2::read::GzDecoder::new(bytes))?, Some("zlib")),
        [0xfd, b'7', b'z', b'X', b'Z', 0x00, ..] => (unlzma(bytes, true)?, Some("lzma")),
        [0x5d, 0x00, 0x00, ..] => (unlzma(bytes, false)?, Some("lzma")),
        [b'B', b'Z', b'h', b'1'..=b'9', ..] => {
            (inflate(bzip2::read::BzDecoder::new(bytes))?, Some("bz2"))
        }
        _ => (bytes.to_vec(), None),
    };
    if let Some(strings) = super::marshal::code_object_strings(&bytes) {
        let layers = match compression {
            Some("zlib") => "marshal+zlib",
            Some("lzma") => "marshal+lzma",
            Some("bz2") => "marshal+bz2",
            _ => "marshal",
        };
        return Some((strings, Some(layers)));
    }
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
    is_readable_text(&text).then_some((text, compression))
}

/// The name of a payload: the layers peeled off (`zlib`, `marshal+lzma`, …) over the encoding it was
/// found in (`base64`, `hex`, …).
pub(super) fn layered(layers: Option<&'static str>, encoding: &'static str) -> &'static str {
    const NAMES: &[(&str, &str, &str)] = &[
        ("zlib", "base64", "zlib+base64"),
        ("zlib", "hex", "zlib+hex"),
        ("zlib", "base85", "zlib+base85"),
        ("zlib", "base32", "zlib+base32"),
        ("lzma", "base64", "lzma+base64"),
        ("lzma", "hex", "lzma+hex"),
        ("lzma", "base85", "lzma+base85"),
        ("bz2", "base64", "bz2+base64"),
        ("bz2", "hex", "bz2+hex"),
        ("bz2", "base85", "bz2+base85"),
        ("marshal+zlib", "base64", "marshal+zlib+base64"),
        ("marshal+lzma", "base64", "marshal+lzma+base64"),
        ("marshal+bz2", "base64", "marshal+bz2+base64"),
        ("marshal", "base64", "marshal+base64"),
        ("marshal", "hex", "marshal+hex"),
    ];
    match layers {
        None => encoding,
        Some(layers) => NAMES
            .iter()
            .find(|(l, e, _)| *l == layers && *e == encoding)
            .map_or(layers, |(_, _, name)| name),
    }
}

pub(super) fn inflate(reader: impl Read) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    reader
        .take(MAX_DECODED_BYTES as u64)
        .read_to_end(&mut out)
        .ok()?;
    Some(out)
}

/// xz (`lzma.compress`'s default) or the older "lzma alone" format, at most [`MAX_DECODED_BYTES`] out.
fn unlzma(bytes: &[u8], xz: bool) -> Option<Vec<u8>> {
    let mut input = std::io::BufReader::new(bytes);
    let mut out = Capped(Vec::new());
    let done = if xz {
        lzma_rs::xz_decompress(&mut input, &mut out)
    } else {
        let options = lzma_rs::decompress::Options {
            memlimit: Some(64 * 1024 * 1024),
            ..Default::default()
        };
        lzma_rs::lzma_decompress_with_options(&mut input, &mut out, &options)
    };
    // A stream cut by the cap still gave its first megabyte.
    (done.is_ok() || out.0.len() >= MAX_DECODED_BYTES).then_some(out.0)
}

/// A writer that refuses bytes past [`MAX_DECODED_BYTES`] (a decompression bomb stops there).
struct Capped(Vec<u8>);

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let room = MAX_DECODED_BYTES.saturating_sub(self.0.len());
        if room == 0 {
            return Err(std::io::Error::other("decoded size cap"));
        }
        let n = buf.len().min(room);
        self.0.extend_from_slice(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Python's `base64.b85decode` (the git/ZeroMQ-style alphabet) and `a85decode` (Ascii85, `z` for zeros).
pub(super) fn decode_base85(text: &str, ascii85: bool) -> Option<Vec<u8>> {
    const B85: &[u8] =
        b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~";
    let text = text.trim();
    let text = if ascii85 {
        text.trim_start_matches("<~").trim_end_matches("~>")
    } else {
        text
    };
    let mut digits = Vec::with_capacity(text.len());
    let mut out = Vec::with_capacity(text.len() * 4 / 5);
    for byte in text.bytes().filter(|b| !b.is_ascii_whitespace()) {
        if ascii85 && byte == b'z' && digits.is_empty() {
            out.extend_from_slice(&[0; 4]);
            continue;
        }
        let value = if ascii85 {
            byte.checked_sub(b'!').filter(|v| *v < 85)?
        } else {
            B85.iter().position(|b| *b == byte)? as u8
        };
        digits.push(value);
        if digits.len() == 5 {
            out.extend_from_slice(&base85_group(&digits)?);
            digits.clear();
        }
    }
    if !digits.is_empty() {
        let missing = 5 - digits.len();
        digits.resize(5, 84);
        let group = base85_group(&digits)?;
        out.extend_from_slice(&group[..4 - missing]);
    }
    Some(out)
}

fn base85_group(digits: &[u8]) -> Option<[u8; 4]> {
    let value = digits.iter().try_fold(0u32, |acc, d| {
        acc.checked_mul(85)?.checked_add(u32::from(*d))
    })?;
    Some(value.to_be_bytes())
}

/// RFC 4648 base32 (`base64.b32decode`).
pub(super) fn decode_base32(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 5 / 8);
    let (mut buffer, mut bits) = (0u64, 0u32);
    for byte in text.trim().trim_end_matches('=').bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'2'..=b'7' => byte - b'2' + 26,
            _ => return None,
        };
        buffer = (buffer << 5) | u64::from(value);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// Mostly printable, with some word structure: what code, commands and sentences look like.
pub(super) fn is_readable_text(text: &str) -> bool {
    // Code around one long encoded literal (a loader layer: `exec((_)(b'…14 KB…'))`) needs its separators
    // in its code, not in the literal: runs of the base64 alphabet of [`LONG_ENCODED_RUN`] characters or
    // more are left out of the separator ratio (they still count as plain characters).
    const LONG_ENCODED_RUN: usize = 64;
    let encoded = |c: char| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '_' | '-');
    let (mut total, mut control, mut plain, mut separators) = (0usize, 0usize, 0usize, 0usize);
    let (mut run, mut in_long_runs) = (0usize, 0usize);
    for c in text.chars() {
        total += 1;
        control += usize::from(c.is_control() && !matches!(c, '\n' | '\r' | '\t'));
        plain += usize::from(c.is_ascii_alphanumeric() || c.is_whitespace());
        separators +=
            usize::from(c.is_whitespace() || matches!(c, '(' | ';' | '/' | '.' | '=' | ',' | '|'));
        if encoded(c) {
            run += 1;
        } else {
            if run >= LONG_ENCODED_RUN {
                in_long_runs += run;
            }
            run = 0;
        }
    }
    if run >= LONG_ENCODED_RUN {
        in_long_runs += run;
    }
    let judged = total - in_long_runs;
    total >= 12
        && control * 50 <= total
        && plain * 10 >= total * 6
        && (separators * 40 >= total || (judged >= 12 && separators * 40 >= judged))
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
