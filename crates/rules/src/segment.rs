//! Cutting a file into segments of one language each, and knowing the context of every byte.
//!
//! A Markdown file is several languages at once: prose for the agent, YAML frontmatter, and fenced code
//! blocks that are shell or Python or JavaScript. Each becomes its own segment so that language-aware
//! rules see code blocks as code.

use crate::lazy::PART_CHECK_MAX_BYTES;
use crate::limits::ScanLimits;
use crate::normalize::{normalise, Normalised};
use crate::segment_cache::SegmentCache;
use crate::syntax::{context_of_offset, parse_within, Grammar};
use skill_scan_classify::frontmatter::split_frontmatter;
use skill_scan_model::{ceil_char_boundary, floor_char_boundary, Context, Language};
use std::any::Any;
use std::cell::OnceCell;
use tree_sitter::Tree;

/// A run of one language inside a file.
pub struct Segment {
    pub language: Language,
    /// Byte range in the file.
    pub start: usize,
    pub end: usize,
    /// Context of bytes not covered by a region.
    pub base: Context,
    pub grammar: Option<Grammar>,
    /// Sorted, non-overlapping `(start, end, context)` ranges in file offsets, known without parsing
    /// (Markdown code blocks and frontmatter, shell comments).
    regions: Vec<(usize, usize, Context)>,
    /// Size and time caps on the parse.
    limits: ScanLimits,
    /// The parse, made the first time something needs it: most segments of most files never match a
    /// rule, so most are never parsed.
    syntax: OnceCell<Result<Syntax, String>>,
    /// What detectors work out once for all their rules (data flows, decoded payloads, resolved calls).
    cache: SegmentCache,
    /// The text lower-cased, made once for all the query rules that check their literals in it.
    lowered: OnceCell<Option<String>>,
    /// The text as an agent reads it (see [`crate::normalize`]), made once for every prose rule.
    normalised: OnceCell<Option<Normalised>>,
    /// The own and the normalised view lower-cased, made once for all the rule regexes that check
    /// their literals in them (see [`Segment::lowered_view`]).
    lowered_views: [OnceCell<Option<String>>; 2],
}

struct Syntax {
    tree: Tree,
}

impl Segment {
    fn new(language: Language, start: usize, end: usize, base: Context) -> Segment {
        Segment {
            language,
            start,
            end,
            base,
            grammar: None,
            regions: Vec::new(),
            limits: ScanLimits::default(),
            syntax: OnceCell::new(),
            cache: SegmentCache::default(),
            lowered: OnceCell::new(),
            normalised: OnceCell::new(),
            lowered_views: Default::default(),
        }
    }

    /// The segment's text as an agent reads it, for Markdown prose, frontmatter and plain text; `None`
    /// when normalising changes nothing, the segment is code, or it is too large.
    pub(crate) fn normalised(&self, file_text: &str) -> Option<&Normalised> {
        self.normalised
            .get_or_init(|| {
                let markdown = match (self.language, self.base) {
                    (Language::Markdown, Context::MarkdownProse) => true,
                    (Language::Text, Context::PlainText)
                    | (Language::Yaml, Context::Frontmatter) => false,
                    _ => return None,
                };
                normalise(file_text, self.start, self.end, &self.regions, markdown)
            })
            .as_ref()
    }

    /// The text rules match on: the normalised text when there is one, else the segment's own.
    pub fn view<'t>(&'t self, file_text: &'t str) -> TextView<'t> {
        match self.normalised(file_text) {
            Some(normalised) => TextView {
                text: normalised.text(),
                normalised: Some(normalised),
                start: self.start,
                file: file_text,
            },
            None => TextView {
                text: self.text(file_text),
                normalised: None,
                start: self.start,
                file: file_text,
            },
        }
    }

    /// `view` (one of this segment's views) lower-cased for the rule regexes' literal checks, as
    /// [`crate::lazy::lowered`] makes it: each regex lower-cased the text again, a tenth of a large
    /// package's regex matching.
    pub(crate) fn lowered_view(&self, view: &TextView) -> Option<&str> {
        self.lowered_views[usize::from(view.normalised.is_some())]
            .get_or_init(|| crate::lazy::lowered(view.text.as_bytes()))
            .as_deref()
    }

