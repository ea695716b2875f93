//! A file written by the code and then run by it, within one Python or JavaScript segment: the dropper
//! (downloaded bytes saved to `C:\…\x.exe`, then `os.startfile`/`start`/`Popen`) and the stager (a string
//! literal holding code saved to a temp `.py`, then started with `sys.executable`/`pythonw`).
//!
//! The taint engine (TNT003) follows a download held in a variable into a sink; what it does not see is
//! the *file*: the same path named twice (a literal, a variable, `tmp.name`) in a write and in a later
//! command string such as `"start cmd /c start C:\\x\\server.exe"`. This is a text analysis over calls
//! (balanced arguments, import aliases resolved), bounded by [`MAX_CALLS`] and [`MAX_ARGS_BYTES`].

use crate::ascii_classes::ascii_regex;
use crate::segment::Segment;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Calls examined per segment.
const MAX_CALLS: usize = 20_000;
/// Longest argument list read (a longer one is cut).
const MAX_ARGS_BYTES: usize = 16 * 1024;
/// Segments larger than this are bundles; nobody hides a two-line dropper by writing a megabyte around it.
const MAX_SEGMENT_BYTES: usize = 512 * 1024;

/// Whether a segment is too large to read for droppers: its code, not counting long string literals and
/// comments (a stager whose payload is a 7 MB literal is two lines of code).
pub(crate) fn too_large_for_droppers(segment: &Segment, body: &str) -> bool {
    body.len() > MAX_SEGMENT_BYTES
        && segment
            .grammar
            .is_none_or(|grammar| skill_scan_rules::code_bytes(grammar, body) > MAX_SEGMENT_BYTES)
}

/// One call: the callee as written, resolved through import aliases, and its argument text.
#[derive(Debug, Clone)]
pub(crate) struct Call {
    pub start: usize,
    /// Offset just past the closing parenthesis.
    pub end: usize,
    pub name: String,
    pub args_start: usize,
    pub args: String,
}

/// A file the code writes: how its path is named, and what is written when that is a literal.
#[derive(Debug, Clone)]
pub(crate) struct Write {
    pub at: usize,
    /// What names the file: a literal's last path component (`server.exe`) or a variable (`path`, `tmp`).
    pub keys: Vec<Key>,
    /// The written code when it is a string literal (segment offsets of the literal, unescaped text).
    pub literal: Option<(usize, usize, String)>,
    /// The write itself downloads (`urlretrieve(url, path)`).
    pub downloads: bool,
    /// Segment offsets of the written expression (`b64decode(blob)` in `f.write(b64decode(blob))`).
    pub content: Option<(usize, usize)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Key {
    /// A file name (lower-cased), compared case-insensitively as a word of a command.
    File(String),
    /// A variable, compared as a whole word.
    Name(String),
}

/// The spans [`CALL_PATTERN`] finds, read by hand: a dotted name chain (`a.b .c`) whose last name is
/// followed by `(`. Every file of every package asks, and compiling the pattern cost a small skill's scan
/// more than reading its calls. A chain cannot go on past a name followed by `(`, so the longest chain
/// from a start is the only one that can end in a call; when it does not, no start inside it does either
/// (their chains end at the same names), and the search moves past it.
fn call_spans(body: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = body.as_bytes();
    let name_start = |b: u8| b.is_ascii_alphabetic() || b == b'_' || b == b'$';
    let name_char = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'$';
    let skip_blanks = |mut at: usize| {
        while matches!(bytes.get(at), Some(b' ' | b'\t')) {
            at += 1;
        }
        at
    };
    let name_end = move |mut at: usize| {
        while bytes.get(at).is_some_and(|&b| name_char(b)) {
            at += 1;
        }
        at
    };
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            if !name_start(bytes[at]) {
                at += 1;
                continue;
            }
            let start = at;
            let mut end = name_end(start + 1);
            loop {
                let dot = skip_blanks(end);
                if bytes.get(dot) != Some(&b'.') {
                    break;
                }
                let next = skip_blanks(dot + 1);
                if !bytes.get(next).is_some_and(|&b| name_start(b)) {
                    break;
                }
                end = name_end(next + 1);
            }
            let paren = skip_blanks(end);
            if bytes.get(paren) == Some(&b'(') {
                at = paren + 1;
                return Some((start, paren + 1));
            }
            at = end;
        }
        None
    })
}

/// The pattern [`call_spans`] reads by hand (its tests compare the two).
#[cfg(test)]
const CALL_PATTERN: &str = r"([A-Za-z_$][\w$]*(?:[ \t]*\.[ \t]*[A-Za-z_$][\w$]*)*)[ \t]*\(";

// Constant patterns (their tests compile them): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static JS_REQUIRE: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r#"(?:const|let|var)\s+(\w+)\s*=\s*require\(\s*['"](?:node:)?(child_process|fs|https?)['"]\s*\)"#)
        .expect("require")
});
#[allow(clippy::expect_used)]
static JS_DESTRUCTURE: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r#"(?:const|let|var)\s*\{([^}]{1,400})\}\s*=\s*require\(\s*['"](?:node:)?(child_process|fs)['"]\s*\)"#)
        .expect("destructured require")
});
#[allow(clippy::expect_used)]
static ASSIGN: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r"(?m)(?:^|[;{(]|\b(?:const|let|var))[ \t]*([A-Za-z_$][\w$]*)[ \t]*=[ \t]*$")
        .expect("assign")
});
#[allow(clippy::expect_used)]
static STRING_LITERAL: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(
        r#"(?s)^[ \t]*[bBrRuUfF]{0,2}(?:"""(.*?)"""|'''(.*?)'''|"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|`((?:[^`\\]|\\.)*)`)"#
    )
    .expect("string literal")
});
#[allow(clippy::expect_used)]
static QUOTED: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r#""((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|`([^`]*)`"#).expect("quoted")
});
#[allow(clippy::expect_used)]
static WITH_AS: LazyLock<Regex> =
    LazyLock::new(|| ascii_regex(r"^\s*as\s+(\w+)").expect("with as"));

