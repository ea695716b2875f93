//! One pass over a file decides which rules could possibly match it.
//!
//! Most rules need literals to be present: `curl` or `wget` for a pipe-to-shell rule, *and* `bash` or `sh`
//! after it; `socket` *and* `gethostbyname` for a DNS query. Every rule's literals go into one
//! Aho-Corasick automaton; a file is searched once, and only rules that found a literal from each of their
//! sets (plus the few with no literal) run. Most files of most packages match almost nothing, so most
//! rules never compile and most files are never parsed.
//!
//! Building that automaton (a trie of a few thousand literals and its failure links) cost a small skill's
//! scan more than reading every file of it. So it is built only once the texts asked about add up to
//! [`SMALL_TEXTS_BYTES`] or [`SMALL_TEXTS`]; before that, a text is indexed by its three-byte windows
//! and a literal is looked for only when all of its windows are there (see [`SmallText`]).

use crate::literals::Requirement;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// A rule's sets are tracked as bits of a byte.
const MAX_SETS: usize = 8;
/// Text is lower-cased and searched this much at a time, so a huge file is never copied whole.
const CHUNK: usize = 1 << 20;
/// Texts up to this size are checked literal by literal while the automaton is not built.
const SMALL_TEXT_BYTES: usize = 16 * 1024;
/// Once the texts checked literal by literal add up to this many bytes, or to [`SMALL_TEXTS`] texts,
/// the automaton is built: past either, building it once costs less than checking every literal of
/// every further text (each check walks the whole literal list, however small the text).
const SMALL_TEXTS_BYTES: usize = 256 * 1024;
const SMALL_TEXTS: usize = 64;

pub(crate) struct Prefilter {
    /// Every literal, lower-cased, by automaton pattern index.
    patterns: Vec<String>,
    /// Built on first need (see the module header); `None` inside if it failed, which cannot happen
    /// for plain literals — then nothing is filtered, the safe failure.
    automaton: OnceLock<Option<AhoCorasick>>,
    /// Bytes of the texts checked literal by literal so far, and how many texts.
    small_bytes: AtomicUsize,
    small_texts: AtomicUsize,
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
        // Sized up front: growing the map and vectors literal by literal was half of building this.
        let literals: usize = requirements
            .iter()
            .flatten()
            .flat_map(|sets| sets.iter().take(MAX_SETS))
            .map(|set| set.len())
            .sum();
        let mut patterns: Vec<String> = Vec::with_capacity(literals);
        let mut index: HashMap<&str, usize> = HashMap::with_capacity(literals);
        let mut owners: Vec<Vec<(usize, u8)>> = Vec::with_capacity(literals);
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
                        // Literals are lower-case and the text is lower-cased as it is searched: a
                        // case-sensitive automaton costs half as much to build as an ASCII-case-insensitive
                        // one, and searches as fast.
                        patterns.push(literal.to_ascii_lowercase());
                        owners.push(Vec::new());
                        patterns.len() - 1
                    });
                    owners[at].push((rule, bit));
                }
            }
        }
        let longest = patterns.iter().map(String::len).max().unwrap_or(0);
        Prefilter {
            patterns,
            automaton: OnceLock::new(),
            small_bytes: AtomicUsize::new(0),
            small_texts: AtomicUsize::new(0),
            owners,
            needed,
            longest,
        }
    }

    fn automaton(&self) -> Option<&AhoCorasick> {
        self.automaton
            .get_or_init(|| {
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::Standard)
                    .build(&self.patterns)
                    .ok()
            })
            .as_ref()
    }

    /// Which rules could match `text`.
    pub(crate) fn candidates(&self, text: &str) -> Vec<bool> {
        let mut found = vec![0u8; self.needed.len()];
        let mut light = |pattern: usize| {
            for (rule, bit) in &self.owners[pattern] {
                found[*rule] |= bit;
            }
        };
        if self.literal_by_literal(text.len()) {
            let small = SmallText::new(text);
            (0..self.patterns.len())
                .filter(|&at| small.contains(&self.patterns[at]))
                .for_each(&mut light);
        } else if let Some(automaton) = self.automaton() {
            let text = text.as_bytes();
            let mut lowered = Vec::with_capacity(text.len().min(CHUNK + self.longest));
            let mut start = 0;
            while start < text.len() {
                // Chunks overlap by `longest - 1` bytes; a literal seen twice only sets its bit twice.
                let end = (start + CHUNK + self.longest.saturating_sub(1)).min(text.len());
                lowered.clear();
                lowered.extend(text[start..end].iter().map(u8::to_ascii_lowercase));
                for hit in automaton.find_overlapping_iter(&lowered) {
                    light(hit.pattern().as_usize());
                }
                start += CHUNK;
            }
        } else {
            return vec![true; self.needed.len()];
        }
        self.needed
            .iter()
            .zip(found)
            .map(|(needed, found)| found & needed == *needed)
            .collect()
    }

    /// Whether a text of `len` bytes is checked literal by literal (and counted against the budget).
    fn literal_by_literal(&self, len: usize) -> bool {
        if len > SMALL_TEXT_BYTES || self.automaton.get().is_some() {
            return false;
        }
        self.small_texts.fetch_add(1, Ordering::Relaxed) < SMALL_TEXTS
            && self.small_bytes.fetch_add(len, Ordering::Relaxed) + len <= SMALL_TEXTS_BYTES
    }
}

