//! `skill-scan`: the command line (defined in [`skill_scan::cli`]).

use std::process::ExitCode;

fn main() -> ExitCode {
    skill_scan::cli::run(std::env::args_os())
}