/// The name `text` is, white space around it aside (what `^\s*([A-Za-z_$][\w$]*)\s*$` captures, in ASCII
/// classes), read without building that regex: every Python and JavaScript file asks.
fn plain_name(text: &str) -> Option<&str> {
    let name = text.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\x0B' | '\x0C' | '\r'));
    let mut bytes = name.bytes();
    let first = bytes.next()?;
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'$';
    (word(first) && !first.is_ascii_digit() && bytes.all(word)).then_some(name)
}

/// The segment's calls, read once and shared by the stager, its rescan and the dropper.
pub(crate) fn segment_calls<'a>(
    segment: &'a crate::segment::Segment,
    file_text: &str,
) -> &'a [Call] {
    segment.cached(|| calls(segment.text(file_text)))
}

/// Every call of the segment text `body`, callee names resolved through `from m import f as g`,
/// `import m as n` and `const n = require('m')`.
pub(crate) fn calls(body: &str) -> Vec<Call> {
    let aliases = aliases(body);
    let mut out = Vec::new();
    // The callee is the span less its `[ \t]*(` tail (it ends in a name character).
    for (start, end) in call_spans(body).take(MAX_CALLS) {
        let callee = body[start..end - 1].trim_end_matches([' ', '\t']);
        let written: String = callee.chars().filter(|c| !c.is_whitespace()).collect();
        let name = match required_module_before(body, start) {
            Some(module) => format!("{module}.{written}"),
            None => resolve(&written, &aliases),
        };
        let args_start = end;
        let Some(close) = closing(body, args_start) else {
            continue;
        };
        out.push(Call {
            start,
            end: close + 1,
            name,
            args_start,
            args: body[args_start..close].to_string(),
        });
    }
    out
}

/// `require("child_process").execSync(…)`, the form the evaluator's renditions and one-line loaders
/// write: the module a member call is made on, when the text just before the callee requires it.
fn required_module_before(body: &str, start: usize) -> Option<&str> {
    let before = body[..start]
        .trim_end_matches([' ', '\t'])
        .strip_suffix('.')?;
    let before = before.trim_end_matches([' ', '\t']).strip_suffix(')')?;
    let before = before.trim_end_matches([' ', '\t']);
    let quote = before.chars().last().filter(|c| matches!(c, '"' | '\''))?;
    let inner = &before[..before.len() - 1];
    let open = inner.rfind(quote)?;
    let module = &inner[open + 1..];
    let call = inner[..open]
        .trim_end_matches([' ', '\t'])
        .strip_suffix('(')?;
    let ok = call.trim_end_matches([' ', '\t']).ends_with("require")
        && !module.is_empty()
        && module.len() <= 64
        && module.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'/' | b'.' | b'@' | b':')
        });
    ok.then(|| module.strip_prefix("node:").unwrap_or(module))
}

fn aliases(body: &str) -> HashMap<String, String> {
    let mut map = HashMap::new();
    // Each pattern needs its keyword: a text without it never builds or runs the pattern.
    let (imports, requires) = (body.contains("import"), body.contains("require("));
    let found = |pattern: &'static LazyLock<Regex>, needed: bool| {
        needed
            .then(|| pattern.captures_iter(body))
            .into_iter()
            .flatten()
    };
    let lines = || imports.then(|| body.split('\n')).into_iter().flatten();
    for (module, items) in lines().filter_map(from_import) {
        for item in items.split(',') {
            let mut words = item.split_whitespace();
            let Some(name) = words.next() else { continue };
            let alias = match (words.next(), words.next()) {
                (Some("as"), Some(alias)) => alias,
                _ => name,
            };
            map.insert(alias.to_string(), format!("{module}.{name}"));
        }
    }
    for (module, alias) in lines().filter_map(import_as) {
        map.insert(alias.to_string(), module.to_string());
    }
    for c in found(&JS_DESTRUCTURE, requires) {
        for item in c[1].split(',') {
            let (name, alias) = item.split_once(':').unwrap_or((item, item));
            map.insert(
                alias.trim().to_string(),
                format!("{}.{}", &c[2], name.trim()),
            );
        }
    }
    for c in found(&JS_REQUIRE, requires) {
        map.insert(c[1].to_string(), c[2].to_string());
    }
    map
}

/// The module and the imported names of a `from m import a, b as c` line: what
/// `^[ \t]*from[ \t]+([\w.]+)[ \t]+import[ \t]+\(?([^\n#)]+)` captures (ASCII classes), read without
/// building that regex (every Python file has an import).
fn from_import(line: &str) -> Option<(&str, &str)> {
    let rest = keyword(line.trim_start_matches([' ', '\t']), "from")?;
    let (module, rest) = module_name(rest)?;
    let after_import = rest.strip_prefix("import")?;
    let list = after_import.trim_start_matches([' ', '\t']);
    let blanks = &after_import[..after_import.len() - list.len()];
    if blanks.is_empty() {
        return None;
    }
    fn items(text: &str) -> &str {
        text.find(['#', ')']).map_or(text, |end| &text[..end])
    }
    // The regex's backtracking, kept: when nothing follows `(`, the `(` itself is the list; when nothing
    // follows the blanks, the last blank is.
    if let Some(inner) = list.strip_prefix('(') {
        let inner = items(inner);
        return Some((module, if inner.is_empty() { &list[..1] } else { inner }));
    }
    let found = items(list);
    if !found.is_empty() {
        return Some((module, found));
    }
    (blanks.len() >= 2).then(|| (module, &blanks[blanks.len() - 1..]))
}

