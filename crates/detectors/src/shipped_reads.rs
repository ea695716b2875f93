//! Package files a script reads by a path it names itself, in a script that runs code or an AI CLI:
//! `fs.readFileSync(path.join(__dirname, 'build', 'crc.bin'), 'utf8')`, `open(os.path.join(os.path.dirname(
//! __file__), 'blob.dat')).read()`, `(Path(__file__).parent / 'prompts' / 'task.txt').read_text()`, `with
//! open(p) as fh: … fh.read()`, and in shell `"$(cat "$DIR/task.txt")"`. A file shipped in the package and
//! read by a path the scan can resolve is a constant: the package pass (`package::shipped_reads`) rescans
//! the reader with each read written as a string literal of the file's text, so a payload decoded from it
//! and run is judged as code, and hands a prompt file given to an AI CLI to the instruction rules.
//!
//! Only literal paths, or literals joined with the script's own folder, are followed (the same reading
//! as `crate::loaded_code`). Bounded: [`MAX_READS`] reads per file, the first [`MAX_SEARCH_BYTES`] searched.

use crate::loaded_code::{assigned_value, joined_path, variable_argument};
use regex::Regex;
use skill_scan_model::{floor_char_boundary, Language};
use std::sync::LazyLock;

/// One read: the path as written (folders joined with `/`), whether it is relative to the reading file's
/// folder, and the byte span of the expression that yields the file's text (empty for a shell read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShippedRead {
    pub path: String,
    pub beside_loader: bool,
    pub start: usize,
    pub end: usize,
    /// The expression yields bytes (`'rb'`, `read_bytes()`), not text.
    pub bytes: bool,
}

/// What a file does with the shipped files it reads.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ShippedReads {
    pub reads: Vec<ShippedRead>,
    /// The file holds a code-execution or process sink its reads may reach.
    pub runs_code: bool,
    /// The file launches an AI coding CLI, whose prompt its reads may be.
    pub prompts_ai_cli: bool,
}

/// Reads kept per file.
const MAX_READS: usize = 16;
/// Bytes of a file searched.
const MAX_SEARCH_BYTES: usize = 512 * 1024;
/// Characters of a call's arguments read for its path.
const MAX_ARGUMENT_CHARS: usize = 240;

/// Sinks a decoded file's text can reach, by language.
const PYTHON_SINKS: &[&str] = &[
    "exec(",
    "eval(",
    "compile(",
    "system(",
    "subprocess",
    "Popen",
];
const JAVASCRIPT_SINKS: &[&str] = &[
    "eval(",
    "Function(",
    "_compile(",
    "runInThisContext",
    "runInNewContext",
    "runInContext",
    "Script(",
    "child_process",
];

/// The AI coding CLIs [`AI_CLI`] names, looked for before its pattern is built.
const AI_CLI_NAMES: &[&str] = &[
    "claude",
    "codex",
    "gemini",
    "cursor-agent",
    "opencode",
    "aider",
    "qwen",
    "copilot",
];

