//! The bounds on the partial evaluator's work. Scanned code is hostile: a 10,000-deep expression, a
//! megabyte string array or a loop over a huge literal must cost a bounded amount of time and memory,
//! and the evaluator gives up (the value is "unknown") rather than run past a bound.

/// Expression nesting the evaluator follows; deeper sub-expressions are unknown.
pub(crate) const MAX_EVAL_DEPTH: usize = 48;
/// Statement and expression nesting the walker follows looking for calls.
pub(crate) const MAX_WALK_DEPTH: usize = 160;
/// Evaluation steps per segment (one per expression evaluated).
pub(crate) const MAX_STEPS: usize = 200_000;
/// Bytes in one computed string; a longer result is unknown.
pub(crate) const MAX_STRING_BYTES: usize = 64 * 1024;
/// Items in one computed list.
pub(crate) const MAX_LIST_ITEMS: usize = 4096;
/// Iterations of one loop over a literal collection that are walked with the loop variable bound.
pub(crate) const MAX_LOOP_ITEMS: usize = 16;
/// Resolved renditions per segment, and their bytes in all.
pub(crate) const MAX_RENDITIONS: usize = 256;
pub(crate) const MAX_RENDITION_BYTES: usize = 256 * 1024;
/// A resolved call longer than this is not rendered (a payload passed to `exec` may be up to
/// [`MAX_STRING_BYTES`]).
pub(crate) const MAX_CALL_BYTES: usize = 4096;
/// Bytes of a segment the evaluator reads at all (minified bundles past this are left to the rules).
pub(crate) const MAX_SEGMENT_BYTES: usize = 1024 * 1024;

/// The work left for one segment.
#[derive(Debug)]
pub(crate) struct Budget {
    steps: usize,
    /// Set once a bound was hit, for the note.
    pub(crate) exhausted: bool,
}

impl Budget {
    pub(crate) fn new() -> Budget {
        Budget {
            steps: MAX_STEPS,
            exhausted: false,
        }
    }

    /// Steps left.
    pub(crate) fn left(&self) -> usize {
        self.steps
    }

    /// Takes `n` steps at once when that many are left (what `n` calls of [`Budget::step`] would do
    /// without running out); `false`, taking nothing, otherwise.
    pub(crate) fn take(&mut self, n: usize) -> bool {
        if self.steps < n {
            return false;
        }
        self.steps -= n;
        true
    }

    /// Takes one step; `false` when none is left.
    pub(crate) fn step(&mut self) -> bool {
        if self.steps == 0 {
            self.exhausted = true;
            return false;
        }
        self.steps -= 1;
        true
    }
}