/// The module and its alias of an `import m as n` line: what `^[ \t]*import[ \t]+([\w.]+)[ \t]+as[ \t]+(\w+)`
/// captures (ASCII classes).
fn import_as(line: &str) -> Option<(&str, &str)> {
    let rest = keyword(line.trim_start_matches([' ', '\t']), "import")?;
    let (module, rest) = module_name(rest)?;
    let rest = keyword(rest, "as")?;
    let alias = &rest[..rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
        .count()];
    (!alias.is_empty()).then_some((module, alias))
}

/// What follows `word` and at least one blank at the start of `text`, blanks skipped.
fn keyword<'t>(text: &'t str, word: &str) -> Option<&'t str> {
    let rest = text.strip_prefix(word)?;
    let after = rest.trim_start_matches([' ', '\t']);
    (after.len() < rest.len()).then_some(after)
}

/// A dotted module name (`[\w.]+`) at the start of `text`, and what follows it and at least one blank.
fn module_name(text: &str) -> Option<(&str, &str)> {
    let len = text
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'.')
        .count();
    let rest = &text[len..];
    let after = rest.trim_start_matches([' ', '\t']);
    (len > 0 && after.len() < rest.len()).then_some((&text[..len], after))
}

fn resolve(written: &str, aliases: &HashMap<String, String>) -> String {
    let (head, rest) = written
        .split_once('.')
        .map_or((written, ""), |(h, r)| (h, r));
    match aliases.get(head) {
        Some(full) if rest.is_empty() => full.clone(),
        Some(full) => format!("{full}.{rest}"),
        None => written.to_string(),
    }
}

