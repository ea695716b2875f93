//! Where in a large segment a combined query can match at all, so its walk visits the paths to those
//! places rather than every node of a megabyte bundle.
//!
//! Why this may only skip matches that cannot exist: every literal set of a query rule's part
//! ([`crate::literals::query_literals`]) comes from an `#eq?`, `#any-of?` or `#match?` predicate on a
//! capture that every match of the pattern binds (never one under `?`, `*` or an alternation), or is
//! the union of one such set per pattern. The captured node's text equals, is one of, or matches what
//! the predicate names, so it holds one of the set's literals: every match of the part has a node that
//! covers one occurrence of one literal of *each* of its sets, and the set with the fewest occurrences
//! in the text is as good a bound as any. Tree-sitter's query cursor, given a byte range, starts a match at every node that
//! intersects the range (for a pattern of several siblings: whose parent does) and follows it outside
//! the range; the root of any match covers its nodes, and so intersects the occurrence a node of it
//! covers. So running the query once per window, each window covering occurrences, finds every match
//! the whole walk finds. A query holding any part without known literals walks the whole tree.
//!
//! A match that covers occurrences in two windows is found twice; the caller drops repeated hits
//! (the scan keeps one finding per rule and start anyway).

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::ops::Range;

/// Occurrences closer than this share a window: each window is a walk from the root.
const FIRST_GAP: usize = 4 * 1024;
/// More windows than this are merged with wider gaps (each walk from the root costs the width of the
/// nodes above its window).
const MAX_WINDOWS: usize = 64;
/// Windows covering more of the text than this fraction (in eighths) cost about the whole walk.
const MAX_COVER_EIGHTHS: usize = 4;

/// The literals whose occurrences bound where a combined query can match.
pub(crate) struct WindowFinder {
    automaton: AhoCorasick,
    /// Per part of the query: the literal sets it needs (each set: automaton pattern ids). Every set
    /// is needed inside each match, so the rarest set in a text bounds the part's matches there.
    parts: Vec<Vec<Vec<usize>>>,
}

impl WindowFinder {
    /// A finder over the literal sets of each part (lower case, compared ASCII case-insensitively);
    /// `None` when a part has no set, a set is empty, or the automaton cannot be built (then the whole
    /// tree is walked).
    pub(crate) fn new(parts: &[&[Vec<String>]]) -> Option<WindowFinder> {
        let mut literals: Vec<String> = Vec::new();
        let mut ids = Vec::with_capacity(parts.len());
        for sets in parts {
            if sets.is_empty() {
                return None;
            }
            let mut part = Vec::with_capacity(sets.len());
            for set in sets.iter() {
                if set.is_empty() || set.iter().any(String::is_empty) {
                    return None;
                }
                let set_ids = set
                    .iter()
                    .map(|literal| {
                        let literal = literal.to_ascii_lowercase();
                        match literals.iter().position(|l| *l == literal) {
                            Some(at) => at,
                            None => {
                                literals.push(literal);
                                literals.len() - 1
                            }
                        }
                    })
                    .collect();
                part.push(set_ids);
            }
            ids.push(part);
        }
        if literals.is_empty() {
            return None;
        }
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(true)
            .build(&literals)
            .ok()?;
        Some(WindowFinder {
            automaton,
            parts: ids,
        })
    }

    /// Byte ranges of `text` that together cover every occurrence of each part's rarest literal set,
    /// sorted and disjoint; `None` when walking the whole tree is as cheap (occurrences everywhere).
    pub(crate) fn windows(&self, text: &str) -> Option<Vec<Range<usize>>> {
        let mut found: Vec<(usize, Range<usize>)> = self
            .automaton
            .find_overlapping_iter(text)
            .map(|hit| (hit.pattern().as_usize(), hit.start()..hit.end()))
            .collect();
        let mut counts = vec![0usize; self.automaton.patterns_len()];
        for (id, _) in &found {
            counts[*id] += 1;
        }
        let mut chosen = vec![false; counts.len()];
        for sets in &self.parts {
            let rarest = sets
                .iter()
                .min_by_key(|set| set.iter().map(|id| counts[*id]).sum::<usize>());
            for id in rarest.into_iter().flatten() {
                chosen[*id] = true;
            }
        }
        found.retain(|(id, _)| chosen[*id]);
        let mut occurrences: Vec<Range<usize>> = found.into_iter().map(|(_, r)| r).collect();
        occurrences.sort_unstable_by_key(|r| (r.start, r.end));
        let mut gap = FIRST_GAP;
        loop {
            let windows = merge(&occurrences, gap);
            let covered: usize = windows.iter().map(|w| w.len()).sum();
            if covered.saturating_mul(8) > text.len().saturating_mul(MAX_COVER_EIGHTHS) {
                return None;
            }
            if windows.len() <= MAX_WINDOWS {
                return Some(windows);
            }
            gap = gap.saturating_mul(4);
        }
    }
}

