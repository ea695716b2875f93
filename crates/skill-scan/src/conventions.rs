//! The command-line conventions people bring from ripgrep, ruff and cargo: `--exit-zero`, `--exclude GLOB`,
//! `-j N`, `-` for standard input (a list of targets, or one file), `--output-sarif FILE` beside the main
//! format, and output that fits the terminal.

use crate::setup::Setup;
use crate::{ScanOptions, Scanner};
use clap::Args;
use skill_scan_model::TargetReport;
use skill_scan_walk::{FileEntry, Walked};
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, Clone, Args)]
pub(crate) struct ConventionArgs {
    /// Exit 0 even when a verdict is at or above --fail-on (errors still exit 2).
    #[arg(long)]
    pub exit_zero: bool,

    /// Do not scan paths matching this glob (relative to each target; `*` also matches `/`); listed as
    /// skipped. Repeat for more globs; added to the config's `exclude`.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// Scan with this many threads [default: one per core].
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,

    /// Also write SARIF to this file, from the same scan (the main format still goes to stdout or -o).
    #[arg(long, value_name = "FILE")]
    pub output_sarif: Option<PathBuf>,

    /// With `-` as a target: the name standard input is scanned under (`SKILL.md`, `setup.py`, …); it
    /// is then always one file, never a list of targets.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
}

/// The bytes of the one file standard input held.
pub(crate) type StdinFile = Arc<[u8]>;

/// What `-` read from standard input.
#[derive(Debug, PartialEq, Eq)]
enum StdinInput {
    /// Targets, one a line (every line names an existing path or a registry package).
    List(Vec<String>),
    /// The bytes of one file.
    File(Vec<u8>),
}

impl ConventionArgs {
    /// Replaces a `-` target by the targets standard input lists, or keeps it and returns the bytes of
    /// the one file it holds (at most `max_bytes`). Standard input is read once, and only when asked.
    pub(crate) fn read_stdin(
        &self,
        targets: &[String],
        max_bytes: u64,
    ) -> Result<(Vec<String>, Option<StdinFile>), String> {
        if !targets.iter().any(|t| t == "-") {
            return Ok((targets.to_vec(), None));
        }
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .take(max_bytes.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        if bytes.len() as u64 > max_bytes {
            return Err(format!(
                "standard input is larger than --max-file-size ({max_bytes} bytes)"
            ));
        }
        let input = match self.stdin_filename {
            Some(_) => StdinInput::File(bytes),
            None => classify_stdin(bytes, &|p| Path::new(p).exists()),
        };
        match input {
            StdinInput::List(listed) => {
                let mut out = Vec::new();
                for target in targets {
                    if target == "-" {
                        out.extend(listed.iter().cloned());
                    } else {
                        out.push(target.clone());
                    }
                }
                Ok((out, None))
            }
            StdinInput::File(bytes) => Ok((targets.to_vec(), Some(Arc::from(bytes)))),
        }
    }

    /// Scans standard input as a one-file package named `--stdin-filename` (else `stdin`).
    pub(crate) fn scan_stdin(
        &self,
        scanner: &Scanner,
        bytes: &Arc<[u8]>,
        options: &ScanOptions,
    ) -> TargetReport {
        let name = self.stdin_filename.as_deref().unwrap_or("stdin");
        let walked = Walked {
            files: vec![FileEntry::memory(name, Arc::clone(bytes))],
            ..Walked::default()
        };
        scanner.scan_walked("-", walked, options)
    }

    /// `-j N`: the size of the thread pool every scan runs on (once per process; later calls keep it).
    /// Without it, small local `targets` run on the calling thread alone ([`crate::small_target`]).
    pub(crate) fn set_jobs(&self, targets: &[String]) {
        match self.jobs {
            Some(jobs) => {
                let _ = rayon::ThreadPoolBuilder::new()
                    .num_threads(usize::from(jobs))
                    .build_global();
            }
            None => crate::small_target::run_in_place_if_small(targets),
        }
    }

    /// `--exclude` globs added to the configuration's.
    pub(crate) fn add_excludes(&self, mut setup: Setup) -> Result<Setup, String> {
        setup.policy = setup.policy.with_cli_excludes(&self.exclude)?;
        Ok(setup)
    }
}

/// A list when every non-blank, non-`#` line names an existing path (`exists`) or a registry package;
/// anything else is one file's text.
fn classify_stdin(bytes: Vec<u8>, exists: &dyn Fn(&str) -> bool) -> StdinInput {
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return StdinInput::File(bytes);
    };
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect();
    let names_targets = !lines.is_empty()
        && lines.iter().all(|line| {
            skill_scan_registry::parse_spec(line).is_some_and(|spec| spec.is_ok()) || exists(line)
        });
    if names_targets {
        StdinInput::List(lines.into_iter().map(str::to_string).collect())
    } else {
        StdinInput::File(bytes)
    }
}

/// Columns for text output: the terminal's width when standard output is one, else `COLUMNS` when set,
/// else the renderer's default.
pub(crate) fn output_width(to_file: bool) -> Option<usize> {
    let from_terminal = (!to_file && std::io::stdout().is_terminal())
        .then(terminal_size::terminal_size)
        .flatten()
        .map(|(width, _)| usize::from(width.0));
    from_terminal.or_else(|| {
        std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<usize>().ok())
            .filter(|&c| c > 0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_input_is_a_list_only_when_every_line_names_a_target() {
        let exists = |p: &str| matches!(p, "./a" | "b");
        assert_eq!(
            classify_stdin(b"# list\n./a\n\nnpm:left-pad@1.3.0\nb\n".to_vec(), &exists),
            StdinInput::List(vec!["./a".into(), "npm:left-pad@1.3.0".into(), "b".into()])
        );
        let code = b"import os\nos.system('id')\n".to_vec();
        assert_eq!(
            classify_stdin(code.clone(), &exists),
            StdinInput::File(code)
        );
        assert_eq!(
            classify_stdin(Vec::new(), &exists),
            StdinInput::File(Vec::new())
        );
        assert_eq!(
            classify_stdin(vec![0xff, 0x00], &exists),
            StdinInput::File(vec![0xff, 0x00])
        );
    }
}
