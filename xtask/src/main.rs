//! `cargo xtask <task>`: chores that are code, so they run the same everywhere.
//!
//! - `eval`: scans the labelled corpus and prints precision figures per package kind.
//! - `eval --benign-registry [--cache DIR] [--list FILE]`: fetches the pinned popular npm and PyPI packages
//!   of `xtask/benign-registry.tsv` (never installing them), scans them and reports every false alarm.
//! - `corpus --dir DIR [--mirrors DIR] [--only SOURCE] [--set fresh|fresh3|fresh4|fresh5|fresh6]`: builds the training corpus of real packages and
//!   skills outside the repository (see `corpus.rs`).
//! - `eval --real DIR [--jobs N] [--only SOURCE]`: scores the scanner on that corpus (see `real_eval.rs`).
//! - `bench [--runs N] [--only SET] [--cache DIR]`: speed against ripgrep on the same files (see `bench.rs`).
//! - `rules-doc`: rewrites `docs/rules.md` from the rule packs.
//! - `simulate [--versions N] [--workers N] …`: registry scale on NATS JetStream on loopback, with faults
//!   (see `simulate.rs`, `docs/scale.md`).

mod bench;
mod corpus;
mod corpus_layout;
mod eval;
mod fetch;
mod gitobj;
mod inert;
mod manifest;
mod memunpack;
mod peer;
mod pin;
mod real_eval;
mod registry;
mod sim_attest;
mod sim_nats;
mod sim_registry;
mod simulate;
mod split;
mod unpack;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask eval [--benign-registry [--cache DIR] [--list FILE]]\n       cargo xtask eval --real DIR [--jobs N] [--only SOURCE]\n       cargo xtask corpus --dir DIR [--mirrors DIR] [--only SOURCE] [--set fresh|fresh3|fresh4|fresh5|fresh6]\n       cargo xtask corpus pin --dir DIR --names FILE --out FILE\n       cargo xtask bench [--runs N] [--only SET] [--cache DIR]\n       cargo xtask rules-doc\n       cargo xtask simulate [--versions N] [--workers N] [--concurrency N] [--rate PER_S] [--timeout S]";

pub(crate) fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.split_first() {
        Some((task, rest)) if task == "eval" && rest.first().is_some_and(|a| a == "--real") => {
            real_eval::run(&rest[1..])
        }
        Some((task, rest)) if task == "eval" => eval_command(rest),
        Some((task, rest)) if task == "corpus" => corpus::run(rest),
        Some((task, rest)) if task == "bench" => bench::run(&workspace(), rest),
        Some((task, [])) if task == "rules-doc" => rules_doc(),
        Some((task, rest)) if task == "simulate" => simulate::run(&workspace(), rest),
        _ => usage(),
    }
}

/// Rewrites `docs/rules.md` (a test fails when it is stale).
fn rules_doc() -> ExitCode {
    let rules = match skill_scan::RuleSet::embedded(&skill_scan::DETECTORS)
        .and_then(skill_scan::RuleSet::with_embedded_examples)
    {
        Ok(rules) => rules,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let markdown = match skill_scan::rules_doc::rules_markdown(&rules) {
        Ok(markdown) => markdown,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let path = workspace().join("docs/rules.md");
    match std::fs::write(&path, markdown) {
        Ok(()) => {
            eprintln!("wrote {}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", path.display());
            ExitCode::from(2)
        }
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
