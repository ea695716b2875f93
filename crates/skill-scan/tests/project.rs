#![allow(clippy::unwrap_used)]
//! Lockfiles and requirement sets as targets, against the mock registries of `project_support` on
//! 127.0.0.1: every format with a harmless and a malicious dependency, a download that does not match the
//! lockfile's hash, and a git dependency; unpinned requirements; `--changed-since`; SARIF locations; the
//! content cache.

mod project_support;

use project_support::{
    git, integrity, registries, sha256_hex, skill_scan, text, verdicts, Registries,
};
use std::path::Path;

/// Writes `name` with `content` in a fresh folder and scans it with JSON output.
fn scan_lockfile(
    registries: &Registries,
    name: &str,
    content: &str,
    extra: &[&str],
) -> (std::process::Output, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), content).unwrap();
    let mut args = vec![name, "--format", "json"];
    args.extend_from_slice(extra);
    let out = skill_scan(dir.path(), &registries.env(), &args);
    (out, dir)
}

/// The verdicts every npm format must give: harmless allow, malicious block, hash mismatch block (SUP035),
/// git dependency review (SUP032); exit 1.
fn assert_npm_verdicts(out: &std::process::Output, lockfile: &str, mismatch_checked: bool) {
    let (_, verdicts) = verdicts(out);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{verdicts:?} {stderr}");
    assert_eq!(
        verdicts.get("npm:left@1.0.0").map(String::as_str),
        Some("allow"),
        "{verdicts:?} {stderr}"
    );
    assert_eq!(
        verdicts.get("npm:evil-pkg@1.1.0").map(String::as_str),
        Some("block"),
        "{verdicts:?}"
    );
    assert_eq!(
        verdicts
            .get(&format!("{lockfile} SUP032"))
            .map(String::as_str),
        Some("review"),
        "{verdicts:?}"
    );
    if mismatch_checked {
        assert_eq!(
            verdicts
                .get(&format!("{lockfile} SUP035"))
                .map(String::as_str),
            Some("block"),
            "{verdicts:?}"
        );
        assert!(
            !verdicts.contains_key("npm:tampered@1.0.0"),
            "a mismatching archive is not scanned"
        );
    }
}

fn npm_lock_v3(r: &Registries) -> String {
    let url = |name: &str, v: &str| format!("{}/{name}/-/{name}-{v}.tgz", r.base);
    serde_json::to_string_pretty(&serde_json::json!({
        "name": "app", "lockfileVersion": 3, "requires": true,
        "packages": {
            "": {"name": "app", "version": "1.0.0"},
            "node_modules/left": {"version": "1.0.0", "resolved": url("left", "1.0.0"),
                                  "integrity": integrity(r.archive("left"))},
            "node_modules/evil-pkg": {"version": "1.1.0", "resolved": url("evil-pkg", "1.1.0"),
                                      "integrity": integrity(r.archive("evil-pkg")), "hasInstallScript": true},
            "node_modules/tampered": {"version": "1.0.0", "resolved": url("tampered", "1.0.0"),
                                      "integrity": integrity(b"other bytes")},
            "node_modules/gitdep": {"version": "1.0.0",
                                    "resolved": "git+ssh://git@example.invalid/o/gitdep.git#0123456789abcdef"}
        }
    }))
    .unwrap()
}

#[test]
fn package_lock_v3_each_dependency_gets_its_own_verdict() {
    let r = registries();
    let (out, _dir) = scan_lockfile(&r, "package-lock.json", &npm_lock_v3(&r), &[]);
    assert_npm_verdicts(&out, "package-lock.json", true);
}