/// An AI coding CLI named as a command word.
static AI_CLI: LazyLock<Regex> = LazyLock::new(|| {
    #[allow(clippy::expect_used)] // constant pattern
    Regex::new(r#"(?:^|[\s"'`\[(;|&/])(?:claude|codex|gemini|cursor-agent|opencode|aider|qwen|copilot)(?:["'`\s,)]|$)"#)
        .expect("ai cli pattern")
});

static JS_READ: LazyLock<Regex> = LazyLock::new(|| {
    #[allow(clippy::expect_used)]
    Regex::new(r"\b(?:fs\s*\.\s*)?readFileSync\s*\(\s*").expect("js read pattern")
});

static PY_OPEN: LazyLock<Regex> = LazyLock::new(|| {
    #[allow(clippy::expect_used)]
    Regex::new(r"\b(?P<with>with\s+)?(?:io\.|codecs\.)?open\s*\(\s*").expect("py open pattern")
});

static PY_READ_PATH: LazyLock<Regex> = LazyLock::new(|| {
    #[allow(clippy::expect_used)]
    Regex::new(r"\.\s*read_(?P<kind>text|bytes)\s*\([^()]*\)").expect("py path read pattern")
});

static SHELL_READ: LazyLock<Regex> = LazyLock::new(|| {
    #[allow(clippy::expect_used)]
    Regex::new(r"\$\(\s*(?:cat\s+|<\s*)(?P<args>)").expect("shell read pattern")
});

/// The shipped-file reads of a file of `language`, when it holds a sink they may reach.
pub fn shipped_reads(text: &str, language: Language) -> ShippedReads {
    let text = &text[..floor_char_boundary(text, MAX_SEARCH_BYTES)];
    let sinks: &[&str] = match language {
        Language::Python => PYTHON_SINKS,
        Language::Javascript | Language::Typescript => JAVASCRIPT_SINKS,
        Language::Shell => &[],
        _ => return ShippedReads::default(),
    };
    // Cheap looks first: most scripts read nothing of their own package, and building the patterns costs
    // more than the rest of a small script's look.
    let reads_any = match language {
        Language::Python => ["open(", "read_text", "read_bytes"]
            .iter()
            .any(|m| text.contains(m)),
        Language::Shell => text.contains("$("),
        _ => text.contains("readFileSync"),
    };
    if !reads_any {
        return ShippedReads::default();
    }
    let runs_code = sinks.iter().any(|s| text.contains(s))
        || (language == Language::Python && compiles_code(text));
    let prompts_ai_cli = AI_CLI_NAMES.iter().any(|n| text.contains(n)) && AI_CLI.is_match(text);
    if !runs_code && !prompts_ai_cli {
        return ShippedReads::default();
    }
    let reads = match language {
        Language::Python => python_reads(text),
        Language::Shell => shell_reads(text),
        _ => javascript_reads(text),
    };
    ShippedReads {
        reads,
        runs_code,
        prompts_ai_cli,
    }
}

/// Names the value is followed through per read, and lines read for them.
const MAX_FLOW_NAMES: usize = 8;
const MAX_FLOW_LINES: usize = 4_000;

/// Whether what `read` yields reaches one of the file's code sinks: the sink is on the read's own line,
/// or the value is given a name (`data = …`, `with open(…) as fh`) that a line holding a sink uses,
/// followed through further assignments. A README read into `long_description` beside an `exec` of
/// `version.py` reaches nothing, and its text is no payload.
pub fn read_reaches_sink(text: &str, read: &ShippedRead, language: Language) -> bool {
    let sinks: &[&str] = match language {
        Language::Python => PYTHON_SINKS,
        Language::Javascript | Language::Typescript => JAVASCRIPT_SINKS,
        _ => return false,
    };
    let start = read.start.min(text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let holds_sink = |line: &str| sinks.iter().any(|s| line.contains(s));
    let own = &text[line_start..line_end];
    if holds_sink(own) {
        return true;
    }
    let mut names: Vec<String> = assigned_name(own).into_iter().collect();
    let mut checked = 0;
    while checked < names.len() && names.len() <= MAX_FLOW_NAMES {
        let name = names[checked].clone();
        checked += 1;
        for line in text[line_end..].lines().take(MAX_FLOW_LINES) {
            if !uses_word(line, &name) {
                continue;
            }
            if holds_sink(line) {
                return true;
            }
            if let Some(next) = assigned_name(line) {
                if next != name && !names.contains(&next) && names.len() < MAX_FLOW_NAMES {
                    names.push(next);
                }
            }
        }
    }
    false
}

/// The name a line gives its value to: `NAME = …` (after `const`/`let`/`var`), or `… as NAME:`.
fn assigned_name(line: &str) -> Option<String> {
    let trimmed = line.trim_start();
    let trimmed = ["const ", "let ", "var "]
        .iter()
        .find_map(|k| trimmed.strip_prefix(k))
        .unwrap_or(trimmed);
    let ident = |w: &str| {
        !w.is_empty()
            && w.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || c == '$')
            && w.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
    };
    if let Some(eq) = trimmed.find('=') {
        let name = trimmed[..eq].trim();
        if ident(name) && !trimmed[eq + 1..].starts_with('=') {
            return Some(name.to_string());
        }
    }
    let (_, after) = line.rsplit_once(" as ")?;
    let name = after.trim().trim_end_matches(':').trim();
    ident(name).then(|| name.to_string())
}

/// Whether `word` stands in `line` as a whole identifier.
fn uses_word(line: &str, word: &str) -> bool {
    line.match_indices(word).any(|(at, _)| {
        let part = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
        !line[..at].ends_with(part) && !line[at + word.len()..].starts_with(part)
    })
}

/// Python's `compile(` other than `re.compile(` (and `regex.compile(`): source compiled to run.
fn compiles_code(text: &str) -> bool {
    text.match_indices("compile(")
        .any(|(at, _)| !text[..at].ends_with("re.") && !text[..at].ends_with("regex."))
}

/// The byte offset just past the parenthesis that closes a call whose arguments start at `from`.
fn close_of(text: &str, from: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in text[from..].char_indices() {
        if i > MAX_ARGUMENT_CHARS * 4 {
            return None;
        }
        match quote {
            Some(_) if escaped => escaped = false,
            Some(_) if c == '\\' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if matches!(c, '"' | '\'' | '`') => quote = Some(c),
            None if c == '(' => depth += 1,
            None if c == ')' && depth == 0 => return Some(from + i + 1),
            None if c == ')' => depth -= 1,
            None => {}
        }
    }
    None
}

/// The path a call's first argument names: literals joined with the file's folder, or a plain name
/// assigned such a value earlier in the file.
fn argument_path(text: &str, args: usize) -> Option<(String, bool)> {
    let rest = &text[args..floor_char_boundary(text, args + MAX_ARGUMENT_CHARS)];
    joined_path(&cleaned(rest), false).or_else(|| {
        let name = variable_argument(rest)?;
        let value = assigned_value(&text[..args], name)?;
        joined_path(&cleaned(value), false)
    })
}

/// Path helpers the shared reading does not strip.
fn cleaned(expression: &str) -> String {
    expression
        .replace(".joinpath", "")
        .replace("fileURLToPath(import.meta.url)", "__dirname")
}

fn push(reads: &mut Vec<ShippedRead>, read: ShippedRead) -> bool {
    if reads.iter().all(|r| r.start != read.start) {
        reads.push(read);
    }
    reads.len() < MAX_READS
}

fn javascript_reads(text: &str) -> Vec<ShippedRead> {
    let mut reads = Vec::new();
    for found in JS_READ.find_iter(text) {
        let Some(end) = close_of(text, found.end()) else {
            continue;
        };
        let Some((path, beside_loader)) = argument_path(text, found.end()) else {
            continue;
        };
        let read = ShippedRead {
            path,
            beside_loader,
            start: found.start(),
            end,
            bytes: false,
        };
        if !push(&mut reads, read) {
            break;
        }
    }
    reads
}

fn python_reads(text: &str) -> Vec<ShippedRead> {
    let mut reads = Vec::new();
    for found in PY_OPEN.captures_iter(text) {
        let Some(call) = found.get(0) else {
            continue;
        };
        let Some(close) = close_of(text, call.end()) else {
            continue;
        };
        let Some((path, beside_loader)) = argument_path(text, call.end()) else {
            continue;
        };
        let bytes =
            text[call.end()..close].contains("'rb'") || text[call.end()..close].contains("\"rb\"");
        let after = &text[close..];
        let read = if found.name("with").is_some() {
            // `with open(p) as fh:` … `fh.read()`: the first read of the handle.
            let Some(name) = handle_name(after) else {
                continue;
            };
            let Some((start, end)) = handle_read(text, close, name) else {
                continue;
            };
            ShippedRead {
                path,
                beside_loader,
                start,
                end,
                bytes,
            }
        } else {
            let Some(len) = read_call_len(after, "read") else {
                continue;
            };
            ShippedRead {
                path,
                beside_loader,
                start: call.start(),
                end: close + len,
                bytes,
            }
        };
        if !push(&mut reads, read) {
            return reads;
        }
    }
    for found in PY_READ_PATH.captures_iter(text) {
        let Some(call) = found.get(0) else {
            continue;
        };
        let bytes = found.name("kind").is_some_and(|k| k.as_str() == "bytes");
        let Some((start, expression)) = receiver(text, call.start()) else {
            continue;
        };
        let path = if expression.chars().all(|c| c.is_alphanumeric() || c == '_') {
            assigned_value(&text[..start], expression)
                .and_then(|value| joined_path(&cleaned(value), false))
        } else {
            joined_path(&cleaned(expression.trim_start_matches('(')), false)
        };
        let Some((path, beside_loader)) = path else {
            continue;
        };
        let read = ShippedRead {
            path,
            beside_loader,
            start,
            end: call.end(),
            bytes,
        };
        if !push(&mut reads, read) {
            break;
        }
    }
    reads
}

/// The length of `.NAME()` at the start of `after` (blanks allowed around the dot).
fn read_call_len(after: &str, name: &str) -> Option<usize> {
    let trimmed = after.trim_start();
    let rest = trimmed.strip_prefix('.')?.trim_start().strip_prefix(name)?;
    let rest = rest
        .trim_start()
        .strip_prefix('(')?
        .trim_start()
        .strip_prefix(')')?;
    Some(after.len() - rest.len())
}

/// `fh` in ` as fh:` right after a `with open(…)`.
fn handle_name(after: &str) -> Option<&str> {
    let rest = after.trim_start().strip_prefix("as")?;
    let rest = rest.strip_prefix(|c: char| c.is_whitespace())?.trim_start();
    let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_'))?;
    let name = &rest[..end];
    (!name.is_empty() && rest[end..].trim_start().starts_with(':')).then_some(name)
}

/// The span of the first `NAME.read()` after `from`, within the next few lines.
fn handle_read(text: &str, from: usize, name: &str) -> Option<(usize, usize)> {
    let window = &text[from..floor_char_boundary(text, from + MAX_ARGUMENT_CHARS * 4)];
    let mut at = 0;
    while let Some(found) = window[at..].find(name) {
        let start = at + found;
        let before_ok = window[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '.'));
        if before_ok {
            if let Some(len) = read_call_len(&window[start + name.len()..], "read") {
                return Some((from + start, from + start + name.len() + len));
            }
        }
        at = start + name.len();
    }
    None
}

