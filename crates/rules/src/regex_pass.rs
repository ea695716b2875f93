//! One pass over a large segment that says which candidate regex rules match it at all.
//!
//! Over [`DETECT_MAX_BYTES`] a regex rule has no cheap "may it match?" check, so every candidate rule
//! searched the whole segment on its own: on a folder of npm packages that was a quarter of the scan. Here
//! the candidates' patterns are searched together by one lazy DFA (`MatchKind::All`, every pattern
//! reported once it matches anywhere), and only the rules it reports run their own search. The answer is
//! one-sided: a rule it does not report cannot match the text, so skipping it changes no finding; a rule it
//! reports runs as before.
//!
//! Bounded: at most [`CHUNK`] patterns per automaton (a union of many patterns has many states), a DFA
//! that thrashes its cache gives up (then every rule runs its own search, as before), and at most
//! [`MAX_BUILT`] automata are kept.

use crate::lazy::DETECT_MAX_BYTES;
use crate::rule::{CompiledRule, Matcher};
use crate::segment::Segment;
use regex_automata::hybrid::dfa::DFA;
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::syntax;
use regex_automata::{Input, MatchKind, PatternSet};
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

/// Patterns searched together by one automaton.
const CHUNK: usize = 24;
/// Automata kept for reuse; past this, the kept ones are dropped and built again on need.
const MAX_BUILT: usize = 256;
/// Smaller than the single-regex limit, so a pattern that fits a chunk surely fits alone.
const NFA_SIZE_LIMIT: usize = 4 * 1024 * 1024;
/// Memory one search may give the lazy DFA's states.
const CACHE_BYTES: usize = 2 * 1024 * 1024;
/// After this many searches that gave up, an automaton is no longer tried.
const MAX_GIVE_UPS: usize = 2;

/// The built automata of a rule set, by the rule indices they search for.
#[derive(Default)]
pub(crate) struct RegexPasses {
    built: Mutex<HashMap<Vec<usize>, Arc<OnceLock<Option<Pass>>>>>,
    /// Per rule index: whether its pattern compiles in ASCII mode (the mode its own regex uses then).
    ascii: Mutex<HashMap<usize, bool>>,
}

struct Pass {
    dfa: DFA,
    give_ups: AtomicUsize,
}

impl RegexPasses {
    /// The `(segment index, rule index)` pairs of candidate regex rules that cannot match a large segment
    /// (of those `applies` lets run on it), found by one pass per segment and per view of it (raw, or as
    /// an agent reads it).
    pub(crate) fn misses(
        &self,
        rules: &[(usize, &CompiledRule)],
        segments: &[Segment],
        text: &str,
        applies: impl Fn(&CompiledRule, &Segment) -> bool,
    ) -> HashSet<(usize, usize)> {
        let mut misses = HashSet::new();
        for (at, segment) in segments.iter().enumerate() {
            if segment.text(text).len() <= DETECT_MAX_BYTES {
                continue;
            }
            for raw in [true, false] {
                let asked: Vec<(usize, &str)> = rules
                    .iter()
                    .filter_map(|(index, rule)| match &rule.matcher {
                        Matcher::Regex {
                            pattern, raw: r, ..
                        } if *r == raw && applies(rule, segment) => {
                            Some((*index, pattern.source.as_str()))
                        }
                        _ => None,
                    })
                    .collect();
                let view = if raw {
                    segment.raw_view(text)
                } else {
                    segment.view(text)
                };
                if !worth_it(view.text.len(), asked.len()) {
                    continue;
                }
                let answer = self.may_match(&asked, view.text.as_bytes());
                for ((index, _), maybe) in asked.iter().zip(answer) {
                    if !maybe {
                        misses.insert((at, *index));
                    }
                }
            }
        }
        misses
    }
}

/// Whether [`RegexPasses::may_match`] is worth asking for a text of `len` bytes and `rules` candidates.
pub(crate) fn worth_it(len: usize, rules: usize) -> bool {
    len > DETECT_MAX_BYTES && rules >= 2
}

impl RegexPasses {
    /// For each `(rule index, pattern source)`, whether the rule's regex may match `haystack`: `false`
    /// only when it surely does not.
    pub(crate) fn may_match(&self, rules: &[(usize, &str)], haystack: &[u8]) -> Vec<bool> {
        let mut answer = vec![true; rules.len()];
        // Only patterns that build in ASCII mode join: that is the mode their own regex is built in, so
        // the automaton matches exactly what the rule's regex matches.
        let eligible: Vec<usize> = (0..rules.len())
            .filter(|&i| self.ascii_ok(rules[i].0, rules[i].1))
            .collect();
        for chunk in eligible.chunks(CHUNK) {
            if chunk.len() < 2 {
                continue;
            }
            let key: Vec<usize> = chunk.iter().map(|&i| rules[i].0).collect();
            let Some(found) = self.search(&key, chunk.iter().map(|&i| rules[i].1), haystack) else {
                continue;
            };
            for (slot, &i) in chunk.iter().enumerate() {
                answer[i] = found.contains(regex_automata::PatternID::must(slot));
            }
        }
        answer
    }

