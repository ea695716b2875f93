//! Encoded payloads (base64, base85, base32, zlib/xz/bzip2 layers, hex, `\x` escapes, char codes, rot13,
//! reversed text, split string fragments, marshalled code objects, literal-key Fernet/AES/XOR ciphertext,
//! javascript-obfuscator string arrays), decoded and scanned again with the whole rule set, so
//! `echo <base64> | base64 -d | bash` is judged by what it runs.
//!
//! One file per decoder family: `codec` (bytes: base64/hex/base85/base32, decompression, readability),
//! `literals` (string literals and their byte views), `ciphers`, `js_obfuscator`, `marshal`, `reversed`;
//! `rescan` scans decoded text and reports at the encoded span.
//!
//! Only plausible payloads are decoded: long enough, and decoding to mostly printable text (after
//! inflating). Images, fonts and source maps in `data:` URIs, hashes and random tokens decode to
//! binary or are skipped before decoding, so minified bundles cost one linear regex pass. A finding in
//! decoded text keeps its rule (id, category, action) and is reported at the encoded span, its message
//! prefixed by what was decoded ("in decoded base64: …"); rescans nest to [`MAX_DEPTH`] and decode at most
//! [`MAX_DECODED_BYTES`] per file.

use super::FileDetector;
use crate::ascii_classes::ascii_regex;
use crate::compile::{CompiledRule, Matcher};
use crate::matchers::{Hit, HitDetail};
use crate::segment::Segment;
use codec::{
    decode_base32, decode_base64, decode_base85, decode_hex, in_binary_data_uri, is_readable_text,
    layered, pem_blocks, quote, readable, rot13,
};
use fragment_lists::fragment_lists;
use regex::Regex;
use skill_scan_rules::GatedRegex;
use std::sync::LazyLock;

/// Decoded text is scanned again, and text decoded from that, up to this depth.
pub(crate) const MAX_DEPTH: usize = 3;
/// Decoded bytes per file (over all its payloads), and per payload after inflating.
pub(crate) const MAX_DECODED_BYTES: usize = 1024 * 1024;
/// Payloads decoded per file.
const MAX_PAYLOADS: usize = 32;
/// Shorter base64 runs are identifiers, hashes and ids, not payloads.
const MIN_BASE64_CHARS: usize = 32;
/// Candidates examined per segment (a bundle can hold thousands of long tokens).
const MAX_CANDIDATES: usize = 4096;
/// The message quotes this much of the decoded text.
pub(crate) const MAX_QUOTED_CHARS: usize = 120;
/// Layers peeled off one payload: obfuscators nest a one-line loader around one literal dozens of times
/// (pyobfuscate-style tools use 50 to 64), each layer decoding to the next.
pub(crate) const MAX_PEELED_LAYERS: usize = 128;
/// Bytes of decoded text read while peeling one segment's payloads (every layer is about the size of
/// the one outside it, so this bounds the work at a few passes over a few megabytes).
const MAX_PEELED_BYTES: usize = 16 * 1024 * 1024;
/// A layer whose text outside its one inner payload is longer than this is code in its own right, not a
/// wrapper: it is scanned as it is.
const MAX_WRAPPER_BYTES: usize = 1024;
/// The native name of the rule that turns rescanning on.
pub(crate) const RESCAN_DETECTOR: &str = "decode-and-rescan";

/// One decoded payload, in file offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Payload {
    pub start: usize,
    pub end: usize,
    /// `base64`, `zlib+base64`, `marshal+zlib+base64`, `hex`, `\x escapes`, `char codes`, `rot13`, `fernet`,
    /// `aes-cbc`, `xor`, `reversed base64`, `javascript-obfuscator strings`, ….
    pub encoding: &'static str,
    pub decoded: String,
}

