//! Files a package's own code loads and runs as code, whatever their names: `SourceFileLoader(name, path)`,
//! `runpy.run_path`, `exec(open(p).read())`, `imp.load_source`, `spec_from_file_location`,
//! `require(path.join(__dirname, 'x.dat'))`, `vm.runInThisContext(fs.readFileSync(p))`, `source ./x.cfg`,
//! `bash x.cfg`. A "theme" called `theme.cfg` that a helper runs as Python is Python, and is scanned as
//! such by the pipeline. Only literal paths, or literals joined with the script's own folder
//! (`os.path.join(os.path.dirname(__file__), 'a', 'b.cfg')`, `Path(__file__).parent / 'b.cfg'`,
//! `path.join(__dirname, 'b.dat')`), are followed: that is how a package names its own files.

use regex::Regex;
use skill_scan_model::{floor_char_boundary, Language};
use std::sync::OnceLock;

/// One load: the path as written (folders joined with `/`), whether it is relative to the loading
/// file's folder (`__file__`, `__dirname`) rather than the working folder, the language it is run as,
/// and the byte offset of the call in the loading file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeLoad {
    pub path: String,
    pub beside_loader: bool,
    pub language: Language,
    pub at: usize,
}

/// Loads found per file; a file naming more is not a package's own helper.
const MAX_LOADS: usize = 32;
/// Bytes of a file searched for loads.
const MAX_SEARCH_BYTES: usize = 1024 * 1024;
/// Characters of a call's arguments read for its path.
const MAX_ARGUMENT_CHARS: usize = 240;

/// The loader calls of a file of `language` and the paths they name.
pub fn code_loads(text: &str, language: Language) -> Vec<CodeLoad> {
    let text = &text[..floor_char_boundary(text, MAX_SEARCH_BYTES)];
    let (pattern, run_as): (&Regex, fn(&str) -> Option<Language>) = match language {
        Language::Python if !may_load_python(text) => return Vec::new(),
        Language::Python => (python_loaders(), |_| Some(Language::Python)),
        Language::Javascript | Language::Typescript => {
            (javascript_loaders(), |_| Some(Language::Javascript))
        }
        Language::Shell => (shell_loaders(), shell_language),
        _ => return Vec::new(),
    };
    let mut loads = Vec::new();
    for found in pattern.captures_iter(text) {
        if loads.len() >= MAX_LOADS {
            break;
        }
        let (Some(call), Some(args)) = (found.get(0), found.name("args")) else {
            continue;
        };
        let Some(language) = run_as(found.name("cmd").map_or("", |m| m.as_str())) else {
            continue;
        };
        let rest =
            &text[args.start()..floor_char_boundary(text, args.start() + MAX_ARGUMENT_CHARS)];
        let shell = language == Language::Shell;
        let Some((path, beside_loader)) = joined_path(rest, shell).or_else(|| {
            // `path = os.path.join(…)` a few lines up, then `SourceFileLoader(name, path)`.
            let name = (!shell).then(|| variable_argument(rest)).flatten()?;
            let value = assigned_value(&text[..call.start()], name)?;
            joined_path(value, false)
        }) else {
            continue;
        };
        loads.push(CodeLoad {
            path,
            beside_loader,
            language,
            at: call.start(),
        });
    }
    loads
}

/// The argument when it is one plain name (`path` in `SourceFileLoader(n, path)`).
pub(crate) fn variable_argument(args: &str) -> Option<&str> {
    let end = args.find([')', ','])?;
    let name = args[..end].trim();
    (!name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$'))
    .then_some(name)
}

/// The right-hand side of the last `name = …` line before the call.
pub(crate) fn assigned_value<'t>(before: &'t str, name: &str) -> Option<&'t str> {
    let mut found = None;
    for line in before.lines() {
        let line = line.trim_start();
        let line = ["const ", "let ", "var "]
            .iter()
            .find_map(|k| line.strip_prefix(k))
            .unwrap_or(line);
        if let Some(rest) = line.strip_prefix(name) {
            let rest = rest.trim_start();
            if let Some(value) = rest.strip_prefix('=').filter(|v| !v.starts_with('=')) {
                found = Some(value.trim().trim_end_matches(';'));
            }
        }
    }
    found
}

/// The language a shell command word runs its file as.
fn shell_language(command: &str) -> Option<Language> {
    match command {
        "source" | "." | "sh" | "bash" | "zsh" | "dash" | "ksh" => Some(Language::Shell),
        "python" | "python3" => Some(Language::Python),
        "node" => Some(Language::Javascript),
        _ => None,
    }
}

