#![allow(clippy::unwrap_used, clippy::expect_used)]
//! When text output is coloured (`--color auto`), through the supports-color crate: on a terminal unless
//! `NO_COLOR` is set or `TERM` is `dumb`; never on a pipe unless `FORCE_COLOR` or `CLICOLOR_FORCE` (not `0`)
//! ask for it; never into `--output FILE`. The terminal cases run under a pseudo-terminal (`script`, from
//! util-linux), since a test's pipe is never one.

use std::path::{Path, PathBuf};
use std::process::Command;

const COLOUR_VARS: [&str; 8] = [
    "NO_COLOR",
    "FORCE_COLOR",
    "CLICOLOR",
    "CLICOLOR_FORCE",
    "TERM",
    "COLORTERM",
    "CI",
    "IGNORE_IS_TERMINAL",
];

/// A corpus sample that is blocked, so the text report has a coloured verdict.
fn blocked_skill(_dir: &Path) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus/malicious/npm/preinstall-curl-sh")
}

fn command(program: &str, env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(program);
    for var in COLOUR_VARS {
        command.env_remove(var);
    }
    command.envs(env.iter().copied());
    command
}

/// stdout of a scan written to a pipe.
fn piped(target: &Path, env: &[(&str, &str)], extra: &[&str]) -> String {
    let out = command(env!("CARGO_BIN_EXE_skill-scan"), env)
        .arg(target)
        .args(["--no-config"])
        .args(extra)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// stdout of a scan written to a pseudo-terminal.
fn on_a_terminal(target: &Path, env: &[(&str, &str)]) -> String {
    let line = format!(
        "'{}' '{}' --no-config",
        env!("CARGO_BIN_EXE_skill-scan"),
        target.display()
    );
    let out = command("script", env)
        .args(["-qec", &line, "/dev/null"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn coloured(output: &str) -> bool {
    assert!(output.contains("BLOCK"), "no report: {output}");
    output.contains("\u{1b}[")
}

#[test]
fn a_pipe_is_plain_unless_colour_is_forced() {
    let dir = tempfile::tempdir().unwrap();
    let skill = blocked_skill(dir.path());
    assert!(!coloured(&piped(
        &skill,
        &[("TERM", "xterm-256color")],
        &[]
    )));
    assert!(coloured(&piped(&skill, &[("FORCE_COLOR", "1")], &[])));
    assert!(coloured(&piped(&skill, &[("CLICOLOR_FORCE", "1")], &[])));
    assert!(!coloured(&piped(&skill, &[("CLICOLOR_FORCE", "0")], &[])));
    assert!(!coloured(&piped(&skill, &[("FORCE_COLOR", "0")], &[])));
    assert!(coloured(&piped(&skill, &[], &["--color", "always"])));
    // Forced colour never goes into a file.
    let file = dir.path().join("report.txt");
    piped(
        &skill,
        &[("FORCE_COLOR", "1")],
        &["--output", file.to_str().unwrap()],
    );
    assert!(!std::fs::read_to_string(&file).unwrap().contains('\u{1b}'));
}

#[test]
fn a_terminal_is_coloured_unless_no_color_or_a_dumb_term() {
    let dir = tempfile::tempdir().unwrap();
    let skill = blocked_skill(dir.path());
    assert!(coloured(&on_a_terminal(&skill, &[("TERM", "xterm")])));
    assert!(!coloured(&on_a_terminal(
        &skill,
        &[("TERM", "xterm"), ("NO_COLOR", "1")]
    )));
    assert!(!coloured(&on_a_terminal(&skill, &[("TERM", "dumb")])));
    // FORCE_COLOR wins over a dumb terminal (the user asked for it).
    assert!(coloured(&on_a_terminal(
        &skill,
        &[("TERM", "dumb"), ("FORCE_COLOR", "1")]
    )));
}
