//! What the Python evaluator knows of built-in functions (`chr`, `ord`, `str`, `int`, `reversed`, `bytes`,
//! `map`, `os.path.join`, …) and of string, bytes and list methods (`join`, `format`, `decode`, `replace`),
//! applied to known values.

use super::values::{self, Value};
use std::rc::Rc;

/// Calls of built-in functions the evaluator knows, on known arguments.
pub(super) fn builtin_call(path: &str, args: &[Value], named: &[(String, Value)]) -> Option<Value> {
    if !named.is_empty() {
        return None;
    }
    match (path, args) {
        ("chr", [Value::Int(i)]) => Value::str(values::char_of(*i)?.to_string()),
        ("ord", [Value::Str(s)]) => {
            let mut chars = s.chars();
            let c = chars.next()?;
            chars
                .next()
                .is_none()
                .then(|| Value::Int(i64::from(u32::from(c))))
        }
        ("str", [value]) => Value::str(value.to_text()?),
        ("int", [Value::Str(s)]) => s.trim().parse().ok().map(Value::Int),
        ("int", [Value::Str(s), Value::Int(base)]) => {
            i64::from_str_radix(s.trim(), u32::try_from(*base).ok()?)
                .ok()
                .map(Value::Int)
        }
        ("list" | "tuple", [value]) => Value::list(value.items()?),
        ("reversed", [value]) => {
            let mut items = value.items()?;
            items.reverse();
            Value::list(items)
        }
        ("bytes" | "bytearray", [value]) => values::bytes_of(value),
        ("bytes.fromhex", [Value::Str(s)]) => {
            let digits: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
            let bytes: Option<Vec<u8>> = digits
                .chunks(2)
                .map(|pair| {
                    std::str::from_utf8(pair)
                        .ok()
                        .and_then(|h| u8::from_str_radix(h, 16).ok())
                })
                .collect();
            Some(Value::Bytes(Rc::from(bytes?)))
        }
        ("map", [Value::Name { path, .. }, items]) => {
            let items = items.items()?;
            let mapped: Option<Vec<Value>> = items
                .iter()
                .map(|item| builtin_call(path, std::slice::from_ref(item), &[]))
                .collect();
            Value::list(mapped?)
        }
        (
            "os.path.expanduser" | "os.path.expandvars" | "os.path.normpath" | "os.path.abspath",
            [s @ Value::Str(_)],
        ) => Some(s.clone()),
        ("os.path.join" | "posixpath.join", parts) if !parts.is_empty() => {
            let mut out = String::new();
            for part in parts {
                let part = part.as_str()?;
                if part.starts_with('/') {
                    out.clear();
                } else if !out.is_empty() && !out.ends_with('/') {
                    out.push('/');
                }
                out.push_str(part);
            }
            Value::str(out)
        }
        ("pathlib.Path.home" | "Path.home", []) => Value::str("~"),
        _ => None,
    }
}

/// Methods of strings, bytes and lists.
pub(super) fn string_method(
    object: &Value,
    method: &str,
    args: &[Value],
    named: &[(String, Value)],
) -> Option<Value> {
    match (method, args) {
        ("format", _) => values::brace_format(object.as_str()?, args, named),
        _ if !named.is_empty() => None,
        ("join", [items]) => values::join(object, items),
        ("decode", _) => values::decode(object),
        ("encode", _) => match object {
            Value::Str(s) => Some(Value::Bytes(Rc::from(s.as_bytes()))),
            _ => None,
        },
        ("replace", [old, new]) => values::replace(object, old, new),
        ("upper", []) => Value::str(object.as_str()?.to_uppercase()),
        ("lower", []) => Value::str(object.as_str()?.to_lowercase()),
        ("strip", []) => Value::str(object.as_str()?.trim()),
        ("split", [Value::Str(sep)]) if !sep.is_empty() => Value::list(
            object
                .as_str()?
                .split(sep.as_ref())
                .filter_map(Value::str)
                .collect(),
        ),
        _ => None,
    }
}
