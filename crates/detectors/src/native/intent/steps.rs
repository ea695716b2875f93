//! Agent-facing text cut into steps: the sentences, list items and code lines an agent carries out one
//! at a time, each under the heading of its section.
//!
//! Steps are cut from the normalised text (soft wraps joined, markup dropped), so a list item wrapped over
//! three lines is one step and a path in inline code is part of the sentence that names it.

/// At most this many steps are read from one segment (hostile input: one step per byte).
pub(crate) const MAX_STEPS: usize = 4_000;
/// A step longer than this is cut: no instruction needs a page of one sentence.
const MAX_STEP_BYTES: usize = 2_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StepKind {
    /// A sentence of prose or a list item.
    Prose,
    /// A line of a code block.
    Code,
    /// A heading: read for the section it opens, not as an instruction.
    Heading,
}

/// One step, as a byte range of the normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Step {
    pub start: usize,
    pub end: usize,
    pub kind: StepKind,
    /// The heading of the section the step is in (lower case), for education sections.
    pub section: usize,
}

/// Cuts `text` into steps; `is_code(offset)` says whether a line of `text` lies in a code block, and
/// `skip(offset)` whether a line is not instructions at all (frontmatter keys other than descriptions).
/// Returns the steps and the section headings they point into.
pub(crate) fn split(
    text: &str,
    is_code: impl Fn(usize) -> bool,
    skip: impl Fn(usize, &str) -> bool,
    join_wraps: bool,
) -> (Vec<Step>, Vec<String>) {
    let mut steps = Vec::new();
    let mut sections = vec![String::new()];
    let mut line_start = 0;
    while line_start < text.len() && steps.len() < MAX_STEPS {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        let line = &text[line_start..line_end];
        let trimmed = line.trim();
        let next = line_end + 1;
        if trimmed.is_empty() || skip(line_start, line) {
            line_start = next;
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        if is_code(line_start) {
            push(
                &mut steps,
                text,
                line_start + lead,
                line_end,
                StepKind::Code,
                sections.len() - 1,
            );
        } else if trimmed.starts_with('#') {
            sections.push(trimmed.trim_start_matches('#').trim().to_ascii_lowercase());
            push(
                &mut steps,
                text,
                line_start + lead,
                line_end,
                StepKind::Heading,
                sections.len() - 1,
            );
        } else {
            let prose_line = |at: usize| !is_code(at) && !skip(at, line_of(text, at));
            let chunk_end = chunk_end(text, line_end, join_wraps, &prose_line);
            let chunk = &text[line_start..chunk_end];
            for (start, end) in sentences(chunk) {
                push(
                    &mut steps,
                    text,
                    line_start + start,
                    line_start + end,
                    StepKind::Prose,
                    sections.len() - 1,
                );
            }
            line_start = chunk_end + 1;
            continue;
        }
        line_start = next;
    }
    steps.truncate(MAX_STEPS);
    (steps, sections)
}

/// The line of `text` that starts at `at`.
fn line_of(text: &str, at: usize) -> &str {
    let rest = &text[at.min(text.len())..];
    rest.find('\n').map_or(rest, |i| &rest[..i])
}

/// Where the prose chunk that starts with the line ending at `line_end` ends. A chunk is one line, and
/// more in two cases:
/// - `join_wraps` (plain text, whose wraps nothing joined): the following lines of a sentence wrapped
///   over lines, up to a line that ends a sentence or opens a block;
/// - a lead-in that ends with a colon and the list items under it ("you may forget:" and "- your system
///   prompt" are one instruction), up to [`MAX_LIST_ITEMS`] short items.
fn chunk_end(
    text: &str,
    line_end: usize,
    join_wraps: bool,
    prose_line: &dyn Fn(usize) -> bool,
) -> usize {
    let mut end = line_end;
    let mut joined = 0;
    if join_wraps {
        while joined < MAX_JOINED_LINES {
            let current = text[..end].rsplit('\n').next().unwrap_or("").trim();
            let next_start = end + 1;
            if next_start >= text.len() || current.ends_with(['.', '!', '?', ':']) {
                break;
            }
            let next = line_of(text, next_start);
            if next.trim().is_empty() || starts_block(next.trim_start()) || !prose_line(next_start)
            {
                break;
            }
            end = next_start + next.len();
            joined += 1;
        }
    }
    let lead_in = text[..end].rsplit('\n').next().unwrap_or("").trim_end();
    if !lead_in.ends_with(':') {
        return end;
    }
    let mut items = 0;
    let mut at = end + 1;
    // One blank line may stand between the lead-in and its list.
    if at < text.len() && line_of(text, at).trim().is_empty() {
        at += line_of(text, at).len() + 1;
    }
    while items < MAX_LIST_ITEMS && at < text.len() {
        let item = line_of(text, at);
        if !is_list_item(item.trim_start()) || item.len() > MAX_ITEM_BYTES || !prose_line(at) {
            break;
        }
        end = at + item.len();
        at = end + 1;
        items += 1;
    }
    end
}

/// Lines of a plain-text paragraph joined into one chunk, and list items joined to their lead-in.
const MAX_JOINED_LINES: usize = 12;
const MAX_LIST_ITEMS: usize = 12;
/// A list item longer than this is a paragraph of its own, not an item of a lead-in's list.
const MAX_ITEM_BYTES: usize = 160;

fn is_list_item(line: &str) -> bool {
    let bytes = line.as_bytes();
    match bytes.first() {
        Some(b'-' | b'*' | b'+') => matches!(bytes.get(1), Some(b' ' | b'\t')),
        Some(b'0'..=b'9') => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            digits <= 3
                && matches!(bytes.get(digits), Some(b'.' | b')'))
                && matches!(bytes.get(digits + 1), Some(b' ' | b'\t'))
        }
        _ => false,
    }
}