/// The path an argument list names: its string literals up to the call's closing parenthesis, joined
/// with `/`, and whether they are joined onto the file's own folder. A shell argument is one word.
pub(crate) fn joined_path(args: &str, shell: bool) -> Option<(String, bool)> {
    if shell {
        let word: String = args
            .chars()
            .take_while(|c| !c.is_whitespace() && !matches!(c, ';' | '&' | '|' | ')' | '`'))
            .filter(|c| *c != '"' && *c != '\'')
            .collect();
        // `$DIR`/`$SCRIPT_DIR` are, by habit, the script's own folder.
        let stripped = ["${SCRIPT_DIR}/", "$SCRIPT_DIR/", "${DIR}/", "$DIR/"]
            .iter()
            .find_map(|prefix| word.strip_prefix(prefix));
        let beside = stripped.is_some();
        let word = stripped.unwrap_or(&word);
        return (!word.is_empty() && !word.contains('$')).then(|| (word.to_string(), beside));
    }
    // The call's own arguments: up to the parenthesis that closes it.
    let mut depth = 0i32;
    let mut end = args.len();
    let mut quote: Option<char> = None;
    for (i, c) in args.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' || c == '`' => quote = Some(c),
            None if c == '(' => depth += 1,
            None if c == ')' && depth == 0 => {
                end = i;
                break;
            }
            None if c == ')' => depth -= 1,
            // `SourceFileLoader(name, path)`'s path is its last argument; `open(p, "r")`'s its first.
            None if c == ',' && depth == 0 => {
                end = i;
                break;
            }
            None => {}
        }
    }
    let argument = &args[..end];
    let beside = argument.contains("__file__") || argument.contains("__dirname");
    // Anything computed other than the file's own folder is not followed.
    let bare = argument
        .replace("__file__", "")
        .replace("__dirname", "")
        .replace("os.path.join", "")
        .replace("os.path.dirname", "")
        .replace("os.path.abspath", "")
        .replace("os.path.realpath", "")
        .replace("path.join", "")
        .replace("path.resolve", "")
        .replace(".parent", "")
        .replace(".resolve()", "")
        .replace("Path", "")
        .replace("pathlib.", "");
    let mut parts = Vec::new();
    let mut rest = bare.as_str();
    while let Some(open) = rest.find(['"', '\'', '`']) {
        let q = rest[open..].chars().next()?;
        let after = &rest[open + 1..];
        let close = after.find(q)?;
        parts.push(&after[..close]);
        if !rest[..open]
            .chars()
            .all(|c| c.is_whitespace() || "(),/+".contains(c))
        {
            return None;
        }
        rest = &after[close + 1..];
    }
    if parts.is_empty()
        || !rest
            .chars()
            .all(|c| c.is_whitespace() || "(),/+.".contains(c))
        || parts.iter().any(|p| p.contains("${") || p.is_empty())
    {
        return None;
    }
    // A part that is only separators (`parent / "/"`) names no folder; a path of nothing but them names no file.
    let path = parts
        .iter()
        .map(|p| p.trim_matches('/'))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("/");
    (!path.is_empty()).then_some((path, beside))
}

/// Whether `text` may hold a match of [`python_loaders`]: one of its loader names, or `exec`/`compile`, `(`,
/// maybe `compile(`, then `open`, `io.open`, `codecs.open`, `Path` or `pathlib.Path`. Building the pattern
/// cost more than the rest of a small script's scan, and most scripts that say `compile` mean
/// `re.compile(`. Blanks are skipped as the pattern's `\s` does (Unicode white space).
fn may_load_python(text: &str) -> bool {
    /// What follows `(` and blanks, when `after` starts with them.
    fn call(after: &str) -> Option<&str> {
        Some(after.trim_start().strip_prefix('(')?.trim_start())
    }
    const NAMES: [&str; 4] = [
        "SourceFileLoader",
        "spec_from_file_location",
        "load_source",
        "runpy.run_path",
    ];
    const OPENERS: [&str; 5] = ["open", "io.open", "codecs.open", "Path", "pathlib.Path"];
    let opens = |inside: &str| OPENERS.iter().any(|o| inside.starts_with(o));
    NAMES.iter().any(|name| text.contains(name))
        || ["exec", "compile"].iter().any(|word| {
            text.match_indices(word).any(|(at, _)| {
                call(&text[at + word.len()..]).is_some_and(|inside| {
                    opens(inside)
                        || inside
                            .strip_prefix("compile")
                            .and_then(call)
                            .is_some_and(opens)
                })
            })
        })
}

// Constant patterns, compiled once: `expect` cannot see scanned data here.
#[allow(clippy::expect_used)]
fn compile(pattern: &str) -> Regex {
    Regex::new(pattern).expect("valid loader pattern")
}

