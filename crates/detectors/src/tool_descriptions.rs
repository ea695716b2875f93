//! MCP and LLM tool descriptions declared in code are text for the agent, not for the program: the model
//! reads every listed tool's description (and each parameter's) and follows what it says, whether or not
//! the tool is ever called. This finds those strings — `server.tool(name, "…")`, `registerTool(name,
//! {description})`, zod `.describe("…")`, `@mcp.tool()` docstrings and `description=` keywords,
//! `Tool(description=…)`, tool objects with an `inputSchema`, JSON tool lists — and scans them again as an
//! agent entrypoint, so the rules and detectors for agent instructions read them as they read SKILL.md.
//!
//! The description is scanned inside a copy of the file in which every character outside a description is
//! a space (line ends kept), so each finding's line and column are already those of the real file.

use crate::compile::{CompiledRule, RuleSet};
use crate::fields::FieldChild;
use crate::scan::{snippet, FileScan, SourceFile};
use crate::segment::Segment;
use skill_scan_classify::json_tree::{parse_json, JsonNode, JsonValue};
use skill_scan_model::{ArtifactScope, FileKind, Language, LineIndex};
use std::collections::HashSet;
use tree_sitter::Node;

/// Nodes visited per file while looking for descriptions (a bundle has millions; tools sit in a few).
const MAX_NODES: usize = 400_000;
/// How deep a chain of joined strings (`"a" + "b" + …`) is split into its parts.
const MAX_JOIN_DEPTH: usize = 64;
/// Descriptions kept per file, and their total size.
const MAX_DESCRIPTIONS: usize = 2_000;
const MAX_DESCRIPTION_BYTES: usize = 1024 * 1024;

/// Words a file must hold before it is parsed for descriptions.
const CODE_MARKERS: &[&str] = &[
    "TextContent",
    "instructions:",
    "instructions=",
    ".tool(",
    "registerTool",
    "registerPrompt",
    ".prompt(",
    ".describe(",
    "inputSchema",
    "input_schema",
    "Tool(",
    "tool(",
    ".tool\n",
    "\"tools\"",
    "'tools'",
    "tools:",
];
const JSON_MARKERS: &[&str] = &["\"inputSchema\"", "\"input_schema\"", "\"tools\""];

/// Keys of an object that make it a tool declaration, whose `description`s (its own and its parameters')
/// the model reads.
const TOOL_OBJECT_KEYS: &[&str] = &["inputSchema", "input_schema"];

/// Keys whose list value is a list of tool declarations (`{"tools": [{"name": …, "description": …}]}`), as
/// an MCP `tools/list` answer or an LLM function list is written by hand.
const TOOL_LIST_KEYS: &[&str] = &["tools", "functions"];

/// Server classes whose `instructions` the client hands to the model.
const SERVER_CLASSES: &[&str] = &["McpServer", "Server", "FastMCP", "MCPServer"];

/// Methods that declare a tool or prompt: every string argument after the name is for the model.
const DECLARING_METHODS: &[&str] = &["tool", "registerTool", "prompt", "registerPrompt"];

/// A rescan the detector set runs after a file's rules (see `crate::passes`), as a method of the rule set
/// it scans with.
pub(crate) trait ScanToolDescriptions {
    fn scan_tool_descriptions(
        &self,
        file: &SourceFile,
        segments: Option<&[Segment]>,
        keep: &dyn Fn(&CompiledRule) -> bool,
        depth: usize,
        out: &mut FileScan,
    );
}