/// A line that opens a block of its own in plain text: a list item, a heading-like rule, a quote.
fn starts_block(line: &str) -> bool {
    is_list_item(line) || line.starts_with(['#', '>', '|', '=']) || line.starts_with("---")
}

fn push(
    steps: &mut Vec<Step>,
    text: &str,
    start: usize,
    end: usize,
    kind: StepKind,
    section: usize,
) {
    let end = skill_scan_model::floor_char_boundary(text, end.min(start + MAX_STEP_BYTES));
    if end > start {
        steps.push(Step {
            start,
            end,
            kind,
            section,
        });
    }
}

/// Sentence ranges of one prose line: cut after `.`, `!` or `?` followed by a space, except after
/// abbreviations (`e.g.`, `i.e.`, `etc.`, `vs.`) and list numbers (`1.`).
fn sentences(line: &str) -> Vec<(usize, usize)> {
    let bytes = line.as_bytes();
    let mut found = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let ends = matches!(b, b'.' | b'!' | b'?')
            && bytes
                .get(i + 1)
                .is_some_and(|n| matches!(*n, b' ' | b'\t' | b'\n'))
            && !is_abbreviation(&line[start..=i]);
        if ends {
            found.push(trimmed_range(line, start, i + 1));
            start = i + 1;
        }
        i += 1;
    }
    found.push(trimmed_range(line, start, bytes.len()));
    found.retain(|(s, e)| e > s);
    found
}

fn trimmed_range(line: &str, start: usize, end: usize) -> (usize, usize) {
    let piece = &line[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    (start + lead, end - trail)
}

/// Whether the sentence so far ends in something that is not a sentence end.
fn is_abbreviation(so_far: &str) -> bool {
    let last_word = so_far
        .trim_end_matches(['.', '!', '?'])
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    // A list number is short; longer text is never one (and is not re-read at every full stop).
    let head = so_far.trim().trim_start_matches(['-', '*', '+']).trim();
    let list_number = head.len() <= 6
        && head
            .trim_end_matches('.')
            .bytes()
            .all(|b| b.is_ascii_digit());
    list_number
        || matches!(
            last_word.as_str(),
            "e.g"
                | "i.e"
                | "etc"
                | "vs"
                | "cf"
                | "approx"
                | "no"
                | "step"
                | "fig"
                | "mr"
                | "ms"
                | "dr"
        )
        || last_word.len() == 1 && last_word.bytes().all(|b| b.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<(StepKind, String)> {
        let (steps, _) = split(
            text,
            |at| text[at..].starts_with("    code"),
            |_, _| false,
            false,
        );
        steps
            .into_iter()
            .map(|s| (s.kind, text[s.start..s.end].to_string()))
            .collect()
    }

    #[test]
    fn sentences_list_items_and_code_lines_are_steps() {
        let text = "# Sync\n1. Read the token, e.g. from the config. Keep it.\n- Then send it.\n    code line\n";
        assert_eq!(
            texts(text),
            [
                (StepKind::Heading, "# Sync".into()),
                (
                    StepKind::Prose,
                    "1. Read the token, e.g. from the config.".into()
                ),
                (StepKind::Prose, "Keep it.".into()),
                (StepKind::Prose, "- Then send it.".into()),
                (StepKind::Code, "code line".into()),
            ]
        );
    }

    #[test]
    fn wrapped_plain_text_and_lead_in_lists_are_one_step() {
        let text = "Please send the notes to\n  ops@example.invalid today.\nNext line.\nYou may skip:\n- a\n- b\n\n- c\n";
        let (steps, _) = split(text, |_| false, |_, _| false, true);
        let got: Vec<&str> = steps.iter().map(|s| &text[s.start..s.end]).collect();
        assert_eq!(
            got,
            [
                "Please send the notes to\n  ops@example.invalid today.",
                "Next line.",
                "You may skip:\n- a\n- b",
                "- c",
            ]
        );
        // Without wrap joining (Markdown, whose wraps the normaliser joined), lines stay apart.
        let (steps, _) = split("send it to\nthe server\n", |_| false, |_, _| false, false);
        assert_eq!(steps.len(), 2);
    }

    #[test]
    fn steps_remember_their_section() {
        let text = "# Red flags\nRead keys.\n# Use\nRun it.\n";
        let (steps, sections) = split(text, |_| false, |_, _| false, false);
        assert_eq!(sections[steps[1].section], "red flags");
        assert_eq!(sections[steps[3].section], "use");
    }

    #[test]
    fn step_count_and_length_are_bounded() {
        let text = "Go now. ".repeat(MAX_STEPS * 2);
        let (steps, _) = split(&text, |_| false, |_, _| false, false);
        assert!(steps.len() <= MAX_STEPS);
        let long = "é".repeat(10_000);
        let (steps, _) = split(&long, |_| false, |_, _| false, false);
        assert!(steps[0].end - steps[0].start <= MAX_STEP_BYTES);
        assert!(long.is_char_boundary(steps[0].end));
    }
}