fn python_loaders() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        compile(
            r"(?x)
            (?: \bSourceFileLoader \s*\( [^,()\n]+ , \s*
              | \bspec_from_file_location \s*\( [^,()\n]+ , \s*
              | \bload_source \s*\( [^,()\n]+ , \s*
              | \brunpy\.run_path \s*\( \s*
              | \b(?:exec|compile) \s*\( \s* (?:compile \s*\( \s*)? (?:open|io\.open|codecs\.open) \s*\( \s*
              | \b(?:exec|compile) \s*\( \s* (?:pathlib\.)? Path \s*\( \s*
            ) (?P<args>)",
        )
    })
}

fn javascript_loaders() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        compile(
            r"(?x)
            (?: \brequire \s*\( \s*
              | \b(?:runInThisContext|runInNewContext|runInContext|eval|Function) \s*\( \s* (?:fs\.)? readFileSync \s*\( \s*
            ) (?P<args>)",
        )
    })
}

fn shell_loaders() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        compile(
            r"(?m)(?:^|[;&|(]|\bthen|\bdo)[ \t]*(?:exec[ \t]+)?(?P<cmd>source|\.|sh|bash|zsh|dash|ksh|python3?|node)[ \t]+(?P<args>)[^\s-]",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loads(text: &str, language: Language) -> Vec<(String, bool, Language)> {
        code_loads(text, language)
            .into_iter()
            .map(|l| (l.path, l.beside_loader, l.language))
            .collect()
    }

    #[test]
    fn the_python_gate_lets_through_every_text_the_loader_pattern_matches() {
        // Every text of up to five tokens over an alphabet that reaches each branch of the pattern (and
        // the blanks its `\s` takes): where the pattern matches, the gate must say yes.
        let tokens = [
            "exec",
            "compile",
            "(",
            " ",
            "\u{a0}\n",
            "open",
            "io.",
            "codecs.",
            "Path",
            "pathlib.",
            "x",
            ",",
            "SourceFileLoader",
            "runpy.run_path",
            "load_source",
        ];
        let mut checked = 0;
        crate::token_texts::each_token_text(&tokens, 5, |text| {
            assert!(
                !python_loaders().is_match(text) || may_load_python(text),
                "{text:?}"
            );
            checked += 1;
        });
        assert!(checked > 800_000);
        assert!(may_load_python(
            "exec(compile( open('x').read(), 'x', 'exec'))"
        ));
        assert!(may_load_python(
            "exec (\u{2003}pathlib.Path(p).read_text())"
        ));
        // The near miss: a script that compiles regexes and opens paths, but never as code.
        assert!(!may_load_python(
            "import re\nfrom pathlib import Path\nR = re.compile(r'x')\nPath(p).read_text()\nexec_time = 1"
        ));
    }

    #[test]
    fn a_path_of_only_separators_names_no_file() {
        // Found by the code_loads fuzz target: `"/"` trimmed to nothing made a load with an empty path.
        let text =
            "exec(compile(open(Path(__file__).parent\"/\")\nrunpy.run_path(\"/\" + \"//\")\n";
        assert_eq!(loads(text, Language::Python), []);
        let joined = "exec(open(Path(__file__).parent / \"/\" / \"x.cfg\").read())\n";
        assert_eq!(
            loads(joined, Language::Python),
            [("x.cfg".to_string(), true, Language::Python)]
        );
    }

    #[test]
    fn python_loaders_with_literal_and_joined_paths() {
        let text = r#"
from importlib.machinery import SourceFileLoader
theme = SourceFileLoader("theme", os.path.join(os.path.dirname(__file__), "themes", "dark.cfg")).load_module()
runpy.run_path("tools/setup_helper.dat")
exec(open("hooks/post.cfg").read())
exec(compile(open(Path(__file__).parent / "x.conf").read(), "x", "exec"))
mod = imp.load_source("m", "vendor/m.ini")
exec(open(user_supplied).read())
cfg = os.path.join(os.path.dirname(__file__), "plugins", "extra.conf")
mod = SourceFileLoader("extra", cfg).load_module()
data = open("config.cfg").read()
"#;
        assert_eq!(
            loads(text, Language::Python),
            [
                ("themes/dark.cfg".to_string(), true, Language::Python),
                (
                    "tools/setup_helper.dat".to_string(),
                    false,
                    Language::Python
                ),
                ("hooks/post.cfg".to_string(), false, Language::Python),
                ("x.conf".to_string(), true, Language::Python),
                ("vendor/m.ini".to_string(), false, Language::Python),
                ("plugins/extra.conf".to_string(), true, Language::Python),
            ]
        );
    }

    #[test]
    fn javascript_and_shell_loaders() {
        let js = "const t = require(path.join(__dirname, 'assets', 'theme.dat'));\nconst x = require('./lib/util');\nvm.runInThisContext(fs.readFileSync('./data/x.cfg', 'utf8'));\nconst m = require(name);\n";
        assert_eq!(
            loads(js, Language::Javascript),
            [
                ("assets/theme.dat".to_string(), true, Language::Javascript),
                ("./lib/util".to_string(), false, Language::Javascript),
                ("./data/x.cfg".to_string(), false, Language::Javascript),
            ]
        );
        let sh = "#!/bin/sh\nsource ./settings.cfg\n. \"$DIR/env.conf\"\nif true; then bash tools/run.txt; fi\npython3 -m pip install x\necho source of truth\n";
        assert_eq!(
            loads(sh, Language::Shell),
            [
                ("./settings.cfg".to_string(), false, Language::Shell),
                ("env.conf".to_string(), true, Language::Shell),
                ("tools/run.txt".to_string(), false, Language::Shell),
            ]
        );
    }
}
