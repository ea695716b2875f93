#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The GitHub Action's two scripts, run here as the Action runs them (bash): `action/discover.sh` turns
//! `paths` globs into packages, and `action/install.sh` installs a release binary only when its sha256 is
//! the one SHA256SUMS lists (against a release this test serves on 127.0.0.1), then reuses the tool cache.

use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn script(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../action")
        .join(name)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn touch(root: &Path, rel: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, "x\n").unwrap();
}

fn discover(root: &Path, paths: &str) -> Output {
    Command::new("bash")
        .arg(script("discover.sh"))
        .arg(paths)
        .current_dir(root)
        .output()
        .unwrap()
}

#[test]
fn globs_expand_to_the_packages_they_hold() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    touch(root, "skills/pdf/SKILL.md");
    touch(root, "skills/pdf/scripts/package.json");
    touch(root, "skills/web/SKILL.md");
    touch(root, "skills/README.md");
    touch(root, "packages/a/package.json");
    touch(root, "packages/a/node_modules/dep/package.json");
    touch(root, "packages/group/b/pyproject.toml");
    touch(root, "tools/.mcp.json");
    touch(root, "docs/guide.md");

    let out = discover(root, "skills/*\npackages");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "skills/pdf\nskills/web\npackages/a\npackages/group/b\n"
    );
    // `.` finds every topmost package, not the repository as one package.
    let out = discover(root, ".");
    assert_eq!(
        text(&out.stdout),
        "packages/a\npackages/group/b\nskills/pdf\nskills/web\ntools\n"
    );
    // A marker file stands for its package; a file named outright is scanned as it is.
    let out = discover(root, "**/SKILL.md docs/guide.md");
    assert_eq!(text(&out.stdout), "skills/pdf\nskills/web\ndocs/guide.md\n");
}

#[test]
fn a_glob_that_matches_nothing_names_itself() {
    let dir = tempfile::tempdir().unwrap();
    touch(dir.path(), "docs/guide.md");
    let out = discover(dir.path(), "skills/*");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no file or folder matches skills/*"));
    let out = discover(dir.path(), "docs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("no package"),
        "{}",
        text(&out.stderr)
    );
}

/// Serves `files` (path → body) on 127.0.0.1 and returns the base URL.
fn serve(files: HashMap<String, Vec<u8>>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = Vec::new();
            let mut buf = [0u8; 1024];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => request.extend_from_slice(&buf[..n]),
                }
            }
            let path = text(&request)
                .split_whitespace()
                .nth(1)
                .unwrap_or("/")
                .to_string();
            let (status, body) = match files.get(&path) {
                Some(body) => (200, body.clone()),
                None => (404, b"not found".to_vec()),
            };
            let head = format!(
                "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    base
}

fn release_asset() -> (String, Vec<u8>) {
    let target = match std::env::consts::ARCH {
        "aarch64" => "aarch64-unknown-linux-gnu",
        _ => "x86_64-unknown-linux-musl",
    };
    let mut builder = tar::Builder::new(flate2::write::GzEncoder::new(
        Vec::new(),
        flate2::Compression::fast(),
    ));
    let body = b"#!/bin/sh\necho fake skill-scan\n";
    let mut header = tar::Header::new_gnu();
    header.set_size(body.len() as u64);
    header.set_mode(0o755);
    header.set_cksum();
    builder
        .append_data(&mut header, "skill-scan", &body[..])
        .unwrap();
    let bytes = builder.into_inner().unwrap().finish().unwrap();
    (format!("skill-scan-{target}.tar.gz"), bytes)
}

fn install(releases: &str, cache: &Path) -> Output {
    Command::new("bash")
        .arg(script("install.sh"))
        .arg("0.1.0")
        .env("SKILL_SCAN_RELEASES", releases)
        .env("RUNNER_TOOL_CACHE", cache)
        .output()
        .unwrap()
}

#[test]
#[cfg(target_os = "linux")]
fn the_release_binary_is_installed_only_with_a_matching_checksum_then_cached() {
    if Command::new("curl").arg("--version").output().is_err() {
        eprintln!("skipped: curl is not installed");
        return;
    }
    let (asset, bytes) = release_asset();
    let sum: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let mut good = HashMap::new();
    good.insert(format!("/download/v0.1.0/{asset}"), bytes.clone());
    good.insert(
        "/download/v0.1.0/SHA256SUMS".to_string(),
        format!("{sum}  {asset}\n").into_bytes(),
    );
    let mut tampered = good.clone();
    tampered.insert(
        "/download/v0.1.0/SHA256SUMS".to_string(),
        format!("{}  {asset}\n", "0".repeat(64)).into_bytes(),
    );

    let cache = tempfile::tempdir().unwrap();
    let out = install(&serve(tampered), cache.path());
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("not installed"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        !cache.path().join("skill-scan").exists() || {
            let listed: Vec<_> = walk(&cache.path().join("skill-scan"));
            !listed
                .iter()
                .any(|p| p.ends_with("skill-scan") && p.is_file())
        }
    );

    let out = install(&serve(good), cache.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let dir = PathBuf::from(text(&out.stdout).trim());
    assert!(dir.join("skill-scan").is_file());
    assert!(dir.starts_with(cache.path()));

    // The second install comes from the tool cache: no server answers at all.
    let out = install("http://127.0.0.1:9", cache.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("tool cache"));
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                out.extend(walk(&path));
            } else {
                out.push(path);
            }
        }
    }
    out
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.invalid")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.invalid")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", text(&out.stderr));
}

fn changed_lockfiles(root: &Path, base: &str) -> Output {
    Command::new("bash")
        .arg(script("changed-lockfiles.sh"))
        .arg(base)
        .current_dir(root)
        .output()
        .unwrap()
}

#[test]
fn lockfiles_changed_since_the_base_commit_are_listed_for_changed_since() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "-q"]);
    std::fs::write(root.join("package-lock.json"), "{}\n").unwrap();
    std::fs::write(root.join("README.md"), "x\n").unwrap();
    git(root, &["add", "."]);
    git(root, &["commit", "-qm", "base"]);
    let base = Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(root)
        .output()
        .unwrap();
    let base = text(&base.stdout).trim().to_string();
    std::fs::write(root.join("package-lock.json"), "{\"lockfileVersion\": 3}\n").unwrap();
    std::fs::write(root.join("README.md"), "y\n").unwrap();
    touch(root, "py/uv.lock");
    std::fs::write(
        root.join("py/requirements.txt"),
        "# pinned\nidna==3.7 \\\n  --hash=sha256:00\n-r other.txt\n",
    )
    .unwrap();
    std::fs::write(root.join("py/requirements-dev.txt"), "pytest>=8\n").unwrap();
    git(root, &["add", "."]);
    git(root, &["commit", "-qm", "bump"]);

    let out = changed_lockfiles(root, &base);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // The README is no lockfile; requirements-dev.txt has a range (no package to fetch).
    assert_eq!(
        text(&out.stdout),
        "package-lock.json\npy/requirements.txt\npy/uv.lock\n"
    );
    // Not a pull request: no base, nothing listed.
    let out = changed_lockfiles(root, "");
    assert!(out.status.success());
    assert_eq!(text(&out.stdout), "");
    // A base that is nowhere (no remote to fetch it from) is an error, not a silent full pass.
    let out = changed_lockfiles(root, "0123456789abcdef0123456789abcdef01234567");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("could not be fetched"));
}
