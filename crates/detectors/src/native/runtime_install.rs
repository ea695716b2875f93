//! Packages installed at run time (`pip install`, `python -m pip install`, `npm install`, `yarn add`,
//! `pnpm add`, as a command string or an argv list) whose names imitate popular packages. A dropper that
//! cannot put a typosquat in its own dependencies installs it from code; the package-name checker
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

fn find_installs(segment: &Segment, text: &str, keep: &mut dyn FnMut(Hit) -> bool) {
    let body = segment.text(text);
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
    for (start, end, ecosystem, words) in commands {
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

/// The registry name in an install argument: flags, paths, URLs and files are not names; a version
/// (`==1.2`, `>=1`, `@1.2`, `[extra]`) is cut off.
fn package_name(word: &str, ecosystem: Ecosystem) -> Option<String> {
    // A string's escape (`"pip install x\n"` as written in the source) ends the word.
    let word = word.split('\\').next().unwrap_or_default();
    let word = word.trim_matches(|c| matches!(c, ',' | '\'' | '"'));
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
    use crate::segment::segment_file;
    use skill_scan_model::Language;

    fn installs(text: &str, language: Language, path: &str) -> Vec<String> {
        let mut out = Vec::new();
        for segment in segment_file(text, language, path) {
            find_installs(&segment, text, &mut |hit| {
                out.push(hit.detail.map(|d| d.message).unwrap_or_default());
                true
            });
        }
        out
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
