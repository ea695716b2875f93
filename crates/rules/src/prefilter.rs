//! One pass over a file decides which rules could possibly match it.
//!
//! Most rules need literals to be present: `curl` or `wget` for a pipe-to-shell rule, *and* `bash` or `sh`
//! after it; `socket` *and* `gethostbyname` for a DNS query. Every rule's literals go into one
//! Aho-Corasick automaton; a file is searched once, and only rules that found a literal from each of their
//! sets (plus the few with no literal) run. Most files of most packages match almost nothing, so most
//! rules never compile and most files are never parsed.
//!
//! Building the automaton was a tenth of a small skill's whole scan. So a run starts with the kind that is
//! cheapest to build (a noncontiguous NFA, about a third of the cost) and builds the faster-searching kind
//! only once it has searched enough text for the faster search to repay its build. Both find the same
//! literals, so which one searched a text never changes a result.

use crate::literals::Requirement;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// A rule's sets are tracked as bits of a byte.
const MAX_SETS: usize = 8;
/// Text is lower-cased and searched this much at a time, so a huge file is never copied whole.
const CHUNK: usize = 1 << 20;
/// Text searched with the cheap automaton before the fast one is built (its build costs about as much
/// as searching this much text with the cheap one instead).
const FAST_AFTER_BYTES: usize = 1 << 20;

pub(crate) struct Prefilter {
    /// Cheap to build, slower to search; `None` if building failed (then every rule runs).
    automaton: Option<AhoCorasick>,
    /// The same literals in the kind the builder picks for search speed, built on first need.
    fast: OnceLock<Option<AhoCorasick>>,
    /// Lower-cased literals, kept to build `fast`.
    lowered: Vec<String>,
    /// Bytes searched so far by `automaton`.
    searched: AtomicUsize,
    /// Automaton pattern index → the (rule, set bit) pairs its literal belongs to.
    owners: Vec<Vec<(usize, u8)>>,
    /// Per rule, the set bits a file must all light up; 0 for a rule that needs no literal.
    needed: Vec<u8>,
    /// The longest literal, in bytes: chunks overlap by one less, so no literal is cut in two.
    longest: usize,
}

impl Prefilter {
    /// `requirements[i]` is rule `i`'s literal sets (`None`: no usable literal, always run).
    pub(crate) fn build(requirements: &[Option<Requirement>]) -> Prefilter {
        let mut patterns: Vec<&str> = Vec::new();
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut owners: Vec<Vec<(usize, u8)>> = Vec::new();
        let mut needed = vec![0u8; requirements.len()];
        for (rule, sets) in requirements.iter().enumerate() {
            let Some(sets) = sets else { continue };
            // A rule with more sets than bits keeps its first (most selective) ones: fewer sets only
            // filter less.
            for (number, set) in sets.iter().take(MAX_SETS).enumerate() {
                let bit = 1u8 << number;
                needed[rule] |= bit;
                for literal in set {
                    let at = *index.entry(literal.as_str()).or_insert_with(|| {
                        patterns.push(literal.as_str());
                        owners.push(Vec::new());
                        patterns.len() - 1
                    });
                    owners[at].push((rule, bit));
                }
            }
        }
        // Literals are lower-case and the text is lower-cased as it is searched: a case-sensitive
        // automaton costs half as much to build as an ASCII-case-insensitive one, and searches as fast.
        let lowered: Vec<String> = patterns.iter().map(|p| p.to_ascii_lowercase()).collect();
        let longest = lowered.iter().map(String::len).max().unwrap_or(0);
        let automaton = build(&lowered, Some(AhoCorasickKind::NoncontiguousNFA));
        if automaton.is_none() {
            // Cannot happen for plain literals; if it did, filtering nothing is the safe failure.
            needed.iter_mut().for_each(|n| *n = 0);
        }
        Prefilter {
            automaton,
            fast: OnceLock::new(),
            lowered,
            searched: AtomicUsize::new(0),
            owners,
            needed,
            longest,
        }
    }

    /// The automaton to search `len` more bytes with: the cheap one until [`FAST_AFTER_BYTES`] have been
    /// searched, then the fast one (the cheap one again if the fast one fails to build).
    fn automaton_for(&self, len: usize) -> Option<&AhoCorasick> {
        let cheap = self.automaton.as_ref()?;
        if self.fast.get().is_none()
            && self.searched.fetch_add(len, Ordering::Relaxed) + len < FAST_AFTER_BYTES
        {
            return Some(cheap);
        }
        Some(
            self.fast
                .get_or_init(|| build(&self.lowered, None))
                .as_ref()
                .unwrap_or(cheap),
        )
    }