impl ScanToolDescriptions for RuleSet {
    /// Scans the tool descriptions declared in `file` as agent instructions and adds what they hold to
    /// `out`, located in the file itself. Hits already reported at the same place by the same rule are
    /// not repeated.
    fn scan_tool_descriptions(
        &self,
        file: &SourceFile,
        segments: Option<&[Segment]>,
        keep: &dyn Fn(&CompiledRule) -> bool,
        depth: usize,
        out: &mut FileScan,
    ) {
        // Already an agent entrypoint (an MCP bundle manifest): scanned as one.
        if file.scope == ArtifactScope::AgentEntrypoint {
            return;
        }
        let described = match segments {
            Some(segments) => code_description_spans(file, segments),
            None => Descriptions {
                spans: json_description_spans(file),
                substitutions: Vec::new(),
            },
        };
        if described.spans.is_empty() {
            return;
        }
        let masked = mask_outside(file.text, &described.spans, &described.substitutions);
        let doc = SourceFile {
            rel_path: file.rel_path,
            text: &masked,
            kind: FileKind::AgentInstructions,
            scope: ArtifactScope::AgentEntrypoint,
            language: Language::Markdown,
            role: file.role,
            import_entry: false,
        };
        let scan = self.scan_at_depth(&doc, keep, depth + 1);
        if scan.findings.is_empty() {
            return;
        }
        let lines = LineIndex::new(file.text);
        let known: HashSet<(String, usize, usize)> = out
            .findings
            .iter()
            .map(|f| (f.rule_id.clone(), f.line, f.column))
            .collect();
        let context_segment = segments.and_then(|s| s.first());
        for mut finding in scan.findings {
            if !described.substitutions.is_empty() {
                // A constant written into a description lengthens its line in the scanned copy: keep the
                // columns on the real line.
                finding.column = clamp_column(file.text, &lines, finding.line, finding.column);
                finding.end_column =
                    clamp_column(file.text, &lines, finding.end_line, finding.end_column);
            }
            if known.contains(&(finding.rule_id.clone(), finding.line, finding.column)) {
                continue;
            }
            let start = lines.offset_of(file.text, finding.line, finding.column);
            let end = lines
                .offset_of(file.text, finding.end_line, finding.end_column)
                .max(start);
            let (snippet, highlight) = snippet(file.text, &lines, start, end);
            finding.snippet = snippet;
            finding.snippet_highlight = highlight;
            finding.file_kind = file.kind;
            finding.language = file.language;
            if let Some(segment) = context_segment {
                finding.context = segment.context_at(file.text, start);
            }
            // The rescanned text is a tool description or a comment that speaks to the agent: say which.
            let place = if finding.context == skill_scan_model::Context::Comment {
                "in a code comment addressed to the agent"
            } else {
                "in a tool description"
            };
            finding.message = format!("{place}: {}", finding.message);
            out.findings.push(finding);
        }
        out.notes.extend(scan.notes);
    }
}

/// Whether a file of this kind and text may declare tool descriptions (cheap: no parse).
pub(crate) fn may_declare_tools(file: &SourceFile) -> bool {
    let markers = match file.kind {
        FileKind::Javascript | FileKind::Typescript | FileKind::Python => CODE_MARKERS,
        // A package manifest may declare its server's tools too (an `mcp` field of package.json).
        FileKind::Json | FileKind::McpConfig | FileKind::NpmManifest => JSON_MARKERS,
        _ => return false,
    };
    markers.iter().any(|m| file.text.contains(m))
        || markers == CODE_MARKERS
            && crate::agent_comments::MARKERS
                .iter()
                .any(|m| file.text.contains(m))
}

/// A column of `line` no further than one past its last character.
fn clamp_column(text: &str, lines: &LineIndex, line: usize, column: usize) -> usize {
    let (start, end) = lines.line_range(text, line.saturating_sub(1));
    let width = text.get(start..end).map_or(0, |l| l.chars().count());
    column.min(width + 1)
}

/// A copy of `text` where every character outside `spans` is a space and line ends stay, and each
/// substitution's range is replaced by its constant's text: lines are unchanged, and so are character
/// columns on every line without a substitution.
fn mask_outside(text: &str, spans: &[(usize, usize)], substitutions: &[Substitution]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut spans = spans.iter().peekable();
    let mut substitutions = substitutions.iter().peekable();
    let mut skip_to = 0usize;
    for (at, c) in text.char_indices() {
        if at < skip_to {
            // Inside a replaced substitution: only its line ends stay.
            if c == '\n' {
                out.push(c);
            }
            continue;
        }
        while substitutions.peek().is_some_and(|s| s.start < at) {
            substitutions.next();
        }
        if let Some(substitution) = substitutions.peek().filter(|s| s.start == at) {
            out.push_str(&substitution.value);
            skip_to = substitution.end;
            substitutions.next();
            if c == '\n' {
                out.push(c);
            }
            continue;
        }
        while spans.peek().is_some_and(|(_, end)| *end <= at) {
            spans.next();
        }
        let inside = spans
            .peek()
            .is_some_and(|(start, end)| *start <= at && at < *end);
        out.push(if inside || c == '\n' || c == '\r' {
            c
        } else {
            ' '
        });
    }
    out
}

