//! Where in a large segment the passes of the analysis run: around the places a flow can start or end,
//! not over every assignment and call of a generated bundle.
//!
//! Why: the passes replay every step of the tree up to four times, and a 300 KB–1 MB bundle (a
//! parser, a CLI built into one file) is almost all code no flow goes through; they were most of the
//! analysis, and the analysis a third of scanning such a package. The prepass (declarations, imports,
//! functions) still reads the whole tree, so names and aliases are known everywhere.
//!
//! A region grows from a *seed*: a call whose canonical name (after the module's import aliases) has
//! a role other than plain plumbing (a source, a decoder, a read, a write, a send, an exec), or a
//! literal that names a credential store, the environment or a secret. From the seed it takes the
//! largest enclosing node of at most [`MAX_NODE_BYTES`] and [`SPREAD`] bytes either side, so a payload
//! written as a few adjacent statements or functions is read whole. Then, for a few rounds, regions
//! follow local calls both ways: into the body of a module function a region calls (a helper that
//! encodes or sends), and out to the calls of a function a region defines (the caller that hands a
//! wrapper the secret). A name that several functions share (minified `a`, `t`) is not followed.
//! When the regions would cover half the text, or there are more than [`MAX_GROWN`] of them to grow
//! (hostile text full of seeds), every step runs, as for a small segment.

use super::kinds::Step;
use super::{Analysis, Role};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
// Seeded per process like std's `RandomState` (no order is relied on), and cheaper per look-up.
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::ops::Range;
use std::sync::LazyLock;
use tree_sitter::Node;

/// Segments at least this long replay only the steps in regions.
pub(crate) const MIN_SEGMENT_BYTES: usize = 128 * 1024;
/// A region grows up the tree from its seed while the enclosing node is at most this long.
const MAX_NODE_BYTES: usize = 16 * 1024;
/// And reaches this far either side of that node.
const SPREAD: usize = 2 * 1024;
/// A called module function's body joins a region only up to this length (a bundle's module wrapper
/// is not a helper).
const MAX_FOLLOWED_FUNCTION_BYTES: usize = 32 * 1024;
/// Rounds of following local calls into and out of regions.
const FOLLOW_ROUNDS: usize = 3;
/// Names more functions than this share are not followed.
const MAX_NAMESAKES: usize = 4;
/// Functions looked at backwards to find the one around a place.
const MAX_SCANNED_FUNCTIONS: usize = 4096;
/// Regions grown in all (each walks up the tree from its seed); past this, every step replays.
const MAX_GROWN: usize = 2048;
/// Regions covering more than this share of the text (in percent) replay every step.
const MAX_COVER_PERCENT: usize = 50;

/// Literals that make a source without a call of a known role: the environment, credential stores,
/// secret-named parameters and variables.
static SEED_LITERALS: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    let mut literals: Vec<&str> = super::super::CREDENTIAL_LITERALS.to_vec();
    // `token` is in every parser and lexer; a token read from the environment is still seeded by
    // `process.env` / `environ` / `getenv`.
    literals.extend(
        super::super::ENVIRONMENT_TO_NETWORK
            .literals
            .iter()
            .filter(|l| **l != "token"),
    );
    literals.extend(super::super::HOST_INFO_TO_NETWORK.literals);
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .ascii_case_insensitive(true)
        .build(&literals)
        .ok()
});

