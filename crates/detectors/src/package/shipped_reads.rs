//! A file shipped in the package and read by a path the scan can resolve is a constant. A script that
//! runs without the user asking (an install script, `setup.py`, an import entry, a skill's script) and
//! reads such a file into a code sink (`module._compile(xor(fs.readFileSync(path.join(__dirname,
//! 'x.bin'))))`, `exec(unpack(open(os.path.join(os.path.dirname(__file__), 'blob.dat')).read()))`) is
//! scanned again with each read written as a string literal of the file's text, so the evaluator and the
//! decoders see the payload as if it were inline; what only that scan finds is reported in the reader,
//! with the shipped file as a related location. A finding that starts inside the literal is the file's
//! own text, already scanned where it lies, and is dropped. A shipped file a script hands to an AI CLI
//! (`claude -p "$(cat prompt.txt)"`) is that CLI's instruction: it is scanned as agent instructions.
//!
//! The reads themselves are found per file by `crate::shipped_reads`. Bounded: [`MAX_READERS`] scripts
//! per package, each shipped file at most [`MAX_SHIPPED_BYTES`].

use super::cross_file_constants::{is_entry_code, read_text};
use super::PackageView;
use crate::shipped_reads::{read_reaches_sink, shipped_reads, ShippedRead};
use rayon::prelude::*;
use regex::Regex;
use skill_scan_classify::json_tree::{parse_json, JsonNode};
use skill_scan_classify::npm_variables::package_variable;
use skill_scan_classify::{classify_file, language_of};
use skill_scan_model::{FileKind, Finding, Language, LineHashes, LineIndex, RelatedLocation};
use skill_scan_rules::{RuleSet, ScanLimits, SourceFile};
use skill_scan_walk::FileEntry;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::LazyLock;

/// Scripts read for shipped-file reads, per package.
const MAX_READERS: usize = 16;
/// A shipped file larger than this is not inlined (a bundle or a data set, not a hidden payload).
const MAX_SHIPPED_BYTES: usize = 64 * 1024;
/// Manifest variables inlined per script.
const MAX_VARIABLES: usize = 32;

/// Findings that only the readers' rescans with their shipped files inlined make, and those of the
/// prompt files handed to AI CLIs, with the line hashes of the lines they start on.
pub fn scan_with_shipped_reads(
    rules: &RuleSet,
    files: &[FileEntry],
    package: &PackageView,
    known: &[Finding],
    max_file_size: u64,
    limits: &ScanLimits,
) -> (Vec<Finding>, LineHashes) {
    let readers: Vec<&FileEntry> = files
        .iter()
        .filter(|f| is_reader(package, &f.rel_path))
        .take(MAX_READERS)
        .collect();
    if readers.is_empty() {
        return (Vec::new(), LineHashes::default());
    }
    let by_path: HashMap<&str, &FileEntry> =
        files.iter().map(|f| (f.rel_path.as_str(), f)).collect();
    let seen: HashSet<(&str, &str, usize)> = known
        .iter()
        .map(|f| (f.path.as_str(), f.rule_id.as_str(), f.line))
        .collect();
    // npm hands a script's processes the manifest as `npm_package_…` variables.
    let manifest = by_path
        .get("package.json")
        .and_then(|e| read_text(e, max_file_size))
        .and_then(|t| parse_json(&t).ok());
    let found: Vec<(Vec<Finding>, LineHashes)> = readers
        .into_par_iter()
        .map(|entry| {
            let path = entry.rel_path.as_str();
            let Some(text) = read_text(entry, max_file_size) else {
                return (Vec::new(), LineHashes::default());
            };
            // The language by the name first: most scripts read nothing of the package and are not classified.
            let Some(language) = script_language(path) else {
                return (Vec::new(), LineHashes::default());
            };
            let reads = shipped_reads(&text, language);
            let javascript = matches!(language, Language::Javascript | Language::Typescript);
            let variables = match &manifest {
                Some(manifest) if javascript => manifest_variables(&text, manifest),
                _ => Vec::new(),
            };
            if reads.reads.is_empty() && variables.is_empty() {
                return (Vec::new(), LineHashes::default());
            }
            // Each read with the shipped file it names and that file's text.
            let shipped: Vec<(&ShippedRead, String, String)> = reads
                .reads
                .iter()
                .filter_map(|read| {
                    let target = resolve(path, read, |p| by_path.contains_key(p))?;
                    let content = by_path
                        .get(target.as_str())
                        .and_then(|e| read_text(e, max_file_size))
                        .filter(|t| t.len() <= MAX_SHIPPED_BYTES)?;
                    Some((read, target, content))
                })
                .collect();
            let python = language == Language::Python;
            let mut inlines = variables;
            if reads.runs_code && (python || javascript) {
                inlines.extend(
                    shipped
                        .iter()
                        .filter(|(r, _, _)| r.end > r.start)
                        .filter(|(r, _, _)| read_reaches_sink(&text, r, language))
                        .filter_map(|(read, target, content)| {
                            Some(Inline {
                                start: read.start,
                                end: read.end,
                                literal: literal(content, python, read.bytes)?,
                                source: target.clone(),
                            })
                        }),
                );
            }
            let mut findings = Vec::new();
            let mut hashes = LineHashes::default();
            if !inlines.is_empty() {
                let kind = classify_file(path, &text);
                let language = language_of(kind, path);
                let found =
                    rescan_inlined(rules, package, path, &text, kind, language, inlines, limits);
                hashes.add(path, &text, found.iter().map(|f| f.line));
                findings.extend(found);
            }
            if reads.prompts_ai_cli {
                let lines = LineIndex::new(&text);
                let mut done = BTreeSet::new();
                for (read, target, content) in &shipped {
                    if !done.insert(target.as_str()) {
                        continue;
                    }
                    let line = lines.position(&text, read.start).0;
                    let found = scan_prompt(rules, package, path, line, target, content, limits);
                    hashes.add(target, content, found.iter().map(|f| f.line));
                    findings.extend(found);
                }
            }
            findings.retain(|f| !seen.contains(&(f.path.as_str(), f.rule_id.as_str(), f.line)));
            (findings, hashes)
        })
        .collect();
    super::gather_rescans(found)
}

