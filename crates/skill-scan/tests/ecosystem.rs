#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The command line as a newcomer from other tools meets it (issue 20): what the README promises about
//! commands and targets, the words of a reason, and the code line a finding shows.

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::path::Path;

fn skill_scan() -> Command {
    let mut command = Command::cargo_bin("skill-scan").expect("binary builds");
    command
        .env_remove("FORCE_COLOR")
        .env_remove("CLICOLOR_FORCE");
    command
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A typosquat: a name one edit from a popular package, and nothing else wrong.
fn typosquat(root: &Path) {
    write(
        root,
        "package.json",
        "{\n  \"name\": \"expresss\",\n  \"version\": \"4.19.2\",\n  \"main\": \"index.js\"\n}\n",
    );
    write(root, "index.js", "module.exports = {};\n");
}

#[test]
fn a_command_word_after_scan_options_is_a_usage_error_as_the_readme_says() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("rules")).unwrap();
    let out = skill_scan()
        .current_dir(dir.path())
        .args(["--format", "json", "rules"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stdout));
    let err = text(&out.stderr);
    assert!(err.contains("./rules"), "{err}");
    // Written as a path, the folder is scanned.
    let out = skill_scan()
        .current_dir(dir.path())
        .args(["--format", "json", "./rules"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn a_typosquat_reason_does_not_claim_install_time_code() {
    let dir = tempfile::tempdir().unwrap();
    typosquat(dir.path());
    let out = skill_scan()
        .arg(dir.path())
        .args(["--format", "json"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let reasons = json["targets"][0]["reasons"].as_array().unwrap();
    let rationale = reasons[0]["rationale"].as_str().unwrap();
    assert!(rationale.contains("supply chain"), "{rationale}");
    assert!(!rationale.contains("installed"), "{rationale}");
}

#[test]
fn a_package_name_finding_shows_the_manifest_line_as_written() {
    let dir = tempfile::tempdir().unwrap();
    typosquat(dir.path());
    let out = skill_scan().arg(dir.path()).output().unwrap();
    let stdout = text(&out.stdout);
    assert!(stdout.contains("\"name\": \"expresss\","), "{stdout}");
}