/// The receiver of a method call whose `.` is at `dot`: a name, or a parenthesised or called expression
/// chain (`(Path(__file__).parent / 'a.txt')`, `Path(__file__).parent.joinpath('a.txt')`), with its start.
fn receiver(text: &str, dot: usize) -> Option<(usize, &str)> {
    let before = text[..dot].trim_end();
    let end = before.len();
    let mut start = end;
    let bytes = before.as_bytes();
    let mut steps = 0;
    while start > 0 && steps < 64 {
        steps += 1;
        let c = bytes[start - 1];
        if c == b')' {
            // Back over the group to its opening parenthesis.
            let mut depth = 0usize;
            let mut i = start;
            loop {
                if i == 0 || start - i > MAX_ARGUMENT_CHARS {
                    return None;
                }
                i -= 1;
                match bytes[i] {
                    b')' => depth += 1,
                    b'(' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
            }
            start = i;
        } else if c.is_ascii_alphanumeric() || c == b'_' || c == b'.' {
            start -= 1;
        } else {
            break;
        }
    }
    let expression = &before[start..end];
    (!expression.is_empty()).then_some((start, expression))
}

fn shell_reads(text: &str) -> Vec<ShippedRead> {
    let mut reads = Vec::new();
    for found in SHELL_READ.captures_iter(text) {
        let Some(args) = found.name("args") else {
            continue;
        };
        let rest =
            &text[args.start()..floor_char_boundary(text, args.start() + MAX_ARGUMENT_CHARS)];
        let Some((path, beside_loader)) = joined_path(rest, true) else {
            continue;
        };
        let read = ShippedRead {
            path,
            beside_loader,
            start: args.start(),
            end: args.start(),
            bytes: false,
        };
        if !push(&mut reads, read) {
            break;
        }
    }
    reads
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(text: &str, language: Language) -> Vec<(String, bool, String)> {
        shipped_reads(text, language)
            .reads
            .into_iter()
            .map(|r| (r.path, r.beside_loader, text[r.start..r.end].to_string()))
            .collect()
    }

    #[test]
    fn reads_by_the_scripts_own_folder_are_found_with_their_spans() {
        let js = "const file = path.join(__dirname, 'build', 'crc.bin');\nconst raw = fs.readFileSync(file, 'utf8').trim();\nmodule._compile(x, file);\n";
        assert_eq!(
            paths(js, Language::Javascript),
            vec![(
                "build/crc.bin".into(),
                true,
                "fs.readFileSync(file, 'utf8')".into()
            )]
        );
        let py = "exec(unpack(open(os.path.join(os.path.dirname(__file__), 'blob.dat')).read()))\n";
        assert_eq!(
            paths(py, Language::Python),
            vec![(
                "blob.dat".into(),
                true,
                "open(os.path.join(os.path.dirname(__file__), 'blob.dat')).read()".into()
            )]
        );
        let prompt = "ask = (pathlib.Path(__file__).parent.parent / 'prompts' / 'inv.txt').read_text()\nsubprocess.run(['claude', '-p', ask])\n";
        assert_eq!(
            paths(prompt, Language::Python),
            vec![(
                "prompts/inv.txt".into(),
                true,
                "(pathlib.Path(__file__).parent.parent / 'prompts' / 'inv.txt').read_text()".into()
            )]
        );
        let with = "with open('data/key.txt', 'rb') as fh:\n    k = fh.read()\nexec(k)\n";
        let found = shipped_reads(with, Language::Python).reads;
        assert_eq!(found.len(), 1);
        assert_eq!(&with[found[0].start..found[0].end], "fh.read()");
        assert!(found[0].bytes);
        let shell =
            "DIR=$(cd \"$(dirname \"$0\")\" && pwd)\ncodex exec \"$(cat \"$DIR/task.txt\")\"\n";
        assert_eq!(
            shipped_reads(shell, Language::Shell)
                .reads
                .into_iter()
                .map(|r| (r.path, r.beside_loader))
                .collect::<Vec<_>>(),
            vec![("task.txt".to_string(), true)]
        );
    }

    #[test]
    fn reads_without_a_sink_or_of_computed_paths_are_not_followed() {
        // No code sink and no AI CLI: a template read for printing.
        let js = "const tpl = fs.readFileSync(path.join(__dirname, 'page.txt'), 'utf8');\nconsole.log(tpl);\n";
        assert_eq!(
            shipped_reads(js, Language::Javascript),
            ShippedReads::default()
        );
        // A path the user passes is not the package's file.
        let py = "exec(open(sys.argv[1]).read())\n";
        assert!(shipped_reads(py, Language::Python).reads.is_empty());
        let shell = "claude -p \"$(cat \"$1\")\"\n";
        assert!(shipped_reads(shell, Language::Shell).reads.is_empty());
    }

    #[test]
    fn hostile_text_stays_bounded() {
        let deep = format!(
            "exec(open({}'a'{}).read())",
            "(".repeat(10_000),
            ")".repeat(10_000)
        );
        let _ = shipped_reads(&deep, Language::Python);
        let many = "exec(open('a.txt').read())\n".repeat(5_000);
        assert_eq!(
            shipped_reads(&many, Language::Python).reads.len(),
            MAX_READS
        );
        let back = format!("{}.read_text()\nexec(x)", ")".repeat(50_000));
        let _ = shipped_reads(&back, Language::Python);
    }

    #[test]
    fn only_reads_that_reach_a_sink_count() {
        let text = "with io.open(\"README.rst\") as fh:\n    long_description = fh.read()\nwith open(os.path.join(root, \"pkg/version.py\")) as fp:\n    exec(fp.read(), version)\nsetup(long_description=long_description)\n";
        let reads = shipped_reads(text, Language::Python);
        let reaching: Vec<&str> = reads
            .reads
            .iter()
            .filter(|r| read_reaches_sink(text, r, Language::Python))
            .map(|r| r.path.as_str())
            .collect();
        assert!(
            reaching.iter().all(|p| p.ends_with("version.py")),
            "{reaching:?}"
        );
        let js = "const blob = fs.readFileSync(path.join(__dirname, 'x.bin'), 'utf8');\nconst code = unpack(blob);\nmodule._compile(code, 'x.js');\n";
        let reads = shipped_reads(js, Language::Javascript);
        assert!(!reads.reads.is_empty());
        assert!(reads
            .reads
            .iter()
            .all(|r| read_reaches_sink(js, r, Language::Javascript)));
    }
}