/// A span of the reader written as a literal of what it reads: a shipped file's text, a manifest value.
struct Inline {
    start: usize,
    end: usize,
    literal: String,
    /// The package file the value comes from.
    source: String,
}

/// `process.env.npm_package_config_url` (or `process.env['npm_package_…']`) with the manifest's scalar.
fn manifest_variables(text: &str, manifest: &JsonNode) -> Vec<Inline> {
    static VARIABLE: LazyLock<Regex> = LazyLock::new(|| {
        #[allow(clippy::expect_used)] // constant pattern
        Regex::new(r#"\bprocess\s*\.\s*env\s*(?:\.\s*(npm_package_\w+)|\[\s*["'`](npm_package_\w+)["'`]\s*\])"#)
            .expect("package variable pattern")
    });
    if !text.contains("npm_package_") {
        return Vec::new();
    }
    VARIABLE
        .captures_iter(text)
        .take(MAX_VARIABLES)
        .filter_map(|c| {
            let whole = c.get(0)?;
            let name = c.get(1).or_else(|| c.get(2))?.as_str();
            let value = package_variable(manifest, name)?;
            Some(Inline {
                start: whole.start(),
                end: whole.end(),
                literal: literal(value, false, false)?,
                source: "package.json".to_string(),
            })
        })
        .collect()
}

/// The language a script's name says.
fn script_language(path: &str) -> Option<Language> {
    let ext = path.rsplit_once('.')?.1;
    match ext {
        "py" => Some(Language::Python),
        "js" | "cjs" | "mjs" => Some(Language::Javascript),
        "ts" => Some(Language::Typescript),
        "sh" => Some(Language::Shell),
        _ => None,
    }
}

/// Scripts that run without the user asking, and any script of a skill (the agent runs what it says).
fn is_reader(package: &PackageView, path: &str) -> bool {
    let script = [".py", ".js", ".cjs", ".mjs", ".ts", ".sh"]
        .iter()
        .any(|ext| path.ends_with(ext));
    script && (is_entry_code(package, path) || package.paths.contains("SKILL.md"))
}

/// `reader` rescanned with each inline written in place; the findings that start outside the literals.
#[allow(clippy::too_many_arguments)]
fn rescan_inlined(
    rules: &RuleSet,
    package: &PackageView,
    path: &str,
    text: &str,
    kind: FileKind,
    language: Language,
    mut inlines: Vec<Inline>,
    limits: &ScanLimits,
) -> Vec<Finding> {
    inlines.sort_by_key(|i| i.start);
    let mut rewritten = String::with_capacity(text.len());
    let mut literals: Vec<(usize, usize)> = Vec::new();
    let mut sources: Vec<(String, usize)> = Vec::new();
    let reader_lines = LineIndex::new(text);
    let mut at = 0;
    for inline in &inlines {
        if inline.start < at || inline.end > text.len() {
            continue;
        }
        rewritten.push_str(&text[at..inline.start]);
        let start = rewritten.len();
        rewritten.push_str(&inline.literal);
        literals.push((start, rewritten.len()));
        // Lines stay where they were: the span's own line breaks follow its literal.
        let breaks = text[inline.start..inline.end].matches('\n').count();
        rewritten.push_str(&"\n".repeat(breaks));
        at = inline.end;
        let line = reader_lines.position(text, inline.start).0;
        if !sources.iter().any(|(s, _)| *s == inline.source) {
            sources.push((inline.source.clone(), line));
        }
    }
    if literals.is_empty() {
        return Vec::new();
    }
    rewritten.push_str(&text[at..]);
    let sighting = package.sighting(path, kind);
    let file = SourceFile {
        rel_path: path,
        text: &rewritten,
        kind,
        scope: sighting.scope,
        language,
        role: sighting.role,
        import_entry: package.is_import_entry(path),
    };
    let lines = LineIndex::new(&rewritten);
    let mut findings = rules.scan_within(&file, limits).findings;
    findings.retain(|f| {
        let at = lines.offset_of(&rewritten, f.line, f.column);
        !literals.iter().any(|(s, e)| (*s..*e).contains(&at))
    });
    let names: Vec<&str> = sources.iter().map(|(s, _)| s.as_str()).collect();
    for finding in &mut findings {
        finding.message = format!(
            "with what it reads from the package ({}): {}",
            names.join(", "),
            finding.message
        );
        for (source, line) in &sources {
            finding.related.push(RelatedLocation {
                path: source.clone(),
                line: 1,
                column: 1,
                message: format!("shipped in the package and read by {path}:{line}"),
            });
        }
    }
    findings
}

/// A shipped file handed to an AI CLI, scanned as the instructions it is.
fn scan_prompt(
    rules: &RuleSet,
    package: &PackageView,
    reader: &str,
    line: usize,
    target: &str,
    content: &str,
    limits: &ScanLimits,
) -> Vec<Finding> {
    let kind = FileKind::AgentInstructions;
    let sighting = package.sighting(target, kind);
    let file = SourceFile {
        rel_path: target,
        text: content,
        kind,
        scope: sighting.scope,
        language: Language::Markdown,
        role: sighting.role,
        import_entry: false,
    };
    let mut findings = rules.scan_within(&file, limits).findings;
    for finding in &mut findings {
        finding.message = format!(
            "the prompt {reader}:{line} gives an AI CLI: {}",
            finding.message
        );
        finding.related.push(RelatedLocation {
            path: reader.to_string(),
            line,
            column: 1,
            message: format!("hands {target} to an AI CLI as its prompt"),
        });
    }
    findings
}

/// The text of a shipped file as a string literal of the reader's language; `None` for bytes that are
/// not ASCII.
fn literal(content: &str, python: bool, bytes: bool) -> Option<String> {
    if bytes && !content.is_ascii() {
        return None;
    }
    let mut out = String::with_capacity(content.len() + 8);
    if python && bytes {
        out.push('b');
    }
    out.push('"');
    for c in content.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' if !python => out.push_str("\\$"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                if python {
                    out.push_str(&format!("\\x{:02x}", c as u32 & 0xff));
                } else {
                    out.push_str(&format!("\\u{:04x}", c as u32));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    Some(out)
}

/// The package file a read names: beside the reader (or its folders up to the root, for `.parent.parent`),
/// or from the root; never the reader itself, never outside the package.
fn resolve(reader: &str, read: &ShippedRead, exists: impl Fn(&str) -> bool) -> Option<String> {
    if read.path.starts_with('/') {
        return None;
    }
    let mut folders: Vec<&str> = Vec::new();
    let mut folder = reader.rsplit_once('/').map_or("", |(dir, _)| dir);
    loop {
        folders.push(folder);
        if folder.is_empty() {
            break;
        }
        folder = folder.rsplit_once('/').map_or("", |(dir, _)| dir);
    }
    if !read.beside_loader {
        // A working-folder path: the root, where the installer runs, first.
        folders.reverse();
    }
    folders
        .into_iter()
        .filter_map(|f| {
            super::loaded_files::normalise(format!("{f}/{}", read.path).trim_start_matches('/'))
        })
        .find(|p| p != reader && exists(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(path: &str, beside: bool) -> ShippedRead {
        ShippedRead {
            path: path.to_string(),
            beside_loader: beside,
            start: 0,
            end: 0,
            bytes: false,
        }
    }

    #[test]
    fn reads_resolve_beside_the_reader_then_up_its_folders() {
        let files = [
            "scripts/task.txt",
            "prompts/inv.txt",
            "blob.dat",
            "lib/x.js",
        ];
        let exists = |p: &str| files.contains(&p);
        assert_eq!(
            resolve("scripts/run.sh", &read("task.txt", true), exists).as_deref(),
            Some("scripts/task.txt")
        );
        // `Path(__file__).parent.parent / 'prompts' / …` from scripts/.
        assert_eq!(
            resolve("scripts/index.py", &read("prompts/inv.txt", true), exists).as_deref(),
            Some("prompts/inv.txt")
        );
        assert_eq!(
            resolve("setup.py", &read("./blob.dat", false), exists).as_deref(),
            Some("blob.dat")
        );
        assert_eq!(resolve("lib/x.js", &read("x.js", true), exists), None);
        assert_eq!(
            resolve("lib/x.js", &read("../../etc/passwd", true), exists),
            None
        );
        assert_eq!(
            resolve("lib/x.js", &read("/etc/passwd", false), exists),
            None
        );
    }

    #[test]
    fn literals_escape_what_would_end_or_bend_them() {
        assert_eq!(
            literal("a\"b\\c\n${x}", false, false).as_deref(),
            Some("\"a\\\"b\\\\c\\n\\${x}\"")
        );
        assert_eq!(literal("k\x01", true, true).as_deref(), Some("b\"k\\x01\""));
        assert_eq!(literal("é", true, true), None);
        assert_eq!(literal("é", true, false).as_deref(), Some("\"é\""));
    }
}