/// A name inside a description (`${CREDS}`, `{CREDS}`, `"read " + CREDS`) that stands for a string
/// constant of the same file: the model reads the constant's text there.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Substitution {
    start: usize,
    end: usize,
    value: String,
}

/// The descriptions of a file: sorted, merged byte ranges, and the names in them that stand for constants.
#[derive(Debug, Default)]
struct Descriptions {
    spans: Vec<(usize, usize)>,
    substitutions: Vec<Substitution>,
}

/// Longest constant written into a description, and how many distinct constants are remembered per file.
const MAX_CONSTANT_BYTES: usize = 4096;
const MAX_CONSTANTS: usize = 4096;

/// Sorted, merged byte ranges of the descriptions in a JavaScript, TypeScript or Python file.
fn code_description_spans(file: &SourceFile, segments: &[Segment]) -> Descriptions {
    let Some(segment) = segments.first() else {
        return Descriptions::default();
    };
    let Some(tree) = segment.tree(file.text) else {
        return Descriptions::default();
    };
    let source = segment.text(file.text).as_bytes();
    let mut found = Found::default();
    let python = segment.language == Language::Python;
    let mut cursor = tree.walk();
    let mut visited = 0usize;
    let mut comments = Vec::new();
    // Pre-order walk without recursion.
    loop {
        let node = cursor.node();
        visited += 1;
        if node.kind() == "comment" {
            comments.push((node.start_byte(), node.end_byte()));
        }
        found.note_constant(node, source);
        if python {
            python_node(node, source, &mut found);
        } else {
            javascript_node(node, source, &mut found);
        }
        if visited >= MAX_NODES || found.full() {
            break;
        }
        if cursor.goto_first_child() || cursor.goto_next_sibling() {
            continue;
        }
        let mut done = true;
        while cursor.goto_parent() {
            if cursor.goto_next_sibling() {
                done = false;
                break;
            }
        }
        if done {
            break;
        }
    }
    let text = segment.text(file.text);
    for span in crate::agent_comments::agent_comment_spans(text, &comments) {
        found.add_range(span);
    }
    found.into_descriptions(source, segment.start)
}

/// Description spans found so far (segment-relative), within the caps.
#[derive(Default)]
struct Found {
    spans: Vec<(usize, usize)>,
    bytes: usize,
    /// Names inside descriptions: (range replaced, range of the name).
    names: Vec<((usize, usize), (usize, usize))>,
    /// String constants assigned once in the file (`None`: assigned more than once, so not known).
    constants: std::collections::HashMap<String, Option<String>>,
}

impl Found {
    /// `const NAME = "…"` / `NAME = "…"`: remembered, for descriptions that name it.
    fn note_constant(&mut self, node: Node, source: &[u8]) {
        let (name, value) = match node.kind() {
            "variable_declarator" => (node.field_child("name"), node.field_child("value")),
            "assignment" | "assignment_expression" => {
                (node.field_child("left"), node.field_child("right"))
            }
            _ => return,
        };
        let (Some(name), Some(value)) = (name, value) else {
            return;
        };
        if name.kind() != "identifier" {
            return;
        }
        let plain = {
            let mut cursor = value.walk();
            let interpolated = value
                .named_children(&mut cursor)
                .any(|c| matches!(c.kind(), "template_substitution" | "interpolation"));
            !interpolated
        };
        let literal = matches!(value.kind(), "string" | "template_string");
        let text = node_text(value, source);
        // Anything but one plain literal makes the name unknown (`None`).
        let inner = string_inner(value, source)
            .filter(|_| literal && plain && text.len() <= MAX_CONSTANT_BYTES);
        let name = node_text(name, source).to_string();
        if self.constants.len() >= MAX_CONSTANTS && !self.constants.contains_key(&name) {
            return;
        }
        let entry = self.constants.entry(name).or_insert_with(|| inner.clone());
        if *entry != inner {
            *entry = None;
        }
    }

