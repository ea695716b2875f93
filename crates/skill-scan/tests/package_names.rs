#![allow(clippy::unwrap_used)]
//! The package-name rules as a user meets them: a typosquat, a look-alike dependency and a
//! dependency-confusion version are reported by rule id; the real package is not.

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::path::Path;

fn rule_ids_for(files: &[(&str, &str)]) -> (Vec<String>, String) {
    let dir = tempfile::tempdir().unwrap();
    for (rel, text) in files {
        let path: &Path = &dir.path().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    let output = Command::cargo_bin("skill-scan")
        .unwrap()
        .arg(dir.path())
        .args(["--format", "json"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let report = &json["targets"][0];
    let ids = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap().to_string())
        .collect();
    (ids, report["verdict"].as_str().unwrap().to_string())
}

#[test]
fn an_npm_typosquat_is_reviewed_under_pkg001() {
    let (ids, verdict) = rule_ids_for(&[
        (
            "package.json",
            r#"{"name": "expresss", "version": "4.19.2", "main": "index.js"}"#,
        ),
        ("index.js", "module.exports = {};\n"),
    ]);
    assert!(ids.contains(&"PKG001".to_string()), "{ids:?}");
    assert_eq!(verdict, "review");
}

#[test]
fn a_lookalike_python_dependency_and_a_confusion_version_fire() {
    let (ids, _) = rule_ids_for(&[(
        "pyproject.toml",
        "[project]\nname = \"acme-ledger-sync\"\nversion = \"99.1.0\"\ndependencies = [\"reqeusts>=2\"]\n",
    )]);
    assert!(ids.contains(&"PKG002".to_string()), "{ids:?}");
    assert!(ids.contains(&"PKG003".to_string()), "{ids:?}");
}

#[test]
fn the_real_package_is_quiet() {
    let (ids, verdict) = rule_ids_for(&[
        (
            "package.json",
            r#"{"name": "express", "version": "4.19.2", "dependencies": {"debug": "2.6.9", "qs": "6.13.0"}}"#,
        ),
        ("index.js", "module.exports = {};\n"),
    ]);
    assert!(!ids.iter().any(|id| id.starts_with("PKG")), "{ids:?}");
    assert_eq!(verdict, "allow");
}
