//! `cargo xtask <task>`: chores that are code, so they run the same everywhere.
//!
//! - `eval`: scans the labelled corpus and prints precision figures per package kind.

mod eval;

use std::path::PathBuf;
use std::process::ExitCode;

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("eval") => eval::run(&workspace().join("corpus")),
        _ => {
            eprintln!("usage: cargo xtask eval");
            ExitCode::from(2)
        }
    }
}