    /// The names in a template or f-string (`${NAME}`, `{NAME}`) that may stand for constants.
    fn note_interpolated_names(&mut self, node: Node) {
        let mut cursor = node.walk();
        for part in node.named_children(&mut cursor) {
            let name = match part.kind() {
                "template_substitution" => part.named_child(0),
                "interpolation" => part.field_child("expression"),
                _ => None,
            };
            if let Some(name) = name.filter(|n| n.kind() == "identifier") {
                self.names.push((
                    (part.start_byte(), part.end_byte()),
                    (name.start_byte(), name.end_byte()),
                ));
            }
        }
    }

    /// A string literal is added without its delimiters: a quote mark in front of the text would make
    /// the whole description read as a phrase being quoted, not said.
    fn add(&mut self, node: Node) {
        self.add_at(node, 0);
    }

    fn add_at(&mut self, node: Node, depth: usize) {
        // Implicitly joined strings (`"a " "b"`) and `"a " + "b"`: each part without its quotes.
        const JOINED: &[&str] = &["concatenated_string", "binary_expression"];
        if JOINED.contains(&node.kind()) && depth < MAX_JOIN_DEPTH {
            let mut cursor = node.walk();
            let parts: Vec<Node> = node
                .named_children(&mut cursor)
                .filter(|n| {
                    matches!(n.kind(), "string" | "template_string" | "identifier")
                        || JOINED.contains(&n.kind())
                })
                .collect();
            if parts.iter().any(|p| p.kind() != "identifier") {
                for part in parts {
                    if part.kind() == "identifier" {
                        // `"read " + CREDS`: the name's own range is what a constant replaces.
                        let range = (part.start_byte(), part.end_byte());
                        self.names.push((range, range));
                        self.add_range(range);
                    } else {
                        self.add_at(part, depth + 1);
                    }
                }
                return;
            }
        }
        self.note_interpolated_names(node);
        let delimiter =
            |n: &Node| matches!(n.kind(), "\"" | "'" | "`" | "string_start" | "string_end");
        let (start, end) = match (
            node.child(0).filter(delimiter),
            node.child(node.child_count().saturating_sub(1))
                .filter(delimiter),
        ) {
            (Some(open), Some(close)) if node.child_count() >= 2 => {
                (open.end_byte(), close.start_byte())
            }
            _ => (node.start_byte(), node.end_byte()),
        };
        self.add_range((start, end.max(start)));
    }

    fn add_range(&mut self, (start, end): (usize, usize)) {
        if !self.full() {
            self.bytes += end - start;
            self.spans.push((start, end));
        }
    }

    fn full(&self) -> bool {
        self.spans.len() >= MAX_DESCRIPTIONS || self.bytes >= MAX_DESCRIPTION_BYTES
    }

    fn into_descriptions(self, source: &[u8], base: usize) -> Descriptions {
        let mut substitutions: Vec<Substitution> = self
            .names
            .iter()
            .filter_map(|&((start, end), (name_start, name_end))| {
                let name = std::str::from_utf8(&source[name_start..name_end]).ok()?;
                let value = self.constants.get(name)?.as_ref()?;
                Some(Substitution {
                    start: start + base,
                    end: end + base,
                    // One line: the constant must not move the lines after it.
                    value: value.replace(['\n', '\r'], " "),
                })
            })
            .collect();
        substitutions.sort_unstable_by_key(|s| s.start);
        substitutions.dedup_by_key(|s| s.start);
        Descriptions {
            spans: self.into_spans(base),
            substitutions,
        }
    }

    fn into_spans(mut self, base: usize) -> Vec<(usize, usize)> {
        self.spans.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for (start, end) in self.spans {
            match merged.last_mut() {
                Some(last) if start <= last.1 => last.1 = last.1.max(end),
                _ => merged.push((start, end)),
            }
        }
        merged
            .into_iter()
            .map(|(s, e)| (s + base, e + base))
            .collect()
    }
}