/// A payload is only worth decoding where something decodes it: a decoder call or command, or text that
/// tells the reader to decode. Files with none of these are skipped by the prefilter.
pub(crate) static ENCODED_CODE: FileDetector = FileDetector {
    literals: &[
        "base64",
        "atob",
        "b64decode",
        "fromCharCode",
        "chr(",
        "\\x",
        "rot13",
        "rot_13",
        "decode",
        "unhexlify",
        "fromhex",
        "Buffer.from",
        "'hex'",
        "\"hex\"",
        "bytes(",
        "bytearray(",
        "EncodedCommand",
        "-enc ",
        ".join(",
        "Fernet",
        "AES",
        "Decipheriv",
        "_0x",
        "reverse()",
        "[::-1]",
        "marshal",
        "lzma",
        "bz2",
        "85decode",
        "32decode",
        // Inline interpreter code (see `inline`).
        "node -e",
        "node --eval",
        "node -p",
        "-c \"",
        "-c \\\"",
        "-c '",
        // …and as an argument list (`"args": ["-e", "…"]`, `["python3", "-c", "…"]`).
        "\"-e\"",
        "'-e'",
        "\"--eval\"",
        "\"-c\"",
        "'-c'",
        "powershell",
        "PowerShell",
        "pwsh",
    ],
    run: report_encoded_code,
};

static HEX_ESCAPES: GatedRegex = GatedRegex::new(r"(?:\\x[0-9a-fA-F]{2}){8,}");
static HEX_RUN: GatedRegex = GatedRegex::new(r"\b(?:[0-9a-fA-F]{2}){20,}\b");
static CHAR_CODES: GatedRegex = GatedRegex::new(
    r"(?:fromCharCode\s*\(|(?:chr|bytes|bytearray|Buffer\.from)\b[^\n]{0,40}?\[)\s*((?:\d{1,6}\s*,\s*){7,}\d{1,6})\s*[\])]",
);
static ROT13: GatedRegex =
    GatedRegex::new(r#"codecs\.decode\(\s*['"]([^'"\n]{8,})['"]\s*,\s*['"]rot_?13['"]"#);
/// The items of a fragment list: a string literal without escapes or line breaks, or a name.
enum FragmentItem<'t> {
    Literal(&'t str),
    Name(&'t str),
}

/// The items [`FRAGMENT_ITEM_PATTERN`] finds, read by hand (the lists are short; compiling the pattern
/// cost more than reading them): a quote starts a literal that ends at the same quote, unless a backslash
/// or a line break comes first (then the search goes on from the next character); a letter or `_` starts
/// a name of word characters and dots.
fn fragment_items(list: &str) -> Vec<FragmentItem<'_>> {
    let bytes = list.as_bytes();
    let mut items = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        if byte == b'"' || byte == b'\'' {
            let body = at + 1;
            let stop = bytes[body..]
                .iter()
                .position(|&b| b == byte || b == b'\\' || b == b'\n')
                .map(|offset| body + offset);
            match stop {
                Some(close) if bytes[close] == byte => {
                    items.push(FragmentItem::Literal(&list[body..close]));
                    at = close + 1;
                }
                _ => at += 1,
            }
        } else if byte.is_ascii_alphabetic() || byte == b'_' {
            let end = at
                + bytes[at..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.'))
                    .count();
            items.push(FragmentItem::Name(&list[at..end]));
            at = end;
        } else {
            at += 1;
        }
    }
    items
}

/// The pattern [`fragment_items`] reads by hand (its test compares the two).
#[cfg(test)]
const FRAGMENT_ITEM_PATTERN: &str = r#""([^"\\\n]*)"|'([^'\\\n]*)'|([A-Za-z_][\w.]*)"#;
/// `b85decode('…')`, `a85decode(b"…")`, `b32decode('…')` with a literal argument.
static BASE85_32: GatedRegex =
    GatedRegex::new(r#"\b(b85|a85|b32)decode\(\s*b?(?:'([^'\\\n]{16,})'|"([^"\\\n]{16,})")"#);
/// Two or more base64 or hex literals written next to each other (implicit concatenation in Python,
/// `+` in either language), as long blobs are wrapped over lines.
// A constant pattern (its tests compile it): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static CONCATENATED: LazyLock<Regex> = LazyLock::new(|| {
    let literal = r#"b?(?:"[A-Za-z0-9+/=_-]{8,}"|'[A-Za-z0-9+/=_-]{8,}')"#;
    ascii_regex(&format!(r"{literal}(?:\s*\+?\s*{literal})+")).expect("concatenated pattern")
});
// A constant pattern (its tests compile it): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static QUOTED_RUN: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r#""([A-Za-z0-9+/=_-]+)"|'([A-Za-z0-9+/=_-]+)'"#).expect("quoted run pattern")
});
/// Whether [`CONCATENATED`] matches `body`, answered by a scan: two literals of its kind with only white
/// space and one optional `+` (and a `b` prefix) between them. Most texts have none, and building the
/// pattern costs more than reading a small file.
fn adjacent_literals(body: &str) -> bool {
    let bytes = body.as_bytes();
    // The end of a literal of at least 8 base64/hex characters opening at `at`, if one does.
    let literal_end = |at: usize| -> Option<usize> {
        let quote = *bytes.get(at)?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let run = bytes[at + 1..]
            .iter()
            .take_while(|b| {
                b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'_' | b'-')
            })
            .count();
        (run >= 8 && bytes.get(at + 1 + run) == Some(&quote)).then_some(at + run + 2)
    };
    let spaces = |from: usize| {
        from + bytes[from..]
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r'))
            .count()
    };
    (0..bytes.len()).any(|at| {
        let Some(end) = literal_end(at) else {
            return false;
        };
        let mut next = spaces(end);
        if bytes.get(next) == Some(&b'+') {
            next = spaces(next + 1);
        }
        if bytes.get(next) == Some(&b'b') {
            next += 1;
        }
        literal_end(next).is_some()
    })
}