impl<'t> Analysis<'t> {
    /// The steps the passes replay: all of them for a small segment, else those in regions.
    pub(super) fn region_steps(&mut self, root: Node<'t>, steps: Vec<Step<'t>>) -> Vec<Step<'t>> {
        if self.text.len() < MIN_SEGMENT_BYTES {
            return steps;
        }
        let Some(regions) = self.regions(root, &steps) else {
            return steps;
        };
        let mut kept = Vec::new();
        // Whether each open function was kept, so its `Leave` goes with its `Enter`.
        let mut open: Vec<bool> = Vec::new();
        for step in steps {
            match step {
                Step::Enter(node) => {
                    let keep = overlaps(&regions, &node.byte_range());
                    open.push(keep);
                    if keep {
                        kept.push(step);
                    }
                }
                Step::Leave => {
                    if open.pop().unwrap_or(false) {
                        kept.push(step);
                    }
                }
                Step::Visit(node) => {
                    if holds(&regions, node.start_byte()) {
                        kept.push(step);
                    }
                }
            }
        }
        kept
    }

    /// Sorted, disjoint byte ranges around every seed and what they call and are called by; `None` when
    /// they cover too much of the text to be worth it.
    fn regions(&mut self, root: Node<'t>, steps: &[Step<'t>]) -> Option<Vec<Range<usize>>> {
        let len = self.text.len();
        let mut calls: Vec<(Node<'t>, &'t str)> = Vec::new();
        let mut spans: Vec<Range<usize>> = Vec::new();
        // Where the regions started: the functions around these places hand data to their callers.
        let mut hot: Vec<usize> = Vec::new();
        // Each module function's text and index, in document order.
        let mut functions: Vec<(Range<usize>, u32)> = Vec::new();
        // Module-level assignments by the name they assign: a literal or decoded value set at the top
        // of a module and used far below.
        let mut definitions: HashMap<&'t str, Vec<Range<usize>>> = HashMap::new();
        let mut depth = 0usize;
        for step in steps {
            match *step {
                Step::Enter(node) => {
                    depth += 1;
                    if let Some(index) = self.function_of_node.get(&node.id()) {
                        functions.push((node.byte_range(), *index));
                    }
                }
                Step::Leave => depth = depth.saturating_sub(1),
                Step::Visit(node) if depth == 0 => {
                    if let Some(name) = self.assigned_name(node) {
                        definitions.entry(name).or_default().push(node.byte_range());
                    }
                    if matches!(
                        self.kind(node),
                        "call_expression" | "new_expression" | "call"
                    ) {
                        self.seed_call(node, len, &mut calls, &mut spans, &mut hot)?;
                    }
                }
                Step::Visit(node)
                    if matches!(
                        self.kind(node),
                        "call_expression" | "new_expression" | "call"
                    ) =>
                {
                    self.seed_call(node, len, &mut calls, &mut spans, &mut hot)?;
                }
                Step::Visit(_) => {}
            }
        }
        // Every flow ends at a call of one of these (directly or in a wrapper): none, no flow.
        if spans.is_empty() {
            return Some(Vec::new());
        }
        if let Some(seeds) = SEED_LITERALS.as_ref() {
            for hit in seeds.find_iter(self.text) {
                if spans.len() >= MAX_GROWN {
                    return None;
                }
                if let Some(node) = root.descendant_for_byte_range(hit.start(), hit.end()) {
                    spans.push(around(node, len));
                    hot.push(hit.start());
                }
            }
        }
        let mut by_index: Vec<Option<Range<usize>>> = vec![None; self.functions.len()];
        for (range, index) in &functions {
            if let Some(slot) = by_index.get_mut(*index as usize) {
                *slot = Some(range.clone());
            }
        }
        let mut calls_of: HashMap<&str, Vec<Node<'t>>> = HashMap::new();
        for (call, name) in &calls {
            if !self.namesakes(name).is_empty() {
                calls_of.entry(name).or_default().push(*call);
            }
        }
        let mut grown = spans.len();
        let mut regions = merge(spans);
        let mut followed_in: HashSet<u32> = HashSet::new();
        let mut followed_out: HashSet<u32> = HashSet::new();
        let mut defined: HashSet<usize> = HashSet::new();
        for _ in 0..FOLLOW_ROUNDS {
            if covered(&regions) * 100 > len * MAX_COVER_PERCENT {
                return None;
            }
            let mut more: Vec<Range<usize>> = Vec::new();
            // Back to the module-level assignments of the names a region reads. The assignment is
            // kept from its start (a 170 KB literal need not be covered whole).
            for region in &regions {
                for name in identifiers(&self.text.as_bytes()[region.clone()]) {
                    let Some(found) = definitions.get(name) else {
                        continue;
                    };
                    if found.len() > MAX_NAMESAKES {
                        continue;
                    }
                    for range in found {
                        if !holds(&regions, range.start) && defined.insert(range.start) {
                            more.push(range.start..range.end.min(range.start + MAX_NODE_BYTES));
                        }
                    }
                }
            }
            // Into the module functions a region calls (helpers that encode, read or send).
            for (call, name) in &calls {
                if !holds(&regions, call.start_byte()) {
                    continue;
                }
                for index in self.namesakes(name) {
                    if let Some(range) = by_index.get(index as usize).and_then(Option::as_ref) {
                        if range.len() <= MAX_FOLLOWED_FUNCTION_BYTES && followed_in.insert(index) {
                            more.push(range.clone());
                        }
                    }
                }
            }
            // Out from the function around each place a region started to its callers, which become
            // such places in turn (a wrapper of a wrapper).
            let mut next_hot = Vec::new();
            for at in hot.drain(..) {
                let Some((index, size)) = innermost(&functions, at) else {
                    continue;
                };
                // A wrapper or a reading helper is small; a parser's main function is not one.
                if size > MAX_FOLLOWED_FUNCTION_BYTES {
                    continue;
                }
                if !followed_out.insert(index) {
                    continue;
                }
                let Some(name) = self.functions[index as usize].name.as_deref() else {
                    continue;
                };
                for call in calls_of.get(name).into_iter().flatten() {
                    grown += 1;
                    if grown > MAX_GROWN {
                        return None;
                    }
                    more.push(around(*call, len));
                    next_hot.push(call.start_byte());
                }
            }
            hot = next_hot;
            if more.is_empty() {
                break;
            }
            more.extend(regions);
            regions = merge(more);
        }
        (covered(&regions) * 100 <= len * MAX_COVER_PERCENT).then_some(regions)
    }

    /// A call met on the way: remembered by name, and a seed when it ends a flow; `None` past
    /// [`MAX_GROWN`].
    fn seed_call(
        &mut self,
        node: Node<'t>,
        len: usize,
        calls: &mut Vec<(Node<'t>, &'t str)>,
        spans: &mut Vec<Range<usize>>,
        hot: &mut Vec<usize>,
    ) -> Option<()> {
        let Some(callee) = self.callee(node) else {
            return Some(());
        };
        calls.push((node, self.method_name(callee)));
        let (_, role) = self.call_role(node, callee);
        if is_sink(&role) {
            if spans.len() >= MAX_GROWN {
                return None;
            }
            spans.push(around(node, len));
            hot.push(node.start_byte());
        }
        Some(())
    }

    /// The plain name an assignment or declarator sets (`x = …`, `const x = …`).
    fn assigned_name(&self, node: Node<'t>) -> Option<&'t str> {
        let target = match self.kind(node) {
            "assignment" | "assignment_expression" => self.field(node, "left")?,
            "variable_declarator" => self.field(node, "name")?,
            _ => return None,
        };
        (self.kind(target) == "identifier").then(|| self.node_text(target))
    }

    /// The module functions named `name`, when few enough share it.
    fn namesakes(&self, name: &str) -> Vec<u32> {
        match self.by_name.get(name) {
            Some(found) if found.len() <= MAX_NAMESAKES && !name.is_empty() => found.clone(),
            _ => Vec::new(),
        }
    }
}