fn node_text<'s>(node: Node, source: &'s [u8]) -> &'s str {
    std::str::from_utf8(&source[node.start_byte()..node.end_byte()]).unwrap_or("")
}

/// The text of a string literal between its quotes (prefixes such as `r`/`f` and triple quotes too).
fn string_inner(node: Node, source: &[u8]) -> Option<String> {
    let text = node_text(node, source);
    let body = text.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    for quote in ["\"\"\"", "'''", "\"", "'", "`"] {
        if let Some(inner) = body
            .strip_prefix(quote)
            .and_then(|rest| rest.strip_suffix(quote))
        {
            return Some(inner.to_string());
        }
    }
    None
}

/// A string literal, a template, or strings joined with `+` (a name among them stands for a constant).
fn is_js_string(node: Node) -> bool {
    match node.kind() {
        "string" | "template_string" => true,
        "binary_expression" | "parenthesized_expression" => {
            let mut cursor = node.walk();
            let children: Vec<Node> = node.named_children(&mut cursor).collect();
            children.iter().any(|c| is_js_string(*c))
                && children
                    .into_iter()
                    .all(|c| c.kind() == "identifier" || is_js_string(c))
        }
        _ => false,
    }
}

/// The name of a property key (`description`, `"description"`, `'description'`).
fn js_key<'s>(pair: Node, source: &'s [u8]) -> Option<&'s str> {
    let key = pair.field_child("key")?;
    Some(node_text(key, source).trim_matches(|c| c == '"' || c == '\'' || c == '`'))
}

fn javascript_node(node: Node, source: &[u8], found: &mut Found) {
    match node.kind() {
        "call_expression" => {
            let (Some(function), Some(arguments)) =
                (node.field_child("function"), node.field_child("arguments"))
            else {
                return;
            };
            let name = match function.kind() {
                "member_expression" => function
                    .field_child("property")
                    .map(|p| node_text(p, source)),
                "identifier" => Some(node_text(function, source)),
                _ => None,
            };
            let mut cursor = arguments.walk();
            let args: Vec<Node> = arguments.named_children(&mut cursor).collect();
            match name {
                // zod: `z.string().describe("…")`, read by the model as the parameter's description. A
                // chained call only: `test.describe("suite", …)` names a test suite.
                Some("describe")
                    if function.kind() == "member_expression"
                        && function
                            .field_child("object")
                            .is_some_and(|o| o.kind() == "call_expression") =>
                {
                    if let Some(first) = args.first().filter(|a| is_js_string(**a)) {
                        found.add(*first);
                    }
                }
                // `server.tool(name, "description", …)`; `tool({description, parameters})` (AI SDK). A
                // bare `prompt(…)` is a CLI question, not a declared prompt.
                Some(method)
                    if (function.kind() == "member_expression"
                        && DECLARING_METHODS.contains(&method))
                        || method == "tool" =>
                {
                    let skip = usize::from(function.kind() == "member_expression");
                    for arg in args.iter().skip(skip) {
                        if is_js_string(*arg) {
                            found.add(*arg);
                        } else if arg.kind() == "object" {
                            js_descriptions_in(*arg, source, found, 0);
                        }
                    }
                }
                _ => {}
            }
        }
        // `new McpServer(info, { instructions: "…" })`: the server's instructions reach the model too.
        "new_expression" => {
            let named_server = node
                .field_child("constructor")
                .is_some_and(|c| SERVER_CLASSES.contains(&node_text(c, source)));
            let Some(arguments) = node.field_child("arguments") else {
                return;
            };
            if !named_server {
                return;
            }
            let mut cursor = arguments.walk();
            for object in arguments
                .named_children(&mut cursor)
                .filter(|a| a.kind() == "object")
            {
                let mut pairs = object.walk();
                for pair in object.named_children(&mut pairs) {
                    let value = pair.field_child("value");
                    if pair.kind() == "pair" && js_key(pair, source) == Some("instructions") {
                        if let Some(value) = value.filter(|v| is_js_string(*v)) {
                            found.add(value);
                        }
                    }
                }
            }
        }
        // `tools: [{ name, description }]`: each element is a tool the model reads.
        "pair" if js_key(node, source).is_some_and(|k| TOOL_LIST_KEYS.contains(&k)) => {
            let Some(list) = node.field_child("value").filter(|v| v.kind() == "array") else {
                return;
            };
            let mut cursor = list.walk();
            for element in list.named_children(&mut cursor) {
                if element.kind() == "object" && declares_named_tool(element, source, js_key) {
                    js_descriptions_in(element, source, found, 0);
                }
            }
        }
        "object" => {
            let mut cursor = node.walk();
            let tool_object = node.named_children(&mut cursor).any(|pair| {
                pair.kind() == "pair"
                    && js_key(pair, source).is_some_and(|k| TOOL_OBJECT_KEYS.contains(&k))
            });
            if tool_object {
                js_descriptions_in(node, source, found, 0);
            } else if let Some(text) = js_text_content(node, source) {
                found.add(text);
            }
        }
        _ => {}
    }
}