    /// The segment's own bytes, as a [`TextView`].
    pub fn raw_view<'t>(&'t self, file_text: &'t str) -> TextView<'t> {
        TextView {
            text: self.text(file_text),
            normalised: None,
            start: self.start,
            file: file_text,
        }
    }

    /// The segment's text in ASCII lower case, for literal checks; `None` over
    /// [`PART_CHECK_MAX_BYTES`], where checking would cost more than it saves.
    pub(crate) fn lowered_text(&self, file_text: &str) -> Option<&str> {
        self.lowered
            .get_or_init(|| {
                let text = self.text(file_text);
                (text.len() <= PART_CHECK_MAX_BYTES).then(|| text.to_ascii_lowercase())
            })
            .as_deref()
    }

    /// A detector's analysis of the segment, made by `init` on first use and shared by all its rules
    /// (one value per type).
    pub fn cached<T: Any>(&self, init: impl FnOnce() -> T) -> &T {
        self.cache.get_or_init(init, |_| None)
    }

    /// As [`Segment::cached`], for an analysis that can be cut short: `note` says why, and the file's
    /// scan reports it.
    pub fn cached_with_note<T: Any>(
        &self,
        init: impl FnOnce() -> T,
        note: impl FnOnce(&T) -> Option<String>,
    ) -> &T {
        self.cache.get_or_init(init, note)
    }

    /// Why an analysis of this segment was refused or cut short (parse limits, flow-analysis limits).
    pub fn notes(&self) -> impl Iterator<Item = &str> {
        self.parse_note().into_iter().chain(self.cache.notes())
    }

    /// Context of the byte at file offset `at` (parses the segment if it has a grammar).
    pub fn context_at(&self, file_text: &str, at: usize) -> Context {
        if let (Some(syntax), Some(grammar)) = (self.syntax(file_text), self.grammar) {
            // Asking the tree about one offset costs its depth; mapping every comment and string of a
            // 4 MB bundle up front would cost the whole tree for the few offsets that hit.
            return context_of_offset(&syntax.tree, grammar, at.saturating_sub(self.start))
                .unwrap_or(self.base);
        }
        let regions = &self.regions;
        let index = regions.partition_point(|(start, _, _)| *start <= at);
        match index.checked_sub(1).map(|i| regions[i]) {
            Some((start, end, context)) if start <= at && at < end => context,
            _ => self.base,
        }
    }

    /// The segment's syntax tree, parsing it on first use; `None` without a grammar or when the parse
    /// was refused (too large, too slow).
    pub fn tree(&self, file_text: &str) -> Option<&Tree> {
        self.syntax(file_text).map(|syntax| &syntax.tree)
    }

    /// Why the parse was refused, if it was attempted and refused.
    pub fn parse_note(&self) -> Option<&str> {
        self.syntax
            .get()
            .and_then(|result| result.as_ref().err())
            .map(String::as_str)
    }

    fn syntax(&self, file_text: &str) -> Option<&Syntax> {
        let grammar = self.grammar?;
        self.syntax
            .get_or_init(|| {
                let tree = parse_within(grammar, self.text(file_text), &self.limits)?;
                Ok(Syntax { tree })
            })
            .as_ref()
            .ok()
    }

    pub fn text<'t>(&self, file_text: &'t str) -> &'t str {
        &file_text[self.start..self.end]
    }
}

/// What a rule searches in a segment, and how its offsets map to the file.
pub struct TextView<'t> {
    pub text: &'t str,
    normalised: Option<&'t Normalised>,
    start: usize,
    file: &'t str,
}

impl TextView<'_> {
    /// The file range of `start..end` in [`TextView::text`], widened to whole characters of the file.
    pub fn file_range(&self, start: usize, end: usize) -> (usize, usize) {
        let (from, to) = match self.normalised {
            Some(n) => n.file_range(start, end),
            None => (self.start + start, self.start + end),
        };
        let from = floor_char_boundary(self.file, from.min(self.file.len()));
        let to = ceil_char_boundary(self.file, to.min(self.file.len()));
        (from, to.max(from))
    }
}