#[test]
fn package_lock_v1_and_the_text_table() {
    let r = registries();
    let lock = serde_json::to_string_pretty(&serde_json::json!({
        "name": "app", "lockfileVersion": 1,
        "dependencies": {
            "left": {"version": "1.0.0", "integrity": integrity(r.archive("left")),
                     "dependencies": {"evil-pkg": {"version": "1.1.0", "integrity": integrity(r.archive("evil-pkg"))}}},
            "tampered": {"version": "1.0.0", "integrity": integrity(b"other")},
            "gitdep": {"version": "github:o/gitdep#0123abc"}
        }
    }))
    .unwrap();
    let (out, dir) = scan_lockfile(&r, "npm-shrinkwrap.json", &lock, &[]);
    assert_npm_verdicts(&out, "npm-shrinkwrap.json", true);
    let out = skill_scan(dir.path(), &r.env(), &["npm-shrinkwrap.json"]);
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("npm-shrinkwrap.json (package-lock.json): 4 package(s), verdict block"),
        "{stdout}"
    );
    let left_row = stdout
        .lines()
        .find(|l| l.trim_start().starts_with("left "))
        .unwrap();
    assert!(
        left_row.contains("1.0.0") && left_row.contains("allow"),
        "{left_row}"
    );
    // Details only for review and block: the allowed dependency has no report section of its own.
    assert!(!stdout.contains("npm:left@1.0.0"), "{stdout}");
    assert!(stdout.contains("npm:evil-pkg@1.1.0"), "{stdout}");
}

#[test]
fn pnpm_lock_v9() {
    let r = registries();
    let lock = format!(
        "lockfileVersion: '9.0'\n\nimporters:\n  .:\n    dependencies:\n      left:\n        specifier: ^1.0.0\n        version: 1.0.0\n\npackages:\n\n  left@1.0.0:\n    resolution: {{integrity: {}}}\n\n  evil-pkg@1.1.0:\n    resolution: {{integrity: {}}}\n    requiresBuild: true\n\n  tampered@1.0.0:\n    resolution: {{integrity: {}}}\n\n  gitdep@https://codeload.github.com/o/gitdep/tar.gz/0123abc:\n    resolution: {{tarball: https://codeload.github.com/o/gitdep/tar.gz/0123abc}}\n    version: 1.0.0\n",
        integrity(r.archive("left")),
        integrity(r.archive("evil-pkg")),
        integrity(b"other")
    );
    let (out, _dir) = scan_lockfile(&r, "pnpm-lock.yaml", &lock, &[]);
    assert_npm_verdicts(&out, "pnpm-lock.yaml", true);
}

#[test]
fn yarn_classic_and_berry() {
    let r = registries();
    let classic = format!(
        "# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.\n# yarn lockfile v1\n\n\nleft@^1.0.0:\n  version \"1.0.0\"\n  resolved \"{base}/left/-/left-1.0.0.tgz\"\n  integrity {}\n\nevil-pkg@^1.1.0:\n  version \"1.1.0\"\n  resolved \"{base}/evil-pkg/-/evil-pkg-1.1.0.tgz\"\n  integrity {}\n\ntampered@^1.0.0:\n  version \"1.0.0\"\n  resolved \"{base}/tampered/-/tampered-1.0.0.tgz\"\n  integrity {}\n\n\"gitdep@git+https://example.invalid/o/gitdep.git\":\n  version \"1.0.0\"\n  resolved \"git+https://example.invalid/o/gitdep.git#0123abc\"\n",
        integrity(r.archive("left")),
        integrity(r.archive("evil-pkg")),
        integrity(b"other"),
        base = r.base
    );
    let (out, _dir) = scan_lockfile(&r, "yarn.lock", &classic, &[]);
    assert_npm_verdicts(&out, "yarn.lock", true);

    // Berry's checksum is of yarn's own zip, not the registry's tarball: no lockfile hash to check.
    let berry = "__metadata:\n  version: 8\n  cacheKey: 10c0\n\n\"app@workspace:.\":\n  version: 0.0.0-use.local\n  resolution: \"app@workspace:.\"\n\n\"left@npm:^1.0.0\":\n  version: 1.0.0\n  resolution: \"left@npm:1.0.0\"\n  checksum: 10c0/00\n\n\"evil-pkg@npm:^1.1.0\":\n  version: 1.1.0\n  resolution: \"evil-pkg@npm:1.1.0\"\n\n\"gitdep@https://github.com/o/gitdep.git#commit=0123abc\":\n  version: 1.0.0\n  resolution: \"gitdep@https://github.com/o/gitdep.git#commit=0123abc\"\n";
    let (out, _dir) = scan_lockfile(&r, "yarn.lock", berry, &[]);
    assert_npm_verdicts(&out, "yarn.lock", false);
}