/// A small text, lower-cased, with a bit set for every three-byte window it holds (hashed into 2^16
/// bits): a literal none of whose windows is missing is then searched for.
struct SmallText {
    lower: String,
    windows: Vec<u64>,
}

const WINDOW_BITS: u32 = 16;

impl SmallText {
    fn new(text: &str) -> SmallText {
        let lower = text.to_ascii_lowercase();
        let mut windows = vec![0u64; 1 << (WINDOW_BITS - 6)];
        for window in lower.as_bytes().windows(3) {
            let bit = window_hash(window);
            windows[bit / 64] |= 1 << (bit % 64);
        }
        SmallText { lower, windows }
    }

    /// Whether the text holds `literal` (lower-case).
    fn contains(&self, literal: &str) -> bool {
        let windows_there = literal.as_bytes().windows(3).all(|window| {
            let bit = window_hash(window);
            self.windows[bit / 64] & (1 << (bit % 64)) != 0
        });
        windows_there && self.lower.contains(literal)
    }
}

fn window_hash(window: &[u8]) -> usize {
    let value = u32::from(window[0]) | u32::from(window[1]) << 8 | u32::from(window[2]) << 16;
    (value.wrapping_mul(0x9E37_79B1) >> (32 - WINDOW_BITS)) as usize
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
    fn small_texts_get_the_automaton_s_answers_until_it_is_built() {
        let requirements = [
            sets(&[&["curl", "wget"], &["| sh", "|bash"]]),
            sets(&[&["getaddrinfo"]]),
            sets(&[&["os"]]),
            None,
        ];
        let by_literal = Prefilter::build(&requirements);
        let by_automaton = Prefilter::build(&requirements);
        assert!(by_automaton.automaton().is_some());
        for text in [
            "",
            "CURL https://example.invalid/x |BASH",
            "wget -q x | sh # getaddrinfo",
            "ge-taddrinfo, cur l, oS",
            "caf\u{e9} WGET| SH",
        ] {
            assert_eq!(
                by_literal.candidates(text),
                by_automaton.candidates(text),
                "{text:?}"
            );
        }
        assert!(
            by_literal.automaton.get().is_none(),
            "small texts built no automaton"
        );
        let big = format!("{} curl|bash", "x".repeat(SMALL_TEXT_BYTES));
        assert_eq!(by_literal.candidates(&big), [true, false, false, true]);
        assert!(by_literal.automaton.get().is_some(), "a big text builds it");
        // Small texts that add up to the byte budget, or many tiny ones, build it too.
        let filter = Prefilter::build(&requirements);
        let small = "x".repeat(SMALL_TEXT_BYTES);
        for _ in 0..SMALL_TEXTS_BYTES / SMALL_TEXT_BYTES + 1 {
            filter.candidates(&small);
        }
        assert!(filter.automaton.get().is_some());
        let filter = Prefilter::build(&requirements);
        for _ in 0..SMALL_TEXTS {
            filter.candidates("ok");
        }
        assert!(filter.automaton.get().is_none());
        assert_eq!(filter.candidates("curl | sh"), [true, false, false, true]);
        assert!(filter.automaton.get().is_some());
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
