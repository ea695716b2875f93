//! What the partial evaluator knows an expression to be, the operations both languages share on those
//! values (concatenation, repetition, slicing, joining, character codes, `%` and `{}` formatting), and how
//! a known value is written back as a literal of the language.

use super::limits::{MAX_LIST_ITEMS, MAX_STRING_BYTES};
use std::rc::Rc;

/// A value the evaluator worked out. Anything else is unknown (`None` where a `Value` is expected).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Str(Rc<str>),
    Int(i64),
    /// A Python `bytes`/`bytearray` value.
    Bytes(Rc<[u8]>),
    /// A tuple, list or array of known values.
    List(Rc<[Value]>),
    /// A name the value stands for: a module, function or attribute path (`os.system`, `exec`,
    /// `require("child_process").exec`). `computed` when some part of it was built by code (a `chr()`
    /// chain, a concatenation, a reversal) rather than written as one literal.
    Name {
        path: Rc<str>,
        computed: bool,
    },
    /// The namespace of built-in names (`builtins`, `globals()`, `globalThis`): an attribute or key of
    /// it is the bare name.
    Namespace,
}

impl Value {
    pub(crate) fn str(text: impl Into<String>) -> Option<Value> {
        let text: String = text.into();
        (text.len() <= MAX_STRING_BYTES).then(|| Value::Str(Rc::from(text)))
    }

    pub(crate) fn list(items: Vec<Value>) -> Option<Value> {
        (items.len() <= MAX_LIST_ITEMS).then(|| Value::List(Rc::from(items)))
    }

    pub(crate) fn name(path: impl Into<String>, computed: bool) -> Value {
        Value::Name {
            path: Rc::from(path.into()),
            computed,
        }
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }

    /// The items of a list, the characters of a string or the bytes of a bytes value, as values.
    pub(crate) fn items(&self) -> Option<Vec<Value>> {
        match self {
            Value::List(items) => Some(items.to_vec()),
            Value::Str(s) if s.chars().count() <= MAX_LIST_ITEMS => Some(
                s.chars()
                    .map(|c| Value::Str(Rc::from(c.to_string())))
                    .collect(),
            ),
            Value::Bytes(b) if b.len() <= MAX_LIST_ITEMS => {
                Some(b.iter().map(|&b| Value::Int(i64::from(b))).collect())
            }
            _ => None,
        }
    }

    /// Whether the value is data (a string, number, bytes or list of them), not a name.
    pub(crate) fn is_data(&self) -> bool {
        match self {
            Value::Str(_) | Value::Int(_) | Value::Bytes(_) => true,
            Value::List(items) => items.iter().all(Value::is_data),
            Value::Name { .. } | Value::Namespace => false,
        }
    }

    /// Python's `str(x)` / JavaScript's `String(x)` of a string or number.
    pub(crate) fn to_text(&self) -> Option<String> {
        match self {
            Value::Str(s) => Some(s.to_string()),
            Value::Int(i) => Some(i.to_string()),
            _ => None,
        }
    }
}

/// `a + b`: string or list concatenation, or integer addition (JavaScript also adds a number to a string).
pub(crate) fn add(a: &Value, b: &Value, loose: bool) -> Option<Value> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => x.checked_add(*y).map(Value::Int),
        (Value::Str(x), Value::Str(y)) => concat(x, y),
        (Value::Bytes(x), Value::Bytes(y)) if x.len() + y.len() <= MAX_STRING_BYTES => {
            Some(Value::Bytes(x.iter().chain(y.iter()).copied().collect()))
        }
        (Value::List(x), Value::List(y)) => {
            Value::list(x.iter().chain(y.iter()).cloned().collect())
        }
        (Value::Str(x), Value::Int(y)) if loose => concat(x, &y.to_string()),
        (Value::Int(x), Value::Str(y)) if loose => concat(&x.to_string(), y),
        _ => None,
    }
}

fn concat(a: &str, b: &str) -> Option<Value> {
    (a.len() + b.len() <= MAX_STRING_BYTES).then(|| Value::Str(Rc::from(format!("{a}{b}"))))
}

/// Integer arithmetic by operator text; `None` on overflow, division by zero or an unknown operator.
pub(crate) fn arithmetic(op: &str, x: i64, y: i64) -> Option<i64> {
    match op {
        "+" => x.checked_add(y),
        "-" => x.checked_sub(y),
        "*" => x.checked_mul(y),
        "//" | "/" if y != 0 && x % y == 0 => x.checked_div(y),
        "//" if y != 0 => Some(x.div_euclid(y)),
        "%" if y != 0 => Some(x.rem_euclid(y)),
        "^" => Some(x ^ y),
        "&" => Some(x & y),
        "|" => Some(x | y),
        "<<" if (0..63).contains(&y) => x.checked_mul(1i64 << y),
        ">>" | ">>>" if (0..63).contains(&y) => Some(x >> y),
        _ => None,
    }
}

