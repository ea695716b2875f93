//! Running one rule's matcher over one segment. Each returns byte ranges in file offsets.

use crate::detector::NativeDetector;
use crate::hit::Hit;
use crate::rule::Matcher;
use crate::segment::Segment;
use skill_scan_classify::json_tree::{JsonError, JsonNode};
use skill_scan_classify::npm_variables::expand_package_variables;
use skill_scan_model::{ceil_char_boundary, floor_char_boundary, Language};
use streaming_iterator::StreamingIterator;
use tree_sitter::QueryCursor;

/// The longest stretch of a line a `not:` pattern is tested against (minified files have megabyte lines).
const NOT_WINDOW: usize = 2048;

/// Whether this matcher can run on this segment at all (without parsing it).
pub(crate) fn applies_to_segment(matcher: &Matcher, segment: &Segment) -> bool {
    match matcher {
        Matcher::Regex { .. } => true,
        Matcher::Query { query, .. } => {
            segment.grammar.is_some_and(|g| query.grammars.contains(&g))
        }
        Matcher::JsonPath { .. } => segment.language == Language::Json,
        Matcher::Native { detector, .. } => matches!(detector, NativeDetector::File(_)),
    }
}

/// Runs `matcher` over `segment`, calling `keep` on each hit until it returns `false`.
pub(crate) fn run(
    matcher: &Matcher,
    segment: &Segment,
    text: &str,
    json: &mut JsonCache,
    mut keep: impl FnMut(Hit) -> bool,
) {
    let segment_text = segment.text(text);
    match matcher {
        Matcher::Regex { pattern, not, raw } => {
            // Prose is matched as the agent reads it: no invisible characters, markup or soft wraps.
            let view = if *raw {
                segment.raw_view(text)
            } else {
                segment.view(text)
            };
            if !pattern.may_match_lowered(view.text.as_bytes(), || segment.lowered_view(&view)) {
                return;
            }
            let Some(pattern) = pattern.get() else { return };
            for m in pattern.find_iter(view.text.as_bytes()) {
                if m.start() == m.end() {
                    continue;
                }
                if !not.is_empty() {
                    let at = floor_char_boundary(view.text, m.start());
                    let line = line_window(view.text, at).as_bytes();
                    if not
                        .iter()
                        .any(|n| n.get().is_some_and(|n| n.is_match(line)))
                    {
                        continue;
                    }
                }
                let (start, end) = view.file_range(m.start(), m.end());
                // ASCII-mode patterns can start or end inside a multi-byte character; widen to whole ones.
                let hit = Hit::span(
                    floor_char_boundary(text, start),
                    ceil_char_boundary(text, end),
                );
                if !keep(hit) {
                    return;
                }
            }
        }
        Matcher::Query { query, .. } => {
            let Some(grammar) = segment.grammar else {
                return;
            };
            let Some(built) = query.query_for(grammar, segment.lowered_text(text)) else {
                return;
            };
            let Some((query, capture)) = built.get() else {
                return;
            };
            let Some(tree) = segment.tree(text) else {
                return;
            };
            let mut cursor = QueryCursor::new();
            cursor.set_match_limit(4096);
            let mut matches = cursor.matches(query, tree.root_node(), segment_text.as_bytes());
            while let Some(m) = matches.next() {
                let node = m
                    .captures
                    .iter()
                    .find(|c| c.index == capture)
                    .map(|c| c.node);
                let Some(node) = node else { continue };
                let hit = Hit::span(
                    segment.start + node.start_byte(),
                    segment.start + node.end_byte(),
                );
                if !keep(hit) {
                    return;
                }
            }
        }
        Matcher::JsonPath { path, key, value } => {
            let Ok(root) = json.get(segment, segment_text) else {
                return;
            };
            for member in root.select(path) {
                if key
                    .as_ref()
                    .is_some_and(|k| !k.get().is_some_and(|k| k.is_match(member.key.as_bytes())))
                {
                    continue;
                }
                if let Some(value) = value {
                    let Some(text) = member.value.scalar_text() else {
                        continue;
                    };
                    // A script reads the manifest's values through `$npm_package_…` variables.
                    let expanded = path
                        .starts_with("scripts.")
                        .then(|| expand_package_variables(text, root))
                        .flatten();
                    let text = expanded.as_deref().unwrap_or(text);
                    if !value.get().is_some_and(|v| v.is_match(text.as_bytes())) {
                        continue;
                    }
                }
                // The offending part is the value (the command an install script runs), when it is one
                // string or number; an object or array is pointed at by its key.
                let span = if member.value.scalar_text().is_some() {
                    member.value.span
                } else {
                    member.key_span
                };
                let hit = Hit::span(segment.start + span.0, segment.start + span.1);
                if !keep(hit) {
                    return;
                }
            }
        }
        Matcher::Native { detector, .. } => {
            if let NativeDetector::File(file) = detector {
                (file.run)(segment, text, &mut keep);
            }
        }
    }
}

/// The line holding `at`, cut to [`NOT_WINDOW`] bytes either side. Only the window is searched for the
/// line's ends: searching the whole line cost its length for every hit, so a lone 7.8 MB line with hits all
/// along it took a minute.
fn line_window(text: &str, at: usize) -> &str {
    let bytes = text.as_bytes();
    let floor = at.saturating_sub(NOT_WINDOW);
    let start = bytes[floor..at]
        .iter()
        .rposition(|&b| b == b'\n' || b == b'\r')
        .map_or(floor, |i| floor + i + 1);
    let ceiling = (at + NOT_WINDOW).min(text.len());
    let end = bytes[at..ceiling]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map_or(ceiling, |i| at + i);
    let start = (start..=at)
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(at);
    let end = (end..=text.len())
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(text.len());
    &text[start..end]
}

/// Parsed JSON per segment, so several JSON-path rules share one parse.
#[derive(Default)]
pub(crate) struct JsonCache {
    parsed: Vec<(usize, Result<JsonNode, JsonError>)>,
}

impl JsonCache {
    fn get(&mut self, segment: &Segment, text: &str) -> &Result<JsonNode, JsonError> {
        let index = match self
            .parsed
            .iter()
            .position(|(start, _)| *start == segment.start)
        {
            Some(index) => index,
            None => {
                self.parsed.push((
                    segment.start,
                    skill_scan_classify::json_tree::parse_json(text),
                ));
                self.parsed.len() - 1
            }
        };
        &self.parsed[index].1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_window_is_bounded() {
        let text = format!("{}X{}\nnext", "a".repeat(10_000), "b".repeat(10_000));
        let at = text.find('X').unwrap();
        let window = line_window(&text, at);
        assert!(window.len() <= 2 * NOT_WINDOW + 1);
        assert!(window.contains('X'));
        assert_eq!(line_window("one\ntwo\r\nthree", 5), "two");
    }
}