/// The literal `text` of a `{ type: "text", text: "…" }` content item: what a tool call returns to the
/// model, which reads it as it reads a description (instructions planted in a tool's result).
fn js_text_content<'t>(object: Node<'t>, source: &[u8]) -> Option<Node<'t>> {
    let mut cursor = object.walk();
    let mut text_typed = false;
    let mut text = None;
    for pair in object.named_children(&mut cursor) {
        let Some(value) = pair.field_child("value") else {
            continue;
        };
        match js_key(pair, source) {
            Some("type") => {
                text_typed = is_js_string(value)
                    && node_text(value, source).trim_matches(['"', '\'', '`']) == "text";
            }
            Some("text") if is_js_string(value) => text = Some(value),
            _ => {}
        }
    }
    text.filter(|_| text_typed)
}

/// Every `description: "…"` (and `title`) string pair in an object, at any depth (parameters' too).
fn js_descriptions_in(object: Node, source: &[u8], found: &mut Found, depth: usize) {
    if depth > 16 {
        return;
    }
    let mut cursor = object.walk();
    for pair in object.named_children(&mut cursor) {
        if pair.kind() != "pair" {
            continue;
        }
        let Some(value) = pair.field_child("value") else {
            continue;
        };
        if js_key(pair, source) == Some("description") && is_js_string(value) {
            found.add(value);
        } else if value.kind() == "object" {
            js_descriptions_in(value, source, found, depth + 1);
        }
    }
}

/// A string, implicitly joined strings, or either in parentheses (`("a " "b")`).
fn is_py_string(node: Node) -> bool {
    match node.kind() {
        "string" | "concatenated_string" => true,
        "parenthesized_expression" => {
            node.named_child_count() == 1 && node.named_child(0).is_some_and(is_py_string)
        }
        _ => false,
    }
}

/// The key of a Python dictionary pair, unquoted.
fn py_key<'s>(pair: Node, source: &'s [u8]) -> Option<&'s str> {
    let key = pair.field_child("key")?;
    Some(node_text(key, source).trim_matches(|c| c == '"' || c == '\''))
}

/// Whether an object or dictionary element of a tool list declares a tool: it has a `name` (or a nested
/// `function`) and a `description` somewhere.
fn declares_named_tool<'s>(
    element: Node,
    source: &'s [u8],
    key: fn(Node, &'s [u8]) -> Option<&'s str>,
) -> bool {
    let mut cursor = element.walk();
    let keys: Vec<&str> = element
        .named_children(&mut cursor)
        .filter(|p| p.kind() == "pair")
        .filter_map(|p| key(p, source))
        .collect();
    keys.contains(&"function") || keys.contains(&"name") && keys.contains(&"description")
}

/// The last name of a callee or decorator: `mcp.tool` → `tool`, `Tool` → `Tool`.
fn py_last_name<'s>(node: Node, source: &'s [u8]) -> Option<&'s str> {
    let node = if node.kind() == "call" {
        node.field_child("function")?
    } else {
        node
    };
    match node.kind() {
        "identifier" => Some(node_text(node, source)),
        "attribute" => node.field_child("attribute").map(|a| node_text(a, source)),
        _ => None,
    }
}

