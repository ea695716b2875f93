//! javascript-obfuscator output read back: its string array (`var _0x3c4d = ['…', …]`), the array's
//! rotation (a push/shift loop that stops when a `parseInt` sum equals a constant, or an older loop that
//! rotates a given count), the decoder (plain, base64 or RC4), and each lookup `_0x5e6f(0x1d0)` replaced by
//! the string it returns. The resolved program is scanned again with every rule, so
//! `require(_0x5e6f(0x1c9))[_0x5e6f(0x1ca)](…)` is read as `require('child_process').exec(…)`.
//!
//! Bounded: arrays up to [`MAX_ITEMS`] strings, rotation tried at most [`MAX_ROTATION_WORK`] lookups,
//! expressions parsed to [`MAX_EXPRESSION_DEPTH`], output capped at [`MAX_DECODED_BYTES`].

use super::literals::unescape;
use super::{Payload, MAX_DECODED_BYTES};
use crate::ascii_classes::ascii_regex;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Strings read from one array.
const MAX_ITEMS: usize = 100_000;
/// Lookups evaluated while searching for the rotation (array length × lookups per check).
const MAX_ROTATION_WORK: usize = 400_000;
const MAX_EXPRESSION_DEPTH: usize = 64;
/// Lookups that must resolve before a program is taken for obfuscator output.
const MIN_LOOKUPS: usize = 3;
/// Resolved strings listed on the first line of the resolved program (what a finding quotes).
const MAX_SHOWN: usize = 12;
/// The name obfuscated encodings are reported under.
pub(super) const ENCODING: &str = "javascript-obfuscator strings";

// A constant pattern (its tests compile it): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static ARRAY_START: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r"(?:var|let|const)\s+(_0x[0-9a-fA-F]+)\s*=\s*\[\s*['\x22]").expect("array pattern")
});
// A constant pattern (its tests compile it): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static OFFSET: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r"(_0x[0-9a-fA-F]+)\s*=\s*(_0x[0-9a-fA-F]+)\s*-\s*([^;,]{1,200})[;,]")
        .expect("offset pattern")
});
// A constant pattern (its tests compile it): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static LOOKUP: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r"\b(_0x[0-9a-fA-F]+)\(\s*['\x22]?(-?(?:0x[0-9a-fA-F]+|\d+))['\x22]?\s*(?:,\s*['\x22]([^'\x22\\\n]{0,64})['\x22]\s*)?\)")
        .expect("lookup pattern")
});
// A constant pattern (its tests compile it): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static ROTATION_CHECK: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r"=\s*((?:-?\s*\(*\s*)?parseInt\([^;]{1,4000}?);\s*if\s*\(\s*_0x[0-9a-fA-F]+\s*===\s*(_0x[0-9a-fA-F]+)\s*\)\s*break")
        .expect("rotation check pattern")
});
// A constant pattern (its tests compile it): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static ROTATION_TARGET: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r"\}\s*\)?\s*\(\s*(_0x[0-9a-fA-F]+)\s*,\s*(-?(?:0x[0-9a-fA-F]+|\d+))\s*\)")
        .expect("rotation target pattern")
});
// A constant pattern (its tests compile it): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static BRACKET_NAME: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r"\[\s*'([A-Za-z_$][A-Za-z0-9_$]*)'\s*\]").expect("bracket name pattern")
});

/// How the array's strings are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Variant {
    Plain,
    /// Base64 in the alphabet written in the decoder, then UTF-8.
    Base64,
    /// Base64 as above, then RC4 with the key given at each lookup.
    Rc4,
}

/// A string array: where it sits and its strings.
struct StringArray {
    start: usize,
    end: usize,
    items: Vec<String>,
}

/// The resolved program of `body`, if it holds javascript-obfuscator output.
pub(super) fn find(body: &str, base: usize, found: &mut Vec<Payload>) {
    if !body.contains("_0x") {
        return;
    }
    let Some(array) = ARRAY_START
        .find(body)
        .and_then(|m| read_array(body, m.start(), m.start() + m.as_str().rfind('[')?))
    else {
        return;
    };
    if array.items.len() < 4 {
        return;
    }
    let after = &body[array.end..];
    let offset = OFFSET
        .captures_iter(after)
        .find(|c| c.get(1).map(|m| m.as_str()) == c.get(2).map(|m| m.as_str()))
        .and_then(|c| evaluate_number(c.get(3)?.as_str()))
        .unwrap_or(0.0);
    let offset = offset as i64;
    let alphabet = alphabet_in(body);
    let variant = match &alphabet {
        Some(_) if body.contains("%0x100") || body.contains("% 0x100") => Variant::Rc4,
        Some(_) => Variant::Base64,
        None => Variant::Plain,
    };
    let decoder = Decoder {
        items: &array.items,
        offset,
        variant,
        alphabet: alphabet.unwrap_or_default(),
        rotation: 0,
    };
    let rotation = find_rotation(body, &decoder);
    let decoder = Decoder {
        rotation,
        ..decoder
    };
    let Some(resolved) = resolve(body, &array, &decoder) else {
        return;
    };
    if resolved.len() <= MAX_DECODED_BYTES {
        found.push(Payload {
            start: base + array.start,
            end: base + array.end,
            encoding: ENCODING,
            decoded: resolved,
        });
    }
}