/// `s * n` / `n * s`, bounded.
pub(crate) fn repeat(a: &Value, b: &Value) -> Option<Value> {
    let (text, times) = match (a, b) {
        (Value::Str(s), Value::Int(n)) | (Value::Int(n), Value::Str(s)) => (s, *n),
        _ => return None,
    };
    let times = usize::try_from(times).ok()?;
    (text.len().checked_mul(times)? <= MAX_STRING_BYTES)
        .then(|| Value::Str(Rc::from(text.repeat(times))))
}

/// A character from its code (`chr`, `String.fromCharCode`).
pub(crate) fn char_of(code: i64) -> Option<char> {
    u32::try_from(code).ok().and_then(char::from_u32)
}

/// `sep.join(items)` over strings (a Python `bytes` separator joins bytes).
pub(crate) fn join(sep: &Value, items: &Value) -> Option<Value> {
    let items = items.items()?;
    match sep {
        Value::Str(sep) => {
            let mut out = String::new();
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(sep);
                }
                out.push_str(item.as_str()?);
                if out.len() > MAX_STRING_BYTES {
                    return None;
                }
            }
            Value::str(out)
        }
        _ => None,
    }
}

/// Python slicing `s[start:stop:step]` (and JavaScript's `slice`) on a string or list.
pub(crate) fn slice(
    value: &Value,
    start: Option<i64>,
    stop: Option<i64>,
    step: Option<i64>,
) -> Option<Value> {
    let step = step.unwrap_or(1);
    if step == 0 {
        return None;
    }
    let items: Vec<Value> = value.items()?;
    let len = i64::try_from(items.len()).ok()?;
    let clamp = |i: i64, low: i64, high: i64| {
        let i = if i < 0 { i + len } else { i };
        i.clamp(low, high)
    };
    let mut picked = Vec::new();
    if step > 0 {
        let mut i = start.map_or(0, |s| clamp(s, 0, len));
        let end = stop.map_or(len, |s| clamp(s, 0, len));
        while i < end {
            picked.push(items[usize::try_from(i).ok()?].clone());
            i += step;
        }
    } else {
        let mut i = start.map_or(len - 1, |s| clamp(s, -1, len - 1));
        let end = stop.map_or(-1, |s| clamp(s, -1, len - 1));
        while i > end {
            picked.push(items[usize::try_from(i).ok()?].clone());
            i += step;
        }
    }
    rebuild(value, picked)
}

/// The items back in the shape of `like` (a string's characters joined again).
pub(crate) fn rebuild(like: &Value, items: Vec<Value>) -> Option<Value> {
    match like {
        Value::Str(_) => join(&Value::Str(Rc::from("")), &Value::List(Rc::from(items))),
        Value::Bytes(_) => {
            let bytes: Option<Vec<u8>> = items
                .iter()
                .map(|v| v.as_int().and_then(|i| u8::try_from(i).ok()))
                .collect();
            Some(Value::Bytes(Rc::from(bytes?)))
        }
        _ => Value::list(items),
    }
}

/// Element `index` of a string or list (negative counts from the end).
pub(crate) fn index(value: &Value, index: i64) -> Option<Value> {
    let items = value.items()?;
    let len = i64::try_from(items.len()).ok()?;
    let at = if index < 0 { index + len } else { index };
    items.get(usize::try_from(at).ok()?).cloned()
}

/// `bytes([...])` / `bytearray([...])` of small integers, or of a string's bytes.
pub(crate) fn bytes_of(value: &Value) -> Option<Value> {
    match value {
        Value::Bytes(_) => Some(value.clone()),
        Value::List(items) => {
            let bytes: Option<Vec<u8>> = items
                .iter()
                .map(|v| v.as_int().and_then(|i| u8::try_from(i).ok()))
                .collect();
            Some(Value::Bytes(Rc::from(bytes?)))
        }
        _ => None,
    }
}

/// `b.decode()`: UTF-8 text of bytes.
pub(crate) fn decode(value: &Value) -> Option<Value> {
    match value {
        Value::Bytes(b) => Value::str(std::str::from_utf8(b).ok()?),
        Value::Str(_) => Some(value.clone()),
        _ => None,
    }
}

/// Python `fmt % args` with `%s`, `%d`, `%c`, `%r`-free formats; anything else is unknown.
pub(crate) fn percent_format(fmt: &str, args: &Value) -> Option<Value> {
    let args = match args {
        Value::List(items) => items.to_vec(),
        other => vec![other.clone()],
    };
    let mut args = args.into_iter();
    let mut out = String::new();
    let mut chars = fmt.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            '%' => out.push('%'),
            's' | 'd' | 'i' => out.push_str(&args.next()?.to_text()?),
            'c' => out.push(match args.next()? {
                Value::Int(i) => char_of(i)?,
                Value::Str(s) if s.chars().count() == 1 => s.chars().next()?,
                _ => return None,
            }),
            _ => return None,
        }
        if out.len() > MAX_STRING_BYTES {
            return None;
        }
    }
    if args.next().is_some() {
        return None;
    }
    Value::str(out)
}