    /// Which rules could match `text`.
    pub(crate) fn candidates(&self, text: &str) -> Vec<bool> {
        let mut found = vec![0u8; self.needed.len()];
        if let Some(automaton) = self.automaton_for(text.len()) {
            let text = text.as_bytes();
            let mut lowered = Vec::with_capacity(text.len().min(CHUNK + self.longest));
            let mut start = 0;
            while start < text.len() {
                // Chunks overlap by `longest - 1` bytes; a literal seen twice only sets its bit twice.
                let end = (start + CHUNK + self.longest.saturating_sub(1)).min(text.len());
                lowered.clear();
                lowered.extend(text[start..end].iter().map(u8::to_ascii_lowercase));
                for hit in automaton.find_overlapping_iter(&lowered) {
                    for (rule, bit) in &self.owners[hit.pattern().as_usize()] {
                        found[*rule] |= bit;
                    }
                }
                start += CHUNK;
            }
        }
        self.needed
            .iter()
            .zip(found)
            .map(|(needed, found)| found & needed == *needed)
            .collect()
    }
}

/// An automaton of `patterns` that reports every occurrence (overlapping search); `kind` `None` lets the
/// builder pick for search speed.
fn build(patterns: &[String], kind: Option<AhoCorasickKind>) -> Option<AhoCorasick> {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .kind(kind)
        .build(patterns)
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sets(sets: &[&[&str]]) -> Option<Requirement> {
        Some(
            sets.iter()
                .map(|set| set.iter().map(|l| l.to_string()).collect())
                .collect(),
        )
    }

    #[test]
    fn candidates_from_one_pass() {
        let filter = Prefilter::build(&[sets(&[&["curl"]]), None, sets(&[&["eval", "exec"]])]);
        assert_eq!(filter.candidates("nothing here"), [false, true, false]);
        assert_eq!(
            filter.candidates("CURL x | sh; EXEC(y)"),
            [true, true, true]
        );
    }

    #[test]
    fn a_literal_across_a_chunk_boundary_is_found() {
        let filter = Prefilter::build(&[sets(&[&["Fetch(\"/x"]]), sets(&[&["tail"]])]);
        for at in CHUNK - 10..CHUNK + 2 {
            let mut text = "a".repeat(at);
            text.push_str("FETCH(\"/x");
            text.push_str(&"b".repeat(CHUNK));
            assert_eq!(filter.candidates(&text), [true, false], "literal at {at}");
        }
        let mut text = "c".repeat(3 * CHUNK);
        text.push_str("TAIL");
        assert_eq!(filter.candidates(&text), [false, true]);
    }

    #[test]
    fn the_fast_automaton_takes_over_with_the_same_answers() {
        let filter = Prefilter::build(&[
            sets(&[&["curl"], &["bash", "sh"]]),
            sets(&[&["socket"]]),
            None,
        ]);
        let texts = [
            "curl x | bash",
            "import socket",
            "nothing",
            "CURL -s | SH; socket",
        ];
        let cheap: Vec<Vec<bool>> = texts.iter().map(|t| filter.candidates(t)).collect();
        assert!(
            filter.fast.get().is_none(),
            "small texts keep the cheap one"
        );
        // A text past the threshold builds the fast one; from then on it answers every text.
        let big = format!("{}socket", "x".repeat(FAST_AFTER_BYTES));
        assert_eq!(filter.candidates(&big), [false, true, true]);
        assert!(filter.fast.get().is_some_and(Option::is_some));
        let fast: Vec<Vec<bool>> = texts.iter().map(|t| filter.candidates(t)).collect();
        assert_eq!(cheap, fast);
        assert_eq!(
            cheap,
            [
                vec![true, false, true],
                vec![false, true, true],
                vec![false, false, true],
                vec![true, true, true]
            ]
        );
    }

    #[test]
    fn a_rule_needs_a_literal_from_every_set() {
        let filter = Prefilter::build(&[
            sets(&[&["socket"], &["gethostbyname", "getaddrinfo"]]),
            sets(&[&["curl"], &["bash"]]),
            sets(&[&[]]),
        ]);
        assert_eq!(filter.candidates("socket.connect()"), [false, false, false]);
        assert_eq!(
            filter.candidates("import socket\nsocket.getaddrinfo(h)"),
            [true, false, false]
        );
        assert_eq!(
            filter.candidates("curl -s x | bash; gethostbyname"),
            [false, true, false],
            "a literal shared by two rules lights both; an empty set is never met"
        );
    }
}