/// Reads `['a', "b", …]` from the `[` at `open`; `None` unless every item is a string literal.
fn read_array(body: &str, start: usize, open: usize) -> Option<StringArray> {
    let bytes = body.as_bytes();
    let mut items = Vec::new();
    let mut i = open + 1;
    loop {
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        let quote = *bytes.get(i)?;
        if quote == b']' && !items.is_empty() {
            return Some(StringArray {
                start,
                end: i + 1,
                items,
            });
        }
        if quote != b'\'' && quote != b'"' {
            return None;
        }
        let from = i + 1;
        i = from;
        while *bytes.get(i)? != quote {
            i += if bytes[i] == b'\\' { 2 } else { 1 };
        }
        let item = String::from_utf8_lossy(&unescape(body.get(from..i)?)).into_owned();
        items.push(item);
        if items.len() > MAX_ITEMS {
            return None;
        }
        i += 1;
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        match bytes.get(i)? {
            b',' => i += 1,
            b']' => {
                return Some(StringArray {
                    start,
                    end: i + 1,
                    items,
                })
            }
            _ => return None,
        }
    }
}

/// A 64- or 65-character literal holding each base64 character once: the decoder's alphabet.
fn alphabet_in(body: &str) -> Option<Vec<u8>> {
    for (at, _) in body.match_indices("abcdefghijklmnopqrstuvwxyz").take(64) {
        let start = body[..at].rfind(['\'', '"'])?;
        let end = at + body[at..].find(['\'', '"'])?;
        let candidate = body.get(start + 1..end)?.as_bytes();
        let mut seen = [false; 256];
        let distinct = candidate
            .iter()
            .all(|b| !std::mem::replace(&mut seen[*b as usize], true));
        if matches!(candidate.len(), 64 | 65)
            && distinct
            && candidate
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
        {
            return Some(candidate[..64].to_vec());
        }
    }
    None
}

struct Decoder<'a> {
    items: &'a [String],
    offset: i64,
    variant: Variant,
    alphabet: Vec<u8>,
    /// The array is rotated left this many places before lookups.
    rotation: usize,
}

impl Decoder<'_> {
    /// The string `_0x…(index, key)` returns.
    fn lookup(&self, index: i64, key: Option<&str>) -> Option<String> {
        let len = self.items.len();
        let slot = usize::try_from(index.checked_sub(self.offset)?).ok()?;
        if slot >= len {
            return None;
        }
        let item = &self.items[(slot + self.rotation) % len];
        match self.variant {
            Variant::Plain => Some(item.clone()),
            Variant::Base64 => Some(String::from_utf8_lossy(&self.base64(item)).into_owned()),
            Variant::Rc4 => {
                let text = String::from_utf8_lossy(&self.base64(item)).into_owned();
                Some(rc4(&text, key?))
            }
        }
    }

    fn base64(&self, text: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(text.len() * 3 / 4);
        let (mut buffer, mut bits) = (0u32, 0u32);
        for byte in text.bytes() {
            let Some(value) = self.alphabet.iter().position(|a| *a == byte) else {
                continue;
            };
            buffer = (buffer << 6) | value as u32;
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                out.push((buffer >> bits) as u8);
                buffer &= (1 << bits) - 1;
            }
        }
        out
    }
}

