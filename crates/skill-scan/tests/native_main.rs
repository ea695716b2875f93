#![allow(clippy::unwrap_used, clippy::expect_used)]
//! An npm platform-binary package whose `main` is a native addon (`.node`, loaded with dlopen) larger than
//! `--max-file-size`: the file is an opaque binary like any other (BIN007, recorded), not a gap in the
//! scan, so the package is not sent to review for its size. A too-large JavaScript main is still a gap.

use assert_cmd::Command;
use std::path::Path;

fn package(dir: &Path, main: &str, body: &[u8]) {
    std::fs::write(
        dir.join("package.json"),
        format!(
            r#"{{"name": "@example/addon-linux-x64-gnu", "version": "1.4.2", "os": ["linux"], "cpu": ["x64"], "main": "{main}"}}"#
        ),
    )
    .unwrap();
    std::fs::write(dir.join(main), body).unwrap();
}

fn scan(dir: &Path) -> serde_json::Value {
    let out = Command::cargo_bin("skill-scan")
        .unwrap()
        .arg(dir)
        .args(["--format", "json", "--max-file-size", "1KiB", "--no-config"])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

#[test]
fn an_oversized_native_addon_main_is_an_opaque_binary_not_a_gap() {
    let dir = tempfile::tempdir().unwrap();
    let mut addon = b"\x7fELF\x02\x01\x01\0".to_vec();
    addon.resize(4096, 0);
    package(dir.path(), "addon.linux-x64-gnu.node", &addon);
    let json = scan(dir.path());
    let target = &json["targets"][0];
    assert_eq!(target["verdict"], "allow", "{target}");
    assert!(target.get("incomplete").is_none(), "{target}");
    let rules: Vec<&str> = target["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["rule_id"].as_str())
        .collect();
    assert!(rules.contains(&"BIN007"), "{target}");
}

#[test]
fn an_oversized_javascript_main_is_still_a_gap() {
    let dir = tempfile::tempdir().unwrap();
    package(dir.path(), "index.js", "// x\n".repeat(1000).as_bytes());
    let json = scan(dir.path());
    let target = &json["targets"][0];
    assert_eq!(target["verdict"], "review", "{target}");
    assert!(
        target["incomplete"].as_str().unwrap().contains("too large"),
        "{target}"
    );
}