/// The verdicts every Python format must give.
fn assert_pypi_verdicts(out: &std::process::Output, lockfile: &str) {
    let (_, verdicts) = verdicts(out);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{verdicts:?} {stderr}");
    assert_eq!(
        verdicts.get("pypi:goodpy==1.0").map(String::as_str),
        Some("allow"),
        "{verdicts:?} {stderr}"
    );
    assert_eq!(
        verdicts.get("pypi:evilpy==1.0").map(String::as_str),
        Some("block"),
        "{verdicts:?}"
    );
    assert_eq!(
        verdicts
            .get(&format!("{lockfile} SUP035"))
            .map(String::as_str),
        Some("block"),
        "{verdicts:?}"
    );
    assert_eq!(
        verdicts
            .get(&format!("{lockfile} SUP032"))
            .map(String::as_str),
        Some("review"),
        "{verdicts:?}"
    );
}

#[test]
fn requirements_with_hashes_and_a_git_requirement() {
    let r = registries();
    let reqs = format!(
        "--index-url https://pypi.org/simple\ngoodpy==1.0 \\\n    --hash=sha256:{}\nevilpy==1.0 --hash=sha256:{}\ntamperpy==1.0 --hash=sha256:{}\ntool @ git+https://example.invalid/o/tool.git@0123abc\n",
        sha256_hex(r.archive("goodpy")),
        sha256_hex(r.archive("evilpy")),
        sha256_hex(b"other")
    );
    let (out, _dir) = scan_lockfile(&r, "requirements.txt", &reqs, &[]);
    assert_pypi_verdicts(&out, "requirements.txt");
}