    /// The patterns of `key` that match somewhere in `haystack`, or `None` when the automaton could not
    /// be built or gave up.
    fn search<'p>(
        &self,
        key: &[usize],
        patterns: impl Iterator<Item = &'p str>,
        haystack: &[u8],
    ) -> Option<PatternSet> {
        let cell = {
            let mut built = self.built.lock().unwrap_or_else(PoisonError::into_inner);
            if built.len() >= MAX_BUILT && !built.contains_key(key) {
                built.clear();
            }
            built.entry(key.to_vec()).or_default().clone()
        };
        let patterns: Vec<&str> = patterns.collect();
        let pass = cell
            .get_or_init(|| build(&patterns, CACHE_BYTES))
            .as_ref()?;
        if pass.give_ups.load(Ordering::Relaxed) >= MAX_GIVE_UPS {
            return None;
        }
        // A fresh cache per search: memory stays bounded by the searches running at once.
        let mut cache = pass.dfa.create_cache();
        let mut found = PatternSet::new(pass.dfa.pattern_len());
        match pass
            .dfa
            .try_which_overlapping_matches(&mut cache, &Input::new(haystack), &mut found)
        {
            Ok(()) => Some(found),
            Err(_) => {
                pass.give_ups.fetch_add(1, Ordering::Relaxed);
                None
            }
        }
    }

    fn ascii_ok(&self, rule: usize, pattern: &str) -> bool {
        let mut known = self.ascii.lock().unwrap_or_else(PoisonError::into_inner);
        *known.entry(rule).or_insert_with(|| {
            regex_automata::util::syntax::parse_with(pattern, &ascii_syntax()).is_ok()
        })
    }
}

fn ascii_syntax() -> syntax::Config {
    syntax::Config::new().unicode(false).utf8(false)
}

fn build(patterns: &[&str], cache_bytes: usize) -> Option<Pass> {
    let dfa = DFA::builder()
        .configure(
            DFA::config()
                .match_kind(MatchKind::All)
                .cache_capacity(cache_bytes)
                // Give up on a haystack that keeps clearing the cache, rather than crawl through it.
                .minimum_cache_clear_count(Some(3))
                .minimum_bytes_per_state(Some(10)),
        )
        .syntax(ascii_syntax())
        .thompson(
            thompson::Config::new()
                .which_captures(WhichCaptures::None)
                .nfa_size_limit(Some(NFA_SIZE_LIMIT)),
        )
        .build_many(patterns)
        .ok()?;
    Some(Pass {
        dfa,
        give_ups: AtomicUsize::new(0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_the_patterns_that_match_and_only_those() {
        let passes = RegexPasses::default();
        let rules = [
            (0, r"curl[^|\n]*\|\s*(ba)?sh"),
            (1, r"\beval\("),
            (2, r"(?i)child_process"),
            (3, r"never[0-9]{3}here"),
        ];
        let text = format!(
            "{}\nrequire('Child_Process'); eval(x)\n",
            "a ".repeat(40_000)
        );
        assert_eq!(
            passes.may_match(&rules, text.as_bytes()),
            [false, true, true, false]
        );
        // The same automaton answers the next text.
        let text = format!("{}\ncurl x | sh\n", "b ".repeat(40_000));
        assert_eq!(
            passes.may_match(&rules, text.as_bytes()),
            [true, false, false, false]
        );
        assert_eq!(passes.built.lock().unwrap().len(), 1);
    }

    #[test]
    fn a_pattern_that_needs_unicode_mode_is_left_to_its_own_search() {
        let passes = RegexPasses::default();
        let rules = [(0, r"\p{Greek}+"), (1, r"abc"), (2, r"xyz")];
        let text = "plain ascii text without the letters";
        assert_eq!(
            passes.may_match(&rules, text.as_bytes()),
            [true, false, false]
        );
    }

    #[test]
    fn a_thrashing_automaton_gives_up_and_says_maybe() {
        // `a[ab]{N}` must remember the last N+1 bytes: 2^(N+1) states on random `a`/`b` text, while the
        // cache holds a few hundred.
        let patterns: Vec<String> = (0..4).map(|i| format!("a[ab]{{{}}}q", 12 + i)).collect();
        let refs: Vec<&str> = patterns.iter().map(String::as_str).collect();
        let mut state = 0x2545_f491_u32;
        let text: Vec<u8> = (0..400_000)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                if state & 1 == 0 {
                    b'a'
                } else {
                    b'b'
                }
            })
            .collect();
        let passes = RegexPasses::default();
        let key: Vec<usize> = (0..refs.len()).collect();
        let small = build(&refs, 64 * 1024);
        assert!(small.is_some());
        let cell = Arc::new(OnceLock::from(small));
        passes
            .built
            .lock()
            .unwrap()
            .insert(key.clone(), cell.clone());
        for _ in 0..MAX_GIVE_UPS {
            assert!(passes.search(&key, refs.iter().copied(), &text).is_none());
        }
        let gave_up = cell
            .get()
            .and_then(Option::as_ref)
            .map(|pass| pass.give_ups.load(Ordering::Relaxed));
        assert_eq!(gave_up, Some(MAX_GIVE_UPS));
        // Given up on for good: not even tried on a text it would answer.
        assert!(passes.search(&key, refs.iter().copied(), b"q0").is_none());
        let rules: Vec<(usize, &str)> = refs.iter().copied().enumerate().collect();
        assert!(passes.may_match(&rules, &text).iter().all(|maybe| *maybe));
    }
}