/// RC4 over the UTF-16 units of `text` (javascript-obfuscator applies it to `charCodeAt` values).
fn rc4(text: &str, key: &str) -> String {
    let key: Vec<u16> = key.encode_utf16().collect();
    if key.is_empty() {
        return String::new();
    }
    let mut s: Vec<u8> = (0..=255).collect();
    let mut j = 0usize;
    for i in 0..256 {
        j = (j + usize::from(s[i]) + usize::from(key[i % key.len()])) % 256;
        s.swap(i, j);
    }
    let (mut i, mut j) = (0usize, 0usize);
    let units: Vec<u16> = text
        .encode_utf16()
        .map(|unit| {
            i = (i + 1) % 256;
            j = (j + usize::from(s[i])) % 256;
            s.swap(i, j);
            unit ^ u16::from(s[(usize::from(s[i]) + usize::from(s[j])) % 256])
        })
        .collect();
    String::from_utf16_lossy(&units)
}

/// The rotation that makes the array's self-check expression equal its constant; else the count an
/// older `while (--n) arr.push(arr.shift())` loop is given; else none.
fn find_rotation(body: &str, decoder: &Decoder) -> usize {
    let len = decoder.items.len();
    let target = ROTATION_TARGET.captures_iter(body).find_map(|c| {
        let value = evaluate_number(c.get(2)?.as_str())?;
        Some(value)
    });
    if let (Some(check), Some(target)) = (ROTATION_CHECK.captures(body), target) {
        let Some(expression) = check.get(1).map(|m| m.as_str()) else {
            return 0;
        };
        let lookups = expression.matches("parseInt").count().max(1);
        let tries = len.min(MAX_ROTATION_WORK / lookups);
        for rotation in 0..tries {
            let rotated = Decoder {
                rotation,
                items: decoder.items,
                offset: decoder.offset,
                variant: decoder.variant,
                alphabet: decoder.alphabet.clone(),
            };
            let value = Evaluator {
                text: expression.as_bytes(),
                at: 0,
                depth: 0,
                decoder: Some(&rotated),
            }
            .expression();
            if value.is_some_and(|v| (v - target).abs() < 0.5) {
                return rotation;
            }
        }
        return 0;
    }
    if body.contains("['push'](") && body.contains("['shift']()") {
        if let Some(count) = target {
            if count >= 0.0 && len > 0 {
                return (count as usize) % len;
            }
        }
    }
    0
}

/// The program with every lookup replaced by its string, `x['name']` read as `x.name`, and the
/// array itself emptied (so the rescan does not resolve it again), under a first line that lists the
/// strings resolved; `None` when fewer than [`MIN_LOOKUPS`] lookups resolve (not obfuscator output).
fn resolve(body: &str, array: &StringArray, decoder: &Decoder) -> Option<String> {
    let mut cache: HashMap<(i64, Option<String>), Option<String>> = HashMap::new();
    let mut resolved = 0usize;
    let mut shown: Vec<String> = Vec::new();
    let mut out = String::with_capacity(body.len());
    out.push_str(&body[..array.start]);
    out.push_str("var _strings = [];");
    let rest = &body[array.end..];
    let mut last = 0;
    for c in LOOKUP.captures_iter(rest) {
        let (Some(whole), Some(index)) = (c.get(0), c.get(2)) else {
            continue;
        };
        let Some(index) = evaluate_number(index.as_str()).map(|v| v as i64) else {
            continue;
        };
        let key = c.get(3).map(|k| k.as_str().to_string());
        let value = cache
            .entry((index, key.clone()))
            .or_insert_with(|| decoder.lookup(index, key.as_deref()))
            .clone();
        let Some(value) = value else {
            continue;
        };
        resolved += 1;
        if shown.len() < MAX_SHOWN && !shown.contains(&value) {
            shown.push(value.clone());
        }
        out.push_str(&rest[last..whole.start()]);
        out.push('\'');
        for ch in value.chars() {
            match ch {
                '\'' | '\\' => {
                    out.push('\\');
                    out.push(ch);
                }
                '\n' => out.push_str("\\n"),
                _ => out.push(ch),
            }
        }
        out.push('\'');
        last = whole.end();
        if out.len() > MAX_DECODED_BYTES {
            break;
        }
    }
    out.push_str(&rest[last..]);
    if resolved < MIN_LOOKUPS {
        return None;
    }
    let listed: Vec<String> = shown
        .iter()
        .map(|s| format!("{:?}", s.chars().take(60).collect::<String>()))
        .collect();
    let program = BRACKET_NAME.replace_all(&out, ".$1");
    Some(format!(
        "// resolved strings: {}\n{program}",
        listed.join(", ")
    ))
}

/// A number literal or arithmetic of them (`0x1c8`, `-0x1*0x9a+0x2`).
fn evaluate_number(text: &str) -> Option<f64> {
    let mut evaluator = Evaluator {
        text: text.as_bytes(),
        at: 0,
        depth: 0,
        decoder: None,
    };
    let value = evaluator.expression()?;
    evaluator.skip_space();
    (evaluator.at == evaluator.text.len()).then_some(value)
}