/// Cuts `text` (a file of `language`) into segments. Parsing waits until a rule needs it.
pub fn segment_file(text: &str, language: Language, rel_path: &str) -> Vec<Segment> {
    segment_file_within(text, language, rel_path, &ScanLimits::default())
}

/// [`segment_file`], with the parse of every segment bounded by `limits`.
pub fn segment_file_within(
    text: &str,
    language: Language,
    rel_path: &str,
    limits: &ScanLimits,
) -> Vec<Segment> {
    let mut segments = cut_segments(text, language, rel_path);
    for segment in &mut segments {
        segment.limits = *limits;
    }
    segments
}

fn cut_segments(text: &str, language: Language, rel_path: &str) -> Vec<Segment> {
    match language {
        Language::Markdown => markdown_segments(text, rel_path),
        Language::Javascript | Language::Typescript | Language::Python => {
            vec![code_segment(
                language,
                rel_path,
                0,
                text.len(),
                Context::Code,
            )]
        }
        Language::Shell | Language::Powershell => {
            let mut segment = Segment::new(language, 0, text.len(), Context::Code);
            // The `#` scan stands in when the shell parse is refused (too large, too slow).
            segment.regions = hash_comment_regions(text, 0, language == Language::Powershell);
            segment.grammar = Grammar::for_segment(language, rel_path);
            vec![segment]
        }
        Language::Text => vec![Segment::new(
            Language::Text,
            0,
            text.len(),
            Context::PlainText,
        )],
        Language::Toml => {
            let mut segment = Segment::new(language, 0, text.len(), Context::Code);
            segment.regions = config_comment_lines(text);
            vec![segment]
        }
        Language::Json | Language::Yaml => {
            vec![Segment::new(language, 0, text.len(), Context::Code)]
        }
    }
}

/// Whole-line comments of TOML and INI-style files (`.cfg`, `.ini`, `.conf` read as TOML): `#` and `;`.
/// A value after `=` may hold either character, so only a line that starts with one is a comment.
fn config_comment_lines(text: &str) -> Vec<(usize, usize, Context)> {
    let mut regions = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let indent = body.len() - body.trim_start().len();
        if body[indent..].starts_with(['#', ';']) {
            regions.push((start + indent, start + body.len(), Context::Comment));
        }
        start += line.len();
    }
    regions
}

/// A JavaScript/TypeScript/Python segment; its parse (strings, comments, tree) comes on demand.
fn code_segment(
    language: Language,
    rel_path: &str,
    start: usize,
    end: usize,
    base: Context,
) -> Segment {
    let mut segment = Segment::new(language, start, end, base);
    segment.grammar = Grammar::for_segment(language, rel_path);
    segment
}

fn markdown_segments(text: &str, rel_path: &str) -> Vec<Segment> {
    let mut prose = Segment::new(Language::Markdown, 0, text.len(), Context::MarkdownProse);
    let mut segments = Vec::new();
    let mut body_start = 0;
    if let Some(front) = split_frontmatter(text) {
        prose
            .regions
            .push((0, front.body_start, Context::Frontmatter));
        segments.push(Segment::new(
            Language::Yaml,
            front.yaml.0,
            front.yaml.1,
            Context::Frontmatter,
        ));
        body_start = front.body_start;
    }
    for block in fenced_blocks(text, body_start) {
        prose
            .regions
            .push((block.start, block.end, Context::MarkdownCode));
        let language = block
            .language
            .unwrap_or_else(|| guess_block_language(&text[block.start..block.end]));
        let segment = match language {
            Language::Javascript | Language::Typescript | Language::Python => {
                // A synthetic name picks the right grammar for `.tsx`-free code blocks.
                let name = if language == Language::Typescript {
                    "block.ts"
                } else {
                    rel_path
                };
                code_segment(
                    language,
                    name,
                    block.start,
                    block.end,
                    Context::MarkdownCode,
                )
            }
            Language::Shell | Language::Powershell => {
                let mut segment =
                    Segment::new(language, block.start, block.end, Context::MarkdownCode);
                segment.regions = hash_comment_regions(
                    &text[block.start..block.end],
                    block.start,
                    language == Language::Powershell,
                );
                segment.grammar = Grammar::for_segment(language, rel_path);
                segment
            }
            other => Segment::new(other, block.start, block.end, Context::MarkdownCode),
        };
        segments.push(segment);
    }
    segments.insert(0, prose);
    segments
}