#[test]
fn an_unpinned_requirement_is_an_error_naming_its_line_unless_resolve() {
    let r = registries();
    let (out, dir) = scan_lockfile(
        &r,
        "requirements-dev.txt",
        "goodpy==1.0\n\nevilpy>=0.9,<2\n",
        &[],
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("requirements-dev.txt:3: `evilpy>=0.9,<2` is not pinned"),
        "{stderr}"
    );
    assert!(stderr.contains("--resolve"), "{stderr}");

    let out = skill_scan(
        dir.path(),
        &r.env(),
        &["requirements-dev.txt", "--resolve", "--format", "json"],
    );
    let (_, verdicts) = verdicts(&out);
    assert_eq!(
        verdicts.get("pypi:evilpy==1.0").map(String::as_str),
        Some("block"),
        "{verdicts:?}"
    );
    std::fs::write(dir.path().join("requirements-dev.txt"), "evilpy>=2\n").unwrap();
    let out = skill_scan(dir.path(), &r.env(), &["requirements-dev.txt", "--resolve"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("does not meet `>=2`"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn poetry_uv_pipfile_and_pylock() {
    let r = registries();
    let (good, evil, other) = (
        sha256_hex(r.archive("goodpy")),
        sha256_hex(r.archive("evilpy")),
        sha256_hex(b"other"),
    );
    let poetry = format!(
        "[[package]]\nname = \"goodpy\"\nversion = \"1.0\"\nfiles = [{{file = \"goodpy-1.0.tar.gz\", hash = \"sha256:{good}\"}}]\n\n[[package]]\nname = \"evilpy\"\nversion = \"1.0\"\nfiles = [{{file = \"evilpy-1.0.tar.gz\", hash = \"sha256:{evil}\"}}]\n\n[[package]]\nname = \"tamperpy\"\nversion = \"1.0\"\nfiles = [{{file = \"tamperpy-1.0.tar.gz\", hash = \"sha256:{other}\"}}]\n\n[[package]]\nname = \"tool\"\nversion = \"0.1.0\"\n\n[package.source]\ntype = \"git\"\nurl = \"https://example.invalid/o/tool.git\"\nreference = \"main\"\nresolved_reference = \"0123abc\"\n\n[metadata]\nlock-version = \"2.0\"\n"
    );
    let (out, _dir) = scan_lockfile(&r, "poetry.lock", &poetry, &[]);
    assert_pypi_verdicts(&out, "poetry.lock");

    let uv = format!(
        "version = 1\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\nsource = {{ editable = \".\" }}\n\n[[package]]\nname = \"goodpy\"\nversion = \"1.0\"\nsource = {{ registry = \"https://pypi.org/simple\" }}\nsdist = {{ url = \"https://files.pythonhosted.org/goodpy-1.0.tar.gz\", hash = \"sha256:{good}\" }}\n\n[[package]]\nname = \"evilpy\"\nversion = \"1.0\"\nsource = {{ registry = \"https://pypi.org/simple\" }}\nsdist = {{ url = \"https://files.pythonhosted.org/evilpy-1.0.tar.gz\", hash = \"sha256:{evil}\" }}\n\n[[package]]\nname = \"tamperpy\"\nversion = \"1.0\"\nsource = {{ registry = \"https://pypi.org/simple\" }}\nsdist = {{ url = \"https://files.pythonhosted.org/tamperpy-1.0.tar.gz\", hash = \"sha256:{other}\" }}\n\n[[package]]\nname = \"tool\"\nversion = \"0.1.0\"\nsource = {{ git = \"https://example.invalid/o/tool.git#0123abc\" }}\n"
    );
    let (out, _dir) = scan_lockfile(&r, "uv.lock", &uv, &[]);
    assert_pypi_verdicts(&out, "uv.lock");

    let pipfile = serde_json::to_string_pretty(&serde_json::json!({
        "_meta": {"hash": {"sha256": "x"}, "pipfile-spec": 6},
        "default": {
            "goodpy": {"hashes": [format!("sha256:{good}")], "version": "==1.0"},
            "evilpy": {"hashes": [format!("sha256:{evil}")], "version": "==1.0"},
            "tamperpy": {"hashes": [format!("sha256:{other}")], "version": "==1.0"}
        },
        "develop": {"tool": {"git": "https://example.invalid/o/tool.git", "ref": "0123abc"}}
    }))
    .unwrap();
    let (out, _dir) = scan_lockfile(&r, "Pipfile.lock", &pipfile, &[]);
    assert_pypi_verdicts(&out, "Pipfile.lock");

    let pylock = format!(
        "lock-version = \"1.0\"\ncreated-by = \"test\"\n\n[[packages]]\nname = \"goodpy\"\nversion = \"1.0\"\nsdist = {{ name = \"goodpy-1.0.tar.gz\", url = \"https://files.pythonhosted.org/goodpy-1.0.tar.gz\", hashes = {{ sha256 = \"{good}\" }} }}\n\n[[packages]]\nname = \"evilpy\"\nversion = \"1.0\"\nsdist = {{ name = \"evilpy-1.0.tar.gz\", url = \"https://files.pythonhosted.org/evilpy-1.0.tar.gz\", hashes = {{ sha256 = \"{evil}\" }} }}\n\n[[packages]]\nname = \"tamperpy\"\nversion = \"1.0\"\nsdist = {{ name = \"tamperpy-1.0.tar.gz\", url = \"https://files.pythonhosted.org/tamperpy-1.0.tar.gz\", hashes = {{ sha256 = \"{other}\" }} }}\n\n[[packages]]\nname = \"tool\"\nversion = \"0.1.0\"\nvcs = {{ type = \"git\", url = \"https://example.invalid/o/tool.git\", commit-id = \"0123abc\" }}\n"
    );
    let (out, _dir) = scan_lockfile(&r, "pylock.toml", &pylock, &[]);
    assert_pypi_verdicts(&out, "pylock.toml");
}

#[test]
fn a_lockfile_of_any_name_with_the_lockfile_flag_and_an_off_registry_url() {
    let r = registries();
    let lock = serde_json::to_string_pretty(&serde_json::json!({
        "lockfileVersion": 3,
        "packages": {
            "": {"name": "app"},
            "node_modules/left": {"version": "1.0.0",
                "resolved": "https://mirror.example.invalid/left/-/left-1.0.0.tgz",
                "integrity": integrity(r.archive("left"))}
        }
    }))
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("deps.json"), lock).unwrap();
    let out = skill_scan(
        dir.path(),
        &r.env(),
        &["--lockfile", "deps.json", "--format", "json"],
    );
    let (_, verdicts) = verdicts(&out);
    assert_eq!(
        verdicts.get("deps.json SUP034").map(String::as_str),
        Some("review"),
        "{verdicts:?} {}",
        text(&out.stderr)
    );
}

#[test]
fn sarif_points_a_lockfile_finding_at_its_line() {
    let r = registries();
    let (out, dir) = scan_lockfile(&r, "package-lock.json", &npm_lock_v3(&r), &[]);
    assert_eq!(out.status.code(), Some(1));
    let lock = std::fs::read_to_string(dir.path().join("package-lock.json")).unwrap();
    let git_line = lock
        .lines()
        .position(|l| l.contains("\"node_modules/gitdep\""))
        .unwrap()
        + 1;
    let out = skill_scan(
        dir.path(),
        &r.env(),
        &["package-lock.json", "--format", "sarif"],
    );
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let git = results
        .iter()
        .find(|res| res["ruleId"] == "SUP032")
        .unwrap();
    let location = &git["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "package-lock.json");
    assert_eq!(location["region"]["startLine"], git_line);
    // The malicious dependency's verdict is shown at its lockfile line, its evidence kept as related.
    let evil_line = lock
        .lines()
        .position(|l| l.contains("\"node_modules/evil-pkg\""))
        .unwrap()
        + 1;
    let verdict = results
        .iter()
        .find(|res| {
            res["ruleId"] == "SSV-VERDICT-BLOCK"
                && res["properties"]["target"] == "npm:evil-pkg@1.1.0"
        })
        .unwrap();
    let location = &verdict["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "package-lock.json");
    assert_eq!(location["region"]["startLine"], evil_line);
    let inside = &verdict["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert_eq!(inside, "npm/evil-pkg@1.1.0/package.json", "{verdict}");
}

#[test]
fn changed_since_scans_only_added_or_changed_dependencies() {
    let r = registries();
    let dir = tempfile::tempdir().unwrap();
    let before = "left==1.0\n";
    std::fs::write(dir.path().join("requirements.txt"), before).unwrap();
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "requirements.txt"]);
    git(dir.path(), &["commit", "-qm", "one"]);
    std::fs::write(
        dir.path().join("requirements.txt"),
        "left==1.0\ngoodpy==1.0\nevilpy==1.0\n",
    )
    .unwrap();
    // `left` is unchanged (and not on the mock registry: scanning it would fail the run).
    let out = skill_scan(
        dir.path(),
        &r.env(),
        &[
            "requirements.txt",
            "--changed-since",
            "HEAD",
            "--format",
            "json",
        ],
    );
    let (json, verdicts) = verdicts(&out);
    assert_eq!(
        json["targets"].as_array().unwrap().len(),
        2,
        "{verdicts:?} {}",
        text(&out.stderr)
    );
    assert_eq!(
        verdicts.get("pypi:evilpy==1.0").map(String::as_str),
        Some("block")
    );
    assert_eq!(out.status.code(), Some(1));
    let out = skill_scan(
        dir.path(),
        &r.env(),
        &["requirements.txt", "--changed-since", "no-such-ref"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("is not a commit"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn the_cache_skips_allowed_dependencies_and_ignores_corrupt_entries() {
    let r = registries();
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let reqs = format!(
        "goodpy==1.0 --hash=sha256:{}\nevilpy==1.0\n",
        sha256_hex(r.archive("goodpy"))
    );
    std::fs::write(dir.path().join("requirements.txt"), reqs).unwrap();
    let cache_arg = cache.to_str().unwrap();
    let run = || {
        skill_scan(
            dir.path(),
            &r.env(),
            &["requirements.txt", "--cache", cache_arg, "--format", "json"],
        )
    };
    let first = run();
    assert!(
        text(&first.stderr).contains("0 hit(s), 2 miss(es)"),
        "{}",
        text(&first.stderr)
    );
    let second = run();
    let stderr = text(&second.stderr);
    // goodpy from the cache under its pinned hash (not even downloaded); evilpy (block, no pinned hash)
    // is downloaded and found under its content's hash.
    assert!(stderr.contains("2 hit(s), 0 miss(es)"), "{stderr}");
    let (_, verdicts) = verdicts(&second);
    assert_eq!(
        verdicts.get("pypi:goodpy==1.0").map(String::as_str),
        Some("allow")
    );
    assert_eq!(
        verdicts.get("pypi:evilpy==1.0").map(String::as_str),
        Some("block")
    );

    // Damage every entry: each is ignored with a note and the package scanned again.
    for shard in std::fs::read_dir(&cache).unwrap().flatten() {
        for entry in std::fs::read_dir(shard.path()).unwrap().flatten() {
            std::fs::write(entry.path(), b"garbage").unwrap();
        }
    }
    let third = run();
    let stderr = text(&third.stderr);
    assert!(stderr.contains("not a valid cache entry"), "{stderr}");
    assert!(stderr.contains("0 hit(s), 2 miss(es)"), "{stderr}");
    let (_, third_verdicts) = project_support::verdicts(&third);
    assert_eq!(
        third_verdicts.get("pypi:goodpy==1.0").map(String::as_str),
        Some("allow")
    );

    // Another rule pack is another key: nothing is read from the old results.
    let rules = dir.path().join("rules");
    std::fs::create_dir(&rules).unwrap();
    std::fs::write(
        rules.join("extra.yaml"),
        "rules:\n  - id: ORG001\n    name: org-marker\n    title: Marker\n    category: supply_chain\n    signal: hygiene\n    action: log\n    mitre: [T1195.002]\n    description: |\n      Marks a text an organisation tracks; it matters for their audit and is fixed by removing the marker.\n    match:\n      regex: 'ORG_MARKER_TEXT'\n",
    )
    .unwrap();
    let out = skill_scan(
        dir.path(),
        &r.env(),
        &[
            "requirements.txt",
            "--cache",
            cache_arg,
            "--rules",
            rules.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert!(
        text(&out.stderr).contains("0 hit(s), 2 miss(es)"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn the_config_key_turns_the_cache_on_in_the_user_cache_folder() {
    let r = registries();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("requirements.txt"), "goodpy==1.0\n").unwrap();
    std::fs::write(dir.path().join("skill-scan.toml"), "cache = true\n").unwrap();
    let out = skill_scan(dir.path(), &r.env(), &["requirements.txt", "-q"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    // The helper's XDG_CACHE_HOME is `<home>/cache`.
    assert!(
        stderr.contains("/cache/skill-scan: 0 hit(s), 1 miss(es)"),
        "{stderr}"
    );
    std::fs::write(dir.path().join("skill-scan.toml"), "cache = \"here\"\n").unwrap();
    let out = skill_scan(dir.path(), &r.env(), &["requirements.txt", "-q"]);
    assert!(
        text(&out.stderr).contains("here: 0 hit(s)"),
        "{}",
        text(&out.stderr)
    );
    let out = skill_scan(dir.path(), &r.env(), &["requirements.txt", "-q"]);
    assert!(
        text(&out.stderr).contains("here: 1 hit(s)"),
        "{}",
        text(&out.stderr)
    );
    assert!(dir.path().join("here").is_dir());
}

/// Everything of a run's JSON and SARIF that a cached result must reproduce: the targets, and the SARIF
/// results (rule, message, locations, fingerprints).
fn judged(dir: &Path, r: &Registries, cache: &str, format: &str) -> (serde_json::Value, String) {
    let out = skill_scan(
        dir,
        &r.env(),
        &["requirements.txt", "--cache", cache, "--format", format],
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let part = match format {
        "json" => json["targets"].clone(),
        _ => json["runs"][0]["results"].clone(),
    };
    (part, text(&out.stderr))
}

#[test]
fn a_cached_review_or_block_result_is_identical_to_a_fresh_one() {
    let r = registries();
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let cache = cache.to_str().unwrap();
    // evilpy is block (found in the cache under its pinned hash); goodpy is allow.
    let reqs = format!(
        "evilpy==1.0 --hash=sha256:{}\ngoodpy==1.0\n",
        sha256_hex(r.archive("evilpy"))
    );
    std::fs::write(dir.path().join("requirements.txt"), reqs).unwrap();
    for format in ["json", "sarif"] {
        let fresh_dir = dir.path().join(format!("fresh-{format}"));
        let (fresh, first) = judged(dir.path(), &r, fresh_dir.to_str().unwrap(), format);
        assert!(first.contains("0 hit(s), 2 miss(es)"), "{first}");
        let (cached, second) = judged(dir.path(), &r, fresh_dir.to_str().unwrap(), format);
        assert!(second.contains("2 hit(s), 0 miss(es)"), "{second}");
        assert_eq!(cached, fresh, "{format}");
    }
    let (targets, _) = judged(dir.path(), &r, cache, "json");
    let evil = targets
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["target"] == "pypi:evilpy==1.0")
        .unwrap();
    assert_eq!(evil["verdict"], "block");
    assert!(!evil["findings"].as_array().unwrap().is_empty());
}
