//! `cargo xtask <task>`: chores that are code, so they run the same everywhere.
//!
//! - `eval`: scans the labelled corpus and prints precision figures per package kind.
//! - `eval --benign-registry [--cache DIR] [--list FILE]`: fetches the pinned popular npm and PyPI packages
//!   of `xtask/benign-registry.tsv` (never installing them), scans them and reports every false alarm.

mod eval;
mod fetch;
mod registry;
mod unpack;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask eval [--benign-registry [--cache DIR] [--list FILE]]";

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.split_first() {
        Some((task, rest)) if task == "eval" => eval_command(rest),
        _ => usage(),
    }
}

fn usage() -> ExitCode {
    eprintln!("{USAGE}");
    ExitCode::from(2)
}

fn eval_command(args: &[String]) -> ExitCode {
    let mut benign_registry = false;
    let mut cache = None;
    let mut list = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--benign-registry" => benign_registry = true,
            "--cache" | "--list" => {
                let Some(value) = args.next() else {
                    eprintln!("error: {arg} needs a value");
                    return usage();
                };
                let slot = if arg == "--cache" {
                    &mut cache
                } else {
                    &mut list
                };
                *slot = Some(PathBuf::from(value));
            }
            other => {
                eprintln!("error: unknown argument `{other}`");
                return usage();
            }
        }
    }
    if !benign_registry {
        if cache.is_some() || list.is_some() {
            eprintln!("error: --cache and --list go with --benign-registry");
            return usage();
        }
        return eval::run(&workspace().join("corpus"));
    }
    let list = list
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benign-registry.tsv"));
    registry::run(&list, cache)
}