/// A fenced code block: its content's byte range and its declared language.
struct FencedBlock {
    start: usize,
    end: usize,
    language: Option<Language>,
}

/// Finds ``` and ~~~ fences (CommonMark: up to three spaces of indent; the closing fence uses the same
/// character and is at least as long). An unclosed block runs to the end of the file.
fn fenced_blocks(text: &str, from: usize) -> Vec<FencedBlock> {
    let mut blocks = Vec::new();
    let mut open: Option<(char, usize, usize, Option<Language>)> = None; // (char, len, content start, language)
    let mut line_start = from;
    while line_start < text.len() {
        // CommonMark ends a line at LF, CRLF or a lone CR.
        let line_end = text[line_start..]
            .find(['\n', '\r'])
            .map_or(text.len(), |i| line_start + i);
        let line = &text[line_start..line_end];
        let terminator = if text[line_end..].starts_with("\r\n") {
            2
        } else {
            1
        };
        let next = (line_end + terminator).min(text.len());
        let indent = line.len() - line.trim_start_matches(' ').len();
        let fence_line = &line[indent..];
        let fence_char = fence_line.chars().next().filter(|c| *c == '`' || *c == '~');
        let fence_len =
            fence_char.map_or(0, |c| fence_line.chars().take_while(|x| *x == c).count());
        match (&open, fence_char) {
            (None, Some(c)) if indent <= 3 && fence_len >= 3 => {
                let info = fence_line[fence_len..].trim();
                if !(c == '`' && info.contains('`')) {
                    open = Some((c, fence_len, next, block_language(info)));
                }
            }
            (Some((c, len, start, language)), Some(close))
                if close == *c
                    && fence_len >= *len
                    && fence_line[fence_len..].trim().is_empty()
                    && indent <= 3 =>
            {
                blocks.push(FencedBlock {
                    start: *start,
                    end: line_start,
                    language: *language,
                });
                open = None;
            }
            _ => {}
        }
        line_start = next;
        if line_end == text.len() {
            break;
        }
    }
    if let Some((_, _, start, language)) = open {
        blocks.push(FencedBlock {
            start: start.min(text.len()),
            end: text.len(),
            language,
        });
    }
    blocks
}

/// Maps a fence's info string (` ```bash title="x"`) to a language; unknown or absent → `None`.
fn block_language(info: &str) -> Option<Language> {
    let word = info
        .split(|c: char| c.is_whitespace() || c == '{' || c == ',')
        .next()
        .unwrap_or("");
    match word.trim_start_matches('.').to_ascii_lowercase().as_str() {
        "bash" | "sh" | "shell" | "zsh" | "console" | "shell-session" | "shellsession" | "ksh"
        | "fish" => Some(Language::Shell),
        "js" | "javascript" | "node" | "jsx" | "mjs" | "cjs" => Some(Language::Javascript),
        "ts" | "typescript" | "tsx" => Some(Language::Typescript),
        "py" | "python" | "python3" | "py3" | "pycon" => Some(Language::Python),
        "powershell" | "ps1" | "pwsh" | "ps" => Some(Language::Powershell),
        "json" | "jsonc" => Some(Language::Json),
        "yaml" | "yml" => Some(Language::Yaml),
        "toml" => Some(Language::Toml),
        "" => None,
        _ => Some(Language::Text),
    }
}

/// Commands people paste into terminals; an unlabelled block starting with one of them is shell.
const SHELL_COMMAND_WORDS: &[&str] = &[
    "curl", "wget", "bash", "sh", "zsh", "sudo", "npm", "npx", "pnpm", "yarn", "pip", "pip3",
    "pipx", "uv", "python", "python3", "node", "cd", "echo", "export", "chmod", "chown", "git",
    "apt", "apt-get", "brew", "mkdir", "rm", "cp", "mv", "cat", "source", "cargo", "docker",
    "crontab", "base64", "openssl", "tar", "unzip",
];