/// The offset of the `)` closing the parenthesis opened just before `from`, skipping strings.
fn closing(body: &str, from: usize) -> Option<usize> {
    let bytes = body.as_bytes();
    let mut depth = 1usize;
    let mut i = from;
    let limit = (from + MAX_ARGS_BYTES).min(bytes.len());
    while i < limit {
        match bytes[i] {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            quote @ (b'"' | b'\'' | b'`') => {
                let triple = bytes.get(i..i + 3) == Some(&[quote, quote, quote][..]);
                i += if triple { 3 } else { 1 };
                while i < limit {
                    if bytes[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if bytes[i] == quote
                        && (!triple || bytes.get(i..i + 3) == Some(&[quote, quote, quote][..]))
                    {
                        i += if triple { 2 } else { 0 };
                        break;
                    }
                    if bytes[i] == b'\n' && !triple && quote != b'`' {
                        break;
                    }
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The top-level arguments of an argument list, with their offsets in it.
pub(crate) fn split_args(args: &str) -> Vec<(usize, &str)> {
    let bytes = args.as_bytes();
    let mut out = Vec::new();
    let (mut depth, mut start, mut i) = (0usize, 0usize, 0usize);
    let mut quote: Option<u8> = None;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(_) if b == b'\\' => i += 1,
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None => match b {
                b'"' | b'\'' | b'`' => quote = Some(b),
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => depth = depth.saturating_sub(1),
                b',' if depth == 0 => {
                    out.push((start, &args[start..i]));
                    start = i + 1;
                }
                _ => {}
            },
        }
        i += 1;
    }
    if !args[start..].trim().is_empty() {
        out.push((start, &args[start..]));
    }
    out
}

/// What names a file in a path expression: the last component of every literal in it, and the
/// expression itself when it is a variable.
fn keys_of(path: &str) -> Vec<Key> {
    let mut keys = Vec::new();
    if let Some(name) = plain_name(path) {
        keys.push(Key::Name(name.to_string()));
        return keys;
    }
    for q in QUOTED.captures_iter(path) {
        let Some(inner) = q.get(1).or_else(|| q.get(2)).or_else(|| q.get(3)) else {
            continue;
        };
        // Placeholders of an f-string or template are not part of the name.
        let plain = strip_placeholders(inner.as_str());
        let last = plain
            .rsplit(['/', '\\', ' '])
            .find(|part| !part.is_empty())
            .unwrap_or("");
        if last.len() >= 4 && last.chars().any(|c| c.is_ascii_alphanumeric()) {
            keys.push(Key::File(last.to_ascii_lowercase()));
        }
    }
    keys
}

fn strip_placeholders(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            _ if depth == 0 && c != '$' => out.push(c),
            _ => {}
        }
    }
    out
}

/// The string literal an expression is, or the literal a variable of that name was assigned.
fn literal_of(
    body: &str,
    at: usize,
    expr: &str,
    wide: &mut usize,
) -> Option<(usize, usize, String)> {
    if let Some(c) = STRING_LITERAL.captures(expr) {
        let inner = (1..=5).find_map(|i| c.get(i))?;
        if expr[c.get(0)?.end()..].trim().is_empty() || expr.trim_end().ends_with(')') {
            return Some((
                at + inner.start(),
                at + inner.end(),
                unescape(inner.as_str()),
            ));
        }
    }
    let name = plain_name(expr)?.to_string();
    let from = assignment(body, at, &name, wide)?;
    let c = STRING_LITERAL.captures(&body[from..])?;
    let inner = (1..=5).find_map(|i| c.get(i))?;
    Some((
        from + inner.start(),
        from + inner.end(),
        unescape(inner.as_str()),
    ))
}

/// Where the value of the last `name = …` before `at` starts. The text shortly before the write is
/// searched; while `wide` lasts (a few per segment), the whole text before it too, for a payload that is
/// itself a literal of megabytes between its assignment and the write.
fn assignment(body: &str, at: usize, name: &str, wide: &mut usize) -> Option<usize> {
    let before = body.get(..at)?;
    let last_in = |from: usize| {
        let haystack = &before[from..];
        let mut last = None;
        let mut resume = 0;
        while let Some(end) = next_assignment(haystack, resume, name) {
            last = Some(end);
            resume = end;
        }
        last.map(|end| from + end)
    };
    let near = at.saturating_sub(64 * 1024);
    let near = (near..at)
        .find(|i| before.is_char_boundary(*i))
        .unwrap_or(at);
    let found = last_in(near).or_else(|| {
        (near > 0 && *wide > 0).then(|| *wide -= 1)?;
        last_in(0)
    });
    found.filter(|end| body.as_bytes().get(*end) != Some(&b'='))
}

/// The end of the leftmost `(?m)(?:^|[^\w$.])NAME[ \t]*=[ \t]*` match in `haystack` starting at or after
/// `resume`, found without building that regex for every name (a build per call was most of the cost
/// of reading a bundle's writes).
fn next_assignment(haystack: &str, resume: usize, name: &str) -> Option<usize> {
    if name.is_empty() {
        return None;
    }
    let mut search = resume;
    loop {
        let at = search + haystack.get(search..)?.find(name)?;
        let mut end = at + name.len();
        let spaces = |from: usize| {
            from + haystack[from..]
                .bytes()
                .take_while(|b| matches!(b, b' ' | b'\t'))
                .count()
        };
        end = spaces(end);
        if haystack.as_bytes().get(end) == Some(&b'=') {
            end = spaces(end + 1);
            let line_start = at == 0 || haystack.as_bytes()[at - 1] == b'\n';
            // The character before the name opens the match unless an earlier match took it.
            let delimited = haystack[..at].chars().next_back().is_some_and(|c| {
                at - c.len_utf8() >= resume
                    && !regex_syntax::is_word_character(c)
                    && c != '$'
                    && c != '.'
            });
            if line_start || delimited {
                return Some(end);
            }
        }
        search = at + haystack[at..].chars().next().map_or(1, char::len_utf8);
    }
}

fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => {}
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

fn last_segment(name: &str) -> &str {
    name.rsplit('.').next().unwrap_or(name)
}

/// The files the segment writes, in order.
pub(crate) fn writes(body: &str, calls: &[Call]) -> Vec<Write> {
    let mut out = Vec::new();
    // Searches of the whole text before a write for a payload's assignment (see `assignment`).
    let mut wide = 4;
    for (index, call) in calls.iter().enumerate() {
        let args = split_args(&call.args);
        let last = last_segment(&call.name);
        let (path, handle, content, downloads) = match (call.name.as_str(), last) {
            ("open" | "io.open" | "codecs.open", _) => {
                let mode = args
                    .get(1)
                    .map(|(_, a)| a.to_ascii_lowercase())
                    .unwrap_or_default();
                let mode_kw = call.args.contains("mode=") && call.args.contains("'w")
                    || call.args.contains("\"w");
                if !(mode.contains("'w")
                    || mode.contains("\"w")
                    || mode.contains("'a")
                    || mode.contains("\"a")
                    || mode_kw)
                {
                    continue;
                }
                (
                    args.first().map(|(_, a)| *a),
                    handle_of(body, call),
                    None,
                    false,
                )
            }
            (_, "NamedTemporaryFile" | "mkstemp" | "TemporaryFile") => {
                (None, handle_of(body, call), None, false)
            }
            // `Path(p).write_bytes(data)` and `path.write_bytes(data)`.
            (_, "write_bytes" | "write_text") => {
                let content = args.first().map(|(o, a)| (call.args_start + o, *a));
                let receiver = call.name.rsplit_once('.').map(|(r, _)| r);
                let path = match receiver {
                    Some(receiver) => Some(receiver),
                    None => calls[..index]
                        .iter()
                        .rev()
                        .take(8)
                        .find(|c| {
                            c.end <= call.start
                                && body.get(c.end..call.start).map(str::trim) == Some(".")
                        })
                        .and_then(|c| split_args(&c.args).first().map(|(_, a)| *a)),
                };
                (path, None, content, false)
            }
            (_, "urlretrieve") | ("wget.download", _) => {
                (args.get(1).map(|(_, a)| *a), None, None, true)
            }
            (_, "writeFileSync" | "writeFile" | "createWriteStream") => {
                let content = args.get(1).map(|(o, a)| (call.args_start + o, *a));
                (args.first().map(|(_, a)| *a), None, content, false)
            }
            _ => continue,
        };
        let mut keys = path.map(keys_of).unwrap_or_default();
        // A path variable also names the file its assignment spells out.
        if let Some(Key::Name(name)) = keys.first().cloned() {
            if let Some(from) = assignment(body, call.start, &name, &mut 0) {
                let line_end = body[from..].find('\n').map_or(body.len(), |i| from + i);
                keys.extend(
                    keys_of(&body[from..line_end])
                        .into_iter()
                        .filter(|k| matches!(k, Key::File(_))),
                );
            }
        }
        if keys.is_empty() && path.is_none() {
            if let Some(handle) = &handle {
                keys.push(Key::Name(handle.clone()));
            }
        }
        // `exe_path = tmp.name` names the same file.
        if let Some(handle) = handle.as_deref().filter(|_| path.is_none()) {
            if let Ok(alias) = Regex::new(&format!(
                r"(?m)([A-Za-z_]\w*)[ \t]*=[ \t]*{}\.name\b",
                regex::escape(handle)
            )) {
                let more: Vec<Key> = alias
                    .captures_iter(&body[call.start..])
                    .take(8)
                    .map(|c| Key::Name(c[1].to_string()))
                    .collect();
                keys.extend(more);
            }
        }
        if keys.is_empty() {
            continue;
        }
        // What the handle is written with: the first `handle.write(...)` (or `open(…).write(…)`) after it.
        let content = content.or_else(|| {
            calls[index + 1..].iter().take(64).find_map(|c| {
                let (object, method) = c.name.rsplit_once('.').unwrap_or(("", c.name.as_str()));
                let chained = body.get(call.end..c.start).is_some_and(|s| s.trim() == ".");
                (method == "write" && (chained || handle.as_deref() == Some(object)))
                    .then_some((c.args_start, c.args.as_str()))
            })
        });
        let literal = content.and_then(|(at, expr)| {
            let lead = expr.len() - expr.trim_start().len();
            literal_of(body, at + lead, expr.trim(), &mut wide)
        });
        out.push(Write {
            at: call.start,
            keys,
            literal,
            downloads,
            content: content.map(|(at, expr)| (at, at + expr.len())),
        });
    }
    out
}

/// `with open(p) as f` → `f`; `f = open(p)` → `f`.
fn handle_of(body: &str, call: &Call) -> Option<String> {
    if let Some(c) = WITH_AS.captures(&body[call.end..]) {
        return Some(c[1].to_string());
    }
    assigned_name(body, call.start)
}

fn assigned_name(body: &str, at: usize) -> Option<String> {
    let line_start = body[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = &body[line_start..at];
    ASSIGN.captures(before).map(|c| c[1].to_string())
}

/// Whether `text` names the file: a file key as a substring, a variable as a whole word.
pub(crate) fn names_file(text: &str, key: &Key) -> bool {
    match key {
        // The file's name as a word of its own (`./node`, `"C:\\t\\node.exe"`), not inside a variable's
        // name: `node_tmpbin_link` does not name a download saved as `node`.
        Key::File(file) => stands_alone(&text.to_ascii_lowercase(), file, false),
        // A variable's name, not an attribute of something else (`self.path`).
        Key::Name(name) => stands_alone(text, name, true),
    }
}

/// Whether `word` occurs in `text` with no identifier character on either side (nor a `.` before it, with
/// `dot_joins`).
fn stands_alone(text: &str, word: &str, dot_joins: bool) -> bool {
    let joins = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(|c| joins(c) || (dot_joins && c == '.')) && !after.is_some_and(joins)
    })
}

/// Calls that run a program or a command line (resolved names).
pub(crate) fn runs_program(name: &str) -> bool {
    matches!(
        name,
        "os.system"
            | "os.startfile"
            | "os.popen"
            | "os.execv"
            | "os.execl"
            | "os.execvp"
            | "os.execlp"
            | "os.spawnl"
            | "os.spawnv"
            | "os.posix_spawn"
            | "subprocess.Popen"
            | "subprocess.call"
            | "subprocess.run"
            | "subprocess.check_call"
            | "subprocess.check_output"
            | "subprocess.getoutput"
            | "subprocess.getstatusoutput"
            | "child_process.exec"
            | "child_process.execSync"
            | "child_process.spawn"
            | "child_process.spawnSync"
            | "child_process.execFile"
            | "child_process.execFileSync"
            | "child_process.fork"
    )
}

/// Local helpers read per segment.
const MAX_HELPERS: usize = 256;

/// A function the segment defines (Python `def`, at any indentation): its name, parameter names and body.
pub(crate) struct Function<'t> {
    pub name: &'t str,
    pub params: Vec<&'t str>,
    pub body: (usize, usize),
}

