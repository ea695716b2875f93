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
        ("str.maketrans", [from @ Value::Str(_), to @ Value::Str(_)]) => translation(from, to),
        _ => None,
    }
}

/// `str.maketrans(FROM, TO)`, kept as the pair of alphabets (equal in length, as Python requires).
fn translation(from: &Value, to: &Value) -> Option<Value> {
    let (a, b) = (from.as_str()?, to.as_str()?);
    (a.chars().count() == b.chars().count()).then(|| Value::list(vec![from.clone(), to.clone()]))?
}

/// `text.translate(table)` with a table [`translation`] made: a substitution cipher (atbash, rot-n,
/// a shuffled alphabet) undone.
fn translate(text: &str, table: &[Value]) -> Option<Value> {
    let [Value::Str(from), Value::Str(to)] = table else {
        return None;
    };
    let map: std::collections::HashMap<char, char> = from.chars().zip(to.chars()).collect();
    Value::str(
        text.chars()
            .map(|c| map.get(&c).copied().unwrap_or(c))
            .collect::<String>(),
    )
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
        ("maketrans", [from @ Value::Str(_), to @ Value::Str(_)]) => translation(from, to),
        ("translate", [Value::List(table)]) => translate(object.as_str()?, table),
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
        // `"os.system".rsplit(".", 1)`: a dotted target cut into its module and its function.
        ("split" | "rsplit", [Value::Str(sep), Value::Int(max)]) if !sep.is_empty() => {
            let text = object.as_str()?;
            let parts: Vec<&str> = match usize::try_from(*max) {
                Ok(max) if method == "split" => text.splitn(max + 1, sep.as_ref()).collect(),
                Ok(max) => {
                    let mut parts: Vec<&str> = text.rsplitn(max + 1, sep.as_ref()).collect();
                    parts.reverse();
                    parts
                }
                // A negative count splits at every separator.
                Err(_) => text.split(sep.as_ref()).collect(),
            };
            Value::list(parts.into_iter().filter_map(Value::str).collect())
        }
        ("partition" | "rpartition", [Value::Str(sep)]) if !sep.is_empty() => {
            let text = object.as_str()?;
            let cut = if method == "partition" {
                text.split_once(sep.as_ref())
            } else {
                text.rsplit_once(sep.as_ref())
            };
            let (head, separator, tail) = match cut {
                Some((head, tail)) => (head, sep.as_ref(), tail),
                None if method == "partition" => (text, "", ""),
                None => ("", "", text),
            };
            Value::list(vec![
                Value::str(head)?,
                Value::str(separator)?,
                Value::str(tail)?,
            ])
        }
        _ => None,
    }
}

/// Built-in functions whose `str()` is `<built-in function NAME>`.
const BUILTIN_FUNCTIONS: &[&str] = &[
    "abs",
    "aiter",
    "all",
    "anext",
    "any",
    "ascii",
    "bin",
    "breakpoint",
    "callable",
    "chr",
    "compile",
    "delattr",
    "dir",
    "divmod",
    "eval",
    "exec",
    "format",
    "getattr",
    "globals",
    "hasattr",
    "hash",
    "hex",
    "id",
    "input",
    "isinstance",
    "issubclass",
    "iter",
    "len",
    "locals",
    "max",
    "min",
    "next",
    "oct",
    "ord",
    "pow",
    "print",
    "repr",
    "round",
    "setattr",
    "sorted",
    "sum",
    "vars",
    "__import__",
    "open",
];

/// Built-in classes whose `str()` is `<class 'NAME'>`.
const BUILTIN_CLASSES: &[&str] = &[
    "bool",
    "bytearray",
    "bytes",
    "classmethod",
    "complex",
    "dict",
    "enumerate",
    "filter",
    "float",
    "frozenset",
    "int",
    "list",
    "map",
    "memoryview",
    "object",
    "property",
    "range",
    "reversed",
    "set",
    "slice",
    "staticmethod",
    "str",
    "super",
    "tuple",
    "type",
    "zip",
];

/// `str(copyright)`: the year after 2001 changes with the release, every other character does not, and
/// code that picks characters out of it picks stable ones.
const COPYRIGHT_TEXT: &str = "Copyright (c) 2001-2024 Python Software Foundation.\nAll Rights Reserved.\n\nCopyright (c) 2000 BeOpen.com.\nAll Rights Reserved.\n\nCopyright (c) 1995-2001 Corporation for National Research Initiatives.\nAll Rights Reserved.\n\nCopyright (c) 1991-1995 Stichting Mathematisch Centrum, Amsterdam.\nAll Rights Reserved.";

/// The text of a built-in object by its name (`oct` → `<built-in function oct>`, `int` → `<class
/// 'int'>`, `copyright` → the copyright notice). Obfuscators spell names and strings by picking
/// characters out of these (`oct.__str__()[-3]` is `c`), so no literal in the file reads as what it is.
pub(super) fn builtin_text(name: &str) -> Option<String> {
    if BUILTIN_FUNCTIONS.contains(&name) {
        Some(format!("<built-in function {name}>"))
    } else if BUILTIN_CLASSES.contains(&name) {
        Some(format!("<class '{name}'>"))
    } else if name == "copyright" {
        Some(COPYRIGHT_TEXT.to_string())
    } else {
        None
    }
}