/// Text that reads as commands or code (what makes an encoded payload worth reporting on its own).
static CODE_MARKERS: GatedRegex = GatedRegex::new(
    r"(?i)\b(curl|wget|bash|powershell|iex|eval|exec|import\s+\w|require\s*\(|function\b|subprocess|os\.system|child_process|chmod|nohup|/dev/tcp|base64\s+-d)\b|https?://",
);

/// Whether decoded text reads as commands or code (a shell line, an interpreter's code, a URL).
pub(crate) fn reads_as_code(decoded: &str) -> bool {
    CODE_MARKERS.is_match(decoded)
}

/// The payloads of `segment`, found and decoded once.
pub(crate) fn payloads<'s>(segment: &'s Segment, file_text: &str) -> &'s [Payload] {
    segment.cached(|| find_payloads(segment.text(file_text), segment.start))
}

/// The spans `[A-Za-z0-9+/_-]{MIN_BASE64_CHARS,}={0,2}` finds, left to right, read byte by byte: the
/// regex had no literal to skip to, and its automaton walking every byte of a bundle cost more than this.
fn base64_runs(body: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = body.as_bytes();
    let alphabet = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'_' | b'-');
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            let start = at;
            while at < bytes.len() && alphabet(bytes[at]) {
                at += 1;
            }
            if at - start >= MIN_BASE64_CHARS {
                let padding = bytes[at..]
                    .iter()
                    .take(2)
                    .take_while(|b| **b == b'=')
                    .count();
                at += padding;
                return Some((start, at));
            }
            if at == start {
                at += 1;
            }
        }
        None
    })
}

fn find_payloads(body: &str, base: usize) -> Vec<Payload> {
    let mut found = find_layer(body, base);
    peel(&mut found, MAX_PEELED_LAYERS, MAX_PEELED_BYTES);
    found
}

/// Replaces a payload that decodes to a thin wrapper around one more payload (a loader line around one
/// literal) by the innermost text, at most `max_layers` deep and reading at most `max_bytes` of decoded
/// text over all of `found`: the rescan depth ([`MAX_DEPTH`]) then counts what the code does, not how
/// many times it was wrapped.
fn peel(found: &mut [Payload], max_layers: usize, max_bytes: usize) {
    let mut budget = max_bytes;
    for payload in found.iter_mut() {
        let mut layers = 0;
        // A reversed layer's inner layers are reversed by the same decoder, defined once outside them.
        let reversing = payload.encoding.starts_with("reversed");
        while layers < max_layers && payload.decoded.len() <= budget {
            budget -= payload.decoded.len();
            let mut inner = find_layer(&payload.decoded, 0);
            if reversing {
                reversed::find_assumed(&payload.decoded, 0, &mut inner);
            }
            let Some(widest) = inner.iter().max_by_key(|p| p.end - p.start) else {
                break;
            };
            if payload.decoded.len() - (widest.end - widest.start) > MAX_WRAPPER_BYTES {
                break;
            }
            payload.decoded = widest.decoded.clone();
            layers += 1;
        }
        if layers > 0 {
            payload.encoding = "nested encoded layers";
        }
    }
}

