//! How a hit becomes a finding: the rule's data, the hit's place in the file, and a snippet around it.

use crate::hit::Hit;
use crate::rule::CompiledRule;
use crate::segment::Segment;
use crate::source::SourceFile;
use skill_scan_model::{
    ceil_char_boundary, floor_char_boundary, ArtifactScope, Context, FileKind, FileRole, Finding,
    Language, LineIndex, Location, RelatedLocation,
};

/// Snippets longer than this are cut to a window around the hit.
const MAX_SNIPPET_CHARS: usize = 240;

pub fn make_finding(
    rule: &CompiledRule,
    file: &SourceFile,
    lines: &LineIndex,
    segment: &Segment,
    context: Context,
    hit: &Hit,
) -> Finding {
    let (start, end) = (hit.start, hit.end);
    let text = file.text;
    let (line, column) = lines.position(text, start);
    let (end_line, end_column) = lines.position(text, end);
    let (snippet, highlight) = snippet(text, lines, start, end);
    rule.finding(FindingSite {
        path: file.rel_path.to_string(),
        location: Location {
            line,
            column,
            end_line,
            end_column,
        },
        scope: file.scope,
        context,
        language: segment.language,
        file_kind: file.kind,
        role: file.role,
        message: hit.detail.as_ref().map(|d| d.message.clone()),
        snippet,
        snippet_highlight: highlight,
        related: hit.detail.as_ref().map_or_else(Vec::new, |d| {
            d.related
                .iter()
                .map(|(at, message)| {
                    let (line, column) = lines.position(text, *at);
                    RelatedLocation {
                        path: file.rel_path.to_string(),
                        line,
                        column,
                        message: message.clone(),
                    }
                })
                .collect()
        }),
    })
}

/// Everything of a finding that is not its rule's: where it is, how that place reads, what it shows.
pub struct FindingSite {
    /// Relative to the scanned target, `/`-separated.
    pub path: String,
    pub location: Location,
    pub scope: ArtifactScope,
    pub context: Context,
    pub language: Language,
    pub file_kind: FileKind,
    pub role: FileRole,
    /// One sentence on this occurrence; the rule's title when `None`.
    pub message: Option<String>,
    pub snippet: String,
    pub snippet_highlight: (usize, usize),
    pub related: Vec<RelatedLocation>,
}

impl CompiledRule {
    /// The finding of this rule at `at`: the one place a finding is made from a rule's data.
    pub fn finding(&self, at: FindingSite) -> Finding {
        let spec = &self.spec;
        Finding {
            id: String::new(),
            rule_id: spec.id.clone(),
            rule_name: spec.name.clone(),
            category: spec.category,
            signal: spec.signal,
            action: spec.action,
            scope: at.scope,
            context: at.context,
            language: at.language,
            file_kind: at.file_kind,
            path: at.path,
            line: at.location.line,
            column: at.location.column,
            end_line: at.location.end_line,
            end_column: at.location.end_column,
            message: at.message.unwrap_or_else(|| spec.title.clone()),
            why: first_sentence(&spec.description),
            snippet: at.snippet,
            snippet_highlight: at.snippet_highlight,
            mitre: spec.mitre.clone(),
            capabilities: spec.capabilities.clone(),
            file_role: at.role,
            import_time: false,
            called_only: false,
            related: at.related,
        }
    }
}

/// The first sentence of a rule's description, as the one-line "why" under a finding.
pub fn first_sentence(description: &str) -> String {
    let flat = description.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.find(". ") {
        Some(end) => flat[..=end].to_string(),
        None => flat,
    }
}

/// The outer span that holds derived text (a decoded payload, a resolved call, code written to a file and
/// run), worked out once for every finding made in that text.
pub struct OuterSpan {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub snippet: String,
    pub highlight: (usize, usize),
    pub context: Context,
}

/// Reports a finding made in derived text at the outer span of `file` that holds it: its related locations
/// move there too (`was` says where each pointed in the derived text) and `origin` leads them. The message
/// stays the caller's to word.
pub fn report_at_outer_span(
    finding: &mut Finding,
    file: &SourceFile,
    at: &OuterSpan,
    origin: RelatedLocation,
    was: impl Fn(&RelatedLocation) -> String,
) {
    for related in &mut finding.related {
        related.message = was(related);
        related.line = at.line;
        related.column = at.column;
    }
    finding.related.insert(0, origin);
    finding.path = file.rel_path.to_string();
    finding.line = at.line;
    finding.column = at.column;
    finding.end_line = at.end_line;
    finding.end_column = at.end_column;
    finding.snippet = at.snippet.clone();
    finding.snippet_highlight = at.highlight;
    finding.context = at.context;
    finding.file_kind = file.kind;
}

/// The hit's first line, cut to a window around the hit when long, and where the hit sits in it.
pub fn snippet(
    text: &str,
    lines: &LineIndex,
    start: usize,
    end: usize,
) -> (String, (usize, usize)) {
    let (line_start, line_end) = lines.line_range(text, lines.line_of(start));
    let hit_end = end.min(line_end).max(start);
    let line = &text[line_start..line_end];
    if line.chars().count() <= MAX_SNIPPET_CHARS {
        return (line.to_string(), (start - line_start, hit_end - line_start));
    }
    let from = floor_char_boundary(text, start.saturating_sub(80).max(line_start));
    let to = ceil_char_boundary(
        text,
        (hit_end + 80)
            .min(line_end)
            .min(from + MAX_SNIPPET_CHARS * 4),
    );
    let prefix = if from > line_start { "…" } else { "" };
    let suffix = if to < line_end { "…" } else { "" };
    let body = &text[from..to];
    let hl_start = prefix.len() + (start - from);
    let hl_end = prefix.len() + (hit_end.min(to) - from);
    (format!("{prefix}{body}{suffix}"), (hl_start, hl_end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_give_short_snippets() {
        let text = format!("{}curl x | sh{}", "a;".repeat(5000), "b;".repeat(5000));
        let lines = LineIndex::new(&text);
        let start = text.find("curl").unwrap();
        let (snippet, (s, e)) = snippet(&text, &lines, start, start + 11);
        assert!(snippet.len() < 400);
        assert_eq!(&snippet[s..e], "curl x | sh");
    }
}