/// The segment's `def`s, at most [`MAX_HELPERS`]; a body is the lines indented deeper than its `def`.
pub(crate) fn functions(text: &str) -> Vec<Function<'_>> {
    let mut out = Vec::new();
    let mut search = 0;
    while let Some(found) = text[search..].find("def ") {
        let at = search + found;
        search = at + 4;
        if out.len() >= MAX_HELPERS {
            break;
        }
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let indent = &text[line_start..at];
        if !indent.trim().is_empty() {
            continue;
        }
        let Some(open) = text[at..].find('(').map(|i| at + i) else {
            continue;
        };
        let name = text[at + 4..open].trim();
        if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let Some(close) = text[open..].find(')').map(|i| open + i) else {
            continue;
        };
        let params: Vec<&str> = text[open + 1..close]
            .split(',')
            .map(|p| p.split([':', '=']).next().unwrap_or("").trim())
            .collect();
        let body_start = text[close..]
            .find('\n')
            .map_or(text.len(), |i| close + i + 1);
        let mut body_end = body_start;
        for line in text[body_start..].split_inclusive('\n') {
            let deeper = line.len() > indent.len() + 1
                && line.starts_with(indent)
                && line[indent.len()..].starts_with([' ', '\t']);
            if !(deeper || line.trim().is_empty()) {
                break;
            }
            body_end += line.len();
        }
        out.push(Function {
            name,
            params,
            body: (body_start, body_end),
        });
    }
    out
}

/// The names parameter `param` goes by in `body`: itself, and what one assignment builds from it
/// (`file = join(main_dir, filename)`).
fn param_keys(body: &str, param: &str) -> Vec<Key> {
    let mut keys = vec![Key::Name(param.to_string())];
    for line in body.lines() {
        if let Some((left, right)) = line.split_once('=') {
            let left = left.trim();
            if !left.is_empty()
                && left.chars().all(|c| c.is_alphanumeric() || c == '_')
                && names_file(right, &Key::Name(param.to_string()))
            {
                keys.push(Key::Name(left.to_string()));
            }
        }
    }
    keys
}