/// Python `fmt.format(*positional, **named)` with plain `{}`, `{0}` and `{name}` fields.
pub(crate) fn brace_format(
    fmt: &str,
    positional: &[Value],
    named: &[(String, Value)],
) -> Option<Value> {
    let mut out = String::new();
    let mut next = 0usize;
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                let mut field = String::new();
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                    field.push(c);
                }
                let value = if field.is_empty() {
                    next += 1;
                    positional.get(next - 1)?
                } else if let Ok(at) = field.parse::<usize>() {
                    positional.get(at)?
                } else {
                    &named.iter().find(|(n, _)| *n == field)?.1
                };
                out.push_str(&value.to_text()?);
            }
            '}' => return None,
            c => out.push(c),
        }
        if out.len() > MAX_STRING_BYTES {
            return None;
        }
    }
    Value::str(out)
}

/// `s.replace(old, new)` (every occurrence).
pub(crate) fn replace(value: &Value, old: &Value, new: &Value) -> Option<Value> {
    let (s, old, new) = (value.as_str()?, old.as_str()?, new.as_str()?);
    if old.is_empty() {
        return None;
    }
    let count = s.matches(old).count();
    if s.len() + count.saturating_mul(new.len()) > MAX_STRING_BYTES {
        return None;
    }
    Value::str(s.replace(old, new))
}

/// A value written as a literal of the language: Python (`b"..."` for bytes) or JavaScript.
pub(crate) fn literal(value: &Value, python: bool) -> Option<String> {
    match value {
        Value::Str(s) => Some(quoted(s, python)),
        Value::Int(i) => Some(i.to_string()),
        Value::Bytes(b) if python => {
            let mut out = String::from("b\"");
            for &byte in b.iter() {
                match byte {
                    b'"' => out.push_str("\\\""),
                    b'\\' => out.push_str("\\\\"),
                    b'\n' => out.push_str("\\n"),
                    0x20..=0x7e => out.push(char::from(byte)),
                    _ => out.push_str(&format!("\\x{byte:02x}")),
                }
            }
            out.push('"');
            Some(out)
        }
        Value::Bytes(_) => None,
        Value::List(items) => {
            let parts: Option<Vec<String>> = items.iter().map(|v| literal(v, python)).collect();
            let (open, close) = if python { ("(", ")") } else { ("[", "]") };
            let trailing = if python && items.len() == 1 { "," } else { "" };
            Some(format!("{open}{}{trailing}{close}", parts?.join(", ")))
        }
        Value::Name { path, .. } => Some(path.to_string()),
        Value::Namespace => None,
    }
}

/// A double-quoted string literal, valid in both languages.
fn quoted(text: &str, python: bool) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            '\u{2028}' | '\u{2029}' if !python => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Backslash escapes in a string literal's body: `\n`, `\xNN`, `\uNNNN`, `\u{N…}` (JavaScript),
/// `\UNNNNNNNN` and octal (Python), line continuations. An escape that does not decode is kept as written.
pub(crate) fn unescape(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(e) = chars.next() else {
            out.push('\\');
            break;
        };
        let hex = |n: usize, chars: &mut std::iter::Peekable<std::str::Chars>| {
            let digits: String = (0..n)
                .filter_map(|_| chars.next_if(char::is_ascii_hexdigit))
                .collect();
            (digits.len() == n)
                .then(|| u32::from_str_radix(&digits, 16).ok())
                .flatten()
                .and_then(char::from_u32)
        };
        match e {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            '0'..='7' => {
                let mut code = e.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    match chars.peek().and_then(|c| c.to_digit(8)) {
                        Some(d) => {
                            code = code * 8 + d;
                            chars.next();
                        }
                        None => break,
                    }
                }
                out.extend(char::from_u32(code));
            }
            'x' => match hex(2, &mut chars) {
                Some(c) => out.push(c),
                None => out.push_str("\\x"),
            },
            'u' if chars.peek() == Some(&'{') => {
                chars.next();
                let digits: String = chars.by_ref().take_while(|c| *c != '}').take(8).collect();
                match u32::from_str_radix(&digits, 16)
                    .ok()
                    .and_then(char::from_u32)
                {
                    Some(c) => out.push(c),
                    None => out.push_str("\\u"),
                }
            }
            'u' => match hex(4, &mut chars) {
                Some(c) => out.push(c),
                None => out.push_str("\\u"),
            },
            'U' => match hex(8, &mut chars) {
                Some(c) => out.push(c),
                None => out.push_str("\\U"),
            },
            '\n' => {}
            'a' => out.push('\u{7}'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'v' => out.push('\u{b}'),
            other => out.push(other),
        }
    }
    out
}

/// An integer literal: decimal, `0x`, `0o`, `0b`, with `_` separators.
pub(crate) fn parse_int(text: &str) -> Option<i64> {
    let clean: String = text.chars().filter(|c| *c != '_').collect();
    let lower = clean.to_ascii_lowercase();
    let lower = lower.trim_end_matches('n');
    if let Some(hex) = lower.strip_prefix("0x") {
        i64::from_str_radix(hex, 16).ok()
    } else if let Some(oct) = lower.strip_prefix("0o") {
        i64::from_str_radix(oct, 8).ok()
    } else if let Some(bin) = lower.strip_prefix("0b") {
        i64::from_str_radix(bin, 2).ok()
    } else {
        lower.parse().ok()
    }
}