/// Sorted ranges joined where the next starts within `gap` bytes of the end of the one before.
fn merge(sorted: &[Range<usize>], gap: usize) -> Vec<Range<usize>> {
    let mut windows: Vec<Range<usize>> = Vec::new();
    for range in sorted {
        match windows.last_mut() {
            Some(last) if range.start <= last.end.saturating_add(gap) => {
                last.end = last.end.max(range.end);
            }
            _ => windows.push(range.clone()),
        }
    }
    windows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn occurrences_are_covered_and_near_ones_share_a_window() {
        let sets = [vec!["eval".to_string(), "spawn".to_string()]];
        let finder = WindowFinder::new(&[&sets[..]]);
        let Some(finder) = finder else {
            panic!("finder");
        };
        let mut text = "x".repeat(100_000);
        text.replace_range(10..14, "EVAL");
        text.replace_range(100..105, "spawn");
        text.replace_range(60_000..60_004, "eval");
        let windows = finder.windows(&text).unwrap_or_default();
        assert_eq!(windows, vec![10..105, 60_000..60_004]);
    }

    #[test]
    fn no_occurrence_means_no_window_and_occurrences_everywhere_mean_the_whole_walk() {
        let sets = [vec!["eval".to_string()]];
        let Some(finder) = WindowFinder::new(&[&sets[..]]) else {
            panic!("finder");
        };
        assert_eq!(finder.windows("nothing here"), Some(Vec::new()));
        let dense = "eval ".repeat(50_000);
        assert_eq!(finder.windows(&dense), None);
    }

    #[test]
    fn each_part_is_bounded_by_its_rarest_set() {
        // A part needing both `resolve` (everywhere) and `dns` (once): the windows cover `dns` only.
        let sets = [vec!["resolve".to_string()], vec!["dns".to_string()]];
        let Some(finder) = WindowFinder::new(&[&sets[..]]) else {
            panic!("finder");
        };
        let mut text = "resolve ".repeat(20_000);
        text.replace_range(80_000..80_003, "DNS");
        let windows = finder.windows(&text).unwrap_or_default();
        assert_eq!(windows.len(), 1);
        assert_eq!(windows[0], 80_000..80_003);
        // A second part with only `resolve` brings its occurrences back: the whole walk.
        let more = [vec!["resolve".to_string()]];
        let Some(both) = WindowFinder::new(&[&sets[..], &more[..]]) else {
            panic!("finder");
        };
        assert_eq!(both.windows(&text), None);
    }

    #[test]
    fn many_far_windows_are_merged_to_a_bounded_count() {
        let sets = [vec!["eval".to_string()]];
        let Some(finder) = WindowFinder::new(&[&sets[..]]) else {
            panic!("finder");
        };
        // 50 pairs of occurrences 5 KB apart, the pairs 45 KB apart: 100 windows at the first gap,
        // one per pair at the next.
        let mut text = String::new();
        for _ in 0..50 {
            for _ in 0..2 {
                text.push_str("eval");
                text.push_str(&" ".repeat(5_000));
            }
            text.push_str(&" ".repeat(35_000));
        }
        let windows = finder.windows(&text).unwrap_or_default();
        assert_eq!(windows.len(), 50);
        for at in text.match_indices("eval").map(|(at, _)| at) {
            assert!(windows.iter().any(|w| w.start <= at && at + 4 <= w.end));
        }
        assert!(WindowFinder::new(&[]).is_none());
        assert!(WindowFinder::new(&[&[][..]]).is_none());
    }
}
