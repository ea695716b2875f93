#![allow(clippy::unwrap_used)]
//! The pre-commit hook with a staged lockfile, in a temp git repository against the mock registries of
//! `project_support`: only the dependencies added or changed since HEAD are scanned (`--changed-since
//! HEAD`), the first commit scans them all, and a requirements file with ranges stays a plain file of its
//! package (the hook must not refuse a commit because a project lists `requests>=2`).

mod project_support;

use project_support::{git, registries, skill_scan, text, verdicts};

#[test]
fn a_staged_lockfile_scans_only_what_changed_since_head() {
    let r = registries();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "-q"]);
    // `left` is not on the mock PyPI: scanning it would fail the run, so it must be left out as unchanged.
    std::fs::write(root.join("requirements.txt"), "left==1.0\n").unwrap();
    git(root, &["add", "requirements.txt"]);
    git(root, &["commit", "-qm", "one"]);
    std::fs::write(
        root.join("requirements.txt"),
        "left==1.0\ngoodpy==1.0\nevilpy==1.0\n",
    )
    .unwrap();
    git(root, &["add", "requirements.txt"]);
    let out = skill_scan(
        root,
        &r.env(),
        &["pre-commit", "--format", "json", "requirements.txt"],
    );
    let (_, verdicts) = verdicts(&out);
    assert_eq!(verdicts.len(), 2, "{verdicts:?} {}", text(&out.stderr));
    assert_eq!(verdicts["pypi:goodpy==1.0"], "allow");
    assert_eq!(verdicts["pypi:evilpy==1.0"], "block");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn the_first_commit_scans_every_dependency_of_a_staged_lockfile() {
    let r = registries();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "-q"]);
    std::fs::write(root.join("requirements.txt"), "goodpy==1.0\n").unwrap();
    git(root, &["add", "requirements.txt"]);
    let out = skill_scan(
        root,
        &r.env(),
        &["pre-commit", "--format", "json", "requirements.txt"],
    );
    let (_, verdicts) = verdicts(&out);
    assert_eq!(verdicts.len(), 1, "{verdicts:?} {}", text(&out.stderr));
    assert_eq!(verdicts["pypi:goodpy==1.0"], "allow");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn a_requirements_file_with_ranges_is_a_file_of_its_package() {
    let r = registries();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "-q"]);
    std::fs::write(
        root.join("pyproject.toml"),
        "[project]\nname = \"mine\"\nversion = \"0.1.0\"\n",
    )
    .unwrap();
    std::fs::write(root.join("requirements.txt"), "requests>=2\n").unwrap();
    git(root, &["add", "."]);
    let out = skill_scan(
        root,
        &r.env(),
        &["pre-commit", "--format", "json", "requirements.txt"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let (json, _) = verdicts(&out);
    assert_eq!(json["targets"].as_array().unwrap().len(), 1, "{json}");
}
