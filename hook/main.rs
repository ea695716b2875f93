//! `skill-scan-hook FILE...`: the pre-commit hook, exactly `skill-scan pre-commit FILE...`. It is the root
//! package's binary because pre-commit installs Rust hooks with `cargo install --path .` at the repository
//! root (see `.pre-commit-hooks.yaml`).

use std::ffi::OsString;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args: Vec<OsString> = vec!["skill-scan".into(), "pre-commit".into()];
    args.extend(std::env::args_os().skip(1));
    skill_scan::cli::run(args)
}