/// Nodes looked at per tool body for the strings it returns.
const MAX_BODY_NODES: usize = 4_000;

/// The string literals of a tool's `return` statements (an error text, a page with a suffix): the model
/// reads a tool's result as it reads its description. Nested functions are not the tool's result.
fn py_returned_strings(body: Node, found: &mut Found) {
    let mut stack = vec![(body, false)];
    let mut seen = 0usize;
    while let Some((node, in_return)) = stack.pop() {
        seen += 1;
        if seen > MAX_BODY_NODES || found.full() {
            return;
        }
        if in_return && node.kind() == "string" {
            found.add(node);
            continue;
        }
        if matches!(
            node.kind(),
            "function_definition" | "class_definition" | "lambda"
        ) {
            continue;
        }
        let in_return = in_return || node.kind() == "return_statement";
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            stack.push((child, in_return));
        }
    }
}

fn python_node(node: Node, source: &[u8], found: &mut Found) {
    match node.kind() {
        "decorated_definition" => {
            let mut cursor = node.walk();
            let declares_tool = node.named_children(&mut cursor).any(|child| {
                child.kind() == "decorator"
                    && child.named_child(0).is_some_and(|expr| {
                        py_last_name(expr, source).is_some_and(|n| n == "tool" || n == "prompt")
                    })
            });
            if !declares_tool {
                return;
            }
            let mut cursor = node.walk();
            for child in node.named_children(&mut cursor) {
                if child.kind() == "decorator" {
                    py_keyword_descriptions(child, source, found, 0);
                }
            }
            let Some(function) = node.field_child("definition") else {
                return;
            };
            if let Some(parameters) = function.field_child("parameters") {
                // `Annotated[str, Field(description="…")]`
                py_keyword_descriptions(parameters, source, found, 0);
            }
            let docstring = function
                .field_child("body")
                .and_then(|body| body.named_child(0))
                .filter(|first| first.kind() == "expression_statement")
                .and_then(|first| first.named_child(0))
                .filter(|expr| is_py_string(*expr));
            if let Some(docstring) = docstring {
                found.add(docstring);
            }
            if let Some(body) = function.field_child("body") {
                py_returned_strings(body, found);
            }
        }
        // `class Request(BaseModel): auth: str = Field(description="…")`: a pydantic model a tool takes
        // as its argument; the model reads its fields' descriptions in the tool's input schema.
        "class_definition"
            if node
                .field_child("superclasses")
                .is_some_and(|s| node_text(s, source).contains("BaseModel")) =>
        {
            if let Some(body) = node.field_child("body") {
                py_keyword_descriptions(body, source, found, 0);
            }
        }
        // `TextContent(type="text", text="…")`: a tool's result, read by the model like a description.
        "call" if py_last_name(node, source) == Some("TextContent") => {
            py_string_keyword(node, "text", source, found);
        }
        // `types.Tool(name=…, description=…, inputSchema={…})`
        "call" if py_last_name(node, source) == Some("Tool") => {
            py_keyword_descriptions(node, source, found, 0);
        }
        // `FastMCP("name", instructions="…")`
        "call" if py_last_name(node, source).is_some_and(|n| SERVER_CLASSES.contains(&n)) => {
            py_string_keyword(node, "instructions", source, found);
        }
        // `{"tools": [{"name": …, "description": …}]}`
        "pair" if py_key(node, source).is_some_and(|k| TOOL_LIST_KEYS.contains(&k)) => {
            let Some(list) = node.field_child("value").filter(|v| v.kind() == "list") else {
                return;
            };
            let mut cursor = list.walk();
            for element in list.named_children(&mut cursor) {
                if element.kind() == "dictionary" && declares_named_tool(element, source, py_key) {
                    py_keyword_descriptions(element, source, found, 0);
                }
            }
        }
        "dictionary" => {
            let mut cursor = node.walk();
            let tool_dict = node.named_children(&mut cursor).any(|pair| {
                pair.kind() == "pair"
                    && pair.field_child("key").is_some_and(|k| {
                        let key = node_text(k, source).trim_matches(|c| c == '"' || c == '\'');
                        TOOL_OBJECT_KEYS.contains(&key)
                    })
            });
            if tool_dict {
                py_keyword_descriptions(node, source, found, 0);
            }
        }
        _ => {}
    }
}

