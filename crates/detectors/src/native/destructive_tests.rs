//! Tests of the destructive-operation detectors: each kind of site, each kind of gate, and the cleanup
//! code ordinary packages write.

use super::*;
use crate::segment::segment_file;
use skill_scan_model::Language;

fn hits(
    text: &str,
    language: Language,
    path: &str,
    kind: Option<Kind>,
    gated: bool,
) -> Vec<String> {
    let mut out = Vec::new();
    for segment in segment_file(text, language, path) {
        report(
            &segment,
            text,
            &mut |hit| {
                out.push(hit.detail.map(|d| d.message).unwrap_or_default());
                true
            },
            kind,
            gated,
        );
    }
    out
}

fn all(text: &str, language: Language, path: &str) -> Vec<String> {
    hits(text, language, path, None, false)
}

fn gated(text: &str, language: Language, path: &str) -> Vec<String> {
    hits(text, language, path, None, true)
}

#[test]
fn home_root_and_project_deletes_are_found_in_each_language() {
    let py = "import shutil, os\nshutil.rmtree(os.path.expanduser('~'), ignore_errors=True)\nos.system('rm -rf ~/')\n";
    assert_eq!(
        all(py, Language::Python, "pkg/x.py").len(),
        2,
        "{:?}",
        all(py, Language::Python, "pkg/x.py")
    );
    let js = "const fs = require('fs');\nfs.rmSync(require('os').homedir(), { recursive: true, force: true });\nrequire('child_process').execSync('rm -rf --no-preserve-root /');\n";
    assert_eq!(
        all(js, Language::Javascript, "lib/x.js").len(),
        2,
        "{:?}",
        all(js, Language::Javascript, "lib/x.js")
    );
    let sh = "#!/bin/sh\nrm -rf \"$HOME\"\n";
    assert_eq!(all(sh, Language::Shell, "x.sh").len(), 1);
}

#[test]
fn disk_wipes_and_database_drops_are_found() {
    let sh = "dd if=/dev/zero of=/dev/sda bs=1M\nmkfs.ext4 -F /dev/nvme0n1\n";
    let found = hits(sh, Language::Shell, "x.sh", Some(Kind::DiskWipe), false);
    assert_eq!(found.len(), 2, "{found:?}");
    let py = "cur.execute(\"SELECT name FROM sqlite_master WHERE type='table'\")\nfor (t,) in cur.fetchall():\n    cur.execute(f\"DROP TABLE {t}\")\ncur.execute('DROP DATABASE shop')\n";
    let found = hits(
        py,
        Language::Python,
        "pkg/db.py",
        Some(Kind::DatabaseDrop),
        false,
    );
    assert_eq!(found.len(), 2, "{found:?}");
}

#[test]
fn ordinary_cleanup_stays_quiet() {
    let py = "import shutil, tempfile\ntmpdir = tempfile.mkdtemp()\nshutil.rmtree(tmpdir)\nshutil.rmtree(os.path.join(os.path.expanduser('~'), '.cache', 'mytool'))\nos.system('rm -rf build/ dist/')\ncur.execute('DROP TABLE IF EXISTS users')\ncur.execute(f'DROP TABLE {name}')\n";
    assert!(
        all(py, Language::Python, "pkg/x.py").is_empty(),
        "{:?}",
        all(py, Language::Python, "pkg/x.py")
    );
    let js = "fs.rmSync(path.join(os.tmpdir(), 'x'), { recursive: true });\nrimraf.sync('dist');\n";
    assert!(all(js, Language::Javascript, "lib/x.js").is_empty());
    let sh = "rm -f /tmp/lock\nrm -rf ./node_modules\ndd if=/dev/zero of=disk.img bs=1M count=10\n";
    assert!(
        all(sh, Language::Shell, "x.sh").is_empty(),
        "{:?}",
        all(sh, Language::Shell, "x.sh")
    );
}

#[test]
fn a_date_hex_timestamp_counter_or_host_gate_is_reported() {
    let py = "import datetime, shutil\nif datetime.date.today() > datetime.date(2026, 6, 1):\n    shutil.rmtree(os.path.expanduser('~'))\n";
    let found = gated(py, Language::Python, "pkg/x.py");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("datetime.date.today()"), "{found:?}");
    let js = "if (Date.now() > 0x19a3c2b5e00) {\n  fs.rmSync(process.cwd(), { recursive: true, force: true });\n}\n";
    assert_eq!(gated(js, Language::Javascript, "lib/x.js").len(), 1);
    let guard = "import socket\ndef run():\n    if socket.gethostname() != 'build-07':\n        return\n    cur.execute('DROP DATABASE prod')\n";
    assert_eq!(
        gated(guard, Language::Python, "pkg/x.py").len(),
        1,
        "{:?}",
        gated(guard, Language::Python, "pkg/x.py")
    );
    let counter = "runs = int(open(state).read())\nif runs >= 5:\n    os.system('rm -rf ~')\n";
    assert_eq!(gated(counter, Language::Python, "pkg/x.py").len(), 1);
    let sh = "[ \"$(date +%s)\" -gt 1767225600 ] && rm -rf ~\n";
    assert_eq!(
        gated(sh, Language::Shell, "x.sh").len(),
        1,
        "{:?}",
        gated(sh, Language::Shell, "x.sh")
    );
}