/// Arithmetic over numbers and `parseInt(lookup(n))`, as the rotation check writes it.
struct Evaluator<'a> {
    text: &'a [u8],
    at: usize,
    depth: usize,
    decoder: Option<&'a Decoder<'a>>,
}

impl Evaluator<'_> {
    fn skip_space(&mut self) {
        while self.text.get(self.at).is_some_and(u8::is_ascii_whitespace) {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.skip_space();
        if self.text.get(self.at) == Some(&byte) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn expression(&mut self) -> Option<f64> {
        self.depth += 1;
        if self.depth > MAX_EXPRESSION_DEPTH {
            return None;
        }
        let mut value = self.term()?;
        loop {
            if self.eat(b'+') {
                value += self.term()?;
            } else if self.eat(b'-') {
                value -= self.term()?;
            } else {
                break;
            }
        }
        self.depth -= 1;
        Some(value)
    }

    fn term(&mut self) -> Option<f64> {
        let mut value = self.unary()?;
        loop {
            if self.eat(b'*') {
                value *= self.unary()?;
            } else if self.eat(b'/') {
                value /= self.unary()?;
            } else {
                break;
            }
        }
        Some(value)
    }

    fn unary(&mut self) -> Option<f64> {
        self.depth += 1;
        if self.depth > MAX_EXPRESSION_DEPTH {
            return None;
        }
        let value = if self.eat(b'-') {
            -self.unary()?
        } else if self.eat(b'+') {
            self.unary()?
        } else if self.eat(b'(') {
            let inner = self.expression()?;
            self.eat(b')').then_some(inner)?
        } else {
            self.atom()?
        };
        self.depth -= 1;
        Some(value)
    }

    fn atom(&mut self) -> Option<f64> {
        self.skip_space();
        let rest = &self.text[self.at..];
        if rest.starts_with(b"parseInt(") {
            self.at += "parseInt(".len();
            let value = self.lookup_call()?;
            self.eat(b')').then_some(())?;
            return Some(parse_int(&value));
        }
        let hex = rest.starts_with(b"0x") || rest.starts_with(b"0X");
        let digits = rest
            .iter()
            .skip(if hex { 2 } else { 0 })
            .take_while(|b| {
                if hex {
                    b.is_ascii_hexdigit()
                } else {
                    b.is_ascii_digit() || **b == b'.'
                }
            })
            .count();
        if digits == 0 {
            return None;
        }
        let literal = std::str::from_utf8(&rest[if hex { 2 } else { 0 }..][..digits]).ok()?;
        self.at += digits + if hex { 2 } else { 0 };
        if hex {
            u64::from_str_radix(literal, 16).ok().map(|v| v as f64)
        } else {
            literal.parse().ok()
        }
    }

    /// `_0x…(0x1d0)` or `_0x…(0x1d0, 'key')` inside `parseInt(…)`: the string it returns.
    fn lookup_call(&mut self) -> Option<String> {
        let decoder = self.decoder?;
        self.skip_space();
        let name = self.text[self.at..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_' || **b == b'$')
            .count();
        self.at += name;
        self.eat(b'(').then_some(())?;
        let index = self.expression()? as i64;
        let key = if self.eat(b',') {
            self.skip_space();
            let quote = *self.text.get(self.at)?;
            let start = self.at + 1;
            let len = self.text.get(start..)?.iter().position(|b| *b == quote)?;
            self.at = start + len + 1;
            Some(String::from_utf8_lossy(&self.text[start..start + len]).into_owned())
        } else {
            None
        };
        self.eat(b')').then_some(())?;
        decoder.lookup(index, key.as_deref())
    }
}

/// JavaScript's `parseInt(text)`: leading digits after an optional sign, NaN when there are none.
fn parse_int(text: &str) -> f64 {
    let trimmed = text.trim_start();
    let (sign, digits) = match trimmed.strip_prefix('-') {
        Some(rest) => (-1.0, rest),
        None => (1.0, trimmed.strip_prefix('+').unwrap_or(trimmed)),
    };
    let number: String = digits
        .chars()
        .take_while(char::is_ascii_digit)
        .take(15)
        .collect();
    number.parse::<f64>().map_or(f64::NAN, |n| sign * n)
}

#[cfg(test)]
#[path = "js_obfuscator_tests.rs"]
mod tests;