/// The string literal given to call `node` as keyword argument `name` (`text="…"`, `instructions="…"`).
fn py_string_keyword(node: Node, name: &str, source: &[u8], found: &mut Found) {
    let Some(arguments) = node.field_child("arguments") else {
        return;
    };
    let mut cursor = arguments.walk();
    for keyword in arguments.named_children(&mut cursor) {
        let named = keyword.kind() == "keyword_argument"
            && keyword
                .field_child("name")
                .is_some_and(|n| node_text(n, source) == name);
        if let Some(value) = keyword
            .field_child("value")
            .filter(|v| named && is_py_string(*v))
        {
            found.add(value);
        }
    }
}

/// Every `description="…"` keyword and `"description": "…"` dictionary entry under `node`.
fn py_keyword_descriptions(node: Node, source: &[u8], found: &mut Found, depth: usize) {
    if depth > 24 || found.full() {
        return;
    }
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        let described = match child.kind() {
            "keyword_argument" => child
                .field_child("name")
                .is_some_and(|n| node_text(n, source) == "description")
                .then(|| child.field_child("value"))
                .flatten(),
            "pair" => child
                .field_child("key")
                .is_some_and(|k| {
                    node_text(k, source).trim_matches(|c| c == '"' || c == '\'') == "description"
                })
                .then(|| child.field_child("value"))
                .flatten(),
            _ => None,
        };
        match described {
            Some(value) if is_py_string(value) => found.add(value),
            _ => py_keyword_descriptions(child, source, found, depth + 1),
        }
    }
}

/// Description strings of tool objects (those with an `inputSchema`) in a JSON document.
fn json_description_spans(file: &SourceFile) -> Vec<(usize, usize)> {
    let Ok(root) = parse_json(file.text) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    // Iterative: `(node, inside a tool object)`.
    let mut stack: Vec<(&JsonNode, bool)> = vec![(&root, false)];
    let mut steps = 0usize;
    while let Some((node, in_tool)) = stack.pop() {
        steps += 1;
        if steps > MAX_NODES || found.len() >= MAX_DESCRIPTIONS {
            break;
        }
        match &node.value {
            JsonValue::Object(members) => {
                let tool = in_tool
                    || members
                        .iter()
                        .any(|m| TOOL_OBJECT_KEYS.contains(&m.key.as_str()));
                for member in members {
                    if tool && member.key == "description" && member.value.as_str().is_some() {
                        found.push(member.value.span);
                    } else if TOOL_LIST_KEYS.contains(&member.key.as_str()) {
                        // `"tools": [{"name": …, "description": …}]` without a schema: each named entry
                        // with a description is a tool the model is shown.
                        match &member.value.value {
                            JsonValue::Array(items) => stack.extend(
                                items
                                    .iter()
                                    .map(|item| (item, tool || is_named_entry(item))),
                            ),
                            _ => stack.push((&member.value, tool)),
                        }
                    } else {
                        stack.push((&member.value, tool));
                    }
                }
            }
            JsonValue::Array(items) => stack.extend(items.iter().map(|item| (item, in_tool))),
            JsonValue::String(_) | JsonValue::Scalar(_) => {}
        }
    }
    found.sort_unstable();
    found.dedup();
    found
}

/// An object with a string `name` and a string `description`: an entry of a tool list.
fn is_named_entry(node: &JsonNode) -> bool {
    let JsonValue::Object(members) = &node.value else {
        return false;
    };
    let has = |key: &str| {
        members
            .iter()
            .any(|m| m.key == key && m.value.as_str().is_some())
    };
    has("name") && has("description")
}

#[cfg(test)]
#[path = "tool_descriptions_tests.rs"]
mod tests;