/// An unlabelled block reads like shell when its first command line starts with a prompt or a command.
fn guess_block_language(block: &str) -> Language {
    let first = block
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with('#'));
    let Some(first) = first else {
        return Language::Text;
    };
    let first = first
        .strip_prefix("$ ")
        .or_else(|| first.strip_prefix("% "))
        .unwrap_or(first);
    let word = first.split_whitespace().next().unwrap_or("");
    if SHELL_COMMAND_WORDS.contains(&word)
        || first.starts_with("./")
        || block.trim_start().starts_with("#!")
    {
        Language::Shell
    } else {
        Language::Text
    }
}

/// `#` comments in shell or PowerShell (plus `<# … #>` blocks in PowerShell). Quotes are tracked within a
/// line so `echo "#1"` is not a comment; heredocs are not, which errs towards treating text as code.
fn hash_comment_regions(text: &str, base: usize, powershell: bool) -> Vec<(usize, usize, Context)> {
    let bytes = text.as_bytes();
    let mut regions = Vec::new();
    let mut i = 0;
    let mut quote: Option<u8> = None;
    let mut at_word_start = true;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) => {
                if b == b'\\' && q == b'"' {
                    i += 1;
                } else if b == q || b == b'\n' {
                    quote = None;
                }
            }
            // Bytes, not `text[i..]`: `i` steps through the bytes of multi-byte characters too.
            None if powershell && bytes[i..].starts_with(b"<#") => {
                let end = text[i..].find("#>").map_or(bytes.len(), |e| i + e + 2);
                regions.push((base + i, base + end, Context::Comment));
                i = end;
                continue;
            }
            None if b == b'#' && at_word_start => {
                let end = text[i..].find('\n').map_or(bytes.len(), |e| i + e);
                // A shebang is not a comment worth hiding, but it is not code either.
                regions.push((base + i, base + end, Context::Comment));
                i = end;
                continue;
            }
            None if b == b'\'' || b == b'"' => quote = Some(b),
            None if b == b'\\' => i += 1,
            None => {}
        }
        at_word_start = matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b';' | b'&' | b'|' | b'(');
        i += 1;
    }
    regions
}

#[cfg(test)]
mod tests {
    use super::*;

    fn describe(text: &str, segments: &[Segment]) -> Vec<(Language, String)> {
        segments
            .iter()
            .map(|s| (s.language, s.text(text).to_string()))
            .collect()
    }

    #[test]
    fn markdown_splits_into_prose_frontmatter_and_blocks() {
        let text = "---\nname: x\n---\n# Setup\n```bash\ncurl x | sh\n```\nthen\n~~~python\nimport os\n~~~\n";
        let segments = segment_file(text, Language::Markdown, "SKILL.md");
        let described = describe(text, &segments);
        assert_eq!(described[0].0, Language::Markdown);
        assert_eq!(described[1], (Language::Yaml, "name: x\n".to_string()));
        assert_eq!(described[2], (Language::Shell, "curl x | sh\n".to_string()));
        assert_eq!(described[3], (Language::Python, "import os\n".to_string()));
        let prose = &segments[0];
        assert_eq!(
            prose.context_at(text, text.find("curl").unwrap()),
            Context::MarkdownCode
        );
        assert_eq!(
            prose.context_at(text, text.find("then").unwrap()),
            Context::MarkdownProse
        );
        assert_eq!(
            prose.context_at(text, text.find("name").unwrap()),
            Context::Frontmatter
        );
    }

    #[test]
    fn unlabelled_blocks_that_read_like_shell_are_shell() {
        let text = "```\n$ curl -fsSL x | bash\n```\n```\nsome output\n```\n";
        let segments = segment_file(text, Language::Markdown, "README.md");
        assert_eq!(segments[1].language, Language::Shell);
        assert_eq!(segments[2].language, Language::Text);
    }

