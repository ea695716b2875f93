//! One pass over a file decides which rules could possibly match it.
//!
//! Most rules need a literal to be present: `curl` or `wget` for a pipe-to-shell rule, `eval` for an eval
//! query. Those literals, from every rule, go into one Aho-Corasick automaton; a file is searched once, and
//! only rules whose literal appeared (plus the few with no literal) run. Most files of most packages match
//! almost nothing, so most rules never compile and most files are never parsed.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

pub(crate) struct Prefilter {
    automaton: Option<AhoCorasick>,
    /// Automaton pattern index → rule index.
    owner: Vec<usize>,
    /// Rules with no usable literal: they run on every file.
    unfiltered: Vec<usize>,
    rule_count: usize,
}

impl Prefilter {
    /// `literals[i]` is rule `i`'s literal set (`None`: no usable literal, always run).
    pub(crate) fn build(literals: &[Option<Vec<String>>]) -> Prefilter {
        let mut patterns = Vec::new();
        let mut owner = Vec::new();
        let mut unfiltered = Vec::new();
        for (rule, set) in literals.iter().enumerate() {
            match set {
                Some(set) => {
                    for literal in set {
                        patterns.push(literal.clone());
                        owner.push(rule);
                    }
                }
                None => unfiltered.push(rule),
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .ok();
        if automaton.is_none() {
            // Cannot happen for plain literals; if it did, filtering nothing is the safe failure.
            unfiltered = (0..literals.len()).collect();
        }
        Prefilter {
            automaton,
            owner,
            unfiltered,
            rule_count: literals.len(),
        }
    }

    /// Which rules could match `text`.
    pub(crate) fn candidates(&self, text: &str) -> Vec<bool> {
        let mut candidate = vec![false; self.rule_count];
        for rule in &self.unfiltered {
            candidate[*rule] = true;
        }
        if let Some(automaton) = &self.automaton {
            for found in automaton.find_overlapping_iter(text) {
                candidate[self.owner[found.pattern().as_usize()]] = true;
            }
        }
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_from_one_pass() {
        let filter = Prefilter::build(&[
            Some(vec!["curl".into()]),
            None,
            Some(vec!["eval".into(), "exec".into()]),
        ]);
        assert_eq!(filter.candidates("nothing here"), [false, true, false]);
        assert_eq!(
            filter.candidates("CURL x | sh; EXEC(y)"),
            [true, true, true]
        );
    }
}