/// The identifier-like words of `text` (ASCII only, so any byte range can be read), each once.
fn identifiers(text: &[u8]) -> HashSet<&str> {
    let mut found = HashSet::new();
    let mut i = 0;
    while i < text.len() {
        let b = text[i];
        if b.is_ascii_alphabetic() || b == b'_' || b == b'$' {
            let start = i;
            while i < text.len()
                && (text[i].is_ascii_alphanumeric() || text[i] == b'_' || text[i] == b'$')
            {
                i += 1;
            }
            if let Ok(word) = std::str::from_utf8(&text[start..i]) {
                found.insert(word);
            }
        } else if b.is_ascii_digit() {
            while i < text.len() && text[i].is_ascii_alphanumeric() {
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    found
}

/// The innermost of `functions` (in document order, so nested ones follow the one around them) that
/// holds `at`.
fn innermost(functions: &[(Range<usize>, u32)], at: usize) -> Option<(u32, usize)> {
    let before = functions.partition_point(|(range, _)| range.start <= at);
    functions[..before]
        .iter()
        .rev()
        .take(MAX_SCANNED_FUNCTIONS)
        .find(|(range, _)| at < range.end)
        .map(|(range, index)| (*index, range.len()))
}

/// Whether a call of this role is where a flow ends (a send, a lookup, a run, a file made executable),
/// or what makes one (a connection whose methods send).
fn is_sink(role: &Role) -> bool {
    matches!(
        role,
        Role::Send(_)
            | Role::Lookup(_)
            | Role::Connect(_)
            | Role::Exec(_)
            | Role::Chmod { .. }
            | Role::Write { .. }
    )
}

/// The largest node around `node` of at most [`MAX_NODE_BYTES`], widened by [`SPREAD`] either side.
fn around(node: Node, len: usize) -> Range<usize> {
    let mut top = node;
    while let Some(parent) = top.parent() {
        if parent.end_byte() - parent.start_byte() > MAX_NODE_BYTES {
            break;
        }
        top = parent;
    }
    top.start_byte().saturating_sub(SPREAD)..top.end_byte().saturating_add(SPREAD).min(len)
}

/// Ranges sorted and joined where they touch or overlap.
fn merge(mut spans: Vec<Range<usize>>) -> Vec<Range<usize>> {
    spans.sort_unstable_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(spans.len());
    for span in spans {
        match out.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => out.push(span),
        }
    }
    out
}

fn covered(regions: &[Range<usize>]) -> usize {
    regions.iter().map(|r| r.len()).sum()
}

/// Whether `at` is inside one of the sorted, disjoint `regions`.
fn holds(regions: &[Range<usize>], at: usize) -> bool {
    let i = regions.partition_point(|r| r.end <= at);
    regions.get(i).is_some_and(|r| r.start <= at)
}

/// Whether `range` overlaps one of the sorted, disjoint `regions`.
fn overlaps(regions: &[Range<usize>], range: &Range<usize>) -> bool {
    let i = regions.partition_point(|r| r.end <= range.start);
    regions.get(i).is_some_and(|r| r.start < range.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_merge_and_answer_membership() {
        let regions = merge(vec![10..20, 0..5, 15..30, 40..50, 30..35]);
        assert_eq!(regions, vec![0..5, 10..35, 40..50]);
        assert!(holds(&regions, 0) && holds(&regions, 34) && holds(&regions, 40));
        assert!(!holds(&regions, 5) && !holds(&regions, 35) && !holds(&regions, 50));
        assert!(overlaps(&regions, &(5..11)) && overlaps(&regions, &(49..60)));
        assert!(!overlaps(&regions, &(5..10)) && !overlaps(&regions, &(35..40)));
        assert_eq!(covered(&regions), 40);
    }
}