/// A local function that starts one of its parameters as a program: `(name, parameter index)`.
pub(crate) fn run_helpers(text: &str, all: &[Call]) -> Vec<(String, usize)> {
    let mut helpers = Vec::new();
    for function in functions(text) {
        let (start, end) = function.body;
        for (index, param) in function.params.iter().enumerate() {
            if param.is_empty() || *param == "self" {
                continue;
            }
            let keys = param_keys(&text[start..end], param);
            let starts = all.iter().any(|c| {
                c.start >= start
                    && c.end <= end
                    && runs_program(&c.name)
                    && keys.iter().any(|k| runs_as_program(&c.args, k, true))
            });
            if starts {
                helpers.push((function.name.to_string(), index));
            }
        }
    }
    helpers
}

/// The writes a local helper makes to a file its caller names (`def save(url, dest): open(dest, "wb")…`),
/// moved to each call of the helper, keyed by what the caller passes (`save(u, exe_path)`).
pub(crate) fn helper_writes(text: &str, all: &[Call], saved: &[Write]) -> Vec<Write> {
    let mut out = Vec::new();
    for function in functions(text) {
        let (start, end) = function.body;
        for (index, param) in function.params.iter().enumerate() {
            if param.is_empty() || *param == "self" {
                continue;
            }
            let keys = param_keys(&text[start..end], param);
            let writes_it = saved
                .iter()
                .any(|w| start <= w.at && w.at < end && w.keys.iter().any(|k| keys.contains(k)));
            if !writes_it {
                continue;
            }
            for call in all
                .iter()
                .filter(|c| c.name == function.name)
                .take(MAX_HELPERS)
            {
                let Some((_, arg)) = split_args(&call.args).get(index).copied() else {
                    continue;
                };
                let mut keys = keys_of(arg.trim());
                // `path = save(url, name)`: a helper that returns the path names it by the result too.
                if let Some(result) = assigned_name(text, call.start) {
                    keys.push(Key::Name(result));
                }
                if !keys.is_empty() && out.len() < MAX_HELPERS {
                    out.push(Write {
                        at: call.start,
                        keys,
                        literal: None,
                        downloads: false,
                        content: None,
                    });
                }
            }
        }
    }
    out
}

/// A written file moved or copied elsewhere (`os.rename(a, b)`, `shutil.move(a, b)`, `Path(a).rename(b)`)
/// is written there too: the destination's keys, at the move.
pub(crate) fn moved_writes(body: &str, all: &[Call], saved: &[Write]) -> Vec<Write> {
    let mut out = Vec::new();
    for (index, call) in all.iter().enumerate() {
        let last = last_segment(&call.name);
        let args = split_args(&call.args);
        let (from, to) = match (call.name.as_str(), last) {
            (
                "os.rename" | "os.replace" | "shutil.move" | "shutil.copy" | "shutil.copy2"
                | "shutil.copyfile",
                _,
            ) => (args.first().map(|(_, a)| *a), args.get(1).map(|(_, a)| *a)),
            (_, "rename" | "replace" | "move_to") => {
                let source = match call.name.rsplit_once('.') {
                    Some((receiver, _)) => Some(receiver),
                    None => all[..index]
                        .iter()
                        .rev()
                        .take(8)
                        .find(|c| {
                            c.end <= call.start
                                && body.get(c.end..call.start).map(str::trim) == Some(".")
                        })
                        .and_then(|c| split_args(&c.args).first().map(|(_, a)| *a)),
                };
                (source, args.first().map(|(_, a)| *a))
            }
            _ => continue,
        };
        let (Some(from), Some(to)) = (from, to) else {
            continue;
        };
        let moves_saved = saved
            .iter()
            .any(|w| w.at < call.start && w.keys.iter().any(|k| names_file(from, k)));
        let keys = keys_of(to.trim());
        if moves_saved && !keys.is_empty() && out.len() < MAX_HELPERS {
            out.push(Write {
                at: call.start,
                keys,
                literal: None,
                downloads: false,
                content: None,
            });
        }
    }
    out
}

/// Whether `call` is a call of one of `helpers` whose started argument names one of `keys`.
pub(crate) fn helper_runs(call: &Call, helpers: &[(String, usize)], keys: &[Key]) -> bool {
    helpers.iter().any(|(name, index)| {
        call.name == *name
            && split_args(&call.args)
                .get(*index)
                .is_some_and(|(_, arg)| keys.iter().any(|k| names_file(arg, k)))
    })
}