    #[test]
    fn unclosed_block_runs_to_the_end_and_longer_fences_nest() {
        let text = "````md\n```bash\nx\n```\n````\n```sh\nrm -rf /\n";
        let segments = segment_file(text, Language::Markdown, "README.md");
        assert_eq!(segments.len(), 3);
        assert_eq!(segments[1].language, Language::Text);
        assert_eq!(segments[2].text(text), "rm -rf /\n");
    }

    #[test]
    fn fences_are_found_with_any_line_ending() {
        for eol in ["\n", "\r\n", "\r"] {
            let text = format!("Intro{eol}```bash{eol}curl x | sh{eol}```{eol}after{eol}");
            let segments = segment_file(&text, Language::Markdown, "SKILL.md");
            assert_eq!(segments.len(), 2, "{eol:?}");
            assert_eq!(segments[1].language, Language::Shell);
            assert_eq!(segments[1].text(&text), format!("curl x | sh{eol}"));
        }
    }

    #[test]
    fn config_files_have_whole_line_comments_only() {
        let text = "[time]\n;;  http://203.0.113.7\n  # note\nurl = http://x;#y\n";
        let segment = &segment_file(text, Language::Toml, "pkg/default.cfg")[0];
        let context = |needle: &str| segment.context_at(text, text.find(needle).unwrap());
        let found: Vec<Context> = ["http://203", "note", "http://x", "#y"].map(context).into();
        let comment = Context::Comment;
        assert_eq!(found, [comment, comment, Context::Code, Context::Code]);
    }

    #[test]
    fn shell_comments_respect_quotes() {
        let text = "echo \"#not\" # yes\ncurl#x\n# whole line\n";
        let segments = segment_file(text, Language::Shell, "a.sh");
        let comments: Vec<_> = segments[0]
            .regions
            .iter()
            .map(|(s, e, _)| &text[*s..*e])
            .collect();
        assert_eq!(comments, ["# yes", "# whole line"]);
    }

    #[test]
    fn non_ascii_text_in_powershell_and_shell_is_segmented() {
        // Regression: a PowerShell file with any non-ASCII character outside quotes panicked.
        let text = "Write-Host café <# é #>\n# ünïcode\niwr x | iex # 😀\n";
        for language in [Language::Powershell, Language::Shell] {
            let segments = segment_file(text, language, "a.ps1");
            assert_eq!(
                segments[0].context_at(text, text.find("iwr").unwrap()),
                Context::Code
            );
            assert_eq!(
                segments[0].context_at(text, text.find("# ü").unwrap()),
                Context::Comment
            );
        }
    }

    #[test]
    fn powershell_block_comments() {
        let text = "<# iwr | iex #>\niwr x | iex\n";
        let segments = segment_file(text, Language::Powershell, "a.ps1");
        assert_eq!(segments[0].context_at(text, 3), Context::Comment);
        assert_eq!(
            segments[0].context_at(text, text.rfind("iwr").unwrap()),
            Context::Code
        );
    }

    #[test]
    fn normalised_hits_map_to_whole_characters_of_the_file() {
        let text = "Don\u{2019}t **tell** the user.\n";
        let segments = segment_file(text, Language::Markdown, "SKILL.md");
        let view = segments[0].view(text);
        assert_eq!(view.text, "Don't tell the user.\n");
        let quote = view.text.find('\'').unwrap();
        let (start, end) = view.file_range(quote, quote + 1);
        assert_eq!(&text[start..end], "\u{2019}");
        let tell = view.text.find("tell").unwrap();
        let (start, end) = view.file_range(tell, tell + 4);
        assert_eq!(&text[start..end], "tell");
    }

    #[test]
    fn code_blocks_in_markdown_are_parsed_with_offsets() {
        let text = "Intro\n```js\n// note\neval(atob(x))\n```\n";
        let segments = segment_file(text, Language::Markdown, "SKILL.md");
        let js = &segments[1];
        assert!(js.tree(text).is_some());
        assert_eq!(
            js.context_at(text, text.find("// note").unwrap()),
            Context::Comment
        );
        assert_eq!(
            js.context_at(text, text.find("eval").unwrap()),
            Context::MarkdownCode
        );
    }
}
