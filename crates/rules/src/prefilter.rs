//! One pass over a file decides which rules could possibly match it.
//!
//! Most rules need literals to be present: `curl` or `wget` for a pipe-to-shell rule, *and* `bash` or `sh`
//! after it; `socket` *and* `gethostbyname` for a DNS query. Every rule's literals go into one
//! Aho-Corasick automaton; a file is searched once, and only rules that found a literal from each of their
//! sets (plus the few with no literal) run. Most files of most packages match almost nothing, so most
//! rules never compile and most files are never parsed.

use crate::literals::Requirement;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::collections::HashMap;

/// A rule's sets are tracked as bits of a byte.
const MAX_SETS: usize = 8;
/// Text is lower-cased and searched this much at a time, so a huge file is never copied whole.
const CHUNK: usize = 1 << 20;

pub(crate) struct Prefilter {
    automaton: Option<AhoCorasick>,
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
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(&lowered)
            .ok();
        if automaton.is_none() {
            // Cannot happen for plain literals; if it did, filtering nothing is the safe failure.
            needed.iter_mut().for_each(|n| *n = 0);
        }
        Prefilter {
            automaton,
            owners,
            needed,
            longest,
        }
    }

    /// Which rules could match `text`.
    pub(crate) fn candidates(&self, text: &str) -> Vec<bool> {
        let mut found = vec![0u8; self.needed.len()];
        if let Some(automaton) = &self.automaton {
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
