//! The caps that keep one hostile file from stalling or flooding a scan. Each is configurable from the
//! command line and printed by `--verbose`, and each one that bites leaves a note on the file.

use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScanLimits {
    /// Segments larger than this are not parsed by tree-sitter; regex rules still run over them.
    pub max_parse_bytes: usize,
    /// A parse that takes longer than this is abandoned, with the same fallback.
    pub max_parse_time: Duration,
    /// Findings of one rule in one file beyond this are counted in a note, not listed.
    pub max_hits_per_rule: usize,
    /// When the target's time budget runs out: a parse still running then is abandoned and the rules not
    /// yet run on the file are not run (the scan says so, and is incomplete). `None`: no budget.
    pub deadline: Option<Instant>,
}

impl ScanLimits {
    pub const DEFAULT_MAX_PARSE_BYTES: usize = 4 * 1024 * 1024;
    pub const DEFAULT_MAX_PARSE_TIME: Duration = Duration::from_millis(1500);
    pub const DEFAULT_MAX_HITS_PER_RULE: usize = 20;
}

impl Default for ScanLimits {
    fn default() -> Self {
        ScanLimits {
            max_parse_bytes: Self::DEFAULT_MAX_PARSE_BYTES,
            max_parse_time: Self::DEFAULT_MAX_PARSE_TIME,
            max_hits_per_rule: Self::DEFAULT_MAX_HITS_PER_RULE,
            deadline: None,
        }
    }
}

impl ScanLimits {
    /// Whether the target's time budget has run out.
    pub fn out_of_time(&self) -> bool {
        self.deadline.is_some_and(|at| Instant::now() >= at)
    }
}