/// The payloads of one text, each decoded once.
fn find_layer(body: &str, base: usize) -> Vec<Payload> {
    let mut found = Vec::new();
    let mut push = |start: usize,
                    end: usize,
                    encoding: &'static str,
                    decoded: Option<(String, Option<&'static str>)>| {
        if let Some((text, layers)) = decoded {
            let encoding = layered(layers, encoding);
            found.push(Payload {
                start: base + start,
                end: base + end,
                encoding,
                decoded: text,
            });
        }
    };
    let pem = pem_blocks(body);
    for (start, end) in base64_runs(body).take(MAX_CANDIDATES) {
        let run = &body[start..end];
        if in_binary_data_uri(body, start)
            || run.len() > MAX_DECODED_BYTES * 4 / 3
            || pem.iter().any(|(s, e)| *s <= start && start < *e)
        {
            continue;
        }
        let decoded = decode_base64(run).and_then(|bytes| readable(&bytes));
        push(start, end, "base64", decoded);
    }
    // Each search below runs only when the text holds what every match must (a literal, a run of hex
    // digits): most texts hold none, and a regex never searched is never compiled.
    let hex_escapes = body.contains("\\x").then(|| HEX_ESCAPES.find_iter(body));
    for m in hex_escapes.into_iter().flatten().take(MAX_CANDIDATES) {
        let bytes: Vec<u8> = m
            .as_str()
            .split("\\x")
            .filter(|h| !h.is_empty())
            .filter_map(|h| u8::from_str_radix(h, 16).ok())
            .collect();
        push(m.start(), m.end(), "\\x escapes", readable(&bytes));
    }
    let hex_runs = has_hex_run(body, 40).then(|| HEX_RUN.find_iter(body));
    for m in hex_runs.into_iter().flatten().take(MAX_CANDIDATES) {
        if m.as_str().len() > MAX_DECODED_BYTES * 2 {
            continue;
        }
        let bytes = decode_hex(m.as_str());
        push(m.start(), m.end(), "hex", readable(&bytes));
    }
    let char_codes = CHAR_CODE_CALLS
        .iter()
        .any(|call| body.contains(call))
        .then(|| CHAR_CODES.captures_iter(body));
    for c in char_codes.into_iter().flatten().take(MAX_CANDIDATES) {
        let (Some(whole), Some(list)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let text: Option<String> = list
            .as_str()
            .split(',')
            .map(|n| n.trim().parse::<u32>().ok().and_then(char::from_u32))
            .collect();
        let decoded = text.filter(|t| is_readable_text(t)).map(|t| (t, None));
        push(whole.start(), whole.end(), "char codes", decoded);
    }
    let rot13_calls = body
        .contains("codecs.decode(")
        .then(|| ROT13.captures_iter(body));
    for c in rot13_calls.into_iter().flatten().take(MAX_CANDIDATES) {
        let (Some(whole), Some(inner)) = (c.get(0), c.get(1)) else {
            continue;
        };
        push(
            whole.start(),
            whole.end(),
            "rot13",
            Some((rot13(inner.as_str()), None)),
        );
    }
    // Four or more short string literals (with names between them) as the arguments of one call or the
    // items of one list: `_h("cu", "rl -s", "fL ht", "tps://", host, …)`, a command split so no rule
    // reads it whole.
    for list in fragment_lists(body).take(MAX_CANDIDATES) {
        push(
            list.whole.start,
            list.whole.end,
            "joined string fragments",
            joined_fragments(&body[list.items]),
        );
    }
    let base85_32 = ["b85decode(", "a85decode(", "b32decode("]
        .iter()
        .any(|call| body.contains(call))
        .then(|| BASE85_32.captures_iter(body));
    for c in base85_32.into_iter().flatten().take(MAX_CANDIDATES) {
        let (Some(whole), Some(kind), Some(inner)) =
            (c.get(0), c.get(1), c.get(2).or_else(|| c.get(3)))
        else {
            continue;
        };
        let (encoding, bytes) = match kind.as_str() {
            "b85" => ("base85", decode_base85(inner.as_str(), false)),
            "a85" => ("base85", decode_base85(inner.as_str(), true)),
            _ => ("base32", decode_base32(inner.as_str())),
        };
        push(
            whole.start(),
            whole.end(),
            encoding,
            bytes.and_then(|b| readable(&b)),
        );
    }
    let concatenated = adjacent_literals(body).then(|| CONCATENATED.find_iter(body));
    for m in concatenated.into_iter().flatten().take(MAX_CANDIDATES) {
        if m.as_str().len() > MAX_DECODED_BYTES * 2 {
            continue;
        }
        let joined: String = QUOTED_RUN
            .captures_iter(m.as_str())
            .filter_map(|c| c.get(1).or_else(|| c.get(2)))
            .map(|p| p.as_str())
            .collect();
        let hex = joined.len().is_multiple_of(2) && joined.bytes().all(|b| b.is_ascii_hexdigit());
        let (encoding, bytes) = if hex {
            ("hex", Some(decode_hex(&joined)))
        } else {
            ("base64", decode_base64(&joined))
        };
        push(
            m.start(),
            m.end(),
            encoding,
            bytes.and_then(|b| readable(&b)),
        );
    }
    ciphers::find(body, base, &mut found);
    js_obfuscator::find(body, base, &mut found);
    reversed::find(body, base, &mut found);
    inline::find(body, base, &mut found);
    found.sort_by_key(|p| p.start);
    found.dedup_by_key(|p| p.start);
    found
}

/// What [`CHAR_CODES`] needs before its list: one of these names.
const CHAR_CODE_CALLS: [&str; 5] = ["fromCharCode", "chr", "bytes", "bytearray", "Buffer.from"];

/// Whether `body` holds at least `len` hex digits in a row (what [`HEX_RUN`] needs).
fn has_hex_run(body: &str, len: usize) -> bool {
    let mut run = 0;
    for byte in body.bytes() {
        run = if byte.is_ascii_hexdigit() { run + 1 } else { 0 };
        if run >= len {
            return true;
        }
    }
    false
}

/// The literals joined in order, a name between them standing for its value (`${host}`); only when a literal
/// breaks a word (the text was split to hide it, not a list of words) and the result reads as text.
fn joined_fragments(list: &str) -> Option<(String, Option<&'static str>)> {
    let mut joined = String::new();
    let mut literals = Vec::new();
    for item in fragment_items(list) {
        match item {
            FragmentItem::Literal(literal) => {
                joined.push_str(literal);
                literals.push(literal);
            }
            FragmentItem::Name(name) => joined.push_str(&format!("${{{name}}}")),
        }
    }
    let splits_words = literals.windows(2).any(|pair| {
        pair[0].ends_with(|c: char| c.is_ascii_alphanumeric())
            && pair[1].starts_with(|c: char| c.is_ascii_alphanumeric())
    });
    (literals.len() >= 4 && splits_words && is_readable_text(&joined)).then_some((joined, None))
}

/// The rule's own finding: an encoded payload that decodes to commands or code.
fn report_encoded_code(segment: &Segment, text: &str, keep: &mut dyn FnMut(Hit) -> bool) {
    report_code_payloads(
        segment,
        text,
        keep,
        |p| !is_decrypted(p) && !inline::is_inline(p),
        "decodes",
    );
}

/// Encodings that took a key to read (reported by [`DECRYPTED_CODE`], not as plain encodings).
pub(crate) const CIPHER_ENCODINGS: &[&str] =
    &["fernet", "aes-ecb", "aes-cbc", "aes-ctr", "aes-gcm", "xor"];

fn is_decrypted(payload: &Payload) -> bool {
    CIPHER_ENCODINGS.contains(&payload.encoding)
}

/// javascript-obfuscator output whose string array was resolved (the message lists what it hid).
pub(crate) static JS_OBFUSCATOR: FileDetector = FileDetector {
    literals: &["_0x"],
    run: report_js_obfuscator,
};

fn report_js_obfuscator(segment: &Segment, text: &str, keep: &mut dyn FnMut(Hit) -> bool) {
    for payload in payloads(segment, text) {
        if payload.encoding != js_obfuscator::ENCODING {
            continue;
        }
        let strings = payload.decoded.lines().next().unwrap_or_default();
        let hit = Hit {
            start: payload.start,
            end: payload.end,
            detail: Some(Box::new(HitDetail {
                message: format!(
                    "javascript-obfuscator string array (rotated, decoded and resolved); {}",
                    quote(strings.trim_start_matches("// "))
                ),
                related: Vec::new(),
            })),
        };
        if !keep(hit) {
            return;
        }
    }
}

/// Ciphertext in the file decrypts, with a key written in the same file, to code or commands.
pub(crate) static DECRYPTED_CODE: FileDetector = FileDetector {
    literals: &["Fernet", "AES", "Decipheriv", "^"],
    run: report_decrypted_code,
};

fn report_decrypted_code(segment: &Segment, text: &str, keep: &mut dyn FnMut(Hit) -> bool) {
    report_code_payloads(
        segment,
        text,
        keep,
        is_decrypted,
        "decrypts (key in the same file)",
    );
}

fn report_code_payloads(
    segment: &Segment,
    text: &str,
    keep: &mut dyn FnMut(Hit) -> bool,
    wanted: impl Fn(&Payload) -> bool,
    verb: &str,
) {
    for payload in payloads(segment, text) {
        if !wanted(payload) || !CODE_MARKERS.is_match(&payload.decoded) {
            continue;
        }
        let hit = Hit {
            start: payload.start,
            end: payload.end,
            detail: Some(Box::new(HitDetail {
                message: format!(
                    "{} payload {verb} to code or commands: \"{}\"",
                    payload.encoding,
                    quote(&payload.decoded)
                ),
                related: Vec::new(),
            })),
        };
        if !keep(hit) {
            return;
        }
    }
}

pub(crate) fn is_rescan_rule(rule: &CompiledRule) -> bool {
    matches!(&rule.matcher, Matcher::Native { name, .. } if name == RESCAN_DETECTOR || name == FLAGGED_DETECTOR)
}

fn is_flagged_rule(rule: &CompiledRule) -> bool {
    matches!(&rule.matcher, Matcher::Native { name, .. } if name == FLAGGED_DETECTOR)
}

/// The native name of the rule reported when decoded text is itself flagged by other rules. Its hits
/// come from the rescan (see `RuleSet::rescan_decoded`); the detector itself finds nothing.
pub(crate) const FLAGGED_DETECTOR: &str = "decoded-payload-flagged";

pub(crate) static FLAGGED_PAYLOAD: FileDetector = FileDetector {
    literals: ENCODED_CODE.literals,
    run: |_, _, _| {},
};

mod ciphers;

/// What the fuzz targets call: each decoder on arbitrary input.
pub(crate) mod fuzzing {
    /// The strings of a marshalled code object, if `bytes` is one.
    pub fn marshal_strings(bytes: &[u8]) -> Option<String> {
        super::marshal::code_object_strings(bytes)
    }

    /// The resolved program, if `text` is javascript-obfuscator output.
    pub fn javascript_obfuscator(text: &str) -> Option<String> {
        let mut found = Vec::new();
        super::js_obfuscator::find(text, 0, &mut found);
        found.pop().map(|p| p.decoded)
    }

    /// Every payload finder (encodings, compression, ciphers, reversal, obfuscator arrays) over `text`;
    /// the number of payloads decoded.
    pub fn payloads(text: &str) -> usize {
        super::find_payloads(text, 0).len()
    }
}
mod codec;

/// Base64 (standard or URL alphabet, padding optional) to bytes, for other detectors.
pub(crate) fn decode_base64_text(text: &str) -> Option<Vec<u8>> {
    decode_base64(text)
}
mod fragment_lists;
pub(crate) mod inline;
mod js_obfuscator;
mod literals;
pub(crate) mod marshal;
pub(crate) mod rescan;
mod reversed;
#[cfg(test)]
mod tests;
