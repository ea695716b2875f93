//! `skill-scan`: the command line (defined in [`skill_scan::cli`]).

use std::process::ExitCode;

/// Start-up builds many small automata (regexes, the literal prefilter, queries) and frees most of what
/// it allocates along the way; glibc's allocator spent a fifth of a small scan in malloc and free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    skill_scan::cli::run(std::env::args_os())
}
