#![allow(clippy::unwrap_used, clippy::expect_used)]
//! `skill-scan rules` and `skill-scan explain`, next to plain scans.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn skill_scan() -> Command {
    Command::cargo_bin("skill-scan").expect("binary builds")
}

#[test]
fn rules_lists_every_rule_as_text_or_json() {
    skill_scan()
        .arg("rules")
        .assert()
        .code(0)
        .stdout(
            predicate::str::is_match(
                r"(?m)^RCE001 +curl-piped-to-shell +remote_exec +block +T1059.004",
            )
            .unwrap(),
        )
        .stdout(predicate::str::contains("T1059.004"));
    let output = skill_scan()
        .args(["rules", "--format", "json"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let json: Value = serde_json::from_slice(&output).unwrap();
    let rules = json["rules"].as_array().unwrap();
    let rce = rules.iter().find(|r| r["id"] == "RCE001").unwrap();
    assert_eq!(rce["name"], "curl-piped-to-shell");
    assert_eq!(rce["category"], "remote_exec");
    assert_eq!(rce["action"], "block");
    assert!(rce["mitre"]
        .as_array()
        .unwrap()
        .contains(&Value::from("T1059.004")));
}

#[test]
fn explain_prints_the_whole_documentation_with_examples() {
    skill_scan()
        .args(["explain", "RCE001"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with(
            "RCE001 curl-piped-to-shell: Remote script piped into a shell",
        ))
        .stdout(predicate::str::contains("Ship the script"))
        .stdout(predicate::str::contains("example: fires on"))
        .stdout(predicate::str::contains("example: stays quiet on"));
    skill_scan()
        .args(["explain", "curl-piped-to-shell"])
        .assert()
        .code(0);
}

#[test]
fn an_unknown_rule_is_exit_2_with_a_suggestion() {
    skill_scan()
        .args(["explain", "RCE0001"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "no rule \"RCE0001\"; did you mean RCE001 (curl-piped-to-shell)",
        ));
}

#[test]
fn a_folder_named_like_a_command_is_scanned_when_written_as_a_path() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules");
    std::fs::create_dir(&rules).unwrap();
    std::fs::write(rules.join("index.js"), "module.exports = 1;\n").unwrap();
    skill_scan()
        .current_dir(dir.path())
        .arg("./rules")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("verdict: ALLOW"));
    // Scan options do not combine with a command.
    skill_scan()
        .args(["--format", "json", "rules"])
        .assert()
        .code(2);
}
