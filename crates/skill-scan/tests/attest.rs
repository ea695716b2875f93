#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Prove it later: `key generate`, `--attest` and `verify`, checked against the vendored JSON Schemas, and
//! failing clearly when a byte of the target, the statement or the signature changes.

use assert_cmd::Command;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use predicates::prelude::*;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

fn skill_scan() -> Command {
    let mut cmd = Command::cargo_bin("skill-scan").expect("binary builds");
    cmd.env_remove("SKILL_SCAN_SIGNING_KEY");
    cmd
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A small skill whose scan says review (a download it then runs).
fn skill(root: &Path) -> PathBuf {
    let dir = root.join("skill");
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        dir.join("SKILL.md"),
        "---\nname: fetcher\ndescription: Fetches the weather.\n---\n# Fetcher\nRun `scripts/get.sh`.\n",
    )
    .unwrap();
    fs::create_dir_all(dir.join("scripts")).unwrap();
    fs::write(
        dir.join("scripts/get.sh"),
        "#!/bin/sh\ncurl -s https://example.invalid/weather.json\n",
    )
    .unwrap();
    dir
}

fn keys(root: &Path) -> (PathBuf, PathBuf) {
    let key = root.join("signing.key");
    skill_scan()
        .args(["key", "generate"])
        .arg(&key)
        .assert()
        .success()
        .stdout(predicate::str::contains("key id"))
        .stdout(predicate::str::contains("PRIVATE").not());
    (key.clone(), root.join("signing.key.pub"))
}

fn attest(root: &Path, target: &Path, key: &Path) -> PathBuf {
    let bundle = root.join("verdict.intoto.jsonl");
    skill_scan()
        .args(["--no-config", "--quiet", "--attest"])
        .arg(&bundle)
        .arg("--key")
        .arg(key)
        .arg(target)
        .assert()
        .code(predicate::in_iter([0, 1]));
    bundle
}

fn schema(name: &str) -> jsonschema::Validator {
    let text = fs::read_to_string(repo_root().join("docs/schemas").join(name)).unwrap();
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap()
}

fn assert_valid(validator: &jsonschema::Validator, doc: &Value) {
    let errors: Vec<String> = validator.iter_errors(doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}\n{doc:#}");
}

#[test]
fn sign_then_verify_passes_and_says_what_was_decided() {
    let tmp = tempfile::tempdir().unwrap();
    let target = skill(tmp.path());
    let (key, public) = keys(tmp.path());
    let bundle = attest(tmp.path(), &target, &key);

    let line = fs::read_to_string(&bundle).unwrap();
    let envelope: Value = serde_json::from_str(line.trim()).unwrap();
    assert_valid(&schema("dsse-envelope.schema.json"), &envelope);
    let payload = STANDARD
        .decode(envelope["payload"].as_str().unwrap())
        .unwrap();
    let statement: Value = serde_json::from_slice(&payload).unwrap();
    assert_valid(&schema("verdict-statement.schema.json"), &statement);
    assert!(statement["subject"][0]["digest"]["skillScanTree/v1"].is_string());

    skill_scan()
        .arg("verify")
        .arg(&bundle)
        .arg(&target)
        .arg("--public-key")
        .arg(&public)
        .assert()
        .success()
        .stdout(predicate::str::contains("signature: good"))
        .stdout(predicate::str::contains("matches (skillScanTree/v1:"))
        .stdout(predicate::str::contains(format!(
            "decided: {} by skill-scan",
            statement["predicate"]["verdict"].as_str().unwrap()
        )))
        .stdout(predicate::str::contains("policy: profile default"));
}

#[test]
fn a_changed_byte_in_the_target_fails_verify() {
    let tmp = tempfile::tempdir().unwrap();
    let target = skill(tmp.path());
    let (key, public) = keys(tmp.path());
    let bundle = attest(tmp.path(), &target, &key);
    fs::write(
        target.join("scripts/get.sh"),
        "#!/bin/sh\ncurl -s https://example.invalid/weather.jsoN\n",
    )
    .unwrap();
    skill_scan()
        .arg("verify")
        .arg(&bundle)
        .arg(&target)
        .arg("--public-key")
        .arg(&public)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("verification FAILED"))
        .stderr(predicate::str::contains("changed since it was attested"));
}

#[test]
fn a_changed_byte_in_the_statement_or_the_signature_fails_verify() {
    let tmp = tempfile::tempdir().unwrap();
    let target = skill(tmp.path());
    let (key, public) = keys(tmp.path());
    let bundle = attest(tmp.path(), &target, &key);
    let original: Value =
        serde_json::from_str(fs::read_to_string(&bundle).unwrap().trim()).unwrap();

    let mut payload = STANDARD
        .decode(original["payload"].as_str().unwrap())
        .unwrap();
    let at = payload
        .windows(9)
        .position(|w| w == b"\"verdict\"")
        .unwrap()
        + 12;
    payload[at] ^= 0x20;
    let mut statement_changed = original.clone();
    statement_changed["payload"] = STANDARD.encode(&payload).into();

    let mut sig = STANDARD
        .decode(original["signatures"][0]["sig"].as_str().unwrap())
        .unwrap();
    sig[10] ^= 1;
    let mut signature_changed = original;
    signature_changed["signatures"][0]["sig"] = STANDARD.encode(&sig).into();

    for tampered in [statement_changed, signature_changed] {
        fs::write(&bundle, format!("{tampered}\n")).unwrap();
        skill_scan()
            .arg("verify")
            .arg(&bundle)
            .arg(&target)
            .arg("--public-key")
            .arg(&public)
            .assert()
            .code(1)
            .stderr(predicate::str::contains("signature check FAILED"));
    }
}

#[test]
fn a_file_is_named_by_its_sha256_and_the_key_can_come_from_the_environment() {
    let tmp = tempfile::tempdir().unwrap();
    // A file target (an archive, or as here a single script) is named by its bytes' sha256.
    let file = tmp.path().join("tool.sh");
    fs::write(&file, "#!/bin/sh\necho hello\n").unwrap();
    let (key, public) = keys(tmp.path());
    let bundle = tmp.path().join("b.jsonl");
    skill_scan()
        .env("SKILL_SCAN_SIGNING_KEY", fs::read_to_string(&key).unwrap())
        .args(["--no-config", "--quiet", "--attest"])
        .arg(&bundle)
        .arg(&file)
        .assert()
        .success();
    skill_scan()
        .arg("verify")
        .arg(&bundle)
        .arg(&file)
        .arg("--public-key")
        .arg(&public)
        .assert()
        .success()
        .stdout(predicate::str::contains("matches (sha256:"));
}

#[test]
fn attesting_without_a_key_is_refused_before_scanning() {
    let tmp = tempfile::tempdir().unwrap();
    let target = skill(tmp.path());
    skill_scan()
        .args(["--no-config", "--attest"])
        .arg(tmp.path().join("x.jsonl"))
        .arg(&target)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no signing key"));
    assert!(!tmp.path().join("x.jsonl").exists());
}