#[test]
fn an_ungated_or_ordinarily_gated_delete_is_not_a_time_bomb() {
    let py = "if args.force:\n    shutil.rmtree(os.getcwd())\nshutil.rmtree(Path.home())\n";
    assert!(
        gated(py, Language::Python, "pkg/x.py").is_empty(),
        "{:?}",
        gated(py, Language::Python, "pkg/x.py")
    );
    assert_eq!(all(py, Language::Python, "pkg/x.py").len(), 2);
}

#[test]
fn a_minified_expression_is_not_a_gate() {
    // A bundle: one ternary spans a clock read and, far away, a SQL builder's `drop schema`.
    let filler = "f(a,b,c),".repeat(80);
    let js = format!(
        "var x = Date.now() > t && {filler}y ? z : function(){{ this.append(\"drop schema \"); db.query(\"DROP SCHEMA app CASCADE\"); }};\n"
    );
    assert!(
        gated(&js, Language::Javascript, "dist/chunk.js").is_empty(),
        "{:?}",
        gated(&js, Language::Javascript, "dist/chunk.js")
    );
    let bomb = "if (Date.now() > 0x19a3c2b5e00) { db.query(\"DROP SCHEMA app CASCADE\"); }\n";
    assert_eq!(gated(bomb, Language::Javascript, "lib/x.js").len(), 1);
}

#[test]
fn literal_gates_let_every_match_through() {
    // Each text matches its regex; the gate in front of that regex must let it through.
    for text in [
        "shutil.rmtree(os.path.expanduser('~'))",
        "fs.rmSync('/', { recursive: true })",
        "rimraf.sync(process.cwd())",
        "fse.emptyDirSync(os.homedir())",
    ] {
        assert!(DELETE_CALL.is_match(text), "{text}");
        assert!(DELETE_CALL_NAMES.iter().any(|n| text.contains(n)), "{text}");
    }
    for text in ["rm\t-rf ~/", "rm -rf /", "Remove-Item -Recurse -Force ~"] {
        assert!(DELETE_COMMAND.is_match(text), "{text}");
        assert!(word_then_space(text, "rm") || text.contains("Remove-Item"));
    }
    for text in ["wipefs -a /dev/sda", "format C: /q", "DROP DATABASE prod;"] {
        assert!(DISK_COMMAND.is_match(text) || DROP_DATABASE.is_match(text));
    }
    // The `format` branch: every text it matches passes the gate; prose that says "format" does not.
    for text in [
        "format C: /q",
        "format\tc:/Y",
        "run format  D:  /y now",
        "x\nformat\r\nE: /Q",
    ] {
        assert!(DISK_COMMAND.is_match(text), "{text}");
        assert!(format_then_drive(text), "{text}");
    }
    for text in [
        "changelog-formatter",
        "format or prepare a changelog",
        "format C /q",
        "formatter C: /q",
        "format:",
    ] {
        assert!(!format_then_drive(text), "{text}");
        assert!(!DISK_COMMAND.is_match(text), "{text}");
    }
    assert!(contains_ignoring_case("x; DrOp table t", "drop"));
    assert!(!contains_ignoring_case("a dropdown", "drops"));
}

#[test]
fn a_fragment_of_a_bundle_is_not_a_gate() {
    // Template literals that confuse the parse leave a "condition" that starts mid-call.
    assert!(!balanced(
        "`).replace(re,\"\")}function f(t,r){return r===t}function g(t"
    ));
    assert!(!balanced(
        "``).some(l=>l.startsWith(\"trace:\")),!hasHeaders&&(x"
    ));
    assert!(balanced(
        "os.hostname() === 'build-7' && new Date() > cutoff"
    ));
    assert!(balanced("name === \")\""));
    let bomb = "if (require('os').hostname() === 'build-7') { require('fs').rmSync(require('os').homedir(), { recursive: true }); }\n";
    assert_eq!(gated(bomb, Language::Javascript, "lib/x.js").len(), 1);
}