/// String prefixes (`f"`, `rb'`) dropped before a command is read word by word.
#[allow(clippy::expect_used)]
static STRING_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| ascii_regex(r#"\b[fFrRbBuU]{1,2}(["'])"#).expect("prefix pattern"));

/// Words before the program in a command line: launchers and their switches.
const LAUNCHERS: &[&str] = &[
    "start",
    "cmd",
    "cmd.exe",
    "/c",
    "/k",
    "/b",
    "/min",
    "/wait",
    "sudo",
    "nohup",
    "sh",
    "bash",
    "wine",
    "powershell",
    "powershell.exe",
    "-command",
    "start-process",
    "-filepath",
    "chmod",
    "+x",
    "777",
    "755",
    "0o755",
    "0o777",
    "u+x",
    "a+x",
    "&&",
    ";",
    "&",
    "./",
    "-c",
    "exec",
    // An interpreter given a saved script runs it as surely as `./script` does.
    "python",
    "python3",
    "python.exe",
    "pythonw",
    "pythonw.exe",
    "py",
    "py.exe",
    // Not `sys.executable`: development scripts bootstrap pip that way (`get-pip.py` into a temp file).
    "node",
    "node.exe",
    "perl",
    "ruby",
    "wscript",
    "cscript",
    // `[str(path)]`: the path made a string.
    "str",
];
/// The running interpreter, as a launcher of a saved script: counted only in install-time code.
const INTERPRETER: &[&str] = &["sys.executable", "executable"];

/// Parts of an expression that build a directory in front of the file name.
const PATH_BUILDERS: &[&str] = &[
    "getcwd",
    "join",
    "gettempdir",
    "getenv",
    "environ",
    "expanduser",
    "dirname",
    "tmpdir",
    "homedir",
    "cwd",
    "%",
    "resolve",
    "path",
    "os",
    "temp",
    "appdata",
    // .NET's `[System.IO.Path]::Combine($env:TEMP, 'x.exe')` in a PowerShell command line.
    "combine",
];

/// Whether the command `args` runs the file `key` names as its program; with `interpreter`, the running
/// interpreter (`sys.executable`) is a launcher too.
pub(crate) fn runs_as_program(args: &str, key: &Key, interpreter: bool) -> bool {
    let plain = STRING_PREFIX.replace_all(args, "$1");
    let words = plain
        .split(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    '"' | '\'' | '`' | '[' | ']' | '(' | ')' | '{' | '}' | '+' | ','
                )
        })
        .filter(|w| !w.is_empty());
    // `cd DIR && ./x`: the directory changed to is not the program; nor is `chmod`'s mode (`+x` reaches
    // here as `x`, since `+` splits words).
    let mut after_cd = false;
    let mut after_chmod = false;
    for word in words {
        if std::mem::take(&mut after_cd) {
            continue;
        }
        if after_chmod && is_mode(word) {
            continue;
        }
        after_chmod = false;
        let named = match key {
            Key::File(_) => names_file(word, key),
            Key::Name(name) => word == name || word.starts_with(&format!("{name}.")),
        };
        if named {
            return true;
        }
        let lower = word.to_ascii_lowercase();
        if lower == "cd" {
            after_cd = true;
            continue;
        }
        if lower == "chmod" {
            after_chmod = true;
            continue;
        }
        let skip = LAUNCHERS.contains(&lower.as_str())
            || (interpreter && INTERPRETER.contains(&lower.as_str()))
            || PATH_BUILDERS.iter().any(|b| lower.contains(b))
            || lower.contains('=')
            || lower.chars().all(|c| !c.is_alphanumeric());
        if !skip {
            return false;
        }
    }
    false
}

/// A `chmod` mode word: octal digits or `ugoa`/`rwxXst` letters with their operators.
fn is_mode(word: &str) -> bool {
    word.chars().all(|c| {
        matches!(
            c,
            '0'..='7' | 'u' | 'g' | 'o' | 'a' | 'r' | 'w' | 'x' | 'X' | 's' | 't' | '=' | '-'
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_call_reader_finds_what_the_pattern_finds() {
        let pattern = ascii_regex(CALL_PATTERN).unwrap();
        // Every text of up to five tokens over an alphabet reaching each part of a chain and each way out.
        let tokens = [
            "a", "B1", "$", "_", "9", " ", "\t", ".", "(", ")", "é", "\n", "x.y", "f(",
        ];
        crate::token_texts::each_token_text(&tokens, 5, |text| {
            let expected: Vec<(usize, usize)> = pattern
                .find_iter(text)
                .map(|m| (m.start(), m.end()))
                .collect();
            assert_eq!(call_spans(text).collect::<Vec<_>>(), expected, "{text:?}");
        });
    }

    #[test]
    fn a_member_call_on_a_required_module_is_named_by_the_module() {
        let found = calls("require(\"child_process\").execSync(\"id\");\nrequire('node:fs') . writeFileSync(p, d);\nx(require).y();\n");
        let names: Vec<&str> = found.iter().map(|c| c.name.as_str()).collect();
        assert!(names.contains(&"child_process.execSync"), "{names:?}");
        assert!(names.contains(&"fs.writeFileSync"), "{names:?}");
        assert!(names.contains(&"y"), "{names:?}");
    }

    #[test]
    fn a_file_is_named_by_its_own_word_not_inside_an_identifier() {
        let node = Key::File("node".into());
        assert!(!names_file(
            "['ln', '-s', python2_path, node_tmpbin_link]",
            &node
        ));
        assert!(names_file("['./node', '--version']", &node));
        assert!(names_file("[join(bin_dir, 'node.exe')]", &node));
        assert!(!names_file("['nodeenv', '--list']", &node));
    }

    #[test]
    fn calls_resolve_aliases_and_read_balanced_arguments() {
        let body = "from os import system as _s\nimport subprocess as sp\n_s(f\"start {x}\")\nsp.Popen([p, \"a)\"])\n";
        let found: Vec<(String, String)> =
            calls(body).into_iter().map(|c| (c.name, c.args)).collect();
        assert!(
            found.contains(&("os.system".into(), "f\"start {x}\"".into())),
            "{found:?}"
        );
        assert!(
            found.contains(&("subprocess.Popen".into(), "[p, \"a)\"]".into())),
            "{found:?}"
        );
    }

    #[test]
    fn a_callee_spaced_around_its_dots_starts_at_its_first_name_and_ends_before_the_gap() {
        let body = "x = os . path\t.\tjoin \t(a, b)\nrun(\"y\")\n";
        let found: Vec<(usize, String, usize, String)> = calls(body)
            .into_iter()
            .map(|c| (c.start, c.name, c.args_start, c.args))
            .collect();
        assert_eq!(
            found,
            [
                (4, "os.path.join".to_string(), 23, "a, b".to_string()),
                (29, "run".to_string(), 33, "\"y\"".to_string())
            ]
        );
        // Without an import or a require, no alias pattern runs, and names stay as written.
        assert_eq!(calls("sp.Popen(x)")[0].name, "sp.Popen");
    }

    #[test]
    fn assignments_are_found_as_the_regex_they_replace_finds_them() {
        let texts = [
            "p = 'a.exe'\nq=p\nx.p = 1\n$p = 2\n  p\t=\t'b'\nfoo(p)",
            "p=1;p = 2;pp = 3;é p = 4\np==5",
            "p = p = p = 1",
            "\np =\n",
            "a$p = 1\n_p = 2\n(p = 3)",
            "",
        ];
        for text in texts {
            for name in ["p", "pp", "x.p"] {
                let regex = Regex::new(&format!(
                    r"(?m)(?:^|[^\w$.]){}[ \t]*=[ \t]*",
                    regex::escape(name)
                ))
                .unwrap();
                let expected = regex
                    .find_iter(text)
                    .last()
                    .map(|m| m.end())
                    .filter(|end| text.as_bytes().get(*end) != Some(&b'='));
                assert_eq!(
                    assignment(text, text.len(), name, &mut 0),
                    expected,
                    "{name:?} in {text:?}"
                );
            }
        }
    }

    #[test]
    fn writes_name_their_file_and_literal() {
        let body = "with open(os.path.join(d, 'agent.exe'), 'wb') as f:\n    f.write(r.content)\ntmp = NamedTemporaryFile(delete=False)\ntmp.write(b\"import os\\nprint(1)\")\nopen('notes.txt').read()\n";
        let all = calls(body);
        let found = writes(body, &all);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].keys, [Key::File("agent.exe".into())]);
        assert!(found[0].literal.is_none());
        assert_eq!(found[1].keys, [Key::Name("tmp".into())]);
        assert_eq!(
            found[1].literal.as_ref().map(|l| l.2.as_str()),
            Some("import os\nprint(1)")
        );
    }

    #[test]
    fn names_match_whole_words_only() {
        assert!(names_file("start {tmp.name}", &Key::Name("tmp".into())));
        assert!(!names_file("start {tmpdir}", &Key::Name("tmp".into())));
        assert!(names_file(
            "start C://x//Server.EXE",
            &Key::File("server.exe".into())
        ));
    }

    /// `plain_name` captures what the regex it replaced captured: on written cases, and on every text of
    /// up to four characters over an alphabet with each class the pattern tells apart.
    #[test]
    #[allow(clippy::unwrap_used)]
    fn plain_name_reads_what_the_name_pattern_captured() {
        let pattern = ascii_regex(r"^\s*([A-Za-z_$][\w$]*)\s*$").unwrap();
        let old = |text: &str| {
            pattern
                .captures(text)
                .map(|c| c.get(1).unwrap().as_str().to_string())
        };
        for text in [
            " path ",
            "tmp.name",
            "$el",
            "_x9",
            "9x",
            "\tname\r\n",
            "",
            "é",
            "aé",
            "a b",
        ] {
            assert_eq!(plain_name(text).map(str::to_string), old(text), "{text:?}");
        }
        let alphabet = [
            "a", "Z", "_", "$", "7", " ", "\t", "\n", "\x0B", ".", "-", "é", "\u{2003}",
        ];
        crate::token_texts::each_token_text(&alphabet, 4, |text| {
            assert_eq!(plain_name(text).map(str::to_string), old(text), "{text:?}");
        });
    }

    /// The import readers capture what the two regexes they replaced captured, match by match: on written
    /// imports, and on every text of up to four tokens after each of a few line starts, over tokens that
    /// reach each part of the patterns and their backtracking (blanks before an empty list, a lone `(`).
    #[test]
    #[allow(clippy::unwrap_used)]
    fn the_import_readers_agree_with_the_import_patterns() {
        let from =
            ascii_regex(r"(?m)^[ \t]*from[ \t]+([\w.]+)[ \t]+import[ \t]+\(?([^\n#)]+)").unwrap();
        let alias = ascii_regex(r"(?m)^[ \t]*import[ \t]+([\w.]+)[ \t]+as[ \t]+(\w+)").unwrap();
        let check = |text: &str| {
            let by_regex = |pattern: &Regex| -> Vec<(String, String)> {
                pattern
                    .captures_iter(text)
                    .map(|c| (c[1].to_string(), c[2].to_string()))
                    .collect()
            };
            let by_reader = |read: fn(&str) -> Option<(&str, &str)>| -> Vec<(String, String)> {
                text.split('\n')
                    .filter_map(read)
                    .map(|(a, b)| (a.to_string(), b.to_string()))
                    .collect()
            };
            assert_eq!(by_reader(from_import), by_regex(&from), "{text:?}");
            assert_eq!(by_reader(import_as), by_regex(&alias), "{text:?}");
        };
        for text in [
            "from os import path, system as run\nimport subprocess as sp\n",
            "  from .pkg.mod import (\n    a,\n)\nfrom x import  \t# none\n",
            "from x import(a)\nimport a.b as c  # note\r\nimportlib\nfrom é import x\n",
            "\tfrom  a  import  ( b , c ) \nfrom a import é, ü",
        ] {
            check(text);
        }
        let starts = [
            "",
            "from a",
            " from a.b ",
            "from a import",
            "import a",
            "\timport a.b as",
        ];
        let tokens = [
            " ", "\t", "(", ")", "#", "\n", "a", ".", "as", "import", ",", "\r", "é",
        ];
        let mut checked = 0;
        crate::token_texts::each_token_text_after(&starts, &tokens, 4, |text| {
            check(text);
            checked += 1;
        });
        assert!(checked > 100_000);
    }
}
